package experiments

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// Series is one run's metrics, as exports and plots use them: its step and
// epoch records in order, one per step and per epoch.
type Series struct {
	Run    RunEntry
	Steps  []trainer.StepEvent
	Epochs []trainer.EpochEvent
	// Skipped is the malformed lines of metrics.jsonl that were left out
	// (Store.Series sets it).
	Skipped []trainer.MalformedLine
}

// Series reads a run's metrics. Should a step or an epoch appear twice
// (records written again by a resumed run), the later record wins.
// Malformed lines are left out and listed in Series.Skipped.
func (s *Store) Series(id string) (Series, error) {
	e, err := s.Get(id)
	if err != nil {
		return Series{}, err
	}
	events, skipped, err := trainer.ReadMetricsReport(e.Dir)
	if err != nil {
		return Series{}, fmt.Errorf("run %s: %w", e.ID, err)
	}
	series := NewSeries(e, events)
	series.Skipped = skipped
	return series, nil
}

// NewSeries builds a run's Series from its events (as Store.Metrics or a
// Follower returns them).
func NewSeries(e RunEntry, events []trainer.Event) Series {
	s := Series{Run: e}
	for _, ev := range events {
		switch ev := ev.(type) {
		case trainer.StepEvent:
			s.Steps = append(s.Steps, ev)
		case trainer.EpochEvent:
			s.Epochs = append(s.Epochs, ev)
		}
	}
	s.Steps = lastByKey(s.Steps, func(e trainer.StepEvent) int { return e.Step })
	s.Epochs = lastByKey(s.Epochs, func(e trainer.EpochEvent) int { return e.Epoch })
	return s
}

// lastByKey keeps the last record of each key, ordered by key.
func lastByKey[T any](xs []T, key func(T) int) []T {
	if len(xs) == 0 {
		return nil
	}
	idx := map[int]int{}
	for i, x := range xs {
		idx[key(x)] = i
	}
	out := make([]T, 0, len(idx))
	for i, x := range xs {
		if idx[key(x)] == i {
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b T) int { return key(a) - key(b) })
	return out
}

// csvHeader is the columns of WriteCSV: the run, then the record's fields.
// A step record leaves the epoch-only columns empty, and the other way
// round.
func csvHeader() []string {
	return []string{
		"run", "name", "mode", "dataset", "record", "epoch", "step", "time",
		"loss", "lr", "images_per_s",
		"train_loss", "train_top1", "eval_loss", "eval_top1", "eval_top5", "seconds",
	}
}

// CSVOptions choose what WriteCSV writes.
type CSVOptions struct {
	// EpochsOnly leaves out the step records (one row per epoch only).
	EpochsOnly bool
}

// WriteCSV writes the runs' metrics as CSV with a header row (see
// csvHeader): for each run, its step records and then its epoch records.
// Accuracies are fractions in [0,1].
func WriteCSV(w io.Writer, series []Series, opt CSVOptions) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader())
	for _, s := range series {
		run := []string{s.Run.ID, s.Run.Name(), s.Run.Info.Config.Mode, s.Run.Info.Config.Dataset}
		if !opt.EpochsOnly {
			for _, e := range s.Steps {
				row := append(slices.Clone(run), "step", itoa(e.Epoch), itoa(e.Step), ftime(e.Time),
					ftoa(e.Loss), ftoa(e.LR), ftoa(e.ImagesPerSec), "", "", "", "", "", "")
				cw.Write(row)
			}
		}
		for _, e := range s.Epochs {
			row := append(slices.Clone(run), "epoch", itoa(e.Epoch), itoa(e.Step), ftime(e.Time),
				"", ftoa(e.LR), "", ftoa(e.TrainLoss), ftoa(e.TrainTop1), ftoa(e.EvalLoss), ftoa(e.EvalTop1), ftoa(e.EvalTop5), ftoa(e.Seconds))
			cw.Write(row)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func itoa(n int) string     { return strconv.Itoa(n) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
func ftime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// jsonRun is one run in WriteJSON's output.
type jsonRun struct {
	ID     string               `json:"id"`
	Name   string               `json:"name"`
	Status trainer.Status       `json:"status"`
	Info   trainer.RunInfo      `json:"info"`
	Steps  []trainer.StepEvent  `json:"steps"`
	Epochs []trainer.EpochEvent `json:"epochs"`
}

// JSONOptions choose what WriteJSON writes.
type JSONOptions struct {
	// EpochsOnly leaves out the step records.
	EpochsOnly bool
}

// WriteJSON writes the runs as a JSON array: each with its ID, name,
// status, run.json and its step and epoch records.
func WriteJSON(w io.Writer, series []Series, opt JSONOptions) error {
	out := make([]jsonRun, len(series))
	for i, s := range series {
		out[i] = jsonRun{ID: s.Run.ID, Name: s.Run.Name(), Status: s.Run.Status, Info: s.Run.Info,
			Steps: s.Steps, Epochs: s.Epochs}
		if opt.EpochsOnly || out[i].Steps == nil {
			out[i].Steps = []trainer.StepEvent{}
		}
		if out[i].Epochs == nil {
			out[i].Epochs = []trainer.EpochEvent{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
