package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/adaptformer/adaptformer/trainer"
)

// TestKeyTableConsistent checks that no key does two things on one screen
// and that every action has help text (the help view is generated from it).
func TestKeyTableConsistent(t *testing.T) {
	screens := []screen{screenRuns, screenRun, screenCompare, screenHelp, screenPrompt}
	for _, s := range screens {
		seen := map[string]action{}
		for _, b := range keyTable() {
			if b.help == "" {
				t.Errorf("binding %v has no help", b.keys)
			}
			applies := len(b.screens) == 0 || slices.Contains(b.screens, s)
			if !applies {
				continue
			}
			for _, k := range b.keys {
				if prev, ok := seen[k]; ok && prev != b.action {
					// The first binding wins in lookup; a later one for the
					// same key and screen would be dead.
					if lookup(s, k) != prev {
						t.Errorf("screen %v: key %q bound twice", s, k)
					}
					continue
				}
				seen[k] = b.action
			}
		}
	}
	// The help lists every key.
	m := newTestModel(t, seedStore(t), newFakeQueue(), 140, 60)
	press(m, "?")
	out := frame(m)
	for _, b := range keyTable() {
		if !contains(out, keyNames(b.keys)) {
			t.Errorf("help does not list %q", keyNames(b.keys))
		}
	}
}

func contains(s, sub string) bool { return len(sub) == 0 || len(s) >= len(sub) && indexOf(s, sub) >= 0 }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestKeysControlRuns checks that each control key sends the right command
// to the queue for the selected run, by its status.
func TestKeysControlRuns(t *testing.T) {
	tests := []struct {
		name      string
		status    trainer.Status // given to the selected run (micro-full-1)
		keys      []string
		want      []string
		elsewhere bool // trained by another process, not this dashboard's queue
	}{
		{"pause running", trainer.StatusRunning, []string{"p"}, []string{"pause micro-full-1"}, false},
		{"space pauses in the run view", trainer.StatusRunning, []string{"enter", "space"}, []string{"pause micro-full-1"}, false},
		{"resume paused", trainer.StatusPaused, []string{"p"}, []string{"resume micro-full-1"}, false},
		{"stop running", trainer.StatusRunning, []string{"x"}, []string{"stop micro-full-1"}, false},
		{"cancel queued", trainer.StatusQueued, []string{"x"}, []string{"cancel micro-full-1"}, false},
		{"resume interrupted", trainer.StatusInterrupted, []string{"r"}, []string{"resume micro-full-1"}, false},
		{"resume stopped", trainer.StatusStopped, []string{"r"}, []string{"resume micro-full-1"}, false},
		{"no resume of a running run", trainer.StatusRunning, []string{"r"}, nil, false},
		{"no pause of a finished run", trainer.StatusFinished, []string{"p"}, nil, false},
		{"freeze a queued run", trainer.StatusQueued, []string{"f"}, []string{"set-mode micro-full-1 adaptformer"}, false},
		// A run another process trains is only watched: no command, a notice.
		{"no pause of a run trained elsewhere", trainer.StatusRunning, []string{"p"}, nil, true},
		{"no stop of a run trained elsewhere", trainer.StatusRunning, []string{"x"}, nil, true},
	}
	store := seedStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newFakeQueue()
			m := newTestModel(t, store, q, 80, 24)
			if got := m.selectedID(); got != "micro-full-1" {
				t.Fatalf("selected %q, want micro-full-1", got)
			}
			switch tt.status {
			case trainer.StatusRunning, trainer.StatusPaused, trainer.StatusQueued:
				q.live["micro-full-1"] = !tt.elsewhere
				m.polling = false
				m.Update(m.startPoll()()) // the dashboard learns what its queue holds
			}
			m.runs["micro-full-1"].status = tt.status
			press(m, tt.keys...)
			if got := q.Calls(); !slices.Equal(got, tt.want) {
				t.Errorf("queue calls = %q, want %q", got, tt.want)
			}
			if tt.elsewhere && !strings.Contains(m.notice, "only watches it") {
				t.Errorf("notice %q, want one saying the dashboard only watches the run", m.notice)
			}
		})
	}
}

// The footer offers the run controls that would act on the selected run
// and leaves out those that would only answer with an error.
func TestFooterOffersWhatApplies(t *testing.T) {
	controls := []string{"n new", "p pause", "p resume", "x stop", "x cancel", "r resume", "f freeze"}
	tests := []struct {
		name      string
		status    trainer.Status
		elsewhere bool
		readOnly  bool
		want      []string // of controls
	}{
		{"running", trainer.StatusRunning, false, false, []string{"n new", "p pause", "x stop", "f freeze"}},
		{"paused", trainer.StatusPaused, false, false, []string{"n new", "p resume", "x stop", "f freeze"}},
		{"queued", trainer.StatusQueued, false, false, []string{"n new", "x cancel", "f freeze"}},
		{"interrupted", trainer.StatusInterrupted, false, false, []string{"n new", "r resume", "f freeze"}},
		{"finished", trainer.StatusFinished, false, false, []string{"n new", "f freeze"}},
		{"trained elsewhere", trainer.StatusRunning, true, false, []string{"n new", "f freeze"}},
		{"read-only", trainer.StatusInterrupted, false, true, nil},
	}
	store := seedStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newFakeQueue()
			var queue Queue = q
			if tt.readOnly {
				queue = nil
			}
			m := newTestModel(t, store, queue, 200, 24)
			switch tt.status {
			case trainer.StatusRunning, trainer.StatusPaused, trainer.StatusQueued:
				q.live["micro-full-1"] = !tt.elsewhere
				m.polling = false
				m.Update(m.startPoll()())
			}
			m.runs["micro-full-1"].status = tt.status
			footer := m.footer(200)
			var got []string
			for _, c := range controls {
				if strings.Contains(footer, c) {
					got = append(got, c)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("footer %q offers %q, want %q", footer, got, tt.want)
			}
		})
	}
}

// The compare footer offers p, x and r only for what the compared runs
// are in; an empty list offers no keys for a selection; c only where there
// is something to compare.
func TestFooterOffersWhatAppliesElsewhere(t *testing.T) {
	store := seedStore(t)
	for _, tc := range []struct {
		status trainer.Status
		want   []string
	}{
		{trainer.StatusRunning, []string{"p pause all", "x stop all"}},
		{trainer.StatusPaused, []string{"p resume all", "x stop all", "r resume all"}},
		{trainer.StatusFinished, nil},
		{trainer.StatusStopped, []string{"r resume all"}},
	} {
		q := newFakeQueue()
		m := newTestModel(t, store, q, 200, 24)
		for _, id := range []string{"seed-demo/transfer-adaptformer", "seed-demo/transfer-full"} {
			q.live[id] = true
			m.runs[id].status = tc.status
		}
		m.live = map[string]bool{"seed-demo/transfer-adaptformer": true, "seed-demo/transfer-full": true}
		m.compare, m.screen = []string{"seed-demo/transfer-adaptformer", "seed-demo/transfer-full"}, screenCompare
		footer := m.footer(200)
		var got []string
		for _, c := range []string{"p pause all", "p resume all", "x stop all", "r resume all"} {
			if strings.Contains(footer, c) {
				got = append(got, c)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("compare, runs %s: footer %q offers %q, want %q", tc.status, footer, got, tc.want)
		}
	}

	m := newTestModel(t, store, newFakeQueue(), 200, 24)
	press(m, "/", "nothing matches this", "enter")
	if footer := m.footer(200); strings.Contains(footer, "open") || strings.Contains(footer, "mark") || strings.Contains(footer, "compare") {
		t.Errorf("empty list: footer %q offers keys for a selection", footer)
	}
	m = newTestModel(t, store, newFakeQueue(), 200, 24)
	m.openID, m.screen = "micro-full-1", screenRun // a run of no experiment
	if footer := m.footer(200); strings.Contains(footer, "compare") {
		t.Errorf("a lone run's view: footer %q offers c compare", footer)
	}
	m.openID = "seed-demo/transfer-full"
	if footer := m.footer(200); !strings.Contains(footer, "c compare") {
		t.Errorf("an experiment's run: footer %q lacks c compare", footer)
	}
}

// TestFreezeNextLaunch checks that f on a run that is not queued toggles
// the freeze flag of the next launch, which the form then starts with.
func TestFreezeNextLaunch(t *testing.T) {
	q := newFakeQueue()
	m := newTestModel(t, seedStore(t), q, 80, 24)
	if m.nextMode != "full" {
		t.Fatalf("next mode %q, want full", m.nextMode)
	}
	press(m, "f")
	if m.nextMode != "adaptformer" || len(q.Calls()) != 0 {
		t.Fatalf("after f: next mode %q, calls %q; want adaptformer and no call", m.nextMode, q.Calls())
	}
	press(m, "n")
	if m.screen != screenNew || m.form.v.Mode != "adaptformer" {
		t.Fatalf("form mode %q on screen %v, want adaptformer on the form", m.form.v.Mode, m.screen)
	}
	press(m, "esc")
	press(m, "f")
	if m.nextMode != "full" {
		t.Errorf("second f: next mode %q, want full", m.nextMode)
	}
}

// In the compare view f is the next launch's: the list cursor, hidden
// there, may sit on a queued run, which must not change.
func TestFreezeInCompareIsTheNextLaunchs(t *testing.T) {
	q := newFakeQueue()
	m := newTestModel(t, seedStore(t), q, 80, 24)
	press(m, "G") // seed-demo/transfer-full
	m.runs[m.selectedID()].status = trainer.StatusQueued
	press(m, "c", "f")
	if m.screen != screenCompare || m.nextMode != "adaptformer" || len(q.Calls()) != 0 {
		t.Errorf("f in compare: screen %v, next mode %q, queue calls %q; want the next launch toggled and no call", m.screen, m.nextMode, q.Calls())
	}
}

// TestLaunchFromForm fills nothing in: the defaults launch a single run.
func TestLaunchFromForm(t *testing.T) {
	q := newFakeQueue()
	m := newTestModel(t, seedStore(t), q, 80, 24)
	press(m, "n")
	for range 12 {
		if m.screen != screenNew {
			break
		}
		press(m, "enter")
	}
	if m.screen != screenRuns {
		t.Fatalf("screen %v after submitting, want runs", m.screen)
	}
	if got, want := q.Calls(), []string{"submit-config micro-full full"}; !slices.Equal(got, want) {
		t.Errorf("queue calls %q, want %q", got, want)
	}
	if m.selectedID() != "micro-full-1" {
		t.Errorf("selected %q, want the new run", m.selectedID())
	}
}

// esc on the form goes back to where n opened it.
func TestFormEscGoesBack(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m, "G", "enter", "n")
	if m.screen != screenNew {
		t.Fatalf("n in the run view: screen %v, want the form", m.screen)
	}
	press(m, "esc")
	if m.screen != screenRun || m.openID != "seed-demo/transfer-full" {
		t.Errorf("esc: screen %v run %q, want back in the run view", m.screen, m.openID)
	}
	press(m, "esc", "n", "esc")
	if m.screen != screenRuns {
		t.Errorf("esc from a form opened in the list: screen %v", m.screen)
	}
}

// TestNavigation covers enter, esc, tab, ?, marking and compare.
func TestNavigation(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m, "G", "enter")
	if m.screen != screenRun || m.openID != "seed-demo/transfer-full" {
		t.Fatalf("enter: screen %v run %q", m.screen, m.openID)
	}
	press(m, "tab")
	if m.panel != 1 {
		t.Errorf("tab: panel %d, want 1", m.panel)
	}
	press(m, "?")
	if m.screen != screenHelp {
		t.Errorf("?: screen %v, want help", m.screen)
	}
	press(m, "esc")
	if m.screen != screenRun {
		t.Errorf("esc from help: screen %v, want run", m.screen)
	}
	press(m, "esc")
	if m.screen != screenRuns {
		t.Errorf("esc: screen %v, want runs", m.screen)
	}
	// Mark two runs with space (the cursor moves down after each) and
	// compare them.
	press(m, "g", "space", "space", "c")
	if m.screen != screenCompare || !slices.Equal(m.compare, []string{"micro-full-1", "seed-demo/pretrain"}) {
		t.Errorf("compare marked: screen %v runs %q", m.screen, m.compare)
	}
	// c on a run of an experiment compares its runs on the same dataset,
	// adaptformer first.
	m2 := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m2, "G", "c")
	if want := []string{"seed-demo/transfer-adaptformer", "seed-demo/transfer-full"}; !slices.Equal(m2.compare, want) {
		t.Errorf("compare group: %q, want %q", m2.compare, want)
	}
	// From the pretraining run, c compares the experiment's transfer runs.
	m3 := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m3, "down", "c")
	if want := []string{"seed-demo/transfer-adaptformer", "seed-demo/transfer-full"}; !slices.Equal(m3.compare, want) {
		t.Errorf("compare from pretrain: %q, want %q", m3.compare, want)
	}
	// Smoothing keys.
	press(m2, "s")
	if m2.smoothingWeight() != 0 {
		t.Errorf("s: smoothing %v, want off", m2.smoothingWeight())
	}
	press(m2, "]", "]")
	if w := m2.smoothingWeight(); w != 0.9 {
		t.Errorf("] ]: smoothing %v, want 0.9", w)
	}
}

// TestQuitCheckpointsLiveRuns checks that q shuts the queue down when it
// trains runs, and records them for the next start's offer.
func TestQuitCheckpointsLiveRuns(t *testing.T) {
	store := seedStore(t)
	q := newFakeQueue()
	q.live["micro-full-1"] = true
	m := newTestModel(t, store, q, 80, 24)
	press(m, "q")
	if !slices.Contains(q.Calls(), "shutdown") || !m.shutDown {
		t.Fatalf("q with a live run: calls %q, shut down %v", q.Calls(), m.shutDown)
	}
	if got := readResumeList(store.Root()); !slices.Equal(got, []string{"micro-full-1"}) {
		t.Errorf("resume list %q, want [micro-full-1]", got)
	}
	// Next start: the run (stopped by the shutdown) is offered; y resumes
	// it and forgets the list.
	q2 := newFakeQueue()
	m2 := New(Options{Store: store, Queue: q2})
	m2.Update(m2.poller.poll(nil, nil))
	if m2.screen != screenPrompt || !slices.Equal(m2.prompt, []string{"micro-full-1"}) {
		t.Fatalf("next start: screen %v prompt %q", m2.screen, m2.prompt)
	}
	press(m2, "y")
	if got := q2.Calls(); !slices.Equal(got, []string{"resume micro-full-1"}) {
		t.Errorf("y: calls %q", got)
	}
	if m2.selectedID() != "micro-full-1" {
		t.Errorf("y: the cursor is on %q, want the resumed run", m2.selectedID())
	}
	if _, err := os.Stat(filepath.Join(store.Root(), resumeFile)); !os.IsNotExist(err) {
		t.Errorf("resume list still there after the answer: %v", err)
	}

	// Without live runs q quits at once.
	q3 := newFakeQueue()
	m3 := newTestModel(t, store, q3, 80, 24)
	press(m3, "q")
	if len(q3.Calls()) != 0 {
		t.Errorf("q without live runs: calls %q", q3.Calls())
	}
}

// TestFilter narrows the table and esc clears it.
func TestFilter(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m, "/", "f", "u", "l", "l", "enter")
	if got := m.visibleIDs(); !slices.Equal(got, []string{"micro-full-1", "seed-demo/pretrain", "seed-demo/transfer-full"}) {
		t.Errorf("filter full: %q", got)
	}
	press(m, "/", "esc")
	if len(m.visibleIDs()) != 4 {
		t.Errorf("esc: %d runs visible, want 4", len(m.visibleIDs()))
	}
	// Words match in any order.
	press(m, "/", "transfer full", "enter")
	a := m.visibleIDs()
	press(m, "/", "esc", "/", "full transfer", "enter")
	if b := m.visibleIDs(); !slices.Equal(a, []string{"seed-demo/transfer-full"}) || !slices.Equal(a, b) {
		t.Errorf("filter by two words: %q and, reversed, %q; want the transfer-full run both ways", a, b)
	}
}

// Keys that arrive in one read ("jj", as a terminal delivers fast typing)
// act one by one outside text fields, and stay text inside them.
func TestBatchedKeys(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m, "jj")
	if m.cursor != 2 {
		t.Errorf("jj: cursor %d, want 2", m.cursor)
	}
	press(m, "/", "full", "enter")
	if got := m.visibleIDs(); !slices.Equal(got, []string{"micro-full-1", "seed-demo/pretrain", "seed-demo/transfer-full"}) {
		t.Errorf("filter typed as one read: %q", got)
	}
	// A paste into the filter stays one piece of text: "q" in it quits
	// nothing.
	press(m, "/", "esc", "/")
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("xq"), Paste: true})
	if !m.filtering || m.quitting || m.filter.Value() != "xq" {
		t.Errorf("pasted xq into the filter: filtering %v, quitting %v, value %q", m.filtering, m.quitting, m.filter.Value())
	}
}
