package tui

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestSmooth(t *testing.T) {
	tests := []struct {
		name string
		ys   []float64
		w    float64
		want []float64
	}{
		{"off", []float64{1, 2, 3}, 0, []float64{1, 2, 3}},
		// Debiased: the first value is kept, not pulled towards zero.
		{"debiased start", []float64{2, 2, 2}, 0.9, []float64{2, 2, 2}},
		// EMA 0.5*0 + 0.5*1 = 0.5, divided by 1-0.5^2 = 0.75.
		{"step", []float64{0, 1}, 0.5, []float64{0, 2.0 / 3}},
		{"nan passes through", []float64{1, math.NaN(), 1}, 0.5, []float64{1, math.NaN(), 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Smooth(tt.ys, tt.w)
			for i := range tt.want {
				g, w := got[i], tt.want[i]
				if math.IsNaN(w) != math.IsNaN(g) || !math.IsNaN(w) && math.Abs(g-w) > 1e-12 {
					t.Fatalf("Smooth(%v, %v) = %v, want %v", tt.ys, tt.w, got, tt.want)
				}
			}
		})
	}
}

// TestSmoothingSteps checks the [ and ] ladder.
func TestSmoothingSteps(t *testing.T) {
	if got := nextSmoothing(0.6, 1); got != 0.8 {
		t.Errorf("up from 0.6 = %v", got)
	}
	if got := nextSmoothing(0.6, -1); got != 0.3 {
		t.Errorf("down from 0.6 = %v", got)
	}
	if got := nextSmoothing(0, -1); got != 0 {
		t.Errorf("down from 0 = %v", got)
	}
	if got := nextSmoothing(0.99, 1); got != 0.99 {
		t.Errorf("up from 0.99 = %v", got)
	}
}

// TestTickLabels is the ntcharts trap: "%.0f" labels a loss between 0.4
// and 2.3 as 0, 1 and 2. Ours have the decimals the tick step needs.
func TestTickLabels(t *testing.T) {
	tests := []struct {
		step    float64
		percent bool
		v       float64
		want    string
	}{
		{0.5, false, 1.5, "1.5"},
		{0.05, false, 2.35, "2.35"},
		{0.002, false, 1.234, "1.234"},
		{0.01, false, -0.001, "0.00"},
		{1, false, 2, "2.0"},
		{5, false, 15, "15.0"},
		{20, false, 40, "40"},
		{0.1, true, 0.4, "40%"},
		{0.005, true, 0.095, "9.5%"},
		{0.001, true, 0.101, "10.1%"},
	}
	for _, tt := range tests {
		if got := tickFormatter(tt.step, tt.percent)(tt.v); got != tt.want {
			t.Errorf("tickFormatter(%v, %v)(%v) = %q, want %q", tt.step, tt.percent, tt.v, got, tt.want)
		}
	}
}

// TestYTickRows: round values, at least two rows apart, none outside the
// graph, on the row the curve draws them.
func TestYTickRows(t *testing.T) {
	labels := yTickRows(2.26, 2.39, 20, false)
	if len(labels) < 3 || len(labels) > 9 {
		t.Fatalf("%d labels on 20 rows: %v", len(labels), labels)
	}
	rows := make([]int, 0, len(labels))
	for row, text := range labels {
		if row < 1 || row > 20 {
			t.Errorf("label %q on row %d of 20", text, row)
		}
		if !strings.HasPrefix(text, "2.") || len(text) != 4 || text[3] != '0' && text[3] != '2' && text[3] != '4' && text[3] != '6' && text[3] != '8' && text[3] != '5' {
			t.Errorf("label %q is not a round value", text)
		}
		rows = append(rows, row)
	}
	slices.Sort(rows)
	for i := 1; i < len(rows); i++ {
		if rows[i]-rows[i-1] < 2 {
			t.Errorf("labels on rows %d and %d are adjacent: %v", rows[i-1], rows[i], labels)
		}
	}
	// The bottom and the top of the range: 0% lands on the lowest row.
	if got := yTickRows(0, 1, 10, true)[1]; got != "0%" {
		t.Errorf("lowest row of a 0-100%% axis: %q, want 0%%", got)
	}
}

// TestXTickLabels: the last step and the last epoch are labelled, labels
// do not touch, and ticks are whole numbers.
func TestXTickLabels(t *testing.T) {
	texts := func(ls []tickLabel) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.text)
		}
		return out
	}
	tests := []struct {
		name           string
		lo, hi         float64
		dataLo, dataHi float64
		cols           int
		want           []string
	}{
		{"two epochs", 1, 2, 1, 2, 70, []string{"1", "2"}},
		{"one epoch", 0.5, 1.5, 1, 1, 70, []string{"1"}},
		{"forty steps", 1, 40, 1, 40, 70, []string{"1", "5", "10", "15", "20", "25", "30", "35", "40"}},
		{"ten epochs, narrow", 1, 10, 1, 10, 20, []string{"1", "5", "10"}},
		{"steps in thousands", 1, 12345, 1, 12345, 70, []string{"1", "2k", "4k", "6k", "8k", "10k", "12k"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := xTickLabels(tt.lo, tt.hi, tt.dataLo, tt.dataHi, 6, tt.cols, 6+tt.cols)
			if got := texts(ls); !slices.Equal(got, tt.want) {
				t.Errorf("labels %q, want %q", got, tt.want)
			}
			for i := 1; i < len(ls); i++ {
				if ls[i].col < ls[i-1].col+len(ls[i-1].text)+2 {
					t.Errorf("labels %q and %q touch", ls[i-1].text, ls[i].text)
				}
			}
			if n := len(ls); n > 0 && ls[n-1].col+len(ls[n-1].text) > 6+tt.cols {
				t.Errorf("last label %q runs off the canvas", ls[n-1].text)
			}
		})
	}
}

// TestChartFloatSteps draws points closer than one unit apart (which the
// time-series chart would merge into one second) and checks they spread
// over the width, with fractional Y labels.
func TestChartFloatSteps(t *testing.T) {
	st := NewStyles(lipgloss.NewRenderer(nil), false)
	c := Chart{Title: "loss", Axis: st.Axis, Label: st.Label}
	var xs, ys []float64
	for i := range 200 {
		xs = append(xs, float64(i)/100) // 0 .. 1.99
		ys = append(ys, 0.5+float64(i)/200)
	}
	c.SetSize(60, 12)
	c.SetSeries([]Series{{Name: "loss", X: xs, Y: ys, Style: st.Series(0)}})
	out := c.View()
	lines := strings.Split(out, "\n")
	if len(lines) != 12 {
		t.Fatalf("chart has %d lines, want 12:\n%s", len(lines), out)
	}
	// Braille dots in the leftmost and the rightmost plot columns.
	var left, right bool
	for _, l := range lines[1 : len(lines)-2] {
		r := []rune(l)
		for i, ch := range r {
			if ch >= 0x2800 && ch <= 0x28FF {
				if i < 10 {
					left = true
				}
				if i > len(r)-4 {
					right = true
				}
			}
		}
	}
	if !left || !right {
		t.Errorf("curve does not span the width (left %v right %v):\n%s", left, right, out)
	}
	if !strings.Contains(out, ".") {
		t.Errorf("no fractional Y label in a 0.5-1.5 range:\n%s", out)
	}
	// Cached: a second View renders nothing new.
	c.dirty = false
	if c.View() != out {
		t.Error("second View differs")
	}
}

func TestChartEmpty(t *testing.T) {
	c := Chart{Title: "top-1"}
	c.SetSize(40, 8)
	if out := c.View(); !strings.Contains(out, "waiting for data") {
		t.Errorf("empty chart:\n%s", out)
	}
	c.SetSize(5, 2) // too small to draw: blank, no panic
	_ = c.View()
}

// TestChartSinglePoint has a degenerate range in X and Y.
func TestChartSinglePoint(t *testing.T) {
	c := Chart{}
	c.SetSize(40, 8)
	c.SetSeries([]Series{{X: []float64{1}, Y: []float64{0.5}}})
	out := c.View()
	if !strings.ContainsFunc(out, func(r rune) bool { return r > 0x2800 && r <= 0x28FF }) {
		t.Errorf("single point not drawn:\n%s", out)
	}
}

// TestDashPatterns: without colour, curves differ by dash.
func TestDashPatterns(t *testing.T) {
	for d := range 4 {
		on := 0
		for n := range 20 {
			if dashPattern(d, n) {
				on++
			}
		}
		if d == 0 && on != 20 || d > 0 && (on == 0 || on == 20) {
			t.Errorf("dash %d draws %d of 20 dots", d, on)
		}
	}
}
