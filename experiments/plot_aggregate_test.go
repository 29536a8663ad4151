package experiments

import (
	"bytes"
	"image/color"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
)

// tableSeries is the series of tableStore's runs, in the order written.
func tableSeries(t *testing.T) []Series {
	t.Helper()
	s, ids := tableStore(t)
	var series []Series
	for _, id := range ids {
		sr, err := s.Series(id)
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, sr)
	}
	return series
}

func TestPalette(t *testing.T) {
	for _, n := range []int{1, 7, 8, 10, 11, 24} {
		colors := palette(n)
		if len(colors) != n {
			t.Fatalf("palette(%d) has %d colours", n, len(colors))
		}
		seen := map[color.RGBA]bool{}
		for _, c := range colors {
			r, g, b, a := c.RGBA()
			rgba := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
			if seen[rgba] {
				t.Errorf("palette(%d) repeats %v", n, rgba)
			}
			seen[rgba] = true
		}
	}
	// Up to seven runs keep the colours plots always had.
	if !reflect.DeepEqual(palette(3), []color.Color{plotutil.Color(0), plotutil.Color(1), plotutil.Color(2)}) {
		t.Error("palette(3) is not plotutil's")
	}
}

func TestGroupSeriesAndLabels(t *testing.T) {
	series := tableSeries(t)
	groups := groupSeries(series)
	got := groupLabels(groups)
	want := []string{
		"synthetic-pretrain full (n=1)",
		"synthetic-transfer full from scratch (n=1)",
		"synthetic-transfer full from pretrained (n=3)", // the unfinished runs have no metrics
		"synthetic-transfer adaptformer (n=3)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels = %q, want %q", got, want)
	}
	// One dataset: the mode alone names a group.
	if got := groupLabels(groupSeries(series[1:7])); !reflect.DeepEqual(got, []string{"full (n=3)", "adaptformer (n=3)"}) {
		t.Errorf("labels of one dataset = %q", got)
	}
}

func TestAggregate(t *testing.T) {
	xy := func(pts ...float64) plotter.XYs {
		var out plotter.XYs
		for i := 0; i < len(pts); i += 2 {
			out = append(out, plotter.XY{X: pts[i], Y: pts[i+1]})
		}
		return out
	}
	// Three runs; the third stopped after x=2.
	runs := []plotter.XYs{xy(1, 1, 2, 4, 3, 6), xy(1, 3, 2, 6, 3, 8), xy(1, 5, 2, 8)}
	std := aggregate(runs, AggregateStd)
	if !reflect.DeepEqual(std.mean, xy(1, 3, 2, 6, 3, 7)) {
		t.Errorf("mean = %v", std.mean)
	}
	// Sample std of 1, 3, 5 is 2; of 4, 6, 8 is 2; of 6, 8 is √2.
	if lo, hi := std.lo[0].Y, std.hi[0].Y; lo != 1 || hi != 5 || !near(std.hi[2].Y, 7+1.4142135623730951) {
		t.Errorf("std band = %v .. %v", std.lo, std.hi)
	}
	mm := aggregate(runs, AggregateMinMax)
	if !reflect.DeepEqual(mm.lo, xy(1, 1, 2, 4, 3, 6)) || !reflect.DeepEqual(mm.hi, xy(1, 5, 2, 8, 3, 8)) {
		t.Errorf("min-max band = %v .. %v", mm.lo, mm.hi)
	}
	if b := aggregate(nil, AggregateStd); len(b.mean) != 0 {
		t.Errorf("aggregate of nothing = %v", b)
	}
}

func TestPlotAggregate(t *testing.T) {
	series := tableSeries(t)
	dir := t.TempDir()
	for _, band := range []string{AggregateStd, AggregateMinMax} {
		for _, x := range []string{"step", "epoch"} {
			opt := PlotOptions{X: x, Aggregate: band, Title: "sweep"}
			svg, text := savePNGAndSVG(t, filepath.Join(dir, band+x), series, opt)
			for _, want := range []string{"synthetic-transfer adaptformer (n=3)", "synthetic-pretrain full (n=1)", "train", "eval", "top-1 accuracy"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s lacks %q", svg, want)
				}
			}
			if strings.Contains(text, "seed1-adaptformer") {
				t.Errorf("%s names a run: not aggregated", svg)
			}
		}
	}
	var buf bytes.Buffer
	if err := WritePlot(&buf, FormatSVG, series, PlotOptions{Aggregate: "quartiles"}); err == nil || !strings.Contains(err.Error(), "minmax") {
		t.Errorf("plot with an unknown band = %v", err)
	}
	// The default stays one curve per run.
	buf.Reset()
	if err := WritePlot(&buf, FormatSVG, series, PlotOptions{}); err != nil || !strings.Contains(buf.String(), "seed1-adaptformer") {
		t.Errorf("default plot: %v, names the runs: %v", err, strings.Contains(buf.String(), "seed1-adaptformer"))
	}
}
