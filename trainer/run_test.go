package trainer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// smallConfig is a run that takes a second or two: the micro model at 16x16
// on a few synthetic images, one thread, so that it is deterministic.
func smallConfig() Config {
	c := DefaultConfig()
	c.Preset = "micro"
	c.ImageSize = 16
	c.Dataset = "synthetic-pretrain"
	c.TrainLimit = 96
	c.EvalLimit = 32
	c.Batch = 16
	c.Epochs = 2
	c.WarmupSteps = 3
	c.Threads = 1
	c.Workers = 1
	c.LR = 0.05
	return c
}

// drain collects a run's events until the channel closes.
func drain(r *Run) []Event {
	var events []Event
	for e := range r.Events() {
		events = append(events, e)
	}
	return events
}

// epochMetrics is what must be identical between an interrupted and an
// uninterrupted run: every epoch event without its wall-clock fields.
func epochMetrics(t *testing.T, dir string) []EpochEvent {
	t.Helper()
	events, err := ReadMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []EpochEvent
	for _, e := range events {
		if ep, ok := e.(EpochEvent); ok {
			ep.Time, ep.Seconds, ep.ImagesPerSec = time.Time{}, 0, 0
			out = append(out, ep)
		}
	}
	return out
}

func compareEpochs(t *testing.T, got, want []EpochEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d epoch records, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("epoch %d differs:\n got %+v\nwant %+v", i+1, got[i], want[i])
		}
	}
}

// stepsOf lists the step numbers of the step records in dir's metrics.
func stepsOf(t *testing.T, dir string) []int {
	events, err := ReadMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	var steps []int
	for _, e := range events {
		if s, ok := e.(StepEvent); ok {
			steps = append(steps, s.Step)
		}
	}
	return steps
}

func trainToEnd(t *testing.T, dir string, cfg Config) {
	t.Helper()
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	drain(r)
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if s := r.Status(); s != StatusFinished {
		t.Fatalf("status %s, want finished", s)
	}
}

// stopAt starts a new run and stops it once it reports step n.
func stopAt(t *testing.T, r *Run, n int) {
	t.Helper()
	events := r.Events()
	r.Start()
	for e := range events {
		if s, ok := e.(StepEvent); ok && s.Step >= n {
			r.Stop()
		}
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if s := r.Status(); s != StatusStopped {
		t.Fatalf("status %s, want stopped", s)
	}
}

func TestStopResumeIsExact(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three small runs per config")
	}
	emaLD := smallConfig()
	emaLD.Optimizer, emaLD.LR = "adamw", 0.005
	emaLD.EMADecay, emaLD.LayerDecay = 0.9, 0.7
	for _, tt := range []struct {
		name string
		cfg  Config
	}{{"plain", smallConfig()}, {"ema and layer decay", emaLD}} {
		t.Run(tt.name, func(t *testing.T) { testStopResumeIsExact(t, tt.cfg) })
	}
}

// testStopResumeIsExact stops a run of cfg mid-epoch twice, resumes it each
// time, and compares it with an uninterrupted one: every epoch's metrics
// and the last checkpoint's tensors (the EMA's too) bit-identical.
func testStopResumeIsExact(t *testing.T, cfg Config) {
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	trainToEnd(t, ref, cfg)
	want := epochMetrics(t, ref)

	// Stopped mid-epoch twice, resumed each time.
	dir := filepath.Join(base, "stopped")
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stopAt(t, r, 2)
	if _, err := New(dir, cfg); err == nil {
		t.Error("New on an existing run directory succeeded")
	}
	r, err = Resume(dir)
	if err != nil {
		t.Fatal(err)
	}
	stopAt(t, r, 8)
	r, err = Resume(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	drain(r)
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	compareEpochs(t, epochMetrics(t, dir), want)
	steps := stepsOf(t, dir)
	for i, s := range steps {
		if s != i+1 {
			t.Fatalf("step records %v: want each step once, in order", steps)
		}
	}
	info, _ := ReadRunInfo(dir)
	if info.Status != StatusFinished || info.Epoch != cfg.Epochs || info.Step != len(steps) {
		t.Errorf("run.json: status %s epoch %d step %d", info.Status, info.Epoch, info.Step)
	}
	refInfo, _ := ReadRunInfo(ref)
	if info.BestEMAEvalTop1 != refInfo.BestEMAEvalTop1 || info.BestEMAEpoch != refInfo.BestEMAEpoch || info.LastEMAEvalTop1 != refInfo.LastEMAEvalTop1 {
		t.Errorf("run.json: EMA top-1 best %v (epoch %d) last %v, uninterrupted %v (%d) %v", info.BestEMAEvalTop1, info.BestEMAEpoch,
			info.LastEMAEvalTop1, refInfo.BestEMAEvalTop1, refInfo.BestEMAEpoch, refInfo.LastEMAEvalTop1)
	}
	got, _, err := latestCheckpoint(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wantCk, _, err := latestCheckpoint(ref, false)
	if err != nil {
		t.Fatal(err)
	}
	if (cfg.EMADecay > 0) != (len(wantCk.EMA) > 0) || got.State.EMAUpdates != wantCk.State.EMAUpdates {
		t.Errorf("checkpoint: %d EMA tensors after %d updates, EMA decay %v", len(wantCk.EMA), wantCk.State.EMAUpdates, cfg.EMADecay)
	}
	for _, list := range [][2][]safetensors.Tensor{{got.Params, wantCk.Params}, {got.EMA, wantCk.EMA}} {
		if !slices.EqualFunc(list[0], list[1], func(a, b safetensors.Tensor) bool { return a.Name == b.Name && bytes.Equal(a.Data, b.Data) }) {
			t.Errorf("the last checkpoint's tensors differ from the uninterrupted run's")
		}
	}
	if _, err := Resume(dir); err == nil {
		t.Error("Resume of a finished run succeeded")
	}
}

// A corrupt newest checkpoint is reported and the previous good one used;
// the rewound run still ends with exactly the uninterrupted metrics.
func TestResumeSkipsCorruptCheckpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two small runs")
	}
	cfg := smallConfig()
	cfg.CheckpointEvery = 2
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	trainToEnd(t, ref, cfg)

	dir := filepath.Join(base, "run")
	r, _ := New(dir, cfg)
	stopAt(t, r, 9)
	paths, _ := listCheckpoints(dir)
	if len(paths) < 2 {
		t.Fatalf("%d checkpoints, want several", len(paths))
	}
	st, _ := os.Stat(paths[0])
	os.Truncate(paths[0], st.Size()/2)
	stale := filepath.Join(dir, CheckpointDir, "."+checkpointName(99)+".tmp123")
	os.WriteFile(stale, []byte("half a checkpoint"), 0o644)

	r, err := Resume(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	var reported bool
	for e := range r.Events() {
		if e, ok := e.(ErrorEvent); ok && strings.Contains(e.Message, "corrupt checkpoint") {
			reported = true
		}
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if !reported {
		t.Error("no error event reported the corrupt checkpoint")
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a killed write's temp file was left in checkpoints/")
	}
	compareEpochs(t, epochMetrics(t, dir), epochMetrics(t, ref))
}

func TestNaNLossFails(t *testing.T) {
	cfg := smallConfig()
	cfg.LR = 1e30
	cfg.WarmupSteps = 0
	cfg.Epochs = 1
	dir := t.TempDir()
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	events := drain(r)
	err = r.Wait()
	if err == nil || !strings.Contains(err.Error(), "at step") {
		t.Fatalf("Wait() = %v, want an error naming the step", err)
	}
	last, ok := events[len(events)-1].(StatusEvent)
	if !ok || last.Status != StatusFailed || !strings.Contains(last.Message, "step") {
		t.Errorf("last event %+v, want status failed naming the step", events[len(events)-1])
	}
	if info, _ := ReadRunInfo(dir); info.Status != StatusFailed {
		t.Errorf("run.json status %s, want failed", info.Status)
	}
}

func TestSetupErrorFails(t *testing.T) {
	cfg := smallConfig()
	cfg.Dataset = "no-such-set"
	if _, err := New(t.TempDir(), cfg); err == nil || !strings.Contains(err.Error(), "no-such-set") {
		t.Errorf("New with an unknown dataset: %v, want an error naming it", err)
	}
	// A known dataset whose files are missing fails in the run's setup.
	cfg.Dataset, cfg.DataDir = "cifar10", t.TempDir()
	r, err := New(t.TempDir(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	drain(r)
	if err := r.Wait(); err == nil || !strings.Contains(err.Error(), cfg.DataDir) {
		t.Errorf("Wait() = %v, want an error naming the data directory", err)
	}
	if r.Status() != StatusFailed {
		t.Errorf("status %s, want failed", r.Status())
	}
	if _, err := Resume(t.TempDir()); !errors.Is(err, ErrNoRun) {
		t.Errorf("Resume of an empty directory: %v, want ErrNoRun", err)
	}
	bad := smallConfig()
	bad.Preset = "huge"
	if _, err := New(t.TempDir(), bad); err == nil || !strings.Contains(err.Error(), "huge") {
		t.Errorf("New with an unknown preset: %v", err)
	}
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Control calls from many goroutines, in any order, before, during and
// after the run, never race, deadlock or lose the final status; a paused run
// makes no progress and uses no CPU.
func TestControlFromOtherGoroutines(t *testing.T) {
	cfg := smallConfig()
	cfg.Epochs = 3
	dir := t.TempDir()
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Before Start: harmless.
	r.Unpause()
	r.Checkpoint()
	r.Pause()
	events := r.Events()
	r.Start()
	r.Start()

	// The early Pause takes effect at the first step boundary.
	waitStatus(t, events, StatusPaused)
	if !Active(dir) {
		t.Error("Active() = false while the run is paused")
	}
	if _, err := Resume(dir); err == nil || !strings.Contains(err.Error(), "another process") {
		t.Errorf("Resume of a run being trained: %v, want an error", err)
	}
	step := r.Info().Step
	c0 := cpuTime()
	time.Sleep(300 * time.Millisecond)
	if used := cpuTime() - c0; used > 60*time.Millisecond {
		t.Errorf("paused run used %v of CPU in 300ms", used)
	}
	if s := r.Info().Step; s != step {
		t.Errorf("paused run advanced from step %d to %d", step, s)
	}

	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				switch (g + i) % 3 {
				case 0:
					r.Unpause()
				case 1:
					r.Checkpoint()
				case 2:
					r.Pause()
				}
				_ = r.Status()
				_ = r.Info()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	r.Unpause()
	r.Stop()
	r.Stop()
	var last Event
	for e := range events {
		last = e
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if s, ok := last.(StatusEvent); !ok || s.Status != StatusStopped {
		t.Errorf("last event %+v, want status stopped", last)
	}
	// After the end: harmless, and the status stays.
	r.Pause()
	r.Unpause()
	r.Checkpoint()
	r.Stop()
	if s := r.Status(); s != StatusStopped {
		t.Errorf("status after late calls: %s", s)
	}
	if Active(dir) {
		t.Error("Active() = true after the run ended")
	}
	if info, _ := ReadRunInfo(dir); info.Status != StatusStopped || info.Checkpoint == "" {
		t.Errorf("run.json: status %s checkpoint %q", info.Status, info.Checkpoint)
	}
}

func waitStatus(t *testing.T, events <-chan Event, want Status) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("events closed before status %s", want)
			}
			if s, ok := e.(StatusEvent); ok && s.Status == want {
				return
			}
			if s, ok := e.(StatusEvent); ok && s.Status.Done() {
				t.Fatalf("run ended with %s (%s) before status %s", s.Status, s.Message, want)
			}
		case <-timeout:
			t.Fatalf("no status %s within a minute", want)
		}
	}
}

// TestDescribeMatchesTheRun checks that Describe, which neither opens the
// data nor builds the model, tells what a run of the same config writes to
// summary.txt when it starts, in every mode; and that a folder set without
// a class count is refused.
func TestDescribeMatchesTheRun(t *testing.T) {
	for _, mode := range []string{"full", "adaptformer", "linear"} {
		t.Run(mode, func(t *testing.T) {
			cfg := smallConfig()
			cfg.Mode = mode
			cfg.Epochs, cfg.TrainLimit, cfg.EvalLimit = 1, 16, 16
			dir := filepath.Join(t.TempDir(), "run")
			trainToEnd(t, dir, cfg)
			got, err := Describe(cfg)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, SummaryFile))
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("Describe:\n%s\nthe run's summary:\n%s", got, want)
			}
		})
	}
	cfg := smallConfig()
	cfg.Dataset = "folder"
	if _, err := Describe(cfg); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder set without classes: err = %v, want one naming the set", err)
	}
	cfg.Classes = 7
	if s, err := Describe(cfg); err != nil || s.Total == 0 {
		t.Errorf("folder set with classes = 7: %v, %d parameters", err, s.Total)
	}

	// A folder set's class count comes from its class folders.
	cfg.DataDir = t.TempDir()
	for _, class := range []string{"cat", "dog", "owl", ".hidden"} {
		if err := os.Mkdir(filepath.Join(cfg.DataDir, class), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Classes = 0
	got, err := Describe(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir, cfg.Classes = "", 3
	want, err := Describe(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("folder of 3 classes:\n%s\nwant, as with classes = 3:\n%s", got, want)
	}
	cfg.DataDir, cfg.Classes = t.TempDir(), 0
	if _, err := Describe(cfg); err == nil || !strings.Contains(err.Error(), "sub-folder") {
		t.Errorf("a folder without class folders: err = %v, want one asking for sub-folders", err)
	}
}

// A run whose checkpoints vanished must not silently start over: that would
// throw away its recorded steps.
func TestResumeRefusesLostCheckpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a small run")
	}
	cfg := smallConfig()
	for _, tc := range []struct {
		name string
		lose func(dir string) error
	}{
		{"folder removed", func(dir string) error { return os.RemoveAll(filepath.Join(dir, CheckpointDir)) }},
		{"files removed", func(dir string) error {
			paths, err := listCheckpoints(dir)
			for _, p := range paths {
				os.Remove(p)
			}
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			r, err := New(dir, cfg)
			if err != nil {
				t.Fatal(err)
			}
			stopAt(t, r, 3)
			if err := tc.lose(dir); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(filepath.Join(dir, MetricsFile))
			infoBefore, _ := os.ReadFile(filepath.Join(dir, RunInfoFile))
			_, err = Resume(dir)
			if err == nil || !strings.Contains(err.Error(), "holds no checkpoint") {
				t.Fatalf("Resume = %v, want an error about the lost checkpoints", err)
			}
			after, _ := os.ReadFile(filepath.Join(dir, MetricsFile))
			infoAfter, _ := os.ReadFile(filepath.Join(dir, RunInfoFile))
			if !bytes.Equal(before, after) || !bytes.Equal(infoBefore, infoAfter) {
				t.Error("a refused resume changed the run's files")
			}
		})
	}
}

// A config that freezes everything fails before training instead of
// "finishing" without changing a weight.
func TestNothingToTrainFails(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		freeze []string
	}{
		{"full", []string{"*"}},
		{"linear", []string{"head.*"}},
	} {
		cfg := smallConfig()
		cfg.Mode = tc.mode
		cfg.FreezeExclude = tc.freeze
		r, err := New(filepath.Join(t.TempDir(), "run"), cfg)
		if err != nil {
			t.Fatal(err)
		}
		r.Start()
		drain(r)
		if err := r.Wait(); err == nil || !strings.Contains(err.Error(), "no parameter left to train") {
			t.Errorf("mode %s, freeze %v: error %v", tc.mode, tc.freeze, err)
		}
		if s := r.Status(); s != StatusFailed {
			t.Errorf("mode %s: status %s, want failed", tc.mode, s)
		}
	}
}

// A new run refuses a directory holding other files (its files would mix
// with them, and deleting the run would delete them) and one inside another
// run, and writes nothing there.
func TestNewRefusesForeignDirectories(t *testing.T) {
	base := t.TempDir()
	cfg := smallConfig()
	full := filepath.Join(base, "notes")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "thesis.tex"), []byte("mine"), 0o644)
	if _, err := New(full, cfg); err == nil || !strings.Contains(err.Error(), "holds other files (thesis.tex...)") {
		t.Errorf("New in a folder of other files: %v", err)
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the refused run wrote %d entries into the folder", len(entries)-1)
	}
	outer := filepath.Join(base, "outer")
	if _, err := New(outer, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := New(filepath.Join(outer, CheckpointDir, "inner"), cfg); err == nil || !strings.Contains(err.Error(), "is inside the run") {
		t.Errorf("New inside a run: %v", err)
	}
	empty := filepath.Join(base, "empty")
	os.MkdirAll(empty, 0o755)
	if _, err := New(empty, cfg); err != nil {
		t.Errorf("New in an empty folder: %v", err)
	}
}
