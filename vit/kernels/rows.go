package kernels

import (
	"fmt"
	"math"
)

// The row kernels work on rows x cols row-major data. Each exported kernel
// runs in AVX-512 assembly when the CPU has it (and ADAPTFORMER_KERNELS does
// not cap it), else in portable Go; the *ISA variants pick the path
// explicitly, for tests and benchmarks.
//
// The assembly evaluates erf with a rational approximation (absolute error
// below 5e-7) and exp with a range reduction and a degree-7 polynomial
// (relative error about 2e-7).

// GeluErf sets dst[i] = x*Φ(x) with the exact (erf) form, as torch's default
// GELU. dst may alias x.
func GeluErf(dst, x []float32) { geluErfISA(defaultISA, dst, x) }

// GeluErfBackward sets dx[i] = dy[i] * GELU'(x[i]). dx may alias dy.
func GeluErfBackward(dx, x, dy []float32) { geluErfBackwardISA(defaultISA, dx, x, dy) }

// SoftmaxRows replaces each of the rows (length cols, stride ld) of x by its
// softmax.
func SoftmaxRows(x []float32, rows, cols, ld int) { softmaxRowsISA(defaultISA, x, rows, cols, ld) }

// SoftmaxRowsBackward sets dx = y ⊙ (dy - Σ(dy⊙y)) row by row, where y is the
// softmax output. dx may alias dy.
func SoftmaxRowsBackward(dx, y, dy []float32, rows, cols, ld int) {
	softmaxRowsBackwardISA(defaultISA, dx, y, dy, rows, cols, ld)
}

// checkRows panics unless x holds rows rows of cols floats, ld apart.
func checkRows(name string, x []float32, rows, cols, ld int) {
	if rows < 0 || cols < 0 || ld < cols {
		panic(fmt.Sprintf("kernels: %s: bad shape rows=%d cols=%d ld=%d", name, rows, cols, ld))
	}
	if rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols {
		panic(fmt.Sprintf("kernels: %s: slice has %d elements, want at least %d", name, len(x), (rows-1)*ld+cols))
	}
}

// geluErfGeneric is the portable GeluErf, in float64.
func geluErfGeneric(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(0.5 * float64(v) * (1 + math.Erf(float64(v)/math.Sqrt2)))
	}
}

// geluErfBackwardGeneric is the portable GeluErfBackward, in float64.
func geluErfBackwardGeneric(dx, x, dy []float32) {
	for i, v := range x {
		f := float64(v)
		cdf := 0.5 * (1 + math.Erf(f/math.Sqrt2))
		pdf := math.Exp(-0.5*f*f) / math.Sqrt(2*math.Pi)
		dx[i] = dy[i] * float32(cdf+f*pdf)
	}
}

// softmaxRowsGeneric is the portable SoftmaxRows.
func softmaxRowsGeneric(x []float32, rows, cols, ld int) {
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

// softmaxRowsBackwardGeneric is the portable SoftmaxRowsBackward.
func softmaxRowsBackwardGeneric(dx, y, dy []float32, rows, cols, ld int) {
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
