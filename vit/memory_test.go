package vit

import (
	"strings"
	"testing"
)

// The estimate tracks what a pass really allocates, and a model that cannot
// fit is refused before anything is allocated.
func TestEstimateMemory(t *testing.T) {
	for _, tc := range []struct {
		preset string
		mode   Mode
		batch  int
	}{
		{"micro", ModeFull, 8},
		{"micro", ModeAdaptFormer, 8},
		{"tiny", ModeFull, 4},
	} {
		c, _ := Preset(tc.preset)
		m := newInMode(t, c, 1, tc.mode)
		m.Train(true)
		x, labels := randomBatch(c, tc.batch, 1)
		out, err := m.Forward(newDense(x, tc.batch, 3, c.ImageSize, c.ImageSize))
		if err != nil {
			t.Fatal(err)
		}
		_, d, _, _, err := CrossEntropy(out, labels, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Backward(d); err != nil {
			t.Fatal(err)
		}
		e, err := EstimateMemory(c, tc.batch, true)
		if err != nil {
			t.Fatal(err)
		}
		got, want := float64(e.Activations), float64(m.WorkspaceBytes())
		if got < 0.7*want || got > 1.5*want {
			t.Errorf("%s %s batch %d: activations estimated at %.0f bytes, the workspace holds %.0f", tc.preset, tc.mode, tc.batch, got, want)
		}
		total, _ := m.NumParams()
		if e.Params != 16*int64(total) {
			t.Errorf("%s: parameters estimated at %d bytes, want 16 per parameter (%d)", tc.preset, e.Params, total)
		}
	}

	c, _ := Preset("tiny")
	c.NumClasses = 100_000_000
	err := CheckMemory(c, 32, true, 16<<30)
	if err == nil || !strings.Contains(err.Error(), "more than this machine's 16.0 GiB of memory") {
		t.Errorf("CheckMemory = %v, want a refusal naming the machine's memory", err)
	}
	c, _ = Preset("tiny")
	if err := CheckMemory(c, 128, true, 16<<30); err != nil {
		t.Errorf("tiny at batch 128 refused: %v", err)
	}
	if err := CheckMemory(c, 1<<30, true, 0); err != nil {
		t.Errorf("unknown machine memory: %v", err)
	}
}
