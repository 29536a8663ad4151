package kernels

import "math"

// The row kernels below are the portable reference versions. Each works on
// rows x cols row-major data.

// GeluErf sets dst[i] = x*Φ(x) with the exact (erf) form, as torch's default GELU.
func GeluErf(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(0.5 * float64(v) * (1 + math.Erf(float64(v)/math.Sqrt2)))
	}
}

// GeluErfBackward sets dx[i] = dy[i] * GELU'(x[i]).
func GeluErfBackward(dx, x, dy []float32) {
	for i, v := range x {
		f := float64(v)
		cdf := 0.5 * (1 + math.Erf(f/math.Sqrt2))
		pdf := math.Exp(-0.5*f*f) / math.Sqrt(2*math.Pi)
		dx[i] = dy[i] * float32(cdf+f*pdf)
	}
}

// SoftmaxRows replaces each of the rows (length cols, stride ld) of x by its softmax.
func SoftmaxRows(x []float32, rows, cols, ld int) {
	for r := 0; r < rows; r++ {
		row := x[r*ld : r*ld+cols]
		mx := float32(math.Inf(-1))
		for _, v := range row {
			if v > mx {
				mx = v
			}
		}
		var s float32
		for j, v := range row {
			e := float32(math.Exp(float64(v - mx)))
			row[j] = e
			s += e
		}
		inv := 1 / s
		for j := range row {
			row[j] *= inv
		}
	}
}

// SoftmaxRowsBackward sets dx = y ⊙ (dy - Σ(dy⊙y)) row by row, where y is the
// softmax output. dx may alias dy.
func SoftmaxRowsBackward(dx, y, dy []float32, rows, cols, ld int) {
	for r := 0; r < rows; r++ {
		o := r * ld
		var dot float32
		for j := 0; j < cols; j++ {
			dot += dy[o+j] * y[o+j]
		}
		for j := 0; j < cols; j++ {
			dx[o+j] = y[o+j] * (dy[o+j] - dot)
		}
	}
}
