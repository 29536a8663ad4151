package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// The compare view's panels, switched with tab.
const (
	panelOverlay    = iota // every run's curves on shared axes
	panelSideBySide        // one column of charts per run, on equal axes
	panelParams            // which parameters train, layer by layer, run by run
	comparePanels
)

// minCompareTableWidth is the room the parameter table needs beside the
// curves: on a terminal this much wider than the curves need, the table is
// always shown next to them.
const minCompareCurvesWidth = 100

// compareView is the headline view: the runs' loss and accuracy curves
// overlaid on shared axes in stable colours (the i-th run always has the
// i-th colour and dash), or side by side, next to a table of which
// parameters train in each run; a summary line per run on top.
func (m *Model) compareView(w, h int) string {
	var runs []*runState
	for _, id := range m.compare {
		if r, ok := m.runs[id]; ok {
			runs = append(runs, r)
		}
	}
	if len(runs) == 0 {
		return m.st.Dim.Render("the compared runs are gone from the store (esc goes back)")
	}
	lines := []string{m.panelTabs([]string{"overlay", "side by side", "parameters"})}
	for i, r := range runs {
		lines = append(lines, m.compareLine(i, r, w))
	}
	bodyH := h - len(lines)
	head := strings.Join(lines, "\n") + "\n"
	if m.panel == panelParams {
		return head + m.compareParams(runs, w, bodyH)
	}
	// Beside the curves on a wide terminal: the parameter table.
	tableW := m.compareParamsWidth(runs)
	if w-tableW-1 < minCompareCurvesWidth {
		tableW = 0
	}
	cw := w
	if tableW > 0 {
		cw = w - tableW - 1
	}
	var curves string
	if m.panel == panelSideBySide {
		curves = m.compareSideBySide(runs, cw, bodyH)
	} else {
		curves = m.compareOverlay(runs, cw, bodyH)
	}
	if tableW == 0 {
		return head + curves
	}
	return head + lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(curves, cw, bodyH), " ", m.compareParams(runs, tableW, bodyH))
}

// compareKey identifies the data of the compared runs, for chart caches.
func (m *Model) compareKey(runs []*runState) string {
	key := fmt.Sprintf("%v", m.compare)
	for _, r := range runs {
		key += fmt.Sprintf("/%d", r.version)
	}
	return key
}

// compareOverlay draws every run's loss on one chart and every run's eval
// top-1 on another: beside each other on a wide area, stacked otherwise.
func (m *Model) compareOverlay(runs []*runState, w, h int) string {
	key := m.compareKey(runs)
	m.cmpLoss.SetSmoothing(m.smoothingWeight())
	m.cmpLoss.SetData(key, func() []Series {
		s := make([]Series, len(runs))
		for i, r := range runs {
			s[i] = Series{Name: r.Name(), X: r.stepX, Y: r.loss, Style: m.st.Series(i), Faint: m.st.Faint(i), Smooth: true, Dash: m.dash(i)}
		}
		return s
	})
	m.cmpAcc.SetData(key, func() []Series {
		s := make([]Series, len(runs))
		for i, r := range runs {
			x, _, eval := epochSeries(r)
			s[i] = Series{Name: r.Name(), X: x, Y: eval, Style: m.st.Series(i), Dash: m.dash(i)}
		}
		return s
	})
	if w >= 120 {
		lw := (w - 1) / 2
		m.cmpLoss.SetSize(lw, h)
		m.cmpAcc.SetSize(w-1-lw, h)
		return lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(m.cmpLoss.View(), lw, h), " ", m.cmpAcc.View())
	}
	lossH := h / 2
	m.cmpLoss.SetSize(w, lossH)
	m.cmpAcc.SetSize(w, h-lossH)
	return m.cmpLoss.View() + "\n" + m.cmpAcc.View()
}

// compareSideBySide draws a column per run, its loss above its train and
// eval top-1, all on the same axes so that heights compare across columns.
func (m *Model) compareSideBySide(runs []*runState, w, h int) string {
	n := min(len(runs), max(1, (w+1)/36))
	colW := (w - (n - 1)) / n
	for len(m.sideCharts) < 2*n {
		c := Chart{Axis: m.st.Axis, Label: m.st.Label}
		m.sideCharts = append(m.sideCharts, c)
	}
	// Shared ranges: every run's raw loss, every run's top-1.
	var losses, accs [][]float64
	for _, r := range runs[:n] {
		_, train, eval := epochSeries(r)
		losses = append(losses, r.loss)
		accs = append(accs, train, eval)
	}
	lossLo, lossHi := (&Chart{}).yRange(losses)
	accLo, accHi := (&Chart{Percent: true}).yRange(accs)
	var minX, maxX, maxEpoch float64 = 1, 1, 1
	for _, r := range runs[:n] {
		if k := len(r.stepX); k > 0 {
			maxX = max(maxX, r.stepX[k-1])
		}
		if k := len(r.epochs); k > 0 {
			maxEpoch = max(maxEpoch, float64(r.epochs[k-1].Epoch))
		}
		if total := r.entry.Info.TotalSteps(); total > 0 {
			maxX = max(maxX, float64(total)) // a run still training ends at its last step
		}
		if _, total := r.epochProgress(); total > 0 {
			maxEpoch = max(maxEpoch, float64(total))
		}
	}
	lossH := h * 11 / 20
	var cols []string
	for i, r := range runs[:n] {
		loss, acc := &m.sideCharts[2*i], &m.sideCharts[2*i+1]
		key := fmt.Sprintf("%s/%d", r.ID(), r.version)
		loss.Title = m.st.Series(i).Render(dashMark(m.dash(i))) + " " + r.Name() + " · loss"
		loss.SetSmoothing(m.smoothingWeight())
		loss.SetRange(minX, maxX, lossLo, lossHi)
		loss.SetData(key, func() []Series {
			return []Series{{X: r.stepX, Y: r.loss, Style: m.st.Series(i), Faint: m.st.Faint(i), Smooth: true, Dash: m.dash(i)}}
		})
		acc.Title, acc.Percent = "top-1", true
		acc.SetRange(min(1, maxEpoch), maxEpoch, accLo, accHi)
		acc.SetData(key, func() []Series {
			x, train, eval := epochSeries(r)
			return []Series{
				{Name: "train", X: x, Y: train, Style: m.st.Faint(i), Dash: 1},
				{Name: "eval", X: x, Y: eval, Style: m.st.Series(i)},
			}
		})
		loss.SetSize(colW, lossH)
		acc.SetSize(colW, h-lossH)
		cols = append(cols, fitBlock(loss.View()+"\n"+acc.View(), colW, h))
	}
	sep := m.st.Dim.Render(strings.TrimSuffix(strings.Repeat("│\n", h), "\n"))
	var parts []string
	for i, c := range cols {
		if i > 0 {
			parts = append(parts, sep)
		}
		parts = append(parts, c)
	}
	out := lipgloss.JoinHorizontal(lipgloss.Top, parts...)
	if n < len(runs) {
		out = fitBlock(out, w, h-1) + "\n" + m.st.Dim.Render(fmt.Sprintf("%d of %d runs fit side by side; the overlay shows all", n, len(runs)))
	}
	return out
}

// epochSeries is a run's train and eval top-1 per epoch.
func epochSeries(r *runState) (x, train, eval []float64) {
	for _, e := range r.epochs {
		x = append(x, float64(e.Epoch))
		train = append(train, e.TrainTop1)
		eval = append(eval, e.EvalTop1)
	}
	return x, train, eval
}

// compareLine is a run's legend entry and summary: best top-1, trainable
// parameters, speed and training time.
func (m *Model) compareLine(i int, r *runState, w int) string {
	info := r.entry.Info
	best, ok := r.bestTop1()
	trainable := "-"
	if info.Params > 0 {
		trainable = fmt.Sprintf("%s (%s)", formatParams(info.Trainable), formatShare(info.Trainable, info.Params))
	} else if r.params != nil && r.params.total > 0 {
		trainable = fmt.Sprintf("%s (%s)", formatParams(r.params.trainable), formatShare(r.params.trainable, r.params.total))
	}
	mark := m.st.Series(i).Render(dashMark(m.dash(i)))
	nameW := min(24, max(12, w-62))
	s := fmt.Sprintf("%s %s %s best %s · trains %s · %s img/s · %s",
		mark, padRight(r.Name(), nameW), m.st.Status(string(r.status)).Render(padRight(string(r.status), 8)),
		formatPercent(best, ok), trainable, formatRate(r.imagesPerSec()), formatDuration(secondsDuration(r.trainSeconds())))
	return truncate(s, w)
}
