//go:build !amd64 || purego

package kernels

func geluErfISA(isa ISA, dst, x []float32) { geluErfGeneric(dst, x) }

func geluErfBackwardISA(isa ISA, dx, x, dy []float32) { geluErfBackwardGeneric(dx, x, dy) }

func addISA(isa ISA, dst, x []float32) { addGeneric(dst, x) }

func reluISA(isa ISA, x []float32) { reluGeneric(x) }

func softmaxRowsISA(isa ISA, x []float32, rows, cols, ld int) {
	checkRows("SoftmaxRows", x, rows, cols, ld)
	softmaxRowsGeneric(x, rows, cols, ld)
}

func softmaxRowsBackwardISA(isa ISA, dx, y, dy []float32, rows, cols, ld int) {
	checkRows("SoftmaxRowsBackward", dx, rows, cols, ld)
	checkRows("SoftmaxRowsBackward", y, rows, cols, ld)
	checkRows("SoftmaxRowsBackward", dy, rows, cols, ld)
	softmaxRowsBackwardGeneric(dx, y, dy, rows, cols, ld)
}

func layerNormISA(isa ISA, out, mean, rstd, x, w, b []float32, rows, dim int, eps float32) {
	checkLayerNorm(out, mean, rstd, x, w, b, rows, dim)
	layerNormGeneric(out, mean, rstd, x, w, b, rows, dim, eps)
}

func layerNormBackwardISA(isa ISA, dx, dy, x, mean, rstd, w []float32, rows, dim int) {
	checkLayerNormBackward(dx, dy, x, mean, rstd, w, rows, dim)
	layerNormBackwardGeneric(dx, dy, x, mean, rstd, w, rows, dim)
}

func layerNormBackwardSumsISA(isa ISA, dx, dy, x, mean, rstd, w, part []float32, rows, dim int) {
	checkLayerNormBackwardSums(dx, dy, x, mean, rstd, w, part, rows, dim)
	layerNormBackwardSumsGeneric(dx, dy, x, mean, rstd, w, part, rows, dim)
}

func addColSumsISA(isa ISA, dst, src []float32, rows, ld int) {
	checkRows("AddColSums", src, rows, len(dst), ld)
	addColSumsGeneric(dst, src, rows, ld)
}

func layerNormGradsISA(isa ISA, dw, db, dy, x, mean, rstd []float32, rows, ld int) {
	checkLayerNormGrads(dw, db, dy, x, mean, rstd, rows, ld)
	layerNormGradsGeneric(dw, db, dy, x, mean, rstd, rows, ld)
}
