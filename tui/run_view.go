package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/adaptformer/adaptformer/trainer"
)

// paramsPanelWidth is the parameter table's width beside the curves, from
// a terminal sideBySideWidth wide.
const paramsPanelWidth, sideBySideWidth = 62, 120

// runView is one run: a header, a progress bar, the loss and accuracy
// curves, and the per-layer parameter table; side by side on a wide
// terminal, one at a time (tab) on a narrow one.
func (m *Model) runView(w, h int) string {
	r, ok := m.runs[m.openID]
	if !ok {
		return m.st.Dim.Render("the run is gone from the store (esc goes back)")
	}
	lines := []string{m.runSummaryLine(r, w, false), m.progressLine(r, w)}
	// An error of an earlier attempt (a failure since resumed, a corrupt
	// checkpoint set aside) matters until the run finishes.
	if msg := r.entry.Info.Message; msg != "" && r.status == trainer.StatusFailed {
		lines = append(lines, wrapLines(m.st.Error, r.Name()+" failed: "+msg, w, 3)...)
	} else if r.lastError != "" && r.status != trainer.StatusFinished {
		lines = append(lines, wrapLines(m.st.Error, r.lastError, w, 3)...)
	}
	if r.skipped != "" {
		// The curves leave those lines out; say so rather than hide it.
		lines = append(lines, wrapLines(m.st.Dim, "metrics.jsonl: "+r.skipped, w, 2)...)
	}
	bodyH := h - len(lines)
	side := w >= sideBySideWidth
	var body string
	if side {
		cw := w - paramsPanelWidth - 1
		curves := m.curvesPanel(r, cw, bodyH)
		params := m.paramsPanel(r, paramsPanelWidth, bodyH)
		body = lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(curves, cw, bodyH), " ", params)
	} else {
		tabs := m.panelTabs([]string{"curves", "parameters"})
		lines = append(lines, tabs)
		bodyH--
		if m.panel == 0 {
			body = m.curvesPanel(r, w, bodyH)
		} else {
			body = m.paramsPanel(r, w, bodyH)
		}
	}
	return strings.Join(append(lines, body), "\n")
}

// panelTabs shows which panel tab switches to.
func (m *Model) panelTabs(names []string) string {
	var parts []string
	for i, n := range names {
		if i == m.panel {
			parts = append(parts, m.st.TabActive.Render("["+n+"]"))
		} else {
			parts = append(parts, m.st.Tab.Render(" "+n+" "))
		}
	}
	return strings.Join(parts, " ") + m.st.Dim.Render("   (tab)")
}

// progressLine is the bar with step, epoch, speed, ETA and learning rate.
func (m *Model) progressLine(r *runState, w int) string {
	info := r.entry.Info
	text := " epoch " + r.epochLabel()
	if info.Step > 0 {
		text += fmt.Sprintf(" · step %d", info.Step)
		if t := info.TotalSteps(); t > 0 {
			text += fmt.Sprintf("/%d", t)
		}
	}
	if r.status == "running" {
		if rate := r.imagesPerSec(); rate > 0 {
			text += " · " + formatRate(rate) + " img/s"
		}
		if eta, ok := r.eta(); ok {
			text += " · ETA " + formatDuration(eta)
		}
	} else if secs := r.trainSeconds(); secs > 0 {
		text += fmt.Sprintf(" · trained %s", formatDuration(secondsDuration(secs)))
	}
	if r.lastStep.LR > 0 {
		text += " · lr " + formatLR(r.lastStep.LR)
	}
	// The bar keeps its width as the text changes length.
	barW := max(10, min(40, w/4))
	return truncate(m.bar(info.Progress(), barW)+text, w)
}

// bar draws a progress bar of w cells with the percentage after it.
func (m *Model) bar(frac float64, w int) string {
	frac = max(0, min(1, frac))
	cells := w - 5
	full := int(frac*float64(cells) + 0.5)
	return m.st.Selected.Render(strings.Repeat("█", full)) + m.st.Dim.Render(strings.Repeat("░", cells-full)) +
		fmt.Sprintf(" %3.0f%%", frac*100)
}

// smoothingWeight is the EMA weight in effect (0: off).
func (m *Model) smoothingWeight() float64 {
	if !m.smoothOn {
		return 0
	}
	return m.smoothing
}

// dash is the dash style of the i-th curve of a chart: solid with colour
// (dotted once the palette's colours come round again, so that the 7th run
// of a sweep does not look like the 1st), distinct patterns without.
func (m *Model) dash(i int) int {
	if m.st.Color() {
		return i / paletteSize
	}
	return i
}

// setLossData points the loss chart at r's steps.
func (m *Model) setLossData(r *runState) {
	m.lossChart.SetEmpty(m.emptyMessage(r, "the first steps"))
	m.lossChart.SetSmoothing(m.smoothingWeight())
	m.lossChart.SetData(fmt.Sprintf("%s/%d", r.ID(), r.version), func() []Series {
		return []Series{{Name: "", X: r.stepX, Y: r.loss, Style: m.st.Series(0), Faint: m.st.Faint(0), Smooth: true}}
	})
}

// curvesPanel stacks the loss (per step), accuracy (per epoch) and, when
// there is room, learning-rate charts.
func (m *Model) curvesPanel(r *runState, w, h int) string {
	showLR := h >= 30
	lossH := h * 11 / 20
	accH := h - lossH
	lrH := 0
	if showLR {
		lrH = h / 5
		accH -= lrH
	}
	m.lossChart.SetSize(w, lossH)
	m.setLossData(r)
	m.accChart.SetEmpty(m.emptyMessage(r, "the first epoch's end"))
	m.accChart.SetSize(w, accH)
	m.accChart.SetData(fmt.Sprintf("%s/%d", r.ID(), r.version), func() []Series {
		var ex, train, eval, emaX, ema []float64
		for _, e := range r.epochs {
			ex = append(ex, float64(e.Epoch))
			train = append(train, e.TrainTop1)
			eval = append(eval, e.EvalTop1)
			if e.HasEMA() {
				emaX, ema = append(emaX, float64(e.Epoch)), append(ema, e.EMAEvalTop1)
			}
		}
		series := []Series{
			{Name: "train", X: ex, Y: train, Style: m.st.Series(2), Dash: m.dash(1)},
			{Name: "eval", X: ex, Y: eval, Style: m.st.Series(1)},
		}
		if len(ema) > 0 { // the moving average of the weights, evaluated
			series = append(series, Series{Name: "ema weights", X: emaX, Y: ema, Style: m.st.Series(3), Dash: m.dash(2)})
		}
		return series
	})
	out := []string{m.lossChart.View(), m.accChart.View()}
	if showLR {
		m.lrChart.SetSize(w, lrH)
		m.lrChart.SetEmpty(m.emptyMessage(r, "the first steps"))
		m.lrChart.SetData(fmt.Sprintf("%s/%d", r.ID(), r.version), func() []Series {
			return []Series{{X: r.stepX, Y: r.lr, Style: m.st.Series(4)}}
		})
		out = append(out, m.lrChart.View())
	}
	return strings.Join(out, "\n")
}

// paramsPanel is the run's per-layer parameter table.
func (m *Model) paramsPanel(r *runState, w, h int) string {
	title := m.st.Bold.Render("parameters") + m.st.Dim.Render(" · "+r.entry.Info.Config.Mode)
	if r.params == nil {
		msg := "the per-layer table appears when the run starts\n(" + "summary.txt in the run directory)"
		if info := r.entry.Info; info.Params > 0 {
			msg = fmt.Sprintf("total %s  trainable %s (%.2f%%)\n\n%s", formatParams(info.Params), formatParams(info.Trainable),
				100*float64(info.Trainable)/float64(info.Params), msg)
		}
		return title + "\n" + m.st.Dim.Render(msg)
	}
	m.offset = max(0, min(m.offset, len(r.params.rows)-(h-1-3))) // what view shows
	return title + "\n" + r.params.view(m.st, w, h-1, m.offset)
}

// emptyMessage is what a chart of r without points says: what it waits
// for, or why nothing will come.
func (m *Model) emptyMessage(r *runState, what string) string {
	switch r.status {
	case trainer.StatusQueued:
		if p, ok := m.runs[r.entry.Info.Parent]; ok && p.status != trainer.StatusFinished {
			return fmt.Sprintf("queued: starts after %s (%s, epoch %s)", p.Name(), p.status, p.epochLabel())
		}
		return "queued: waiting for its turn"
	case trainer.StatusFailed:
		return "no data: the run failed (see the message above)"
	case trainer.StatusRunning:
		return "waiting for " + what
	}
	return "no data yet (" + string(r.status) + ")"
}

// wrapLines wraps s to w cells in style, at most n lines, the last cut
// with an ellipsis.
func wrapLines(style lipgloss.Style, s string, w, n int) []string {
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n") // at spaces; a long path is cut
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = truncate(lines[n-1]+" …", w)
	}
	for i, l := range lines {
		lines[i] = style.Render(truncate(l, w))
	}
	return lines
}
