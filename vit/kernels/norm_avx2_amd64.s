//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// LayerNorm rows and column sums on AVX2+FMA, the algorithms of
// norm_amd64.s 8 floats at a time. Without mask registers the ragged end
// of a row goes through VMASKMOVPS (it neither reads nor writes the lanes
// it leaves out); column sums run down 16-column blocks, each column summed
// in float64 in row order. VMASKMOVPS still addresses whole vectors, past
// the end of a slice on a ragged end, so the Go wrappers
// (bounds_avx2_amd64.go) run any end that would reach past it on a copy.

// Eight all-ones lanes, then eight zero lanes: the 32 bytes that start k
// floats before the zeros select the first k lanes.
DATA avx2NormMask<>+0(SB)/8, $-1
DATA avx2NormMask<>+8(SB)/8, $-1
DATA avx2NormMask<>+16(SB)/8, $-1
DATA avx2NormMask<>+24(SB)/8, $-1
DATA avx2NormMask<>+32(SB)/8, $0
DATA avx2NormMask<>+40(SB)/8, $0
DATA avx2NormMask<>+48(SB)/8, $0
DATA avx2NormMask<>+56(SB)/8, $0
GLOBL avx2NormMask<>(SB), RODATA|NOPTR, $64

// NMASK sets M to the lanes of the first N (0 to 8, clobbered) floats, T a
// temporary.
#define NMASK(N, T, M) \
	LEAQ avx2NormMask<>+32(SB), T; \
	SHLQ $2, N; \
	SUBQ N, T; \
	VMOVUPS (T), M

// HADD8 reduces the 8 lanes of Y (X its low half) to lane 0 of X.
#define HADD8(Y, X, TX) \
	VEXTRACTF128 $1, Y, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VADDPS TX, X, X
// LNB2_ARGS loads the arguments the LayerNorm backward kernels share and
// the tail mask Y14 (clobbers CX, AX).
#define LNB2_ARGS \
	MOVQ dx+0(FP), DI; \
	MOVQ dy+8(FP), DX; \
	MOVQ x+16(FP), SI; \
	MOVQ mean+24(FP), R10; \
	MOVQ rstd+32(FP), R11; \
	MOVQ w+40(FP), R13; \
	MOVQ rows+48(FP), R8; \
	MOVQ dim+56(FP), R12; \
	MOVQ R12, CX; \
	ANDQ $7, CX; \
	NMASK(CX, AX, Y14); \
	VMOVSS invDim+64(FP), X15

// LNB2_ROW starts a row of the LayerNorm backward: its mean and rstd in Y2
// and Y3, the sums of g and g*xhat (Y0, Y1) cleared, AX at the row's first
// column; done when no row is left.
#define LNB2_ROW(done) \
	TESTQ R8, R8; \
	JZ done; \
	VBROADCASTSS (R10), Y2; \
	VBROADCASTSS (R11), Y3; \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	XORQ AX, AX

// LNB2_SUM adds the 8 columns at byte offset off+AX of the row to the sums:
// g = dy*w in Y4 (dy in Y9), xhat in Y5.
#define LNB2_SUM(off) \
	VMOVUPS off(DX)(AX*1), Y9; \
	VMULPS off(R13)(AX*1), Y9, Y4; \
	VADDPS Y4, Y0, Y0; \
	VMOVUPS off(SI)(AX*1), Y5; \
	VSUBPS Y2, Y5, Y5; \
	VMULPS Y3, Y5, Y5; \
	VFMADD231PS Y5, Y4, Y1

// LNB2_SUMTAIL is LNB2_SUM for the last dim mod 8 columns (lanes in Y14),
// the others zero.
#define LNB2_SUMTAIL \
	VMASKMOVPS (DX)(AX*1), Y14, Y9; \
	VMASKMOVPS (R13)(AX*1), Y14, Y6; \
	VMULPS Y6, Y9, Y4; \
	VADDPS Y4, Y0, Y0; \
	VMASKMOVPS (SI)(AX*1), Y14, Y5; \
	VSUBPS Y2, Y5, Y5; \
	VMULPS Y3, Y5, Y5; \
	VFMADD231PS Y5, Y4, Y1

// LNB2_DX finishes a row of the LayerNorm backward once Y0 and Y1 hold its
// lane sums of g and g*xhat: dx += (g - mean(g) - xhat*mean(g*xhat)) *
// rstd, then on to the next row (label row).
#define LNB2_DX(loop, tail, next, row) \
	HADD8(Y0, X0, X6); \
	HADD8(Y1, X1, X6); \
	VMULSS X15, X0, X0; \
	VMULSS X15, X1, X1; \
	VBROADCASTSS X0, Y7; \
	VBROADCASTSS X1, Y8; \
	XORQ AX, AX; \
	MOVQ R12, BX; \
	SHRQ $3, BX; \
	JZ tail; \
loop: \
	VMOVUPS (DX)(AX*1), Y4; \
	VMULPS (R13)(AX*1), Y4, Y4; \
	VSUBPS Y7, Y4, Y4; \
	VMOVUPS (SI)(AX*1), Y5; \
	VSUBPS Y2, Y5, Y5; \
	VMULPS Y3, Y5, Y5; \
	VFNMADD231PS Y8, Y5, Y4; \
	VMOVUPS (DI)(AX*1), Y6; \
	VFMADD231PS Y3, Y4, Y6; \
	VMOVUPS Y6, (DI)(AX*1); \
	ADDQ $32, AX; \
	DECQ BX; \
	JNZ loop; \
tail: \
	TESTQ $7, R12; \
	JZ next; \
	VMASKMOVPS (DX)(AX*1), Y14, Y4; \
	VMASKMOVPS (R13)(AX*1), Y14, Y6; \
	VMULPS Y6, Y4, Y4; \
	VSUBPS Y7, Y4, Y4; \
	VMASKMOVPS (SI)(AX*1), Y14, Y5; \
	VSUBPS Y2, Y5, Y5; \
	VMULPS Y3, Y5, Y5; \
	VFNMADD231PS Y8, Y5, Y4; \
	VMASKMOVPS (DI)(AX*1), Y14, Y6; \
	VFMADD231PS Y3, Y4, Y6; \
	VMASKMOVPS Y6, Y14, (DI)(AX*1); \
next: \
	LEAQ (SI)(R12*4), SI; \
	LEAQ (DX)(R12*4), DX; \
	LEAQ (DI)(R12*4), DI; \
	ADDQ $4, R10; \
	ADDQ $4, R11; \
	DECQ R8; \
	JMP row

// LNBS2_PART adds the row's dy*xhat (Y9*Y5) and dy (Y9) to the 8 partial
// sums at byte offsets dw and db of (CX)(AX*2).
#define LNBS2_PART(dw, db) \
	VMOVUPS dw(CX)(AX*2), Y10; \
	VFMADD231PS Y5, Y9, Y10; \
	VMOVUPS Y10, dw(CX)(AX*2); \
	VADDPS db(CX)(AX*2), Y9, Y11; \
	VMOVUPS Y11, db(CX)(AX*2)

// LNBS2_PARTTAIL is LNBS2_PART for the lanes in Y14.
#define LNBS2_PARTTAIL(dw, db) \
	VMASKMOVPS dw(CX)(AX*2), Y14, Y10; \
	VFMADD231PS Y5, Y9, Y10; \
	VMASKMOVPS Y10, Y14, dw(CX)(AX*2); \
	VMASKMOVPS db(CX)(AX*2), Y14, Y11; \
	VADDPS Y9, Y11, Y11; \
	VMASKMOVPS Y11, Y14, db(CX)(AX*2)

// CS2_BLOCKMASK sets Y12 and Y13 to the lanes of the first and second 8
// columns of the block at column R13 of R12 columns (clobbers CX, AX).
#define CS2_BLOCKMASK \
	MOVQ R12, CX; \
	SUBQ R13, CX; \
	MOVQ $8, AX; \
	CMPQ CX, AX; \
	CMOVQGT AX, CX; \
	NMASK(CX, AX, Y12); \
	MOVQ R12, CX; \
	SUBQ R13, CX; \
	SUBQ $8, CX; \
	XORQ AX, AX; \
	CMPQ CX, AX; \
	CMOVQLT AX, CX; \
	NMASK(CX, AX, Y13)

// CVTADD8 adds the 8 floats of Y (X its low half) as doubles to LO and HI
// (Y clobbered, T a temporary).
#define CVTADD8(Y, X, LO, HI, T) \
	VCVTPS2PD X, T; \
	VADDPD T, LO, LO; \
	VEXTRACTF128 $1, Y, X; \
	VCVTPS2PD X, T; \
	VADDPD T, HI, HI

// STOREADD8 adds float32(LO, HI) to the 8 floats at P (T, U temporaries).
#define STOREADD8(LO, HI, P, T, U, TX, UX) \
	VCVTPD2PSY LO, TX; \
	VCVTPD2PSY HI, UX; \
	VINSERTF128 $1, UX, T, T; \
	VADDPS P, T, T; \
	VMOVUPS T, P

// STOREADDMASK8 is STOREADD8 for the lanes in M.
#define STOREADDMASK8(LO, HI, P, M, T, U, TX, UX) \
	VCVTPD2PSY LO, TX; \
	VCVTPD2PSY HI, UX; \
	VINSERTF128 $1, UX, T, T; \
	VMASKMOVPS P, M, U; \
	VADDPS U, T, T; \
	VMASKMOVPS T, M, P

// LNG2_HALF adds, for the 8 columns at byte offset off of the row, dy*xhat
// to LO, HI (as doubles) and dy to DLO, DHI; Y12 = mean, Y13 = rstd; LOAD
// loads 8 floats (a plain or a masked move).
#define LNG2_HALF(LOAD, off, LO, HI, DLO, DHI) \
	LOAD(off(SI), Y8); \
	LOAD(off(DX), Y9); \
	VSUBPS Y12, Y9, Y9; \
	VMULPS Y13, Y9, Y9; \
	VMULPS Y8, Y9, Y9; \
	CVTADD8(Y9, X9, LO, HI, Y10); \
	CVTADD8(Y8, X8, DLO, DHI, Y11)

// The loads and stores of LNG2_HALF and LNG2_STORE: a full block, or the
// first and second 8 columns of the last block (lanes in Y14 and Y15).
#define LOADFULL(P, Y) VMOVUPS P, Y
#define LOADLO(P, Y) VMASKMOVPS P, Y14, Y
#define LOADHI(P, Y) VMASKMOVPS P, Y15, Y

// LNG2_STORE adds the block's sums to dw and db as flags asks, with
// STORE1 for the first 8 columns and STORE2 for the second.
#define LNG2_STORE(nodw, nodb, STORE1, STORE2) \
	MOVQ flags+72(FP), AX; \
	TESTQ $1, AX; \
	JZ nodw; \
	MOVQ dw+0(FP), DI; \
	STORE1(Y0, Y1, (DI)(R13*4)); \
	STORE2(Y2, Y3, 32(DI)(R13*4)); \
nodw: \
	MOVQ flags+72(FP), AX; \
	TESTQ $2, AX; \
	JZ nodb; \
	MOVQ db+8(FP), DI; \
	STORE1(Y4, Y5, (DI)(R13*4)); \
	STORE2(Y6, Y7, 32(DI)(R13*4)); \
nodb:

#define STOREFULL(LO, HI, P) STOREADD8(LO, HI, P, Y8, Y9, X8, X9)
#define STORELO(LO, HI, P) STOREADDMASK8(LO, HI, P, Y14, Y8, Y9, X8, X9)
#define STOREHI(LO, HI, P) STOREADDMASK8(LO, HI, P, Y15, Y8, Y9, X8, X9)

// LNG2_ROWS runs the block's rows: BX of them, dy at SI, x at DX, mean at
// R9 and rstd at R11.
#define LNG2_ROWS(loop, LOAD1, LOAD2) \
loop: \
	VBROADCASTSS (R9), Y12; \
	VBROADCASTSS (R11), Y13; \
	LNG2_HALF(LOAD1, 0, Y0, Y1, Y4, Y5); \
	LNG2_HALF(LOAD2, 32, Y2, Y3, Y6, Y7); \
	ADDQ R10, SI; \
	ADDQ R10, DX; \
	ADDQ $4, R9; \
	ADDQ $4, R11; \
	DECQ BX; \
	JNZ loop

// func layerNormRowsAVX2(out, mean, rstd, x, w, b *float32, rows, dim int, invDim, eps float32)
TEXT ·layerNormRowsAVX2(SB), NOSPLIT, $8-72
	DENORMALS_OFF
	MOVQ out+0(FP), DI
	MOVQ mean+8(FP), R10
	MOVQ rstd+16(FP), R11
	MOVQ x+24(FP), SI
	MOVQ w+32(FP), R13
	MOVQ b+40(FP), R8
	MOVQ dim+56(FP), R12
	// Y14: tail lanes; R9: full vectors per row.
	MOVQ R12, CX
	ANDQ $7, CX
	NMASK(CX, AX, Y14)
	MOVQ R12, R9
	SHRQ $3, R9
	MOVQ rows+48(FP), CX
ln2_row:
	TESTQ CX, CX
	JZ ln2_done
	// mean
	VXORPS Y0, Y0, Y0
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln2_sumtail
ln2_sumloop:
	VADDPS (SI)(DX*1), Y0, Y0
	ADDQ $32, DX
	DECQ BX
	JNZ ln2_sumloop
ln2_sumtail:
	TESTQ $7, R12
	JZ ln2_sumred
	VMASKMOVPS (SI)(DX*1), Y14, Y1
	VADDPS Y1, Y0, Y0
ln2_sumred:
	HADD8(Y0, X0, X1)
	VMULSS invDim+64(FP), X0, X0
	VMOVSS X0, (R10)
	VBROADCASTSS X0, Y2          // mean
	// variance, two-pass
	VXORPS Y0, Y0, Y0
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln2_vartail
ln2_varloop:
	VMOVUPS (SI)(DX*1), Y1
	VSUBPS Y2, Y1, Y1
	VFMADD231PS Y1, Y1, Y0
	ADDQ $32, DX
	DECQ BX
	JNZ ln2_varloop
ln2_vartail:
	TESTQ $7, R12
	JZ ln2_varred
	VMASKMOVPS (SI)(DX*1), Y14, Y1
	VSUBPS Y2, Y1, Y1
	VANDPS Y14, Y1, Y1
	VFMADD231PS Y1, Y1, Y0
ln2_varred:
	HADD8(Y0, X0, X1)
	VMULSS invDim+64(FP), X0, X0
	VADDSS eps+68(FP), X0, X0
	VSQRTSS X0, X0, X0
	MOVL $0x3f800000, AX
	VMOVD AX, X1
	VDIVSS X0, X1, X0
	VMOVSS X0, (R11)
	VBROADCASTSS X0, Y3          // 1/std
	// out = (x - mean) * rstd * w + b
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln2_outtail
ln2_outloop:
	VMOVUPS (SI)(DX*1), Y1
	VSUBPS Y2, Y1, Y1
	VMULPS Y3, Y1, Y1
	VMOVUPS (R8)(DX*1), Y4
	VFMADD231PS (R13)(DX*1), Y1, Y4
	VMOVUPS Y4, (DI)(DX*1)
	ADDQ $32, DX
	DECQ BX
	JNZ ln2_outloop
ln2_outtail:
	TESTQ $7, R12
	JZ ln2_next
	VMASKMOVPS (SI)(DX*1), Y14, Y1
	VSUBPS Y2, Y1, Y1
	VMULPS Y3, Y1, Y1
	VMASKMOVPS (R8)(DX*1), Y14, Y4
	VMASKMOVPS (R13)(DX*1), Y14, Y5
	VFMADD231PS Y5, Y1, Y4
	VMASKMOVPS Y4, Y14, (DI)(DX*1)
ln2_next:
	LEAQ (SI)(R12*4), SI
	LEAQ (DI)(R12*4), DI
	ADDQ $4, R10
	ADDQ $4, R11
	DECQ CX
	JMP ln2_row
ln2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormBackwardRowsAVX2(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32)
//
// dx += (g - mean(g) - xhat*mean(g*xhat)) * rstd per row, g = dy*w.
TEXT ·layerNormBackwardRowsAVX2(SB), NOSPLIT, $8-68
	DENORMALS_OFF
	LNB2_ARGS
	MOVQ R12, R9
	SHRQ $3, R9
lnb2_row:
	LNB2_ROW(lnb2_done)
	MOVQ R9, BX
	TESTQ BX, BX
	JZ lnb2_sumtail
lnb2_sumloop:
	LNB2_SUM(0)
	ADDQ $32, AX
	DECQ BX
	JNZ lnb2_sumloop
lnb2_sumtail:
	TESTQ $7, R12
	JZ lnb2_sumdone
	LNB2_SUMTAIL
lnb2_sumdone:
	LNB2_DX(lnb2_loop, lnb2_tail, lnb2_next, lnb2_row)
lnb2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormBackwardSumsRowsAVX2(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32, part *float32)
//
// layerNormBackwardRowsAVX2 that also adds each row's dy*xhat and dy to
// part, in the layout of the AVX-512 kernel: 16-column block b at
// part[32b:] (dw) and part[32b+16:] (db). The row sums run in the same
// order as layerNormBackwardRowsAVX2's, so dx is the same to the bit.
TEXT ·layerNormBackwardSumsRowsAVX2(SB), NOSPLIT, $8-80
	DENORMALS_OFF
	LNB2_ARGS
	MOVQ part+72(FP), CX
	MOVQ R12, R9
	SHRQ $4, R9
lnbs2_row:
	LNB2_ROW(lnbs2_done)
	MOVQ R9, BX
	TESTQ BX, BX
	JZ lnbs2_half
lnbs2_sumloop:
	// 16 columns: part block at (CX)(AX*2), dw then db.
	LNB2_SUM(0)
	LNBS2_PART(0, 64)
	LNB2_SUM(32)
	LNBS2_PART(32, 96)
	ADDQ $64, AX
	DECQ BX
	JNZ lnbs2_sumloop
lnbs2_half:
	TESTQ $8, R12
	JZ lnbs2_tail
	// 8 more full columns, the first half of a block; the tail is then
	// in its second half.
	LNB2_SUM(0)
	LNBS2_PART(0, 64)
	ADDQ $32, AX
	TESTQ $7, R12
	JZ lnbs2_sumdone
	LNB2_SUMTAIL
	LNBS2_PARTTAIL(-32, 32)
	JMP lnbs2_sumdone
lnbs2_tail:
	TESTQ $7, R12
	JZ lnbs2_sumdone
	LNB2_SUMTAIL
	LNBS2_PARTTAIL(0, 64)
lnbs2_sumdone:
	LNB2_DX(lnbs2_loop, lnbs2_dxtail, lnbs2_next, lnbs2_row)
lnbs2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func colSumsAVX2(dst, src *float32, rows, cols, ld int)
//
// dst[j] += Σ_r src[r*ld+j], summed in float64 in row order, 16 columns a
// block.
TEXT ·colSumsAVX2(SB), NOSPLIT, $8-40
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ cols+24(FP), R12
	MOVQ ld+32(FP), R10
	SHLQ $2, R10
	XORQ R13, R13
cs2_block:
	MOVQ R12, CX
	SUBQ R13, CX
	JLE cs2_done
	MOVQ src+8(FP), SI
	LEAQ (SI)(R13*4), SI
	MOVQ rows+16(FP), BX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	CMPQ CX, $16
	JLT cs2_masked
cs2_row:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	CVTADD8(Y4, X4, Y0, Y1, Y6)
	CVTADD8(Y5, X5, Y2, Y3, Y7)
	ADDQ R10, SI
	DECQ BX
	JNZ cs2_row
	STOREADD8(Y0, Y1, (DI)(R13*4), Y8, Y9, X8, X9)
	STOREADD8(Y2, Y3, 32(DI)(R13*4), Y8, Y9, X8, X9)
	ADDQ $16, R13
	JMP cs2_block
cs2_masked:
	// The last, narrower block.
	CS2_BLOCKMASK
cs2_mrow:
	VMASKMOVPS (SI), Y12, Y4
	VMASKMOVPS 32(SI), Y13, Y5
	CVTADD8(Y4, X4, Y0, Y1, Y6)
	CVTADD8(Y5, X5, Y2, Y3, Y7)
	ADDQ R10, SI
	DECQ BX
	JNZ cs2_mrow
	STOREADDMASK8(Y0, Y1, (DI)(R13*4), Y12, Y8, Y9, X8, X9)
	STOREADDMASK8(Y2, Y3, 32(DI)(R13*4), Y13, Y8, Y9, X8, X9)
cs2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormGradsAVX2(dw, db, dy, x, mean, rstd *float32, rows, cols, ld, flags int)
//
// dw[j] += Σ_r dy*(x-mean)*rstd and db[j] += Σ_r dy (flags bit 0: write dw,
// bit 1: write db), summed in float64 in row order, 16 columns a block.
TEXT ·layerNormGradsAVX2(SB), NOSPLIT, $8-80
	DENORMALS_OFF
	MOVQ cols+56(FP), R12
	MOVQ ld+64(FP), R10
	SHLQ $2, R10
	XORQ R13, R13
lng2_block:
	MOVQ R12, CX
	SUBQ R13, CX
	JLE lng2_done
	MOVQ dy+16(FP), SI
	LEAQ (SI)(R13*4), SI
	MOVQ x+24(FP), DX
	LEAQ (DX)(R13*4), DX
	MOVQ mean+32(FP), R9
	MOVQ rstd+40(FP), R11
	MOVQ rows+48(FP), BX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	CMPQ CX, $16
	JLT lng2_masked
	LNG2_ROWS(lng2_row, LOADFULL, LOADFULL)
	LNG2_STORE(lng2_nodw, lng2_nodb, STOREFULL, STOREFULL)
	ADDQ $16, R13
	JMP lng2_block
lng2_masked:
	// The last, narrower block: masks in Y14 and Y15.
	CS2_BLOCKMASK
	VMOVUPS Y12, Y14
	VMOVUPS Y13, Y15
	LNG2_ROWS(lng2_mrow, LOADLO, LOADHI)
	LNG2_STORE(lng2_mnodw, lng2_mnodb, STORELO, STOREHI)
lng2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
