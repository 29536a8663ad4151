//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// Packing for the GEMM on AVX2: chunks of up to 16 floats (the 6-row A
// tiles and 16-wide B panels of the 6x16 micro-kernel). Lanes are given as
// counts (the first n of a chunk); VMASKMOVPS neither reads nor writes the
// lanes it leaves out, but it addresses 32 bytes, so copyChunksAVX2InBounds
// (bounds_avx2_amd64.go) runs a chunk whose 16 floats would reach past the
// end of src or dst on copies.

// Eight all-ones lanes, then eight zero lanes: the 32 bytes that start k
// floats before the zeros select the first k lanes.
DATA avx2PackMask<>+0(SB)/8, $-1
DATA avx2PackMask<>+8(SB)/8, $-1
DATA avx2PackMask<>+16(SB)/8, $-1
DATA avx2PackMask<>+24(SB)/8, $-1
DATA avx2PackMask<>+32(SB)/8, $0
DATA avx2PackMask<>+40(SB)/8, $0
DATA avx2PackMask<>+48(SB)/8, $0
DATA avx2PackMask<>+56(SB)/8, $0
GLOBL avx2PackMask<>(SB), RODATA|NOPTR, $64

// PMASK2 sets LO and HI to the first N (0 to 16) of 16 lanes (clobbers N,
// AX, CX).
#define PMASK2(N, LO, HI) \
	MOVQ N, CX; \
	MOVQ $8, AX; \
	CMPQ CX, AX; \
	CMOVQGT AX, CX; \
	LEAQ avx2PackMask<>+32(SB), AX; \
	SHLQ $2, CX; \
	SUBQ CX, AX; \
	VMOVUPS (AX), LO; \
	MOVQ N, CX; \
	SUBQ $8, CX; \
	XORQ AX, AX; \
	CMPQ CX, AX; \
	CMOVQLT AX, CX; \
	LEAQ avx2PackMask<>+32(SB), AX; \
	SHLQ $2, CX; \
	SUBQ CX, AX; \
	VMOVUPS (AX), HI

// CHUNK2 copies one chunk: alpha (Y2) times the lanes of src (SI) in Y10,
// Y11, zero in the others, stored to dst (DI) in the lanes of Y12, Y13.
#define CHUNK2 \
	VMASKMOVPS (SI), Y10, Y0; \
	VMASKMOVPS 32(SI), Y11, Y1; \
	VMULPS Y2, Y0, Y0; \
	VMULPS Y2, Y1, Y1; \
	VMASKMOVPS Y0, Y12, (DI); \
	VMASKMOVPS Y1, Y13, 32(DI)

// func copyChunksAVX2(dst *float32, dstStride int, src *float32, srcStride int, count int, valid, full, last int, alpha float32)
//
// copyChunksAVX512 with lane counts: chunk i is alpha times the first valid
// floats at src + i*srcStride, zero up to full, stored at dst +
// i*dstStride (strides in floats, valid <= full <= 16). If last != 0 one
// more chunk follows with last valid floats. Chunks of 8 or 16 floats store
// whole vectors; a chunk of up to 8 touches one vector.
TEXT ·copyChunksAVX2(SB), NOSPLIT, $8-68
	DENORMALS_OFF
	MOVQ valid+40(FP), BX
	PMASK2(BX, Y10, Y11)
	MOVQ full+48(FP), BX
	PMASK2(BX, Y12, Y13)
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $2, DX
	MOVQ src+16(FP), SI
	MOVQ srcStride+24(FP), R8
	SHLQ $2, R8
	MOVQ count+32(FP), BX
	VBROADCASTSS alpha+64(FP), Y2
	MOVQ full+48(FP), R9
	TESTQ BX, BX
	JZ copy2_last
	CMPQ R9, $16
	JEQ copy2_loop16
	CMPQ R9, $8
	JEQ copy2_loop8
	JLT copy2_narrow
copy2_loop:
	CHUNK2
	ADDQ R8, SI
	ADDQ DX, DI
	DECQ BX
	JNZ copy2_loop
	JMP copy2_last
copy2_narrow:
	VMASKMOVPS (SI), Y10, Y0
	VMULPS Y2, Y0, Y0
	VMASKMOVPS Y0, Y12, (DI)
	ADDQ R8, SI
	ADDQ DX, DI
	DECQ BX
	JNZ copy2_narrow
	JMP copy2_last
copy2_loop8:
	VMASKMOVPS (SI), Y10, Y0
	VMULPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ R8, SI
	ADDQ DX, DI
	DECQ BX
	JNZ copy2_loop8
	JMP copy2_last
copy2_loop16:
	VMASKMOVPS (SI), Y10, Y0
	VMASKMOVPS 32(SI), Y11, Y1
	VMULPS Y2, Y0, Y0
	VMULPS Y2, Y1, Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ R8, SI
	ADDQ DX, DI
	DECQ BX
	JNZ copy2_loop16
copy2_last:
	MOVQ last+56(FP), BX
	TESTQ BX, BX
	JZ copy2_done
	PMASK2(BX, Y10, Y11)
	CHUNK2
copy2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
