package vit

import (
	"strings"
	"testing"
)

// The estimate tracks what a training step really allocates for its
// activations, in every mode, and a model that cannot fit is refused
// before anything is allocated.
func TestEstimateMemory(t *testing.T) {
	for _, tc := range []struct {
		preset string
		mode   Mode
		batch  int
	}{
		{"micro", ModeFull, 8},
		{"micro", ModeLinear, 8},
		{"tiny", ModeFull, 4},
		{"tiny", ModeAdaptFormer, 4},
		// seed-b3's 101 tokens: the attention maps weigh as much as the rest.
		{"seed-b3", ModeAdaptFormer, 1},
	} {
		c, _ := Preset(tc.preset)
		m := newInMode(t, c, 1, tc.mode)
		m.Train(true)
		x, labels := randomBatch(c, tc.batch, 1)
		forwardBackward(t, m, x, labels)
		e, err := EstimateMemory(c, FreezeSpec{Mode: tc.mode}, tc.batch, 1)
		if err != nil {
			t.Fatal(err)
		}
		got, want := float64(e.Activations), float64(m.WorkspaceBytes())
		if got < 0.8*want || got > 1.25*want {
			t.Errorf("%s %s batch %d: activations estimated at %.0f bytes, the workspace holds %.0f (%.2fx)", tc.preset, tc.mode, tc.batch, got, want, got/want)
		}
		total, trainable := m.NumParams()
		if e.Params != 4*(2*int64(total)+int64(trainable)) {
			t.Errorf("%s %s: parameters estimated at %d bytes, want values and gradients of %d and a buffer for each of the %d trainable", tc.preset, tc.mode, e.Params, total, trainable)
		}
	}

	c, _ := Preset("tiny")
	full := FreezeSpec{Mode: ModeFull}
	c.NumClasses = 100_000_000
	err := CheckMemory(c, full, 32, 2, 16<<30)
	if err == nil || !strings.Contains(err.Error(), "more than this machine's 16.0 GiB of memory") {
		t.Errorf("CheckMemory = %v, want a refusal naming the machine's memory", err)
	}
	c, _ = Preset("tiny")
	if err := CheckMemory(c, full, 128, 2, 16<<30); err != nil {
		t.Errorf("tiny at batch 128 refused: %v", err)
	}
	if err := CheckMemory(c, full, 1<<30, 2, 0); err != nil {
		t.Errorf("unknown machine memory: %v", err)
	}
}
