//go:build !purego

#include "textflag.h"
#include "mxcsr_amd64.h"

// Row kernels on AVX2+FMA: GELU (erf form) forward and backward, softmax
// over rows and its backward, residual add and ReLU. The same algorithms as
// the AVX-512 kernels in rows_amd64.s, 8 floats per step; AVX2 has no mask
// registers, so the last n mod 8 floats go through VMASKMOVPS, which neither
// reads nor writes the lanes it leaves out but addresses the whole vector.
// (Intel documents that those lanes never fault; AMD's manual leaves it to
// the implementation.) So the Go wrappers (bounds_avx2_amd64.go) never hand
// these kernels a tail whose vector reaches past the end of a slice: such a
// tail runs on a copy in a small buffer. The constants are stored eight
// times over, so that each can be an FMA's memory operand (AVX2 has no
// embedded broadcast) and only the hottest need a register.

// C8 stores the float32 bit pattern bits (given twice, as 64 bits) eight
// times at byte offset off of avx2RowConsts.
#define C8(off, bits) \
	DATA avx2RowConsts<>+(off)(SB)/8, $bits; \
	DATA avx2RowConsts<>+(off+8)(SB)/8, $bits; \
	DATA avx2RowConsts<>+(off+16)(SB)/8, $bits; \
	DATA avx2RowConsts<>+(off+24)(SB)/8, $bits

#define C_INVSQRT2 0
#define C_FOUR 32
#define C_MFOUR 64
#define C_P12 96
#define C_P10 128
#define C_P8 160
#define C_P6 192
#define C_P4 224
#define C_P2 256
#define C_P0 288
#define C_Q8 320
#define C_Q6 352
#define C_Q4 384
#define C_Q2 416
#define C_Q0 448
#define C_HALF 480
#define C_ONE 512
#define C_LOWEST 544
#define C_LOG2E 576
#define C_LN2HI 608
#define C_LN2LO 640
#define C_E0 672
#define C_E1 704
#define C_E2 736
#define C_E3 768
#define C_E4 800
#define C_E5 832
#define C_INVSQRT2PI 864
#define C_MHALF 896
#define C_NINF 928
#define C_I127 960

C8(C_INVSQRT2, 0x3f3504f33f3504f3)  // 1/sqrt(2)
C8(C_FOUR, 0x4080000040800000)      // 4
C8(C_MFOUR, 0xc0800000c0800000)     // -4
// erf(t) ~ t*P(t^2)/Q(t^2) on [-4, 4] (Eigen's float erf)
C8(C_P12, 0xaf95df0baf95df0b)       // P: t^12 -2.72614225801306e-10
C8(C_P10, 0x32edffee32edffee)       //     t^10  2.77068142495902e-08
C8(C_P8, 0xb60cff51b60cff51)        //     t^8  -2.10102402082508e-06
C8(C_P6, 0xb86ec2d2b86ec2d2)        //     t^6  -5.69250639462346e-05
C8(C_P4, 0xba40ac63ba40ac63)        //     t^4  -7.34990630326855e-04
C8(C_P2, 0xbb41a1f6bb41a1f6)        //     t^2  -2.95459980854025e-03
C8(C_P0, 0xbc83dbd4bc83dbd4)        //     1    -1.60960333262415e-02
C8(C_Q8, 0xb77460cdb77460cd)        // Q: t^8  -1.45660718464996e-05
C8(C_Q6, 0xb95fbd29b95fbd29)        //     t^6  -2.13374055278905e-04
C8(C_Q4, 0xbadc924ebadc924e)        //     t^4  -1.68282697438203e-03
C8(C_Q2, 0xbbf19bf8bbf19bf8)        //     t^2  -7.37332916720468e-03
C8(C_Q0, 0xbc69b6a7bc69b6a7)        //     1    -1.42647390514189e-02
C8(C_HALF, 0x3f0000003f000000)      // 0.5
C8(C_ONE, 0x3f8000003f800000)       // 1
// exp(x) = 2^n * e^r, n = round(x*log2(e)), r = x - n*ln2 (ln2 split in
// two), e^r = 1 + r + r^2*poly(r) (Cephes expf)
C8(C_LOWEST, 0xc2aeac50c2aeac50)    // lowest input, -87.3365
C8(C_LOG2E, 0x3fb8aa3b3fb8aa3b)     // log2(e)
C8(C_LN2HI, 0x3f3180003f318000)     // ln2 high part 0.693359375
C8(C_LN2LO, 0xb95e8083b95e8083)     // ln2 low part -2.12194440e-4
C8(C_E0, 0x3950696739506967)        // 1.9875691500e-4
C8(C_E1, 0x3ab743ce3ab743ce)        // 1.3981999507e-3
C8(C_E2, 0x3c0889083c088908)        // 8.3334519073e-3
C8(C_E3, 0x3d2aa9c13d2aa9c1)        // 4.1665795894e-2
C8(C_E4, 0x3e2aaaaa3e2aaaaa)        // 1.6666665459e-1
C8(C_E5, 0x3f0000003f000000)        // 5.0000001201e-1
C8(C_INVSQRT2PI, 0x3ecc422a3ecc422a) // 1/sqrt(2*pi)
C8(C_MHALF, 0xbf000000bf000000)     // -0.5
C8(C_NINF, 0xff800000ff800000)      // -inf
C8(C_I127, 0x0000007f0000007f)      // the exponent bias, as an int32
GLOBL avx2RowConsts<>(SB), RODATA|NOPTR, $992

// Eight all-ones lanes, then eight zero lanes: the 32 bytes that start k
// floats before the zeros select the first k lanes.
DATA avx2RowMask<>+0(SB)/8, $-1
DATA avx2RowMask<>+8(SB)/8, $-1
DATA avx2RowMask<>+16(SB)/8, $-1
DATA avx2RowMask<>+24(SB)/8, $-1
DATA avx2RowMask<>+32(SB)/8, $0
DATA avx2RowMask<>+40(SB)/8, $0
DATA avx2RowMask<>+48(SB)/8, $0
DATA avx2RowMask<>+56(SB)/8, $0
GLOBL avx2RowMask<>(SB), RODATA|NOPTR, $64

// TAILMASK8 sets M to the lanes of the first N (0 to 7, clobbered) floats,
// T a temporary.
#define TAILMASK8(N, T, M) \
	LEAQ avx2RowMask<>+32(SB), T; \
	SHLQ $2, N; \
	SUBQ N, T; \
	VMOVUPS (T), M

// EXP8 sets X = exp(X) using temporaries N and R; R9 points at
// avx2RowConsts. Inputs below -87.34 give about 0; NaN stays NaN. Only
// inputs <= 0 occur (x - max, -x^2/2), so 2^n is a normal number and a
// multiply builds it from its exponent bits.
#define EXP8(X, N, R) \
	VMOVUPS C_LOWEST(R9), N; \
	VMAXPS X, N, X; \
	VMULPS C_LOG2E(R9), X, N; \
	VROUNDPS $0, N, N; \
	VFNMADD231PS C_LN2HI(R9), N, X; \
	VFNMADD231PS C_LN2LO(R9), N, X; \
	VMOVUPS C_E0(R9), R; \
	VFMADD213PS C_E1(R9), X, R; \
	VFMADD213PS C_E2(R9), X, R; \
	VFMADD213PS C_E3(R9), X, R; \
	VFMADD213PS C_E4(R9), X, R; \
	VFMADD213PS C_E5(R9), X, R; \
	VFMADD213PS C_ONE(R9), X, R; \
	VFMADD213PS C_ONE(R9), X, R; \
	VCVTPS2DQ N, N; \
	VPADDD C_I127(R9), N, N; \
	VPSLLD $23, N, N; \
	VMULPS N, R, X

// ERF8 sets E = erf(X/sqrt(2)) using temporaries T and Q; R9 points at
// avx2RowConsts. P/Q is a true division: VRCPPS differs between CPU
// vendors, VDIVPS is exact everywhere.
#define ERF8(X, E, T, Q) \
	VMULPS C_INVSQRT2(R9), X, T; \
	VMINPS C_FOUR(R9), T, T; \
	VMAXPS C_MFOUR(R9), T, T; \
	VMULPS T, T, Q; \
	VMOVUPS C_P12(R9), E; \
	VFMADD213PS C_P10(R9), Q, E; \
	VFMADD213PS C_P8(R9), Q, E; \
	VFMADD213PS C_P6(R9), Q, E; \
	VFMADD213PS C_P4(R9), Q, E; \
	VFMADD213PS C_P2(R9), Q, E; \
	VFMADD213PS C_P0(R9), Q, E; \
	VMULPS T, E, E; \
	VMOVUPS C_Q8(R9), T; \
	VFMADD213PS C_Q6(R9), Q, T; \
	VFMADD213PS C_Q4(R9), Q, T; \
	VFMADD213PS C_Q2(R9), Q, T; \
	VFMADD213PS C_Q0(R9), Q, T; \
	VDIVPS T, E, E

// HSUM8 reduces the 8 lanes of Y (X its low half) to lane 0 of X, TX a
// temporary; HMAX8 likewise with max.
#define HSUM8(Y, X, TX) \
	VEXTRACTF128 $1, Y, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VADDPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VADDPS TX, X, X

#define HMAX8(Y, X, TX) \
	VEXTRACTF128 $1, Y, TX; \
	VMAXPS TX, X, X; \
	VPERMILPS $0x4e, X, TX; \
	VMAXPS TX, X, X; \
	VPERMILPS $0xb1, X, TX; \
	VMAXPS TX, X, X

// GELU8 sets X = X*Φ(X) (E, T, Q temporaries, Y15 = 0.5).
#define GELU8(X, E, T, Q) \
	ERF8(X, E, T, Q); \
	VMULPS Y15, X, X; \
	VFMADD213PS X, E, X

// GELUGRAD8 sets G = GELU'(X) (X kept; E, T, Q temporaries, Y15 = 0.5).
#define GELUGRAD8(X, G, E, T, Q) \
	ERF8(X, G, T, Q); \
	VFMADD213PS Y15, Y15, G; \
	VMULPS X, X, E; \
	VMULPS C_MHALF(R9), E, E; \
	EXP8(E, T, Q); \
	VMULPS C_INVSQRT2PI(R9), E, E; \
	VFMADD231PS E, X, G

// func geluErfAVX2(dst, x *float32, n int)
TEXT ·geluErfAVX2(SB), NOSPLIT, $8-24
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	LEAQ avx2RowConsts<>(SB), R9
	VMOVUPS C_HALF(R9), Y15
	MOVQ CX, BX
	SHRQ $4, BX
	JZ gelu2_vector
gelu2_loop:
	// Two vectors a round: two independent polynomial chains.
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y4
	GELU8(Y0, Y1, Y2, Y3)
	GELU8(Y4, Y5, Y6, Y7)
	VMOVUPS Y0, (DI)
	VMOVUPS Y4, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ BX
	JNZ gelu2_loop
gelu2_vector:
	TESTQ $8, CX
	JZ gelu2_tail
	VMOVUPS (SI), Y0
	GELU8(Y0, Y1, Y2, Y3)
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
gelu2_tail:
	ANDQ $7, CX
	JZ gelu2_done
	TAILMASK8(CX, AX, Y14)
	VMASKMOVPS (SI), Y14, Y0
	GELU8(Y0, Y1, Y2, Y3)
	VMASKMOVPS Y0, Y14, (DI)
gelu2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func geluErfBackwardAVX2(dx, x, dy *float32, n int)
TEXT ·geluErfBackwardAVX2(SB), NOSPLIT, $8-32
	DENORMALS_OFF
	MOVQ dx+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ n+24(FP), CX
	LEAQ avx2RowConsts<>(SB), R9
	VMOVUPS C_HALF(R9), Y15
	MOVQ CX, BX
	SHRQ $4, BX
	JZ geluback2_vector
geluback2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y5
	GELUGRAD8(Y0, Y1, Y2, Y3, Y4)
	GELUGRAD8(Y5, Y6, Y7, Y8, Y9)
	VMULPS (DX), Y1, Y1
	VMULPS 32(DX), Y6, Y6
	VMOVUPS Y1, (DI)
	VMOVUPS Y6, 32(DI)
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	DECQ BX
	JNZ geluback2_loop
geluback2_vector:
	TESTQ $8, CX
	JZ geluback2_tail
	VMOVUPS (SI), Y0
	GELUGRAD8(Y0, Y1, Y2, Y3, Y4)
	VMULPS (DX), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
geluback2_tail:
	ANDQ $7, CX
	JZ geluback2_done
	TAILMASK8(CX, AX, Y14)
	VMASKMOVPS (SI), Y14, Y0
	VMASKMOVPS (DX), Y14, Y5
	GELUGRAD8(Y0, Y1, Y2, Y3, Y4)
	VMULPS Y5, Y1, Y1
	VMASKMOVPS Y1, Y14, (DI)
geluback2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func softmaxRowsAVX2(x *float32, rows, cols, ld int)
//
// Row by row: the max, then exp(x - max) and its sum, then the scale by
// 1/sum; the out-of-order core overlaps consecutive rows.
TEXT ·softmaxRowsAVX2(SB), NOSPLIT, $8-32
	DENORMALS_OFF
	MOVQ x+0(FP), DI
	MOVQ rows+8(FP), R8
	MOVQ cols+16(FP), R11
	MOVQ ld+24(FP), R10
	SHLQ $2, R10
	LEAQ avx2RowConsts<>(SB), R9
	VMOVUPS C_NINF(R9), Y13
	MOVQ R11, R12
	ANDQ $7, R12
	MOVQ R12, CX
	TAILMASK8(CX, AX, Y14)
	SHRQ $3, R11
softmax2_row:
	TESTQ R8, R8
	JZ softmax2_done
	// max
	VMOVAPS Y13, Y0
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax2_maxtail
softmax2_maxloop:
	VMAXPS (SI), Y0, Y0
	ADDQ $32, SI
	DECQ BX
	JNZ softmax2_maxloop
softmax2_maxtail:
	TESTQ R12, R12
	JZ softmax2_maxred
	VMASKMOVPS (SI), Y14, Y1
	VBLENDVPS Y14, Y1, Y13, Y1
	VMAXPS Y1, Y0, Y0
softmax2_maxred:
	HMAX8(Y0, X0, X1)
	VBROADCASTSS X0, Y2
	// exp(x - max), sum
	VXORPS Y3, Y3, Y3
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax2_exptail
softmax2_exploop:
	VMOVUPS (SI), Y0
	VSUBPS Y2, Y0, Y0
	EXP8(Y0, Y4, Y5)
	VMOVUPS Y0, (SI)
	VADDPS Y0, Y3, Y3
	ADDQ $32, SI
	DECQ BX
	JNZ softmax2_exploop
softmax2_exptail:
	TESTQ R12, R12
	JZ softmax2_sumred
	VMASKMOVPS (SI), Y14, Y0
	VSUBPS Y2, Y0, Y0
	EXP8(Y0, Y4, Y5)
	VMASKMOVPS Y0, Y14, (SI)
	VANDPS Y14, Y0, Y0
	VADDPS Y0, Y3, Y3
softmax2_sumred:
	HSUM8(Y3, X3, X1)
	VMOVSS C_ONE(R9), X6
	VDIVSS X3, X6, X6
	VBROADCASTSS X6, Y6
	// scale by 1/sum
	MOVQ DI, SI
	MOVQ R11, BX
	TESTQ BX, BX
	JZ softmax2_scaletail
softmax2_scaleloop:
	VMULPS (SI), Y6, Y0
	VMOVUPS Y0, (SI)
	ADDQ $32, SI
	DECQ BX
	JNZ softmax2_scaleloop
softmax2_scaletail:
	TESTQ R12, R12
	JZ softmax2_next
	VMASKMOVPS (SI), Y14, Y0
	VMULPS Y6, Y0, Y0
	VMASKMOVPS Y0, Y14, (SI)
softmax2_next:
	ADDQ R10, DI
	DECQ R8
	JMP softmax2_row
softmax2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func softmaxRowsBackwardAVX2(dx, y, dy *float32, rows, cols, ld int)
TEXT ·softmaxRowsBackwardAVX2(SB), NOSPLIT, $8-48
	DENORMALS_OFF
	MOVQ dx+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ dy+16(FP), DX
	MOVQ rows+24(FP), R8
	MOVQ cols+32(FP), R11
	MOVQ ld+40(FP), R10
	SHLQ $2, R10
	MOVQ R11, R12
	ANDQ $7, R12
	MOVQ R12, CX
	TAILMASK8(CX, AX, Y14)
	SHRQ $3, R11
smback2_row:
	TESTQ R8, R8
	JZ smback2_done
	// dot = sum(dy*y)
	VXORPS Y0, Y0, Y0
	XORQ AX, AX
	MOVQ R11, BX
	TESTQ BX, BX
	JZ smback2_dottail
smback2_dotloop:
	VMOVUPS (SI)(AX*1), Y1
	VFMADD231PS (DX)(AX*1), Y1, Y0
	ADDQ $32, AX
	DECQ BX
	JNZ smback2_dotloop
smback2_dottail:
	TESTQ R12, R12
	JZ smback2_dotred
	VMASKMOVPS (SI)(AX*1), Y14, Y1
	VMASKMOVPS (DX)(AX*1), Y14, Y2
	VFMADD231PS Y2, Y1, Y0
smback2_dotred:
	HSUM8(Y0, X0, X1)
	VBROADCASTSS X0, Y3
	// dx = y*(dy - dot)
	XORQ AX, AX
	MOVQ R11, BX
	TESTQ BX, BX
	JZ smback2_tail
smback2_loop:
	VMOVUPS (DX)(AX*1), Y1
	VSUBPS Y3, Y1, Y1
	VMULPS (SI)(AX*1), Y1, Y1
	VMOVUPS Y1, (DI)(AX*1)
	ADDQ $32, AX
	DECQ BX
	JNZ smback2_loop
smback2_tail:
	TESTQ R12, R12
	JZ smback2_next
	VMASKMOVPS (DX)(AX*1), Y14, Y1
	VMASKMOVPS (SI)(AX*1), Y14, Y2
	VSUBPS Y3, Y1, Y1
	VMULPS Y2, Y1, Y1
	VMASKMOVPS Y1, Y14, (DI)(AX*1)
smback2_next:
	ADDQ R10, DI
	ADDQ R10, SI
	ADDQ R10, DX
	DECQ R8
	JMP smback2_row
smback2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func addAVX2(dst, x *float32, n int)
//
// dst[i] += x[i] for i < n, four vectors a round.
TEXT ·addAVX2(SB), NOSPLIT, $8-24
	DENORMALS_OFF
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ CX, BX
	SHRQ $5, BX
	JZ add2_vectors
add2_loop:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VADDPS (SI), Y0, Y0
	VADDPS 32(SI), Y1, Y1
	VADDPS 64(SI), Y2, Y2
	VADDPS 96(SI), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ BX
	JNZ add2_loop
add2_vectors:
	MOVQ CX, BX
	ANDQ $31, BX
	SHRQ $3, BX
	JZ add2_tail
add2_vector:
	VMOVUPS (DI), Y0
	VADDPS (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ BX
	JNZ add2_vector
add2_tail:
	ANDQ $7, CX
	JZ add2_done
	TAILMASK8(CX, AX, Y14)
	VMASKMOVPS (DI), Y14, Y0
	VMASKMOVPS (SI), Y14, Y1
	VADDPS Y1, Y0, Y0
	VMASKMOVPS Y0, Y14, (DI)
add2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET

// func reluAVX2(x *float32, n int)
//
// x[i] = max(x[i], 0) for i < n, in place. VMAXPS returns its second
// source when either is NaN or both are zeros, so with x there NaN and -0
// pass through unchanged, as `if x < 0 { x = 0 }` leaves them.
TEXT ·reluAVX2(SB), NOSPLIT, $8-16
	DENORMALS_OFF
	MOVQ x+0(FP), DI
	MOVQ n+8(FP), CX
	VXORPS Y4, Y4, Y4
	MOVQ CX, BX
	SHRQ $5, BX
	JZ relu2_vectors
relu2_loop:
	VMAXPS (DI), Y4, Y0
	VMAXPS 32(DI), Y4, Y1
	VMAXPS 64(DI), Y4, Y2
	VMAXPS 96(DI), Y4, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, DI
	DECQ BX
	JNZ relu2_loop
relu2_vectors:
	MOVQ CX, BX
	ANDQ $31, BX
	SHRQ $3, BX
	JZ relu2_tail
relu2_vector:
	VMAXPS (DI), Y4, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	DECQ BX
	JNZ relu2_vector
relu2_tail:
	ANDQ $7, CX
	JZ relu2_done
	TAILMASK8(CX, AX, Y14)
	VMASKMOVPS (DI), Y14, Y0
	VMAXPS Y0, Y4, Y0
	VMASKMOVPS Y0, Y14, (DI)
relu2_done:
	VZEROUPPER
	DENORMALS_RESTORE
	RET
