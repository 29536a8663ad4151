package vit

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// refModel is an independent float64 implementation of the fixture
// README's math, written with plain loops for clarity, not speed. The
// gradient check differentiates it numerically and compares with the
// float32 model's hand-written backward pass.
type refModel struct {
	cfg    Config
	params map[string][]float64
}

func newRefModel(m *Model) *refModel {
	r := &refModel{cfg: m.Config(), params: map[string][]float64{}}
	for _, p := range m.Params() {
		v := make([]float64, p.Size())
		for i, x := range p.Data() {
			v[i] = float64(x)
		}
		r.params[p.Name] = v
	}
	return r
}

func refLinear(in []float64, w, b []float64, outDim int) []float64 {
	inDim := len(in)
	out := make([]float64, outDim)
	for o := range out {
		s := 0.0
		if b != nil {
			s = b[o]
		}
		for i, x := range in {
			s += w[o*inDim+i] * x
		}
		out[o] = s
	}
	return out
}

func refLayerNorm(x, w, b []float64, eps float64) []float64 {
	mean, v := 0.0, 0.0
	for _, a := range x {
		mean += a
	}
	mean /= float64(len(x))
	for _, a := range x {
		v += (a - mean) * (a - mean)
	}
	v /= float64(len(x))
	out := make([]float64, len(x))
	for i, a := range x {
		out[i] = (a-mean)/math.Sqrt(v+eps)*w[i] + b[i]
	}
	return out
}

// loss is the mean cross-entropy of the batch x [B, C, S, S]; it also
// returns the logits.
func (r *refModel) loss(x []float64, labels []int) (float64, [][]float64) {
	c := r.cfg
	p := r.params
	P, G, S, Ch := c.PatchSize, c.Grid(), c.ImageSize, c.InChans
	T, D, H, hd, F := c.Tokens(), c.Dim, c.Heads, c.HeadDim(), c.Hidden()
	total := 0.0
	var allLogits [][]float64
	for b := range labels {
		img := x[b*Ch*S*S:]
		X := make([][]float64, T)
		X[0] = make([]float64, D)
		for d := 0; d < D; d++ {
			X[0][d] = p["cls_token"][d] + p["pos_embed"][d]
		}
		for gy := 0; gy < G; gy++ {
			for gx := 0; gx < G; gx++ {
				t := 1 + gy*G + gx
				X[t] = make([]float64, D)
				for d := 0; d < D; d++ {
					s := p["patch_embed.proj.bias"][d]
					for ch := 0; ch < Ch; ch++ {
						for ky := 0; ky < P; ky++ {
							for kx := 0; kx < P; kx++ {
								s += p["patch_embed.proj.weight"][((d*Ch+ch)*P+ky)*P+kx] * img[(ch*S+gy*P+ky)*S+gx*P+kx]
							}
						}
					}
					X[t][d] = s + p["pos_embed"][t*D+d]
				}
			}
		}
		for l := 0; l < c.Depth; l++ {
			n := "blocks." + itoa(l) + "."
			qkv := make([][]float64, T)
			for t := range X {
				y := refLayerNorm(X[t], p[n+"norm1.weight"], p[n+"norm1.bias"], c.LNEps)
				qkv[t] = refLinear(y, p[n+"attn.qkv.weight"], p[n+"attn.qkv.bias"], 3*D)
			}
			O := make([][]float64, T)
			for t := range O {
				O[t] = make([]float64, D)
			}
			for h := 0; h < H; h++ {
				for i := 0; i < T; i++ {
					scores := make([]float64, T)
					mx := math.Inf(-1)
					for j := 0; j < T; j++ {
						s := 0.0
						for k := 0; k < hd; k++ {
							s += qkv[i][h*hd+k] * qkv[j][D+h*hd+k]
						}
						scores[j] = s / math.Sqrt(float64(hd))
						mx = math.Max(mx, scores[j])
					}
					z := 0.0
					for j := range scores {
						scores[j] = math.Exp(scores[j] - mx)
						z += scores[j]
					}
					for j := range scores {
						for k := 0; k < hd; k++ {
							O[i][h*hd+k] += scores[j] / z * qkv[j][2*D+h*hd+k]
						}
					}
				}
			}
			for t := range X {
				proj := refLinear(O[t], p[n+"attn.proj.weight"], p[n+"attn.proj.bias"], D)
				x2 := make([]float64, D)
				for d := range x2 {
					x2[d] = X[t][d] + proj[d]
				}
				z := refLayerNorm(x2, p[n+"norm2.weight"], p[n+"norm2.bias"], c.LNEps)
				h := refLinear(z, p[n+"mlp.fc1.weight"], p[n+"mlp.fc1.bias"], F)
				for i, v := range h {
					h[i] = 0.5 * v * (1 + math.Erf(v/math.Sqrt2))
				}
				mlp := refLinear(h, p[n+"mlp.fc2.weight"], p[n+"mlp.fc2.bias"], D)
				out := make([]float64, D)
				for d := range out {
					out[d] = x2[d] + mlp[d]
				}
				if a := c.Adapter; a.Enabled {
					in := x2
					switch {
					case a.Placement == PlacementSequential:
						in = mlp
					case a.Input == InputNorm2:
						in = z
					}
					down := refLinear(in, p[n+"adaptmlp.down_proj.weight"], p[n+"adaptmlp.down_proj.bias"], a.Bottleneck)
					for i, v := range down {
						down[i] = math.Max(v, 0)
					}
					up := refLinear(down, p[n+"adaptmlp.up_proj.weight"], p[n+"adaptmlp.up_proj.bias"], D)
					s := a.Scale
					if a.Learnable {
						s = p[n+"adaptmlp.scale"][0]
					}
					for d := range out {
						out[d] += s * up[d]
					}
				}
				X[t] = out
			}
		}
		y := refLayerNorm(X[0], p["norm.weight"], p["norm.bias"], c.LNEps)
		logits := refLinear(y, p["head.weight"], p["head.bias"], c.NumClasses)
		mx := math.Inf(-1)
		for _, v := range logits {
			mx = math.Max(mx, v)
		}
		z := 0.0
		for _, v := range logits {
			z += math.Exp(v - mx)
		}
		total += -(logits[labels[b]] - mx - math.Log(z))
		allLogits = append(allLogits, logits)
	}
	return total / float64(len(labels)), allLogits
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + itoa(i%10)
}

// tinyConfig is a model small enough to differentiate numerically.
func tinyConfig() Config {
	return Config{
		ImageSize: 8, PatchSize: 4, InChans: 3, NumClasses: 3,
		Dim: 8, Depth: 2, Heads: 2, MLPRatio: 2, QKVBias: true, LNEps: 1e-5,
		Adapter: AdapterConfig{Enabled: true, Bottleneck: 4, Input: InputX, Scale: 0.7},
	}
}

// randomize gives every parameter random values of a moderate size, so
// that no path (e.g. a zero-initialised up projection) hides a gradient.
func randomize(m *Model, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	for _, p := range m.Params() {
		for i := range p.Data() {
			v := 0.4 * rng.NormFloat64()
			if strings.HasSuffix(p.Name, "norm.weight") || strings.HasSuffix(p.Name, "norm1.weight") || strings.HasSuffix(p.Name, "norm2.weight") {
				v += 1
			}
			p.Data()[i] = float32(v)
		}
	}
}

// randomBatch returns a batch of n images and labels.
func randomBatch(cfg Config, n int, seed uint64) ([]float32, []int) {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float32, n*cfg.InChans*cfg.ImageSize*cfg.ImageSize)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(cfg.NumClasses)
	}
	return x, labels
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	seqCfg := tinyConfig()
	seqCfg.Adapter.Placement = PlacementSequential
	seqCfg.Adapter.Init = InitTruncNormal
	norm2Cfg := tinyConfig()
	norm2Cfg.Adapter.Input = InputNorm2
	norm2Cfg.Adapter.Learnable = true
	norm2Cfg.QKVBias = false
	plainCfg := tinyConfig()
	plainCfg.Adapter = AdapterConfig{}
	plainCfg.Heads = 4
	tests := []struct {
		name string
		cfg  Config
	}{
		{"parallel-x-fixed-scale", tinyConfig()},
		{"parallel-norm2-learnable-scale", norm2Cfg},
		{"sequential", seqCfg},
		{"no-adapter", plainCfg},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(tc.cfg, uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			randomize(m, uint64(i)+100)
			const batch = 2
			x, labels := randomBatch(tc.cfg, batch, uint64(i))
			m.Train(true)
			out, err := m.Forward(newDense(x, batch, 3, tc.cfg.ImageSize, tc.cfg.ImageSize))
			if err != nil {
				t.Fatal(err)
			}
			loss, d, _, _, err := CrossEntropy(out, labels, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Backward(d); err != nil {
				t.Fatal(err)
			}

			ref := newRefModel(m)
			x64 := make([]float64, len(x))
			for i, v := range x {
				x64[i] = float64(v)
			}
			refLoss, refLogits := ref.loss(x64, labels)
			if math.Abs(loss-refLoss) > 1e-5*math.Abs(refLoss) {
				t.Errorf("loss %.8g, float64 reference %.8g", loss, refLoss)
			}
			got := out.Data().([]float32)
			for b, row := range refLogits {
				for j, v := range row {
					if math.Abs(float64(got[b*len(row)+j])-v) > 1e-5*(1+math.Abs(v)) {
						t.Errorf("logit [%d,%d] = %v, float64 reference %v", b, j, got[b*len(row)+j], v)
					}
				}
			}

			rng := rand.New(rand.NewPCG(uint64(i), 3))
			worst, worstName := 0.0, ""
			defer func() { t.Logf("worst relative gradient error %.2g (%s)", worst, worstName) }()
			for _, p := range m.Params() {
				w := ref.params[p.Name]
				idx := rng.Perm(len(w))
				if len(idx) > 24 {
					idx = idx[:24]
				}
				var num, den float64
				for _, k := range idx {
					orig := w[k]
					const h = 1e-6
					w[k] = orig + h
					lp, _ := ref.loss(x64, labels)
					w[k] = orig - h
					lm, _ := ref.loss(x64, labels)
					w[k] = orig
					fd := (lp - lm) / (2 * h)
					diff := float64(p.GradData()[k]) - fd
					num += diff * diff
					den += fd * fd
				}
				rel := math.Sqrt(num / math.Max(den, 1e-12))
				if rel > 1e-4 {
					t.Errorf("%s: gradient differs from finite differences by %.3g relative", p.Name, rel)
				}
				if rel > worst {
					worst, worstName = rel, p.Name
				}
			}
		})
	}
}
