//go:build !purego

package kernels

//go:noescape
func layerNormRowsAVX512(out, mean, rstd, x, w, b *float32, rows, dim int, invDim, eps float32)

//go:noescape
func layerNormBackwardRowsAVX512(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32)

//go:noescape
func layerNormBackwardSumsRowsAVX512(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32, part *float32)

//go:noescape
func colSumsAVX512(dst, src *float32, rows, cols, ld int)

//go:noescape
func layerNormGradsAVX512(dw, db, dy, x, mean, rstd *float32, rows, cols, ld, flags int)

//go:noescape
func layerNormRowsAVX2(out, mean, rstd, x, w, b *float32, rows, dim int, invDim, eps float32)

//go:noescape
func layerNormBackwardRowsAVX2(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32)

//go:noescape
func layerNormBackwardSumsRowsAVX2(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32, part *float32)

//go:noescape
func colSumsAVX2(dst, src *float32, rows, cols, ld int)

//go:noescape
func layerNormGradsAVX2(dw, db, dy, x, mean, rstd *float32, rows, cols, ld, flags int)

func layerNormISA(isa ISA, out, mean, rstd, x, w, b []float32, rows, dim int, eps float32) {
	checkLayerNorm(out, mean, rstd, x, w, b, rows, dim)
	if isa == Generic || rows == 0 || dim == 0 {
		layerNormGeneric(out, mean, rstd, x, w, b, rows, dim, eps)
		return
	}
	if isa == AVX512 {
		layerNormRowsAVX512(&out[0], &mean[0], &rstd[0], &x[0], &w[0], &b[0], rows, dim, 1/float32(dim), eps)
	} else {
		layerNormRowsAVX2InBounds(out, mean, rstd, x, w, b, rows, dim, 1/float32(dim), eps)
	}
}

func layerNormBackwardISA(isa ISA, dx, dy, x, mean, rstd, w []float32, rows, dim int) {
	checkLayerNormBackward(dx, dy, x, mean, rstd, w, rows, dim)
	if isa == Generic || rows == 0 || dim == 0 {
		layerNormBackwardGeneric(dx, dy, x, mean, rstd, w, rows, dim)
		return
	}
	if isa == AVX512 {
		layerNormBackwardRowsAVX512(&dx[0], &dy[0], &x[0], &mean[0], &rstd[0], &w[0], rows, dim, 1/float32(dim))
	} else {
		layerNormBackwardAVX2InBounds(dx, dy, x, mean, rstd, w, nil, rows, dim, 1/float32(dim))
	}
}

func layerNormBackwardSumsISA(isa ISA, dx, dy, x, mean, rstd, w, part []float32, rows, dim int) {
	checkLayerNormBackwardSums(dx, dy, x, mean, rstd, w, part, rows, dim)
	if isa == Generic || rows == 0 || dim == 0 {
		layerNormBackwardSumsGeneric(dx, dy, x, mean, rstd, w, part, rows, dim)
		return
	}
	if isa == AVX512 {
		layerNormBackwardSumsRowsAVX512(&dx[0], &dy[0], &x[0], &mean[0], &rstd[0], &w[0], rows, dim, 1/float32(dim), &part[0])
	} else {
		layerNormBackwardAVX2InBounds(dx, dy, x, mean, rstd, w, part, rows, dim, 1/float32(dim))
	}
}

func addColSumsISA(isa ISA, dst, src []float32, rows, ld int) {
	checkRows("AddColSums", src, rows, len(dst), ld)
	if isa == Generic || rows == 0 || len(dst) == 0 {
		addColSumsGeneric(dst, src, rows, ld)
		return
	}
	if isa == AVX512 {
		colSumsAVX512(&dst[0], &src[0], rows, len(dst), ld)
	} else {
		colSumsAVX2InBounds(dst, src, rows, len(dst), ld)
	}
}

func layerNormGradsISA(isa ISA, dw, db, dy, x, mean, rstd []float32, rows, ld int) {
	cols := checkLayerNormGrads(dw, db, dy, x, mean, rstd, rows, ld)
	if isa == Generic || rows == 0 || cols == 0 {
		layerNormGradsGeneric(dw, db, dy, x, mean, rstd, rows, ld)
		return
	}
	flags := 0
	pw, pb := &dy[0], &dy[0] // never written unless flagged
	if dw != nil {
		flags |= 1
		pw = &dw[0]
	}
	if db != nil {
		flags |= 2
		pb = &db[0]
	}
	if isa == AVX512 {
		layerNormGradsAVX512(pw, pb, &dy[0], &x[0], &mean[0], &rstd[0], rows, cols, ld, flags)
	} else {
		layerNormGradsAVX2InBounds(dw, db, dy, x, mean, rstd, rows, cols, ld, flags)
	}
}
