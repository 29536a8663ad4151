//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

//go:generate go run ./internal/gen -out .

func detectISA() ISA {
	switch {
	case cpu.X86.HasAVX512F:
		return AVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return AVX2
	}
	return Generic
}

// kernelRow runs the ISA's micro-kernel with A read in place: C[mr x nr] =
// A[mr x kc] * B[kc x nr] (+ the bias row when flags has tileBias) (+ C when
// flags has tileAdd), A's rows lda floats apart, B's rows ldb apart. Only the
// first rows x cols of the tile are stored: AVX-512 masks the edges of C in
// place, the other kernels need rows == mr and cols == nr (an edge tile goes
// through scratch). The slices start at the tile; their lengths are checked
// here so that the assembly can never read or write outside them.
func kernelRow(isa ISA, kc int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags, rows, cols int) {
	mr, nr := isa.tile()
	_ = a[(mr-1)*lda+kc-1]
	_ = b[(kc-1)*ldb+nr-1]
	_ = c[(rows-1)*ldc+cols-1]
	bp := biasPtr(bias, nr, flags)
	switch isa {
	case AVX512:
		if cols <= 16 {
			gemmAVX512Row14x16(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, rows, lanes(cols))
		} else {
			gemmAVX512Row14x32(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, rows, lanes(cols))
		}
	case AVX2:
		gemmAVX2Row6x16(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, mr, 0)
	default:
		genericKernel(kc, a, lda, 1, b, ldb, c, ldc, bias, flags)
	}
}

// kernelCol is kernelRow with A read k step by k step: element (r, p) at
// a[p*lda+r] (a transposed A in place, or a packed panel with lda = mr).
func kernelCol(isa ISA, kc int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags, rows, cols int) {
	mr, nr := isa.tile()
	_ = a[(kc-1)*lda+mr-1]
	_ = b[(kc-1)*ldb+nr-1]
	_ = c[(rows-1)*ldc+cols-1]
	bp := biasPtr(bias, nr, flags)
	switch isa {
	case AVX512:
		if cols <= 16 {
			gemmAVX512Col14x16(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, rows, lanes(cols))
		} else {
			gemmAVX512Col14x32(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, rows, lanes(cols))
		}
	case AVX2:
		gemmAVX2Col6x16(kc, &a[0], lda, &b[0], ldb, &c[0], ldc, bp, flags, mr, 0)
	default:
		genericKernel(kc, a, 1, lda, b, ldb, c, ldc, bias, flags)
	}
}

// maskedEdges reports whether the ISA's kernels store ragged tiles in place.
func (i ISA) maskedEdges() bool { return i == AVX512 }

// biasPtr checks the bias row when flags asks for it.
func biasPtr(bias []float32, nr, flags int) *float32 {
	if flags&tileBias == 0 {
		return nil
	}
	_ = bias[nr-1]
	return &bias[0]
}
