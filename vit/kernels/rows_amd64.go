//go:build !purego

package kernels

//go:noescape
func geluErfAVX512(dst, x *float32, n int)

//go:noescape
func geluErfBackwardAVX512(dx, x, dy *float32, n int)

//go:noescape
func addAVX512(dst, x *float32, n int)

//go:noescape
func reluAVX512(x *float32, n int)

//go:noescape
func softmaxRowsAVX512(x *float32, rows, cols, ld int)

//go:noescape
func softmaxRowsBackwardAVX512(dx, y, dy *float32, rows, cols, ld int)

//go:noescape
func geluErfAVX2(dst, x *float32, n int)

//go:noescape
func geluErfBackwardAVX2(dx, x, dy *float32, n int)

//go:noescape
func addAVX2(dst, x *float32, n int)

//go:noescape
func reluAVX2(x *float32, n int)

//go:noescape
func softmaxRowsAVX2(x *float32, rows, cols, ld int)

//go:noescape
func softmaxRowsBackwardAVX2(dx, y, dy *float32, rows, cols, ld int)

func geluErfISA(isa ISA, dst, x []float32) {
	if isa == Generic || len(x) == 0 {
		geluErfGeneric(dst, x)
		return
	}
	_ = dst[len(x)-1]
	if isa == AVX512 {
		geluErfAVX512(&dst[0], &x[0], len(x))
	} else {
		geluErfAVX2InBounds(dst, x)
	}
}

func geluErfBackwardISA(isa ISA, dx, x, dy []float32) {
	if isa == Generic || len(x) == 0 {
		geluErfBackwardGeneric(dx, x, dy)
		return
	}
	_ = dx[len(x)-1]
	_ = dy[len(x)-1]
	if isa == AVX512 {
		geluErfBackwardAVX512(&dx[0], &x[0], &dy[0], len(x))
	} else {
		geluErfBackwardAVX2InBounds(dx, x, dy)
	}
}

func addISA(isa ISA, dst, x []float32) {
	if isa == Generic || len(x) == 0 {
		addGeneric(dst, x)
		return
	}
	_ = dst[len(x)-1]
	if isa == AVX512 {
		addAVX512(&dst[0], &x[0], len(x))
	} else {
		addAVX2InBounds(dst, x)
	}
}

func reluISA(isa ISA, x []float32) {
	if isa == Generic || len(x) == 0 {
		reluGeneric(x)
		return
	}
	if isa == AVX512 {
		reluAVX512(&x[0], len(x))
	} else {
		reluAVX2InBounds(x)
	}
}

func softmaxRowsISA(isa ISA, x []float32, rows, cols, ld int) {
	checkRows("SoftmaxRows", x, rows, cols, ld)
	if isa == Generic || rows == 0 || cols == 0 {
		softmaxRowsGeneric(x, rows, cols, ld)
		return
	}
	if isa == AVX512 {
		softmaxRowsAVX512(&x[0], rows, cols, ld)
	} else {
		softmaxRowsAVX2InBounds(x, rows, cols, ld)
	}
}

func softmaxRowsBackwardISA(isa ISA, dx, y, dy []float32, rows, cols, ld int) {
	checkRows("SoftmaxRowsBackward", dx, rows, cols, ld)
	checkRows("SoftmaxRowsBackward", y, rows, cols, ld)
	checkRows("SoftmaxRowsBackward", dy, rows, cols, ld)
	if isa == Generic || rows == 0 || cols == 0 {
		softmaxRowsBackwardGeneric(dx, y, dy, rows, cols, ld)
		return
	}
	if isa == AVX512 {
		softmaxRowsBackwardAVX512(&dx[0], &y[0], &dy[0], rows, cols, ld)
	} else {
		softmaxRowsBackwardAVX2InBounds(dx, y, dy, rows, cols, ld)
	}
}
