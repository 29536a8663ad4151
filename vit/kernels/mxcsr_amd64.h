// Flush-to-zero and denormals-are-zero for the duration of one kernel.
//
// Gradients in a real training run drift into the float32 denormal range
// (below 1.2e-38), where every AVX-512 FMA with a denormal operand or result
// takes a microcode assist: a GEMM on denormal inputs ran 140 times slower
// (0.7 against 95 GFLOPS), and a Tiny-ImageNet pretraining run slowed from
// 205 to 35 images/s after two epochs. Each kernel therefore sets FTZ and DAZ
// in MXCSR on entry and restores the caller's MXCSR before it returns, so Go
// code never sees the change (asm functions are never preempted midway, so
// the goroutine cannot move to another thread in between). Values that small
// are far below float32's precision relative to anything they are summed
// with, and the flush is the same on every thread, so results stay
// deterministic.
//
// The kernel needs an 8-byte frame ($8-N in its TEXT line). DENORMALS_OFF
// clobbers AX, so it comes first, before the arguments are loaded.

#define DENORMALS_OFF \
	STMXCSR mxcsrSaved-4(SP) \
	MOVL mxcsrSaved-4(SP), AX \
	ORL $0x8040, AX \
	MOVL AX, mxcsrFlush-8(SP) \
	LDMXCSR mxcsrFlush-8(SP)

#define DENORMALS_RESTORE \
	LDMXCSR mxcsrSaved-4(SP)
