package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Pool runs kernels on a fixed number of threads: the calling goroutine plus
// threads-1 persistent helper goroutines. Work is handed out in chunks through
// an atomic counter, so a thread slowed by other load simply takes fewer
// chunks; results never depend on which thread ran a chunk.
//
// A nil *Pool is valid and runs everything on the caller's goroutine. A Pool
// is owned by one model (or one benchmark): there is no package-level pool.
// Its methods may be called from several goroutines, but only one call at a
// time runs in parallel; a call made while the pool is busy (for example from
// inside a ParallelFor body) runs on its caller's goroutine alone.
type Pool struct {
	*pool
}

// pool is the state the helper goroutines share. They hold only it, not the
// Pool, so that a Pool dropped without Close is collected and its cleanup
// stops them.
type pool struct {
	threads int
	isa     ISA

	busy    atomic.Bool
	wake    []chan struct{} // one per helper
	done    sync.WaitGroup
	pending atomic.Int32 // helpers still working on the current job
	quit    sync.Once

	// The job being run, written before the helpers are woken.
	kind    jobKind
	n       int
	grain   int
	next    atomic.Int64
	rg      Ranger
	wrg     WorkerRanger
	g       gemm
	seg     gemmSegment
	workers []*Worker // per thread
	packed  []float32 // packed panels (B, and a transposed A) of the current segment
}

type jobKind uint8

const (
	jobRange jobKind = iota
	jobWorkerRange
	jobGemm
)

// NewPool returns a pool of the given number of threads (<= 0 means
// runtime.GOMAXPROCS(0)) using the best instruction set the CPU supports,
// capped by the ADAPTFORMER_KERNELS environment variable.
func NewPool(threads int) *Pool { return NewPoolISA(threads, defaultISA) }

// NewPoolISA is NewPool with an explicit instruction set, clamped to what the
// CPU supports.
func NewPoolISA(threads int, isa ISA) *Pool {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	c := &pool{threads: threads, isa: min(isa, detectedISA)}
	c.workers = make([]*Worker, threads)
	for i := range c.workers {
		c.workers[i] = NewWorker(c.isa)
	}
	c.wake = make([]chan struct{}, threads-1)
	for i := range c.wake {
		ch := make(chan struct{}, 1)
		c.wake[i] = ch
		go c.helper(i+1, ch)
	}
	p := &Pool{c}
	runtime.AddCleanup(p, (*pool).close, c)
	return p
}

// Threads reports how many threads the pool uses (1 for a nil pool).
func (p *Pool) Threads() int {
	if p == nil {
		return 1
	}
	return p.threads
}

// ISA reports the instruction set the pool's kernels use.
func (p *Pool) ISA() ISA {
	if p == nil {
		return defaultISA
	}
	return p.isa
}

// Close stops the pool's helper goroutines. The pool must not be used
// afterwards. Close on a nil pool does nothing; a pool that becomes
// unreachable without Close is closed when the garbage collector finds it.
func (p *Pool) Close() {
	if p == nil {
		return
	}
	p.close()
}

func (p *pool) close() {
	p.quit.Do(func() {
		for _, ch := range p.wake {
			close(ch)
		}
	})
}

// Spin bounds: the jobs of a training step follow each other within
// microseconds, while waking a parked goroutine costs tens of microseconds (a
// futex round trip on each side), so an idle helper polls for the next job a
// while before it parks, and the caller polls for the helpers' end before it
// blocks. Neither changes what is computed, only how soon.
const (
	helperPolls = 1 << 16 // non-blocking receives, about 200 µs
	callerPolls = 1 << 18 // atomic loads, about 100 µs
)

func (p *pool) helper(id int, wake <-chan struct{}) {
	for awaitJob(wake) {
		p.work(id)
		p.pending.Add(-1)
		p.done.Done()
	}
}

// awaitJob waits for the next wake-up, polling before it blocks; false means
// the pool was closed.
func awaitJob(wake <-chan struct{}) bool {
	for range helperPolls {
		select {
		case _, ok := <-wake:
			return ok
		default:
		}
	}
	_, ok := <-wake
	return ok
}

// run executes the current job on all threads and returns when it is done.
// The caller holds p.busy.
func (p *pool) run(kind jobKind, n, grain int) {
	p.kind, p.n, p.grain = kind, n, max(grain, 1)
	p.next.Store(0)
	helpers := min(len(p.wake), (n+p.grain-1)/p.grain-1)
	p.done.Add(helpers)
	p.pending.Store(int32(helpers))
	for i := 0; i < helpers; i++ {
		p.wake[i] <- struct{}{}
	}
	p.work(0)
	for i := 0; i < callerPolls && p.pending.Load() > 0; i++ {
	}
	p.done.Wait()
}

// work takes chunks of the current job until none are left.
func (p *pool) work(id int) {
	for {
		lo := int(p.next.Add(int64(p.grain))) - p.grain
		if lo >= p.n {
			return
		}
		hi := min(lo+p.grain, p.n)
		switch p.kind {
		case jobRange:
			p.rg.Range(lo, hi)
		case jobWorkerRange:
			p.wrg.Range(p.workers[id], lo, hi)
		case jobGemm:
			p.gemmPackTasks(&p.workers[id].s, lo, hi)
		}
	}
}

// acquire claims the pool for one parallel call; false means run inline.
func (p *Pool) acquire() bool {
	return p != nil && p.busy.CompareAndSwap(false, true)
}

// A Ranger is work over a range of indices that ParallelRange splits across
// the pool's threads. A pointer to a struct that holds the work's operands
// is one, and passing it allocates nothing (a closure that captures its
// operands is allocated at every call): the model keeps one such struct
// per kind of work and fills it before each call.
type Ranger interface {
	// Range handles the indices [lo, hi). It must write only outputs owned
	// by those indices, so that which thread runs it changes nothing.
	Range(lo, hi int)
}

// A WorkerRanger is a Ranger that also gets the Worker of the thread running
// it, for serial kernels on that thread's scratch.
type WorkerRanger interface {
	Range(w *Worker, lo, hi int)
}

// rangeFunc adapts a function to a Ranger.
type rangeFunc func(lo, hi int)

func (f rangeFunc) Range(lo, hi int) { f(lo, hi) }

// workerRangeFunc adapts a function to a WorkerRanger.
type workerRangeFunc func(w *Worker, lo, hi int)

func (f workerRangeFunc) Range(w *Worker, lo, hi int) { f(w, lo, hi) }

// ParallelFor calls fn(lo, hi) over disjoint ranges that cover [0, n). Each
// index is handled exactly once; which goroutine handles it must not change
// the result, so fn must write only to outputs owned by its indices.
func (p *Pool) ParallelFor(n int, fn func(lo, hi int)) { p.ParallelRange(n, 1, rangeFunc(fn)) }

// ParallelRange is ParallelFor for a Ranger, in ranges of at least grain
// indices (the last one may be shorter): it allocates nothing.
func (p *Pool) ParallelRange(n, grain int, r Ranger) {
	if n <= 0 {
		return
	}
	grain = max(grain, 1)
	if n <= grain || p.Threads() == 1 || !p.acquire() {
		r.Range(0, n)
		return
	}
	defer p.busy.Store(false)
	p.rg = r
	defer func() { p.rg = nil }()
	// Several chunks per thread balance a thread slowed by other load.
	p.run(jobRange, n, max(grain, n/(4*p.threads)))
}

// ParallelForWorker is ParallelFor whose body also gets the Worker of the
// thread running it, for serial kernels on that thread's scratch (the
// attention products per image and head). A nil or busy pool runs fn on the
// caller's goroutine with a new Worker.
func (p *Pool) ParallelForWorker(n int, fn func(w *Worker, lo, hi int)) {
	p.ParallelRangeWorker(n, workerRangeFunc(fn))
}

// ParallelRangeWorker is ParallelForWorker for a WorkerRanger: it allocates
// nothing on a pool that is not busy.
func (p *Pool) ParallelRangeWorker(n int, r WorkerRanger) {
	if n <= 0 {
		return
	}
	if !p.acquire() {
		r.Range(NewWorker(p.ISA()), 0, n)
		return
	}
	defer p.busy.Store(false)
	if n == 1 || p.threads == 1 {
		r.Range(p.workers[0], 0, n)
		return
	}
	p.wrg = r
	defer func() { p.wrg = nil }()
	p.run(jobWorkerRange, n, n/(4*p.threads))
}

// Worker runs serial kernels on its own scratch memory: no allocation and no
// clearing per call, unlike the package-level Sgemm. A Worker is used by one
// goroutine at a time.
type Worker struct {
	isa ISA
	s   tileScratch
}

// NewWorker returns a Worker for the given instruction set (clamped to what
// the CPU supports).
func NewWorker(isa ISA) *Worker {
	return &Worker{isa: min(isa, detectedISA), s: newFullScratch()}
}

// Sgemm is the package-level Sgemm on the worker's scratch: the same result,
// bit for bit.
func (w *Worker) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := newGemm(w.isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
	g.serialWith(&w.s)
}

// SgemmBias is SgemmBias on the worker's scratch.
func (w *Worker) SgemmBias(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32) {
	g := newGemm(w.isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
	g.serialWith(&w.s)
}
