package tui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is every style the dashboard draws with, made from one renderer so
// that a test (or NO_COLOR) can switch all colour off at once.
type Styles struct {
	renderer *lipgloss.Renderer
	color    bool

	Title     lipgloss.Style // the top bar
	Tab       lipgloss.Style // an inactive view name in the top bar
	TabActive lipgloss.Style
	Header    lipgloss.Style // table headers
	Selected  lipgloss.Style // the selected table row
	Dim       lipgloss.Style // secondary text
	Bold      lipgloss.Style
	Key       lipgloss.Style // a key in the help and footer
	Error     lipgloss.Style
	Notice    lipgloss.Style
	Panel     lipgloss.Style // a bordered panel
	Focused   lipgloss.Style // the focused panel
	Axis      lipgloss.Style
	Label     lipgloss.Style
	Trainable lipgloss.Style // a trainable row of the parameter table
	Frozen    lipgloss.Style

	status map[string]lipgloss.Style
}

// paletteSize is how many series colours there are.
const paletteSize = 6

// seriesColor is the i-th series colour: stable per run (by position in a
// comparison) and distinct on dark and light terminals.
func seriesColor(i int) lipgloss.AdaptiveColor {
	palette := [paletteSize]lipgloss.AdaptiveColor{
		{Light: "#1f77b4", Dark: "#4FC3F7"}, // blue
		{Light: "#d62728", Dark: "#FF7043"}, // red-orange
		{Light: "#2ca02c", Dark: "#9CCC65"}, // green
		{Light: "#9467bd", Dark: "#CE93D8"}, // purple
		{Light: "#8c564b", Dark: "#FFD54F"}, // amber
		{Light: "#17becf", Dark: "#4DB6AC"}, // teal
	}
	return palette[i%len(palette)]
}

// NewStyles returns the styles for r. With color false (NO_COLOR, or a test
// wanting stable output) the renderer is switched to plain ASCII and every
// distinction that colour makes is also made by a glyph or by bold text.
func NewStyles(r *lipgloss.Renderer, color bool) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if !color {
		r.SetColorProfile(termenv.Ascii)
		r.SetHasDarkBackground(true) // no colour: nothing to ask the terminal
	}
	s := &Styles{renderer: r, color: color}
	ns := r.NewStyle
	accent := lipgloss.AdaptiveColor{Light: "#5A4FCF", Dark: "#9D8CFF"}
	dim := lipgloss.AdaptiveColor{Light: "#777777", Dark: "#888888"}
	s.Title = ns().Bold(true).Foreground(accent)
	s.Tab = ns().Foreground(dim)
	s.TabActive = ns().Bold(true).Underline(true)
	s.Header = ns().Bold(true)
	s.Selected = ns().Bold(true).Foreground(accent)
	s.Dim = ns().Foreground(dim)
	s.Bold = ns().Bold(true)
	s.Key = ns().Bold(true).Foreground(accent)
	s.Error = ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#C62828", Dark: "#EF5350"})
	s.Notice = ns().Foreground(lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#81C784"})
	s.Panel = ns().Border(lipgloss.RoundedBorder()).BorderForeground(dim)
	s.Focused = ns().Border(lipgloss.RoundedBorder()).BorderForeground(accent)
	s.Axis = ns().Foreground(dim)
	s.Label = ns().Foreground(dim)
	s.Trainable = ns().Foreground(lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#81C784"})
	s.Frozen = ns().Foreground(dim)
	s.status = map[string]lipgloss.Style{
		"queued":      ns().Foreground(dim),
		"running":     ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#1565C0", Dark: "#64B5F6"}),
		"paused":      ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#EF6C00", Dark: "#FFB74D"}),
		"finished":    ns().Foreground(lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#81C784"}),
		"stopped":     ns().Foreground(lipgloss.AdaptiveColor{Light: "#6D4C41", Dark: "#BCAAA4"}),
		"failed":      s.Error,
		"blocked":     ns().Foreground(lipgloss.AdaptiveColor{Light: "#AD1457", Dark: "#F48FB1"}),
		"cancelled":   ns().Foreground(dim),
		"interrupted": ns().Foreground(lipgloss.AdaptiveColor{Light: "#AD1457", Dark: "#F48FB1"}),
	}
	return s
}

// Status is the style of a run status.
func (s *Styles) Status(status string) lipgloss.Style {
	if st, ok := s.status[status]; ok {
		return st
	}
	return s.Dim
}

// Series is the style of the i-th curve of a chart or comparison.
func (s *Styles) Series(i int) lipgloss.Style {
	return s.renderer.NewStyle().Foreground(seriesColor(i))
}

// Faint is the style of a raw curve drawn under its smoothed version.
func (s *Styles) Faint(i int) lipgloss.Style {
	return s.Series(i).Faint(true)
}

// NewStyle returns an empty style of the styles' renderer.
func (s *Styles) NewStyle() lipgloss.Style { return s.renderer.NewStyle() }

// Color reports whether colour is on.
func (s *Styles) Color() bool { return s.color }
