package kernels

import (
	"fmt"
	"math"
)

// The row kernels work on rows x cols row-major data. Each exported kernel
// runs in AVX-512 or AVX2+FMA assembly when the CPU has it (and
// ADAPTFORMER_KERNELS does not cap it), else in portable Go; the *ISA
// variants pick the path explicitly, for tests and benchmarks.
//
// Every path evaluates erf with a rational approximation (absolute error
// below 5e-7) and exp with a range reduction and a polynomial (relative
// error about 2e-7), in float32.

// GeluErf sets dst[i] = x*Φ(x) with the exact (erf) form, as torch's default
// GELU. dst may alias x.
func GeluErf(dst, x []float32) { geluErfISA(defaultISA, dst, x) }

// GeluErfBackward sets dx[i] = dy[i] * GELU'(x[i]). dx may alias dy.
func GeluErfBackward(dx, x, dy []float32) { geluErfBackwardISA(defaultISA, dx, x, dy) }

// Add sets dst[i] += x[i] for every i < len(x) (the residual connection
// of a transformer block).
func Add(dst, x []float32) { addISA(defaultISA, dst, x) }

// ReLU sets x[i] = max(x[i], 0) in place; NaN and -0 stay as they are.
func ReLU(x []float32) { reluISA(defaultISA, x) }

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

// erf32 is erf(x) by the rational approximation the assembly uses
// (Eigen's float erf: x*P(x²)/Q(x²) on [-4, 4], absolute error below 5e-7).
func erf32(x float32) float32 {
	x = min(max(x, -4), 4)
	x2 := x * x
	p := x2*-2.72614225801306e-10 + 2.77068142495902e-08
	p = x2*p - 2.10102402082508e-06
	p = x2*p - 5.69250639462346e-05
	p = x2*p - 7.34990630326855e-04
	p = x2*p - 2.95459980854025e-03
	p = x2*p - 1.60960333262415e-02
	q := x2*-1.45660718464996e-05 - 2.13374055278905e-04
	q = x2*q - 1.68282697438203e-03
	q = x2*q - 7.37332916720468e-03
	q = x2*q - 1.42647390514189e-02
	return x * p / q
}

// exp32 is exp(x) as the assembly computes it: x = n*ln2 + r, e^r = 1 + r +
// r²*poly(r) (Cephes expf), relative error about 2e-7.
func exp32(x float32) float32 {
	switch {
	case x < -87.33654:
		return 0
	case x > 88.72283:
		return float32(math.Inf(1))
	case x != x:
		return x
	}
	n := float32(math.RoundToEven(float64(x * 1.44269504088896341)))
	r := x - n*0.693359375
	r -= n * -2.12194440e-4
	p := r*1.9875691500e-4 + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	p = p*r + 1
	p = p*r + 1
	if n >= -126 {
		return p * math.Float32frombits(uint32(int32(n)+127)<<23)
	}
	return float32(math.Ldexp(float64(p), int(n)))
}

// geluErfGeneric is the portable GeluErf.
func geluErfGeneric(dst, x []float32) {
	for i, v := range x {
		h := 0.5 * v
		dst[i] = h + h*erf32(v*math.Sqrt2/2)
	}
}

// geluErfBackwardGeneric is the portable GeluErfBackward.
func geluErfBackwardGeneric(dx, x, dy []float32) {
	for i, v := range x {
		cdf := 0.5 + 0.5*erf32(v*math.Sqrt2/2)
		pdf := exp32(-0.5*v*v) * 0.3989422804014327
		dx[i] = dy[i] * (cdf + v*pdf)
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
			e := exp32(v - mx)
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

func addGeneric(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] += v
	}
}

func reluGeneric(x []float32) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}
