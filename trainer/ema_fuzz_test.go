package trainer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// FuzzEMAWeights feeds arbitrary safetensors files to what reads a
// checkpoint's moving average: emaWeights (init_from_ema, CheckpointWeights)
// and EMA.SetState (resume). Neither may panic; emaWeights' result holds
// the file's parameters only, each replaced by its average where it has one.
func FuzzEMAWeights(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "ema-checkpoint.safetensors"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := safetensors.Parse(b)
		if err != nil {
			return
		}
		params := 0
		for _, t := range file.Tensors {
			if !strings.HasPrefix(t.Name, emaPrefix) && !strings.HasPrefix(t.Name, optimizerPrefix) {
				params++
			}
		}
		if out, err := emaWeights(file); err == nil {
			if len(out.Tensors) != params {
				t.Errorf("%d tensors from a file of %d parameters", len(out.Tensors), params)
			}
			for _, w := range out.Tensors {
				if strings.HasPrefix(w.Name, emaPrefix) || strings.HasPrefix(w.Name, optimizerPrefix) {
					t.Errorf("weights hold %s", w.Name)
				}
			}
		}
		averages := map[string][]float32{}
		for _, w := range file.Tensors {
			if name, ok := strings.CutPrefix(w.Name, emaPrefix); ok {
				if v, err := w.Float32(); err == nil {
					averages[name] = v
				}
			}
		}
		e := NewEMA([]OptParam{{Name: "a", Value: make([]float32, 3)}, {Name: "b", Value: make([]float32, 2)}}, 0.9, true)
		e.SetState(averages, 1)
	})
}

// TestWriteEMAFuzzSeed keeps the fuzz seed a file of the shape a
// checkpoint has: parameters, their averages, an optimizer buffer.
func TestWriteEMAFuzzSeed(t *testing.T) {
	tensors := []safetensors.Tensor{
		safetensors.F32("a", []int{3}, []float32{1, 2, 3}),
		safetensors.F32("b", []int{1, 2}, []float32{4, 5}),
		safetensors.F32("c", []int{1}, []float32{6}),
		safetensors.F32(emaPrefix+"a", []int{3}, []float32{1.5, 2.5, 3.5}),
		safetensors.F32(emaPrefix+"b", []int{1, 2}, []float32{4.5, 5.5}),
		safetensors.F32(optimizerPrefix+"a.momentum_buffer", []int{3}, []float32{0.1, 0.2, 0.3}),
	}
	var sb strings.Builder
	if err := safetensors.Encode(&sb, tensors, map[string]string{"format": CheckpointFormat}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "ema-checkpoint.safetensors")
	if old, err := os.ReadFile(path); err == nil && string(old) == sb.String() {
		return
	}
	if os.Getenv("UPDATE_FUZZ_SEED") == "" {
		t.Fatalf("%s is missing or stale: rerun with UPDATE_FUZZ_SEED=1", path)
	}
	os.MkdirAll("testdata", 0o755)
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
