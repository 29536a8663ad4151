//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// Packing routines for the GEMM on AVX-512. Lane masks come in pairs of 16
// bits (low word: the first 16 lanes of a chunk, high word: the next 16).

// func copyChunksAVX512(dst *float32, dstStride int, src *float32, srcStride int, count int, valid, full, last int, alpha float32)
//
// Copies count chunks of up to 32 floats: chunk i is alpha times the valid
// lanes at src + i*srcStride, zero in the other lanes of full, stored at
// dst + i*dstStride (strides in floats). If last != 0 one more chunk follows
// with last as its valid lanes.
TEXT ·copyChunksAVX512(SB), NOSPLIT, $8-68
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $2, DX
	MOVQ src+16(FP), SI
	MOVQ srcStride+24(FP), R8
	SHLQ $2, R8
	MOVQ count+32(FP), BX
	MOVQ valid+40(FP), AX
	KMOVW AX, K1
	SHRQ $16, AX
	KMOVW AX, K2
	MOVQ full+48(FP), AX
	KMOVW AX, K3
	SHRQ $16, AX
	KMOVW AX, K4
	VBROADCASTSS alpha+64(FP), Z2
	TESTQ BX, BX
	JZ copy_last
copy_loop:
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	VMULPS Z2, Z0, Z0
	VMULPS Z2, Z1, Z1
	VMOVUPS Z0, K3, (DI)
	VMOVUPS Z1, K4, 64(DI)
	ADDQ R8, SI
	ADDQ DX, DI
	DECQ BX
	JNZ copy_loop
copy_last:
	MOVQ last+56(FP), AX
	TESTQ AX, AX
	JZ copy_done
	KMOVW AX, K1
	SHRQ $16, AX
	KMOVW AX, K2
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z 64(SI), K2, Z1
	VMULPS Z2, Z0, Z0
	VMULPS Z2, Z1, Z1
	VMOVUPS Z0, K3, (DI)
	VMOVUPS Z1, K4, 64(DI)
copy_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func gatherChunksAVX512(dst *float32, dstStride int, src *float32, idx *int32, count int, valid, full int, alpha float32)
//
// Transposes while packing: chunk p (p < count) holds alpha*src[p + idx[j]]
// in its valid lanes j, zero in the other lanes of full, and is stored at
// dst + p*dstStride (floats).
TEXT ·gatherChunksAVX512(SB), NOSPLIT, $8-60
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $2, DX
	MOVQ src+16(FP), SI
	MOVQ idx+24(FP), AX
	VMOVDQU32 (AX), Z30
	VMOVDQU32 64(AX), Z31
	MOVQ count+32(FP), BX
	MOVQ valid+40(FP), R9
	MOVQ R9, R10
	SHRQ $16, R10
	ANDQ $0xffff, R9
	MOVQ full+48(FP), AX
	KMOVW AX, K3
	SHRQ $16, AX
	KMOVW AX, K4
	VBROADCASTSS alpha+56(FP), Z2
	TESTQ BX, BX
	JZ gather_done
	TESTQ R10, R10
	JNZ gather_loop2
gather_loop1:
	KMOVW R9, K1
	VPXORD Z0, Z0, Z0
	VGATHERDPS (SI)(Z30*4), K1, Z0
	VMULPS Z2, Z0, Z0
	VMOVUPS Z0, K3, (DI)
	ADDQ $4, SI
	ADDQ DX, DI
	DECQ BX
	JNZ gather_loop1
	JMP gather_done
gather_loop2:
	KMOVW R9, K1
	VPXORD Z0, Z0, Z0
	VGATHERDPS (SI)(Z30*4), K1, Z0
	KMOVW R10, K2
	VPXORD Z1, Z1, Z1
	VGATHERDPS (SI)(Z31*4), K2, Z1
	VMULPS Z2, Z0, Z0
	VMULPS Z2, Z1, Z1
	VMOVUPS Z0, K3, (DI)
	VMOVUPS Z1, K4, 64(DI)
	ADDQ $4, SI
	ADDQ DX, DI
	DECQ BX
	JNZ gather_loop2
gather_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func prefetchRows(p *float32, ld, rows, lines int)
//
// Asks for the first lines cache lines of each of rows rows, ld floats
// apart, into every level of the cache.
TEXT ·prefetchRows(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVQ ld+8(FP), DX
	SHLQ $2, DX
	MOVQ rows+16(FP), BX
	MOVQ lines+24(FP), CX
	TESTQ BX, BX
	JZ prefetch_done
	TESTQ CX, CX
	JZ prefetch_done
prefetch_row:
	MOVQ SI, DI
	MOVQ CX, AX
prefetch_line:
	PREFETCHT0 (DI)
	ADDQ $64, DI
	DECQ AX
	JNZ prefetch_line
	ADDQ DX, SI
	DECQ BX
	JNZ prefetch_row
prefetch_done:
	RET

// func transpose16AVX512(dst *float32, dstStride int, src *float32, srcStride int, blocks int, alpha float32)
//
// Transposes while packing, 16x16 floats at a time in registers (four
// rounds of shuffles instead of a gather per element): for p < 16*blocks
// and j < 16, dst[p*dstStride + j] = alpha*src[j*srcStride + p] (strides
// in floats).
TEXT ·transpose16AVX512(SB), NOSPLIT, $8-44
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), DX
	SHLQ $2, DX
	MOVQ src+16(FP), SI
	MOVQ srcStride+24(FP), R8
	SHLQ $2, R8
	MOVQ blocks+32(FP), BX
	TESTQ BX, BX
	JZ transpose_done
transpose_loop:
	MOVQ SI, AX
	VMOVUPS (AX), Z0
	VMULPS.BCST alpha+40(FP), Z0, Z0
	ADDQ R8, AX
	VMOVUPS (AX), Z1
	VMULPS.BCST alpha+40(FP), Z1, Z1
	ADDQ R8, AX
	VMOVUPS (AX), Z2
	VMULPS.BCST alpha+40(FP), Z2, Z2
	ADDQ R8, AX
	VMOVUPS (AX), Z3
	VMULPS.BCST alpha+40(FP), Z3, Z3
	ADDQ R8, AX
	VMOVUPS (AX), Z4
	VMULPS.BCST alpha+40(FP), Z4, Z4
	ADDQ R8, AX
	VMOVUPS (AX), Z5
	VMULPS.BCST alpha+40(FP), Z5, Z5
	ADDQ R8, AX
	VMOVUPS (AX), Z6
	VMULPS.BCST alpha+40(FP), Z6, Z6
	ADDQ R8, AX
	VMOVUPS (AX), Z7
	VMULPS.BCST alpha+40(FP), Z7, Z7
	ADDQ R8, AX
	VMOVUPS (AX), Z8
	VMULPS.BCST alpha+40(FP), Z8, Z8
	ADDQ R8, AX
	VMOVUPS (AX), Z9
	VMULPS.BCST alpha+40(FP), Z9, Z9
	ADDQ R8, AX
	VMOVUPS (AX), Z10
	VMULPS.BCST alpha+40(FP), Z10, Z10
	ADDQ R8, AX
	VMOVUPS (AX), Z11
	VMULPS.BCST alpha+40(FP), Z11, Z11
	ADDQ R8, AX
	VMOVUPS (AX), Z12
	VMULPS.BCST alpha+40(FP), Z12, Z12
	ADDQ R8, AX
	VMOVUPS (AX), Z13
	VMULPS.BCST alpha+40(FP), Z13, Z13
	ADDQ R8, AX
	VMOVUPS (AX), Z14
	VMULPS.BCST alpha+40(FP), Z14, Z14
	ADDQ R8, AX
	VMOVUPS (AX), Z15
	VMULPS.BCST alpha+40(FP), Z15, Z15
	VUNPCKLPS Z1, Z0, Z16
	VUNPCKHPS Z1, Z0, Z17
	VUNPCKLPS Z3, Z2, Z18
	VUNPCKHPS Z3, Z2, Z19
	VUNPCKLPS Z5, Z4, Z20
	VUNPCKHPS Z5, Z4, Z21
	VUNPCKLPS Z7, Z6, Z22
	VUNPCKHPS Z7, Z6, Z23
	VUNPCKLPS Z9, Z8, Z24
	VUNPCKHPS Z9, Z8, Z25
	VUNPCKLPS Z11, Z10, Z26
	VUNPCKHPS Z11, Z10, Z27
	VUNPCKLPS Z13, Z12, Z28
	VUNPCKHPS Z13, Z12, Z29
	VUNPCKLPS Z15, Z14, Z30
	VUNPCKHPS Z15, Z14, Z31
	VSHUFPS $0x44, Z18, Z16, Z0
	VSHUFPS $0xEE, Z18, Z16, Z1
	VSHUFPS $0x44, Z19, Z17, Z2
	VSHUFPS $0xEE, Z19, Z17, Z3
	VSHUFPS $0x44, Z22, Z20, Z4
	VSHUFPS $0xEE, Z22, Z20, Z5
	VSHUFPS $0x44, Z23, Z21, Z6
	VSHUFPS $0xEE, Z23, Z21, Z7
	VSHUFPS $0x44, Z26, Z24, Z8
	VSHUFPS $0xEE, Z26, Z24, Z9
	VSHUFPS $0x44, Z27, Z25, Z10
	VSHUFPS $0xEE, Z27, Z25, Z11
	VSHUFPS $0x44, Z30, Z28, Z12
	VSHUFPS $0xEE, Z30, Z28, Z13
	VSHUFPS $0x44, Z31, Z29, Z14
	VSHUFPS $0xEE, Z31, Z29, Z15
	VSHUFF32X4 $0x88, Z4, Z0, Z16
	VSHUFF32X4 $0xDD, Z4, Z0, Z20
	VSHUFF32X4 $0x88, Z5, Z1, Z17
	VSHUFF32X4 $0xDD, Z5, Z1, Z21
	VSHUFF32X4 $0x88, Z6, Z2, Z18
	VSHUFF32X4 $0xDD, Z6, Z2, Z22
	VSHUFF32X4 $0x88, Z7, Z3, Z19
	VSHUFF32X4 $0xDD, Z7, Z3, Z23
	VSHUFF32X4 $0x88, Z12, Z8, Z24
	VSHUFF32X4 $0xDD, Z12, Z8, Z28
	VSHUFF32X4 $0x88, Z13, Z9, Z25
	VSHUFF32X4 $0xDD, Z13, Z9, Z29
	VSHUFF32X4 $0x88, Z14, Z10, Z26
	VSHUFF32X4 $0xDD, Z14, Z10, Z30
	VSHUFF32X4 $0x88, Z15, Z11, Z27
	VSHUFF32X4 $0xDD, Z15, Z11, Z31
	VSHUFF32X4 $0x88, Z24, Z16, Z0
	VSHUFF32X4 $0xDD, Z24, Z16, Z8
	VSHUFF32X4 $0x88, Z25, Z17, Z1
	VSHUFF32X4 $0xDD, Z25, Z17, Z9
	VSHUFF32X4 $0x88, Z26, Z18, Z2
	VSHUFF32X4 $0xDD, Z26, Z18, Z10
	VSHUFF32X4 $0x88, Z27, Z19, Z3
	VSHUFF32X4 $0xDD, Z27, Z19, Z11
	VSHUFF32X4 $0x88, Z28, Z20, Z4
	VSHUFF32X4 $0xDD, Z28, Z20, Z12
	VSHUFF32X4 $0x88, Z29, Z21, Z5
	VSHUFF32X4 $0xDD, Z29, Z21, Z13
	VSHUFF32X4 $0x88, Z30, Z22, Z6
	VSHUFF32X4 $0xDD, Z30, Z22, Z14
	VSHUFF32X4 $0x88, Z31, Z23, Z7
	VSHUFF32X4 $0xDD, Z31, Z23, Z15
	VMOVUPS Z0, (DI)
	ADDQ DX, DI
	VMOVUPS Z1, (DI)
	ADDQ DX, DI
	VMOVUPS Z2, (DI)
	ADDQ DX, DI
	VMOVUPS Z3, (DI)
	ADDQ DX, DI
	VMOVUPS Z4, (DI)
	ADDQ DX, DI
	VMOVUPS Z5, (DI)
	ADDQ DX, DI
	VMOVUPS Z6, (DI)
	ADDQ DX, DI
	VMOVUPS Z7, (DI)
	ADDQ DX, DI
	VMOVUPS Z8, (DI)
	ADDQ DX, DI
	VMOVUPS Z9, (DI)
	ADDQ DX, DI
	VMOVUPS Z10, (DI)
	ADDQ DX, DI
	VMOVUPS Z11, (DI)
	ADDQ DX, DI
	VMOVUPS Z12, (DI)
	ADDQ DX, DI
	VMOVUPS Z13, (DI)
	ADDQ DX, DI
	VMOVUPS Z14, (DI)
	ADDQ DX, DI
	VMOVUPS Z15, (DI)
	ADDQ DX, DI
	ADDQ $64, SI
	DECQ BX
	JNZ transpose_loop
transpose_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
