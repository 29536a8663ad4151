package trainer

import (
	"fmt"
	"testing"
)

// benchParams is 1M parameters in tensors of ViT-ish sizes.
func benchParams() []OptParam {
	var ps []OptParam
	for i := 0; i < 16; i++ {
		n := 1 << 16
		ps = append(ps, OptParam{Name: fmt.Sprint(i), Value: make([]float32, n), Grad: make([]float32, n), Decay: i%2 == 0})
		for j := range ps[i].Grad {
			ps[i].Grad[j] = float32(j%7) * 1e-3
		}
	}
	return ps
}

func BenchmarkOptimizerStep(b *testing.B) {
	for _, name := range Optimizers() {
		b.Run(name, func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.Optimizer = name
			ps := benchParams()
			o, _ := NewOptimizer(cfg, ps)
			b.SetBytes(int64(16 << 16 * 4))
			for b.Loop() {
				o.Step(0.01)
			}
		})
	}
}
