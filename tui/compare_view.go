package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
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
// parameters train in each run; a summary line per run on top. When the
// runs hold several seeds of a mode (a sweep) and the mean over seeds is
// on (a), each mode is one curve, the mean over its seeds, with a line of
// n, best and final top-1 as mean ± std.
func (m *Model) compareView(w, h int) string {
	runs := m.comparedRuns()
	if len(runs) == 0 {
		return m.st.Dim.Render("the compared runs are gone from the store (esc goes back)")
	}
	lines := []string{m.panelTabs([]string{"overlay", "side by side", "parameters"})}
	groups := seedGroups(runs)
	pooled := m.seedsPooled(groups)
	items := m.compareItems(runs, groups, pooled)
	// The parameter table: a column per run, or per mode (its seeds train
	// the same parameters).
	paramRuns, paramLabels := runs, []string(nil)
	if pooled {
		paramRuns = nil
		labelW := 12
		for _, g := range groups {
			labelW = max(labelW, min(28, len(g.label)))
		}
		// Narrow screens get every group's line in the compact form, so
		// that the status counts fit and the lines still align.
		compact := false
		for i, g := range groups {
			compact = compact || lipgloss.Width(m.groupLine(i, g, labelW, groupNWidth(groups, false), false)) > w
		}
		nW := groupNWidth(groups, compact)
		for i, g := range groups {
			lines = append(lines, truncate(m.groupLine(i, g, labelW, nW, compact), w))
			rep := g.runs[0]
			for _, r := range g.runs {
				if r.params != nil {
					rep = r
					break
				}
			}
			paramRuns, paramLabels = append(paramRuns, rep), append(paramLabels, g.label)
		}
	} else {
		// Every line gets the name column the widest summary leaves, so
		// that the lines fit and their columns align.
		summaries := make([]string, len(runs))
		nameW, rest := 0, 0
		for i, r := range runs {
			summaries[i] = m.compareSummary(r)
			nameW = max(nameW, ansi.StringWidth(r.Name()))
			rest = max(rest, ansi.StringWidth(summaries[i]))
		}
		nameW = max(12, min(nameW, 24, w-rest-4))
		for i, r := range runs {
			lines = append(lines, m.compareLine(i, r, nameW, summaries[i], w))
		}
	}
	bodyH := h - len(lines)
	head := strings.Join(lines, "\n") + "\n"
	if m.panel == panelParams {
		return head + m.compareParams(paramRuns, paramLabels, w, bodyH)
	}
	// Beside the curves on a wide terminal: the parameter table.
	tableW := m.compareParamsWidth(paramRuns)
	if w-tableW-1 < minCompareCurvesWidth {
		tableW = 0
	}
	cw := w
	if tableW > 0 {
		cw = w - tableW - 1
	}
	var curves string
	if m.panel == panelSideBySide {
		curves = m.compareSideBySide(items, pooled, cw, bodyH)
	} else {
		curves = m.compareOverlay(items, m.compareEmpty(runs), cw, bodyH)
	}
	if tableW == 0 {
		return head + curves
	}
	return head + lipgloss.JoinHorizontal(lipgloss.Top, fitBlock(curves, cw, bodyH), " ", m.compareParams(paramRuns, paramLabels, tableW, bodyH))
}

// seedsPooled reports whether the compare view shows the mean over seeds:
// it is on (the default) and some mode has several runs.
func (m *Model) seedsPooled(groups []seedGroup) bool {
	return !m.eachRun && pooledSeeds(groups)
}

// cmpItem is one curve set of the compare view: one run's, or the mean of
// the runs of a seed group.
type cmpItem struct {
	name string
	// title names the item above its own charts (side by side): a mean
	// says over how many runs.
	title string
	key   string // identifies the data, for chart caches
	// empty is what the item's charts say before its first points.
	empty               string
	stepX, loss         []float64
	epochX, train, eval []float64
	// lastStep and lastEpoch are where the run ends (the longest run of a
	// group): side by side, the axes run to them.
	lastStep, lastEpoch int
}

// compareItems is what the compare view draws: a curve set per run, or per
// seed group when pooled (the mean over seeds is on).
func (m *Model) compareItems(runs []*runState, groups []seedGroup, pooled bool) []cmpItem {
	if !pooled {
		items := make([]cmpItem, len(runs))
		for i, r := range runs {
			x, train, eval := epochSeries(r)
			_, epochs := r.epochProgress()
			items[i] = cmpItem{name: r.Name(), title: r.Name(), key: fmt.Sprintf("%s/%d", r.ID(), r.version),
				empty: m.emptyMessage(r, "the first steps"), stepX: r.stepX, loss: r.loss,
				epochX: x, train: train, eval: eval, lastStep: r.entry.Info.TotalSteps(), lastEpoch: epochs}
		}
		return items
	}
	// The means are computed again only when a run got new points.
	keys := make([]string, len(groups))
	for i, g := range groups {
		k := []string{"mean " + g.label}
		for _, r := range g.runs {
			k = append(k, fmt.Sprintf("%s/%d", r.ID(), r.version))
		}
		keys[i] = strings.Join(k, "|")
	}
	if key := strings.Join(keys, "+"); key != m.pooledKey {
		m.pooledKey, m.pooled = key, make([]cmpItem, len(groups))
		for i, g := range groups {
			var stepXs, losses, epochXs, trains, evals [][]float64
			it := cmpItem{name: g.label, title: fmt.Sprintf("%s ×%d", g.label, len(g.runs)), key: keys[i]}
			for _, r := range g.runs {
				x, train, eval := epochSeries(r)
				stepXs, losses = append(stepXs, r.stepX), append(losses, r.loss)
				epochXs, trains, evals = append(epochXs, x), append(trains, train), append(evals, eval)
				_, epochs := r.epochProgress()
				it.lastStep, it.lastEpoch = max(it.lastStep, r.entry.Info.TotalSteps()), max(it.lastEpoch, epochs)
			}
			it.stepX, it.loss = meanCurve(stepXs, losses)
			it.epochX, it.train = meanCurve(epochXs, trains)
			_, it.eval = meanCurve(epochXs, evals)
			m.pooled[i] = it
		}
	}
	items := slices.Clone(m.pooled)
	for i, g := range groups {
		items[i].empty = m.compareEmpty(g.runs) // the progress of the run they wait for moves on
	}
	return items
}

// itemsKey identifies the data of all items, for the overlay's caches.
func itemsKey(items []cmpItem) string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.key
	}
	return strings.Join(keys, "+")
}

// compareOverlay draws every item's loss on one chart and every item's
// eval top-1 on another: beside each other on a wide area, stacked
// otherwise. empty is what the charts say before the first points.
func (m *Model) compareOverlay(items []cmpItem, empty string, w, h int) string {
	key := itemsKey(items)
	m.cmpLoss.SetSmoothing(m.smoothingWeight())
	m.cmpLoss.SetEmpty(empty)
	m.cmpAcc.SetEmpty(empty)
	m.cmpLoss.SetData(key, func() []Series {
		s := make([]Series, len(items))
		for i, it := range items {
			s[i] = Series{Name: it.name, X: it.stepX, Y: it.loss, Style: m.st.Series(i), Faint: m.st.Faint(i), Smooth: true, Dash: m.dash(i)}
		}
		return s
	})
	m.cmpAcc.SetData(key, func() []Series {
		s := make([]Series, len(items))
		for i, it := range items {
			s[i] = Series{Name: it.name, X: it.epochX, Y: it.eval, Style: m.st.Series(i), Dash: m.dash(i)}
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

// compareSideBySide draws a column per item, its loss above its train and
// eval top-1, all on the same axes so that heights compare across columns.
// pooled: the items are seed groups, not runs.
func (m *Model) compareSideBySide(items []cmpItem, pooled bool, w, h int) string {
	n := min(len(items), max(1, (w+1)/36))
	colW := (w - (n - 1)) / n
	// When not all fit, take them spread over the list (which is in mode
	// order) so that every mode shows, each in its overlay colour.
	shown := make([]int, n)
	for k := range shown {
		shown[k] = k * len(items) / n
	}
	for len(m.sideCharts) < 2*n {
		c := Chart{Axis: m.st.Axis, Label: m.st.Label}
		m.sideCharts = append(m.sideCharts, c)
	}
	// Shared ranges: every item's raw loss, every item's top-1.
	var losses, accs [][]float64
	for _, i := range shown {
		losses = append(losses, items[i].loss)
		accs = append(accs, items[i].train, items[i].eval)
	}
	lossLo, lossHi := (&Chart{}).yRange(losses)
	accLo, accHi := (&Chart{Percent: true}).yRange(accs)
	var minX, maxX, maxEpoch float64 = 1, 1, 1
	for _, i := range shown {
		it := items[i]
		if k := len(it.stepX); k > 0 {
			maxX = max(maxX, it.stepX[k-1])
		}
		if k := len(it.epochX); k > 0 {
			maxEpoch = max(maxEpoch, it.epochX[k-1])
		}
		// A run still training ends at its last step and epoch.
		maxX = max(maxX, float64(it.lastStep))
		maxEpoch = max(maxEpoch, float64(it.lastEpoch))
	}
	lossH := h * 11 / 20
	var cols []string
	for k, i := range shown {
		it := items[i]
		loss, acc := &m.sideCharts[2*k], &m.sideCharts[2*k+1]
		loss.Title = m.st.Series(i).Render(dashMark(m.dash(i))) + " " + it.title + " · loss"
		loss.SetSmoothing(m.smoothingWeight())
		loss.SetRange(minX, maxX, lossLo, lossHi)
		loss.SetEmpty(it.empty)
		loss.SetData(it.key, func() []Series {
			return []Series{{X: it.stepX, Y: it.loss, Style: m.st.Series(i), Faint: m.st.Faint(i), Smooth: true, Dash: m.dash(i)}}
		})
		acc.Title, acc.Percent = "top-1", true
		acc.SetRange(min(1, maxEpoch), maxEpoch, accLo, accHi)
		acc.SetEmpty(it.empty)
		acc.SetData(it.key, func() []Series {
			return []Series{
				{Name: "train", X: it.epochX, Y: it.train, Style: m.st.Faint(i), Dash: 1},
				{Name: "eval", X: it.epochX, Y: it.eval, Style: m.st.Series(i)},
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
	if n < len(items) {
		what := "runs"
		if pooled {
			what = "modes"
		}
		out = fitBlock(out, w, h-1) + "\n" + m.st.Dim.Render(fmt.Sprintf("%d of %d %s fit side by side; the overlay shows all", n, len(items), what))
	}
	return out
}

// comparedRuns is the compared runs still in the store.
func (m *Model) comparedRuns() []*runState {
	var runs []*runState
	for _, id := range m.compare {
		if r, ok := m.runs[id]; ok {
			runs = append(runs, r)
		}
	}
	return runs
}

// compareEmpty is what the compare charts say while none of runs has a
// point: how many runs are in which status and, for queued runs, the run
// they wait for ("9 queued; they start after pretrain (running, epoch
// 2.7/12)").
func (m *Model) compareEmpty(runs []*runState) string {
	msg := "no data yet: " + statusCounts(runs)
	for _, r := range runs {
		if r.status != trainer.StatusQueued {
			continue
		}
		if p, ok := m.runs[r.entry.Info.Parent]; ok && p.status != trainer.StatusFinished {
			return msg + fmt.Sprintf(" · they start after %s (%s, epoch %s)", p.Name(), p.status, p.epochLabel())
		}
	}
	return msg
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

// compareLine is a run's legend entry (its dash and name, nameW wide) and
// its summary (see compareSummary).
func (m *Model) compareLine(i int, r *runState, nameW int, summary string, w int) string {
	mark := m.st.Series(i).Render(dashMark(m.dash(i)))
	return truncate(mark+" "+padRight(r.Name(), nameW)+" "+summary, w)
}

// compareSummary is a run's status, best top-1, trainable parameters,
// speed and training time.
func (m *Model) compareSummary(r *runState) string {
	info := r.entry.Info
	best, ok := r.bestTop1()
	trainable := "-"
	if info.Params > 0 {
		trainable = fmt.Sprintf("%s (%s)", formatParams(info.Trainable), formatShare(info.Trainable, info.Params))
	} else if r.params != nil && r.params.total > 0 {
		trainable = fmt.Sprintf("%s (%s)", formatParams(r.params.trainable), formatShare(r.params.trainable, r.params.total))
	}
	trained := "-" // never trained yet
	if secs := r.trainSeconds(); secs > 0 {
		trained = formatDuration(secondsDuration(secs))
	}
	return fmt.Sprintf("%s best %s · trains %s · %s img/s · %s",
		m.st.Status(string(r.status)).Render(padRight(string(r.status), 8)),
		formatPercent(best, ok), trainable, formatRate(r.imagesPerSec()), trained)
}

// groupLine is a seed group's legend entry and summary: over the runs of
// the group that have evaluated an epoch (n), the best eval top-1 and the
// final one as mean ± sample std in percentage points (as `adaptformer
// compare` and `table` report them), then the runs' statuses. While some
// of them train, the final top-1 is their last epoch's and says "last".
// compact writes the same facts tighter ("n=2/3", "59.8%±2.0"), for
// narrow screens.
func (m *Model) groupLine(i int, g seedGroup, labelW, nW int, compact bool) string {
	res := g.result()
	final := "final"
	if !res.final && res.last.N > 0 {
		final = "last"
	}
	mark := m.st.Series(i).Render(dashMark(m.dash(i)))
	stat := formatStat
	if compact {
		stat = compactStat
	}
	return fmt.Sprintf("%s %s %s best %s · %s %s · %s", mark, padRight(g.label, labelW), padRight(groupN(g, compact), nW),
		stat(res.best), final, stat(res.last), statusCounts(g.runs))
}

// groupN is how many of a group's runs its statistics pool: "n=3", or
// "n=2 of 3" ("n=2/3" compact) while some have not evaluated yet.
func groupN(g seedGroup, compact bool) string {
	n, all := g.result().best.N, len(g.runs)
	switch {
	case n == all:
		return fmt.Sprintf("n=%d", n)
	case compact:
		return fmt.Sprintf("n=%d/%d", n, all)
	}
	return fmt.Sprintf("n=%d of %d", n, all)
}

// groupNWidth is the widest groupN of groups, for aligned lines. The full
// form keeps a second space before "best".
func groupNWidth(groups []seedGroup, compact bool) int {
	w := 0
	for _, g := range groups {
		w = max(w, len(groupN(g, compact)))
	}
	if !compact {
		w++
	}
	return w
}

// compactStat is formatStat without the spaces around ±.
func compactStat(s experiments.Stat) string {
	return strings.Replace(formatStat(s), " ± ", "±", 1)
}
