package experiments

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"path/filepath"
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
}

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
// with a legend; training curves are solid, evaluation curves dashed. The
// format is FormatPNG or FormatSVG.
func WritePlot(w io.Writer, format string, series []Series, opt PlotOptions) error {
	if len(series) == 0 {
		return errors.New("plot: no runs to plot")
	}
	x := opt.X
	if x == "" {
		x = "step"
	}
	if x != "step" && x != "epoch" {
		return fmt.Errorf("plot: x axis must be step or epoch, got %q", x)
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
	labels := seriesLabels(series)

	points := 0
	for i, s := range series {
		c := plotutil.Color(i)
		trainLoss := downsample(stepXY(s, x), maxPoints)
		var evalLoss, trainTop1, evalTop1 plotter.XYs
		for _, e := range s.Epochs {
			ex := float64(e.Step)
			if x == "epoch" {
				ex = float64(e.Epoch)
			}
			evalLoss = append(evalLoss, plotter.XY{X: ex, Y: e.EvalLoss})
			trainTop1 = append(trainTop1, plotter.XY{X: ex, Y: 100 * e.TrainTop1})
			evalTop1 = append(evalTop1, plotter.XY{X: ex, Y: 100 * e.EvalTop1})
		}
		if len(trainLoss) == 0 {
			// No step records: the epochs' running training loss.
			for j, e := range s.Epochs {
				trainLoss = append(trainLoss, plotter.XY{X: evalLoss[j].X, Y: e.TrainLoss})
			}
		}
		points += len(trainLoss) + len(evalLoss)
		for _, l := range []struct {
			p      *plot.Plot
			xy     plotter.XYs
			dashes []vg.Length
			marks  bool
		}{
			{loss, trainLoss, nil, false},
			{loss, evalLoss, evalDashes(), true},
			{acc, trainTop1, nil, true},
			{acc, evalTop1, evalDashes(), true},
		} {
			if err := addLine(l.p, l.xy, c, l.dashes, l.marks); err != nil {
				return err
			}
		}
		legend.Add(labels[i], legendLine(c, nil))
	}
	if points == 0 {
		return errors.New("plot: the runs have no metrics yet")
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
		return fmt.Errorf("plot: unknown format %q (want %s or %s)", format, FormatPNG, FormatSVG)
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
		return fmt.Errorf("plot: %w", err)
	}
	return nil
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
		return fmt.Errorf("plot: %w", err)
	}
	l.Color = c
	l.Width = vg.Points(1.2)
	l.Dashes = dashes
	p.Add(l)
	if marks && len(xy) <= 60 {
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return fmt.Errorf("plot: %w", err)
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
