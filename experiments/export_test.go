package experiments

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
	"gonum.org/v1/plot/plotter"
)

// exportStore holds two finished runs of one group with known metrics.
func exportStore(t *testing.T) (*Store, []Series) {
	t.Helper()
	s := newTestStore(t)
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for i, mode := range []string{"adaptformer", "full"} {
		id := "g/transfer-" + mode
		var events []trainer.Event
		events = append(events, trainer.StatusEvent{Time: t0, Status: trainer.StatusRunning})
		for step := 1; step <= 8; step++ {
			events = append(events, trainer.StepEvent{Time: t0.Add(time.Duration(step) * time.Second), Epoch: (step-1)/4 + 1, Step: step,
				Loss: 2.5 - 0.1*float64(step) - 0.05*float64(i), LR: 0.01, ImagesPerSec: 100})
			if step%4 == 0 {
				events = append(events, trainer.EpochEvent{Time: t0.Add(time.Duration(step) * time.Second), Epoch: step / 4, Step: step,
					TrainLoss: 2 - 0.1*float64(step), TrainTop1: 0.1 * float64(step), EvalLoss: 2.1, EvalTop1: 0.05 * float64(step) * float64(i+1),
					EvalTop5: 0.9, LR: 0.01, Seconds: 1.5})
			}
		}
		events = append(events, trainer.StatusEvent{Time: t0, Status: trainer.StatusFinished})
		writeRun(t, s, id, trainer.StatusFinished, t0.Add(time.Duration(i)*time.Minute), events...)
		info, _ := trainer.ReadRunInfo(s.Dir(id))
		info.Config.Mode = mode
		info.Config.Dataset = "synthetic-transfer"
		trainer.WriteRunInfo(s.Dir(id), info)
	}
	var series []Series
	for _, id := range []string{"g/transfer-adaptformer", "g/transfer-full"} {
		sr, err := s.Series(id)
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, sr)
	}
	return s, series
}

func TestWriteCSV(t *testing.T) {
	_, series := exportStore(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, series, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], csvHeader()) {
		t.Errorf("header = %v", rows[0])
	}
	// 2 runs x (8 steps + 2 epochs).
	if len(rows) != 1+2*10 {
		t.Fatalf("%d rows, want 21", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	step := rows[1]
	if step[col["run"]] != "g/transfer-adaptformer" || step[col["record"]] != "step" || step[col["step"]] != "1" ||
		step[col["loss"]] != "2.4" || step[col["mode"]] != "adaptformer" || step[col["eval_top1"]] != "" {
		t.Errorf("first step row = %v", step)
	}
	epoch := rows[20]
	if epoch[col["run"]] != "g/transfer-full" || epoch[col["record"]] != "epoch" || epoch[col["epoch"]] != "2" ||
		epoch[col["eval_top1"]] != "0.8" || epoch[col["seconds"]] != "1.5" || epoch[col["loss"]] != "" {
		t.Errorf("last epoch row = %v", epoch)
	}

	buf.Reset()
	WriteCSV(&buf, series, CSVOptions{EpochsOnly: true})
	rows, _ = csv.NewReader(&buf).ReadAll()
	if len(rows) != 1+2*2 {
		t.Errorf("epochs only: %d rows, want 5", len(rows))
	}
}

func TestWriteJSON(t *testing.T) {
	_, series := exportStore(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, series, JSONOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID     string               `json:"id"`
		Status string               `json:"status"`
		Info   trainer.RunInfo      `json:"info"`
		Steps  []trainer.StepEvent  `json:"steps"`
		Epochs []trainer.EpochEvent `json:"epochs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].ID != "g/transfer-full" || got[1].Status != "finished" || got[1].Info.Config.Mode != "full" {
		t.Fatalf("JSON = %+v", got)
	}
	if len(got[0].Steps) != 8 || len(got[0].Epochs) != 2 || !reflect.DeepEqual(got[1].Epochs, series[1].Epochs) {
		t.Errorf("records do not round-trip: %d steps, %d epochs", len(got[0].Steps), len(got[0].Epochs))
	}
	buf.Reset()
	WriteJSON(&buf, series, JSONOptions{EpochsOnly: true})
	if strings.Contains(buf.String(), `"images_per_s"`) || !strings.Contains(buf.String(), `"steps": []`) {
		t.Errorf("epochs only still has steps")
	}
}

// savePNGAndSVG saves the plot as base.png and base.svg, checks that they
// are what their names say, and returns the SVG's path and text.
func savePNGAndSVG(t *testing.T, base string, series []Series, opt PlotOptions) (string, string) {
	t.Helper()
	png, svg := base+".png", base+".svg"
	for _, f := range []string{png, svg} {
		if err := SavePlot(f, series, opt); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(png); !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s is not a PNG", png)
	}
	b, _ := os.ReadFile(svg)
	if !strings.Contains(string(b), "<svg") {
		t.Fatalf("%s is not an SVG", svg)
	}
	return svg, string(b)
}

func TestPlotPNGAndSVG(t *testing.T) {
	_, series := exportStore(t)
	dir := t.TempDir()
	for _, x := range []string{"step", "epoch"} {
		svg, text := savePNGAndSVG(t, filepath.Join(dir, x), series, PlotOptions{X: x, Title: "transfer"})
		// One colour per run and a legend naming each run.
		for _, want := range []string{"transfer-adaptformer", "transfer-full", "train", "eval", "top-1 accuracy", "loss", x} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", svg, want)
			}
		}
	}

	var buf bytes.Buffer
	if err := WritePlot(&buf, FormatPNG, nil, PlotOptions{}); err == nil {
		t.Error("plot of no runs: no error")
	}
	if err := WritePlot(&buf, FormatPNG, series, PlotOptions{X: "time"}); err == nil {
		t.Error("plot against time: no error")
	}
	if err := SavePlot(filepath.Join(dir, "plot.jpg"), series, PlotOptions{}); err == nil || !strings.Contains(err.Error(), ".png or .svg") {
		t.Errorf("plot to .jpg = %v", err)
	}
	empty := []Series{{Run: series[0].Run}}
	if err := WritePlot(&buf, FormatSVG, empty, PlotOptions{}); err == nil || !strings.Contains(err.Error(), "no metrics") {
		t.Errorf("plot of a run without metrics = %v", err)
	}
}

func TestDownsample(t *testing.T) {
	in := make([]float64, 10)
	for i := range in {
		in[i] = float64(i)
	}
	got := downsample(toXYs(in), 5)
	if len(got) != 5 || got[0].X != 0.5 || got[4].Y != 8.5 {
		t.Errorf("downsample = %v", got)
	}
	if got := downsample(toXYs(in), 20); len(got) != 10 {
		t.Errorf("downsample below the cap changed the points: %d", len(got))
	}
}

func TestCompareMeanAndSpread(t *testing.T) {
	var entries []RunEntry
	for i, top1 := range []float64{0.70, 0.72, 0.74} {
		for _, mode := range []string{"adaptformer", "full"} {
			e := RunEntry{ID: mode + string(rune('a'+i))}
			e.Info.Status = trainer.StatusFinished
			e.Info.Config.Mode = mode
			e.Info.Config.Dataset = "cifar10"
			e.Info.LastEvalTop1 = top1
			e.Info.BestEvalTop1 = top1 + 0.01
			entries = append(entries, e)
		}
	}
	entries = append(entries, RunEntry{ID: "running", Info: trainer.RunInfo{Status: trainer.StatusRunning}})
	got := Compare(entries)
	if len(got) != 2 || got[0].Mode != "full" || got[1].Mode != "adaptformer" {
		t.Fatalf("Compare = %+v", got)
	}
	f := got[0].Final
	if f.N != 3 || abs(f.Mean-0.72) > 1e-12 || abs(f.Std-0.02) > 1e-12 || f.Min != 0.70 || f.Max != 0.74 {
		t.Errorf("final stat = %+v", f)
	}
	if s := f.String(); s != "72.00% ± 2.00 (n=3)" {
		t.Errorf("String = %q", s)
	}
	if s := (Stat{N: 1, Mean: 0.7784}).String(); s != "77.84%" {
		t.Errorf("one-run String = %q", s)
	}
}

func toXYs(ys []float64) plotter.XYs {
	xy := make(plotter.XYs, len(ys))
	for i, y := range ys {
		xy[i] = plotter.XY{X: float64(i), Y: y}
	}
	return xy
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
