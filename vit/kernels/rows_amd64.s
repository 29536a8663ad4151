//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// Row kernels on AVX-512F: GELU (erf form) forward and backward, softmax over
// rows and its backward. Every loop handles 16 floats per step and a masked
// tail, so any length works without reading or writing past the end.

// Constants, as float32 bit patterns (offsets in bytes).
DATA rowConsts<>+0(SB)/4, $0x3f3504f3   // 1/sqrt(2)
DATA rowConsts<>+4(SB)/4, $0x40800000   // 4
DATA rowConsts<>+8(SB)/4, $0xc0800000   // -4
// erf(t) ~ t*P(t^2)/Q(t^2) on [-4, 4] (Eigen's float erf)
DATA rowConsts<>+12(SB)/4, $0xaf95df0b  // P: t^12 -2.72614225801306e-10
DATA rowConsts<>+16(SB)/4, $0x32edffee  //     t^10  2.77068142495902e-08
DATA rowConsts<>+20(SB)/4, $0xb60cff51  //     t^8  -2.10102402082508e-06
DATA rowConsts<>+24(SB)/4, $0xb86ec2d2  //     t^6  -5.69250639462346e-05
DATA rowConsts<>+28(SB)/4, $0xba40ac63  //     t^4  -7.34990630326855e-04
DATA rowConsts<>+32(SB)/4, $0xbb41a1f6  //     t^2  -2.95459980854025e-03
DATA rowConsts<>+36(SB)/4, $0xbc83dbd4  //     1    -1.60960333262415e-02
DATA rowConsts<>+40(SB)/4, $0xb77460cd  // Q: t^8  -1.45660718464996e-05
DATA rowConsts<>+44(SB)/4, $0xb95fbd29  //     t^6  -2.13374055278905e-04
DATA rowConsts<>+48(SB)/4, $0xbadc924e  //     t^4  -1.68282697438203e-03
DATA rowConsts<>+52(SB)/4, $0xbbf19bf8  //     t^2  -7.37332916720468e-03
DATA rowConsts<>+56(SB)/4, $0xbc69b6a7  //     1    -1.42647390514189e-02
DATA rowConsts<>+60(SB)/4, $0x3f000000  // 0.5
DATA rowConsts<>+64(SB)/4, $0x3f800000  // 1
// exp(x) = 2^n * e^r, n = round(x*log2(e)), r = x - n*ln2 (ln2 split in
// two), e^r = 1 + r + r^2*poly(r) (Cephes expf)
DATA rowConsts<>+68(SB)/4, $0xc2aeac50  // lowest input, -87.3365
DATA rowConsts<>+72(SB)/4, $0x3fb8aa3b  // log2(e)
DATA rowConsts<>+76(SB)/4, $0x3f318000  // ln2 high part 0.693359375
DATA rowConsts<>+80(SB)/4, $0xb95e8083  // ln2 low part -2.12194440e-4
DATA rowConsts<>+84(SB)/4, $0x39506967  // 1.9875691500e-4
DATA rowConsts<>+88(SB)/4, $0x3ab743ce  // 1.3981999507e-3
DATA rowConsts<>+92(SB)/4, $0x3c088908  // 8.3334519073e-3
DATA rowConsts<>+96(SB)/4, $0x3d2aa9c1  // 4.1665795894e-2
DATA rowConsts<>+100(SB)/4, $0x3e2aaaaa // 1.6666665459e-1
DATA rowConsts<>+104(SB)/4, $0x3f000000 // 5.0000001201e-1
DATA rowConsts<>+108(SB)/4, $0x3ecc422a // 1/sqrt(2*pi)
DATA rowConsts<>+112(SB)/4, $0xbf000000 // -0.5
DATA rowConsts<>+116(SB)/4, $0xff800000 // -inf
GLOBL rowConsts<>(SB), RODATA|NOPTR, $120

// LOADEXP puts the exp constants in Z21-Z31.
#define LOADEXP \
	VBROADCASTSS rowConsts<>+72(SB), Z31; \
	VBROADCASTSS rowConsts<>+76(SB), Z30; \
	VBROADCASTSS rowConsts<>+80(SB), Z29; \
	VBROADCASTSS rowConsts<>+84(SB), Z28; \
	VBROADCASTSS rowConsts<>+88(SB), Z27; \
	VBROADCASTSS rowConsts<>+92(SB), Z26; \
	VBROADCASTSS rowConsts<>+96(SB), Z25; \
	VBROADCASTSS rowConsts<>+100(SB), Z24; \
	VBROADCASTSS rowConsts<>+104(SB), Z23; \
	VBROADCASTSS rowConsts<>+64(SB), Z22; \
	VBROADCASTSS rowConsts<>+68(SB), Z21

// EXP sets X = exp(X) using temporaries N and R (needs LOADEXP). Inputs below
// -87.34 give about 0; NaN stays NaN.
#define EXP(X, N, R) \
	VMAXPS X, Z21, X; \
	VMULPS Z31, X, N; \
	VRNDSCALEPS $0, N, N; \
	VFNMADD231PS Z30, N, X; \
	VFNMADD231PS Z29, N, X; \
	VMOVAPS Z28, R; \
	VFMADD213PS Z27, X, R; \
	VFMADD213PS Z26, X, R; \
	VFMADD213PS Z25, X, R; \
	VFMADD213PS Z24, X, R; \
	VFMADD213PS Z23, X, R; \
	VFMADD213PS Z22, X, R; \
	VFMADD213PS Z22, X, R; \
	VSCALEFPS N, R, X

// ERF sets E = erf(X/sqrt(2)) using temporaries T and Q; R9 points at
// rowConsts. The division P/Q is a reciprocal estimate refined by one Newton
// step (relative error ~1e-8), much cheaper than VDIVPS.
#define ERF(X, E, T, Q) \
	VMULPS.BCST 0(R9), X, T; \
	VMINPS.BCST 4(R9), T, T; \
	VMAXPS.BCST 8(R9), T, T; \
	VMULPS T, T, Q; \
	VBROADCASTSS 12(R9), E; \
	VFMADD213PS.BCST 16(R9), Q, E; \
	VFMADD213PS.BCST 20(R9), Q, E; \
	VFMADD213PS.BCST 24(R9), Q, E; \
	VFMADD213PS.BCST 28(R9), Q, E; \
	VFMADD213PS.BCST 32(R9), Q, E; \
	VFMADD213PS.BCST 36(R9), Q, E; \
	VMULPS T, E, E; \
	VBROADCASTSS 40(R9), T; \
	VFMADD213PS.BCST 44(R9), Q, T; \
	VFMADD213PS.BCST 48(R9), Q, T; \
	VFMADD213PS.BCST 52(R9), Q, T; \
	VFMADD213PS.BCST 56(R9), Q, T; \
	VRCP14PS T, Q; \
	VFNMADD213PS.BCST 64(R9), Q, T; \
	VFMADD231PS T, Q, Q; \
	VMULPS Q, E, E

// TAILMASK sets K1 to the low (N mod 16) bits, N in CX (clobbers CX, AX).
#define TAILMASK \
	ANDQ $15, CX; \
	MOVL $1, AX; \
	SHLL CX, AX; \
	DECL AX; \
	KMOVW AX, K1

// HSUM reduces the 16 lanes of Z (X, Y its lower halves) to lane 0 of X,
// with T a temporary (T as Y, U as X: its halves).
#define HSUM(Z, Y, X, TZ, TY, TX) \
	VEXTRACTF64X4 $1, Z, TY; \
	VADDPS TY, Y, Y; \
	VEXTRACTF128 $1, Y, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VADDPS TX, X, X

#define HMAX(Z, Y, X, TZ, TY, TX) \
	VEXTRACTF64X4 $1, Z, TY; \
	VMAXPS TY, Y, Y; \
	VEXTRACTF128 $1, Y, TX; \
	VMAXPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VMAXPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VMAXPS TX, X, X

// func geluErfAVX512(dst, x *float32, n int)
TEXT ·geluErfAVX512(SB), NOSPLIT, $8-24
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	LEAQ rowConsts<>(SB), R9
	VBROADCASTSS 60(R9), Z16
	MOVQ CX, BX
	SHRQ $4, BX
	JZ gelu_tail
gelu_loop:
	VMOVUPS (SI), Z0
	ERF(Z0, Z1, Z2, Z3)
	VMULPS Z16, Z0, Z0
	VFMADD213PS Z0, Z1, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ BX
	JNZ gelu_loop
gelu_tail:
	TAILMASK
	JZ gelu_done
	VMOVUPS.Z (SI), K1, Z0
	ERF(Z0, Z1, Z2, Z3)
	VMULPS Z16, Z0, Z0
	VFMADD213PS Z0, Z1, Z0
	VMOVUPS Z0, K1, (DI)
gelu_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func geluErfBackwardAVX512(dx, x, dy *float32, n int)
TEXT ·geluErfBackwardAVX512(SB), NOSPLIT, $8-32
	DENORMALS_OFF
	MOVQ dx+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	LEAQ rowConsts<>(SB), R9
	LOADEXP
	VBROADCASTSS 60(R9), Z16
	VBROADCASTSS 108(R9), Z17
	VBROADCASTSS 112(R9), Z18
	MOVQ CX, BX
	SHRQ $4, BX
	JZ geluback_tail
geluback_loop:
	VMOVUPS (SI), Z0
	ERF(Z0, Z1, Z2, Z3)
	VFMADD213PS Z16, Z16, Z1
	VMULPS Z0, Z0, Z4
	VMULPS Z18, Z4, Z4
	EXP(Z4, Z5, Z6)
	VMULPS Z17, Z4, Z4
	VFMADD231PS Z4, Z0, Z1
	VMULPS (DX), Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	DECQ BX
	JNZ geluback_loop
geluback_tail:
	TAILMASK
	JZ geluback_done
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DX), K1, Z7
	ERF(Z0, Z1, Z2, Z3)
	VFMADD213PS Z16, Z16, Z1
	VMULPS Z0, Z0, Z4
	VMULPS Z18, Z4, Z4
	EXP(Z4, Z5, Z6)
	VMULPS Z17, Z4, Z4
	VFMADD231PS Z4, Z0, Z1
	VMULPS Z7, Z1, Z1
	VMOVUPS Z1, K1, (DI)
geluback_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func softmaxRowsAVX512(x *float32, rows, cols, ld int)
TEXT ·softmaxRowsAVX512(SB), NOSPLIT, $8-32
	DENORMALS_OFF
	MOVQ x+0(FP), DI
	MOVQ rows+8(FP), R8
	MOVQ cols+16(FP), R11
	MOVQ ld+24(FP), R10
	SHLQ $2, R10
	LEAQ rowConsts<>(SB), R9
	LOADEXP
	VBROADCASTSS 116(R9), Z20
	MOVQ R11, CX
	TAILMASK
	MOVQ R11, R12
	ANDQ $15, R12
	SHRQ $4, R11
	LEAQ (R10)(R10*2), R13
softmax_quad:
	// Four rows at a time: each row's sums run in the same order as alone,
	// but the four latency chains (max, reductions, exp) overlap.
	CMPQ R8, $4
	JLT softmax_row
	MOVQ DI, SI
	VMOVAPS Z20, Z0
	VMOVAPS Z20, Z1
	VMOVAPS Z20, Z2
	VMOVAPS Z20, Z3
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_quad_maxtail
softmax_quad_maxloop:
	VMAXPS (SI), Z0, Z0
	VMAXPS (SI)(R10*1), Z1, Z1
	VMAXPS (SI)(R10*2), Z2, Z2
	VMAXPS (SI)(R13*1), Z3, Z3
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_quad_maxloop
softmax_quad_maxtail:
	TESTQ R12, R12
	JZ softmax_quad_maxred
	VMOVAPS Z20, Z4
	VMOVUPS (SI), K1, Z4
	VMAXPS Z4, Z0, Z0
	VMOVAPS Z20, Z5
	VMOVUPS (SI)(R10*1), K1, Z5
	VMAXPS Z5, Z1, Z1
	VMOVAPS Z20, Z6
	VMOVUPS (SI)(R10*2), K1, Z6
	VMAXPS Z6, Z2, Z2
	VMOVAPS Z20, Z7
	VMOVUPS (SI)(R13*1), K1, Z7
	VMAXPS Z7, Z3, Z3
softmax_quad_maxred:
	HMAX(Z0, Y0, X0, Z4, Y4, X4)
	HMAX(Z1, Y1, X1, Z5, Y5, X5)
	HMAX(Z2, Y2, X2, Z6, Y6, X6)
	HMAX(Z3, Y3, X3, Z7, Y7, X7)
	VBROADCASTSS X0, Z12
	VPXORD Z0, Z0, Z0
	VBROADCASTSS X1, Z13
	VPXORD Z1, Z1, Z1
	VBROADCASTSS X2, Z14
	VPXORD Z2, Z2, Z2
	VBROADCASTSS X3, Z15
	VPXORD Z3, Z3, Z3
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_quad_exptail
softmax_quad_exploop:
	VMOVUPS (SI), Z8
	VSUBPS Z12, Z8, Z8
	VMOVUPS (SI)(R10*1), Z9
	VSUBPS Z13, Z9, Z9
	VMOVUPS (SI)(R10*2), Z10
	VSUBPS Z14, Z10, Z10
	VMOVUPS (SI)(R13*1), Z11
	VSUBPS Z15, Z11, Z11
	EXP(Z8, Z16, Z4)
	EXP(Z9, Z17, Z5)
	EXP(Z10, Z18, Z6)
	EXP(Z11, Z19, Z7)
	VMOVUPS Z8, (SI)
	VADDPS Z8, Z0, Z0
	VMOVUPS Z9, (SI)(R10*1)
	VADDPS Z9, Z1, Z1
	VMOVUPS Z10, (SI)(R10*2)
	VADDPS Z10, Z2, Z2
	VMOVUPS Z11, (SI)(R13*1)
	VADDPS Z11, Z3, Z3
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_quad_exploop
softmax_quad_exptail:
	TESTQ R12, R12
	JZ softmax_quad_sumred
	VMOVUPS.Z (SI), K1, Z8
	VSUBPS Z12, Z8, Z8
	VMOVUPS.Z (SI)(R10*1), K1, Z9
	VSUBPS Z13, Z9, Z9
	VMOVUPS.Z (SI)(R10*2), K1, Z10
	VSUBPS Z14, Z10, Z10
	VMOVUPS.Z (SI)(R13*1), K1, Z11
	VSUBPS Z15, Z11, Z11
	EXP(Z8, Z16, Z4)
	EXP(Z9, Z17, Z5)
	EXP(Z10, Z18, Z6)
	EXP(Z11, Z19, Z7)
	VMOVUPS Z8, K1, (SI)
	VADDPS Z8, Z0, K1, Z0
	VMOVUPS Z9, K1, (SI)(R10*1)
	VADDPS Z9, Z1, K1, Z1
	VMOVUPS Z10, K1, (SI)(R10*2)
	VADDPS Z10, Z2, K1, Z2
	VMOVUPS Z11, K1, (SI)(R13*1)
	VADDPS Z11, Z3, K1, Z3
softmax_quad_sumred:
	HSUM(Z0, Y0, X0, Z4, Y4, X4)
	HSUM(Z1, Y1, X1, Z5, Y5, X5)
	HSUM(Z2, Y2, X2, Z6, Y6, X6)
	HSUM(Z3, Y3, X3, Z7, Y7, X7)
	VMOVSS 64(R9), X4
	VDIVSS X0, X4, X4
	VBROADCASTSS X4, Z12
	VMOVSS 64(R9), X5
	VDIVSS X1, X5, X5
	VBROADCASTSS X5, Z13
	VMOVSS 64(R9), X6
	VDIVSS X2, X6, X6
	VBROADCASTSS X6, Z14
	VMOVSS 64(R9), X7
	VDIVSS X3, X7, X7
	VBROADCASTSS X7, Z15
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_quad_scaletail
softmax_quad_scaleloop:
	VMULPS (SI), Z12, Z8
	VMOVUPS Z8, (SI)
	VMULPS (SI)(R10*1), Z13, Z9
	VMOVUPS Z9, (SI)(R10*1)
	VMULPS (SI)(R10*2), Z14, Z10
	VMOVUPS Z10, (SI)(R10*2)
	VMULPS (SI)(R13*1), Z15, Z11
	VMOVUPS Z11, (SI)(R13*1)
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_quad_scaleloop
softmax_quad_scaletail:
	TESTQ R12, R12
	JZ softmax_quad_next
	VMOVUPS.Z (SI), K1, Z8
	VMULPS Z12, Z8, Z8
	VMOVUPS Z8, K1, (SI)
	VMOVUPS.Z (SI)(R10*1), K1, Z9
	VMULPS Z13, Z9, Z9
	VMOVUPS Z9, K1, (SI)(R10*1)
	VMOVUPS.Z (SI)(R10*2), K1, Z10
	VMULPS Z14, Z10, Z10
	VMOVUPS Z10, K1, (SI)(R10*2)
	VMOVUPS.Z (SI)(R13*1), K1, Z11
	VMULPS Z15, Z11, Z11
	VMOVUPS Z11, K1, (SI)(R13*1)
softmax_quad_next:
	LEAQ (DI)(R10*4), DI
	SUBQ $4, R8
	JMP softmax_quad
softmax_row:
	TESTQ R8, R8
	JZ softmax_done
	// max
	VMOVAPS Z20, Z0
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_maxtail
softmax_maxloop:
	VMAXPS (SI), Z0, Z0
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_maxloop
softmax_maxtail:
	TESTQ R12, R12
	JZ softmax_maxred
	VMOVAPS Z20, Z1
	VMOVUPS (SI), K1, Z1
	VMAXPS Z1, Z0, Z0
softmax_maxred:
	HMAX(Z0, Y0, X0, Z1, Y1, X1)
	VBROADCASTSS X0, Z2
	// exp(x - max), sum
	VPXORD Z3, Z3, Z3
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_exptail
softmax_exploop:
	VMOVUPS (SI), Z0
	VSUBPS Z2, Z0, Z0
	EXP(Z0, Z4, Z5)
	VMOVUPS Z0, (SI)
	VADDPS Z0, Z3, Z3
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_exploop
softmax_exptail:
	TESTQ R12, R12
	JZ softmax_sumred
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS Z2, Z0, Z0
	EXP(Z0, Z4, Z5)
	VMOVUPS Z0, K1, (SI)
	VADDPS Z0, Z3, K1, Z3
softmax_sumred:
	HSUM(Z3, Y3, X3, Z1, Y1, X1)
	VMOVSS 64(R9), X6
	VDIVSS X3, X6, X6
	VBROADCASTSS X6, Z6
	// scale by 1/sum
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax_scaletail
softmax_scaleloop:
	VMULPS (SI), Z6, Z0
	VMOVUPS Z0, (SI)
	ADDQ $64, SI
	DECQ BX
	JNZ softmax_scaleloop
softmax_scaletail:
	TESTQ R12, R12
	JZ softmax_next
	VMOVUPS.Z (SI), K1, Z0
	VMULPS Z6, Z0, Z0
	VMOVUPS Z0, K1, (SI)
softmax_next:
	ADDQ R10, DI
	DECQ R8
	JMP softmax_row
softmax_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func softmaxRowsBackwardAVX512(dx, y, dy *float32, rows, cols, ld int)
TEXT ·softmaxRowsBackwardAVX512(SB), NOSPLIT, $8-48
	DENORMALS_OFF
	MOVQ dx+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ rows+24(FP), R8
	MOVQ cols+32(FP), R11
	MOVQ ld+40(FP), R10
	SHLQ $2, R10
	MOVQ R11, CX
	TAILMASK
	MOVQ R11, R12
	ANDQ $15, R12
	SHRQ $4, R11
smback_row:
	TESTQ R8, R8
	JZ smback_done
	// dot = sum(dy*y)
	VPXORD Z0, Z0, Z0
	XORQ AX, AX
	MOVQ R11, BX
	TESTQ BX, BX
	JZ smback_dottail
smback_dotloop:
	VMOVUPS (SI)(AX*1), Z1
	VFMADD231PS (DX)(AX*1), Z1, Z0
	ADDQ $64, AX
	DECQ BX
	JNZ smback_dotloop
smback_dottail:
	TESTQ R12, R12
	JZ smback_dotred
	VMOVUPS.Z (SI)(AX*1), K1, Z1
	VMOVUPS.Z (DX)(AX*1), K1, Z2
	VFMADD231PS Z2, Z1, Z0
smback_dotred:
	HSUM(Z0, Y0, X0, Z1, Y1, X1)
	VBROADCASTSS X0, Z3
	// dx = y*(dy - dot)
	XORQ AX, AX
	MOVQ R11, BX
	TESTQ BX, BX
	JZ smback_tail
smback_loop:
	VMOVUPS (DX)(AX*1), Z1
	VSUBPS Z3, Z1, Z1
	VMULPS (SI)(AX*1), Z1, Z1
	VMOVUPS Z1, (DI)(AX*1)
	ADDQ $64, AX
	DECQ BX
	JNZ smback_loop
smback_tail:
	TESTQ R12, R12
	JZ smback_next
	VMOVUPS.Z (DX)(AX*1), K1, Z1
	VMOVUPS.Z (SI)(AX*1), K1, Z2
	VSUBPS Z3, Z1, Z1
	VMULPS Z2, Z1, Z1
	VMOVUPS Z1, K1, (DI)(AX*1)
smback_next:
	ADDQ R10, DI
	ADDQ R10, SI
	ADDQ R10, DX
	DECQ R8
	JMP smback_row
smback_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func addAVX512(dst, x *float32, n int)
//
// dst[i] += x[i] for i < n, four vectors a round.
TEXT ·addAVX512(SB), NOSPLIT, $8-24
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ CX, BX
	SHRQ $6, BX
	JZ add_vectors
add_loop:
	VMOVUPS (DI), Z0
	VMOVUPS 64(DI), Z1
	VMOVUPS 128(DI), Z2
	VMOVUPS 192(DI), Z3
	VADDPS (SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	VADDPS 128(SI), Z2, Z2
	VADDPS 192(SI), Z3, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	DECQ BX
	JNZ add_loop
add_vectors:
	MOVQ CX, BX
	ANDQ $63, BX
	SHRQ $4, BX
	JZ add_tail
add_vector:
	VMOVUPS (DI), Z0
	VADDPS (SI), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ BX
	JNZ add_vector
add_tail:
	TAILMASK
	JZ add_done
	VMOVUPS.Z (DI), K1, Z0
	VMOVUPS.Z (SI), K1, Z1
	VADDPS Z1, Z0, Z0
	VMOVUPS Z0, K1, (DI)
add_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func reluAVX512(x *float32, n int)
//
// x[i] = max(x[i], 0) for i < n, in place. VMAXPS returns its second
// source when either is NaN or both are zeros, so with x there NaN and -0
// pass through unchanged, as `if x < 0 { x = 0 }` leaves them.
TEXT ·reluAVX512(SB), NOSPLIT, $8-16
	DENORMALS_OFF
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VPXORD Z4, Z4, Z4
	MOVQ CX, BX
	SHRQ $6, BX
	JZ relu_vectors
relu_loop:
	VMAXPS (DI), Z4, Z0
	VMAXPS 64(DI), Z4, Z1
	VMAXPS 128(DI), Z4, Z2
	VMAXPS 192(DI), Z4, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, DI
	DECQ BX
	JNZ relu_loop
relu_vectors:
	MOVQ CX, BX
	ANDQ $63, BX
	SHRQ $4, BX
	JZ relu_tail
relu_vector:
	VMAXPS (DI), Z4, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, DI
	DECQ BX
	JNZ relu_vector
relu_tail:
	TAILMASK
	JZ relu_done
	VMOVUPS.Z (DI), K1, Z0
	VMAXPS Z0, Z4, Z0
	VMOVUPS Z0, K1, (DI)
relu_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
