package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// TestIdlePollDoesNotRedraw: a poll that finds nothing new marks no frame
// stale, so an idle dashboard costs no CPU; a poll that finds a change does.
func TestIdlePollDoesNotRedraw(t *testing.T) {
	store := seedStore(t)
	m := newTestModel(t, store, newFakeQueue(), 80, 24)
	m.polling = false
	if m.applyPoll(m.startPoll()().(pollMsg)) {
		t.Error("a poll of an unchanged store asks for a redraw")
	}
	writeRun(t, store.Root(), fixtureRun{rel: "late-run", name: "late-run", mode: "full", dataset: "synthetic-transfer", status: trainer.StatusFinished, epochs: 1, done: 1, steps: 10, created: 10 * time.Hour})
	m.polling = false
	if !m.applyPoll(m.startPoll()().(pollMsg)) {
		t.Error("a poll that found a new run asks for no redraw")
	}
}

// TestFailureNotice: a run of this dashboard's queue that fails says so in
// the status area, whole, on up to three lines.
func TestFailureNotice(t *testing.T) {
	q := newFakeQueue()
	q.live["micro-full-1"] = true
	m := newTestModel(t, seedStore(t), q, 80, 24)
	msg := "open train data: cifar10: no data_batch_*.bin in /data/cifar-10-batches-bin or /data (adaptformer data download cifar10)"
	m.Update(queueEventsMsg{events: []experiments.QueueEvent{
		{RunID: "micro-full-1", Event: trainer.StatusEvent{Status: trainer.StatusFailed, Message: msg}},
	}})
	out := frame(m)
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "micro-full failed: open train data") {
		t.Fatalf("no failure notice:\n%s", out)
	}
	if !strings.Contains(out, "download") || strings.Count(out, "\n") != 24 {
		t.Errorf("the notice is cut or the frame is not 24 lines:\n%s", out)
	}
}

// TestComparePanels: tab cycles the compare view through overlay, side by
// side and the parameter table; the table tells which layers train in each.
func TestComparePanels(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m, "G", "c")
	if m.screen != screenCompare || m.panel != panelOverlay {
		t.Fatalf("screen %v panel %d, want the compare overlay", m.screen, m.panel)
	}
	press(m, "tab")
	if m.panel != panelSideBySide || strings.Count(frame(m), "· loss") != 2 {
		t.Errorf("panel %d, want side by side with a loss chart per run:\n%s", m.panel, frame(m))
	}
	press(m, "tab")
	out := frame(m)
	if m.panel != panelParams || !strings.Contains(out, "which parameters train") {
		t.Fatalf("panel %d, want the parameter table:\n%s", m.panel, out)
	}
	// blocks.0.attn: frozen in the adaptformer run, trained in the full one.
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "blocks.0.attn ") && !(strings.Index(l, "○") >= 0 && strings.Index(l, "○") < strings.Index(l, "●")) {
			t.Errorf("blocks.0.attn row %q: want frozen (○) for adaptformer, then trains (●) for full", l)
		}
	}
	press(m, "tab")
	if m.panel != panelOverlay {
		t.Errorf("third tab: panel %d, want the overlay again", m.panel)
	}
}

// TestSeedFormTransferEpochs: in a seed recipe, Epochs is the pretraining
// run's and Transfer epochs the transfer runs'.
func TestSeedFormTransferEpochs(t *testing.T) {
	v := defaultFormValues("full")
	v.Kind, v.Epochs, v.TransferEpochs, v.TrainImages = experiments.KindSeed, "2", "3", "640"
	r, err := v.recipe("")
	if err != nil {
		t.Fatal(err)
	}
	if r.Pretrain.Epochs != 2 || r.Transfer.Epochs != 3 {
		t.Errorf("pretrain %d epochs, transfer %d; want 2 and 3", r.Pretrain.Epochs, r.Transfer.Epochs)
	}
}

// TestFormRemembersLastLaunch: n after a launch starts from its answers,
// with the freeze flag of the next launch.
func TestFormRemembersLastLaunch(t *testing.T) {
	q := newFakeQueue()
	m := newTestModel(t, seedStore(t), q, 80, 24)
	// recipe, name, preset, dataset, mode; then epochs.
	press(m, "n", "enter", "enter", "enter", "enter", "enter", "ctrl+u", "7")
	for range 12 {
		if m.screen != screenNew {
			break
		}
		press(m, "enter")
	}
	press(m, "f", "n")
	if m.form == nil || m.form.v.Epochs != "7" || m.form.v.Mode != "adaptformer" {
		t.Fatalf("form after a launch: %+v, want epochs 7 and mode adaptformer", m.form)
	}
}

// blockingQueue is a queue whose every call waits until release is closed,
// as the real one does while it holds its lock to start a big run.
type blockingQueue struct {
	*fakeQueue
	release chan struct{}
}

func (q blockingQueue) Live(id string) bool        { <-q.release; return q.fakeQueue.Live(id) }
func (q blockingQueue) Pause(id string) error      { <-q.release; return q.fakeQueue.Pause(id) }
func (q blockingQueue) Resume(id string) error     { <-q.release; return q.fakeQueue.Resume(id) }
func (q blockingQueue) Stop(id string) error       { <-q.release; return q.fakeQueue.Stop(id) }
func (q blockingQueue) Shutdown() error            { <-q.release; return q.fakeQueue.Shutdown() }
func (q blockingQueue) SetMode(id, m string) error { <-q.release; return q.fakeQueue.SetMode(id, m) }

// TestUpdateNeverBlocks: with the queue's lock held, every key and message
// still returns from Update at once; the calls wait in commands.
func TestUpdateNeverBlocks(t *testing.T) {
	store := seedStore(t)
	q := blockingQueue{newFakeQueue(), make(chan struct{})}
	defer close(q.release)
	m := New(Options{Store: store, Queue: q, NoResumePrompt: true, Now: fixedNow})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(m.poller.poll(nil, nil))
	msgs := []tea.Msg{key("p"), key("x"), key("r"), key("f"), key("space"), key("c"), key("esc"),
		key("enter"), key("p"), key("tab"), key("esc"), key("n"), key("esc"), key("q"),
		pollMsg{}, pollTickMsg{}, frameMsg{}, tea.WindowSizeMsg{Width: 200, Height: 50}}
	for _, msg := range msgs {
		done := make(chan struct{})
		go func() {
			m.Update(msg)
			m.View()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("Update(%#v) blocked on the queue", msg)
		}
	}
}

// TestCompareControlsComparedRuns: in the compare view p, x and r act on
// the compared runs, not on a run selected in a table out of sight.
func TestCompareControlsComparedRuns(t *testing.T) {
	a, b := "seed-demo/transfer-adaptformer", "seed-demo/transfer-full"
	q := newFakeQueue()
	q.live[a], q.live[b] = true, true
	m := newTestModel(t, seedStore(t), q, 80, 24)
	press(m, "G", "c")
	if m.screen != screenCompare {
		t.Fatalf("screen %v, want compare", m.screen)
	}
	m.runs[a].status, m.runs[b].status = trainer.StatusRunning, trainer.StatusRunning
	press(m, "p")
	m.runs[a].status, m.runs[b].status = trainer.StatusPaused, trainer.StatusPaused
	press(m, "p", "x")
	m.runs[a].status, m.runs[b].status = trainer.StatusStopped, trainer.StatusStopped
	press(m, "r")
	want := []string{"pause " + a, "pause " + b, "resume " + a, "resume " + b, "stop " + a, "stop " + b, "resume " + a, "resume " + b}
	if got := q.Calls(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("queue calls %q, want %q", got, want)
	}
}

// TestOnePollChain: polls that actions start do not each schedule another
// periodic poll; there is one tick in flight at a time.
func TestOnePollChain(t *testing.T) {
	m := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	ticks := 0
	for range 3 { // three actions, each followed by a poll
		m.Update(actionDoneMsg{what: "paused"})
		m.polling = false
		_, cmd := m.Update(m.startPoll()())
		ticks += countTicks(cmd)
	}
	if ticks > 1 {
		t.Errorf("%d poll ticks scheduled by three polls, want at most 1", ticks)
	}
}

// countTicks counts the poll ticks among cmd's messages (a Tick command's
// message is produced after its delay; PollInterval is 1s here, so any
// command that does not answer at once is counted as a tick).
func countTicks(cmd tea.Cmd) int {
	if cmd == nil {
		return 0
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		n := 0
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				n += countTicks(c)
			}
		}
		if _, ok := msg.(pollTickMsg); ok {
			n++
		}
		return n
	case <-time.After(1500 * time.Millisecond):
		return 1
	}
}

// A run that failed, was resumed and finished shows no failure in its view:
// the error belongs to an earlier attempt.
func TestResumedFailureClearsOnFinish(t *testing.T) {
	q := newFakeQueue()
	q.live["micro-full-1"] = true
	m := newTestModel(t, seedStore(t), q, 120, 40)
	events := []trainer.Event{
		trainer.ErrorEvent{Message: "open train data: record 150 has label 12, expected 0..9"},
		trainer.StatusEvent{Status: trainer.StatusFailed, Message: "open train data: record 150 has label 12, expected 0..9"},
	}
	for _, e := range events {
		m.Update(queueEventsMsg{events: []experiments.QueueEvent{{RunID: "micro-full-1", Event: e}}})
	}
	m.openID, m.screen = "micro-full-1", screenRun
	if out := m.runView(120, 38); !strings.Contains(out, "micro-full failed: open train data") {
		t.Fatalf("the failed run's view shows no failure:\n%s", out)
	}
	for _, s := range []trainer.StatusEvent{{Status: trainer.StatusRunning, Message: "resumed"}, {Status: trainer.StatusFinished, Message: "finished 2 epochs"}} {
		m.Update(queueEventsMsg{events: []experiments.QueueEvent{{RunID: "micro-full-1", Event: s}}})
	}
	if out := m.runView(120, 38); strings.Contains(out, "failed") || strings.Contains(out, "record 150") {
		t.Errorf("the finished run's view still shows the old failure:\n%s", out)
	}
}
