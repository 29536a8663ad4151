package experiments

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/adaptformer/adaptformer/internal/atomicfile"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotOptions tune a plot of runs' curves.
type PlotOptions struct {
	// X is the horizontal axis: "step" (the default) or "epoch".
	X string
	// Title goes above the figure ("" for none).
	Title string
	// Width and Height of the whole figure; 0 means 25 cm by 10 cm.
	Width, Height vg.Length
	// MaxPoints caps the points of a run's step curve by averaging
	// neighbouring steps (0: 2000), which keeps long runs' files small.
	MaxPoints int
	// Aggregate, when set, draws one colour per group of runs, grouped as
	// Table groups them (dataset, mode, preset, initialisation: the seeds
	// of a sweep pooled), instead of one per run: each curve is the mean
	// over the group's runs at each step or epoch, in a shaded band of
	// AggregateStd (mean ± sample standard deviation) or AggregateMinMax
	// (the runs' minimum to maximum). Where some runs have not got as far
	// as others, the tail is over the runs that have.
	Aggregate string
}

// PlotOptions.Aggregate's bands.
const (
	AggregateStd    = "std"
	AggregateMinMax = "minmax"
)

// Plot formats by file extension.
const (
	FormatPNG = ".png"
	FormatSVG = ".svg"
)

// evalDashes is the line style of evaluation curves; training curves are
// solid.
func evalDashes() []vg.Length { return []vg.Length{vg.Points(5), vg.Points(3)} }

// WritePlot draws the runs' curves side by side, loss on the left and
// top-1 accuracy on the right, against step or epoch, one colour per run
// (or per group of runs, see PlotOptions.Aggregate) with a legend;
// training curves are solid, evaluation curves dashed. The format is
// FormatPNG or FormatSVG.
func WritePlot(w io.Writer, format string, series []Series, opt PlotOptions) error {
	if len(series) == 0 {
		return errors.New("no runs to plot")
	}
	x := opt.X
	if x == "" {
		x = "step"
	}
	if x != "step" && x != "epoch" {
		return fmt.Errorf("x axis must be step or epoch, got %q", x)
	}
	switch opt.Aggregate {
	case "", AggregateStd, AggregateMinMax:
	default:
		return fmt.Errorf("aggregate band must be %s or %s, got %q", AggregateStd, AggregateMinMax, opt.Aggregate)
	}
	width, height := opt.Width, opt.Height
	if width == 0 {
		width = 25 * vg.Centimeter
	}
	if height == 0 {
		height = 10 * vg.Centimeter
	}
	maxPoints := opt.MaxPoints
	if maxPoints <= 0 {
		maxPoints = 2000
	}

	loss, acc := plot.New(), plot.New()
	loss.Title.Text, acc.Title.Text = "loss", "top-1 accuracy"
	loss.X.Label.Text, acc.X.Label.Text = x, x
	loss.Y.Label.Text, acc.Y.Label.Text = "cross-entropy", "%"
	for _, p := range []*plot.Plot{loss, acc} {
		p.Add(plotter.NewGrid())
	}
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font.Size = vg.Points(10)
	legend.Padding = vg.Points(2)

	var points int
	var err error
	if opt.Aggregate == "" {
		points, err = addRuns(loss, acc, &legend, series, x, maxPoints)
	} else {
		points, err = addAggregates(loss, acc, &legend, series, x, maxPoints, opt.Aggregate)
	}
	if err != nil {
		return err
	}
	if points == 0 {
		return errors.New("the runs have no metrics yet")
	}
	grey := color.Gray{Y: 90}
	legend.Add("")
	legend.Add("train", legendLine(grey, nil))
	legend.Add("eval", legendLine(grey, evalDashes()))

	var canvas interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch strings.ToLower(format) {
	case FormatPNG:
		img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(150))
		canvas = pngCanvas{vgimg.PngCanvas{Canvas: img}}
	case FormatSVG:
		canvas = vgsvg.New(width, height)
	default:
		return fmt.Errorf("unknown plot format %q (want %s or %s)", format, FormatPNG, FormatSVG)
	}
	dc := draw.New(canvas)
	if opt.Title != "" {
		dc = titled(dc, opt.Title)
	}
	// The legend gets a column on the right, the plots the rest.
	legendWidth := legend.Rectangle(dc).Size().X
	legendArea := dc
	legendArea.Min.X = dc.Max.X - legendWidth - vg.Millimeter*3
	legendArea.Max.Y -= vg.Millimeter * 8
	legend.Draw(legendArea)
	dc.Max.X = legendArea.Min.X - vg.Millimeter*2
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Centimeter, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2,
		PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	plots := [][]*plot.Plot{{loss, acc}}
	canvases := plot.Align(plots, tiles, dc)
	loss.Draw(canvases[0][0])
	acc.Draw(canvases[0][1])
	if _, err := canvas.WriteTo(w); err != nil {
		return fmt.Errorf("writing the plot: %w", err)
	}
	return nil
}

// curves are a run's, or a group's mean, four curves against x: training
// loss (per step where there are step records), evaluation loss, training
// and evaluation top-1 (per epoch, in percent).
type curves struct{ trainLoss, evalLoss, trainTop1, evalTop1 plotter.XYs }

// runCurves is s's curves against x, the step curve downsampled to
// maxPoints.
func runCurves(s Series, x string, maxPoints int) curves {
	var c curves
	c.trainLoss = downsample(stepXY(s, x), maxPoints)
	for _, e := range s.Epochs {
		ex := float64(e.Step)
		if x == "epoch" {
			ex = float64(e.Epoch)
		}
		c.evalLoss = append(c.evalLoss, plotter.XY{X: ex, Y: e.EvalLoss})
		c.trainTop1 = append(c.trainTop1, plotter.XY{X: ex, Y: 100 * e.TrainTop1})
		c.evalTop1 = append(c.evalTop1, plotter.XY{X: ex, Y: 100 * e.EvalTop1})
	}
	if len(c.trainLoss) == 0 {
		// No step records: the epochs' running training loss.
		for j, e := range s.Epochs {
			c.trainLoss = append(c.trainLoss, plotter.XY{X: c.evalLoss[j].X, Y: e.TrainLoss})
		}
	}
	return c
}

// addRuns draws each run's curves in its own colour and returns the
// number of points drawn.
func addRuns(loss, acc *plot.Plot, legend *plot.Legend, series []Series, x string, maxPoints int) (int, error) {
	labels := seriesLabels(series)
	colors := palette(len(series))
	points := 0
	for i, s := range series {
		c := colors[i]
		cv := runCurves(s, x, maxPoints)
		points += len(cv.trainLoss) + len(cv.evalLoss)
		for _, l := range []struct {
			p      *plot.Plot
			xy     plotter.XYs
			dashes []vg.Length
			marks  bool
		}{
			{loss, cv.trainLoss, nil, false},
			{loss, cv.evalLoss, evalDashes(), true},
			{acc, cv.trainTop1, nil, true},
			{acc, cv.evalTop1, evalDashes(), true},
		} {
			if err := addLine(l.p, l.xy, c, l.dashes, l.marks); err != nil {
				return 0, err
			}
		}
		legend.Add(labels[i], legendLine(c, nil))
	}
	return points, nil
}

// plotGroup is the runs of one group of an aggregate plot.
type plotGroup struct {
	key    rowKey
	series []Series
}

// groupSeries groups the runs that have metrics as Table groups them,
// ordered as its rows.
func groupSeries(series []Series) []plotGroup {
	var groups []plotGroup
	index := map[rowKey]int{}
	for _, s := range series {
		if len(s.Steps) == 0 && len(s.Epochs) == 0 {
			continue // nothing to draw, nor to count in the legend
		}
		k := keyOf(s.Run)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, plotGroup{key: k})
		}
		groups[i].series = append(groups[i].series, s)
	}
	slices.SortStableFunc(groups, func(a, b plotGroup) int { return compareKeys(a.key, b.key) })
	return groups
}

// groupLabels names the groups in the legend by what tells them apart:
// the mode, and the dataset, preset and initialisation where they differ;
// then the number of runs.
func groupLabels(groups []plotGroup) []string {
	distinct := func(f func(rowKey) string) bool {
		for _, g := range groups[1:] {
			if f(g.key) != f(groups[0].key) {
				return true
			}
		}
		return false
	}
	showDataset := distinct(func(k rowKey) string { return k.dataset })
	showPreset := distinct(func(k rowKey) string { return k.preset })
	label := func(k rowKey, init bool) string {
		var parts []string
		if showDataset {
			parts = append(parts, k.dataset)
		}
		if showPreset {
			parts = append(parts, k.preset)
		}
		parts = append(parts, k.mode)
		if init {
			parts = append(parts, "from "+k.init)
		}
		return strings.Join(parts, " ")
	}
	// The initialisation only where the rest leaves two groups alike.
	seen := map[string]int{}
	for _, g := range groups {
		seen[label(g.key, false)]++
	}
	labels := make([]string, len(groups))
	for i, g := range groups {
		base := label(g.key, seen[label(g.key, false)] > 1)
		labels[i] = fmt.Sprintf("%s (n=%d)", base, len(g.series))
	}
	return labels
}

// bandCurve is a mean curve and the band around it.
type bandCurve struct{ mean, lo, hi plotter.XYs }

// aggregate is the mean of the curves at each x any of them has, with the
// band: ± the sample standard deviation (band AggregateStd) or the
// minimum to the maximum.
func aggregate(xys []plotter.XYs, band string) bandCurve {
	byX := map[float64][]float64{}
	var xs []float64
	for _, xy := range xys {
		for _, p := range xy {
			if _, ok := byX[p.X]; !ok {
				xs = append(xs, p.X)
			}
			byX[p.X] = append(byX[p.X], p.Y)
		}
	}
	slices.Sort(xs)
	var b bandCurve
	for _, x := range xs {
		st := newStat(byX[x])
		lo, hi := st.Min, st.Max
		if band == AggregateStd {
			lo, hi = st.Mean-st.Std, st.Mean+st.Std
		}
		b.mean = append(b.mean, plotter.XY{X: x, Y: st.Mean})
		b.lo = append(b.lo, plotter.XY{X: x, Y: lo})
		b.hi = append(b.hi, plotter.XY{X: x, Y: hi})
	}
	return b
}

// addBand draws the band of b, filled with a light shade of c.
func addBand(p *plot.Plot, b bandCurve, c color.Color) error {
	if len(b.mean) < 2 {
		return nil
	}
	ring := make(plotter.XYs, 0, 2*len(b.mean))
	ring = append(ring, b.hi...)
	for i := len(b.lo) - 1; i >= 0; i-- {
		ring = append(ring, b.lo[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return fmt.Errorf("drawing a band: %w", err)
	}
	r, g, bl, _ := c.RGBA()
	poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 56}
	poly.LineStyle.Width = 0
	p.Add(poly)
	return nil
}

// addAggregates draws each group's mean curves in a band, one colour per
// group, and returns the number of points drawn.
func addAggregates(loss, acc *plot.Plot, legend *plot.Legend, series []Series, x string, maxPoints int, band string) (int, error) {
	groups := groupSeries(series)
	labels := groupLabels(groups)
	colors := palette(len(groups))
	points := 0
	for i, g := range groups {
		c := colors[i]
		var trainLoss, evalLoss, trainTop1, evalTop1 []plotter.XYs
		for _, s := range g.series {
			// Steps in full: the mean is downsampled, not the runs.
			cv := runCurves(s, x, math.MaxInt)
			trainLoss = append(trainLoss, cv.trainLoss)
			evalLoss = append(evalLoss, cv.evalLoss)
			trainTop1 = append(trainTop1, cv.trainTop1)
			evalTop1 = append(evalTop1, cv.evalTop1)
		}
		tl := aggregate(trainLoss, band)
		tl = bandCurve{downsample(tl.mean, maxPoints), downsample(tl.lo, maxPoints), downsample(tl.hi, maxPoints)}
		el, ta, ea := aggregate(evalLoss, band), aggregate(trainTop1, band), aggregate(evalTop1, band)
		points += len(tl.mean) + len(el.mean)
		for _, l := range []struct {
			p      *plot.Plot
			b      bandCurve
			dashes []vg.Length
			marks  bool
		}{
			{loss, tl, nil, false},
			{loss, el, evalDashes(), true},
			{acc, ta, nil, true},
			{acc, ea, evalDashes(), true},
		} {
			if err := addBand(l.p, l.b, c); err != nil {
				return 0, err
			}
			if err := addLine(l.p, l.b.mean, c, l.dashes, l.marks); err != nil {
				return 0, err
			}
		}
		legend.Add(labels[i], legendLine(c, nil))
	}
	return points, nil
}

// tab10 is the Tableau 10 palette: ten colours told apart easily.
var tab10 = []color.Color{
	color.RGBA{0x1f, 0x77, 0xb4, 0xff}, color.RGBA{0xff, 0x7f, 0x0e, 0xff}, color.RGBA{0x2c, 0xa0, 0x2c, 0xff},
	color.RGBA{0xd6, 0x27, 0x28, 0xff}, color.RGBA{0x94, 0x67, 0xbd, 0xff}, color.RGBA{0x8c, 0x56, 0x4b, 0xff},
	color.RGBA{0xe3, 0x77, 0xc2, 0xff}, color.RGBA{0x7f, 0x7f, 0x7f, 0xff}, color.RGBA{0xbc, 0xbd, 0x22, 0xff},
	color.RGBA{0x17, 0xbe, 0xcf, 0xff},
}

// palette is n colours, all different: plotutil's default colours for up
// to seven curves (the plots' colours before there were more), Tableau 10
// for up to ten, hues evenly spread round the colour wheel beyond.
func palette(n int) []color.Color {
	out := make([]color.Color, n)
	for i := range out {
		switch {
		case n <= len(plotutil.DefaultColors):
			out[i] = plotutil.Color(i)
		case n <= len(tab10):
			out[i] = tab10[i]
		default:
			// Alternate darker and lighter so that neighbouring hues differ.
			l := 0.38
			if i%2 == 1 {
				l = 0.55
			}
			out[i] = hsl(float64(i)/float64(n), 0.7, l)
		}
	}
	return out
}

// hsl converts a hue, saturation and lightness, each in [0,1], to RGB.
func hsl(h, s, l float64) color.Color {
	q := l + s - l*s
	if l < 0.5 {
		q = l * (1 + s)
	}
	p := 2*l - q
	channel := func(t float64) uint8 {
		t -= math.Floor(t)
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(255 * v))
	}
	return color.RGBA{channel(h + 1.0/3), channel(h), channel(h - 1.0/3), 0xff}
}

// seriesLabels names the runs in the legend: their IDs, without the group
// when they all share one.
func seriesLabels(series []Series) []string {
	labels := make([]string, len(series))
	group := series[0].Run.Group
	for _, s := range series {
		if s.Run.Group != group {
			group = ""
		}
	}
	for i, s := range series {
		labels[i] = s.Run.ID
		if group != "" {
			labels[i] = strings.TrimPrefix(s.Run.ID, group+"/")
		}
	}
	return labels
}

// pngCanvas is a vgimg.PngCanvas that says its size.
type pngCanvas struct{ vgimg.PngCanvas }

func (c pngCanvas) Size() (vg.Length, vg.Length) { return c.Canvas.Size() }

// titled draws a title at the top of dc and returns the canvas below it.
func titled(dc draw.Canvas, title string) draw.Canvas {
	sty := draw.TextStyle{
		Color:   color.Black,
		Font:    plot.DefaultFont,
		Handler: plot.DefaultTextHandler,
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
	}
	sty.Font.Size = vg.Points(13)
	pt := vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Millimeter*2}
	dc.FillText(sty, pt, title)
	h := sty.Height(title) + vg.Millimeter*4
	dc.Max.Y -= h
	return dc
}

// stepXY is a run's per-step training loss against step or epoch.
func stepXY(s Series, x string) plotter.XYs {
	xy := make(plotter.XYs, 0, len(s.Steps))
	spe := s.Run.Info.StepsPerEpoch
	for _, e := range s.Steps {
		px := float64(e.Step)
		if x == "epoch" {
			if spe <= 0 {
				continue
			}
			px = float64(e.Step) / float64(spe)
		}
		xy = append(xy, plotter.XY{X: px, Y: e.Loss})
	}
	return xy
}

// downsample averages consecutive points so that at most n remain.
func downsample(xy plotter.XYs, n int) plotter.XYs {
	if len(xy) <= n {
		return xy
	}
	per := (len(xy) + n - 1) / n
	out := make(plotter.XYs, 0, n)
	for i := 0; i < len(xy); i += per {
		end := min(i+per, len(xy))
		var sx, sy float64
		for _, p := range xy[i:end] {
			sx += p.X
			sy += p.Y
		}
		k := float64(end - i)
		out = append(out, plotter.XY{X: sx / k, Y: sy / k})
	}
	return out
}

// addLine adds a line (with point markers when marks) unless xy is empty.
func addLine(p *plot.Plot, xy plotter.XYs, c color.Color, dashes []vg.Length, marks bool) error {
	if len(xy) == 0 {
		return nil
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return fmt.Errorf("drawing a line: %w", err)
	}
	l.Color = c
	l.Width = vg.Points(1.2)
	l.Dashes = dashes
	p.Add(l)
	if marks && len(xy) <= 60 {
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return fmt.Errorf("drawing points: %w", err)
		}
		s.Color = c
		s.Radius = vg.Points(1.8)
		s.Shape = draw.CircleGlyph{}
		p.Add(s)
	}
	return nil
}

func legendLine(c color.Color, dashes []vg.Length) plot.Thumbnailer {
	l := &plotter.Line{LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.5), Dashes: dashes}}
	return l
}

// PlotFormat is the format of a plot file path by its extension.
func PlotFormat(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case FormatPNG, FormatSVG:
		return ext, nil
	}
	return "", fmt.Errorf("plot %s: unknown format %q (name the file .png or .svg)", path, ext)
}

// SavePlot writes WritePlot's figure to path, as PNG or SVG by its
// extension, atomically.
func SavePlot(path string, series []Series, opt PlotOptions) error {
	format, err := PlotFormat(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := WritePlot(&buf, format, series, opt); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// WriteFile writes an export (CSV, JSON or a plot) to path atomically,
// readable by all.
func WriteFile(path string, data []byte) error { return atomicfile.WriteFile(path, data) }
