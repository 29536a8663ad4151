package kernels

import (
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

func TestParallelForCoversEachIndexOnce(t *testing.T) {
	for _, threads := range []int{1, 2, 3, 8} {
		p := NewPool(threads)
		for _, n := range []int{0, 1, 2, 7, 100, 1001} {
			counts := make([]atomic.Int32, n)
			p.ParallelFor(n, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					counts[i].Add(1)
				}
			})
			wcounts := make([]atomic.Int32, n)
			p.ParallelForWorker(n, func(w *Worker, lo, hi int) {
				if w == nil {
					t.Error("nil worker")
				}
				for i := lo; i < hi; i++ {
					wcounts[i].Add(1)
				}
			})
			for i := range counts {
				if counts[i].Load() != 1 || wcounts[i].Load() != 1 {
					t.Fatalf("threads=%d n=%d: index %d run %d and %d times", threads, n, i, counts[i].Load(), wcounts[i].Load())
				}
			}
		}
		p.Close()
	}
}

// A kernel called from inside a parallel body runs inline instead of
// deadlocking, and still gives the serial result.
func TestNestedCallsRunInline(t *testing.T) {
	p := NewPool(2)
	defer p.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	const m, n, k = 40, 50, 60
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	want := make([]float32, m*n)
	Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
	out := make([][]float32, 8)
	p.ParallelForWorker(len(out), func(w *Worker, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = make([]float32, m*n)
			switch i % 3 {
			case 0:
				p.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, out[i], n)
			case 1:
				w.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, out[i], n)
			default:
				var inner atomic.Int32
				p.ParallelFor(4, func(lo, hi int) { inner.Add(int32(hi - lo)) })
				if inner.Load() != 4 {
					t.Errorf("nested ParallelFor ran %d of 4", inner.Load())
				}
				Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, out[i], n)
			}
		}
	})
	for i, c := range out {
		if j := firstDiff(c, want); j >= 0 {
			t.Errorf("call %d differs from the serial result at %d", i, j)
		}
	}
}

func TestNilPool(t *testing.T) {
	var p *Pool
	if p.Threads() != 1 {
		t.Errorf("nil pool threads = %d", p.Threads())
	}
	c := make([]float32, 4)
	p.Sgemm(false, false, 2, 2, 1, 1, []float32{1, 2}, 1, []float32{3, 4}, 2, 0, c, 2)
	if c[0] != 3 || c[1] != 4 || c[2] != 6 || c[3] != 8 {
		t.Errorf("nil pool Sgemm = %v", c)
	}
	sum := 0
	p.ParallelFor(10, func(lo, hi int) { sum += hi - lo })
	p.ParallelForWorker(10, func(w *Worker, lo, hi int) { sum += hi - lo })
	if sum != 20 {
		t.Errorf("nil pool ParallelFor covered %d of 20", sum)
	}
	p.Close()
}

func TestISAFromEnvironment(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ISA
		ok   bool
	}{{"generic", Generic, true}, {"AVX2", AVX2, true}, {"avx512", AVX512, true}, {"", DetectedISA(), true}, {"sse9", Generic, false}} {
		got, err := ParseISA(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseISA(%q) = %v, %v", tt.in, got, err)
		}
	}
	t.Setenv(EnvKernels, "generic")
	if got := isaFromEnv(); got != Generic {
		t.Errorf("with %s=generic the kernels use %v", EnvKernels, got)
	}
	if p := NewPoolISA(1, AVX512); p.ISA() > DetectedISA() {
		t.Errorf("NewPoolISA gave %v on a CPU with %v", p.ISA(), DetectedISA())
	}
}

// Steady-state GEMMs on a pool and on a Worker allocate nothing.
func TestGemmDoesNotAllocate(t *testing.T) {
	p := NewPool(2)
	defer p.Close()
	w := NewWorker(p.ISA())
	rng := rand.New(rand.NewPCG(1, 2))
	const m, n, k = 300, 100, 500
	a, b, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
	epi := Epilogue(func(i0, i1, j0, j1 int) { c[i0*n+j0]++ })
	for name, f := range map[string]func(){
		"pool":      func() { p.Sgemm(true, false, m, n, k, 1, a, m, b, n, 1, c, n) },
		"worker":    func() { w.Sgemm(false, true, m, n, k, 1, a, k, b, k, 0, c, n) },
		"package":   func() { Sgemm(false, false, 65, 65, 64, 1, a, 64, b, 65, 0, c, 65) },
		"pool bias": func() { p.SgemmBias(false, true, m, n, k, 1, a, k, b, k, 0, c, n, b[:n]) },
		"pool then": func() { p.SgemmBiasThen(false, true, m, n, k, 1, a, k, b, k, 0, c, n, b[:n], epi) },
	} {
		f()
		if allocs := testing.AllocsPerRun(5, f); allocs != 0 {
			t.Errorf("%s: %v allocations per call", name, allocs)
		}
	}
}

// A pool dropped without Close stops its helpers once collected.
func TestDroppedPoolStopsHelpers(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		p := NewPool(4)
		p.ParallelFor(100, func(lo, hi int) {})
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running, %d before", n, before)
	}
}
