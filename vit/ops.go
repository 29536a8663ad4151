package vit

import "github.com/adaptformer/adaptformer/vit/kernels"

// The row-wise operations of the model, parallelised over rows (or columns,
// for reductions over rows) on the model's pool. LayerNorm, GELU and softmax
// are package kernels' vectorised routines; the rest is plain Go. Each
// output element is computed by one goroutine in a fixed order, so results
// do not depend on the number of threads.

// rowGrain is the smallest number of rows worth a goroutine.
const rowGrain = 16

// parallelRows runs fn over disjoint row ranges covering [0, rows).
func parallelRows(pool *kernels.Pool, rows int, fn func(lo, hi int)) {
	chunks := (rows + rowGrain - 1) / rowGrain
	if chunks <= 1 || pool.Threads() <= 1 {
		if rows > 0 {
			fn(0, rows)
		}
		return
	}
	pool.ParallelFor(chunks, func(lo, hi int) {
		fn(lo*rowGrain, min(hi*rowGrain, rows))
	})
}

// layerNormForward normalises each row of in (rows x dim) and writes
// out = xhat*w + b, keeping each row's mean and 1/std for the backward pass.
// The same call on the same input gives bit-identical output, which is how
// Backward recomputes LayerNorm outputs instead of keeping them.
func layerNormForward(pool *kernels.Pool, out, mean, rstd, in, w, b []float32, rows, dim int, eps float64) {
	parallelRows(pool, rows, func(lo, hi int) {
		kernels.LayerNorm(out[lo*dim:hi*dim], mean[lo:hi], rstd[lo:hi], in[lo*dim:hi*dim], w, b, hi-lo, dim, float32(eps))
	})
}

// layerNormBackward back-propagates dy through a LayerNorm whose input was
// in. It accumulates the input gradient into dx and the weight and bias
// gradients into dw and db; any of the three may be nil to skip it. dx must
// not alias dy or in.
func layerNormBackward(pool *kernels.Pool, dx, dw, db, dy, in, mean, rstd, w []float32, rows, dim int) {
	if dx != nil {
		parallelRows(pool, rows, func(lo, hi int) {
			kernels.LayerNormBackward(dx[lo*dim:hi*dim], dy[lo*dim:hi*dim], in[lo*dim:hi*dim], mean[lo:hi], rstd[lo:hi], w, hi-lo, dim)
		})
	}
	if dw == nil && db == nil {
		return
	}
	// Split over columns: each column is summed by one thread in row order.
	pool.ParallelFor(dim, func(lo, hi int) {
		var w, b []float32
		if dw != nil {
			w = dw[lo:hi]
		}
		if db != nil {
			b = db[lo:hi]
		}
		kernels.LayerNormGrads(w, b, dy[lo:], in[lo:], mean, rstd, rows, dim)
	})
}

// dotChunk is the number of elements per partial sum of dot, fixed so
// that the result does not depend on the thread count.
const dotChunk = 1 << 14

// dot is Σ a[i]·b[i], summed per chunk in float32 and across chunks in
// float64; partial holds ceil(len(a)/dotChunk) values.
func dot(pool *kernels.Pool, a, b []float32, partial []float64) float64 {
	n := len(a)
	chunks := (n + dotChunk - 1) / dotChunk
	pool.ParallelFor(chunks, func(lo, hi int) {
		for c := lo; c < hi; c++ {
			x := a[c*dotChunk : min(n, (c+1)*dotChunk)]
			y := b[c*dotChunk : min(n, (c+1)*dotChunk)]
			y = y[:len(x)]
			var s0, s1, s2, s3 float32
			j := 0
			for ; j+4 <= len(x); j += 4 {
				s0 += x[j] * y[j]
				s1 += x[j+1] * y[j+1]
				s2 += x[j+2] * y[j+2]
				s3 += x[j+3] * y[j+3]
			}
			for ; j < len(x); j++ {
				s0 += x[j] * y[j]
			}
			partial[c] = float64((s0 + s1) + (s2 + s3))
		}
	})
	var s float64
	for _, v := range partial[:chunks] {
		s += v
	}
	return s
}

// fillRowsLD sets rows rows of dst, ld floats apart, to bias (cols wide).
func fillRowsLD(pool *kernels.Pool, dst []float32, ld int, bias []float32, rows, cols int) {
	parallelRows(pool, rows, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			copy(dst[r*ld:r*ld+cols], bias[:cols])
		}
	})
}

// addScaled sets dst += alpha*src elementwise.
func addScaled(pool *kernels.Pool, dst, src []float32, alpha float32) {
	const grain = 4096
	n := len(dst)
	pool.ParallelFor((n+grain-1)/grain, func(lo, hi int) {
		d, s := dst[lo*grain:min(hi*grain, n)], src[lo*grain:min(hi*grain, n)]
		for i := range d {
			d[i] += alpha * s[i]
		}
	})
}

// gelu sets dst = GELU(x) on the pool.
func gelu(pool *kernels.Pool, dst, x []float32, rows, cols int) {
	parallelRows(pool, rows, func(lo, hi int) {
		kernels.GeluErf(dst[lo*cols:hi*cols], x[lo*cols:hi*cols])
	})
}

// geluBackward sets dx = dy * GELU'(x) on the pool; dx may alias dy.
func geluBackward(pool *kernels.Pool, dx, x, dy []float32, rows, cols int) {
	parallelRows(pool, rows, func(lo, hi int) {
		kernels.GeluErfBackward(dx[lo*cols:hi*cols], x[lo*cols:hi*cols], dy[lo*cols:hi*cols])
	})
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

// dropout multiplies x (rows x cols) by an inverted-dropout mask of rate p
// drawn from key. The same key gives the same mask, which is how the
// backward pass applies it to the gradient without storing it.
func dropout(pool *kernels.Pool, x []float32, rows, cols int, key uint64, p float64) {
	if p <= 0 {
		return
	}
	th, scale := dropParams(p)
	parallelRows(pool, rows, func(lo, hi int) {
		for i := lo * cols; i < hi*cols; i++ {
			x[i] *= dropKeep(key, i, th, scale)
		}
	})
}

// dropPathScales fills keep[b] with each image's stochastic-depth factor for
// one residual branch: 0 when the branch is dropped, 1/(1-p) when kept.
func dropPathScales(keep []float32, key uint64, p float64) {
	th, scale := dropParams(p)
	for b := range keep {
		keep[b] = dropKeep(key, b, th, scale)
	}
}

// scaleRowsByImage multiplies each image's rows of x (images of tokens rows,
// cols wide) by keep[image].
func scaleRowsByImage(pool *kernels.Pool, x []float32, keep []float32, tokens, cols int) {
	parallelRows(pool, len(keep)*tokens, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			k := keep[r/tokens]
			if k == 1 {
				continue
			}
			row := x[r*cols : r*cols+cols]
			for j := range row {
				row[j] *= k
			}
		}
	})
}

// addRows sets dst = a + b (+ bias on every row when bias is non-nil) for
// rows x cols matrices. dst may alias a or b.
func addRows(pool *kernels.Pool, dst, a, b, bias []float32, rows, cols int) {
	parallelRows(pool, rows, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			o := r * cols
			d, x, y := dst[o:o+cols], a[o:o+cols], b[o:o+cols]
			if bias == nil {
				for j := range d {
					d[j] = x[j] + y[j]
				}
				continue
			}
			for j := range d {
				d[j] = x[j] + y[j] + bias[j]
			}
		}
	})
}

// epilogues are the elementwise steps the forward and backward passes fuse
// into their GEMMs (kernels.Epilogue): each runs on a block of the product
// while it is still in cache, instead of on the whole product from memory
// afterwards. The
// operands are set before each GEMM; the method values are made once, so
// passing them allocates nothing.
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
		row := e.dst[i*e.ld+j0 : i*e.ld+j1]
		for j, v := range row {
			if v < 0 {
				row[j] = 0
			}
		}
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
