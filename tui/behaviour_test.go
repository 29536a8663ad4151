package tui

import (
	"strings"
	"testing"
	"time"

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
	press(m, "down", "c")
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
