package vit

import (
	"testing"

	"github.com/adaptformer/adaptformer/vit/kernels"
)

func BenchmarkRowOps(b *testing.B) {
	const rows, cols = 8320, 768
	pool := kernels.NewPool(0)
	ops := &rowOps{pool: pool}
	src := make([]float32, rows*cols)
	for i := range src {
		src[i] = float32(i%7) - 3
	}
	dst := make([]float32, cols)
	ones := make([]float32, rows)
	for i := range ones {
		ones[i] = 1
	}
	b.Run("gemm", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			pool.Sgemm(false, false, 1, cols, rows, 1, ones, rows, src, cols, 1, dst, cols)
		}
	})
	b.Run("layernormfwd", func(b *testing.B) {
		mean, rstd := make([]float32, rows), make([]float32, rows)
		w, bb := make([]float32, cols), make([]float32, cols)
		out := make([]float32, rows*cols)
		for i := 0; i < b.N; i++ {
			ops.layerNormForward(out, mean, rstd, src, w, bb, rows, cols, 1e-6)
		}
	})
	b.Run("layernormbwd", func(b *testing.B) {
		mean, rstd := make([]float32, rows), make([]float32, rows)
		w, dw, db := make([]float32, cols), make([]float32, cols), make([]float32, cols)
		dx := make([]float32, rows*cols)
		for i := 0; i < b.N; i++ {
			ops.layerNormBackward(dx, dw, db, src, src, mean, rstd, w, rows, cols)
		}
	})
}
