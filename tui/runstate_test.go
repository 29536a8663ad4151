package tui

import (
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// TestRunStateRewind: a resumed run reports steps again from its
// checkpoint; the curves rewind to it instead of doubling back.
func TestRunStateRewind(t *testing.T) {
	r := newRunState(experiments.RunEntry{ID: "a"})
	for s := 1; s <= 10; s++ {
		r.apply(trainer.StepEvent{Step: s, Loss: float64(s)})
		if s == 5 || s == 10 {
			r.apply(trainer.EpochEvent{Epoch: s / 5, Step: s, EvalTop1: float64(s) / 20})
		}
	}
	r.apply(trainer.StepEvent{Step: 6, Loss: 60}) // resumed from the epoch-1 checkpoint
	if len(r.stepX) != 6 || r.loss[5] != 60 {
		t.Errorf("after rewind: steps %v loss %v", r.stepX, r.loss)
	}
	if len(r.epochs) != 1 {
		t.Errorf("after rewind: %d epochs, want 1", len(r.epochs))
	}
	if best, ok := r.bestTop1(); !ok || best != 0.25 {
		t.Errorf("best top-1 %v %v, want 0.25", best, ok)
	}
	// The same events again from the start (a follower's reset) leave the
	// same curves.
	r.reset()
	for s := 1; s <= 3; s++ {
		r.apply(trainer.StepEvent{Step: s})
	}
	if len(r.stepX) != 3 {
		t.Errorf("after reset: %v", r.stepX)
	}
}

func TestRunStateETA(t *testing.T) {
	r := newRunState(experiments.RunEntry{ID: "a", Info: trainer.RunInfo{Epochs: 2, StepsPerEpoch: 50, Config: trainer.Config{Batch: 10}}})
	r.status = trainer.StatusRunning
	r.apply(trainer.StepEvent{Step: 50, ImagesPerSec: 100})
	eta, ok := r.eta()
	if !ok || eta.Seconds() != 5 { // 50 steps * 10 images / 100 img/s
		t.Errorf("eta %v %v, want 5s", eta, ok)
	}
}

func TestParseParamTable(t *testing.T) {
	text := summaryText(t, "adaptformer")
	p, err := parseParamTable(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.rows) < 10 || p.trainable == 0 || p.trainable >= p.total {
		t.Errorf("adaptformer table: %d rows, %d of %d trainable", len(p.rows), p.trainable, p.total)
	}
	for _, r := range p.rows {
		if r.typ == "Adapter" && r.trainable != r.params || r.typ == "Attention" && r.trainable != 0 {
			t.Errorf("row %+v: wrong trainable count for adaptformer", r)
		}
	}
	if _, err := parseParamTable("not a table"); err == nil {
		t.Error("no error for a text without rows")
	}
}

func TestSmoothRate(t *testing.T) {
	tests := []struct {
		name   string
		rates  []float64
		lo, hi float64 // the average ends in [lo, hi]
	}{
		{"first step seeds it", []float64{200}, 200, 200},
		{"zero keeps it", []float64{200, 0}, 200, 200},
		{"one slow step barely moves it", []float64{200, 200, 200, 40}, 190, 196},
		{"a lasting change wins", append(repeat(200, 10), repeat(100, 200)...), 100, 101},
	}
	for _, tt := range tests {
		var avg float64
		for _, r := range tt.rates {
			avg = smoothRate(avg, r)
		}
		if avg < tt.lo || avg > tt.hi {
			t.Errorf("%s: %v, want in [%v, %v]", tt.name, avg, tt.lo, tt.hi)
		}
	}
}

func repeat(v float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}
