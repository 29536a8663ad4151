package experiments

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// tableT0 is the start of every run of tableStore.
var tableT0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// at is tableT0 plus s seconds.
func at(s float64) time.Time { return tableT0.Add(time.Duration(s * float64(time.Second))) }

// fixtureRun is a run of tableStore, written as the trainer writes it.
type fixtureRun struct {
	id          string
	status      trainer.Status
	dataset     string
	mode        string
	parent      string // "" for a run from scratch
	seed        uint64
	lr          float64
	params      int
	trainable   int
	best, final float64
	ckptBytes   []int // sizes of the checkpoint files, the last one the latest
	events      []trainer.Event
}

// epochs are two epoch records of a run that trains at ips1 then ips2
// images/s for the given seconds each, ending at end1 and end2.
func epochs(seconds, ips1, ips2, end1, end2 float64) []trainer.Event {
	return []trainer.Event{
		trainer.StepEvent{Time: at(end1 - 1), Epoch: 1, Step: 1, Loss: 2, ImagesPerSec: ips1},
		trainer.EpochEvent{Time: at(end1), Epoch: 1, Step: 4, EvalTop1: 0.3, Seconds: seconds, ImagesPerSec: ips1},
		trainer.EpochEvent{Time: at(end2), Epoch: 2, Step: 8, EvalTop1: 0.4, Seconds: seconds, ImagesPerSec: ips2},
	}
}

func status(s float64, st trainer.Status) trainer.Event {
	return trainer.StatusEvent{Time: at(s), Status: st}
}

func join(parts ...[]trainer.Event) []trainer.Event {
	var out []trainer.Event
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func writeTableRun(t *testing.T, s *Store, r fixtureRun) {
	t.Helper()
	dir := writeRun(t, s, r.id, r.status, tableT0, r.events...)
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &info.Config
	c.Dataset, c.Mode, c.Preset, c.Seed, c.LR = r.dataset, r.mode, "micro", r.seed, 0.002
	if r.lr != 0 {
		c.LR = r.lr
	}
	c.Batch, c.Epochs = 100, 2
	info.Epochs, info.Epoch, info.StepsPerEpoch = 2, 2, 4
	info.Parent = r.parent
	if r.parent != "" {
		c.InitFrom = s.Dir(r.parent)
		info.InitFrom = filepath.Join(s.Dir(r.parent), "checkpoints", "ckpt-000000008.safetensors")
	}
	info.Params, info.Trainable = r.params, r.trainable
	info.BestEvalTop1, info.LastEvalTop1 = r.best, r.final
	for i, n := range r.ckptBytes {
		name := filepath.Join(trainer.CheckpointDir, "ckpt-00000000"+string(rune('1'+i))+".safetensors")
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		info.Checkpoint = filepath.ToSlash(name)
	}
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
}

// tableStore is a sweep written by hand: a pretraining run, three seeds of
// adaptformer and full transfer runs (seed 2 of full with another learning
// rate), a full run from scratch on the transfer set, and two unfinished
// runs. It returns the store and the run IDs in the order written.
func tableStore(t *testing.T) (*Store, []string) {
	t.Helper()
	s := newTestStore(t)
	runs := []fixtureRun{{
		id: "g/pretrain", status: trainer.StatusFinished, dataset: "synthetic-pretrain", mode: "full",
		params: 1000, trainable: 1000, best: 0.5, final: 0.4, ckptBytes: []int{4000, 4000},
		// 800 images in 8 s, then 1200 in 8 s: 125 images/s; running 21 s.
		events: join([]trainer.Event{status(0, trainer.StatusRunning)}, epochs(8, 100, 150, 10, 20),
			[]trainer.Event{status(21, trainer.StatusFinished)}),
	}}
	for seed := uint64(1); seed <= 3; seed++ {
		for _, mode := range []string{"adaptformer", "full"} {
			r := fixtureRun{
				id: "g/seed" + string(rune('0'+seed)) + "-" + mode, status: trainer.StatusFinished,
				dataset: "synthetic-transfer", mode: mode, parent: "g/pretrain", seed: seed,
				params: 1000, trainable: 1000, ckptBytes: []int{3000},
				// 50*seed images/s in both epochs; paused from 5 s to 100 s: 8 s running.
				events: join([]trainer.Event{status(0, trainer.StatusRunning)}, epochs(2, 50*float64(seed), 50*float64(seed), 3, 4),
					[]trainer.Event{status(5, trainer.StatusPaused), status(100, trainer.StatusRunning), status(103, trainer.StatusFinished)}),
			}
			if mode == "adaptformer" {
				r.trainable, r.ckptBytes = 100, []int{1000}
				r.final = 0.60 + 0.02*float64(seed-1) // 0.60, 0.62, 0.64
			} else {
				r.final = 0.50 + 0.05*float64(seed-1) // 0.50, 0.55, 0.60
			}
			r.best = r.final + 0.01
			if mode == "full" && seed == 2 {
				r.lr = 0.01
			}
			if mode == "full" && seed == 3 {
				// A crash at 4 s (the last record), resumed at 50 s, finished
				// at 52 s: 6 s running.
				r.events = join([]trainer.Event{status(0, trainer.StatusRunning)}, epochs(2, 150, 150, 3, 4),
					[]trainer.Event{status(50, trainer.StatusRunning), status(52, trainer.StatusFinished)})
			}
			runs = append(runs, r)
		}
	}
	runs = append(runs,
		fixtureRun{id: "h/scratch-full", status: trainer.StatusFinished, dataset: "synthetic-transfer", mode: "full",
			params: 1000, trainable: 1000, best: 0.3, final: 0.3,
			events: join([]trainer.Event{status(0, trainer.StatusRunning)}, epochs(1, 10, 10, 1, 2),
				[]trainer.Event{status(2, trainer.StatusFinished)})},
		fixtureRun{id: "g/seed4-full", status: trainer.StatusRunning, dataset: "synthetic-transfer", mode: "full", parent: "g/pretrain",
			params: 1000, trainable: 1000, best: 0.9, final: 0.9},
		fixtureRun{id: "g/seed5-full", status: trainer.StatusFailed, dataset: "synthetic-transfer", mode: "full", parent: "g/pretrain",
			params: 1000, trainable: 1000, best: 0.9, final: 0.9},
	)
	ids := make([]string, len(runs))
	for i, r := range runs {
		writeTableRun(t, s, r)
		ids[i] = r.id
	}
	return s, ids
}

func fileSize(t *testing.T, path string) float64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return float64(st.Size())
}

func near(a, b float64) bool { return abs(a-b) <= 1e-9*max(1, abs(a), abs(b)) }

func TestTable(t *testing.T) {
	s, ids := tableStore(t)
	var entries []RunEntry
	for _, id := range ids {
		entries = append(entries, mustGet(t, s, id))
	}
	rows, skipped, err := Table(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 2 || skipped[0].ID != "g/seed4-full" || skipped[1].ID != "g/seed5-full" {
		t.Errorf("skipped = %v, want the running and the failed run", skipped)
	}
	type want struct {
		dataset, mode, init string
		runs                []string
		trainable           int
		best, final         Stat // N, Mean, Std, Min, Max
		ips, wall           Stat
		ckpt                float64
		diffs               []string
	}
	const std3 = 0.02 // sample std of 0.60, 0.62, 0.64
	wants := []want{
		{"synthetic-pretrain", "full", InitScratch, []string{"g/pretrain"}, 1000,
			Stat{1, 0.5, 0, 0.5, 0.5}, Stat{1, 0.4, 0, 0.4, 0.4}, Stat{1, 125, 0, 125, 125}, Stat{1, 21, 0, 21, 21}, 4000, nil},
		{"synthetic-transfer", "full", InitScratch, []string{"h/scratch-full"}, 1000,
			Stat{1, 0.3, 0, 0.3, 0.3}, Stat{1, 0.3, 0, 0.3, 0.3}, Stat{1, 10, 0, 10, 10}, Stat{1, 2, 0, 2, 2}, 0, nil},
		{"synthetic-transfer", "full", InitPretrained, []string{"g/seed1-full", "g/seed2-full", "g/seed3-full"}, 1000,
			Stat{3, 0.56, 0.05, 0.51, 0.61}, Stat{3, 0.55, 0.05, 0.50, 0.60}, Stat{3, 100, 50, 50, 150}, Stat{3, 22.0 / 3, 1.1547005383792515, 6, 8}, 3000,
			[]string{"lr"}},
		{"synthetic-transfer", "adaptformer", InitPretrained, []string{"g/seed1-adaptformer", "g/seed2-adaptformer", "g/seed3-adaptformer"}, 100,
			Stat{3, 0.63, std3, 0.61, 0.65}, Stat{3, 0.62, std3, 0.60, 0.64}, Stat{3, 100, 50, 50, 150}, Stat{3, 8, 0, 8, 8}, 1000, nil},
	}
	if len(rows) != len(wants) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	sameStat := func(a, b Stat) bool {
		return a.N == b.N && near(a.Mean, b.Mean) && near(a.Std, b.Std) && near(a.Min, b.Min) && near(a.Max, b.Max)
	}
	for i, w := range wants {
		r := rows[i]
		name := w.dataset + " " + w.mode + " " + w.init
		if r.Dataset != w.dataset || r.Mode != w.mode || r.Init != w.init || r.Preset != "micro" || !reflect.DeepEqual(r.Runs, w.runs) {
			t.Errorf("row %d is %s %s %s %s %v, want %s %v", i, r.Dataset, r.Mode, r.Init, r.Preset, r.Runs, name, w.runs)
			continue
		}
		if r.Params != 1000 || r.Trainable != w.trainable {
			t.Errorf("%s: params %d trainable %d", name, r.Params, r.Trainable)
		}
		for _, c := range []struct {
			what      string
			got, want Stat
		}{{"best", r.Best, w.best}, {"final", r.Final, w.final}, {"images/s", r.ImagesPerSec, w.ips}, {"wall", r.WallSeconds, w.wall}} {
			if !sameStat(c.got, c.want) {
				t.Errorf("%s: %s = %+v, want %+v", name, c.what, c.got, c.want)
			}
		}
		if w.ckpt == 0 {
			if r.CheckpointBytes.N != 0 {
				t.Errorf("%s: checkpoint size of a run without one: %+v", name, r.CheckpointBytes)
			}
		} else if r.CheckpointBytes.N != len(w.runs) || r.CheckpointBytes.Mean != w.ckpt {
			t.Errorf("%s: checkpoint size %+v, want %v", name, r.CheckpointBytes, w.ckpt)
		}
		if !reflect.DeepEqual(r.ConfigDiffs, w.diffs) {
			t.Errorf("%s: config diffs %v, want %v", name, r.ConfigDiffs, w.diffs)
		}
	}

	// The run directory's size is every file in it.
	dir := s.Dir("g/pretrain")
	wantSize := 2*4000 + fileSize(t, filepath.Join(dir, trainer.RunInfoFile)) + fileSize(t, filepath.Join(dir, trainer.MetricsFile))
	if got := rows[0].RunDirBytes; got.N != 1 || got.Mean != wantSize {
		t.Errorf("pretrain run directory size %+v, want %v", got, wantSize)
	}
	if got := rows[3]; !near(got.TrainablePercent(), 10) || !near(got.TrainableMiB(), 400.0/(1<<20)) {
		t.Errorf("adaptformer trainable %.4f%%, %.9f MiB", got.TrainablePercent(), got.TrainableMiB())
	}
	if (TableRow{}).TrainablePercent() != 0 {
		t.Error("trainable percent of no parameters is not 0")
	}

	// Nothing finished: no rows, everything skipped.
	rows, skipped, err = Table(entries[len(entries)-2:])
	if err != nil || len(rows) != 0 || len(skipped) != 2 {
		t.Errorf("Table of unfinished runs = %v, %d skipped, %v", rows, len(skipped), err)
	}
}

func TestTableSkipsMalformedMetrics(t *testing.T) {
	s, _ := tableStore(t)
	path := filepath.Join(s.Dir("g/pretrain"), trainer.MetricsFile)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{not json}\n")
	f.Close()
	rows, _, err := Table([]RunEntry{mustGet(t, s, "g/pretrain")})
	if err != nil {
		t.Fatalf("Table with a malformed metrics line: %v, want the line skipped", err)
	}
	if len(rows) != 1 || len(rows[0].Malformed) != 1 || !strings.Contains(rows[0].Malformed[0], "g/pretrain: skipped 1 malformed line at byte offset") {
		t.Errorf("Table with a malformed metrics line: rows %+v, want one row that reports the skipped line", rows)
	}
	if rows[0].ImagesPerSec.N != 1 {
		t.Errorf("the run was not measured from its other lines: %+v", rows[0])
	}
}

func TestWallTime(t *testing.T) {
	running := func(s float64) trainer.Event { return status(s, trainer.StatusRunning) }
	step := func(s float64) trainer.Event { return trainer.StepEvent{Time: at(s)} }
	tests := []struct {
		name   string
		events []trainer.Event
		info   trainer.RunInfo
		want   float64 // seconds
	}{
		{"straight", []trainer.Event{running(0), step(1), status(3, trainer.StatusFinished)}, trainer.RunInfo{}, 3},
		{"paused", []trainer.Event{running(0), status(2, trainer.StatusPaused), running(60), status(61, trainer.StatusFinished)}, trainer.RunInfo{}, 3},
		{"stopped then resumed", []trainer.Event{running(0), status(2, trainer.StatusStopped), running(60), status(65, trainer.StatusFinished)}, trainer.RunInfo{}, 7},
		{"crash then resume", []trainer.Event{running(0), step(4), trainer.EpochEvent{Time: at(5)}, status(50, trainer.StatusQueued), running(51), status(52, trainer.StatusFinished)}, trainer.RunInfo{}, 6},
		{"crash, not resumed", []trainer.Event{running(0), step(4)}, trainer.RunInfo{}, 4},
		{"failed", []trainer.Event{running(0), trainer.ErrorEvent{Time: at(2)}, status(2, trainer.StatusFailed)}, trainer.RunInfo{}, 2},
		{"no status records", []trainer.Event{step(1)}, trainer.RunInfo{Started: at(10), Updated: at(40)}, 30},
		{"nothing known", nil, trainer.RunInfo{}, 0},
	}
	for _, tt := range tests {
		if got := wallTime(tt.events, tt.info).Seconds(); !near(got, tt.want) {
			t.Errorf("%s: wall time %v s, want %v", tt.name, got, tt.want)
		}
	}
}

func TestThroughput(t *testing.T) {
	info := trainer.RunInfo{StepsPerEpoch: 10}
	info.Config.Batch = 32
	tests := []struct {
		name   string
		epochs []trainer.EpochEvent
		want   float64
	}{
		{"weighted by time", []trainer.EpochEvent{{Seconds: 1, ImagesPerSec: 100}, {Seconds: 3, ImagesPerSec: 300}}, 250},
		{"no images_per_s: full batches", []trainer.EpochEvent{{Seconds: 2}}, 160},
		{"no seconds", []trainer.EpochEvent{{ImagesPerSec: 100}}, 0},
		{"no epochs", nil, 0},
	}
	for _, tt := range tests {
		if got := throughput(tt.epochs, info); !near(got, tt.want) {
			t.Errorf("%s: %v images/s, want %v", tt.name, got, tt.want)
		}
	}
}

func TestConfigDiffs(t *testing.T) {
	base := trainer.DefaultConfig()
	seeded, lr, moved, other := base, base, base, base
	seeded.Seed, seeded.Threads = 7, 2
	lr.LR, lr.Epochs = 0.5, 3
	moved.DataDir, moved.KeepCheckpoints = "/data", 1
	other.InitFrom = "runs/g2/pretrain/checkpoints/ckpt-000000100.safetensors" // other pretrained weights
	tests := []struct {
		configs []trainer.Config
		want    []string
	}{
		{nil, nil},
		{[]trainer.Config{base}, nil},
		{[]trainer.Config{base, seeded, moved}, nil},
		{[]trainer.Config{base, seeded, lr}, []string{"epochs", "lr"}},
		{[]trainer.Config{base, other}, []string{"init_from"}},
	}
	for i, tt := range tests {
		if got := configDiffs(tt.configs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("case %d: configDiffs = %v, want %v", i, got, tt.want)
		}
	}
}

// TestTableOfRealSweep trains a tiny sweep with the real trainer and checks
// that Table reads what the trainer writes.
func TestTableOfRealSweep(t *testing.T) {
	s := newTestStore(t)
	q := NewQueue(s, QueueOptions{})
	c := collect(q)
	r := tinySeed()
	r.Kind, r.Name, r.Seeds = KindSweep, "sweep", []uint64{1, 2}
	r.Modes = []string{"adaptformer", "linear"}
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	q.Wait()
	if err := q.Shutdown(); err != nil {
		t.Fatal(err)
	}
	c.wait(t)
	group, _, _ := strings.Cut(ids[0], "/")
	entries, err := s.Group(group)
	if err != nil {
		t.Fatal(err)
	}
	rows, skipped, err := Table(entries)
	if err != nil || len(skipped) != 0 {
		t.Fatalf("Table: %v, skipped %v", err, skipped)
	}
	if len(rows) != 3 || rows[0].Init != InitScratch || rows[0].Dataset != "synthetic-pretrain" ||
		rows[1].Mode != "adaptformer" || rows[2].Mode != "linear" || rows[1].Init != InitPretrained {
		t.Fatalf("rows: %+v", rows)
	}
	for i, row := range rows {
		n := 1
		if i > 0 {
			n = 2
		}
		if len(row.Runs) != n || row.Final.N != n || row.ImagesPerSec.N != n || row.WallSeconds.N != n ||
			row.CheckpointBytes.N != n || row.RunDirBytes.N != n {
			t.Errorf("%s %s: want %d runs measured, got %+v", row.Dataset, row.Mode, n, row)
			continue
		}
		if row.ImagesPerSec.Mean <= 0 || row.WallSeconds.Mean <= 0 || row.RunDirBytes.Mean < row.CheckpointBytes.Mean ||
			row.CheckpointBytes.Mean < float64(row.Trainable*float32Bytes) || row.ConfigDiffs != nil {
			t.Errorf("%s %s: implausible %+v", row.Dataset, row.Mode, row)
		}
	}
	if !(rows[2].Trainable < rows[1].Trainable && rows[1].Trainable < rows[0].Trainable && rows[0].Trainable == rows[0].Params) {
		t.Errorf("trainable: pretrain %d, adaptformer %d, linear %d", rows[0].Trainable, rows[1].Trainable, rows[2].Trainable)
	}
}
