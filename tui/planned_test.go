package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// TestQueuedRunShowsWhatItWillTrain: a run that has not started has no
// summary.txt and no parameter counts in its run.json, only its config. The
// dashboard describes its model from the config (trainer.Describe), so the
// compare line and the parameter table tell what it will train; once the run
// writes its summary, that replaces the plan.
func TestQueuedRunShowsWhatItWillTrain(t *testing.T) {
	root := t.TempDir()
	writeRun(t, root, fixtureRun{rel: "later", name: "later", mode: "adaptformer", dataset: "synthetic-transfer",
		status: trainer.StatusQueued, epochs: 4, steps: 25})
	dir := filepath.Join(root, "later")
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	info.Params, info.Trainable = 0, 0 // as a queued run's run.json has them
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	store, err := experiments.OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, store, nil, 140, 40)
	r := m.runs["later"]
	if r == nil || r.status != trainer.StatusQueued {
		t.Fatalf("run later: %+v, want it queued", r)
	}
	want, err := trainer.Describe(info.Config)
	if err != nil {
		t.Fatal(err)
	}
	if r.params == nil || !r.params.planned || r.params.total != want.Total || r.params.trainable != want.Trainable {
		t.Fatalf("params of the queued run: %+v, want planned %d of %d", r.params, want.Trainable, want.Total)
	}
	if s := m.compareSummary(r); !strings.Contains(s, "trains "+formatParams(want.Trainable)) {
		t.Errorf("compare line %q, want it to say what trains", s)
	}

	// The freeze toggle sets another mode (the queue rewrites run.json): the
	// plan follows it.
	info.Config.Mode = "full"
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		m.polling = false
		m.Update(m.startPoll()())
	}
	full, err := trainer.Describe(info.Config)
	if err != nil {
		t.Fatal(err)
	}
	if r.params == nil || !r.params.planned || r.params.trainable != full.Trainable || full.Trainable != full.Total {
		t.Fatalf("params after the toggle to full: %+v, want planned %d of %d", r.params, full.Trainable, full.Total)
	}
	if pct, ok := r.trainablePct(); !ok || pct != 1 {
		t.Errorf("train%% after the toggle to full: %v, %v; want 100%%", pct, ok)
	}

	// The run starts and writes its own summary: it replaces the plan.
	if err := os.WriteFile(filepath.Join(dir, trainer.SummaryFile), []byte(summaryText(t, "adaptformer")), 0o644); err != nil {
		t.Fatal(err)
	}
	info.Status = trainer.StatusRunning
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	m.polling = false
	m.Update(m.startPoll()())
	m.polling = false
	m.Update(m.startPoll()())
	if r.params == nil || r.params.planned {
		t.Errorf("after the run wrote summary.txt: params %+v, want the run's own", r.params)
	}
}

// A queued run whose dashboard quit reads as interrupted on the next start;
// it never began, so its table and train% still come from its config.
func TestNeverStartedInterruptedRunShowsItsPlan(t *testing.T) {
	root := t.TempDir()
	writeRun(t, root, fixtureRun{rel: "g/transfer-full", name: "transfer-full", mode: "full", dataset: "synthetic-transfer",
		status: trainer.StatusQueued, epochs: 4, steps: 25})
	dir := filepath.Join(root, "g", "transfer-full")
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	info.Params, info.Trainable, info.Step, info.Epoch = 0, 0, 0, 0
	info.Status = trainer.StatusRunning // no process holds it: interrupted
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, trainer.SummaryFile))
	os.Remove(filepath.Join(dir, trainer.MetricsFile))
	store, err := experiments.OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, store, nil, 140, 40)
	r := m.runs["g/transfer-full"]
	if r == nil || r.status != trainer.StatusInterrupted {
		t.Fatalf("run: %+v, want it interrupted", r)
	}
	if pct, ok := r.trainablePct(); r.params == nil || !r.params.planned || !ok || pct != 1 {
		t.Errorf("params %+v, train%% %v %v: want the plan of a full run", r.params, pct, ok)
	}
}
