package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// paramTable is a model's per-layer parameter table, read from a run
// directory's summary.txt (vit.Summary's String form), or planned from the
// config of a run that has not started.
type paramTable struct {
	rows      []paramRow
	total     int
	trainable int
	planned   bool // from the config: replaced by summary.txt once written
}

// paramRow is one module of the model.
type paramRow struct {
	name, typ, shape  string
	params, trainable int
}

// rowPattern matches one module line of summary.txt:
// "blocks.0.adaptmlp  Adapter  [65, 64]  8,321  8,321".
var rowPattern = regexp.MustCompile(`^(\S+)\s+(\S+)\s+(\[[^\]]*\])\s+([\d,]+)\s+([\d,]+)\s*$`)

// parseParamTable reads vit.Summary's text form. Unknown lines are skipped;
// a text with no module line at all is an error.
func parseParamTable(text string) (*paramTable, error) {
	t := &paramTable{}
	for _, line := range strings.Split(text, "\n") {
		m := rowPattern.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		p, err1 := atoiCommas(m[4])
		tr, err2 := atoiCommas(m[5])
		if err1 != nil || err2 != nil {
			continue
		}
		t.rows = append(t.rows, paramRow{name: m[1], typ: m[2], shape: m[3], params: p, trainable: tr})
		t.total += p
		t.trainable += tr
	}
	if len(t.rows) == 0 {
		return nil, fmt.Errorf("no parameter rows in the summary")
	}
	return t, nil
}

func atoiCommas(s string) (int, error) { return strconv.Atoi(strings.ReplaceAll(s, ",", "")) }

// mark is the glyph telling how much of a row trains, so that the table
// reads the same without colour.
func (r paramRow) mark() string {
	switch {
	case r.trainable == 0:
		return "○"
	case r.trainable == r.params:
		return "●"
	}
	return "◐"
}

// view renders rows offset.. of the table in w x h cells, totals last.
func (t *paramTable) view(st *Styles, w, h, offset int) string {
	if h < 3 {
		return ""
	}
	nameW := 8
	for _, r := range t.rows {
		nameW = max(nameW, len(r.name))
	}
	// mark, name, type, params, trainable; shape only where there is room.
	const typeW, numW = 10, 9
	showShape := w >= 2+nameW+1+typeW+1+11+2*(numW+1)
	showType := w >= 2+min(nameW, 18)+1+typeW+2*(numW+1)
	fixed := 2 + 2*(numW+1)
	if showType {
		fixed += typeW + 1
	}
	if showShape {
		fixed += 12
	}
	nameW = max(6, min(nameW, w-fixed))

	line := func(mark, name, typ, shape, params, trainable string) string {
		var b strings.Builder
		b.WriteString(padRight(mark, 2))
		b.WriteString(padRight(name, nameW))
		if showType {
			b.WriteString(" " + padRight(typ, typeW))
		}
		if showShape {
			b.WriteString(" " + padRight(shape, 11))
		}
		b.WriteString(" " + padLeft(params, numW))
		b.WriteString(" " + padLeft(trainable, numW))
		return b.String()
	}
	var out []string
	out = append(out, st.Header.Render(line("", "layer", "type", "output", "params", "trainable")))
	body := h - 3 // header, totals, legend
	offset = max(0, min(offset, len(t.rows)-body))
	for i := offset; i < len(t.rows) && i < offset+body; i++ {
		r := t.rows[i]
		s := line(r.mark(), r.name, r.typ, r.shape, formatParams(r.params), formatParams(r.trainable))
		if r.trainable > 0 {
			s = st.Trainable.Render(s)
		} else {
			s = st.Frozen.Render(s)
		}
		out = append(out, s)
	}
	for len(out) < h-2 {
		out = append(out, "")
	}
	pct := 0.0
	if t.total > 0 {
		pct = 100 * float64(t.trainable) / float64(t.total)
	}
	out = append(out, st.Bold.Render(truncate(fmt.Sprintf("total %s  trainable %s (%.2f%%)  frozen %s",
		formatParams(t.total), formatParams(t.trainable), pct, formatParams(t.total-t.trainable)), w)))
	more := ""
	if len(t.rows) > body {
		more = fmt.Sprintf("  rows %d-%d of %d", offset+1, min(len(t.rows), offset+body), len(t.rows))
	}
	out = append(out, st.Dim.Render(truncate("● trains  ◐ partly  ○ frozen"+more, w)))
	return strings.Join(out, "\n")
}

// paramCellWidth is a run's column in the compare view's parameter table.
const paramCellWidth = 14

// compareParamsWidth is the width of the compare view's parameter table.
func (m *Model) compareParamsWidth(runs []*runState) int {
	return 2 + compareNameWidth(runs) + 1 + 7 + len(runs)*(1+paramCellWidth)
}

func compareNameWidth(runs []*runState) int {
	w := len("trainable") // the totals row
	for _, r := range runs {
		if r.params != nil {
			for _, row := range r.params.rows {
				w = max(w, len(row.name))
			}
		}
	}
	return min(w, 20)
}

// compareParams is the compare view's parameter table: a row per layer
// and a column per run telling what of the layer trains in that run (●
// all, ◐ part, ○ nothing) and how many parameters, totals last. It is the
// difference between the runs in one look: the adaptformer run trains only
// the adapters and the head, the full run everything. labels head the
// columns when not nil (the compare view's seed groups: one run stands for
// its group, whose seeds train the same parameters).
func (m *Model) compareParams(runs []*runState, labels []string, w, h int) string {
	if h < 5 {
		return ""
	}
	nameW := compareNameWidth(runs)
	all := len(runs)
	n := min(len(runs), max(1, (w-2-nameW-8)/(1+paramCellWidth)))
	if n < all {
		// Spread over the list, which is in mode order, so that every
		// mode keeps a column (as side by side does).
		shown, shownLabels := make([]*runState, n), []string(nil)
		for k := range shown {
			shown[k] = runs[k*all/n]
			if labels != nil {
				shownLabels = append(shownLabels, labels[k*all/n])
			}
		}
		runs, labels = shown, shownLabels
	}
	var names []string
	params := map[string]int{}
	cells := make([]map[string]paramRow, n)
	for i, r := range runs {
		cells[i] = map[string]paramRow{}
		if r.params == nil {
			continue
		}
		for _, row := range r.params.rows {
			if _, seen := params[row.name]; !seen {
				names = append(names, row.name)
				params[row.name] = row.params
			}
			cells[i][row.name] = row
		}
	}
	line := func(mark, name, count string, runCells []string) string {
		s := padRight(mark, 2) + padRight(name, nameW) + " " + padLeft(count, 7)
		for _, c := range runCells {
			s += " " + c
		}
		return s
	}
	var heads []string
	for i, r := range runs {
		label := r.Name()
		if mode := r.entry.Info.Config.Mode; labels != nil {
			label = labels[i]
		} else if mode != "" && distinctModes(runs) {
			label = mode
		}
		heads = append(heads, padLeft(m.st.Series(i).Render(dashMark(m.dash(i)))+" "+truncate(label, paramCellWidth-3), paramCellWidth))
	}
	out := []string{
		m.st.Bold.Render(truncate("which parameters train", w)),
		m.st.Header.Render(line("", "layer", "params", nil)) + " " + strings.Join(heads, " "),
	}
	body := h - 4 // title, header, totals, legend
	if len(names) == 0 {
		out = append(out, m.st.Dim.Render(truncate("the per-layer tables appear when the runs start", w)))
	}
	m.offset = max(0, min(m.offset, len(names)-body))
	for _, name := range names[m.offset:min(len(names), m.offset+body)] {
		var cs []string
		for i := range runs {
			row, ok := cells[i][name]
			var c string
			switch {
			case !ok:
				c = padLeft("-", paramCellWidth)
			case row.trainable > 0:
				c = m.st.Trainable.Render(row.mark() + padLeft(formatParams(row.trainable), paramCellWidth-1))
			default:
				c = m.st.Frozen.Render(row.mark() + padLeft("0", paramCellWidth-1))
			}
			cs = append(cs, c)
		}
		out = append(out, line("", name, formatParams(params[name]), cs))
	}
	for len(out) < h-2 {
		out = append(out, "")
	}
	var totals []string
	total := 0
	for _, r := range runs {
		if r.params == nil {
			totals = append(totals, padLeft("?", paramCellWidth))
			continue
		}
		total = max(total, r.params.total)
		totals = append(totals, padLeft(formatParams(r.params.trainable)+" "+formatShare(r.params.trainable, r.params.total), paramCellWidth))
	}
	out = append(out, m.st.Bold.Render(line("", "trainable", formatParams(total), totals)))
	more := ""
	if len(names) > body {
		more = fmt.Sprintf("  rows %d-%d of %d (↑/↓)", m.offset+1, min(len(names), m.offset+body), len(names))
	}
	if n < all {
		what := "runs"
		if labels != nil {
			what = "modes"
		}
		more += fmt.Sprintf("  %d of %d %s", n, all, what)
	}
	out = append(out, m.st.Dim.Render(truncate("● trains  ◐ partly  ○ frozen"+more, w)))
	for i := range out {
		out[i] = truncate(out[i], w)
	}
	return strings.Join(out, "\n")
}

// distinctModes reports whether no two runs share a mode, so that the mode
// names them.
func distinctModes(runs []*runState) bool {
	seen := map[string]bool{}
	for _, r := range runs {
		mode := r.entry.Info.Config.Mode
		if mode == "" || seen[mode] {
			return false
		}
		seen[mode] = true
	}
	return true
}

// formatShare writes part/whole as a percentage with the digits a small
// share needs: 2.37%, 45.1%, 100%.
func formatShare(part, whole int) string {
	if whole <= 0 {
		return "-"
	}
	return formatFraction(float64(part) / float64(whole))
}

// formatFraction writes a share in [0,1] as formatShare does.
func formatFraction(f float64) string {
	p := 100 * f
	switch {
	case p >= 99.995:
		return "100%"
	case p >= 10:
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.2f%%", p)
}
