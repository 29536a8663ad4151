//go:build !amd64 || purego

package kernels

// Without assembly every ISA runs the portable micro-kernel.
const (
	avx512MR = genericMR
	avx512NR = genericNR
	avx2MR   = genericMR
	avx2NR   = genericNR
)

func detectISA() ISA { return Generic }

func kernelRow(isa ISA, kc int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags, rows, cols int) {
	genericKernel(kc, a, lda, 1, b, ldb, c, ldc, bias, flags)
}

func kernelCol(isa ISA, kc int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, bias []float32, flags, rows, cols int) {
	genericKernel(kc, a, 1, lda, b, ldb, c, ldc, bias, flags)
}

func (i ISA) maskedEdges() bool { return false }
