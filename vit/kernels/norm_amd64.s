//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// LayerNorm rows and column sums on AVX-512F. Rows are handled 16 floats at
// a time with a masked tail; column sums run down 16-column blocks, summing
// each column in float64 in row order.

// BLOCKMASK sets K3 to the lanes of the 16-column block starting at column
// R13 of a row of R12 columns (clobbers CX, AX).
#define BLOCKMASK \
	MOVQ R12, CX; \
	SUBQ R13, CX; \
	MOVQ $16, AX; \
	CMPQ CX, AX; \
	CMOVQGT AX, CX; \
	MOVL $1, AX; \
	SHLL CX, AX; \
	DECL AX; \
	KMOVW AX, K3

// HADD reduces the 16 lanes of Z to lane 0 of X (T*: temporaries).
#define HADD(Z, Y, X, TY, TX) \
	VEXTRACTF64X4 $1, Z, TY; \
	VADDPS TY, Y, Y; \
	VEXTRACTF128 $1, Y, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VADDPS TX, X, X

// LNB_ARGS loads the arguments the LayerNorm backward kernels share, and
// the tail mask K1 (clobbers CX, AX).
#define LNB_ARGS \
	MOVQ dx+0(FP), DI; \
	MOVQ dy+8(FP), DX; \
	MOVQ x+16(FP), SI; \
	MOVQ mean+24(FP), R10; \
	MOVQ rstd+32(FP), R11; \
	MOVQ w+40(FP), R13; \
	MOVQ rows+48(FP), R8; \
	MOVQ dim+56(FP), R12; \
	MOVQ R12, CX; \
	ANDQ $15, CX; \
	MOVL $1, AX; \
	SHLL CX, AX; \
	DECL AX; \
	KMOVW AX, K1; \
	MOVQ R12, R9; \
	SHRQ $4, R9; \
	VMOVSS invDim+64(FP), X15

// LNB_ROW starts a row of the LayerNorm backward: its mean and rstd in Z2
// and Z3, the sums of g and g*xhat (Z0, Z1) cleared, BX full blocks to go
// (straight to sumtail when none); done when no row is left.
#define LNB_ROW(done, sumtail) \
	TESTQ R8, R8; \
	JZ done; \
	VBROADCASTSS (R10), Z2; \
	VBROADCASTSS (R11), Z3; \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	XORQ AX, AX; \
	MOVQ R9, BX; \
	TESTQ BX, BX; \
	JZ sumtail

// LNB_DX finishes a row of the LayerNorm backward once Z0 and Z1 hold its
// lane sums of g and g*xhat: dx += (g - mean(g) - xhat*mean(g*xhat)) *
// rstd, then on to the next row (label row).
#define LNB_DX(loop, tail, row) \
	HADD(Z0, Y0, X0, Y6, X6); \
	HADD(Z1, Y1, X1, Y6, X6); \
	VMULSS X15, X0, X0; \
	VMULSS X15, X1, X1; \
	VBROADCASTSS X0, Z7; \
	VBROADCASTSS X1, Z8; \
	XORQ AX, AX; \
	MOVQ R9, BX; \
	TESTQ BX, BX; \
	JZ tail; \
loop: \
	VMOVUPS (DX)(AX*1), Z4; \
	VMULPS (R13)(AX*1), Z4, Z4; \
	VSUBPS Z7, Z4, Z4; \
	VMOVUPS (SI)(AX*1), Z5; \
	VSUBPS Z2, Z5, Z5; \
	VMULPS Z3, Z5, Z5; \
	VFNMADD231PS Z8, Z5, Z4; \
	VMOVUPS (DI)(AX*1), Z6; \
	VFMADD231PS Z3, Z4, Z6; \
	VMOVUPS Z6, (DI)(AX*1); \
	ADDQ $64, AX; \
	DECQ BX; \
	JNZ loop; \
tail: \
	VMOVUPS.Z (DX)(AX*1), K1, Z4; \
	VMOVUPS.Z (R13)(AX*1), K1, Z6; \
	VMULPS Z6, Z4, Z4; \
	VSUBPS Z7, Z4, Z4; \
	VMOVUPS.Z (SI)(AX*1), K1, Z5; \
	VSUBPS Z2, Z5, Z5; \
	VMULPS Z3, Z5, Z5; \
	VFNMADD231PS Z8, Z5, Z4; \
	VMOVUPS.Z (DI)(AX*1), K1, Z6; \
	VFMADD231PS Z3, Z4, Z6; \
	VMOVUPS Z6, K1, (DI)(AX*1); \
	LEAQ (SI)(R12*4), SI; \
	LEAQ (DX)(R12*4), DX; \
	LEAQ (DI)(R12*4), DI; \
	ADDQ $4, R10; \
	ADDQ $4, R11; \
	DECQ R8; \
	JMP row

// func layerNormRowsAVX512(out, mean, rstd, x, w, b *float32, rows, dim int, invDim, eps float32)
TEXT ·layerNormRowsAVX512(SB), NOSPLIT, $8-72
	DENORMALS_OFF
	MOVQ out+0(FP), DI
	MOVQ mean+8(FP), R10
	MOVQ rstd+16(FP), R11
	MOVQ x+24(FP), SI
	MOVQ rows+48(FP), R8
	MOVQ dim+56(FP), R12
	// K1: tail lanes; R9: full vectors per row; dim as float in X15.
	MOVQ R12, CX
	ANDQ $15, CX
	MOVL $1, AX
	SHLL CX, AX
	DECL AX
	KMOVW AX, K1
	MOVQ R12, R9
	SHRQ $4, R9
	VMOVSS invDim+64(FP), X15
	VMOVSS eps+68(FP), X14
ln_row:
	TESTQ R8, R8
	JZ ln_done
	// mean
	VPXORD Z0, Z0, Z0
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln_sumtail
ln_sumloop:
	VADDPS (SI)(DX*1), Z0, Z0
	ADDQ $64, DX
	DECQ BX
	JNZ ln_sumloop
ln_sumtail:
	VMOVUPS.Z (SI)(DX*1), K1, Z1
	VADDPS Z1, Z0, Z0
	HADD(Z0, Y0, X0, Y1, X1)
	VMULSS X15, X0, X0
	VMOVSS X0, (R10)
	VBROADCASTSS X0, Z2          // mean
	// variance, two-pass
	VPXORD Z0, Z0, Z0
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln_vartail
ln_varloop:
	VMOVUPS (SI)(DX*1), Z1
	VSUBPS Z2, Z1, Z1
	VFMADD231PS Z1, Z1, Z0
	ADDQ $64, DX
	DECQ BX
	JNZ ln_varloop
ln_vartail:
	VMOVUPS.Z (SI)(DX*1), K1, Z1
	VSUBPS.Z Z2, Z1, K1, Z1
	VFMADD231PS Z1, Z1, Z0
	HADD(Z0, Y0, X0, Y1, X1)
	VMULSS X15, X0, X0
	VADDSS X14, X0, X0
	VSQRTSS X0, X0, X0
	MOVL $0x3f800000, AX
	VMOVD AX, X1
	VDIVSS X0, X1, X0
	VMOVSS X0, (R11)
	VBROADCASTSS X0, Z3          // 1/std
	// out = (x - mean) * rstd * w + b
	MOVQ w+32(FP), R13
	MOVQ b+40(FP), CX
	XORQ DX, DX
	MOVQ R9, BX
	TESTQ BX, BX
	JZ ln_outtail
ln_outloop:
	VMOVUPS (SI)(DX*1), Z1
	VSUBPS Z2, Z1, Z1
	VMULPS Z3, Z1, Z1
	VMOVUPS (CX)(DX*1), Z4
	VFMADD231PS (R13)(DX*1), Z1, Z4
	VMOVUPS Z4, (DI)(DX*1)
	ADDQ $64, DX
	DECQ BX
	JNZ ln_outloop
ln_outtail:
	VMOVUPS.Z (SI)(DX*1), K1, Z1
	VSUBPS Z2, Z1, Z1
	VMULPS Z3, Z1, Z1
	VMOVUPS.Z (CX)(DX*1), K1, Z4
	VMOVUPS.Z (R13)(DX*1), K1, Z5
	VFMADD231PS Z5, Z1, Z4
	VMOVUPS Z4, K1, (DI)(DX*1)
	// next row
	LEAQ (SI)(R12*4), SI
	LEAQ (DI)(R12*4), DI
	ADDQ $4, R10
	ADDQ $4, R11
	DECQ R8
	JMP ln_row
ln_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormBackwardRowsAVX512(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32)
//
// dx += (g - mean(g) - xhat*mean(g*xhat)) * rstd per row, g = dy*w.
TEXT ·layerNormBackwardRowsAVX512(SB), NOSPLIT, $8-68
	DENORMALS_OFF
	LNB_ARGS
lnb_row:
	LNB_ROW(lnb_done, lnb_sumtail)
lnb_sumloop:
	VMOVUPS (DX)(AX*1), Z4
	VMULPS (R13)(AX*1), Z4, Z4
	VADDPS Z4, Z0, Z0
	VMOVUPS (SI)(AX*1), Z5
	VSUBPS Z2, Z5, Z5
	VMULPS Z3, Z5, Z5
	VFMADD231PS Z5, Z4, Z1
	ADDQ $64, AX
	DECQ BX
	JNZ lnb_sumloop
lnb_sumtail:
	VMOVUPS.Z (DX)(AX*1), K1, Z4
	VMOVUPS.Z (R13)(AX*1), K1, Z6
	VMULPS Z6, Z4, Z4
	VADDPS Z4, Z0, Z0
	VMOVUPS.Z (SI)(AX*1), K1, Z5
	VSUBPS Z2, Z5, Z5
	VMULPS Z3, Z5, Z5
	VFMADD231PS Z5, Z4, Z1
	LNB_DX(lnb_loop, lnb_tail, lnb_row)
lnb_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormBackwardSumsRowsAVX512(dx, dy, x, mean, rstd, w *float32, rows, dim int, invDim float32, part *float32)
//
// layerNormBackwardRowsAVX512 that also adds each row's dy*xhat and dy to
// part, 16-column block b at part[32b:] (dw) and part[32b+16:] (db), in the
// pass that computes the row's sums anyway: the weight and bias gradients
// then need no second trip through dy and x.
TEXT ·layerNormBackwardSumsRowsAVX512(SB), NOSPLIT, $8-80
	DENORMALS_OFF
	LNB_ARGS
	MOVQ part+72(FP), CX
lnbs_row:
	LNB_ROW(lnbs_done, lnbs_sumtail)
lnbs_sumloop:
	VMOVUPS (DX)(AX*1), Z9
	VMULPS (R13)(AX*1), Z9, Z4
	VADDPS Z4, Z0, Z0
	VMOVUPS (SI)(AX*1), Z5
	VSUBPS Z2, Z5, Z5
	VMULPS Z3, Z5, Z5
	VFMADD231PS Z5, Z4, Z1
	VMOVUPS (CX)(AX*2), Z10      // this block's dw
	VFMADD231PS Z5, Z9, Z10
	VMOVUPS Z10, (CX)(AX*2)
	VADDPS 64(CX)(AX*2), Z9, Z11 // and db
	VMOVUPS Z11, 64(CX)(AX*2)
	ADDQ $64, AX
	DECQ BX
	JNZ lnbs_sumloop
lnbs_sumtail:
	VMOVUPS.Z (DX)(AX*1), K1, Z9
	VMOVUPS.Z (R13)(AX*1), K1, Z6
	VMULPS Z6, Z9, Z4
	VADDPS Z4, Z0, Z0
	VMOVUPS.Z (SI)(AX*1), K1, Z5
	VSUBPS Z2, Z5, Z5
	VMULPS Z3, Z5, Z5
	VFMADD231PS Z5, Z4, Z1
	VMOVUPS.Z (CX)(AX*2), K1, Z10
	VFMADD231PS Z5, Z9, Z10
	VMOVUPS Z10, K1, (CX)(AX*2)
	VMOVUPS.Z 64(CX)(AX*2), K1, Z11
	VADDPS Z9, Z11, Z11
	VMOVUPS Z11, K1, 64(CX)(AX*2)
	LNB_DX(lnbs_loop, lnbs_tail, lnbs_row)
lnbs_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET


// CVTADD adds the 16 floats of Z (Y its low half) as doubles to LO and HI
// (T a temporary).
#define CVTADD(Z, Y, LO, HI, TY, TZ) \
	VCVTPS2PD Y, TZ; \
	VADDPD TZ, LO, LO; \
	VEXTRACTF64X4 $1, Z, TY; \
	VCVTPS2PD TY, TZ; \
	VADDPD TZ, HI, HI

// STOREADD adds float32(LO, HI) to the 16 floats at (P), lanes in K3.
#define STOREADD(LO, HI, P) \
	VCVTPD2PS LO, Y10; \
	VCVTPD2PS HI, Y11; \
	VINSERTF64X4 $1, Y11, Z10, Z10; \
	VMOVUPS.Z P, K3, Z11; \
	VADDPS Z10, Z11, Z11; \
	VMOVUPS Z11, K3, P

// func colSumsAVX512(dst, src *float32, rows, cols, ld int)
//
// dst[j] += Σ_r src[r*ld+j], summed in float64 in row order.
TEXT ·colSumsAVX512(SB), NOSPLIT, $8-40
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ cols+24(FP), R12
	MOVQ ld+32(FP), R10
	SHLQ $2, R10
	XORQ R13, R13
cs_block:
	CMPQ R13, R12
	JGE cs_done
	BLOCKMASK
	MOVQ src+8(FP), SI
	LEAQ (SI)(R13*4), SI
	MOVQ rows+16(FP), BX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	TESTQ BX, BX
	JZ cs_store
cs_row:
	VMOVUPS.Z (SI), K3, Z2
	CVTADD(Z2, Y2, Z0, Z1, Y3, Z4)
	ADDQ R10, SI
	DECQ BX
	JNZ cs_row
cs_store:
	STOREADD(Z0, Z1, (DI)(R13*4))
	ADDQ $16, R13
	JMP cs_block
cs_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func layerNormGradsAVX512(dw, db, dy, x, mean, rstd *float32, rows, cols, ld, flags int)
//
// dw[j] += Σ_r dy*(x-mean)*rstd and db[j] += Σ_r dy (flags bit 0: write dw,
// bit 1: write db), summed in float64 in row order.
TEXT ·layerNormGradsAVX512(SB), NOSPLIT, $8-80
	DENORMALS_OFF
	MOVQ cols+56(FP), R12
	MOVQ ld+64(FP), R10
	SHLQ $2, R10
	XORQ R13, R13
lng_block:
	CMPQ R13, R12
	JGE lng_done
	BLOCKMASK
	MOVQ dy+16(FP), SI
	LEAQ (SI)(R13*4), SI
	MOVQ x+24(FP), DX
	LEAQ (DX)(R13*4), DX
	MOVQ mean+32(FP), R9
	MOVQ rstd+40(FP), R11
	MOVQ rows+48(FP), BX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	TESTQ BX, BX
	JZ lng_store
lng_row:
	VMOVUPS.Z (SI), K3, Z4
	VMOVUPS.Z (DX), K3, Z5
	VBROADCASTSS (R9), Z6
	VSUBPS Z6, Z5, Z5
	VMULPS.BCST (R11), Z5, Z5
	VMULPS Z4, Z5, Z5
	CVTADD(Z5, Y5, Z0, Z1, Y7, Z8)
	CVTADD(Z4, Y4, Z2, Z3, Y7, Z8)
	ADDQ R10, SI
	ADDQ R10, DX
	ADDQ $4, R9
	ADDQ $4, R11
	DECQ BX
	JNZ lng_row
lng_store:
	MOVQ flags+72(FP), AX
	TESTQ $1, AX
	JZ lng_nodw
	MOVQ dw+0(FP), DI
	STOREADD(Z0, Z1, (DI)(R13*4))
lng_nodw:
	MOVQ flags+72(FP), AX
	TESTQ $2, AX
	JZ lng_nodb
	MOVQ db+8(FP), DI
	STOREADD(Z2, Z3, (DI)(R13*4))
lng_nodb:
	ADDQ $16, R13
	JMP lng_block
lng_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
