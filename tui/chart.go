package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Series is one curve of a Chart: points (X[i], Y[i]) in increasing X.
type Series struct {
	Name  string
	X, Y  []float64
	Style lipgloss.Style // the curve
	Faint lipgloss.Style // the raw curve under a smoothed one
	// Smooth applies the chart's smoothing to this series; the raw curve is
	// then drawn faint underneath, as in TensorBoard.
	Smooth bool
	// Dash draws the curve dotted or dashed (see dashPattern), so that
	// curves differ without colour (NO_COLOR); 0 is solid.
	Dash int
}

// dashPattern reports whether the n-th dot of a curve with dash style d is
// drawn: 0 solid, 1 dotted, 2 dashed, 3 sparse.
func dashPattern(d, n int) bool {
	switch d % 4 {
	case 1:
		return n%2 == 0
	case 2:
		return n%5 < 3
	case 3:
		return n%4 == 0
	}
	return true
}

// dashMark is the legend glyph of a dash style.
func dashMark(d int) string {
	return [...]string{"━━", "┅┅", "╍╍", "··"}[d%4]
}

// Chart draws curves on ntcharts' base line chart with float X (steps or
// epochs, not the time-series chart's whole seconds) and tick labels that
// fit the data's range (not the default "%.0f", which shows a loss between
// 0 and 2.3 as 0, 1 and 2). Each series is drawn on its own braille grid and
// copied opaquely in order, so a later curve keeps its colour where curves
// cross. The rendered string is cached until the data or the size change,
// so a chart that is not on screen, or has no new points, costs nothing.
type Chart struct {
	Title   string
	Percent bool // Y values are fractions shown as percentages
	// HideRaw draws only the smoothed version of smoothed series (for
	// overlays, where several raw curves would hide each other).
	HideRaw bool
	Axis    lipgloss.Style
	Label   lipgloss.Style
	// Empty is shown instead of a chart with no points ("waiting for
	// data" when unset).
	Empty string

	series    []Series
	smoothing float64
	// fixed: the axes span xr and yr instead of the data's range (equal
	// axes for charts side by side).
	fixed  bool
	xr, yr [2]float64
	width  int
	height int

	dirty bool
	cache string
	key   string // identifies the data of the current series
}

// SetSize sets the chart's outer size, title line included.
func (c *Chart) SetSize(w, h int) {
	if w != c.width || h != c.height {
		c.width, c.height, c.dirty = w, h, true
	}
}

// SetSeries replaces the chart's curves.
func (c *Chart) SetSeries(s []Series) {
	c.series, c.dirty = s, true
}

// SetData replaces the curves with build's unless key, which identifies the
// data (a run and its version), is the same as last time: the series are
// then neither rebuilt nor redrawn.
func (c *Chart) SetData(key string, build func() []Series) {
	if key == c.key && !c.dirty && c.cache != "" {
		return
	}
	c.key = key
	c.SetSeries(build())
}

// SetRange fixes the axes to x0..x1 and y0..y1, so that charts side by
// side compare at a glance.
func (c *Chart) SetRange(x0, x1, y0, y1 float64) {
	xr, yr := [2]float64{x0, x1}, [2]float64{y0, y1}
	if !c.fixed || xr != c.xr || yr != c.yr {
		c.fixed, c.xr, c.yr, c.dirty = true, xr, yr, true
	}
}

// SetEmpty sets the message of a chart with no points.
func (c *Chart) SetEmpty(msg string) {
	if msg != c.Empty {
		c.Empty, c.dirty = msg, true
	}
}

// SetSmoothing sets the EMA weight of smoothed series (0: off).
func (c *Chart) SetSmoothing(w float64) {
	if w != c.smoothing {
		c.smoothing, c.dirty = w, true
	}
}

// Release drops the rendered cache of a chart that left the screen.
func (c *Chart) Release() { c.cache, c.dirty, c.key = "", true, "" }

// View returns the chart, rendering it only when something changed.
func (c *Chart) View() string {
	if c.dirty || c.cache == "" {
		c.cache = c.render()
		c.dirty = false
	}
	return c.cache
}

func (c *Chart) points() int {
	n := 0
	for _, s := range c.series {
		n += len(s.X)
	}
	return n
}

func (c *Chart) render() string {
	w, h := c.width, c.height
	if w < 12 || h < 4 {
		return lipgloss.NewStyle().Width(max(w, 0)).Height(max(h, 0)).Render("")
	}
	title := c.legend(w)
	if c.points() == 0 {
		msg := c.Empty
		if msg == "" {
			msg = "waiting for data"
		}
		// A long message wraps rather than losing its end.
		lines := strings.Split(ansi.Wrap(msg, max(10, w-2), ""), "\n")
		lines = lines[:min(len(lines), max(1, h-1))]
		for i, l := range lines {
			lines[i] = c.Label.Render(truncate(l, w))
		}
		body := lipgloss.Place(w, h-1, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
		return title + "\n" + body
	}

	drawn := make([][]float64, len(c.series)) // the Y values drawn bold
	ranged := make([][]float64, 0, len(c.series))
	for i, s := range c.series {
		drawn[i] = s.Y
		if s.Smooth && c.smoothing > 0 {
			drawn[i] = Smooth(s.Y, c.smoothing)
			if !c.HideRaw {
				ranged = append(ranged, s.Y) // the faint raw curve must fit too
			}
		}
		ranged = append(ranged, drawn[i])
	}
	minX, maxX := c.xRange()
	minY, maxY := c.yRange(ranged)
	if c.fixed {
		minX, maxX, minY, maxY = c.xr[0], c.xr[1], c.yr[0], c.yr[1]
		if maxX-minX < 1e-9 {
			minX, maxX = minX-0.5, maxX+0.5
		}
	}

	// The axes are labelled at round values placed where the curve puts
	// them (ntcharts labels every other row with whatever value falls
	// there, and drops the X label of the last step): the Y labels through
	// the formatter, row by row; the X labels drawn below the axis here.
	gh := h - 1 - 2 // the canvas less the X axis and its labels
	yLabels := yTickRows(minY, maxY, gh, c.Percent)
	lc := linechart.New(w, h-1, minX, maxX, minY, maxY,
		linechart.WithXYSteps(1, 1),
		linechart.WithXLabelFormatter(func(int, float64) string { return "" }),
		linechart.WithYLabelFormatter(func(row int, _ float64) string { return yLabels[row] }),
		linechart.WithStyles(c.Axis, c.Label, lipgloss.NewStyle()),
	)
	lc.DrawXYAxisAndLabel()
	dataLo, dataHi := c.dataXRange()
	for _, l := range xTickLabels(minX, maxX, dataLo, dataHi, lc.Origin().X+1, lc.GraphWidth(), w) {
		lc.Canvas.SetStringWithStyle(canvas.Point{X: l.col, Y: lc.Origin().Y + 1}, l.text, c.Label)
	}
	for i, s := range c.series {
		if s.Smooth && c.smoothing > 0 && !c.HideRaw {
			c.drawCurve(&lc, s.X, s.Y, s.Faint, minY, maxY, s.Dash)
		}
		c.drawCurve(&lc, s.X, drawn[i], s.Style, minY, maxY, s.Dash)
	}
	return title + "\n" + canvasView(&lc.Canvas)
}

// canvasView renders a canvas like its View, but with one lipgloss render
// per run of cells of the same style instead of one per cell: a chart
// redraw costs a fraction as much.
func canvasView(c *canvas.Model) string {
	type styleKey struct {
		fg    lipgloss.TerminalColor
		faint bool
	}
	var b strings.Builder
	run := make([]rune, 0, c.Width())
	for y := range c.Height() {
		var style lipgloss.Style
		var key styleKey
		flush := func() {
			if len(run) > 0 {
				b.WriteString(style.Render(string(run)))
				run = run[:0]
			}
		}
		for x := range c.Width() {
			cell := c.Cell(canvas.Point{X: x, Y: y})
			r := cell.Rune
			if r == 0 {
				r = ' '
			}
			k := styleKey{cell.Style.GetForeground(), cell.Style.GetFaint()}
			if k != key {
				flush()
			}
			key, style = k, cell.Style
			run = append(run, r)
		}
		flush()
		if y < c.Height()-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// legend is the title line: the chart's name, a coloured mark per curve
// and the smoothing. When that does not fit, the names go first without
// the smoothing, then the marks alone (the compare view names its curves
// in the lines above the chart), rather than the line being cut in the
// middle of a name.
func (c *Chart) legend(w int) string {
	var named, marks strings.Builder
	for _, s := range c.series {
		if s.Name == "" {
			continue
		}
		mark := s.Style.Render(dashMark(s.Dash))
		named.WriteString("  " + mark + " " + s.Name)
		marks.WriteString(" " + mark)
	}
	ema := ""
	if c.smoothing > 0 && slices.ContainsFunc(c.series, func(s Series) bool { return s.Smooth }) {
		ema = c.Label.Render(fmt.Sprintf("  (EMA %.2f)", c.smoothing))
	}
	for _, l := range []string{c.Title + named.String() + ema, c.Title + named.String(), c.Title + " " + marks.String() + ema} {
		if lipgloss.Width(l) <= w {
			return l
		}
	}
	return truncate(c.Title+ema, w)
}

func (c *Chart) xRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range c.series {
		for _, x := range s.X {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-0.5, hi+0.5 // one point (one epoch) in the middle
	}
	return lo, hi
}

// dataXRange is the first and last X of the data.
func (c *Chart) dataXRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range c.series {
		for _, x := range s.X {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	return lo, hi
}

// yRange spans every drawn value, except that the first few points of a
// long curve (the loss of a fresh model, far above the rest) may stick out
// at the top: the range covers the 2nd to 100th percentile of each
// series, so that the interesting part of the curve gets the room.
func (c *Chart) yRange(drawn [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, ys := range drawn {
		// The percentile of an evenly strided sample of at most 4096
		// points is close enough and keeps a redraw cheap.
		stride := max(1, len(ys)/4096)
		finite := make([]float64, 0, len(ys)/stride+1)
		for i, y := range ys {
			if math.IsNaN(y) || math.IsInf(y, 0) {
				continue
			}
			lo = math.Min(lo, y) // the minimum is exact
			if i%stride == 0 {
				finite = append(finite, y)
			}
		}
		if len(finite) == 0 {
			continue
		}
		slices.Sort(finite)
		skip := 0
		if len(finite) >= 50 {
			skip = len(finite) / 50
		}
		hi = math.Max(hi, finite[len(finite)-1-skip])
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, 1
	}
	if c.Percent {
		lo, hi = math.Max(0, lo), math.Min(1, hi)
	}
	dataLo := lo
	span := hi - lo
	if span < 1e-9 {
		span = math.Max(math.Abs(hi)*0.1, 0.01)
		lo, hi = lo-span/2, hi+span/2
	} else {
		lo, hi = lo-span*0.05, hi+span*0.05
	}
	if c.Percent {
		lo, hi = math.Max(0, lo), math.Min(1, hi)
	} else if lo < 0 && dataLo >= 0 {
		lo = 0 // a non-negative quantity such as a loss keeps a non-negative axis
	}
	return lo, hi
}

// drawCurve draws one curve on its own braille grid and copies the grid onto
// the chart opaquely: a cell holding a dot of this curve shows only this
// curve, in its colour.
func (c *Chart) drawCurve(lc *linechart.Model, xs, ys []float64, style lipgloss.Style, minY, maxY float64, dash int) {
	gw, gh := lc.GraphWidth(), lc.GraphHeight()
	if gw <= 0 || gh <= 0 {
		return
	}
	grid := graph.NewBrailleGrid(gw, gh, lc.ViewMinX(), lc.ViewMaxX(), lc.ViewMinY(), lc.ViewMaxY())
	dots := 0
	set := func(x, y int) {
		if dashPattern(dash, dots) {
			grid.Set(canvas.Point{X: x, Y: y})
		}
		dots++
	}
	var prev canvas.Point
	have := false
	for i := range min(len(xs), len(ys)) {
		y := ys[i]
		if math.IsNaN(y) || math.IsInf(y, 0) {
			have = false
			continue
		}
		y = math.Max(minY, math.Min(maxY, y))
		p := grid.GridPoint(canvas.Float64Point{X: xs[i], Y: y})
		switch {
		case !have:
			set(p.X, p.Y)
		case p != prev:
			// Thousands of steps share a few hundred dot columns: only
			// segments that move draw anything.
			line(prev, p, set)
		}
		prev, have = p, true
	}
	if n := min(len(xs), len(ys)); n == 1 && have {
		// A lone point (the first epoch's accuracy) would be one dot:
		// draw it as a small bar, two dots each side, that the eye finds.
		for dx := -2; dx <= 2; dx++ {
			if x := prev.X + dx; x >= 0 && x < 2*gw {
				grid.Set(canvas.Point{X: x, Y: prev.Y})
			}
		}
	}
	startX := lc.Origin().X + 1
	for y, row := range grid.BraillePatterns() {
		for x, r := range row {
			if r != runes.BrailleBlockOffset {
				lc.Canvas.SetCell(canvas.Point{X: startX + x, Y: y}, canvas.NewCellWithStyle(r, style))
			}
		}
	}
}

// line calls set for the dots of the segment from a to b (Bresenham),
// without a itself, which the previous segment drew.
func line(a, b canvas.Point, set func(x, y int)) {
	dx, dy := abs(b.X-a.X), -abs(b.Y-a.Y)
	sx, sy := sign(b.X-a.X), sign(b.Y-a.Y)
	err := dx + dy
	x, y := a.X, a.Y
	for x != b.X || y != b.Y {
		e2 := 2 * err
		if e2 >= dy {
			err += dy
			x += sx
		}
		if e2 <= dx {
			err += dx
			y += sy
		}
		set(x, y)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// minTickGap is the fewest columns from the start of one X label to the
// next.
const minTickGap = 8

// tickLabel is an X label: its text and the canvas column it starts at.
type tickLabel struct {
	col  int
	text string
}

// xTickLabels places the X labels of a graph of cols columns starting at
// canvas column x0 (in a canvas w wide) that spans lo..hi: the first and the
// last X of the data (the step the curve ends at, the last epoch), then
// round values (1, 2, 5 times a power of ten, whole numbers) where they do
// not crowd those. Each label is centred under its column.
func xTickLabels(lo, hi, dataLo, dataHi float64, x0, cols, w int) []tickLabel {
	if cols < 2 || hi <= lo || math.IsInf(dataLo, 0) {
		return nil
	}
	dots := float64(2*cols - 1) // braille dots across, as the curve is drawn
	colOf := func(v float64) int { return x0 + int(math.Round((v-lo)/(hi-lo)*dots))/2 }
	step := niceStep((hi - lo) / float64(cols) * minTickGap)
	var out []tickLabel
	taken := func(l tickLabel) bool {
		for _, o := range out {
			if l.col < o.col+len(o.text)+2 && o.col < l.col+len(l.text)+2 {
				return true
			}
		}
		return false
	}
	add := func(v float64) {
		text := formatTick(v, step)
		col := colOf(v) - (len(text)-1)/2
		col = max(0, min(col, w-len(text)))
		if l := (tickLabel{col, text}); !taken(l) {
			out = append(out, l)
		}
	}
	add(dataLo)
	if dataHi != dataLo {
		add(dataHi)
	}
	first := math.Ceil(lo / step)
	for k := 0.0; k < 1000; k++ {
		v := (first + k) * step
		if v > hi+1e-9 {
			break
		}
		if v >= dataLo-1e-9 && v <= dataHi+1e-9 {
			add(v)
		}
	}
	slices.SortFunc(out, func(a, b tickLabel) int { return a.col - b.col })
	return out
}

// yTickRows labels the rows of a graph gh rows high spanning lo..hi: round
// values (1, 2, 5 times a power of ten) at least two rows apart, each on the
// row where the curve draws that value. The result is indexed as ntcharts
// asks for Y labels: by row above the X axis, 1 for the lowest graph row.
func yTickRows(lo, hi float64, gh int, percent bool) map[int]string {
	if gh < 1 || hi <= lo {
		return map[int]string{}
	}
	// About one label every 2.5 rows; on a short chart, a finer step as
	// long as its labels stay two rows apart, so that there are two.
	step := niceValueStep((hi - lo) / math.Max(1, float64(gh)/2.5))
	labels, _ := yTicksAt(lo, hi, gh, step, percent)
	for finer, tries := step, 0; len(labels) < 2 && tries < 6; tries++ {
		finer = finerStep(finer)
		l, spaced := yTicksAt(lo, hi, gh, finer, percent)
		if !spaced {
			// Too fine to label every multiple: the ones that fit (each
			// still on its own row) beat a lone label.
			if len(l) > len(labels) {
				labels = l
			}
			break
		}
		labels = l
	}
	return labels
}

// yTicksAt labels the multiples of step in lo..hi; spaced reports whether
// no two of them are on neighbouring rows.
func yTicksAt(lo, hi float64, gh int, step float64, percent bool) (labels map[int]string, spaced bool) {
	labels, spaced = map[int]string{}, true
	format := tickFormatter(step, percent)
	dots := float64(4*gh - 1)
	last := -1
	first := math.Ceil(lo/step - 1e-9)
	for k := 0.0; k < 100; k++ { // the multiples of step, by index: v += step may not move
		v := (first + k) * step
		if v > hi+1e-9 {
			break
		}
		fromTop := int(math.Round(dots - (v-lo)/(hi-lo)*dots))
		row := gh - fromTop/4
		if row < 1 || row > gh {
			continue
		}
		if last >= 0 && row-last < 2 {
			spaced = false
			continue
		}
		labels[row], last = format(v), row
	}
	return labels, spaced
}

// finerStep is the round step below step: 5 -> 2 -> 1 -> 0.5.
func finerStep(step float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(step)+1e-9))
	switch m := step / p; {
	case m > 4:
		return 2 * p
	case m > 1.5:
		return p
	}
	return p / 2
}

// niceValueStep is the smallest of 1, 2, 5 times a power of ten at least x.
func niceValueStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5} {
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// niceStep is niceValueStep for an X axis of steps or epochs: at least 1.
func niceStep(x float64) float64 { return math.Max(niceValueStep(x), 1) }

// formatTick writes an X tick: a step or epoch count.
func formatTick(v, step float64) string {
	if step < 1 {
		return trimFloat(fmt.Sprintf("%.1f", v))
	}
	return formatCount(v)
}

// tickFormatter writes Y ticks step apart with the decimals that step
// needs: 2.30 2.35 2.40, not 2 2 2 (ntcharts' default "%.0f").
func tickFormatter(step float64, percent bool) func(float64) string {
	d := decimals(step)
	if percent {
		d = decimals(step * 100)
	} else if step < 10 {
		d = max(d, 1) // a loss axis reads 2.0 1.0, not 2 1, which look like counts
	}
	return func(v float64) string {
		if math.Abs(v) < step/2 {
			v = 0 // not -0.00
		}
		switch {
		case percent:
			return fmt.Sprintf("%.*f%%", d, v*100)
		case math.Abs(v) >= 1e4:
			return formatCount(v)
		}
		return fmt.Sprintf("%.*f", d, v)
	}
}

// decimals is how many decimals tell apart values step apart.
func decimals(step float64) int {
	if !(step > 0) || step >= 1 {
		return 0
	}
	return min(6, int(math.Ceil(-math.Log10(step)-1e-9)))
}
