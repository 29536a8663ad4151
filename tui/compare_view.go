package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// compareView overlays the runs' curves on shared axes in stable colours
// (the i-th run always has the i-th colour), with a summary line per run;
// tab shows their parameter tables side by side instead.
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
	lines := []string{m.panelTabs([]string{"curves", "parameters"})}
	for i, r := range runs {
		lines = append(lines, m.compareLine(i, r, w))
	}
	bodyH := h - len(lines)
	if m.panel == 1 {
		return strings.Join(lines, "\n") + "\n" + m.compareParams(runs, w, bodyH)
	}
	key := fmt.Sprintf("%v", m.compare)
	for _, r := range runs {
		key += fmt.Sprintf("/%d", r.version)
	}
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
			var x, y []float64
			for _, e := range r.epochs {
				x = append(x, float64(e.Epoch))
				y = append(y, e.EvalTop1)
			}
			s[i] = Series{Name: r.Name(), X: x, Y: y, Style: m.st.Series(i), Dash: m.dash(i)}
		}
		return s
	})
	var body string
	if w >= 120 {
		cw := (w - 1) / 2
		m.cmpLoss.SetSize(cw, bodyH)
		m.cmpAcc.SetSize(w-1-cw, bodyH)
		body = lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(m.cmpLoss.View(), cw, bodyH), " ", m.cmpAcc.View())
	} else {
		lossH := bodyH / 2
		m.cmpLoss.SetSize(w, lossH)
		m.cmpAcc.SetSize(w, bodyH-lossH)
		body = m.cmpLoss.View() + "\n" + m.cmpAcc.View()
	}
	return strings.Join(lines, "\n") + "\n" + body
}

// compareLine is a run's legend entry and summary: best top-1, trainable
// parameters, speed and training time.
func (m *Model) compareLine(i int, r *runState, w int) string {
	info := r.entry.Info
	best, ok := r.bestTop1()
	trainable := "-"
	if info.Params > 0 {
		trainable = fmt.Sprintf("%s (%.2f%%)", formatParams(info.Trainable), 100*float64(info.Trainable)/float64(info.Params))
	} else if r.params != nil && r.params.total > 0 {
		trainable = fmt.Sprintf("%s (%.2f%%)", formatParams(r.params.trainable), 100*float64(r.params.trainable)/float64(r.params.total))
	}
	mark := m.st.Series(i).Render(dashMark(m.dash(i)))
	nameW := min(24, max(12, w-62))
	s := fmt.Sprintf("%s %s %s best %s · trains %s · %s img/s · %s",
		mark, padRight(r.Name(), nameW), m.st.Status(string(r.status)).Render(padRight(string(r.status), 8)),
		formatPercent(best, ok), trainable, formatRate(r.imagesPerSec()), formatDuration(secondsDuration(r.trainSeconds())))
	return truncate(s, w)
}

// compareParams puts the runs' parameter tables side by side.
func (m *Model) compareParams(runs []*runState, w, h int) string {
	n := min(len(runs), max(1, w/40))
	cw := (w - (n - 1)) / n
	var cols []string
	for i := range n {
		cols = append(cols, fitBlock(m.paramsPanel(runs[i], cw, h), cw, h))
	}
	sep := strings.TrimSuffix(strings.Repeat("│\n", h), "\n")
	var parts []string
	for i, c := range cols {
		if i > 0 {
			parts = append(parts, m.st.Dim.Render(sep))
		}
		parts = append(parts, c)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, parts...)
}
