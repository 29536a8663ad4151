package trainer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

func writeTestCheckpoint(t *testing.T, runDir string, step int) *checkpoint {
	t.Helper()
	os.MkdirAll(filepath.Join(runDir, CheckpointDir), 0o755)
	c := &checkpoint{
		Path:  filepath.Join(runDir, CheckpointDir, checkpointName(step)),
		State: checkpointState{Version: checkpointStateVer, Epoch: 1, Batch: 3, Step: step, Optimizer: "sgd", OptimizerSteps: step, Trainable: []string{"w"}, ModelRNG: 7, TrainLossSum: 1.25, MetricsOffset: 99},
		Model: `{"Dim":8}`,
		Params: []safetensors.Tensor{
			safetensors.F32("w", []int{2, 2}, []float32{1, 2, 3, float32(step)}),
			safetensors.F32("b", []int{2}, []float32{-1, 0.5}),
		},
		Optim: map[string][]float32{"w.momentum_buffer": {0.1, 0.2, 0.3, 0.4}},
	}
	if err := writeCheckpoint(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheckpointRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := writeTestCheckpoint(t, dir, 12)
	got, err := readCheckpoint(c.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.State, c.State) || got.Model != c.Model {
		t.Errorf("state %+v, model %s; want %+v, %s", got.State, got.Model, c.State, c.Model)
	}
	if !reflect.DeepEqual(got.Optim, c.Optim) {
		t.Errorf("optimizer state %v, want %v", got.Optim, c.Optim)
	}
	if len(got.Params) != 2 {
		t.Fatalf("%d params, want 2", len(got.Params))
	}
	for _, p := range got.Params {
		want := c.Params[0]
		if p.Name == "b" {
			want = c.Params[1]
		}
		if !reflect.DeepEqual(p.Data, want.Data) || !reflect.DeepEqual(p.Shape, want.Shape) {
			t.Errorf("param %s differs", p.Name)
		}
	}
	if err := VerifyCheckpoint(c.Path); err != nil {
		t.Error(err)
	}
}

func TestCorruptCheckpointFallsBack(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(path string)
	}{
		{"truncated", func(p string) {
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-7)
		}},
		{"flipped data byte", func(p string) {
			b, _ := os.ReadFile(p)
			b[len(b)-3] ^= 0x40
			os.WriteFile(p, b, 0o644)
		}},
		{"empty", func(p string) { os.WriteFile(p, nil, 0o644) }},
		{"garbage header", func(p string) {
			b, _ := os.ReadFile(p)
			copy(b[8:], "{{{{")
			os.WriteFile(p, b, 0o644)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestCheckpoint(t, dir, 5)
			writeTestCheckpoint(t, dir, 10)
			newest := writeTestCheckpoint(t, dir, 15)
			tt.corrupt(newest.Path)

			if err := VerifyCheckpoint(newest.Path); !errors.Is(err, ErrCorruptCheckpoint) {
				t.Fatalf("VerifyCheckpoint = %v, want ErrCorruptCheckpoint", err)
			}
			path, problems, err := LatestCheckpoint(dir)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(path) != checkpointName(10) || len(problems) != 1 {
				t.Errorf("LatestCheckpoint = %s with %d problems, want %s with 1", path, len(problems), checkpointName(10))
			}
			c, _, err := latestCheckpoint(dir, true)
			if err != nil || c.State.Step != 10 {
				t.Fatalf("latestCheckpoint: %v", err)
			}
			if _, err := os.Stat(newest.Path + corruptSuffix); err != nil {
				t.Errorf("the corrupt checkpoint was not set aside: %v", err)
			}
		})
	}
}

func TestCheckpointListAndPrune(t *testing.T) {
	dir := t.TempDir()
	if c, _, err := latestCheckpoint(dir, false); c != nil || err != nil {
		t.Fatalf("no checkpoints: got %v, %v", c, err)
	}
	if HasCheckpoint(dir) {
		t.Error("HasCheckpoint in a run without checkpoints")
	}
	for _, s := range []int{3, 100, 20, 7} {
		writeTestCheckpoint(t, dir, s)
	}
	pruneCheckpoints(dir, 2)
	paths, _ := listCheckpoints(dir)
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	if want := []string{checkpointName(100), checkpointName(20)}; !reflect.DeepEqual(names, want) {
		t.Errorf("after pruning: %v, want %v", names, want)
	}
	// Every checkpoint corrupt: an error that names them.
	for _, p := range paths {
		os.WriteFile(p, []byte("nope"), 0o644)
	}
	if _, _, err := LatestCheckpoint(dir); err == nil {
		t.Error("LatestCheckpoint succeeded with only corrupt checkpoints")
	}
	if !HasCheckpoint(dir) {
		t.Error("HasCheckpoint misses corrupt checkpoints (they still mean the run started)")
	}
}
