//go:build unix

package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// TestFollowRunElsewhere: a run trained by another process (its directory
// locked, status running) appears in the table and its curve grows as its
// metrics.jsonl does, without the dashboard writing anything there.
func TestFollowRunElsewhere(t *testing.T) {
	store, dir := storeWithRunElsewhere(t)
	before := snapshot(t, dir)

	m := newTestModel(t, store, newFakeQueue(), 80, 24)
	r := m.runs["elsewhere"]
	if r == nil || r.status != trainer.StatusRunning || len(r.stepX) != 10 {
		t.Fatalf("followed run: %+v", r)
	}
	// The other process trains on.
	f, err := os.OpenFile(filepath.Join(dir, trainer.MetricsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for s := 11; s <= 15; s++ {
		b, _ := trainer.MarshalRecord(trainer.StepEvent{Epoch: 2, Step: s, Loss: 1, ImagesPerSec: 500})
		f.Write(append(b, '\n'))
	}
	f.Close()
	after := snapshot(t, dir)
	m.polling = false
	m.Update(m.startPoll()())
	if got := len(m.runs["elsewhere"].stepX); got != 15 {
		t.Errorf("after the run trained on: %d steps, want 15", got)
	}
	if now := snapshot(t, dir); !equalMaps(now, after) || len(before) != len(after) {
		t.Errorf("the dashboard changed the watched run's directory")
	}
}

// A followed run whose metrics.jsonl holds a line that does not decode
// shows its curves without it, and its view says which line was skipped.
func TestFollowedRunShowsSkippedLines(t *testing.T) {
	store, dir := storeWithRunElsewhere(t)
	m := newTestModel(t, store, newFakeQueue(), 100, 30)
	f, err := os.OpenFile(filepath.Join(dir, trainer.MetricsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{\"type\":\"step\",\"loss\":\n")
	b, _ := trainer.MarshalRecord(trainer.StepEvent{Epoch: 2, Step: 11, Loss: 1, ImagesPerSec: 500})
	f.Write(append(b, '\n'))
	f.Close()
	m.polling = false
	m.Update(m.startPoll()())
	r := m.runs["elsewhere"]
	if got := len(r.stepX); got != 11 {
		t.Errorf("%d steps, want 11 (the malformed line left out)", got)
	}
	m.selectID("elsewhere")
	press(m, "enter")
	if v := frame(m); !strings.Contains(v, "metrics.jsonl: skipped 1 malformed line at byte offset") {
		t.Errorf("the run view does not mention the skipped line:\n%s", v)
	}
}

// storeWithRunElsewhere is the seed store plus a run "elsewhere" that
// another process trains: status running, 10 steps in, its directory
// locked until the test ends.
func storeWithRunElsewhere(t *testing.T) (*experiments.Store, string) {
	t.Helper()
	store := seedStore(t)
	dir := filepath.Join(store.Root(), "elsewhere")
	writeRun(t, store.Root(), fixtureRun{rel: "elsewhere", name: "elsewhere", mode: "adaptformer", dataset: "synthetic-transfer",
		status: trainer.StatusRunning, epochs: 3, done: 1, steps: 10, startTop1: 0.1, gainTop1: 0.3, created: time.Hour})
	lock, err := os.OpenFile(filepath.Join(dir, trainer.LockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lock.Close() })
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	return store, dir
}

// snapshot maps each file of dir to its size and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out[p] = fmt.Sprint(info.ModTime(), info.Size())
		}
		return nil
	})
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEventsDrainedInBatches: every event queued while the dashboard was
// busy arrives in one message, and the relay is re-armed after it.
func TestEventsDrainedInBatches(t *testing.T) {
	store := seedStore(t)
	q := newFakeQueue()
	m := newTestModel(t, store, q, 80, 24)
	cmd := m.armEvents()
	if cmd == nil {
		t.Fatal("no relay command")
	}
	for s := 61; s <= 70; s++ {
		q.events <- experiments.QueueEvent{RunID: "micro-full-1", Event: trainer.StepEvent{Epoch: 3, Step: s, Loss: 0.5}}
	}
	m.View() // the current frame is drawn
	msg, ok := cmd().(queueEventsMsg)
	if !ok || len(msg.events) != 10 {
		t.Fatalf("batch: %+v", msg)
	}
	_, next := m.Update(msg)
	if next == nil || !m.eventsArmed {
		t.Error("relay not re-armed after a batch")
	}
	if got := m.runs["micro-full-1"].entry.Info.Step; got != 70 {
		t.Errorf("step %d after the batch, want 70", got)
	}
	// Data messages do not redraw by themselves: the frame tick does.
	if m.redraw {
		t.Error("a data batch redrew at once instead of at the next frame")
	}
	m.Update(frameMsg{})
	if !m.redraw {
		t.Error("the frame tick did not redraw stale data")
	}
}
