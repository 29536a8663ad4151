package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// supportedISAs lists every instruction set this machine can run, so that each
// test covers the portable path and every assembly path.
func supportedISAs() []ISA {
	var out []ISA
	for _, isa := range []ISA{Generic, AVX2, AVX512} {
		if isa.Supported() {
			out = append(out, isa)
		}
	}
	return out
}

// matrix is a rows x cols row-major matrix with stride ld inside data; the
// padding past cols in each row holds a sentinel.
type matrix struct {
	rows, cols, ld int
	data           []float32
}

const sentinel = float32(-7777.25)

func newMatrix(rng *rand.Rand, rows, cols, pad int, fill float32) matrix {
	ld := cols + pad
	if ld == 0 {
		ld = 1
	}
	m := matrix{rows: rows, cols: cols, ld: ld, data: make([]float32, max(rows*ld, 1))}
	for i := range m.data {
		m.data[i] = sentinel
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if math.IsNaN(float64(fill)) {
				m.data[i*ld+j] = fill
			} else {
				m.data[i*ld+j] = float32(rng.NormFloat64())
			}
		}
	}
	return m
}

func (m matrix) at(i, j int) float64 { return float64(m.data[i*m.ld+j]) }

// reference computes alpha*op(A)*op(B) + beta*C in float64, and the sum of
// the magnitudes of the terms, which bounds float32 rounding.
func reference(transA, transB bool, m, n, k int, alpha float64, a, b matrix, beta float64, c matrix, bias []float32) (want, mag []float64) {
	want = make([]float64, m*n)
	mag = make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, sa float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if transA {
					av = a.at(p, i)
				} else {
					av = a.at(i, p)
				}
				if transB {
					bv = b.at(j, p)
				} else {
					bv = b.at(p, j)
				}
				s += av * bv
				sa += math.Abs(av * bv)
			}
			cv := 0.0
			if beta != 0 {
				cv = beta * c.at(i, j)
			}
			bv := 0.0
			if bias != nil {
				bv = float64(bias[j])
			}
			want[i*n+j] = alpha*s + cv + bv
			mag[i*n+j] = math.Abs(alpha)*sa + math.Abs(cv) + math.Abs(bv)
		}
	}
	return want, mag
}

type gemmCase struct{ m, n, k int }

var gemmShapes = []gemmCase{
	{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {2, 3, 5}, {7, 11, 13},
	{13, 17, 19}, {14, 32, 16}, {15, 33, 31}, {65, 65, 64}, {65, 64, 65}, {29, 47, 401},
	{61, 97, 389}, {100, 130, 771}, {17, 40, 2100},
	{20, 64, 2100}, // whole panels over many passes: the weight gradient reads B in place
}

// runGemm calls the GEMM under test: the serial path (threads == 0) or a pool.
func runGemm(isa ISA, threads int, transA, transB bool, m, n, k int, alpha float32, a, b matrix, beta float32, c []float32, ldc int, bias []float32) {
	if threads == 0 {
		g := newGemm(min(isa, detectedISA), transA, transB, m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, c, ldc, bias)
		g.serial()
		return
	}
	p := NewPoolISA(threads, isa)
	defer p.Close()
	if bias != nil {
		p.SgemmBias(transA, transB, m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, c, ldc, bias)
		return
	}
	p.Sgemm(transA, transB, m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, c, ldc)
}

func TestSgemmAgainstFloat64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	scalars := []struct {
		alpha, beta float32
		bias        bool
	}{{1, 0, false}, {1, 1, false}, {0.5, -0.75, false}, {0, 2, false}, {-1.5, 1, false},
		{1, 0, true}, {0.5, 1, true}, {0, 0, true}}
	for _, sh := range gemmShapes {
		for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
			transA, transB := tr[0], tr[1]
			ar, ac := sh.m, sh.k
			if transA {
				ar, ac = sh.k, sh.m
			}
			br, bc := sh.k, sh.n
			if transB {
				br, bc = sh.n, sh.k
			}
			a := newMatrix(rng, ar, ac, 3, 0)
			b := newMatrix(rng, br, bc, 5, 0)
			for _, sc := range scalars {
				c0 := newMatrix(rng, sh.m, sh.n, 2, 0)
				if sc.beta == 0 {
					// beta = 0 must overwrite C, NaNs included.
					c0 = newMatrix(rng, sh.m, sh.n, 2, float32(math.NaN()))
				}
				var bias []float32
				if sc.bias {
					bias = randSlice(rng, sh.n)
				}
				want, mag := reference(transA, transB, sh.m, sh.n, sh.k, float64(sc.alpha), a, b, float64(sc.beta), c0, bias)
				var first []float32
				for _, isa := range supportedISAs() {
					for _, threads := range []int{0, 1, 2, 3} {
						name := fmt.Sprintf("%dx%dx%d/tA=%v/tB=%v/alpha=%v/beta=%v/bias=%v/%v/threads=%d",
							sh.m, sh.n, sh.k, transA, transB, sc.alpha, sc.beta, sc.bias, isa, threads)
						c := append([]float32(nil), c0.data...)
						runGemm(isa, threads, transA, transB, sh.m, sh.n, sh.k, sc.alpha, a, b, sc.beta, c, c0.ld, bias)
						checkGemmResult(t, name, c, c0, want, mag, sh.k)
						// Every thread count gives the same bits as the serial path.
						if threads == 0 {
							first = c
						} else if i := firstDiff(first, c); i >= 0 {
							t.Errorf("%s: element %d differs from the serial result: %v vs %v", name, i, c[i], first[i])
						}
					}
				}
			}
		}
	}
}

func checkGemmResult(t *testing.T, name string, c []float32, c0 matrix, want, mag []float64, k int) {
	t.Helper()
	m, n := c0.rows, c0.cols
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			got := float64(c[i*c0.ld+j])
			tol := float64(k+4)*1.2e-7*mag[i*n+j] + 1e-30
			if d := math.Abs(got - want[i*n+j]); !(d <= tol) {
				t.Fatalf("%s: C[%d,%d] = %v, want %v (tolerance %g)", name, i, j, got, want[i*n+j], tol)
			}
		}
		for j := n; j < c0.ld; j++ {
			if i*c0.ld+j < len(c) && c[i*c0.ld+j] != sentinel {
				t.Fatalf("%s: padding C[%d,%d] changed to %v", name, i, j, c[i*c0.ld+j])
			}
		}
	}
}

func firstDiff(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return i
		}
	}
	return -1
}

func TestSgemmPanicsOnShortSlices(t *testing.T) {
	tests := []struct {
		name string
		call func()
	}{
		{"short a", func() {
			Sgemm(false, false, 2, 2, 2, 1, make([]float32, 3), 2, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		}},
		{"short b", func() {
			Sgemm(false, true, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 3), 2, 0, make([]float32, 4), 2)
		}},
		{"short c", func() {
			Sgemm(false, false, 2, 2, 2, 1, make([]float32, 4), 2, make([]float32, 4), 2, 0, make([]float32, 3), 2)
		}},
		{"small lda", func() {
			Sgemm(false, false, 2, 2, 2, 1, make([]float32, 4), 1, make([]float32, 4), 2, 0, make([]float32, 4), 2)
		}},
		{"negative", func() { Sgemm(false, false, -1, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.call()
		})
	}
}

// A product with a large C takes the deeper passes (chooseKC): check it on a
// sample of entries, and that every path agrees bit for bit.
func TestSgemmLargeC(t *testing.T) {
	if testing.Short() {
		t.Skip("large product")
	}
	const m, n, k = 1030, 1024, 397
	if chooseKC(m, n, k) == chooseKC(10, 10, k) {
		t.Fatal("the shape does not reach the deeper passes")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
		transA, transB := tr[0], tr[1]
		ar, ac, br, bc := m, k, k, n
		if transA {
			ar, ac = k, m
		}
		if transB {
			br, bc = n, k
		}
		a, b := newMatrix(rng, ar, ac, 1, 0), newMatrix(rng, br, bc, 0, 0)
		c0 := randSlice(rng, m*n)
		bias := randSlice(rng, n)
		var first []float32
		for _, isa := range supportedISAs() {
			for _, threads := range []int{0, 2} {
				c := append([]float32(nil), c0...)
				if threads == 0 {
					g := newGemm(isa, transA, transB, m, n, k, 0.5, a.data, a.ld, b.data, b.ld, 1, c, n, bias)
					g.serial()
				} else {
					p := NewPoolISA(threads, isa)
					p.SgemmBias(transA, transB, m, n, k, 0.5, a.data, a.ld, b.data, b.ld, 1, c, n, bias)
					p.Close()
				}
				for s := 0; s < 300; s++ {
					i, j := rng.IntN(m), rng.IntN(n)
					var want, mag float64
					for p := 0; p < k; p++ {
						var av, bv float64
						if transA {
							av = a.at(p, i)
						} else {
							av = a.at(i, p)
						}
						if transB {
							bv = b.at(j, p)
						} else {
							bv = b.at(p, j)
						}
						want += 0.5 * av * bv
						mag += math.Abs(0.5 * av * bv)
					}
					want += float64(c0[i*n+j]) + float64(bias[j])
					if d := math.Abs(float64(c[i*n+j]) - want); d > float64(k+4)*1.2e-7*(mag+2) {
						t.Fatalf("%v threads=%d tA=%v tB=%v: C[%d,%d] = %v, want %v", isa, threads, transA, transB, i, j, c[i*n+j], want)
					}
				}
				if isa == supportedISAs()[0] || threads == 0 {
					first = c
				} else if d := firstDiff(first, c); d >= 0 {
					t.Fatalf("%v tA=%v tB=%v: the pool differs from the serial path at %d", isa, transA, transB, d)
				}
			}
		}
	}
}

// An epilogue sees every element of C exactly once, after its last pass,
// for any pool size and for products small enough to run serially: the
// result equals the serial GEMM followed by the same step over the whole of
// C. The deep cases pack the next segment while multiplying this one, in
// both task orders (row groups first, and column groups first for a wide C).
func TestSgemmEpilogue(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	cases := []struct {
		name           string
		transA, transB bool
		m, n, k        int
	}{
		{"serial", false, true, 7, 9, 5},
		{"one pass", false, true, 300, 200, 100},
		{"many segments", true, false, 400, 400, 2500},
		{"many segments, wide", true, false, 150, 700, 2100},
		{"ragged", false, false, 131, 45, 397},
	}
	for _, tc := range cases {
		ar, ac, br, bc := tc.m, tc.k, tc.k, tc.n
		if tc.transA {
			ar, ac = tc.k, tc.m
		}
		if tc.transB {
			br, bc = tc.n, tc.k
		}
		a, b := randSlice(rng, ar*ac), randSlice(rng, br*bc)
		bias := randSlice(rng, tc.n)
		want := make([]float32, tc.m*tc.n)
		SgemmBias(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, a, ac, b, bc, 0, want, tc.n, bias)
		for i := range want {
			want[i] = want[i]*2 + 1
		}
		for _, threads := range []int{1, 2, 3} {
			p := NewPool(threads)
			c := make([]float32, tc.m*tc.n)
			var mu sync.Mutex
			seen := make([]int, tc.m*tc.n)
			p.SgemmBiasThen(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, a, ac, b, bc, 0, c, tc.n, bias, func(i0, i1, j0, j1 int) {
				mu.Lock()
				defer mu.Unlock()
				for i := i0; i < i1; i++ {
					for j := j0; j < j1; j++ {
						seen[i*tc.n+j]++
						c[i*tc.n+j] = c[i*tc.n+j]*2 + 1
					}
				}
			})
			p.Close()
			for i, n := range seen {
				if n != 1 {
					t.Fatalf("%s threads=%d: element %d finished %d times", tc.name, threads, i, n)
				}
			}
			if d := firstDiff(want, c); d >= 0 {
				t.Fatalf("%s threads=%d: element %d = %v, want %v", tc.name, threads, d, c[d], want[d])
			}
		}
	}
}

// The transposing pack (a transposed B, or A's ragged last tile) against a
// plain transpose, on shapes that cut the 16x16 register blocks every way:
// dst row p, lane j is alpha*src[j*ld+p] for j < cols, zero up to width,
// and nothing past width is written.
func TestPackBlockT(t *testing.T) {
	if DetectedISA() < AVX512 {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for _, width := range []int{14, 16, 32} {
		for _, rows := range []int{1, 15, 16, 17, 64, 65, 384} {
			for _, cols := range []int{1, 15, 16, 17, 31, 32} {
				if cols > width {
					continue
				}
				ld := rows + 3
				src := randSlice(rng, cols*ld)
				dst := make([]float32, rows*width+1)
				for i := range dst {
					dst[i] = sentinel
				}
				if !packBlockT(AVX512, dst[:rows*width], src, ld, rows, cols, width, 0.5) {
					t.Fatalf("width=%d rows=%d cols=%d: not packed", width, rows, cols)
				}
				for p := 0; p < rows; p++ {
					for j := 0; j < width; j++ {
						want := float32(0)
						if j < cols {
							want = 0.5 * src[j*ld+p]
						}
						if got := dst[p*width+j]; got != want && !(j >= 16 && cols <= 16 && got == sentinel) {
							t.Fatalf("width=%d rows=%d cols=%d: dst[%d][%d] = %v, want %v", width, rows, cols, p, j, got, want)
						}
					}
				}
				if dst[rows*width] != sentinel {
					t.Fatalf("width=%d rows=%d cols=%d: wrote past the end", width, rows, cols)
				}
			}
		}
	}
}

// The row-major packs against a plain copy, for every SIMD path and the
// widths its tiles use: packRow cuts a row into chunks of width floats
// stride apart, packBlock copies rows rows of cols floats into rows of width;
// both scale by alpha, zero the lanes past the source up to width, and
// write nothing else.
func TestPackRowAndBlock(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, isa := range supportedISAs() {
		if isa == Generic {
			continue
		}
		for _, width := range []int{1, 6, 7, 8, 9, 14, 16, 32} {
			if isa == AVX2 && width > 16 {
				continue
			}
			for _, n := range []int{1, 5, 6, 8, 13, 16, 17, 33, 100} {
				const stride, alpha = 40, 0.5
				src := randSlice(rng, n)
				chunks := (n + width - 1) / width
				dst := make([]float32, chunks*stride)
				for i := range dst {
					dst[i] = sentinel
				}
				if !packRow(isa, dst, stride, src, width, alpha) {
					t.Fatalf("%v packRow width=%d n=%d: not packed", isa, width, n)
				}
				for i, v := range dst {
					c, j := i/stride, i%stride
					want := sentinel
					switch {
					case j < width && c*width+j < n:
						want = alpha * src[c*width+j]
					case j < width:
						want = 0
					}
					if v != want {
						t.Fatalf("%v packRow width=%d n=%d: dst[%d] = %v, want %v", isa, width, n, i, v, want)
					}
				}
			}
			for _, cols := range []int{1, 5, 6, 8, 9, 16} {
				if cols > width {
					continue
				}
				const rows, ld, alpha = 7, 19, 2
				src := randSlice(rng, (rows-1)*ld+cols)
				dst := make([]float32, rows*width+1)
				for i := range dst {
					dst[i] = sentinel
				}
				if !packBlock(isa, dst[:rows*width], src, ld, rows, cols, width, alpha) {
					t.Fatalf("%v packBlock width=%d cols=%d: not packed", isa, width, cols)
				}
				for p := 0; p < rows; p++ {
					for j := 0; j < width; j++ {
						want := float32(0)
						if j < cols {
							want = alpha * src[p*ld+j]
						}
						if got := dst[p*width+j]; got != want {
							t.Fatalf("%v packBlock width=%d cols=%d: dst[%d][%d] = %v, want %v", isa, width, cols, p, j, got, want)
						}
					}
				}
				if dst[rows*width] != sentinel {
					t.Fatalf("%v packBlock width=%d cols=%d: wrote past the end", isa, width, cols)
				}
			}
		}
	}
}
