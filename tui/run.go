package tui

import (
	"errors"
	"fmt"
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Run shows the dashboard on the terminal behind in and out until the user
// quits. Whatever way it ends, the queue is shut down before Run returns:
// training runs are checkpointed and left resumable.
func Run(opt Options, in io.Reader, out io.Writer) error {
	if opt.Store == nil {
		return errors.New("dashboard: no run store")
	}
	if opt.Renderer == nil {
		opt.Renderer = lipgloss.NewRenderer(out)
	}
	lipgloss.SetDefaultRenderer(opt.Renderer) // huh draws with the default renderer
	m := New(opt)
	// Ask the terminal for its background (for the adaptive colours) now,
	// before Bubble Tea takes it: asked from the first View, the answer
	// would race Bubble Tea's input reader, and the frame wait up to 5 s.
	// Without colour, New settled it and nothing is asked.
	opt.Renderer.HasDarkBackground()
	// Bubble Tea's renderer wakes up at its frame rate even when nothing
	// changed (60 a second by default): 20 keeps keys prompt and an idle
	// dashboard near 0% CPU. Data redraws are throttled further (Options.FrameInterval).
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(20))
	_, runErr := p.Run()
	var shutErr error
	if opt.Queue != nil && !m.shutDown {
		shutErr = opt.Queue.Shutdown()
	}
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) {
		return fmt.Errorf("dashboard: %w", runErr)
	}
	if shutErr != nil {
		return fmt.Errorf("dashboard: checkpointing the running runs: %w", shutErr)
	}
	return m.shutdownErr
}
