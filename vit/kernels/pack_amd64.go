//go:build !purego

package kernels

import (
	"math"
	"unsafe"
)

//go:noescape
func copyChunksAVX512(dst *float32, dstStride int, src *float32, srcStride int, count int, valid, full, last int, alpha float32)

//go:noescape
func gatherChunksAVX512(dst *float32, dstStride int, src *float32, idx *int32, count int, valid, full int, alpha float32)

//go:noescape
func copyChunksAVX2(dst *float32, dstStride int, src *float32, srcStride int, count int, valid, full, last int, alpha float32)

// lanes returns the two 16-lane masks of the first n (<= 32) lanes, packed
// as the packing routines want them.
func lanes(n int) int {
	lo, hi := min(n, 16), max(n-16, 0)
	return (1<<lo - 1) | (1<<hi-1)<<16
}

// packRow copies alpha*src into chunks of width floats at dst, dst[stride:],
// ..., zero-padding the last chunk to width. It reports false when it cannot
// (no SIMD, or a width over 32, over 16 on AVX2), leaving the work to the
// caller.
func packRow(isa ISA, dst []float32, stride int, src []float32, width int, alpha float32) bool {
	if isa == Generic || width > 32 || len(src) == 0 || (isa == AVX2 && width > 16) {
		return false
	}
	chunks, rest := len(src)/width, len(src)%width
	last := chunks
	if rest == 0 {
		last--
	}
	_ = dst[last*stride+width-1]
	if isa == AVX2 {
		copyChunksAVX2InBounds(dst, stride, src, width, chunks, width, width, rest, alpha)
		return true
	}
	copyChunksAVX512(&dst[0], stride, &src[0], width, chunks, lanes(width), lanes(width), lanes(rest), alpha)
	return true
}

// packBlock copies rows rows of cols floats (ld apart in src), times alpha,
// into dst as rows of width floats, zero past cols. False: not done.
func packBlock(isa ISA, dst, src []float32, ld, rows, cols, width int, alpha float32) bool {
	if isa == Generic || width > 32 || rows == 0 || cols == 0 || (isa == AVX2 && width > 16) {
		return false
	}
	_ = src[(rows-1)*ld+cols-1]
	_ = dst[rows*width-1]
	if isa == AVX2 {
		copyChunksAVX2InBounds(dst, width, src, ld, rows, cols, width, 0, alpha)
		return true
	}
	copyChunksAVX512(&dst[0], width, &src[0], ld, rows, lanes(cols), lanes(width), 0, alpha)
	return true
}

// packBlockT is packBlock transposed: dst row p, lane j holds
// alpha*src[j*ld+p] for p < rows and j < cols. False: not done.
func packBlockT(isa ISA, dst, src []float32, ld, rows, cols, width int, alpha float32) bool {
	if isa != AVX512 || width > 32 || rows == 0 || cols == 0 || int64(ld)*32 > math.MaxInt32 {
		return false
	}
	_ = src[(cols-1)*ld+rows-1]
	_ = dst[rows*width-1]
	// Whole 16x16 blocks go through registers (transpose16AVX512: four
	// rounds of shuffles, a third of the time of a gather per element);
	// ragged last rows and columns, and panels whose width is not a
	// multiple of 16, by gathers.
	pFull, jFull := rows/16*16, cols/16*16
	if width%16 != 0 || pFull == 0 || jFull == 0 {
		pFull, jFull = 0, 0
	}
	for j0 := 0; j0 < jFull; j0 += 16 {
		transpose16AVX512(&dst[j0], width, &src[j0*ld], ld, pFull/16, alpha)
	}
	var idx [32]int32
	for j := range idx {
		idx[j] = int32(j * ld)
	}
	if pFull < rows {
		gatherChunksAVX512(&dst[pFull*width], width, &src[pFull], &idx[0], rows-pFull, lanes(cols), lanes(width), alpha)
	}
	if pFull > 0 && jFull < width {
		// The columns right of the blocks, zero past cols.
		off, valid := 0, 0
		if jFull < cols {
			off, valid = jFull*ld, lanes(cols-jFull)
		}
		gatherChunksAVX512(&dst[jFull], width, &src[off], &idx[0], pFull, valid, lanes(width-jFull), alpha)
	}
	return true
}

//go:noescape
func prefetchRows(p *float32, ld, rows, lines int)

func prefetchRowsISA(x []float32, rows, cols, ld int) {
	// The lines the first row's cols floats touch; the others' when ld
	// keeps rows on the same alignment (a multiple of 16 floats), and at
	// worst one line short.
	off := int(uintptr(unsafe.Pointer(&x[0])) % 64)
	prefetchRows(&x[0], ld, rows, (off+cols*4+63)/64)
}

//go:noescape
func transpose16AVX512(dst *float32, dstStride int, src *float32, srcStride int, blocks int, alpha float32)
