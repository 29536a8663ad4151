package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// column is one column of the runs table. Columns with a higher drop rank
// go first when the terminal is narrow; name takes the rest.
type column struct {
	title string
	width int
	drop  int // 0: never dropped
	right bool
	cell  func(r *runState) string
}

func (m *Model) runColumns() []column {
	// A recipe instance is named <recipe>-<date>-<time>: room for the time,
	// which tells two launches of a recipe apart.
	expW := 20
	for _, r := range m.runs {
		expW = max(expW, min(24, len(r.entry.Group)))
	}
	return []column{
		// The experiment (recipe instance) tells apart the runs of two
		// launches of one recipe, whose names are the same.
		{"experiment", expW, 3, false, func(r *runState) string {
			if r.entry.Group != "" {
				return r.entry.Group
			}
			return r.entry.Info.Recipe
		}},
		{"mode", 11, 2, false, func(r *runState) string { return r.entry.Info.Config.Mode }},
		{"dataset", 18, 4, false, func(r *runState) string { return r.entry.Info.Config.Dataset }},
		{"created", 11, 5, false, func(r *runState) string { return formatWhen(r.entry.Info.Created, m.opt.Now()) }},
		{"status", 11, 0, false, func(r *runState) string { return string(r.status) }},
		{"epoch", 7, 0, true, func(r *runState) string { return r.epochLabel() }},
		{"top-1", 6, 0, true, func(r *runState) string { return formatPercent(r.bestTop1()) }},
		{"img/s", 6, 1, true, func(r *runState) string { return formatRate(r.imagesPerSec()) }},
		{"train%", 6, 1, true, func(r *runState) string {
			p, ok := r.trainablePct()
			if !ok {
				return "-"
			}
			return formatFraction(p)
		}},
	}
}

// layoutColumns drops columns until the name column gets at least 16 cells;
// it gets at most 36, so that a wide table stays together.
func layoutColumns(cols []column, w int) ([]column, int) {
	const prefix, minName, maxName = 3, 16, 36
	for {
		used := prefix
		for _, c := range cols {
			used += c.width + 1
		}
		if w-used >= minName {
			return cols, min(w-used, maxName)
		}
		worst := -1
		for i, c := range cols {
			if c.drop > 0 && (worst < 0 || c.drop > cols[worst].drop) {
				worst = i
			}
		}
		if worst < 0 {
			return cols, max(8, w-used)
		}
		cols = slices.Delete(slices.Clone(cols), worst, worst+1)
	}
}

// runsView is the table of runs, with a preview of the selected run's loss
// when the terminal is tall enough.
func (m *Model) runsView(w, h int) string {
	ids := m.visibleIDs()
	cols, nameW := layoutColumns(m.runColumns(), w)

	hasExperiment := slices.ContainsFunc(cols, func(c column) bool { return c.title == "experiment" })
	var lines []string
	if m.filtering || m.filter.Value() != "" {
		lines = append(lines, m.filter.View())
		h--
	}
	head := "   " + padRight("name", nameW)
	for _, c := range cols {
		if c.right {
			head += " " + padLeft(c.title, c.width)
		} else {
			head += " " + padRight(c.title, c.width)
		}
	}
	lines = append(lines, m.st.Header.Render(truncate(head, w)))

	if len(m.order) == 0 {
		msg := "No runs yet in " + m.opt.Store.Root() + ".\n\n"
		if m.opt.Queue != nil {
			msg += "Press n to launch one: the defaults train the micro model on the built-in\nsynthetic set, offline, in a few minutes."
		}
		lines = append(lines, "", m.st.Dim.Render(msg))
		return strings.Join(lines, "\n")
	}

	preview := h >= 28 && len(ids) > 0
	tableH := h - 1
	if preview {
		tableH = min(tableH, max(len(ids), 5)+1)
		tableH = min(tableH, h-14)
	}
	start := 0
	if m.cursor >= tableH {
		start = m.cursor - tableH + 1
	}
	for i := start; i < len(ids) && i < start+tableH; i++ {
		r := m.runs[ids[i]]
		sel := i == m.cursor
		mark := " "
		if slices.Contains(m.marked, r.ID()) {
			mark = "*"
		}
		cursor := " "
		if sel {
			cursor = ">"
		}
		name := r.Name()
		if !hasExperiment && r.entry.Group != "" {
			// The experiment column did not fit: its launch time tells
			// two experiments' runs of one name apart.
			if when := launchTag(r.entry.Group); when != "" && nameW-len(when)-1 >= 12 {
				name = padRight(name, nameW-len(when)-1) + " " + when
			}
		}
		line := cursor + mark + " " + padRight(name, nameW)
		for _, c := range cols {
			v := c.cell(r)
			if c.right {
				v = padLeft(v, c.width)
			} else {
				v = padRight(v, c.width)
			}
			if c.title == "status" && !sel {
				v = m.st.Status(string(r.status)).Render(v)
			}
			line += " " + v
		}
		if sel {
			line = m.st.Selected.Render(truncate(line, w))
		}
		lines = append(lines, truncate(line, w))
	}
	if len(ids) == 0 {
		lines = append(lines, m.st.Dim.Render("  no run matches the filter"))
	}
	if preview {
		for len(lines) < tableH+1 {
			lines = append(lines, "")
		}
		id := m.selectedID()
		if r, ok := m.runs[id]; ok {
			lines = append(lines, m.st.Dim.Render(strings.Repeat("─", w)))
			lines = append(lines, m.runSummaryLine(r, w, true))
			ph := h - len(lines)
			m.lossChart.SetSize(w, ph)
			m.setLossData(r)
			lines = append(lines, m.lossChart.View())
		}
	}
	return strings.Join(lines, "\n")
}

// runSummaryLine is one line about a run: status, progress, speed, result.
// withStep adds the step count, which the run view's progress line shows.
func (m *Model) runSummaryLine(r *runState, w int, withStep bool) string {
	info := r.entry.Info
	parts := []string{
		m.st.Bold.Render(r.Name()),
		m.st.Status(string(r.status)).Render(string(r.status)),
	}
	if c := info.Config; c.Mode != "" {
		parts = append(parts, c.Mode, c.Dataset, c.Preset)
	}
	switch total := info.TotalSteps(); {
	case !withStep:
	case total > 0:
		parts = append(parts, fmt.Sprintf("step %d/%d", info.Step, total))
	case info.Step > 0:
		parts = append(parts, fmt.Sprintf("step %d", info.Step))
	}
	if best, epoch, ok := r.best(); ok {
		parts = append(parts, fmt.Sprintf("best top-1 %s (epoch %d)", formatPercent(best, true), epoch))
	}
	return truncate(strings.Join(parts, " · "), w)
}

// promptView asks whether to resume the runs a previous start left.
func (m *Model) promptView(w, h int) string {
	var b strings.Builder
	width := min(w-4, 76)
	inner := width - 4 // inside the padding
	verb, question := "were", "Resume them from their last checkpoint?"
	if len(m.prompt) == 1 {
		verb, question = "was", "Resume it from its last checkpoint?"
	}
	fmt.Fprintf(&b, "%s %s interrupted when the dashboard last quit or died:\n\n", plural(len(m.prompt), "run"), verb)
	for _, id := range m.prompt {
		r := m.runs[id]
		// One line a run, cut rather than wrapped: a long name would
		// otherwise spill its details under the indent.
		line := fmt.Sprintf("%s  (%s, epoch %s, step %d)", r.Name(), r.entry.Info.Config.Mode, r.epochLabel(), r.entry.Info.Step)
		b.WriteString("  " + truncate(line, inner-2) + "\n")
	}
	b.WriteString("\n" + question + "\n\n")
	b.WriteString(m.st.Key.Render("y") + " yes   " + m.st.Key.Render("n") + " no (" + m.st.Key.Render("r") + " resumes one later)")
	box := m.st.Focused.Padding(1, 2).Width(width).Render(b.String())
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// launchTag is the month, day and time of an experiment's ID,
// <name>-<yyyymmdd>-<hhmmss>[-n], as "11-26 12:00" (with "#n" when a
// second launch took the same second), or "" for another form.
func launchTag(group string) string {
	m := launchRE.FindStringSubmatch(group)
	if m == nil {
		return ""
	}
	tag := m[1] + "-" + m[2] + " " + m[3] + ":" + m[4]
	if m[5] != "" {
		tag += "#" + m[5]
	}
	return tag
}

var launchRE = regexp.MustCompile(`-\d{4}(\d{2})(\d{2})-(\d{2})(\d{2})\d{2}(?:-(\d+))?$`)
