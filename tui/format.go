package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/adaptformer/adaptformer/experiments"
)

// formatCount writes a count compactly: 950, 1.2k, 15k, 3.4M.
func formatCount(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimFloat(fmt.Sprintf("%.1f", v/1e9)) + "G"
	case a >= 1e6:
		return trimFloat(fmt.Sprintf("%.1f", v/1e6)) + "M"
	case a >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case a >= 1e3:
		return trimFloat(fmt.Sprintf("%.1f", v/1e3)) + "k"
	}
	return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
}

// trimFloat drops a trailing ".0".
func trimFloat(s string) string { return strings.TrimSuffix(s, ".0") }

// formatParams writes a parameter count: 85.8M, 1.2k, 640.
func formatParams(n int) string { return formatCount(float64(n)) }

// formatPercent writes a fraction as a percentage with one decimal, or "-"
// when there is none yet.
func formatPercent(f float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", f*100)
}

// formatStat writes a top-1 pooled over runs: "61.2% ± 1.3" (the mean and
// the sample standard deviation, in percentage points), "61.2%" for one
// run, "-" for none.
func formatStat(s experiments.Stat) string { return s.Percent(1, "%") }

// formatRate writes images per second.
func formatRate(r float64) string {
	if r <= 0 {
		return "-"
	}
	if r >= 100 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.1f", r)
}

// formatDuration writes a duration for people: 45s, 12m05s, 3h20m.
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// formatLR writes a learning rate: 0.01, 3.2e-04.
func formatLR(lr float64) string {
	if lr == 0 {
		return "0"
	}
	if lr >= 1e-3 {
		return trimFloat(strconv.FormatFloat(lr, 'g', 3, 64))
	}
	return fmt.Sprintf("%.1e", lr)
}

// truncate cuts s (which may hold ANSI styles) to w cells, with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// padRight pads or cuts s to exactly w cells.
func padRight(s string, w int) string {
	s = truncate(s, w)
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = truncate(s, w)
	if n := ansi.StringWidth(s); n < w {
		s = strings.Repeat(" ", w-n) + s
	}
	return s
}

// secondsDuration converts float seconds to a Duration.
func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// formatWhen writes when a run was created: the time today, else the date
// and time ("11-26 19:43"); "-" if unknown.
func formatWhen(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	t = t.In(now.Location())
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("01-02 15:04")
}
