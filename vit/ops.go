package vit

import "github.com/adaptformer/adaptformer/vit/kernels"

// The row-wise operations of the model, parallelised over rows (or columns,
// for reductions over rows) on the model's pool. LayerNorm, GELU and softmax
// are package kernels' vectorised routines; the rest is plain Go. Each
// output element is computed by one goroutine in a fixed order, so results
// do not depend on the number of threads.
//
// Each operation is a small struct holding its operands, with a Range
// method that does the rows it is handed (a kernels.Ranger). rowOps keeps
// one of each, filled before every call: a closure capturing the operands
// would be allocated at every call, and a training step makes hundreds.

// rowGrain is the smallest number of rows worth a goroutine.
const rowGrain = 16

// rowOps runs the row-wise operations on a pool without allocating.
type rowOps struct {
	pool      *kernels.Pool
	lnParts   []float32 // LayerNorm's weight and bias gradients per block of rows
	sumParts  []float32 // column sums per block of rows
	sumScaled []float32 // column sums before scaling
	jobs      struct {
		layerNorm     layerNormJob
		layerNormBack layerNormBackJob
		layerNormGrad layerNormGradJob
		layerNormSums layerNormSumsJob
		colSums       colSumsJob
		colSumsReduce colSumsReduceJob
		dot           dotJob
		fill          fillRowsJob
		addScaled     addScaledJob
		gelu          geluJob
		geluBack      geluBackJob
		dropout       dropoutJob
		scaleRows     scaleRowsJob
		addRows       addRowsJob
		reluDropBack  reluDropBackJob
		embed         embedJob
		im2col        im2colJob
		attention     attentionJob
	}
}

type layerNormJob struct {
	out, mean, rstd, in, w, b []float32
	dim                       int
	eps                       float32
}

func (j *layerNormJob) Range(lo, hi int) {
	kernels.LayerNorm(j.out[lo*j.dim:hi*j.dim], j.mean[lo:hi], j.rstd[lo:hi], j.in[lo*j.dim:hi*j.dim], j.w, j.b, hi-lo, j.dim, j.eps)
}

// layerNormForward normalises each row of in (rows x dim) and writes
// out = xhat*w + b, keeping each row's mean and 1/std for the backward pass.
// The same call on the same input gives bit-identical output, which is how
// Backward recomputes LayerNorm outputs instead of keeping them.
func (o *rowOps) layerNormForward(out, mean, rstd, in, w, b []float32, rows, dim int, eps float64) {
	o.jobs.layerNorm = layerNormJob{out: out, mean: mean, rstd: rstd, in: in, w: w, b: b, dim: dim, eps: float32(eps)}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.layerNorm)
}

type layerNormBackJob struct {
	dx, dy, in, mean, rstd, w []float32
	dim                       int
}

func (j *layerNormBackJob) Range(lo, hi int) {
	d := j.dim
	kernels.LayerNormBackward(j.dx[lo*d:hi*d], j.dy[lo*d:hi*d], j.in[lo*d:hi*d], j.mean[lo:hi], j.rstd[lo:hi], j.w, hi-lo, d)
}

// layerNormGradJob sums the weight and bias gradients over the rows,
// split over columns: each column is summed by one thread in row order.
type layerNormGradJob struct {
	dw, db, dy, in, mean, rstd []float32
	rows, dim                  int
}

func (j *layerNormGradJob) Range(lo, hi int) {
	var w, b []float32
	if j.dw != nil {
		w = j.dw[lo:hi]
	}
	if j.db != nil {
		b = j.db[lo:hi]
	}
	kernels.LayerNormGrads(w, b, j.dy[lo:], j.in[lo:], j.mean, j.rstd, j.rows, j.dim)
}

// sumRows is the block of rows that a reduction over rows (a bias
// gradient, LayerNorm's weight and bias gradients) sums on its own before
// the blocks' sums are added: fixed, so that the blocks, and the order in
// which they are added, do not depend on the number of threads.
const sumRows = 32

// layerNormSumsJob is the LayerNorm backward over blocks of sumRows rows,
// each also summing its weight and bias gradients into its part of parts.
type layerNormSumsJob struct {
	dx, dy, in, mean, rstd, w, parts []float32
	rows, dim                        int
}

func (j *layerNormSumsJob) Range(lo, hi int) {
	d, size := j.dim, kernels.LayerNormPartLen(j.dim)
	for blk := lo; blk < hi; blk++ {
		r0, r1 := blk*sumRows, min(j.rows, (blk+1)*sumRows)
		part := j.parts[blk*size : (blk+1)*size]
		clear(part)
		kernels.LayerNormBackwardSums(j.dx[r0*d:r1*d], j.dy[r0*d:r1*d], j.in[r0*d:r1*d], j.mean[r0:r1], j.rstd[r0:r1], j.w, part, r1-r0, d)
	}
}

// layerNormBackward back-propagates dy through a LayerNorm whose input was
// in. It accumulates the input gradient into dx and the weight and bias
// gradients into dw and db; any of the three may be nil to skip it. dx must
// not alias dy or in.
func (o *rowOps) layerNormBackward(dx, dw, db, dy, in, mean, rstd, w []float32, rows, dim int) {
	if dx != nil && (dw != nil || db != nil) {
		// One pass: each block of rows sums its share of the weight and
		// bias gradients while dy and in are in the cache for dx.
		blocks := (rows + sumRows - 1) / sumRows
		need := blocks * kernels.LayerNormPartLen(dim)
		if len(o.lnParts) < need {
			o.lnParts = make([]float32, need)
		}
		o.jobs.layerNormSums = layerNormSumsJob{dx: dx, dy: dy, in: in, mean: mean, rstd: rstd, w: w, parts: o.lnParts, rows: rows, dim: dim}
		o.pool.ParallelRange(blocks, 1, &o.jobs.layerNormSums)
		kernels.AddLayerNormParts(dw, db, o.lnParts, blocks, dim)
		return
	}
	if dx != nil {
		o.jobs.layerNormBack = layerNormBackJob{dx: dx, dy: dy, in: in, mean: mean, rstd: rstd, w: w, dim: dim}
		o.pool.ParallelRange(rows, rowGrain, &o.jobs.layerNormBack)
	}
	if dw == nil && db == nil {
		return
	}
	o.jobs.layerNormGrad = layerNormGradJob{dw: dw, db: db, dy: dy, in: in, mean: mean, rstd: rstd, rows: rows, dim: dim}
	o.pool.ParallelRange(dim, 1, &o.jobs.layerNormGrad)
}

// colSumsJob sums the columns of src over blocks of sumRows rows, each
// block into its own row of parts. Each block reads whole rows, front to
// back: summing column by column instead strides down the rows, which ran
// 2-3 times slower on the bias gradients of a batch that has left the cache.
type colSumsJob struct {
	parts, src []float32
	rows, cols int
}

func (j *colSumsJob) Range(lo, hi int) {
	for blk := lo; blk < hi; blk++ {
		r0, r1 := blk*sumRows, min(j.rows, (blk+1)*sumRows)
		part := j.parts[blk*j.cols : (blk+1)*j.cols]
		clear(part)
		kernels.AddColSums(part, j.src[r0*j.cols:], r1-r0, j.cols)
	}
}

// addColSums adds alpha times the column sums of src (rows x len(dst)) to
// dst: a bias gradient. Blocks of rows are summed in parallel, then the
// blocks' sums column by column in block order, so the result does not
// depend on the number of threads.
func (o *rowOps) addColSums(dst, src []float32, rows int, alpha float32) {
	cols := len(dst)
	if rows == 0 || cols == 0 {
		return
	}
	if alpha != 1 {
		if len(o.sumScaled) < cols {
			o.sumScaled = make([]float32, cols)
		}
		sums := o.sumScaled[:cols]
		clear(sums)
		o.addColSums(sums, src, rows, 1)
		for j, v := range sums {
			dst[j] += alpha * v
		}
		return
	}
	blocks := (rows + sumRows - 1) / sumRows
	if need := blocks * cols; len(o.sumParts) < need {
		o.sumParts = make([]float32, need)
	}
	o.jobs.colSums = colSumsJob{parts: o.sumParts, src: src, rows: rows, cols: cols}
	o.pool.ParallelRange(blocks, 1, &o.jobs.colSums)
	o.jobs.colSumsReduce = colSumsReduceJob{dst: dst, parts: o.sumParts, blocks: blocks}
	o.pool.ParallelRange(cols, colGrain, &o.jobs.colSumsReduce)
}

// colSumsReduceJob adds the blocks' column sums to dst, split over columns.
type colSumsReduceJob struct {
	dst, parts []float32
	blocks     int
}

func (j *colSumsReduceJob) Range(lo, hi int) {
	kernels.AddColSums(j.dst[lo:hi], j.parts[lo:], j.blocks, len(j.dst))
}

// colGrain is the smallest number of columns worth a goroutine in a
// reduction over rows: one vector.
const colGrain = 16

// dotChunk is the number of elements per partial sum of dot, fixed so
// that the result does not depend on the thread count.
const dotChunk = 1 << 14

type dotJob struct {
	a, b    []float32
	partial []float64
}

func (j *dotJob) Range(lo, hi int) {
	n := len(j.a)
	for c := lo; c < hi; c++ {
		x := j.a[c*dotChunk : min(n, (c+1)*dotChunk)]
		y := j.b[c*dotChunk : min(n, (c+1)*dotChunk)]
		y = y[:len(x)]
		var s0, s1, s2, s3 float32
		k := 0
		for ; k+4 <= len(x); k += 4 {
			s0 += x[k] * y[k]
			s1 += x[k+1] * y[k+1]
			s2 += x[k+2] * y[k+2]
			s3 += x[k+3] * y[k+3]
		}
		for ; k < len(x); k++ {
			s0 += x[k] * y[k]
		}
		j.partial[c] = float64((s0 + s1) + (s2 + s3))
	}
}

// dot is Σ a[i]·b[i], summed per chunk in float32 and across chunks in
// float64; partial holds ceil(len(a)/dotChunk) values.
func (o *rowOps) dot(a, b []float32, partial []float64) float64 {
	chunks := (len(a) + dotChunk - 1) / dotChunk
	o.jobs.dot = dotJob{a: a, b: b, partial: partial}
	o.pool.ParallelRange(chunks, 1, &o.jobs.dot)
	var s float64
	for _, v := range partial[:chunks] {
		s += v
	}
	return s
}

type fillRowsJob struct {
	dst, bias []float32
	ld, cols  int
}

func (j *fillRowsJob) Range(lo, hi int) {
	for r := lo; r < hi; r++ {
		copy(j.dst[r*j.ld:r*j.ld+j.cols], j.bias[:j.cols])
	}
}

// fillRowsLD sets rows rows of dst, ld floats apart, to bias (cols wide).
func (o *rowOps) fillRowsLD(dst []float32, ld int, bias []float32, rows, cols int) {
	o.jobs.fill = fillRowsJob{dst: dst, bias: bias, ld: ld, cols: cols}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.fill)
}

// elementGrain is the smallest number of elements worth a goroutine in
// elementwise operations.
const elementGrain = 4096

type addScaledJob struct {
	dst, src []float32
	alpha    float32
}

func (j *addScaledJob) Range(lo, hi int) {
	d, s := j.dst[lo:hi], j.src[lo:hi]
	for i := range d {
		d[i] += j.alpha * s[i]
	}
}

// addScaled sets dst += alpha*src elementwise.
func (o *rowOps) addScaled(dst, src []float32, alpha float32) {
	o.jobs.addScaled = addScaledJob{dst: dst, src: src[:len(dst)], alpha: alpha}
	o.pool.ParallelRange(len(dst), elementGrain, &o.jobs.addScaled)
}

type geluJob struct {
	dst, x []float32
	cols   int
}

func (j *geluJob) Range(lo, hi int) {
	kernels.GeluErf(j.dst[lo*j.cols:hi*j.cols], j.x[lo*j.cols:hi*j.cols])
}

// gelu sets dst = GELU(x) on the pool.
func (o *rowOps) gelu(dst, x []float32, rows, cols int) {
	o.jobs.gelu = geluJob{dst: dst, x: x, cols: cols}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.gelu)
}

type geluBackJob struct {
	dx, x, dy []float32
	cols      int
}

func (j *geluBackJob) Range(lo, hi int) {
	c := j.cols
	kernels.GeluErfBackward(j.dx[lo*c:hi*c], j.x[lo*c:hi*c], j.dy[lo*c:hi*c])
}

// geluBackward sets dx = dy * GELU'(x) on the pool; dx may alias dy.
func (o *rowOps) geluBackward(dx, x, dy []float32, rows, cols int) {
	o.jobs.geluBack = geluBackJob{dx: dx, x: x, dy: dy, cols: cols}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.geluBack)
}

// dropKeep is the keep decision and scale for one dropout element: 0 when
// dropped, 1/(1-p) when kept.
func dropKeep(key uint64, i int, threshold uint64, scale float32) float32 {
	if splitmix64(key+uint64(i)) < threshold {
		return 0
	}
	return scale
}

// dropParams turns a rate into the uint64 threshold below which an element
// is dropped and the scale of the kept ones.
func dropParams(p float64) (threshold uint64, scale float32) {
	return uint64(p * (1 << 64)), float32(1 / (1 - p))
}

type dropoutJob struct {
	x       []float32
	cols    int
	key, th uint64
	scale   float32
}

func (j *dropoutJob) Range(lo, hi int) {
	for i := lo * j.cols; i < hi*j.cols; i++ {
		j.x[i] *= dropKeep(j.key, i, j.th, j.scale)
	}
}

// dropout multiplies x (rows x cols) by an inverted-dropout mask of rate p
// drawn from key. The same key gives the same mask, which is how the
// backward pass applies it to the gradient without storing it.
func (o *rowOps) dropout(x []float32, rows, cols int, key uint64, p float64) {
	if p <= 0 {
		return
	}
	th, scale := dropParams(p)
	o.jobs.dropout = dropoutJob{x: x, cols: cols, key: key, th: th, scale: scale}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.dropout)
}

// dropPathScales fills keep[b] with each image's stochastic-depth factor for
// one residual branch: 0 when the branch is dropped, 1/(1-p) when kept.
func dropPathScales(keep []float32, key uint64, p float64) {
	th, scale := dropParams(p)
	for b := range keep {
		keep[b] = dropKeep(key, b, th, scale)
	}
}

type scaleRowsJob struct {
	x, keep      []float32
	tokens, cols int
}

func (j *scaleRowsJob) Range(lo, hi int) {
	for r := lo; r < hi; r++ {
		k := j.keep[r/j.tokens]
		if k == 1 {
			continue
		}
		row := j.x[r*j.cols : r*j.cols+j.cols]
		for i := range row {
			row[i] *= k
		}
	}
}

// scaleRowsByImage multiplies each image's rows of x (images of tokens rows,
// cols wide) by keep[image].
func (o *rowOps) scaleRowsByImage(x []float32, keep []float32, tokens, cols int) {
	o.jobs.scaleRows = scaleRowsJob{x: x, keep: keep, tokens: tokens, cols: cols}
	o.pool.ParallelRange(len(keep)*tokens, rowGrain, &o.jobs.scaleRows)
}

type addRowsJob struct {
	dst, a, b, bias []float32
	cols            int
}

func (j *addRowsJob) Range(lo, hi int) {
	cols := j.cols
	for r := lo; r < hi; r++ {
		o := r * cols
		d, x, y := j.dst[o:o+cols], j.a[o:o+cols], j.b[o:o+cols]
		if j.bias == nil {
			for i := range d {
				d[i] = x[i] + y[i]
			}
			continue
		}
		for i := range d {
			d[i] = x[i] + y[i] + j.bias[i]
		}
	}
}

// addRows sets dst = a + b (+ bias on every row when bias is non-nil) for
// rows x cols matrices. dst may alias a or b.
func (o *rowOps) addRows(dst, a, b, bias []float32, rows, cols int) {
	o.jobs.addRows = addRowsJob{dst: dst, a: a, b: b, bias: bias, cols: cols}
	o.pool.ParallelRange(rows, rowGrain, &o.jobs.addRows)
}

type reluDropBackJob struct {
	dr, r []float32
	keep  float32
}

func (j *reluDropBackJob) Range(lo, hi int) {
	for i := lo; i < hi; i++ {
		if j.r[i] > 0 {
			j.dr[i] *= j.keep
		} else {
			j.dr[i] = 0
		}
	}
}

// reluDropBackward sets dr[i] = dr[i]*keep where the forward output r[i] is
// positive, else 0.
func (o *rowOps) reluDropBackward(dr, r []float32, keep float32) {
	o.jobs.reluDropBack = reluDropBackJob{dr: dr, r: r[:len(dr)], keep: keep}
	o.pool.ParallelRange(len(dr), elementGrain, &o.jobs.reluDropBack)
}

// epilogues are the elementwise steps the forward and backward passes fuse
// into their GEMMs (kernels.Epilogue): each runs on a block of the product
// while it is still in cache, instead of on the whole product from memory
// afterwards. The operands are set before each GEMM; the method values are
// made once, so passing them allocates nothing.
type epilogues struct {
	src []float32 // gelu: the GEMM's output; geluGrad: GELU's input; residual: the residual stream
	dst []float32 // gelu: where GELU(src) goes; geluGrad, residual: the GEMM's output
	ld  int

	gelu, geluGrad, residual, relu kernels.Epilogue
}

func newEpilogues() *epilogues {
	e := &epilogues{}
	e.gelu, e.geluGrad, e.residual, e.relu = e.applyGelu, e.applyGeluGrad, e.addResidual, e.applyRelu
	return e
}

// geluOf returns the epilogue that sets dst = GELU(src), both ld wide.
func (e *epilogues) geluOf(dst, src []float32, ld int) kernels.Epilogue {
	e.dst, e.src, e.ld = dst, src, ld
	return e.gelu
}

// geluGradOf returns the epilogue that multiplies the gradient in dst by
// GELU'(x), both ld wide: the GEMM's output is dL/dGELU(x), the result
// dL/dx.
func (e *epilogues) geluGradOf(dst, x []float32, ld int) kernels.Epilogue {
	e.dst, e.src, e.ld = dst, x, ld
	return e.geluGrad
}

// plus returns the epilogue that adds res to the product in dst, both ld
// wide: dst = (A·B + bias) + res.
func (e *epilogues) plus(dst, res []float32, ld int) kernels.Epilogue {
	e.dst, e.src, e.ld = dst, res, ld
	return e.residual
}

// reluOf returns the epilogue that sets dst = max(dst, 0), ld wide.
func (e *epilogues) reluOf(dst []float32, ld int) kernels.Epilogue {
	e.dst, e.src, e.ld = dst, nil, ld
	return e.relu
}

func (e *epilogues) applyRelu(i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		kernels.ReLU(e.dst[i*e.ld+j0 : i*e.ld+j1])
	}
}

func (e *epilogues) applyGelu(i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		r := i * e.ld
		kernels.GeluErf(e.dst[r+j0:r+j1], e.src[r+j0:r+j1])
	}
}

func (e *epilogues) applyGeluGrad(i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		r := i * e.ld
		d := e.dst[r+j0 : r+j1]
		kernels.GeluErfBackward(d, e.src[r+j0:r+j1], d)
	}
}

func (e *epilogues) addResidual(i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		r := i * e.ld
		kernels.Add(e.dst[r+j0:r+j1], e.src[r+j0:r+j1])
	}
}
