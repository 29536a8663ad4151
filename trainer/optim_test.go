package trainer

import (
	"math"
	"testing"
)

func TestSGDHandComputed(t *testing.T) {
	tests := []struct {
		name     string
		decay    bool
		momentum float64
		want1    []float32 // after one step
		want2    []float32 // after two steps with the same gradient
	}{
		// d = g + wd*p; buf = d (first), momentum*buf + d; p -= lr*buf
		// p = [1, 2], g = [0.5, -1], lr 0.1, wd 0.01.
		{"momentum and decay", true, 0.9, []float32{0.949, 2.098}, []float32{0.852151, 2.284102}},
		{"momentum, no decay", false, 0.9, []float32{0.95, 2.1}, []float32{0.855, 2.29}},
		{"plain", true, 0, []float32{0.949, 2.098}, []float32{0.898051, 2.195902}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := OptParam{Name: "w", Value: []float32{1, 2}, Grad: []float32{0.5, -1}, Decay: tt.decay}
			o := NewSGD([]OptParam{p}, tt.momentum, 0.01)
			o.Step(0.1)
			assertClose(t, "step 1", p.Value, tt.want1, 1e-6)
			o.Step(0.1)
			assertClose(t, "step 2", p.Value, tt.want2, 1e-6)
			if o.Steps() != 2 {
				t.Errorf("Steps() = %d, want 2", o.Steps())
			}
		})
	}
}

// adamwRef is PyTorch's AdamW in float64, for one scalar parameter.
func adamwRef(p float64, grads []float64, lr, b1, b2, eps, wd float64) float64 {
	var m, v float64
	for i, g := range grads {
		t := float64(i + 1)
		p *= 1 - lr*wd
		m = b1*m + (1-b1)*g
		v = b2*v + (1-b2)*g*g
		denom := math.Sqrt(v)/math.Sqrt(1-math.Pow(b2, t)) + eps
		p -= lr / (1 - math.Pow(b1, t)) * m / denom
	}
	return p
}

func TestAdamWAgainstReference(t *testing.T) {
	grads := []float64{0.5, -0.25, 1.5, 0.125, -2}
	for _, decay := range []bool{true, false} {
		p := OptParam{Name: "w", Value: []float32{1}, Grad: []float32{0}, Decay: decay}
		o := NewAdamW([]OptParam{p}, 0.9, 0.999, 1e-8, 0.05)
		for _, g := range grads {
			p.Grad[0] = float32(g)
			o.Step(0.01)
		}
		wd := 0.05
		if !decay {
			wd = 0
		}
		want := adamwRef(1, grads, 0.01, 0.9, 0.999, 1e-8, wd)
		if d := math.Abs(float64(p.Value[0]) - want); d > 1e-6 {
			t.Errorf("decay %v: p = %v, want %v", decay, p.Value[0], want)
		}
	}
	// The first step of Adam moves every weight by lr, whatever the gradient's size.
	p := OptParam{Name: "w", Value: []float32{1, 1}, Grad: []float32{1e-3, -50}}
	NewAdamW([]OptParam{p}, 0.9, 0.999, 1e-8, 0).Step(0.1)
	assertClose(t, "first step", p.Value, []float32{0.9, 1.1}, 1e-6)
}

func TestOptimizerStateRoundTrip(t *testing.T) {
	for _, name := range Optimizers() {
		t.Run(name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Optimizer = name
			newParams := func() []OptParam {
				return []OptParam{
					{Name: "a", Value: []float32{1, -2, 3}, Grad: []float32{0.1, 0.2, -0.3}, Decay: true},
					{Name: "b", Value: []float32{0.5}, Grad: []float32{-1}},
				}
			}
			pa, pb := newParams(), newParams()
			a, _ := NewOptimizer(cfg, pa)
			a.Step(0.1)
			a.Step(0.05)
			bufs, steps := a.State()
			// Copy the state as a checkpoint would, then continue both.
			saved := map[string][]float32{}
			for k, v := range bufs {
				saved[k] = append([]float32(nil), v...)
			}
			b, _ := NewOptimizer(cfg, pb)
			for i := range pb {
				copy(pb[i].Value, pa[i].Value)
			}
			if err := b.SetState(saved, steps); err != nil {
				t.Fatal(err)
			}
			a.Step(0.02)
			b.Step(0.02)
			for i := range pa {
				for j := range pa[i].Value {
					if math.Float32bits(pa[i].Value[j]) != math.Float32bits(pb[i].Value[j]) {
						t.Fatalf("param %s[%d]: continued %v, restored %v", pa[i].Name, j, pa[i].Value[j], pb[i].Value[j])
					}
				}
			}
		})
	}
}

func TestOptimizerSetStateErrors(t *testing.T) {
	params := []OptParam{{Name: "a", Value: []float32{1, 2}, Grad: []float32{0, 0}}}
	tests := []struct {
		name string
		bufs map[string][]float32
	}{
		{"missing", map[string][]float32{}},
		{"wrong length", map[string][]float32{"a.momentum_buffer": {1}}},
		{"extra", map[string][]float32{"a.momentum_buffer": {1, 2}, "b.momentum_buffer": {1}}},
	}
	for _, tt := range tests {
		if err := NewSGD(params, 0.9, 0).SetState(tt.bufs, 3); err == nil {
			t.Errorf("%s: SetState accepted it", tt.name)
		}
	}
}

func TestClipGradNorm(t *testing.T) {
	p := []OptParam{{Name: "a", Value: []float32{0, 0}, Grad: []float32{3, 4}}}
	if n := ClipGradNorm(p, 10); n != 5 {
		t.Fatalf("norm = %v, want 5", n)
	}
	assertClose(t, "unclipped", p[0].Grad, []float32{3, 4}, 0)
	ClipGradNorm(p, 1)
	assertClose(t, "clipped", p[0].Grad, []float32{0.6, 0.8}, 1e-6)
}

func assertClose(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i]) - float64(want[i])); d > tol*math.Max(1, math.Abs(float64(want[i]))) {
			t.Errorf("%s[%d] = %.9g, want %.9g", what, i, got[i], want[i])
		}
	}
}

// The update is elementwise: any number of threads gives the same bits.
func TestOptimizerThreadsAgree(t *testing.T) {
	for _, name := range Optimizers() {
		var results [][]float32
		for _, threads := range []int{1, 3} {
			cfg := DefaultConfig()
			cfg.Optimizer = name
			cfg.Threads = threads
			n := 3*chunkSize + 17
			p := OptParam{Name: "w", Value: make([]float32, n), Grad: make([]float32, n), Decay: true}
			for j := range p.Value {
				p.Value[j] = float32(j%13) * 0.1
				p.Grad[j] = float32(j%5) - 2
			}
			o, _ := NewOptimizer(cfg, []OptParam{p, {Name: "b", Value: []float32{1}, Grad: []float32{1}}})
			for range 3 {
				o.Step(0.01)
			}
			if allocs := testing.AllocsPerRun(3, func() { o.Step(0.01) }); allocs != 0 {
				t.Errorf("%s, %d threads: %v allocations per step", name, threads, allocs)
			}
			results = append(results, p.Value)
		}
		for j := range results[0] {
			if math.Float32bits(results[0][j]) != math.Float32bits(results[1][j]) {
				t.Fatalf("%s: element %d: 1 thread %v, 3 threads %v", name, j, results[0][j], results[1][j])
			}
		}
	}
}
