package kernels

import (
	"runtime"
	"sync"
)

// Pool runs kernels on a fixed number of goroutines. A nil *Pool is valid and
// runs everything on the caller's goroutine. A Pool is owned by one model (or
// one benchmark): there is no package-level pool.
type Pool struct {
	threads int
}

// NewPool returns a pool of the given number of threads; threads <= 0 means
// runtime.GOMAXPROCS(0).
func NewPool(threads int) *Pool {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	return &Pool{threads: threads}
}

// Threads reports how many goroutines the pool uses (1 for a nil pool).
func (p *Pool) Threads() int {
	if p == nil {
		return 1
	}
	return p.threads
}

// Close releases the pool's goroutines. The pool must not be used afterwards.
func (p *Pool) Close() {}

// ParallelFor calls fn(lo, hi) over disjoint ranges that cover [0, n). Each
// index is handled exactly once; which goroutine handles it must not change
// the result, so fn must write only to outputs owned by its indices.
func (p *Pool) ParallelFor(n int, fn func(lo, hi int)) {
	t := p.Threads()
	if t <= 1 || n <= 1 {
		if n > 0 {
			fn(0, n)
		}
		return
	}
	if t > n {
		t = n
	}
	var wg sync.WaitGroup
	for w := 0; w < t; w++ {
		lo, hi := w*n/t, (w+1)*n/t
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// Sgemm is the parallel form of the package-level Sgemm: the same result,
// bit for bit, computed on the pool's threads.
func (p *Pool) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	// Split the rows of C: each output element is still computed by one
	// goroutine in one fixed order.
	p.ParallelFor(m, func(lo, hi int) {
		var aa []float32
		if transA {
			aa = a[lo:]
		} else {
			aa = a[lo*lda:]
		}
		Sgemm(transA, transB, hi-lo, n, k, alpha, aa, lda, b, ldb, beta, c[lo*ldc:], ldc)
	})
}
