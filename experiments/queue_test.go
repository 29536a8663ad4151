package experiments

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// tinySeed is the seed recipe shrunk to a few steps per run: the micro
// model, a few dozen synthetic images, one epoch each, one thread.
func tinySeed() Recipe {
	r := DefaultRecipe(KindSeed)
	r.Name = "tiny"
	for _, c := range []*trainer.Config{r.Pretrain, &r.Transfer} {
		c.Batch = 16
		c.TrainLimit = 48
		c.EvalLimit = 16
		c.Epochs = 1
		c.WarmupSteps = 1
		c.Threads = 1
		c.Augment = false
	}
	return r
}

// collect gathers a queue's events until the channel closes.
type collector struct {
	mu     sync.Mutex
	events []QueueEvent
	done   chan struct{}
}

func collect(q *Queue) *collector {
	c := &collector{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for e := range q.Events() {
			c.mu.Lock()
			c.events = append(c.events, e)
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *collector) wait(t *testing.T) []QueueEvent {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(60 * time.Second):
		t.Fatal("the queue's events channel was not closed")
	}
	return c.events
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func queued(q *Queue, id string) QueuedRun {
	for _, r := range q.Runs() {
		if r.ID == id {
			return r
		}
	}
	return QueuedRun{}
}

func mustGet(t *testing.T, s *Store, id string) RunEntry {
	t.Helper()
	e, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestSeedRecipeEndToEnd trains the seed recipe on the synthetic sets with
// the micro preset, a few steps per run: pretraining, then the two transfer
// runs from its final checkpoint, one at a time.
func TestSeedRecipeEndToEnd(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	ids, err := q.Submit(tinySeed())
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || !strings.HasPrefix(ids[0], "tiny-") || !strings.HasSuffix(ids[0], "/pretrain") ||
		!strings.HasSuffix(ids[1], "/transfer-adaptformer") || !strings.HasSuffix(ids[2], "/transfer-full") {
		t.Fatalf("Submit = %v", ids)
	}
	q.Wait()
	if err := q.Shutdown(); err != nil {
		t.Fatal(err)
	}
	events := c.wait(t)

	pre := mustGet(t, s, ids[0])
	for _, id := range ids {
		e := mustGet(t, s, id)
		if e.Status != trainer.StatusFinished {
			t.Fatalf("%s: %s (%s)", id, e.Status, e.Info.Message)
		}
		if q.Live(id) {
			t.Errorf("%s still live", id)
		}
	}
	final := filepath.Join(pre.Dir, pre.Info.Checkpoint)
	frozen, full := mustGet(t, s, ids[1]), mustGet(t, s, ids[2])
	for _, e := range []RunEntry{frozen, full} {
		if e.Info.InitFrom != final || e.Info.Parent != pre.ID {
			t.Errorf("%s: init from %q (parent %q), want the pretraining run's final checkpoint %q", e.ID, e.Info.InitFrom, e.Info.Parent, final)
		}
		if e.Info.Config.Dataset != "synthetic-transfer" || e.Info.Epoch != 1 {
			t.Errorf("%s: dataset %s, epoch %d", e.ID, e.Info.Config.Dataset, e.Info.Epoch)
		}
	}
	if !(frozen.Info.Trainable < full.Info.Trainable && full.Info.Trainable == full.Info.Params) {
		t.Errorf("trainable: adaptformer %d, full %d of %d", frozen.Info.Trainable, full.Info.Trainable, full.Info.Params)
	}

	// Order: every event of a run comes after the previous run finished.
	finishedAt := map[string]int{}
	firstAt := map[string]int{}
	for i, e := range events {
		if _, ok := e.Event.(trainer.EpochEvent); ok {
			if _, seen := firstAt[e.RunID]; !seen {
				firstAt[e.RunID] = i
			}
		}
		if st, ok := e.Event.(trainer.StatusEvent); ok && st.Status == trainer.StatusFinished {
			finishedAt[e.RunID] = i
		}
	}
	if !(finishedAt[ids[0]] < firstAt[ids[1]] && finishedAt[ids[1]] < firstAt[ids[2]]) {
		t.Errorf("runs overlapped: finished %v, first epochs %v", finishedAt, firstAt)
	}
	for _, id := range ids {
		if _, ok := finishedAt[id]; !ok {
			t.Errorf("no finished event relayed for %s", id)
		}
	}

	if got := Compare([]RunEntry{frozen, full}); len(got) != 2 || got[0].Mode != "full" || got[1].Mode != "adaptformer" || got[0].Final.N != 1 {
		t.Errorf("Compare = %+v", got)
	}
}

func TestQueueFailedDependencyBlocksDependants(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	r := tinySeed()
	r.Pretrain.Dataset = "folder"
	r.Pretrain.DataDir = filepath.Join(t.TempDir(), "no-such-folder")
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	q.Wait()
	q.Shutdown()
	events := c.wait(t)

	if e := mustGet(t, s, ids[0]); e.Status != trainer.StatusFailed {
		t.Fatalf("pretrain: %s", e.Status)
	}
	for _, id := range ids[1:] {
		e := mustGet(t, s, id)
		if e.Status != StatusBlocked || !strings.Contains(e.Info.Message, ids[0]) || !strings.Contains(e.Info.Message, "failed") {
			t.Errorf("%s: %s %q, want blocked naming the failed pretraining run", id, e.Status, e.Info.Message)
		}
		if _, err := os.Stat(filepath.Join(e.Dir, trainer.MetricsFile)); err == nil {
			t.Errorf("%s started although its dependency failed", id)
		}
		if r := queued(q, id); r.Status != StatusBlocked {
			t.Errorf("Runs() says %s is %s", id, r.Status)
		}
	}
	blocked := 0
	for _, e := range events {
		if st, ok := e.Event.(trainer.StatusEvent); ok && st.Status == StatusBlocked {
			blocked++
		}
	}
	if blocked != 2 {
		t.Errorf("%d blocked events, want 2", blocked)
	}
}

func TestQueueCancelAndSetMode(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	ids, err := q.Submit(tinySeed())
	if err != nil {
		t.Fatal(err)
	}
	pre, frozen, full := ids[0], ids[1], ids[2]
	// Hold the pretraining run so that the others stay queued.
	if err := q.Pause(pre); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(pre); err == nil {
		t.Error("Cancel of a training run: no error")
	}
	if err := q.SetMode(pre, "adaptformer"); err == nil {
		t.Error("SetMode of a started run: no error")
	}
	if err := q.SetMode(frozen, "frozen"); err == nil {
		t.Error("SetMode to an unknown mode: no error")
	}
	if err := q.SetMode(frozen, "linear"); err != nil {
		t.Fatal(err)
	}
	// Toggling onto a mode another run of the experiment is named after
	// keeps the names apart, and toggling back restores the name.
	for _, tc := range []struct{ mode, name string }{{"linear", "transfer-linear-2"}, {"full", "transfer-full"}} {
		if err := q.SetMode(full, tc.mode); err != nil {
			t.Fatal(err)
		}
		if e := mustGet(t, s, full); e.Name() != tc.name {
			t.Errorf("after SetMode %s: name %q, want %q", tc.mode, e.Name(), tc.name)
		}
	}
	if err := q.Cancel(full); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(full); err == nil {
		t.Error("Cancel twice: no error")
	}
	if q.Live(full) || !q.Live(frozen) || !q.Live(pre) {
		t.Errorf("Live: pretrain %v, frozen %v, full %v", q.Live(pre), q.Live(frozen), q.Live(full))
	}
	if e := mustGet(t, s, full); e.Status != StatusCancelled {
		t.Errorf("cancelled run's store status: %s", e.Status)
	}
	if err := q.Resume(pre); err != nil {
		t.Fatal(err)
	}
	q.Wait()
	q.Shutdown()
	c.wait(t)

	if e := mustGet(t, s, pre); e.Status != trainer.StatusFinished {
		t.Errorf("pretrain: %s %s", e.Status, e.Info.Message)
	}
	e := mustGet(t, s, frozen)
	if e.Status != trainer.StatusFinished || e.Info.Config.Mode != "linear" || e.Name() != "transfer-linear" {
		t.Errorf("mode-changed run: %s, mode %s, name %s", e.Status, e.Info.Config.Mode, e.Name())
	}
	e = mustGet(t, s, full)
	if e.Status != StatusCancelled {
		t.Errorf("cancelled run ended %s", e.Status)
	}
	if _, err := os.Stat(filepath.Join(e.Dir, trainer.MetricsFile)); err == nil {
		t.Error("the cancelled run trained")
	}
}

func TestQueueStopBlocksThenResumeContinues(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	r := tinySeed()
	r.Pretrain.Epochs = 2
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	pre := ids[0]
	q.Pause(pre)
	waitFor(t, "the pretraining run to pause", func() bool { return queued(q, pre).Status == trainer.StatusPaused })
	if err := q.Stop(pre); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pretraining run to end", func() bool { return !q.Live(pre) })
	if st := mustGet(t, s, pre).Status; st != trainer.StatusStopped {
		t.Fatalf("pretrain after Stop: %s", st)
	}
	for _, id := range ids[1:] {
		r := queued(q, id)
		if r.Status != StatusBlocked || !strings.Contains(r.Message, "stopped") || !strings.Contains(r.Message, "resume it") {
			t.Errorf("%s after its dependency stopped: %s %q", id, r.Status, r.Message)
		}
	}

	if err := q.Resume(pre); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !q.Live(id) {
			t.Errorf("%s not queued again by Resume", id)
		}
	}
	q.Wait()
	q.Shutdown()
	c.wait(t)
	for _, id := range ids {
		if e := mustGet(t, s, id); e.Status != trainer.StatusFinished {
			t.Errorf("%s: %s %s", id, e.Status, e.Info.Message)
		}
	}
	series, err := s.Series(pre)
	if err != nil || len(series.Epochs) != 2 {
		t.Errorf("pretrain after stop and resume: %d epochs, %v", len(series.Epochs), err)
	}
}

// TestQueueShutdownThenNewProcessResumes quits with runs training and
// queued; a later queue (a new process) resumes all of them.
func TestQueueShutdownThenNewProcessResumes(t *testing.T) {
	s := newTestStore(t)
	q1 := NewQueue(s, QueueOptions{})
	c := collect(q1)
	ids, err := q1.Submit(tinySeed())
	if err != nil {
		t.Fatal(err)
	}
	q1.Pause(ids[0])
	waitFor(t, "the pretraining run to pause", func() bool { return queued(q1, ids[0]).Status == trainer.StatusPaused })
	if err := q1.Shutdown(); err != nil {
		t.Fatal(err)
	}
	c.wait(t)
	if _, err := q1.Submit(tinySeed()); err == nil {
		t.Error("Submit after Shutdown: no error")
	}
	if st := mustGet(t, s, ids[0]).Status; st != trainer.StatusStopped {
		t.Errorf("pretrain after Shutdown: %s", st)
	}
	for _, id := range ids[1:] {
		if st := mustGet(t, s, id).Status; st != trainer.StatusInterrupted {
			t.Errorf("%s after Shutdown: %s, want interrupted", id, st)
		}
	}

	q2 := NewQueue(s, QueueOptions{})
	c2 := collect(q2)
	if err := q2.Resume(ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := len(q2.Runs()); got != 3 {
		t.Errorf("Resume of the pretraining run queued %d runs, want it and its 2 dependants", got)
	}
	q2.Wait()
	q2.Shutdown()
	c2.wait(t)
	for _, id := range ids {
		if e := mustGet(t, s, id); e.Status != trainer.StatusFinished {
			t.Errorf("%s: %s %s", id, e.Status, e.Info.Message)
		}
	}
	if err := q2.Resume(ids[0]); err == nil {
		t.Error("Resume of a finished run: no error")
	}
}

func TestQueueSubmitConfigAndErrors(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{Threads: 1})
	defer q.Shutdown()
	bad := tinySeed()
	bad.Transfer.Epochs = 0
	if _, err := q.Submit(bad); err == nil || !strings.Contains(err.Error(), "epochs") {
		t.Errorf("Submit of a bad recipe = %v", err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("a bad recipe left %d runs", len(list))
	}
	cfg := *tinySeed().Pretrain
	cfg.Threads = 0
	cfg.InitFrom = "no-such-run"
	if _, err := q.SubmitConfig("x", cfg); err == nil || !strings.Contains(err.Error(), "no-such-run") {
		t.Errorf("SubmitConfig with a bad init_from = %v", err)
	}
	if _, err := q.SubmitConfig("a/b", cfg); err == nil {
		t.Error("SubmitConfig with a bad name: no error")
	}
	cfg.InitFrom = ""
	q.Pause("nothing")
	id, err := q.SubmitConfig("single", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Pause(id); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, s, id)
	if e.Group != "" || !strings.HasPrefix(id, "single-") || e.Info.Config.Threads != 1 {
		t.Errorf("single run %s: group %q, threads %d", id, e.Group, e.Info.Config.Threads)
	}
	for _, f := range []func(string) error{q.Cancel, q.Pause, q.Stop} {
		if err := f("no-such-run"); err == nil {
			t.Error("control of an unknown run: no error")
		}
	}
	if !slices.ContainsFunc(q.Runs(), func(r QueuedRun) bool { return r.ID == id }) {
		t.Errorf("Runs() = %+v lacks %s", q.Runs(), id)
	}
}

// TestQueueWaitsForAnotherProcessRun resumes a transfer run in one queue
// while its pretraining run trains in another (as a dashboard and a
// headless `adaptformer run` would): it starts once that run finished.
func TestQueueWaitsForAnotherProcessRun(t *testing.T) {
	s := newTestStore(t)
	q1 := NewQueue(s, QueueOptions{})
	c1 := collect(q1)
	ids, err := q1.Submit(tinySeed())
	if err != nil {
		t.Fatal(err)
	}
	q1.Pause(ids[0])
	if err := q1.Cancel(ids[1]); err != nil {
		t.Fatal(err)
	}
	// q1 starts the pretraining run in the background: wait until its
	// trainer holds it, as another process would see it.
	for deadline := time.Now().Add(10 * time.Second); !trainer.Active(s.Dir(ids[0])); {
		if time.Now().After(deadline) {
			t.Fatal("the pretraining run never started")
		}
		time.Sleep(5 * time.Millisecond)
	}

	q2 := NewQueue(s, QueueOptions{})
	q2.every = 10 * time.Millisecond
	c2 := collect(q2)
	if err := q2.Resume(ids[1]); err != nil {
		t.Fatal(err)
	}
	if r := queued(q2, ids[1]); r.Status != trainer.StatusQueued || !slices.Equal(r.After, ids[:1]) {
		t.Fatalf("resumed transfer: %+v, want queued after the pretraining run", r)
	}
	q1.Resume(ids[0])
	q2.Wait()
	q1.Wait()
	q1.Shutdown()
	q2.Shutdown()
	c1.wait(t)
	c2.wait(t)
	pre := mustGet(t, s, ids[0])
	e := mustGet(t, s, ids[1])
	if e.Status != trainer.StatusFinished || e.Info.InitFrom != filepath.Join(pre.Dir, pre.Info.Checkpoint) {
		t.Errorf("transfer: %s, init from %q", e.Status, e.Info.InitFrom)
	}
	if !e.Info.Started.After(pre.Info.Updated.Add(-time.Millisecond)) {
		t.Errorf("transfer started %v, before the pretraining run finished %v", e.Info.Started, pre.Info.Updated)
	}
}

// slowResume makes q's runs wait in trainer.Resume, the slow part of
// starting a run, until release is closed, and then fail with fail if it is
// not nil; each run's directory is sent on the returned channel when it
// gets there.
func slowResume(q *Queue, release <-chan struct{}, fail error) <-chan string {
	entered := make(chan string, 8)
	q.resume = func(dir string) (*trainer.Run, error) {
		entered <- dir
		<-release
		if fail != nil {
			return nil, fail
		}
		return trainer.Resume(dir)
	}
	return entered
}

func waitEntered(t *testing.T, entered <-chan string) {
	t.Helper()
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("the run never got to trainer.Resume")
	}
}

// TestQueueStartDoesNotHoldTheLock keeps a run in trainer.Resume (which
// verifies checkpoints: seconds for a big model) and uses the queue
// meanwhile: nothing waits for the start, and a Pause asked during it is
// applied once the run exists.
func TestQueueStartDoesNotHoldTheLock(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	release := make(chan struct{})
	entered := slowResume(q, release, nil)
	c := collect(q)
	cfg := *tinySeed().Pretrain
	// With q.mu held across trainer.Resume, SubmitConfig itself would wait.
	submitted := make(chan error, 1)
	var id string
	go func() {
		var err error
		id, err = q.SubmitConfig("slow", cfg)
		submitted <- err
	}()
	waitEntered(t, entered)
	select {
	case err := <-submitted:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("SubmitConfig waited for trainer.Resume of the run it started")
	}

	done := make(chan error, 1)
	var second string
	go func() {
		done <- func() error {
			if !q.Live(id) || queued(q, id).ID != id {
				return fmt.Errorf("the starting run is not live in Runs: %+v", q.Runs())
			}
			if err := q.Pause(id); err != nil {
				return fmt.Errorf("Pause of the starting run: %v", err)
			}
			if err := q.Cancel(id); err == nil {
				return errors.New("Cancel of the starting run: no error")
			}
			if err := q.SetMode(id, "adaptformer"); err == nil {
				return errors.New("SetMode of the starting run: no error")
			}
			var err error
			if second, err = q.SubmitConfig("second", cfg); err != nil {
				return err
			}
			return nil
		}()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("the queue's methods waited for trainer.Resume of a starting run")
	}
	select {
	case dir := <-entered:
		t.Fatalf("%s started next to the starting run with Parallel 1", dir)
	default:
	}
	close(release)
	waitFor(t, "the run to pause as asked while it started", func() bool { return queued(q, id).Status == trainer.StatusPaused })
	if err := q.Resume(id); err != nil {
		t.Fatal(err)
	}
	q.Wait()
	q.Shutdown()
	c.wait(t)
	for _, id := range []string{id, second} {
		if e := mustGet(t, s, id); e.Status != trainer.StatusFinished {
			t.Errorf("%s: %s %s", id, e.Status, e.Info.Message)
		}
	}
}

// TestQueueControlWhileStarting stops, shuts down, or fails a run while it
// is in trainer.Resume.
func TestQueueControlWhileStarting(t *testing.T) {
	tests := []struct {
		name   string
		during func(t *testing.T, q *Queue, id string) <-chan error // called while the run starts
		resume error                                                // what trainer.Resume fails with, if not nil
		want   trainer.Status
	}{
		{
			name:   "stop",
			during: func(t *testing.T, q *Queue, id string) <-chan error { return result(q.Stop(id)) },
			want:   trainer.StatusStopped,
		},
		{
			name: "shutdown",
			during: func(t *testing.T, q *Queue, id string) <-chan error {
				done := make(chan error, 1)
				go func() { done <- q.Shutdown() }()
				waitFor(t, "Shutdown to begin", func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.shutdown })
				return done
			},
			want: trainer.StatusInterrupted,
		},
		{
			name:   "resume fails",
			during: func(t *testing.T, q *Queue, id string) <-chan error { return result(nil) },
			resume: errors.New("disk on fire"),
			want:   trainer.StatusFailed,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			q := NewQueue(s, QueueOptions{})
			release := make(chan struct{})
			entered := slowResume(q, release, tt.resume)
			c := collect(q)
			id, err := q.SubmitConfig("starting", *tinySeed().Pretrain)
			if err != nil {
				t.Fatal(err)
			}
			waitEntered(t, entered)
			during := tt.during(t, q, id)
			close(release)
			if err := <-during; err != nil {
				t.Fatal(err)
			}
			q.Wait()
			q.Shutdown()
			c.wait(t)
			e := mustGet(t, s, id)
			if e.Status != tt.want {
				t.Errorf("status %s (%s), want %s", e.Status, e.Info.Message, tt.want)
			}
			if tt.resume != nil && !strings.Contains(e.Info.Message, tt.resume.Error()) {
				t.Errorf("message %q lacks %q", e.Info.Message, tt.resume)
			}
			if q.Live(id) {
				t.Error("the run is still live after Shutdown")
			}
		})
	}
}

func result(err error) <-chan error {
	ch := make(chan error, 1)
	ch <- err
	return ch
}

// TestQueueStartKeepsALongQueuedRunQueued starts a run that waited in the
// queue longer than the store's grace, and looks at it from the store (as
// another process would) while it is between the queue's lock and the
// trainer's: it must read queued, not interrupted.
func TestQueueStartKeepsALongQueuedRunQueued(t *testing.T) {
	s := newTestStore(t)
	s.grace = time.Minute
	q := NewQueue(s, QueueOptions{})
	first := make(chan struct{})
	release := make(chan struct{})
	entered := make(chan string, 2)
	var gated sync.Map // dirs whose start waits for release
	q.resume = func(dir string) (*trainer.Run, error) {
		entered <- dir
		if _, ok := gated.Load(dir); ok {
			<-release
		} else {
			<-first
		}
		return trainer.Resume(dir)
	}
	c := collect(q)
	cfg := *tinySeed().Pretrain
	a, err := q.SubmitConfig("first", cfg)
	if err != nil {
		t.Fatal(err)
	}
	waitEntered(t, entered)
	b, err := q.SubmitConfig("second", cfg)
	if err != nil {
		t.Fatal(err)
	}
	gated.Store(s.Dir(b), true)
	// The second run has waited an hour, as far as its run.json tells.
	path := filepath.Join(s.Dir(b), trainer.RunInfoFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatal(err)
	}
	info["updated"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano)
	if raw, err = json.Marshal(info); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if st := mustGet(t, s, b).Status; st != trainer.StatusQueued {
		t.Fatalf("waiting behind %s, the second run reads %s, want queued (the queue holds it)", a, st)
	}

	close(first)
	waitEntered(t, entered) // the second run, unlocked, not yet the trainer's
	st := mustGet(t, s, b).Status
	close(release)
	if st != trainer.StatusQueued {
		t.Errorf("starting after an hour in the queue, the run reads %s to other processes, want queued", st)
	}
	q.Wait()
	q.Shutdown()
	c.wait(t)
	if e := mustGet(t, s, b); e.Status != trainer.StatusFinished {
		t.Errorf("second run: %s (%s), want finished", e.Status, e.Info.Message)
	}
}

// A transfer that starts from its pretraining run's newest good checkpoint
// says which newer one it passed over, as train --init-from RUN does.
func TestTransferNamesASkippedCheckpoint(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	r := tinySeed()
	r.Pretrain.CheckpointEvery = 1
	r.Modes = []string{"adaptformer"}
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	pre, transfer := ids[0], ids[1]
	if err := q.Cancel(transfer); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pretraining run to finish", func() bool { return mustGet(t, s, pre).Status == trainer.StatusFinished })
	ckpts, err := filepath.Glob(filepath.Join(s.Dir(pre), trainer.CheckpointDir, "ckpt-*.safetensors"))
	if err != nil || len(ckpts) < 2 {
		t.Fatalf("%d checkpoints (%v), want several", len(ckpts), err)
	}
	newest := ckpts[len(ckpts)-1]
	b, _ := os.ReadFile(newest)
	b[len(b)-3] ^= 0x40
	os.WriteFile(newest, b, 0o644)
	if err := q.Resume(transfer); err != nil {
		t.Fatal(err)
	}
	q.Wait()
	q.Shutdown()
	var said bool
	for _, e := range c.wait(t) {
		if ev, ok := e.Event.(trainer.ErrorEvent); ok && e.RunID == transfer && strings.Contains(ev.Message, "skipped a newer corrupt checkpoint "+newest) {
			said = true
		}
	}
	if !said {
		t.Error("no event named the corrupt checkpoint the transfer passed over")
	}
	if e := mustGet(t, s, transfer); e.Status != trainer.StatusFinished {
		t.Errorf("transfer: %s %s", e.Status, e.Info.Message)
	}
}

// Resuming a run whose checkpoints vanished is refused with the reason and
// leaves the run as it was, instead of queueing it to fail.
func TestQueueResumeRefusesLostCheckpoints(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	r := tinySeed()
	r.Pretrain.Epochs = 3
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	pre := ids[0]
	waitFor(t, "a first checkpoint", func() bool { return mustGet(t, s, pre).Info.Checkpoint != "" })
	if err := q.Stop(pre); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the run to stop", func() bool { return mustGet(t, s, pre).Status == trainer.StatusStopped })
	os.RemoveAll(filepath.Join(s.Dir(pre), trainer.CheckpointDir))
	before, _ := os.ReadFile(filepath.Join(s.Dir(pre), trainer.RunInfoFile))
	// The store says stopped a moment before the queue lets go of the run;
	// until then Resume says to try again, as it is documented to.
	var err2 error
	waitFor(t, "the queue to let go of the stopped run", func() bool {
		err2 = q.Resume(pre)
		return err2 == nil || !strings.Contains(err2.Error(), "still ending")
	})
	if err2 == nil || !strings.Contains(err2.Error(), "holds no checkpoint now") {
		t.Errorf("Resume = %v, want the lost checkpoints named", err2)
	}
	after, _ := os.ReadFile(filepath.Join(s.Dir(pre), trainer.RunInfoFile))
	if string(before) != string(after) {
		t.Errorf("a refused resume rewrote run.json:\n%s\n->\n%s", before, after)
	}
	q.Shutdown()
	c.wait(t)
}
