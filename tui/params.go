package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// paramTable is a model's per-layer parameter table, read from a run
// directory's summary.txt (vit.Summary's String form).
type paramTable struct {
	rows      []paramRow
	total     int
	trainable int
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
