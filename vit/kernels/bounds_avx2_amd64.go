//go:build !purego

package kernels

// The AVX2 kernels finish a ragged row, column block or chunk with
// VMASKMOVPS, which addresses a whole 32-byte vector even where its mask
// leaves lanes out, so those lanes may lie past the end of the slice. Intel
// documents that masked-off lanes never fault; AMD leaves it to the
// implementation, so a slice that ends just before an unmapped page could
// fault there. The wrappers in this file keep every vector the kernels
// address inside the slices they are given: the part that fits runs in
// place, and the rest (a ragged tail, the last rows of a matrix, the last
// column block) runs through small buffers with the same code, so the
// results are the same to the bit. AVX-512's opmask loads and stores
// suppress faults on both vendors and need none of this.

// fitRows returns how many of the first rows rows, ld floats apart, have
// span floats inside a slice of n floats.
func fitRows(n, rows, ld, span int) int {
	if n < span {
		return 0
	}
	if ld <= 0 {
		return rows
	}
	return min(rows, (n-span)/ld+1)
}

// rowScratch is how many floats of row buffers the wrappers keep on the
// stack (softmax over a few hundred tokens, LayerNorm up to width 256
// allocate nothing); longer rows get a heap buffer.
const rowScratch = 768

// scratch returns n zeroed floats: the front of stack when they fit.
func scratch(stack []float32, n int) []float32 {
	if n <= len(stack) {
		clear(stack[:n])
		return stack[:n]
	}
	return make([]float32, n)
}

// roundUp8 is n rounded up to whole 8-float vectors.
func roundUp8(n int) int { return (n + 7) &^ 7 }

// padTo returns s when it holds n floats, else a copy of s zero-padded to n.
func padTo(s []float32, n int) []float32 {
	if len(s) >= n {
		return s
	}
	p := make([]float32, n)
	copy(p, s)
	return p
}

func geluErfAVX2InBounds(dst, x []float32) {
	n := len(x)
	body := n &^ 7
	if body > 0 {
		geluErfAVX2(&dst[0], &x[0], body)
	}
	if t := n - body; t > 0 {
		var d, s [8]float32
		copy(s[:], x[body:])
		geluErfAVX2(&d[0], &s[0], t)
		copy(dst[body:n], d[:t])
	}
}

func geluErfBackwardAVX2InBounds(dx, x, dy []float32) {
	n := len(x)
	body := n &^ 7
	if body > 0 {
		geluErfBackwardAVX2(&dx[0], &x[0], &dy[0], body)
	}
	if t := n - body; t > 0 {
		var d, s, g [8]float32
		copy(s[:], x[body:])
		copy(g[:], dy[body:n])
		geluErfBackwardAVX2(&d[0], &s[0], &g[0], t)
		copy(dx[body:n], d[:t])
	}
}

func addAVX2InBounds(dst, x []float32) {
	n := len(x)
	body := n &^ 7
	if body > 0 {
		addAVX2(&dst[0], &x[0], body)
	}
	if t := n - body; t > 0 {
		var d, s [8]float32
		copy(d[:], dst[body:n])
		copy(s[:], x[body:])
		addAVX2(&d[0], &s[0], t)
		copy(dst[body:n], d[:t])
	}
}

func reluAVX2InBounds(x []float32) {
	n := len(x)
	body := n &^ 7
	if body > 0 {
		reluAVX2(&x[0], body)
	}
	if t := n - body; t > 0 {
		var d [8]float32
		copy(d[:], x[body:])
		reluAVX2(&d[0], t)
		copy(x[body:], d[:t])
	}
}

func softmaxRowsAVX2InBounds(x []float32, rows, cols, ld int) {
	span := roundUp8(cols)
	fit := fitRows(len(x), rows, ld, span)
	if fit > 0 {
		softmaxRowsAVX2(&x[0], fit, cols, ld)
	}
	if fit == rows {
		return
	}
	var stack [rowScratch]float32
	buf := scratch(stack[:], span)
	for r := fit; r < rows; r++ {
		row := x[r*ld : r*ld+cols]
		copy(buf, row)
		softmaxRowsAVX2(&buf[0], 1, cols, cols)
		copy(row, buf)
	}
}

func softmaxRowsBackwardAVX2InBounds(dx, y, dy []float32, rows, cols, ld int) {
	span := roundUp8(cols)
	fit := min(fitRows(len(dx), rows, ld, span), fitRows(len(y), rows, ld, span), fitRows(len(dy), rows, ld, span))
	if fit > 0 {
		softmaxRowsBackwardAVX2(&dx[0], &y[0], &dy[0], fit, cols, ld)
	}
	if fit == rows {
		return
	}
	var stack [rowScratch]float32
	buf := scratch(stack[:], 3*span)
	db, yb, gb := buf[:span], buf[span:2*span], buf[2*span:]
	for r := fit; r < rows; r++ {
		o := r * ld
		copy(yb, y[o:o+cols])
		copy(gb, dy[o:o+cols])
		softmaxRowsBackwardAVX2(&db[0], &yb[0], &gb[0], 1, cols, cols)
		copy(dx[o:o+cols], db)
	}
}

func layerNormRowsAVX2InBounds(out, mean, rstd, x, w, b []float32, rows, dim int, invDim, eps float32) {
	span := roundUp8(dim)
	w, b = padTo(w, span), padTo(b, span)
	fit := min(fitRows(len(out), rows, dim, span), fitRows(len(x), rows, dim, span))
	if fit > 0 {
		layerNormRowsAVX2(&out[0], &mean[0], &rstd[0], &x[0], &w[0], &b[0], fit, dim, invDim, eps)
	}
	if fit == rows {
		return
	}
	var stack [rowScratch]float32
	buf := scratch(stack[:], 2*span)
	ob, xb := buf[:span], buf[span:]
	for r := fit; r < rows; r++ {
		o := r * dim
		copy(xb, x[o:o+dim])
		layerNormRowsAVX2(&ob[0], &mean[r], &rstd[r], &xb[0], &w[0], &b[0], 1, dim, invDim, eps)
		copy(out[o:o+dim], ob)
	}
}

// layerNormBackwardAVX2InBounds runs the LayerNorm backward on AVX2, with
// part (nil or LayerNormPartLen(dim) floats, which covers whole 16-column
// blocks) taking the weight and bias sums. The kernels add a row's sums to
// part in memory before the next row, so rows split between calls add up in
// the same order.
func layerNormBackwardAVX2InBounds(dx, dy, x, mean, rstd, w, part []float32, rows, dim int, invDim float32) {
	span := roundUp8(dim)
	w = padTo(w, span)
	fit := min(fitRows(len(dx), rows, dim, span), fitRows(len(dy), rows, dim, span), fitRows(len(x), rows, dim, span))
	run := func(dx, dy, x, mean, rstd *float32, rows int) {
		if part == nil {
			layerNormBackwardRowsAVX2(dx, dy, x, mean, rstd, &w[0], rows, dim, invDim)
		} else {
			layerNormBackwardSumsRowsAVX2(dx, dy, x, mean, rstd, &w[0], rows, dim, invDim, &part[0])
		}
	}
	if fit > 0 {
		run(&dx[0], &dy[0], &x[0], &mean[0], &rstd[0], fit)
	}
	if fit == rows {
		return
	}
	var stack [rowScratch]float32
	buf := scratch(stack[:], 3*span)
	db, gb, xb := buf[:span], buf[span:2*span], buf[2*span:]
	for r := fit; r < rows; r++ {
		o := r * dim
		copy(db, dx[o:o+dim]) // dx is added to
		copy(gb, dy[o:o+dim])
		copy(xb, x[o:o+dim])
		run(&db[0], &gb[0], &xb[0], &mean[r], &rstd[r], 1)
		copy(dx[o:o+dim], db)
	}
}

// The column kernels run 16-column blocks, each column on its own, so the
// whole blocks run in place and the last, ragged one, when it does not fit,
// on copies of its columns.

// stripFits reports whether the last 16-column block, at column body of
// rows rows ld floats apart, lies inside s.
func stripFits(s []float32, rows, body, ld int) bool {
	return (rows-1)*ld+body+16 <= len(s)
}

// strip copies columns body to cols of rows rows, ld floats apart, into
// rows of 16 floats.
func strip(s []float32, rows, body, cols, ld int) []float32 {
	out := make([]float32, rows*16)
	for r := range rows {
		copy(out[r*16:], s[r*ld+body:r*ld+cols])
	}
	return out
}

func colSumsAVX2InBounds(dst, src []float32, rows, cols, ld int) {
	body := cols &^ 15
	if body == cols || (stripFits(src, rows, body, ld) && body+16 <= len(dst)) {
		colSumsAVX2(&dst[0], &src[0], rows, cols, ld)
		return
	}
	if body > 0 {
		colSumsAVX2(&dst[0], &src[0], rows, body, ld)
	}
	var d [16]float32
	copy(d[:], dst[body:cols])
	s := strip(src, rows, body, cols, ld)
	colSumsAVX2(&d[0], &s[0], rows, cols-body, 16)
	copy(dst[body:cols], d[:cols-body])
}

func layerNormGradsAVX2InBounds(dw, db, dy, x, mean, rstd []float32, rows, cols, ld, flags int) {
	body := cols &^ 15
	fits := stripFits(dy, rows, body, ld) && stripFits(x, rows, body, ld) &&
		(flags&1 == 0 || body+16 <= len(dw)) && (flags&2 == 0 || body+16 <= len(db))
	pw, pb := &dy[0], &dy[0] // never written unless flagged
	if flags&1 != 0 {
		pw = &dw[0]
	}
	if flags&2 != 0 {
		pb = &db[0]
	}
	if body == cols || fits {
		layerNormGradsAVX2(pw, pb, &dy[0], &x[0], &mean[0], &rstd[0], rows, cols, ld, flags)
		return
	}
	if body > 0 {
		layerNormGradsAVX2(pw, pb, &dy[0], &x[0], &mean[0], &rstd[0], rows, body, ld, flags)
	}
	t := cols - body
	var w, b [16]float32
	if flags&1 != 0 {
		copy(w[:], dw[body:cols])
	}
	if flags&2 != 0 {
		copy(b[:], db[body:cols])
	}
	gs, xs := strip(dy, rows, body, cols, ld), strip(x, rows, body, cols, ld)
	layerNormGradsAVX2(&w[0], &b[0], &gs[0], &xs[0], &mean[0], &rstd[0], rows, t, 16, flags)
	if flags&1 != 0 {
		copy(dw[body:cols], w[:t])
	}
	if flags&2 != 0 {
		copy(db[body:cols], b[:t])
	}
}

// copyChunksAVX2InBounds is copyChunksAVX2 on slices: chunk i is alpha
// times the first valid floats of src[i*srcStride:], zero up to full,
// stored at dst[i*dstStride:]; if last != 0 chunk count has last valid
// floats. A chunk may address 16 floats of both, so the chunks that do not
// fit go one at a time through 16-float buffers (the copy is lane by lane,
// so the split changes nothing).
func copyChunksAVX2InBounds(dst []float32, dstStride int, src []float32, srcStride int, count, valid, full, last int, alpha float32) {
	total := count
	if last != 0 {
		total++
	}
	fit := min(fitRows(len(dst), total, dstStride, 16), fitRows(len(src), total, srcStride, 16))
	if fit == total {
		copyChunksAVX2(&dst[0], dstStride, &src[0], srcStride, count, valid, full, last, alpha)
		return
	}
	if fit > 0 {
		copyChunksAVX2(&dst[0], dstStride, &src[0], srcStride, fit, valid, full, 0, alpha)
	}
	var d, s [16]float32
	for i := fit; i < total; i++ {
		n, c, l := valid, 1, 0
		if i == count { // the ragged last chunk, through the same path
			n, c, l = last, 0, last
		}
		clear(s[:])
		copy(s[:], src[i*srcStride:i*srcStride+n])
		copyChunksAVX2(&d[0], 16, &s[0], 16, c, valid, full, l, alpha)
		copy(dst[i*dstStride:i*dstStride+full], d[:full])
	}
}
