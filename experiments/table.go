package experiments

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// The initialisations a TableRow tells apart.
const (
	// InitScratch is a run that starts from random weights, such as a
	// recipe's pretraining run.
	InitScratch = "scratch"
	// InitPretrained is a run that starts from a checkpoint or weights
	// file (Config.InitFrom), such as a recipe's transfer runs.
	InitPretrained = "pretrained"
)

// float32Bytes is the size of one parameter as the trainer stores it.
const float32Bytes = 4

// TableRow is one row of a results table: the finished runs of one
// dataset, mode, model preset and initialisation, their seeds pooled, as a
// paper reports them.
type TableRow struct {
	Dataset string
	Mode    string
	Preset  string
	// Init is InitScratch or InitPretrained, so that a pretraining run gets
	// its own row even on the dataset and in the mode of transfer runs.
	Init string
	// Runs are the run IDs pooled in the row, in the order given to Table.
	Runs []string
	// Params and Trainable are the model's parameter counts, as run.json
	// gives them (of the row's first run: the runs of a row share a model).
	Params, Trainable int
	// Best and Final are the runs' best eval top-1 of any epoch and their
	// eval top-1 after the last epoch, as fractions in [0,1].
	Best, Final Stat
	// ImagesPerSec is the training throughput of the runs: for each run,
	// the images it trained on divided by the seconds its training steps
	// took (data loading included; evaluation and checkpoints excluded),
	// from its epoch records. N counts the runs that have epoch records.
	ImagesPerSec Stat
	// WallSeconds is each run's wall time: the time it spent running, from
	// its status records (evaluation and checkpoints included; time queued
	// or paused excluded).
	WallSeconds Stat
	// CheckpointBytes is the size of one checkpoint file of each run (its
	// latest: the model's parameters and the optimizer's state).
	CheckpointBytes Stat
	// RunDirBytes is the size of each run's whole directory: its kept
	// checkpoints, metrics and the rest.
	RunDirBytes Stat
	// ConfigDiffs lists the config keys (run.json's names) whose values
	// differ between the row's runs other than seed and the keys that do
	// not change what is trained (data_dir, threads, workers,
	// checkpoint_every, keep_checkpoints), and "trainable parameters" when
	// the runs train different counts (Trainable is then the first run's).
	// A row should pool seeds only, so a non-empty list deserves a warning.
	ConfigDiffs []string
	// RepeatedSeeds are seeds that more than one of the row's runs used:
	// repeats of one run, not independent samples for the ± column.
	RepeatedSeeds []uint64
	// EMABest is the best eval top-1 of the runs' moving averages of the
	// weights (trainer.Config.EMADecay); N counts the runs that kept one.
	EMABest Stat
	// Malformed says, per run with malformed lines in its metrics.jsonl,
	// which were skipped: "g/seed1-full: skipped 1 malformed line at byte
	// offset 1234". The run's numbers come from its other lines.
	Malformed []string
}

// TrainablePercent is the trainable share of the parameters, in percent.
func (r TableRow) TrainablePercent() float64 {
	if r.Params == 0 {
		return 0
	}
	return 100 * float64(r.Trainable) / float64(r.Params)
}

// TrainableMiB is the size of the trainable parameters as float32, in MiB.
func (r TableRow) TrainableMiB() float64 {
	return float64(r.Trainable) * float32Bytes / (1 << 20)
}

// rowKey is what a TableRow pools runs by.
type rowKey struct{ dataset, mode, preset, init string }

func keyOf(e RunEntry) rowKey {
	c := e.Info.Config
	init := InitScratch
	if c.InitFrom != "" || e.Info.InitFrom != "" || e.Info.Parent != "" {
		init = InitPretrained
	}
	return rowKey{c.Dataset, c.Mode, c.Preset, init}
}

// compareKeys orders rows: runs from scratch (pretraining) first, then by
// dataset, mode (as trainer.Modes lists them) and preset.
func compareKeys(a, b rowKey) int {
	if a.init != b.init {
		if a.init == InitScratch {
			return -1
		}
		if b.init == InitScratch {
			return 1
		}
		return strings.Compare(a.init, b.init)
	}
	if c := strings.Compare(a.dataset, b.dataset); c != 0 {
		return c
	}
	if c := modeRank(a.mode) - modeRank(b.mode); c != 0 {
		return c
	}
	return strings.Compare(a.preset, b.preset)
}

func modeRank(m string) int {
	if i := slices.Index(trainer.Modes(), m); i >= 0 {
		return i
	}
	return len(trainer.Modes())
}

// Table builds a results table of the finished runs among entries: one row
// per dataset, mode, preset and initialisation, with the eval top-1 of its
// runs as a mean and a spread over seeds, the model's size, the training
// throughput, the wall time and the disk space of a run. It reads each
// run's metrics.jsonl and sizes its files. Runs that have not finished
// (running, queued, stopped, failed, interrupted...) are returned as
// skipped instead: their accuracy is not final, and pooling it with
// finished runs would bias the mean. An unreadable metrics file is an
// error naming the run.
func Table(entries []RunEntry) (rows []TableRow, skipped []RunEntry, err error) {
	type acc struct {
		row                              *TableRow
		best, final, ips, wall, ckpt, sz []float64
		emaBest                          []float64
		configs                          []trainer.Config
		trainable                        []int
	}
	byKey := map[rowKey]*acc{}
	var keys []rowKey
	for _, e := range entries {
		if e.Status != trainer.StatusFinished {
			skipped = append(skipped, e)
			continue
		}
		m, err := measureRun(e)
		if err != nil {
			return nil, nil, err
		}
		k := keyOf(e)
		a := byKey[k]
		if a == nil {
			a = &acc{row: &TableRow{Dataset: k.dataset, Mode: k.mode, Preset: k.preset, Init: k.init,
				Params: e.Info.Params, Trainable: e.Info.Trainable}}
			byKey[k] = a
			keys = append(keys, k)
		}
		a.row.Runs = append(a.row.Runs, e.ID)
		if len(m.malformed) > 0 {
			a.row.Malformed = append(a.row.Malformed, e.ID+": "+trainer.DescribeMalformed(m.malformed))
		}
		a.best = append(a.best, e.Info.BestEvalTop1)
		a.final = append(a.final, e.Info.LastEvalTop1)
		if e.Info.BestEMAEpoch > 0 {
			a.emaBest = append(a.emaBest, e.Info.BestEMAEvalTop1)
		}
		a.configs = append(a.configs, e.Info.Config)
		a.trainable = append(a.trainable, e.Info.Trainable)
		for _, v := range []struct {
			dst *[]float64
			val float64
			ok  bool
		}{
			{&a.ips, m.imagesPerSec, m.imagesPerSec > 0},
			{&a.wall, m.wall.Seconds(), m.wall > 0},
			{&a.ckpt, float64(m.checkpointBytes), m.checkpointBytes > 0},
			{&a.sz, float64(m.dirBytes), m.dirBytes > 0},
		} {
			if v.ok {
				*v.dst = append(*v.dst, v.val)
			}
		}
	}
	slices.SortStableFunc(keys, compareKeys)
	rows = make([]TableRow, len(keys))
	for i, k := range keys {
		a := byKey[k]
		r := a.row
		r.Best, r.Final = newStat(a.best), newStat(a.final)
		r.EMABest = newStat(a.emaBest)
		r.ImagesPerSec, r.WallSeconds = newStat(a.ips), newStat(a.wall)
		r.CheckpointBytes, r.RunDirBytes = newStat(a.ckpt), newStat(a.sz)
		r.ConfigDiffs = configDiffs(a.configs)
		if slices.ContainsFunc(a.trainable, func(n int) bool { return n != r.Trainable }) {
			r.ConfigDiffs = append(r.ConfigDiffs, "trainable parameters")
		}
		seeds := map[uint64]int{}
		for _, c := range a.configs {
			if seeds[c.Seed]++; seeds[c.Seed] == 2 {
				r.RepeatedSeeds = append(r.RepeatedSeeds, c.Seed)
			}
		}
		rows[i] = *r
	}
	return rows, skipped, nil
}

// runMeasure is what Table measures of one run; zero means unknown.
type runMeasure struct {
	imagesPerSec    float64
	wall            time.Duration
	checkpointBytes int64
	dirBytes        int64
	malformed       []trainer.MalformedLine
}

func measureRun(e RunEntry) (runMeasure, error) {
	var m runMeasure
	events, malformed, err := trainer.ReadMetricsReport(e.Dir)
	if err != nil {
		return m, fmt.Errorf("table: run %s: %w", e.ID, err)
	}
	m.malformed = malformed
	m.imagesPerSec = throughput(NewSeries(e, events).Epochs, e.Info)
	m.wall = wallTime(events, e.Info)
	if e.Info.Checkpoint != "" {
		st, err := os.Stat(filepath.Join(e.Dir, filepath.FromSlash(e.Info.Checkpoint)))
		switch {
		case err == nil:
			m.checkpointBytes = st.Size()
		case !errors.Is(err, fs.ErrNotExist):
			return m, fmt.Errorf("table: run %s: checkpoint: %w", e.ID, err)
		}
	}
	if m.dirBytes, err = dirSize(e.Dir); err != nil {
		return m, fmt.Errorf("table: run %s: %w", e.ID, err)
	}
	return m, nil
}

// throughput is the images trained per second of training steps over the
// epochs, 0 when the records do not say. An epoch record without
// images_per_s (written before it existed) counts steps_per_epoch full
// batches.
func throughput(epochs []trainer.EpochEvent, info trainer.RunInfo) float64 {
	var images, seconds float64
	for _, ep := range epochs {
		if ep.Seconds <= 0 {
			continue
		}
		n := ep.ImagesPerSec * ep.Seconds
		if ep.ImagesPerSec <= 0 {
			n = float64(info.StepsPerEpoch * info.Config.Batch)
		}
		if n <= 0 {
			continue
		}
		images += n
		seconds += ep.Seconds
	}
	if seconds == 0 {
		return 0
	}
	return images / seconds
}

// wallTime is the time a run spent running: the sum of the spans from each
// "running" status record to the status record that ended it (paused,
// stopped, finished, failed). A span that a crash cut short, followed by
// the "queued" or "running" record of a resume, ends at the last record
// before that. Without status records, it is run.json's updated time less
// its started time; 0 when neither says.
func wallTime(events []trainer.Event, info trainer.RunInfo) time.Duration {
	var total time.Duration
	var start, last time.Time
	open, seen := false, false
	for _, ev := range events {
		var t time.Time
		switch ev := ev.(type) {
		case trainer.StatusEvent:
			seen = true
			if open {
				end := ev.Time
				if ev.Status == trainer.StatusRunning || ev.Status == trainer.StatusQueued {
					end = last // the previous process died without a word
				}
				total += max(0, end.Sub(start))
				open = false
			}
			if ev.Status == trainer.StatusRunning {
				start, last, open = ev.Time, ev.Time, true
			}
			continue
		case trainer.StepEvent:
			t = ev.Time
		case trainer.EpochEvent:
			t = ev.Time
		case trainer.ErrorEvent:
			t = ev.Time
		}
		if open && t.After(last) {
			last = t
		}
	}
	if open {
		total += max(0, last.Sub(start))
	}
	if !seen && !info.Started.IsZero() && info.Updated.After(info.Started) {
		return info.Updated.Sub(info.Started)
	}
	return total
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path != dir {
				return nil // removed while we looked
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		n += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", dir, err)
	}
	return n, nil
}

// configIgnored are the config keys that may differ between the runs of a
// row: what varies over a sweep, and what does not change what is trained.
var configIgnored = []string{"seed", "data_dir", "threads", "workers", "checkpoint_every", "keep_checkpoints"}

// configDiffs lists the keys, as run.json spells them, whose values differ
// among configs, other than configIgnored.
func configDiffs(configs []trainer.Config) []string {
	if len(configs) < 2 {
		return nil
	}
	maps := make([]map[string]any, len(configs))
	keys := map[string]bool{}
	for i, c := range configs {
		b, err := json.Marshal(c)
		if err != nil {
			return nil
		}
		if err := json.Unmarshal(b, &maps[i]); err != nil {
			return nil
		}
		for k := range maps[i] {
			keys[k] = true
		}
	}
	var diffs []string
	for k := range keys {
		if slices.Contains(configIgnored, k) {
			continue
		}
		for _, m := range maps[1:] {
			if !reflect.DeepEqual(m[k], maps[0][k]) {
				diffs = append(diffs, k)
				break
			}
		}
	}
	slices.Sort(diffs)
	return diffs
}
