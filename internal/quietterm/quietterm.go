// Package quietterm keeps the commands of a program that links Bubble Tea
// from querying the terminal when they start. Import it for its side
// effect, from package main.
//
// Bubble Tea v1's package init asks Lip Gloss whether the terminal's
// background is dark (a workaround of its own, in bubbletea/tea_init.go).
// When standard output is a terminal, Lip Gloss's default renderer then has
// termenv write the queries ESC ] 11 ; ? ESC \ (background colour) and
// ESC [ 6 n (cursor position) and wait up to termenv.OSCTimeout (5 s) for
// the answers. So every command, headless ones included, stalled 5 s on a
// terminal that never answers (some CI pseudo-terminals, script(1)) and
// left the queries in its output.
//
// This package's init settles the default renderer's background first, so
// that Bubble Tea's init asks nothing. It runs first because Go initializes
// packages in the order of their import paths as far as their imports allow
// (the Go spec, "Package initialization", since Go 1.21): this package
// imports Lip Gloss but not Bubble Tea, and its path sorts before
// github.com/charmbracelet/bubbletea. Nothing draws with the default
// renderer but the dashboard, which replaces it with one of its own
// (tui.Run) that asks the terminal before Bubble Tea takes it.
package quietterm

import "github.com/charmbracelet/lipgloss"

func init() {
	// Dark is what termenv assumes when a terminal does not answer.
	lipgloss.SetHasDarkBackground(true)
}
