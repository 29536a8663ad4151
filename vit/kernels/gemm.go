package kernels

import "fmt"

// A GEMM runs in passes over k of kc terms (kc chosen from the shape: see
// chooseKC), accumulating into C after each. kc fixes the order in which
// every element of C is summed (per block of kc terms, blocks in
// order), so it must not depend on the number of threads.
const maxKC = 384

// chooseKC picks the pass depth for a product: 192 keeps a tile's A and B
// in the L1 cache, but each pass also costs a trip of C through the caches,
// so deep products with a large C, and very deep ones (weight gradients over
// a long batch), use 384. It depends only on the shape, so every thread
// count sums in the same order.
func chooseKC(m, n, k int) int {
	if k > 192 && (m*n >= 1<<20 || k >= 2048) {
		return 384
	}
	return 192
}

// The portable micro-kernel's tile.
const (
	genericMR = 4
	genericNR = 16
)

// Bounds on any ISA's tile, for scratch sizes.
const (
	maxMR = 14
	maxNR = 32
)

// What a micro-kernel does with its tile after the products: add the bias
// row, then add C (else overwrite C).
const (
	tileAdd  = 1
	tileBias = 2
)

// genericKernel is the portable micro-kernel: C[mr x nr] = A*B (+ bias) (+
// C), A(r, p) at a[r*rs + p*cs], B's rows ldb floats apart.
func genericKernel(kc int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags int) {
	const mr, nr = genericMR, genericNR
	var acc [mr * nr]float32
	for p := 0; p < kc; p++ {
		bp := b[p*ldb : p*ldb+nr]
		for r := 0; r < mr; r++ {
			av := a[r*rs+p*cs]
			row := acc[r*nr : r*nr+nr]
			for j, bv := range bp {
				row[j] += av * bv
			}
		}
	}
	for r := 0; r < mr; r++ {
		cr := c[r*ldc : r*ldc+nr]
		for j, v := range acc[r*nr : r*nr+nr] {
			if flags&tileBias != 0 {
				v += bias[j]
			}
			if flags&tileAdd != 0 {
				v += cr[j]
			}
			cr[j] = v
		}
	}
}

// serialPackSize is the room for packed B on the single-threaded path: one
// panel of a pass (maxKC x maxNR), or all the panels of a small B (the
// attention products), packed once.
const serialPackSize = 16384

// Sizes of the scratch a single-threaded GEMM keeps on its stack: most
// (attention's) fit the small one, which is cheap to clear.
const (
	smallScratch = 8192
	fullScratch  = maxMR*maxKC + serialPackSize + maxMR*maxNR + maxNR
)

// tileScratch is one thread's working memory: a packed A micro-panel (a
// ragged last row tile, or a transposed A's tile on the single-threaded
// path), packed B (on the single-threaded path), and an edge tile of C and a
// padded bias row (for kernels that cannot mask edges).
type tileScratch struct {
	a, b, c, bias []float32
}

// newTileScratch carves a scratch out of buf: aN floats for A, bN for B.
func newTileScratch(buf []float32, aN, bN int) tileScratch {
	var s tileScratch
	s.a, buf = buf[:aN], buf[aN:]
	s.b, buf = buf[:bN], buf[bN:]
	s.c, buf = buf[:maxMR*maxNR], buf[maxMR*maxNR:]
	s.bias = buf[:maxNR]
	return s
}

// newFullScratch allocates a scratch for any GEMM.
func newFullScratch() tileScratch {
	return newTileScratch(make([]float32, fullScratch), maxMR*maxKC, serialPackSize)
}

// gemm holds the arguments of one GEMM call.
type gemm struct {
	isa            ISA
	mr, nr         int
	transA, transB bool
	m, n, k        int
	alpha          float32
	a              []float32
	lda            int
	b              []float32
	ldb            int
	beta           float32
	c              []float32
	ldc            int
	bias           []float32 // added to every row of C, or nil
	kc             int       // depth of a pass
	then           Epilogue  // run on each finished block of C, or nil
}

// An Epilogue finishes a block of a GEMM's output, rows [i0, i1) and
// columns [j0, j1) of C, as soon as the product there is complete: an
// elementwise step that follows the GEMM (an activation, a residual add)
// then reads C from the cache instead of from memory. Blocks are disjoint
// and cover C; they may run concurrently on the pool's threads.
type Epilogue func(i0, i1, j0, j1 int)

// checkGemm panics with a clear message when the arguments do not describe
// matrices inside the given slices: the assembly relies on it.
func checkGemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels: Sgemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	// check verifies a rows x cols row-major matrix with row stride ld.
	check := func(name string, s []float32, rows, cols, ld int) {
		if ld < max(cols, 1) {
			panic(fmt.Sprintf("kernels: Sgemm: ld%s = %d is less than its %d columns", name, ld, cols))
		}
		if rows > 0 && cols > 0 && len(s) < (rows-1)*ld+cols {
			panic(fmt.Sprintf("kernels: Sgemm: %s has %d elements, want at least %d for %dx%d with stride %d",
				name, len(s), (rows-1)*ld+cols, rows, cols, ld))
		}
	}
	if transA {
		check("a", a, k, m, lda)
	} else {
		check("a", a, m, k, lda)
	}
	if transB {
		check("b", b, n, k, ldb)
	} else {
		check("b", b, k, n, ldb)
	}
	check("c", c, m, n, ldc)
}

func newGemm(isa ISA, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32) gemm {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if bias != nil && len(bias) < n {
		panic(fmt.Sprintf("kernels: Sgemm: bias has %d elements, want %d", len(bias), n))
	}
	mr, nr := isa.tile()
	return gemm{isa: isa, mr: mr, nr: nr, transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, bias: bias,
		kc: chooseKC(m, n, k)}
}

// panels is the number of nr-wide column panels of C.
func (g *gemm) panels() int { return (g.n + g.nr - 1) / g.nr }

// rowTiles is the number of mr-high row tiles of C.
func (g *gemm) rowTiles() int { return (g.m + g.mr - 1) / g.mr }

// kBlocks is the number of passes.
func (g *gemm) kBlocks() int { return (g.k + g.kc - 1) / g.kc }

// onlyScale reports whether the product term vanishes, leaving C = beta*C.
func (g *gemm) onlyScale() bool { return g.k == 0 || g.alpha == 0 }

// scaleC applies beta to rows [i0, i1) and columns [j0, j1) of C ahead of
// the passes, when beta is neither 0 (the first pass overwrites C, so NaNs
// there do not propagate) nor 1.
func (g *gemm) scaleC(i0, i1, j0, j1 int) {
	if g.beta == 0 || g.beta == 1 || j0 >= j1 {
		return
	}
	for i := i0; i < i1; i++ {
		row := g.c[i*g.ldc+j0 : i*g.ldc+j1]
		for j := range row {
			row[j] *= g.beta
		}
	}
}

// scaleOnly sets C = beta*C + bias, for a product that vanishes.
func (g *gemm) scaleOnly() {
	for i := 0; i < g.m; i++ {
		row := g.c[i*g.ldc : i*g.ldc+g.n]
		for j := range row {
			v := float32(0)
			if g.beta != 0 {
				v = g.beta * row[j]
			}
			if g.bias != nil {
				v += g.bias[j]
			}
			row[j] = v
		}
	}
}

// tileFlags is what the kernel does with C in the pass at p0: the first pass
// adds the bias and overwrites C when beta == 0; every other pass adds to C.
func (g *gemm) tileFlags(p0 int) int {
	if p0 > 0 {
		return tileAdd
	}
	f := 0
	if g.beta != 0 {
		f |= tileAdd
	}
	if g.bias != nil {
		f |= tileBias
	}
	return f
}

// putRow writes alpha*src into dst, zero past len(src).
func putRow(dst, src []float32, alpha float32) {
	if alpha == 1 {
		copy(dst, src)
	} else {
		for j, v := range src {
			dst[j] = alpha * v
		}
	}
	clear(dst[len(src):])
}

// packB writes rows [p0, p0+kc) and columns [j0, j0+nr) of alpha*op(B) into
// dst as kc rows of nr floats, zero past column n.
func (g *gemm) packB(dst []float32, p0, kc, j0 int) {
	nr := g.nr
	nv := min(nr, g.n-j0)
	dst = dst[:kc*nr]
	if !g.transB {
		if packBlock(g.isa, dst, g.b[p0*g.ldb+j0:], g.ldb, kc, nv, nr, g.alpha) {
			return
		}
		for p := 0; p < kc; p++ {
			putRow(dst[p*nr:p*nr+nr], g.b[(p0+p)*g.ldb+j0:(p0+p)*g.ldb+j0+nv], g.alpha)
		}
		return
	}
	if packBlockT(g.isa, dst, g.b[j0*g.ldb+p0:], g.ldb, kc, nv, nr, g.alpha) {
		return
	}
	// op(B)[p, j] = B[j, p]: gather column j of the panel from row j of B.
	for j := 0; j < nv; j++ {
		src := g.b[(j0+j)*g.ldb+p0 : (j0+j)*g.ldb+p0+kc]
		if g.alpha == 1 {
			for p, v := range src {
				dst[p*nr+j] = v
			}
		} else {
			for p, v := range src {
				dst[p*nr+j] = g.alpha * v
			}
		}
	}
	if nv < nr {
		for p := 0; p < kc; p++ {
			clear(dst[p*nr+nv : p*nr+nr])
		}
	}
}

// packBRows packs rows [r0, r1) of the pass at p0 of a row-major op(B) into
// every panel of dst (panel jp at dst[jp*kc*nr:]), reading each row of
// B once, front to back.
func (g *gemm) packBRows(dst []float32, p0, r0, r1 int) {
	nr, size := g.nr, g.kc*g.nr
	for r := r0; r < r1; r++ {
		src := g.b[(p0+r)*g.ldb : (p0+r)*g.ldb+g.n]
		if packRow(g.isa, dst[r*nr:], size, src, nr, g.alpha) {
			continue
		}
		for jp, j0 := 0, 0; j0 < g.n; jp, j0 = jp+1, j0+nr {
			putRow(dst[jp*size+r*nr:jp*size+r*nr+nr], src[j0:min(j0+nr, g.n)], g.alpha)
		}
	}
}

// packA writes rows [i0, i0+mr) and columns [p0, p0+kc) of op(A) into dst
// as kc rows of mr floats, zero past row m.
func (g *gemm) packA(dst []float32, i0, p0, kc int) {
	mr := g.mr
	mv := min(mr, g.m-i0)
	dst = dst[:kc*mr]
	if g.transA {
		// op(A)[i, p] = A[p, i]: row p of A holds the panel's row p.
		if packBlock(g.isa, dst, g.a[p0*g.lda+i0:], g.lda, kc, mv, mr, 1) {
			return
		}
		for p := 0; p < kc; p++ {
			putRow(dst[p*mr:p*mr+mr], g.a[(p0+p)*g.lda+i0:(p0+p)*g.lda+i0+mv], 1)
		}
		return
	}
	if packBlockT(g.isa, dst, g.a[i0*g.lda+p0:], g.lda, kc, mv, mr, 1) {
		return
	}
	for i := 0; i < mv; i++ {
		src := g.a[(i0+i)*g.lda+p0 : (i0+i)*g.lda+p0+kc]
		for p, v := range src {
			dst[p*mr+i] = v
		}
	}
	if mv < mr {
		for p := 0; p < kc; p++ {
			clear(dst[p*mr+mv : p*mr+mr])
		}
	}
}

// packARows packs rows [r0, r1) of the pass at p0 of a transposed A into
// every row tile of dst (tile it at dst[it*kc*mr:]), reading each row of
// A once, front to back.
func (g *gemm) packARows(dst []float32, p0, r0, r1 int) {
	mr, size := g.mr, g.kc*g.mr
	for r := r0; r < r1; r++ {
		src := g.a[(p0+r)*g.lda : (p0+r)*g.lda+g.m]
		if packRow(g.isa, dst[r*mr:], size, src, mr, 1) {
			continue
		}
		for it, i0 := 0, 0; i0 < g.m; it, i0 = it+1, i0+mr {
			putRow(dst[it*size+r*mr:it*size+r*mr+mr], src[i0:min(i0+mr, g.m)], 1)
		}
	}
}

// rowPanels accumulates rows [i0, i0+mr) of C over the columns of panels
// [jp0, jp1) for the pass over [p0, p0+kc). Panel jp starts at
// bp[(jp-jp0)*bstride:], its rows ldb floats apart (nr when packed, B's own
// row stride when read in place). The A tile is ap when packed by the
// caller; otherwise a row-major A is read in place, and a transposed A or a
// ragged last tile is packed here, once for all the panels.
func (g *gemm) rowPanels(s *tileScratch, i0, p0, kc, jp0, jp1 int, bp []float32, bstride, ldb int, ap []float32) {
	mr, nr := g.mr, g.nr
	mv := min(mr, g.m-i0)
	if ap == nil && (g.transA || mv < mr) {
		g.packA(s.a, i0, p0, kc)
		ap = s.a
	}
	flags := g.tileFlags(p0)
	for jp := jp0; jp < jp1; jp++ {
		j0 := jp * nr
		nv := min(nr, g.n-j0)
		b := bp[(jp-jp0)*bstride:]
		c, ldc := g.c[i0*g.ldc+j0:], g.ldc
		var bias []float32
		if flags&tileBias != 0 {
			bias = g.bias[j0:]
			if nv < nr {
				bias = s.bias
				clear(bias[copy(bias, g.bias[j0:j0+nv]):])
			}
		}
		rows, cols := mv, nv
		edge := (mv < mr || nv < nr) && !g.isa.maskedEdges()
		if edge {
			rows, cols = mr, nr
			// Work on a full tile in scratch: the kernels only do full tiles.
			c, ldc = s.c[:mr*nr], nr
			if flags&tileAdd != 0 {
				for i := 0; i < mv; i++ {
					copy(c[i*nr:i*nr+nv], g.c[(i0+i)*g.ldc+j0:(i0+i)*g.ldc+j0+nv])
				}
			}
		}
		if ap != nil {
			kernelCol(g.isa, kc, ap, mr, b, ldb, c, ldc, bias, flags, rows, cols)
		} else {
			kernelRow(g.isa, kc, g.a[i0*g.lda+p0:], g.lda, b, ldb, c, ldc, bias, flags, rows, cols)
		}
		if edge {
			for i := 0; i < mv; i++ {
				copy(g.c[(i0+i)*g.ldc+j0:(i0+i)*g.ldc+j0+nv], c[i*nr:i*nr+nv])
			}
		}
	}
}

// overwrites reports whether a single pass over a row-major A sets C
// without reading it, so that computing a tile twice changes nothing: every
// element is summed in the same order by every kernel.
func (g *gemm) overwrites() bool {
	return g.beta == 0 && !g.transA && g.k <= g.kc
}

// smallB reports whether the serial path packs all of B at once.
func (g *gemm) smallB() bool {
	return g.k <= g.kc && g.panels()*g.k*g.nr <= serialPackSize
}

// bInPlace reports whether the parallel path reads B in place instead of
// packing it: in the weight gradient (Aᵀ·B over a long batch) B is an
// activation read once, so packing it costs a trip through memory that the
// kernel's own prefetch 32 rows ahead can hide. Only whole panels of an
// unscaled B qualify (alpha folds into packing, and a ragged last panel
// would read past its rows), and only rows of at most a page
// (maxInPlaceLDB): with longer ones every k step lands on a new page. The
// values and their order are those of the packed path, so the result is
// the same, bit for bit.
func (g *gemm) bInPlace() bool {
	return g.transA && !g.transB && g.alpha == 1 && g.n%g.nr == 0 && g.ldb <= maxInPlaceLDB
}

// maxInPlaceLDB is the longest row of B, in floats (4 KiB), that bInPlace
// reads in place. Measured on 2 threads, TN GEMMs over 8320 rows: n = 192,
// 384 and 768 gained 0-11% in place (4-11% on all but the smallest, tiny's
// 192x192); n = 1536 lost 10%.
const maxInPlaceLDB = 1024

// serial computes the whole product on the calling goroutine with scratch on
// its stack, sized for the product. It suits the small GEMMs (attention per
// image and head) run inside a ParallelFor; large ones go through a Pool.
func (g *gemm) serial() {
	aN, bN := g.mr*min(g.k, g.kc), g.kc*g.nr
	if g.smallB() {
		bN = g.panels() * g.k * g.nr
	}
	if aN+bN+maxMR*maxNR+maxNR <= smallScratch {
		var buf [smallScratch]float32
		s := newTileScratch(buf[:], aN, bN)
		g.serialWith(&s)
		return
	}
	var buf [fullScratch]float32
	s := newTileScratch(buf[:], aN, bN)
	g.serialWith(&s)
}

// serialWith computes the whole product on the calling goroutine: B packed
// whole when small, else one panel at a time.
func (g *gemm) serialWith(s *tileScratch) {
	if g.m == 0 || g.n == 0 {
		return
	}
	if g.then != nil {
		defer g.then(0, g.m, 0, g.n)
	}
	if g.onlyScale() {
		g.scaleOnly()
		return
	}
	g.scaleC(0, g.m, 0, g.n)
	if g.smallB() {
		// Pack B whole, then each row tile runs over all of it.
		panels, stride := g.panels(), g.k*g.nr
		for jp := 0; jp < panels; jp++ {
			g.packB(s.b[jp*stride:], 0, g.k, jp*g.nr)
		}
		for i0 := 0; i0 < g.m; i0 += g.mr {
			if i0+g.mr > g.m && g.overwrites() && g.m >= g.mr {
				// A ragged last tile would pack A; a full tile that
				// overlaps the one before reads A in place instead and
				// writes the overlapped rows again with the same values.
				i0 = g.m - g.mr
			}
			g.rowPanels(s, i0, 0, g.k, 0, panels, s.b, stride, g.nr, nil)
		}
		return
	}
	for p0 := 0; p0 < g.k; p0 += g.kc {
		kc := min(g.kc, g.k-p0)
		for jp := 0; jp < g.panels(); jp++ {
			g.packB(s.b, p0, kc, jp*g.nr)
			for i0 := 0; i0 < g.m; i0 += g.mr {
				g.rowPanels(s, i0, p0, kc, jp, jp+1, s.b, 0, g.nr, nil)
			}
		}
	}
}

// Sgemm computes C = alpha*op(A)*op(B) + beta*C on one goroutine, where op(A)
// is m x k (A itself, or Aᵀ when transA), op(B) is k x n (B, or Bᵀ when
// transB) and C is m x n. lda, ldb and ldc are the row strides of A, B and C
// as stored. With beta == 0, C is overwritten (NaNs in C do not propagate).
// It panics if a slice is too short for the sizes and strides given.
//
// The result is bit-identical to (*Pool).Sgemm with the same instruction set,
// whatever the pool's size. Sgemm does not allocate.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := newGemm(defaultISA, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
	g.serial()
}

// SgemmBias is Sgemm that also adds bias (n floats) to every row of C:
// C = alpha*op(A)*op(B) + beta*C + bias, fused into the kernel's stores
// (a Linear layer's forward pass in one call).
func SgemmBias(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, bias []float32) {
	g := newGemm(defaultISA, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
	g.serial()
}

// SgemmISA is Sgemm on a chosen instruction set (clamped to what the CPU
// supports), for tests and benchmarks.
func SgemmISA(isa ISA, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := newGemm(min(isa, detectedISA), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nil)
	g.serial()
}
