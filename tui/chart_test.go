package tui

import (
	"math"
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

// TestValueLabels is the ntcharts trap: "%.0f" labels a loss between 0.4
// and 2.3 as 0, 1 and 2. Ours have the decimals the range needs.
func TestValueLabels(t *testing.T) {
	tests := []struct {
		span    float64
		percent bool
		v       float64
		want    string
	}{
		{2, false, 1.234, "1.23"},
		{0.2, false, 1.234, "1.234"},
		{0.01, false, 1.23456, "1.2346"},
		{30, false, 12.34, "12.3"},
		{500, false, 123.4, "123"},
		{0.5, true, 0.4567, "46%"},
		{0.02, true, 0.4567, "45.7%"},
	}
	for _, tt := range tests {
		if got := valueFormatter(tt.span, tt.percent)(tt.v); got != tt.want {
			t.Errorf("valueFormatter(%v, %v)(%v) = %q, want %q", tt.span, tt.percent, tt.v, got, tt.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{{0.3, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {130, 200}, {4100, 5000}} {
		if got := niceStep(tt.x); got != tt.want {
			t.Errorf("niceStep(%v) = %v, want %v", tt.x, got, tt.want)
		}
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
