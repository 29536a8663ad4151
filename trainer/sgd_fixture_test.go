package trainer

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/safetensors"
	"gorgonia.org/tensor"
)

// fixtureModel builds the model of a parity fixture (../vit/testdata, the
// PyTorch reference's golden files) with the fixture's weights.
func fixtureModel(t *testing.T, f *safetensors.File) *vit.Model {
	t.Helper()
	var fc struct {
		ImgSize      int     `json:"img_size"`
		PatchSize    int     `json:"patch_size"`
		InChans      int     `json:"in_chans"`
		NumClasses   int     `json:"num_classes"`
		Dim          int     `json:"dim"`
		Depth        int     `json:"depth"`
		Heads        int     `json:"heads"`
		MLPRatio     float64 `json:"mlp_ratio"`
		QKVBias      bool    `json:"qkv_bias"`
		Eps          float64 `json:"eps"`
		Bottleneck   int     `json:"bottleneck"`
		AdapterInput string  `json:"adapter_input"`
		AdapterScale string  `json:"adapter_scale"`
		ScaleInit    float64 `json:"adapter_scale_init"`
	}
	if err := json.Unmarshal([]byte(f.Metadata["config"]), &fc); err != nil {
		t.Fatalf("fixture config: %v", err)
	}
	input := vit.InputX
	if fc.AdapterInput == "norm" {
		input = vit.InputNorm2
	}
	cfg := vit.Config{
		ImageSize: fc.ImgSize, PatchSize: fc.PatchSize, InChans: fc.InChans, NumClasses: fc.NumClasses,
		Dim: fc.Dim, Depth: fc.Depth, Heads: fc.Heads, MLPRatio: fc.MLPRatio, QKVBias: fc.QKVBias, LNEps: fc.Eps,
		Adapter: vit.AdapterConfig{Enabled: true, Bottleneck: fc.Bottleneck, Input: input, Scale: fc.ScaleInit,
			Learnable: fc.AdapterScale == "learnable", Placement: vit.PlacementParallel},
	}
	m, err := vit.New(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	m.SetThreads(1)
	for _, p := range m.Params() {
		v := fixtureF32(t, f, "param/"+p.Name)
		if len(v) != p.Size() {
			t.Fatalf("fixture param/%s has %d values, the model %d", p.Name, len(v), p.Size())
		}
		copy(p.Data(), v)
	}
	return m
}

func fixtureF32(t *testing.T, f *safetensors.File, name string) []float32 {
	t.Helper()
	tt, ok := f.Get(name)
	if !ok {
		t.Fatalf("fixture has no tensor %s", name)
	}
	v, err := tt.Float32()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSGDFixture runs the fixtures' two SGD steps (lr 0.05, momentum 0.9,
// weight decay 5e-4 on every trainable parameter) through the model and the
// trainer's SGD, in both training modes, and compares every parameter with
// PyTorch's. In adaptformer mode the frozen ones must not change at all.
func TestSGDFixture(t *testing.T) {
	for _, file := range []string{"seed_style", "official_style"} {
		for _, mode := range []string{"full", "adaptformer"} {
			t.Run(file+"/"+mode, func(t *testing.T) {
				f, err := safetensors.ReadFile("../vit/testdata/" + file + ".safetensors")
				if err != nil {
					t.Fatal(err)
				}
				var sgd struct {
					LR, Momentum, WeightDecay float64
					Steps                     int
				}
				if err := json.Unmarshal([]byte(strings.ReplaceAll(f.Metadata["sgd"], "weight_decay", "weightdecay")), &sgd); err != nil || sgd.Steps != 2 || sgd.LR != 0.05 {
					t.Fatalf("fixture sgd metadata %q: %v", f.Metadata["sgd"], err)
				}
				m := fixtureModel(t, f)
				if err := m.Freeze(vit.FreezeSpec{Mode: vit.Mode(mode)}); err != nil {
					t.Fatal(err)
				}
				var params []OptParam
				for _, p := range m.Params() {
					if p.Trainable {
						params = append(params, OptParam{Name: p.Name, Value: p.Data(), Grad: p.GradData(), Decay: true})
					}
				}
				opt := NewSGD(params, sgd.Momentum, sgd.WeightDecay)
				inputT, _ := f.Get("input")
				x := tensor.New(tensor.WithShape(inputT.Shape...), tensor.WithBacking(fixtureF32(t, f, "input")))
				labelsT, _ := f.Get("labels")
				l64, _ := labelsT.Int64()
				labels := make([]int, len(l64))
				for i, l := range l64 {
					labels[i] = int(l)
				}
				for step := 0; step < sgd.Steps; step++ {
					m.ZeroGrad()
					logits, err := m.Forward(x)
					if err != nil {
						t.Fatal(err)
					}
					_, d, _, _, err := vit.CrossEntropy(logits, labels, 0, nil)
					if err != nil {
						t.Fatal(err)
					}
					if err := m.Backward(d); err != nil {
						t.Fatal(err)
					}
					opt.Step(sgd.LR)
				}
				for _, p := range m.Params() {
					want := fixtureF32(t, f, mode+"/after_sgd/"+p.Name)
					got := p.Data()
					if !p.Trainable {
						before := fixtureF32(t, f, "param/"+p.Name)
						for i := range got {
							if math.Float32bits(got[i]) != math.Float32bits(before[i]) {
								t.Fatalf("frozen %s[%d] changed: %v -> %v", p.Name, i, before[i], got[i])
							}
						}
					}
					for i := range got {
						if d := math.Abs(float64(got[i]) - float64(want[i])); d > 2e-5+2e-4*math.Abs(float64(want[i])) {
							t.Fatalf("%s[%d] = %.8g after %d steps, PyTorch %.8g", p.Name, i, got[i], sgd.Steps, want[i])
						}
					}
				}
			})
		}
	}
}
