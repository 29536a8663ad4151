package trainer

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/adaptformer/adaptformer/vit"
)

// The scales of the micro preset (depth 4, adapters) at layer decay 0.75,
// as timm's param_groups_layer_decay gives them: the embeddings layer 0,
// blocks.i layer i+1 (its adapter too), the final norm and the head layer
// 5, scale 0.75^(5 - layer).
func TestLayerDecayScales(t *testing.T) {
	mc, err := vit.Preset("micro")
	if err != nil {
		t.Fatal(err)
	}
	mc.Adapter.Learnable = true // so that blocks.i.adaptmlp.scale exists
	m, err := vit.New(mc, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"cls_token":                        0.75 * 0.75 * 0.75 * 0.75 * 0.75,
		"pos_embed":                        0.75 * 0.75 * 0.75 * 0.75 * 0.75,
		"patch_embed.proj.weight":          0.75 * 0.75 * 0.75 * 0.75 * 0.75,
		"patch_embed.proj.bias":            0.75 * 0.75 * 0.75 * 0.75 * 0.75,
		"blocks.0.norm1.weight":            0.75 * 0.75 * 0.75 * 0.75,
		"blocks.0.attn.qkv.weight":         0.75 * 0.75 * 0.75 * 0.75,
		"blocks.0.adaptmlp.down_proj.bias": 0.75 * 0.75 * 0.75 * 0.75,
		"blocks.1.mlp.fc2.weight":          0.75 * 0.75 * 0.75,
		"blocks.2.adaptmlp.scale":          0.75 * 0.75,
		"blocks.3.attn.proj.bias":          0.75,
		"blocks.3.adaptmlp.up_proj.weight": 0.75,
		"blocks.3.mlp.fc1.weight":          0.75,
		"norm.weight":                      1,
		"norm.bias":                        1,
		"head.weight":                      1,
		"head.bias":                        1,
	}
	for name, w := range want {
		p := m.Param(name)
		if p == nil {
			t.Fatalf("micro has no parameter %s", name)
		}
		if got := LayerDecayScale(p.Layer(), mc.Depth, 0.75); math.Abs(got-w) > 1e-15 {
			t.Errorf("%s (layer %d): scale %v, want %v", name, p.Layer(), got, w)
		}
	}
	// Off: every scale is exactly 1.
	for _, decay := range []float64{0, 1} {
		for _, p := range m.Params() {
			if got := LayerDecayScale(p.Layer(), mc.Depth, decay); got != 1 {
				t.Errorf("layer decay %v: %s scale %v, want 1", decay, p.Name, got)
			}
		}
	}
}

// stepParams is three parameters with values and gradients.
func stepParams() []OptParam {
	var ps []OptParam
	for i, n := range []int{5, 3, 7} {
		p := OptParam{Name: fmt.Sprint("p", i), Value: make([]float32, n), Grad: make([]float32, n), Decay: i != 1}
		for j := range n {
			p.Value[j] = float32(math.Sin(float64(3*i + j + 1)))
			p.Grad[j] = float32(math.Cos(float64(5*i+j))) * 0.3
		}
		ps = append(ps, p)
	}
	return ps
}

// A step with layer decay is, bit for bit, the step without it at
// lr*scale on each parameter (an optimizer per parameter, as a PyTorch
// parameter group per layer); scales 0 and 1 change nothing.
func TestLRScaleIsAScaledStep(t *testing.T) {
	cfg := DefaultConfig()
	cfg.WeightDecay = 0.05
	scales := []float64{0.75 * 0.75, 0.75, 1}
	const lr = 0.03
	for _, opt := range []struct {
		name     string
		momentum float64
	}{{"sgd", 0.9}, {"sgd", 0}, {"adamw", 0}} {
		t.Run(fmt.Sprintf("%s momentum %v", opt.name, opt.momentum), func(t *testing.T) {
			cfg := cfg
			cfg.Optimizer, cfg.Momentum = opt.name, opt.momentum

			scaled := stepParams()
			for i := range scaled {
				scaled[i].LRScale = scales[i]
			}
			o, err := NewOptimizer(cfg, scaled)
			if err != nil {
				t.Fatal(err)
			}
			ref := stepParams()
			var refs []Optimizer
			for i := range ref {
				r, _ := NewOptimizer(cfg, ref[i:i+1])
				refs = append(refs, r)
			}
			for step := range 3 {
				o.Step(lr)
				for i, r := range refs {
					r.Step(lr * scales[i])
				}
				for i := range ref {
					if !slices.Equal(scaled[i].Value, ref[i].Value) {
						t.Fatalf("step %d, %s (scale %v): %v, want %v", step+1, ref[i].Name, scales[i], scaled[i].Value, ref[i].Value)
					}
				}
			}

			// Scales 0 and 1 are the unscaled step.
			plain := stepParams()
			po, _ := NewOptimizer(cfg, plain)
			for _, s := range []float64{0, 1} {
				ps := stepParams()
				for i := range ps {
					ps[i].LRScale = s
				}
				so, _ := NewOptimizer(cfg, ps)
				for range 3 {
					so.Step(lr)
				}
				if s == 0 {
					for range 3 {
						po.Step(lr)
					}
				}
				for i := range ps {
					if !slices.Equal(ps[i].Value, plain[i].Value) {
						t.Errorf("LRScale %v: %s differs from the unscaled step", s, ps[i].Name)
					}
				}
			}
		})
	}
}
