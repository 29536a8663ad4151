//go:build !amd64 || purego

package kernels

func packRow(isa ISA, dst []float32, stride int, src []float32, width int, alpha float32) bool {
	return false
}

func packBlock(isa ISA, dst, src []float32, ld, rows, cols, width int, alpha float32) bool {
	return false
}

func packBlockT(isa ISA, dst, src []float32, ld, rows, cols, width int, alpha float32) bool {
	return false
}

func prefetchRowsISA(x []float32, rows, cols, ld int) {}
