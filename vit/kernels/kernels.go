// Package kernels holds the float32 compute kernels of the model: GEMM in the
// three forms a transformer step needs (A·B, A·Bᵀ, Aᵀ·B, with accumulate and
// fused bias), and the row kernels around it (GELU, softmax, LayerNorm,
// column sums). Callers work on the backing []float32 of gorgonia.org/tensor
// Dense values. All matrices are row-major.
//
// # Instruction sets
//
// The kernels run in Go assembly on AVX-512 (GEMM 14x32 register tiles) or
// AVX2+FMA (GEMM 6x16 tiles), every row kernel and the GEMM's packing on
// both, chosen once at start-up from the CPU's features, with a portable Go
// path everywhere else. The
// environment variable ADAPTFORMER_KERNELS=generic|avx2|avx512 caps the
// choice, so tests and benchmarks can run every path on one machine. The
// GEMM micro-kernels are printed by internal/gen (go generate).
//
// # GEMM
//
// The GEMM is BLIS-style: op(B) is packed into 32-wide panels (and a
// transposed A into 14-row tiles) per pass of kc terms, a row-major A is
// read in place, and the micro-kernel adds its tile into C (or overwrites C
// on the first pass when beta == 0). A Pool splits the tiles of C into tasks
// handed out through an atomic counter to persistent threads, so a thread
// slowed by other load takes fewer tasks.
//
// # Determinism
//
// Every kernel gives bit-identical results whatever the number of threads
// and whichever thread computes what: each element of C is summed in one
// order fixed by the shape (passes of kc terms, each accumulated from zero in
// k order with one FMA per term, then added to C), and the row kernels work
// row by row (or, for column sums, column by column down the rows in order).
//
// # Memory
//
// Nothing allocates per call in steady state: a Pool keeps its packing
// buffers and per-thread scratch (Worker); the package-level Sgemm keeps its
// scratch on the stack.
package kernels

// PrefetchRows asks the CPU to start loading rows rows of cols floats, ld
// apart, into its caches, without waiting for them: work that will read a
// strided block of memory soon (the next attention head's queries, keys and
// values) finds it there instead of stalling on each line. It changes no
// data; x must hold the block.
func PrefetchRows(x []float32, rows, cols, ld int) {
	if rows <= 0 || cols <= 0 {
		return
	}
	checkRows("PrefetchRows", x, rows, cols, ld)
	prefetchRowsISA(x, rows, cols, ld)
}
