package experiments

import (
	"testing"

	"github.com/adaptformer/adaptformer/trainer"
)

// A row's EMABest pools the best eval top-1 of the runs that kept a moving
// average of the weights; a row without one has none.
func TestTableEMABest(t *testing.T) {
	s := newTestStore(t)
	ema := map[string]float64{"g/seed1-full": 0.70, "g/seed2-full": 0.80}
	var entries []RunEntry
	for _, r := range []fixtureRun{
		{id: "g/seed1-full", seed: 1, mode: "full", best: 0.65},
		{id: "g/seed2-full", seed: 2, mode: "full", best: 0.75},
		{id: "g/seed1-linear", seed: 1, mode: "linear", best: 0.4},
	} {
		r.status, r.dataset, r.params, r.trainable, r.final = trainer.StatusFinished, "synthetic-transfer", 1000, 1000, r.best
		r.events = []trainer.Event{status(0, trainer.StatusRunning), status(1, trainer.StatusFinished)}
		writeTableRun(t, s, r)
		if top1, ok := ema[r.id]; ok {
			dir := s.Dir(r.id)
			info, err := trainer.ReadRunInfo(dir)
			if err != nil {
				t.Fatal(err)
			}
			info.Config.EMADecay = 0.999
			info.BestEMAEvalTop1, info.BestEMAEpoch, info.LastEMAEvalTop1 = top1, 2, top1
			if err := trainer.WriteRunInfo(dir, info); err != nil {
				t.Fatal(err)
			}
		}
		entries = append(entries, mustGet(t, s, r.id))
	}
	rows, _, err := Table(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want full and linear", len(rows))
	}
	for _, r := range rows {
		switch r.Mode {
		case "full":
			if r.EMABest.N != 2 || !near(r.EMABest.Mean, 0.75) || !near(r.Best.Mean, 0.70) {
				t.Errorf("full: EMA best %+v, best %+v; want 2 runs, mean 0.75 and 0.70", r.EMABest, r.Best)
			}
		case "linear":
			if r.EMABest.N != 0 {
				t.Errorf("linear: EMA best %+v, want none", r.EMABest)
			}
		}
	}
}
