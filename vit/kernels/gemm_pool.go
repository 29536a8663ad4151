package kernels

// packBudget bounds the packed panels of one segment, in floats (2 MiB). A
// GEMM is done in segments of k: the threads multiply one segment while they
// pack the next (two segments are held at once). Larger segments mean fewer
// of these rounds, which matters for the weight gradient (Aᵀ·B over a long
// batch), whose segments are many; but a segment that outgrows the L2 cache
// (2 MiB a core here) is read back from L3. Measured on the weight-gradient
// shapes of tiny and small, 2 threads, quiet machine (before segments
// overlapped): 2 MiB beats 8 MiB by 1-10% and 1 MiB by 2-5%.
const packBudget = 1 << 19

// packRows is how many rows of a pass one packing task copies.
const packRows = 32

// gemmSegment is the part of a parallel GEMM in flight: passes [q0, q1)
// multiplied over the grid of tasks over C (tm x tn tasks of mcTiles row
// tiles by ncPanels column panels), while passes [pq0, pq1) are packed for
// the next segment. Segments alternate between two halves of the packing
// buffer, so that packing the next one needs no barrier of its own and
// its memory traffic spreads over the products of this one.
type gemmSegment struct {
	q0, q1   int
	pq0, pq1 int
	perSeg   int // passes per segment
	gemmN    int // product tasks in this job (tm*tn, or 0 before the first)
	packN    int // packing tasks in this job
	panels   int
	tiles    int
	bTasks   int // per pass
	aTasks   int // per pass
	mcTiles  int
	ncPanels int
	tm, tn   int
	byPanel  bool // tasks walk C column group by column group
	bInPlace bool // B is read in place, not packed (see gemm.bInPlace)
}

// Sgemm is the parallel form of the package-level Sgemm: the same result,
// bit for bit, computed on the pool's threads. A nil pool runs it serially.
// It does not allocate in steady state (the pool keeps its packing buffers).
//
// op(B) is packed into panels once per pass and shared by all threads, or
// read in place in the weight gradient's form when its rows are short (see
// gemm.bInPlace). A row-major A is read in place; a transposed A (the
// weight gradient, Aᵀ·B) is packed like B, since reading it in place with a
// large stride thrashes the L1 cache.
func (p *Pool) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := newGemm(p.ISA(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
	p.sgemm(&g)
}

// SgemmBias is the parallel form of SgemmBias.
func (p *Pool) SgemmBias(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32) {
	g := newGemm(p.ISA(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
	p.sgemm(&g)
}

// SgemmBiasThen is SgemmBias followed by then on every block of C, each
// run by the thread that computed the block, right after its last pass.
// The result does not depend on the pool's size as long as then is
// elementwise.
func (p *Pool) SgemmBiasThen(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32, then Epilogue) {
	g := newGemm(p.ISA(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
	g.then = then
	p.sgemm(&g)
}

func (p *Pool) sgemm(gp *gemm) {
	g := *gp
	m, n, k := g.m, g.n, g.k
	transA, transB := g.transA, g.transB
	if m == 0 || n == 0 {
		return
	}
	// Small products are cheaper than waking the helpers; nested calls run
	// inline. Either way the arithmetic is the same.
	if g.onlyScale() || m*n*k < 32*32*32 || !p.acquire() {
		g.serial()
		return
	}
	defer p.busy.Store(false)
	p.g = g
	defer func() { p.g = gemm{} }()

	seg := gemmSegment{panels: g.panels(), tiles: g.rowTiles(), bInPlace: g.bInPlace()}
	perPass := seg.panels * g.kc * g.nr
	chunks := (min(g.kc, k) + packRows - 1) / packRows
	seg.bTasks = chunks
	switch {
	case seg.bInPlace:
		perPass, seg.bTasks = 0, 0
	case transB:
		seg.bTasks = seg.panels
	}
	if transA {
		perPass += seg.tiles * g.kc * g.mr
		seg.aTasks = chunks
	}
	perSeg := min(max(1, packBudget/perPass), g.kBlocks())
	halves := 1
	if perSeg < g.kBlocks() {
		halves = 2
	}
	if need := halves * perSeg * perPass; len(p.packed) < need {
		p.packed = make([]float32, need)
	}

	// The task grid: as large as the caches allow, split until every thread
	// has several tasks to balance with.
	mc, nc := 4, min(seg.panels, 20)
	grid := func() (int, int) { return (seg.tiles + mc - 1) / mc, (seg.panels + nc - 1) / nc }
	for tm, tn := grid(); tm*tn < 8*p.threads; tm, tn = grid() {
		if nc > 1 {
			nc = (nc + 1) / 2
		} else if mc > 1 {
			mc = (mc + 1) / 2
		} else {
			break
		}
	}
	seg.mcTiles, seg.ncPanels = mc, nc
	seg.tm, seg.tn = grid()
	// Consecutive tasks share their B panels (row group by row group) or
	// their A tiles (column group by column group): keep the larger operand
	// in the cache while the smaller one cycles through it.
	seg.byPanel = n > m
	seg.perSeg = perSeg
	kb := g.kBlocks()
	// The first job only packs; each later one multiplies a segment and
	// packs the next.
	for q0 := -perSeg; q0 < kb; q0 += perSeg {
		seg.q0, seg.q1 = q0, min(q0+perSeg, kb)
		seg.pq0, seg.pq1 = q0+perSeg, min(q0+2*perSeg, kb)
		seg.gemmN, seg.packN = 0, 0
		if q0 >= 0 {
			seg.gemmN = seg.tm * seg.tn
		}
		if seg.pq0 < seg.pq1 {
			seg.packN = (seg.pq1 - seg.pq0) * (seg.bTasks + seg.aTasks)
		}
		p.seg = seg
		p.run(jobGemm, seg.gemmN+seg.packN, 1)
	}
}

// gemmPackTasks runs tasks [lo, hi) of the current job: the packing tasks
// spread evenly among the product tasks, so that both threads share them.
func (p *pool) gemmPackTasks(s *tileScratch, lo, hi int) {
	seg := &p.seg
	n := seg.gemmN + seg.packN
	for t := lo; t < hi; t++ {
		// packs is how many packing tasks come before task t.
		packs, next := t*seg.packN/n, (t+1)*seg.packN/n
		if next > packs {
			p.packTasks(packs, packs+1)
		} else {
			p.gemmTasks(s, t-packs, t-packs+1)
		}
	}
}

// passBuffers returns the packed B panels and A tiles of pass q.
func (p *pool) passBuffers(q int) (bp, ap []float32) {
	g, seg := &p.g, &p.seg
	bSize := seg.panels * g.kc * g.nr
	if seg.bInPlace {
		bSize = 0
	}
	aSize := 0
	if g.transA {
		aSize = seg.tiles * g.kc * g.mr
	}
	half := (q / seg.perSeg) & 1
	base := (half*seg.perSeg + q%seg.perSeg) * (bSize + aSize)
	bp = p.packed[base : base+bSize]
	if aSize > 0 {
		ap = p.packed[base+bSize : base+bSize+aSize]
	}
	return bp, ap
}

// packTasks runs packing tasks [lo, hi) of the next segment: per pass,
// bTasks for B (row chunks, or panels of a transposed B), then aTasks (row
// chunks of a transposed A).
func (p *pool) packTasks(lo, hi int) {
	g, seg := &p.g, &p.seg
	per := seg.bTasks + seg.aTasks
	for t := lo; t < hi; t++ {
		q, i := seg.pq0+t/per, t%per
		p0 := q * g.kc
		kc := min(g.kc, g.k-p0)
		bp, ap := p.passBuffers(q)
		switch {
		case i < seg.bTasks && g.transB:
			size := g.kc * g.nr
			g.packB(bp[i*size:(i+1)*size], p0, kc, i*g.nr)
		case i < seg.bTasks:
			g.packBRows(bp, p0, min(i*packRows, kc), min((i+1)*packRows, kc))
		default:
			i -= seg.bTasks
			g.packARows(ap, p0, min(i*packRows, kc), min((i+1)*packRows, kc))
		}
	}
}

// gemmTasks computes tasks [lo, hi) of the current segment's grid.
func (p *pool) gemmTasks(s *tileScratch, lo, hi int) {
	g, seg := &p.g, &p.seg
	for t := lo; t < hi; t++ {
		ic, jc := t/seg.tn, t%seg.tn
		if seg.byPanel {
			ic, jc = t%seg.tm, t/seg.tm
		}
		it0 := ic * seg.mcTiles
		it1 := min(seg.tiles, it0+seg.mcTiles)
		jp0 := jc * seg.ncPanels
		jp1 := min(seg.panels, jp0+seg.ncPanels)
		if seg.q0 == 0 {
			g.scaleC(it0*g.mr, min(g.m, it1*g.mr), jp0*g.nr, min(g.n, jp1*g.nr))
		}
		for q := seg.q0; q < seg.q1; q++ {
			p0 := q * g.kc
			kc := min(g.kc, g.k-p0)
			bp, ap := p.passBuffers(q)
			bstride, ldb := g.kc*g.nr, g.nr
			if seg.bInPlace {
				bp, bstride, ldb = g.b[p0*g.ldb:], g.nr, g.ldb
			}
			bp = bp[jp0*bstride:]
			for it := it0; it < it1; it++ {
				var at []float32
				if ap != nil {
					at = ap[it*g.kc*g.mr:]
				}
				g.rowPanels(s, it*g.mr, p0, kc, jp0, jp1, bp, bstride, ldb, at)
			}
		}
		if g.then != nil && seg.q1 == g.kBlocks() {
			g.then(it0*g.mr, min(g.m, it1*g.mr), jp0*g.nr, min(g.n, jp1*g.nr))
		}
	}
}
