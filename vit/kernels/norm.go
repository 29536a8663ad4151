package kernels

import (
	"fmt"
	"math"
)

// LayerNorm normalises each of rows rows of x (dim contiguous floats each):
// out = (x - mean) * rstd * w + b, and stores each row's mean and rstd =
// 1/sqrt(var + eps) for the backward pass. out may alias x. The SIMD paths
// sum in float32 (16 lanes on AVX-512, 8 on AVX2, then across them), two
// passes for the variance.
func LayerNorm(out, mean, rstd, x, w, b []float32, rows, dim int, eps float32) {
	layerNormISA(defaultISA, out, mean, rstd, x, w, b, rows, dim, eps)
}

// LayerNormBackward adds the input gradient of LayerNorm to dx, row by row:
// dx += (g - mean(g) - xhat*mean(g*xhat)) * rstd with g = dy*w and xhat =
// (x - mean) * rstd. dx must not alias dy or x.
func LayerNormBackward(dx, dy, x, mean, rstd, w []float32, rows, dim int) {
	layerNormBackwardISA(defaultISA, dx, dy, x, mean, rstd, w, rows, dim)
}

// LayerNormGrads adds LayerNorm's weight and bias gradients over rows rows:
// dw[j] += Σ dy*(x-mean)*rstd, db[j] += Σ dy, each column summed in float64
// in row order. dw or db may be nil to skip it; the other sets the number of
// columns. dy and x start at the first column, rows ld floats apart, so a
// caller splits the work over columns by slicing: dw[lo:hi], db[lo:hi],
// dy[lo:], x[lo:].
func LayerNormGrads(dw, db, dy, x, mean, rstd []float32, rows, ld int) {
	layerNormGradsISA(defaultISA, dw, db, dy, x, mean, rstd, rows, ld)
}

// LayerNormPartLen is the length of one block of partial sums that
// LayerNormBackwardSums fills for rows of dim floats.
func LayerNormPartLen(dim int) int { return 32 * ((dim + 15) / 16) }

// LayerNormBackwardSums is LayerNormBackward that also adds, over its rows,
// Σ dy*(x-mean)*rstd and Σ dy (the weight and bias gradients) into part,
// LayerNormPartLen(dim) floats that only AddLayerNormParts reads. Doing so in
// the pass that reads dy and x for dx saves LayerNormGrads' second trip
// through them. A caller that splits the rows into fixed blocks, one part
// each, and adds the parts in block order gets the same sums whatever the
// number of threads.
func LayerNormBackwardSums(dx, dy, x, mean, rstd, w, part []float32, rows, dim int) {
	layerNormBackwardSumsISA(defaultISA, dx, dy, x, mean, rstd, w, part, rows, dim)
}

// AddLayerNormParts adds the weight and bias gradients held in n blocks of
// partial sums (parts, LayerNormPartLen(dim) floats each) to dw and db,
// summing each column over the blocks in float64, in block order. dw or db
// may be nil to skip it.
func AddLayerNormParts(dw, db, parts []float32, n, dim int) {
	size := LayerNormPartLen(dim)
	if len(parts) < n*size || (dw != nil && len(dw) < dim) || (db != nil && len(db) < dim) {
		panic(fmt.Sprintf("kernels: AddLayerNormParts: slices too short for %d parts of %d columns", n, dim))
	}
	for j0 := 0; j0 < dim; j0 += 16 {
		j1 := min(j0+16, dim)
		var sw, sb [16]float64
		for p := 0; p < n; p++ {
			blk := parts[p*size+2*j0 : p*size+2*j0+32]
			for j := range j1 - j0 {
				sw[j] += float64(blk[j])
				sb[j] += float64(blk[16+j])
			}
		}
		for j := j0; j < j1; j++ {
			if dw != nil {
				dw[j] += float32(sw[j-j0])
			}
			if db != nil {
				db[j] += float32(sb[j-j0])
			}
		}
	}
}

// AddColSums adds the column sums of src (rows rows, ld floats apart,
// len(dst) columns) to dst, each summed in float64 in row order: a bias
// gradient. Split over columns by slicing dst[lo:hi] and src[lo:].
func AddColSums(dst, src []float32, rows, ld int) {
	addColSumsISA(defaultISA, dst, src, rows, ld)
}

func checkLayerNorm(out, mean, rstd, x, w, b []float32, rows, dim int) {
	if rows < 0 || dim < 0 {
		panic(fmt.Sprintf("kernels: LayerNorm: negative size rows=%d dim=%d", rows, dim))
	}
	if len(out) < rows*dim || len(x) < rows*dim || len(b) < dim || len(w) < dim || len(mean) < rows || len(rstd) < rows {
		panic(fmt.Sprintf("kernels: LayerNorm: slices too short for %d rows of %d", rows, dim))
	}
}

func checkLayerNormBackward(dx, dy, x, mean, rstd, w []float32, rows, dim int) {
	if rows < 0 || dim < 0 {
		panic(fmt.Sprintf("kernels: LayerNormBackward: negative size rows=%d dim=%d", rows, dim))
	}
	if len(dx) < rows*dim || len(dy) < rows*dim || len(x) < rows*dim || len(w) < dim || len(mean) < rows || len(rstd) < rows {
		panic(fmt.Sprintf("kernels: LayerNormBackward: slices too short for %d rows of %d", rows, dim))
	}
}

func checkLayerNormGrads(dw, db, dy, x, mean, rstd []float32, rows, ld int) int {
	cols := len(dw)
	if dw == nil {
		cols = len(db)
	} else if db != nil && len(db) != cols {
		panic(fmt.Sprintf("kernels: LayerNormGrads: dw has %d columns, db %d", len(dw), len(db)))
	}
	checkRows("LayerNormGrads", dy, rows, cols, ld)
	checkRows("LayerNormGrads", x, rows, cols, ld)
	if len(mean) < rows || len(rstd) < rows {
		panic(fmt.Sprintf("kernels: LayerNormGrads: mean and rstd need %d rows", rows))
	}
	return cols
}

func layerNormGeneric(out, mean, rstd, x, w, b []float32, rows, dim int, eps float32) {
	for r := 0; r < rows; r++ {
		xr := x[r*dim : r*dim+dim]
		var s float64
		for _, v := range xr {
			s += float64(v)
		}
		mu := s / float64(dim)
		var ss float64
		for _, v := range xr {
			d := float64(v) - mu
			ss += d * d
		}
		rs := float32(1 / math.Sqrt(ss/float64(dim)+float64(eps)))
		m := float32(mu)
		mean[r], rstd[r] = m, rs
		y := out[r*dim : r*dim+dim]
		for j, v := range xr {
			y[j] = (v-m)*rs*w[j] + b[j]
		}
	}
}

func layerNormBackwardGeneric(dx, dy, x, mean, rstd, w []float32, rows, dim int) {
	for r := 0; r < rows; r++ {
		xr, g, d := x[r*dim:r*dim+dim], dy[r*dim:r*dim+dim], dx[r*dim:r*dim+dim]
		mu, rs := mean[r], rstd[r]
		var sumG, sumGX float32
		for j, v := range xr {
			gw := g[j] * w[j]
			sumG += gw
			sumGX += gw * (v - mu) * rs
		}
		meanG, meanGX := sumG/float32(dim), sumGX/float32(dim)
		for j, v := range xr {
			xhat := (v - mu) * rs
			d[j] += (g[j]*w[j] - meanG - xhat*meanGX) * rs
		}
	}
}

func layerNormBackwardSumsGeneric(dx, dy, x, mean, rstd, w, part []float32, rows, dim int) {
	for r := 0; r < rows; r++ {
		xr, g := x[r*dim:r*dim+dim], dy[r*dim:r*dim+dim]
		mu, rs := mean[r], rstd[r]
		for j, v := range xr {
			blk := part[32*(j/16):]
			blk[j%16] += g[j] * ((v - mu) * rs)
			blk[16+j%16] += g[j]
		}
	}
	layerNormBackwardGeneric(dx, dy, x, mean, rstd, w, rows, dim)
}

func checkLayerNormBackwardSums(dx, dy, x, mean, rstd, w, part []float32, rows, dim int) {
	checkLayerNormBackward(dx, dy, x, mean, rstd, w, rows, dim)
	if len(part) < LayerNormPartLen(dim) {
		panic(fmt.Sprintf("kernels: LayerNormBackwardSums: part has %d floats, want %d for %d columns", len(part), LayerNormPartLen(dim), dim))
	}
}

// colBlock is how many columns the portable column sums keep in float64
// accumulators while they run down the rows.
const colBlock = 64

func layerNormGradsGeneric(dw, db, dy, x, mean, rstd []float32, rows, ld int) {
	cols := max(len(dw), len(db))
	for j0 := 0; j0 < cols; j0 += colBlock {
		j1 := min(j0+colBlock, cols)
		var sw, sb [colBlock]float64
		for r := 0; r < rows; r++ {
			g, xr := dy[r*ld+j0:r*ld+j1], x[r*ld+j0:r*ld+j1]
			mu, rs := mean[r], rstd[r]
			for j, v := range g {
				sw[j] += float64(v * (xr[j] - mu) * rs)
				sb[j] += float64(v)
			}
		}
		for j := j0; j < j1; j++ {
			if dw != nil {
				dw[j] += float32(sw[j-j0])
			}
			if db != nil {
				db[j] += float32(sb[j-j0])
			}
		}
	}
}

func addColSumsGeneric(dst, src []float32, rows, ld int) {
	for j0 := 0; j0 < len(dst); j0 += colBlock {
		j1 := min(j0+colBlock, len(dst))
		var s [colBlock]float64
		for r := 0; r < rows; r++ {
			for j, v := range src[r*ld+j0 : r*ld+j1] {
				s[j] += float64(v)
			}
		}
		for j := j0; j < j1; j++ {
			dst[j] += float32(s[j-j0])
		}
	}
}
