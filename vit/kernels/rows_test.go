package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// geluInputs are random values plus the edges of the approximations.
func geluInputs(rng *rand.Rand, n int) []float32 {
	special := []float32{0, 1e-8, -1e-8, 0.5, -0.5, 3, -3, 4.7, -4.7, 5.66, -5.66, 10, -10, 100, -100, 1e30, -1e30}
	x := make([]float32, n)
	for i := range x {
		if i < len(special) {
			x[i] = special[i]
		} else {
			x[i] = float32(rng.NormFloat64() * 3)
		}
	}
	rng.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
	return x
}

func gelu64(x float64) float64 { return 0.5 * x * (1 + math.Erf(x/math.Sqrt2)) }

func geluGrad64(x float64) float64 {
	return 0.5*(1+math.Erf(x/math.Sqrt2)) + x*math.Exp(-0.5*x*x)/math.Sqrt(2*math.Pi)
}

func TestGeluErf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, isa := range supportedISAs() {
		for _, n := range []int{0, 1, 15, 16, 17, 33, 1000} {
			x := geluInputs(rng, n)
			dy := randSlice(rng, n)
			y := make([]float32, n+1)
			y[n] = sentinel
			geluErfISA(isa, y[:n], x)
			dx := make([]float32, n+1)
			dx[n] = sentinel
			geluErfBackwardISA(isa, dx[:n], x, dy)
			for i, v := range x {
				xv := float64(v)
				scale := max(1, math.Abs(xv))
				if want, got := gelu64(xv), float64(y[i]); !(math.Abs(got-want) <= 2e-6*scale) {
					t.Errorf("%v n=%d: GELU(%v) = %v, want %v", isa, n, v, got, want)
				}
				want := float64(dy[i]) * geluGrad64(xv)
				if got := float64(dx[i]); !(math.Abs(got-want) <= 3e-6*scale*math.Abs(float64(dy[i]))+1e-30) {
					t.Errorf("%v n=%d: GELU'(%v)*%v = %v, want %v", isa, n, v, dy[i], got, want)
				}
			}
			if y[n] != sentinel || dx[n] != sentinel {
				t.Errorf("%v n=%d: wrote past the end", isa, n)
			}
			// In place: dst aliases x, dx aliases dy.
			in := append([]float32(nil), x...)
			geluErfISA(isa, in, in)
			g := append([]float32(nil), dy...)
			geluErfBackwardISA(isa, g, x, g)
			if i := firstDiff(in, y[:n]); i >= 0 {
				t.Errorf("%v n=%d: in-place GELU differs at %d", isa, n, i)
			}
			if i := firstDiff(g, dx[:n]); i >= 0 {
				t.Errorf("%v n=%d: in-place GELU backward differs at %d", isa, n, i)
			}
		}
	}
}

func TestAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, isa := range supportedISAs() {
		for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 100, 1000} {
			x := randSlice(rng, n)
			d := randSlice(rng, n+1)
			d[n] = sentinel
			want := make([]float32, n)
			for i := range want {
				want[i] = d[i] + x[i]
			}
			addISA(isa, d[:n], x)
			for i := range want {
				if d[i] != want[i] {
					t.Fatalf("%v n=%d: element %d = %v, want %v", isa, n, i, d[i], want[i])
				}
			}
			if d[n] != sentinel {
				t.Errorf("%v n=%d: wrote past the end", isa, n)
			}
		}
	}
}

func TestReLU(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	negZero := float32(math.Copysign(0, -1))
	for _, isa := range supportedISAs() {
		for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 100, 1000} {
			x := randSlice(rng, n+1)
			if n > 3 {
				x[0], x[1], x[2] = float32(math.NaN()), negZero, 0
			}
			x[n] = sentinel
			want := make([]float32, n)
			for i, v := range x[:n] {
				want[i] = v
				if v < 0 {
					want[i] = 0
				}
			}
			reluISA(isa, x[:n])
			for i := range want {
				if math.Float32bits(x[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%v n=%d: element %d = %v, want %v", isa, n, i, x[i], want[i])
				}
			}
			if x[n] != sentinel {
				t.Errorf("%v n=%d: wrote past the end", isa, n)
			}
		}
	}
}

func TestSoftmaxRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, isa := range supportedISAs() {
		for _, cols := range []int{1, 2, 15, 16, 17, 33, 65, 100} {
			const rows, pad = 7, 3
			ld := cols + pad
			t.Run(fmt.Sprintf("%v/cols=%d", isa, cols), func(t *testing.T) {
				x := make([]float32, rows*ld)
				dy := make([]float32, rows*ld)
				for i := range x {
					x[i], dy[i] = float32(rng.NormFloat64()*5), float32(rng.NormFloat64())
					if i%ld >= cols {
						x[i], dy[i] = sentinel, sentinel
					}
				}
				x[0] = 80 // a large logit must not overflow
				y := append([]float32(nil), x...)
				softmaxRowsISA(isa, y, rows, cols, ld)
				// Rows done together (several at a time) equal rows done alone.
				for r := 0; r < rows; r++ {
					alone := append([]float32(nil), x[r*ld:r*ld+cols]...)
					softmaxRowsISA(isa, alone, 1, cols, cols)
					for j, v := range alone {
						if math.Float32bits(v) != math.Float32bits(y[r*ld+j]) {
							t.Fatalf("row %d col %d: %v with other rows, %v alone", r, j, y[r*ld+j], v)
						}
					}
				}
				dx := make([]float32, rows*ld)
				for i := range dx {
					dx[i] = sentinel
				}
				softmaxRowsBackwardISA(isa, dx, y, dy, rows, cols, ld)
				for r := 0; r < rows; r++ {
					o := r * ld
					mx := math.Inf(-1)
					for j := 0; j < cols; j++ {
						mx = math.Max(mx, float64(x[o+j]))
					}
					var sum float64
					for j := 0; j < cols; j++ {
						sum += math.Exp(float64(x[o+j]) - mx)
					}
					var dot float64
					for j := 0; j < cols; j++ {
						dot += float64(dy[o+j]) * float64(y[o+j])
					}
					for j := 0; j < ld; j++ {
						if j >= cols {
							if y[o+j] != sentinel || dx[o+j] != sentinel {
								t.Fatalf("row %d: padding %d changed", r, j)
							}
							continue
						}
						want := math.Exp(float64(x[o+j])-mx) / sum
						if got := float64(y[o+j]); !(math.Abs(got-want) <= 1e-6*want+1e-9) {
							t.Fatalf("row %d col %d: softmax %v, want %v", r, j, got, want)
						}
						wantD := float64(y[o+j]) * (float64(dy[o+j]) - dot)
						if got := float64(dx[o+j]); !(math.Abs(got-wantD) <= 1e-6*(1+math.Abs(dot))) {
							t.Fatalf("row %d col %d: softmax backward %v, want %v", r, j, got, wantD)
						}
					}
				}
				// dx may alias dy.
				g := append([]float32(nil), dy...)
				softmaxRowsBackwardISA(isa, g, y, g, rows, cols, ld)
				for r := 0; r < rows; r++ {
					if i := firstDiff(g[r*ld:r*ld+cols], dx[r*ld:r*ld+cols]); i >= 0 {
						t.Fatalf("row %d: in-place backward differs at %d", r, i)
					}
				}
			})
		}
	}
}

func BenchmarkRowKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 8320 * 768 / 8
	x := randSlice(rng, n)
	y := make([]float32, n)
	dy := randSlice(rng, n)
	for _, isa := range supportedISAs() {
		b.Run(fmt.Sprintf("GeluErf/%v", isa), func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				geluErfISA(isa, y, x)
			}
		})
		b.Run(fmt.Sprintf("GeluErfBackward/%v", isa), func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				geluErfBackwardISA(isa, y, x, dy)
			}
		})
		b.Run(fmt.Sprintf("SoftmaxRows65/%v", isa), func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				copy(y, x)
				softmaxRowsISA(isa, y, n/65, 65, 65)
			}
		})
		b.Run(fmt.Sprintf("SoftmaxRowsBackward65/%v", isa), func(b *testing.B) {
			b.SetBytes(4 * n)
			for range b.N {
				softmaxRowsBackwardISA(isa, y, x, dy, n/65, 65, 65)
			}
		})
	}
}
