package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

func TestMain(m *testing.M) {
	// Stable goldens: no colour from the default renderer either (huh
	// draws with it).
	lipgloss.SetColorProfile(termenv.Ascii)
	m.Run()
}

// TestViewGolden renders every view at 80x24 and at a large size and
// compares it with testdata/TestViewGolden/<name>.golden (go test -update
// rewrites them).
func TestViewGolden(t *testing.T) {
	store := seedStore(t)
	q := newFakeQueue()
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"runs-80x24", 80, 24, nil},
		{"runs-140x40", 140, 40, nil},
		{"run-80x24", 80, 24, []string{"G", "enter"}},
		{"run-params-80x24", 80, 24, []string{"G", "enter", "tab"}},
		{"run-140x40", 140, 40, []string{"G", "enter"}},
		{"run-no-smoothing-80x24", 80, 24, []string{"G", "enter", "s"}},
		{"compare-80x24", 80, 24, []string{"G", "c"}},
		{"compare-140x40", 140, 40, []string{"G", "c"}},
		{"compare-side-140x40", 140, 40, []string{"G", "c", "tab"}},
		{"compare-params-140x40", 140, 40, []string{"G", "c", "tab", "tab"}},
		{"compare-side-80x24", 80, 24, []string{"G", "c", "tab"}},
		{"compare-params-80x24", 80, 24, []string{"G", "c", "tab", "tab"}},
		{"compare-200x50", 200, 50, []string{"G", "c"}},
		{"run-200x50", 200, 50, []string{"G", "enter"}},
		{"help-80x24", 80, 24, []string{"?"}},
		{"new-80x24", 80, 24, []string{"n"}},
		{"filter-80x24", 80, 24, []string{"/", "a", "d", "a", "p", "t"}},
		{"too-small-50x12", 50, 12, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, store, q, tt.w, tt.h)
			golden.RequireEqual(t, []byte(frame(runProgram(t, m, tt.w, tt.h, tt.keys...))))
		})
	}
}

// runProgram runs m, whose runs are already loaded, as a Bubble Tea program
// under teatest at w x h, types keys, quits and returns the final model.
func runProgram(t *testing.T, m *Model, w, h int, keys ...string) *Model {
	t.Helper()
	m.opt.PollInterval = time.Hour // the data stays as loaded
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	for _, k := range keys {
		tm.Send(key(k))
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

// TestResumePromptGolden is the question asked at start when the last
// dashboard quit with runs training.
func TestResumePromptGolden(t *testing.T) {
	store := seedStore(t)
	if err := writeResumeList(store.Root(), []string{"micro-full-1"}); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: store, Queue: newFakeQueue(), Now: fixedNow})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(m.poller.poll(nil, nil))
	if m.screen != screenPrompt {
		t.Fatalf("screen = %v, want the resume prompt", m.screen)
	}
	golden.RequireEqual(t, []byte(frame(m)))
}

// TestProgram runs the dashboard as a Bubble Tea program (teatest): it
// finds the runs on disk, opens one on enter, and quits on q.
func TestProgram(t *testing.T) {
	store := seedStore(t)
	m := New(Options{Store: store, Queue: newFakeQueue(), NoResumePrompt: true, PollInterval: 50 * time.Millisecond, FrameInterval: 10 * time.Millisecond})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "transfer-adaptformer") },
		teatest.WithDuration(5*time.Second))
	tm.Send(key("G")) // the last run of the experiment: transfer-full
	tm.Send(key("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "train loss") },
		teatest.WithDuration(5*time.Second))
	tm.Send(key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(*Model)
	if final.screen != screenRun || final.openID != "seed-demo/transfer-full" {
		t.Errorf("final screen %v on %q, want the run view of seed-demo/transfer-full", final.screen, final.openID)
	}
	io.Copy(io.Discard, tm.FinalOutput(t))
}

// TestRunLiveGolden is the run view of a run training in this process:
// status, progress with images/s and ETA from the queue's events.
func TestRunLiveGolden(t *testing.T) {
	store := seedStore(t)
	q := newFakeQueue()
	q.live["micro-full-1"] = true
	m := newTestModel(t, store, q, 80, 24)
	m.Update(queueEventsMsg{events: []experiments.QueueEvent{
		{RunID: "micro-full-1", Event: trainer.StatusEvent{Status: trainer.StatusRunning, Step: 60}},
		{RunID: "micro-full-1", Event: trainer.StepEvent{Epoch: 3, Step: 61, Loss: 0.9, LR: 0.004, ImagesPerSec: 640}},
		{RunID: "micro-full-1", Event: trainer.StepEvent{Epoch: 3, Step: 62, Loss: 0.8, LR: 0.004, ImagesPerSec: 640}},
	}})
	golden.RequireEqual(t, []byte(frame(runProgram(t, m, 80, 24, "enter"))))
}
