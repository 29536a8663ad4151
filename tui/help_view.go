package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// helpView lists every key of the key table and where it works; it
// scrolls (up/down) when the terminal is short.
func (m *Model) helpView(w, h int) string {
	wide := w >= 100
	var rows []string
	for _, b := range keyTable() {
		line := m.st.Key.Render(padRight(keyNames(b.keys), 11)) + " "
		if wide {
			where := "everywhere"
			if len(b.screens) > 0 {
				var names []string
				for _, s := range b.screens {
					names = append(names, s.String())
				}
				where = strings.Join(names, ", ")
			}
			line += padRight(b.help, w-12-22) + " " + m.st.Dim.Render(where)
		} else {
			// Narrow: the text wraps under itself rather than being cut.
			parts := strings.Split(ansi.Wrap(b.help, max(20, w-12), ""), "\n")
			rows = append(rows, truncate(line+parts[0], w))
			for _, p := range parts[1:] {
				rows = append(rows, truncate(strings.Repeat(" ", 12)+p, w))
			}
			continue
		}
		rows = append(rows, truncate(line, w))
	}
	rows = append(rows, "")
	for _, l := range strings.Split(ansi.Wrap("In the form: tab/enter next field, shift+tab back, ←/→ change a choice, esc cancel.", w, ""), "\n") {
		rows = append(rows, m.st.Dim.Render(truncate(l, w)))
	}
	body := h - 1
	m.offset = max(0, min(m.offset, len(rows)-body))
	end := min(len(rows), m.offset+body)
	title := m.st.Bold.Render("Keys")
	if len(rows) > body {
		title += m.st.Dim.Render(fmt.Sprintf("  (%d-%d of %d, ↑/↓ scroll)", m.offset+1, end, len(rows)))
	}
	return title + "\n" + strings.Join(rows[m.offset:end], "\n")
}
