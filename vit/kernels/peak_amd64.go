//go:build !purego

package kernels

//go:noescape
func fmaLoopAVX512(iters int)

//go:noescape
func fmaLoopAVX2(iters int)

// fmaLoop runs iters iterations of the ISA's FMA loop and returns the
// floating-point operations it did (0 when the ISA has none).
func fmaLoop(isa ISA, iters int) float64 {
	switch isa {
	case AVX512:
		fmaLoopAVX512(iters)
		return float64(iters) * 16 * 16 * 2
	case AVX2:
		fmaLoopAVX2(iters)
		return float64(iters) * 12 * 8 * 2
	}
	return 0
}
