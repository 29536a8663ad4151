package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// newTestStore opens a store in a temp dir that calls an unheld queued run
// interrupted at once.
func newTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenStore(filepath.Join(t.TempDir(), "runs"))
	if err != nil {
		t.Fatal(err)
	}
	s.grace = 0
	return s
}

// writeRun makes a run directory with run.json and the given events.
func writeRun(t *testing.T, s *Store, id string, status trainer.Status, created time.Time, events ...trainer.Event) string {
	t.Helper()
	dir := s.Dir(id)
	if err := os.MkdirAll(filepath.Join(dir, trainer.CheckpointDir), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := trainer.DefaultConfig()
	info := trainer.RunInfo{ID: id, Name: pathBase(id), Status: status, Created: created, Config: cfg,
		Epochs: cfg.Epochs, StepsPerEpoch: 4}
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	if len(events) > 0 {
		w, err := trainer.OpenMetrics(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if err := w.Write(e); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
	}
	return dir
}

func TestDefaultRoot(t *testing.T) {
	if got := DefaultRoot(func(string) string { return "" }); got != "runs" {
		t.Errorf("DefaultRoot without env = %q, want runs", got)
	}
	env := func(k string) string {
		if k == EnvRoot {
			return "/data/runs"
		}
		return ""
	}
	if got := DefaultRoot(env); got != "/data/runs" {
		t.Errorf("DefaultRoot with %s = %q", EnvRoot, got)
	}
}

// A missing root reads as an empty store without being created (a
// mistyped --runs must not leave a folder behind); a file is refused.
func TestOpenStoreMissingRootAndFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", "runs")
	s, err := OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	if list, err := s.List(); err != nil || len(list) != 0 || s.Root() != root {
		t.Errorf("missing root: %d runs, %v", len(list), err)
	}
	if _, err := os.Stat(root); err == nil {
		t.Error("opening and listing created the root")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := OpenStore(file); err == nil {
		t.Error("OpenStore on a file: no error")
	}
}

func TestStoreListGetRoundTrip(t *testing.T) {
	s := newTestStore(t)
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	writeRun(t, s, "solo", trainer.StatusFinished, t0)
	writeRun(t, s, "seed-1/pretrain", trainer.StatusFinished, t0.Add(time.Minute))
	writeRun(t, s, "seed-1/transfer-full", trainer.StatusStopped, t0.Add(2*time.Minute))
	os.MkdirAll(filepath.Join(s.Root(), "not-a-run", "deeper"), 0o755)

	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	if want := []string{"seed-1/transfer-full", "seed-1/pretrain", "solo"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("List = %v, want newest first %v", ids, want)
	}
	if list[0].Group != "seed-1" || list[2].Group != "" || list[0].Status != trainer.StatusStopped {
		t.Errorf("entries: %+v", list)
	}

	for _, tt := range []struct{ query, want string }{
		{"seed-1/pretrain", "seed-1/pretrain"},
		{"pretrain", "seed-1/pretrain"},             // last element
		{"seed-1/transfer", "seed-1/transfer-full"}, // prefix
		{"solo", "solo"},
		{"/solo/", "solo"},
	} {
		e, err := s.Get(tt.query)
		if err != nil || e.ID != tt.want {
			t.Errorf("Get(%q) = %q, %v; want %q", tt.query, e.ID, err, tt.want)
		}
	}
	for _, bad := range []string{"", "nope", "../x", "seed-1/../solo"} {
		if _, err := s.Get(bad); err == nil {
			t.Errorf("Get(%q): no error", bad)
		}
	}
	if _, err := s.Get("seed-1"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("Get of a group prefix: %v, want ambiguous", err)
	}

	group, err := s.Group("seed-1")
	if err != nil || len(group) != 2 || group[0].ID != "seed-1/pretrain" {
		t.Errorf("Group = %+v, %v; want the two runs oldest first", group, err)
	}
}

func TestStoreSkipsCorruptRunJSON(t *testing.T) {
	s := newTestStore(t)
	writeRun(t, s, "good", trainer.StatusFinished, time.Now())
	bad := filepath.Join(s.Root(), "bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, trainer.RunInfoFile), []byte(`{"id": "bad", "stat`), 0o644)
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].ID != "good" {
		t.Fatalf("List = %+v, %v; want only the good run", list, err)
	}
	problems, err := s.ListProblems()
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0].Error(), "run.json") {
		t.Errorf("ListProblems = %v, %v", problems, err)
	}
	if _, err := s.Get("bad"); err == nil || !strings.Contains(err.Error(), "run.json") {
		t.Errorf("Get(bad) = %v, want an error naming run.json", err)
	}
}

func TestStoreInterruptedDetection(t *testing.T) {
	s := newTestStore(t)
	now := time.Now()
	for _, st := range []trainer.Status{trainer.StatusRunning, trainer.StatusPaused, trainer.StatusQueued} {
		writeRun(t, s, "dead-"+string(st), st, now)
	}
	writeRun(t, s, "done", trainer.StatusFinished, now)
	heldDir := writeRun(t, s, "held", trainer.StatusRunning, now)
	lock, err := lockRun(heldDir) // a live process holds it
	if err != nil {
		t.Fatal(err)
	}
	defer lock.unlock()

	want := map[string]trainer.Status{
		"dead-running": trainer.StatusInterrupted,
		"dead-paused":  trainer.StatusInterrupted,
		"dead-queued":  trainer.StatusInterrupted,
		"done":         trainer.StatusFinished,
		"held":         trainer.StatusRunning,
	}
	list, _ := s.List()
	for _, e := range list {
		if e.Status != want[e.ID] {
			t.Errorf("%s: status %s, want %s", e.ID, e.Status, want[e.ID])
		}
	}

	// A queued run just created by another process is given a moment to
	// be picked up before it counts as interrupted.
	s.grace = time.Hour
	if e, _ := s.Get("dead-queued"); e.Status != trainer.StatusQueued {
		t.Errorf("fresh queued run: %s, want queued", e.Status)
	}
	if e, _ := s.Get("dead-running"); e.Status != trainer.StatusInterrupted {
		t.Errorf("running without a process: %s, want interrupted", e.Status)
	}
}

func TestStoreRenameArchiveDelete(t *testing.T) {
	s := newTestStore(t)
	writeRun(t, s, "g/a", trainer.StatusFinished, time.Now())
	writeRun(t, s, "g/b", trainer.StatusStopped, time.Now())

	if err := s.Rename("g/a", "  baseline  "); err != nil {
		t.Fatal(err)
	}
	e, _ := s.Get("g/a")
	info, _ := trainer.ReadRunInfo(e.Dir)
	if e.Name() != "baseline" || info.Name != "baseline" {
		t.Errorf("after Rename: entry %q, run.json %q", e.Name(), info.Name)
	}
	if err := s.Rename("g/a", " "); err == nil {
		t.Error("Rename to an empty name: no error")
	}

	// A run a process holds keeps its run.json (the trainer rewrites it);
	// the store's own file carries the name.
	lock, _ := lockRun(s.Dir("g/b"))
	if err := s.Rename("g/b", "live one"); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Get("g/b"); e.Name() != "live one" {
		t.Errorf("renamed live run shows %q", e.Name())
	}
	if info, _ := trainer.ReadRunInfo(s.Dir("g/b")); info.Name != "b" {
		t.Errorf("run.json of a held run changed to %q", info.Name)
	}
	if err := s.Archive("g/b"); err == nil {
		t.Error("Archive of a held run: no error")
	}
	if err := s.Delete("g/b"); err == nil {
		t.Error("Delete of a held run: no error")
	}
	lock.unlock()

	if err := s.Archive("g/a"); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List()
	if len(list) != 1 || list[0].ID != "g/b" {
		t.Errorf("List after Archive = %+v", list)
	}
	archived, _ := s.ListArchived()
	if len(archived) != 1 || archived[0].ID != "g/a" || !archived[0].Archived || archived[0].Name() != "baseline" {
		t.Errorf("ListArchived = %+v", archived)
	}
	if e, err := s.Get("g/a"); err != nil || !e.Archived {
		t.Errorf("Get of an archived run = %+v, %v", e, err)
	}
	if err := s.Archive("g/a"); err == nil {
		t.Error("Archive twice: no error")
	}
	if err := s.Unarchive("g/a"); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.List(); len(list) != 2 {
		t.Errorf("List after Unarchive has %d runs", len(list))
	}

	if err := s.Delete("g/a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("g/b"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Dir("g")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty group directory left behind: %v", err)
	}
	if _, err := s.Get("g/a"); err == nil {
		t.Error("Get after Delete: no error")
	}
}

func TestStoreMetricsAndTornWrites(t *testing.T) {
	s := newTestStore(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dir := writeRun(t, s, "r", trainer.StatusRunning, t0,
		trainer.StatusEvent{Time: t0, Status: trainer.StatusRunning},
		trainer.StepEvent{Time: t0, Epoch: 1, Step: 1, Loss: 2.5, LR: 0.1},
		trainer.StepEvent{Time: t0, Epoch: 1, Step: 2, Loss: 2.25, LR: 0.1},
	)
	f := s.Follow("r")
	first, err := f.Poll()
	if err != nil || len(first) != 3 {
		t.Fatalf("first Poll = %d events, %v", len(first), err)
	}

	// A writer caught in the middle of a line: readers see none of it.
	path := filepath.Join(dir, trainer.MetricsFile)
	line, _ := trainer.MarshalRecord(trainer.EpochEvent{Time: t0, Epoch: 1, Step: 2, EvalTop1: 0.5})
	fh, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fh.Write(line[:len(line)/2])
	events, err := s.Metrics("r")
	if err != nil || len(events) != 3 {
		t.Fatalf("Metrics with a torn last line = %d events, %v; want the 3 complete ones", len(events), err)
	}
	if more, err := f.Poll(); err != nil || len(more) != 0 {
		t.Fatalf("Poll with a torn last line = %v, %v; want nothing new", more, err)
	}
	// The rest of the line arrives: it is read once, whole.
	fh.Write(line[len(line)/2:])
	fh.Write([]byte("\n"))
	fh.Close()
	more, err := f.Poll()
	if err != nil || len(more) != 1 || f.Reset() {
		t.Fatalf("Poll after the line completed = %v, %v (reset %v)", more, err, f.Reset())
	}
	if ep, ok := more[0].(trainer.EpochEvent); !ok || ep.EvalTop1 != 0.5 {
		t.Errorf("completed record = %#v", more[0])
	}

	// A resumed run rewrites the file: the follower starts over and says so.
	if err := trainer.WriteFileAtomic(path, append(line, '\n')); err != nil {
		t.Fatal(err)
	}
	again, err := f.Poll()
	if err != nil || len(again) != 1 || !f.Reset() {
		t.Errorf("Poll after a rewrite = %d events, %v, reset %v; want 1, reset", len(again), err, f.Reset())
	}

	series, err := s.Series("r")
	if err != nil || len(series.Steps) != 0 || len(series.Epochs) != 1 {
		t.Errorf("Series = %+v, %v", series, err)
	}
	if _, err := s.Follow("nope").Poll(); err == nil {
		t.Error("Follow of an unknown run: Poll gives no error")
	}
}

func TestStoreRunJSONNeverTorn(t *testing.T) {
	// Readers listing the store while a process rewrites run.json see
	// a whole file every time.
	s := newTestStore(t)
	dir := writeRun(t, s, "busy", trainer.StatusRunning, time.Now())
	lock, _ := lockRun(dir)
	defer lock.unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		info, _ := trainer.ReadRunInfo(dir)
		for i := range 40 {
			info.Step = i
			info.Message = strings.Repeat("x", i%50)
			if err := trainer.WriteRunInfo(dir, info); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	reads := 0
	for {
		select {
		case <-done:
			if reads == 0 {
				t.Log("no read overlapped the writes")
			}
			return
		default:
		}
		if _, err := s.Get("busy"); err != nil {
			t.Fatalf("read during rewrite: %v", err)
		}
		reads++
	}
}

func TestSeriesKeepsLastRecordPerStep(t *testing.T) {
	events := []trainer.Event{
		trainer.StepEvent{Step: 1, Loss: 3}, trainer.StepEvent{Step: 2, Loss: 2},
		trainer.EpochEvent{Epoch: 1, Step: 2, EvalTop1: 0.1},
		trainer.StepEvent{Step: 2, Loss: 1.5}, // written again after a resume
		trainer.StatusEvent{Status: trainer.StatusRunning},
		trainer.EpochEvent{Epoch: 1, Step: 2, EvalTop1: 0.2},
	}
	s := NewSeries(RunEntry{ID: "r"}, events)
	if len(s.Steps) != 2 || s.Steps[1].Loss != 1.5 || len(s.Epochs) != 1 || s.Epochs[0].EvalTop1 != 0.2 {
		t.Errorf("NewSeries = %+v", s)
	}
}
