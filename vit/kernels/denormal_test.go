package kernels

import (
	"math/rand/v2"
	"testing"
)

// tiny is a float32 denormal: below the smallest normal, 1.17549435e-38.
const tiny = float32(1e-39)

//go:noinline
func mul32(a, b float32) float32 { return a * b }

// TestSIMDKernelsFlushDenormals checks the SIMD kernels' flush-to-zero and
// denormals-are-zero mode: a product of denormal inputs, or of normal inputs
// whose result is denormal, comes out as exactly 0 (a denormal operand costs
// an FMA a microcode assist, 100x its normal time), and the caller's
// floating-point mode is back as it was when a kernel returns.
func TestSIMDKernelsFlushDenormals(t *testing.T) {
	if mul32(1e-30, 1e-10) == 0 {
		t.Fatal("Go float32 arithmetic flushes denormals before any kernel ran")
	}
	for _, isa := range supportedISAs() {
		if isa == Generic {
			continue // portable Go keeps IEEE denormals
		}
		t.Run(isa.String(), func(t *testing.T) {
			const m, n, k = 20, 40, 24
			cases := []struct {
				name string
				a, b float32
			}{
				{"denormal inputs", tiny, 0.5},
				{"denormal products", 1e-20, 1e-20},
			}
			for _, tc := range cases {
				for _, transA := range []bool{false, true} {
					a := make([]float32, m*k)
					b := make([]float32, k*n)
					for i := range a {
						a[i] = tc.a
					}
					for i := range b {
						b[i] = tc.b
					}
					c := make([]float32, m*n)
					lda := k
					if transA {
						lda = m
					}
					SgemmISA(isa, transA, false, m, n, k, 1, a, lda, b, n, 0, c, n)
					for i, v := range c {
						if v != 0 {
							t.Fatalf("%s, transA %v: c[%d] = %g, want 0 (flushed)", tc.name, transA, i, v)
						}
					}
					if got := mul32(1e-30, 1e-10); got == 0 {
						t.Fatalf("%s: Go arithmetic flushes denormals after the kernel returned: MXCSR not restored", tc.name)
					}
				}
			}
			x := []float32{tiny, -tiny, 1, -2}
			dst := make([]float32, len(x))
			geluErfISA(isa, dst, x)
			softmaxRowsISA(isa, dst, 1, len(dst), len(dst))
			if got := mul32(1e-30, 1e-10); got == 0 {
				t.Fatal("Go arithmetic flushes denormals after the row kernels returned: MXCSR not restored")
			}
		})
	}
}

// BenchmarkSgemmDenormal measures a GEMM whose A holds denormals, as the
// gradients of a long training run do: with flush-to-zero it runs as fast as
// on normal numbers (without, 140 times slower on this project's Xeon).
func BenchmarkSgemmDenormal(b *testing.B) {
	const m, n, k = 1024, 192, 576
	rng := rand.New(rand.NewPCG(1, 1))
	for _, scale := range []struct {
		name string
		v    float32
	}{{"normal", 1e-3}, {"denormal", tiny}} {
		a := randSlice(rng, m*k)
		for i := range a {
			a[i] *= scale.v
		}
		bb := randSlice(rng, k*n)
		c := make([]float32, m*n)
		b.Run(scale.name, func(b *testing.B) {
			for range b.N {
				Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
			}
			b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
