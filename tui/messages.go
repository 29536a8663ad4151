package tui

import (
	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// Every message the dashboard's Update handles, besides Bubble Tea's own.

// queueEventsMsg is a batch of trainer events relayed by the queue, drained
// at once so that a trainer reporting every step costs one Update, not one
// per step. closed is set when the queue's channel was closed.
type queueEventsMsg struct {
	events []queueEvent
	closed bool
}

// pollMsg is what one poll of the run store found: the runs on disk, the
// new events of the runs followed from their metrics.jsonl, and the
// parameter tables that appeared.
type pollMsg struct {
	entries []experiments.RunEntry
	err     error
	follow  map[string]followResult
	params  map[string]*paramTable
	// resume is, on the first poll only, the runs the last dashboard
	// checkpointed when it quit.
	resume []string
	first  bool
	// live is which runs this process's queue holds (nil without a queue).
	live map[string]bool
}

// followResult is the new events of one followed run. reset means they are
// the whole file again (it was rewritten) and replace what was there.
type followResult struct {
	events  []trainer.Event
	reset   bool
	err     error
	skipped string // the malformed lines skipped so far, described; "" for none
}

// pollTickMsg asks for the next poll of the store.
type pollTickMsg struct{}

// frameMsg is the render clock: at most one redraw per frame for data
// messages, however many of them arrive.
type frameMsg struct{}

// actionDoneMsg reports the result of a command sent to the queue.
type actionDoneMsg struct {
	what string // "paused run-1", for the status line
	err  error
}

// launchedMsg reports runs submitted from the new-experiment form.
type launchedMsg struct {
	ids []string
	err error
}

// shutdownMsg reports that the queue checkpointed and stopped its runs.
type shutdownMsg struct{ err error }

// datasetsMsg lists the datasets found on disk, for the form.
type datasetsMsg struct{ names []string }

// noticeExpiredMsg clears a status-line notice after a while.
type noticeExpiredMsg struct{ id int }
