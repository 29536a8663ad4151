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
