// Package kernels holds the float32 compute kernels of the model: GEMM in the
// three forms a transformer step needs, and the row-wise kernels (LayerNorm,
// softmax, GELU, ...) around it. Callers work on the backing []float32 of
// gorgonia.org/tensor Dense values; nothing here allocates per call in steady
// state.
//
// All matrices are row-major. Every kernel is deterministic: the same inputs
// give bit-identical outputs whatever the number of threads.
package kernels

// Sgemm computes C = alpha*op(A)*op(B) + beta*C on one goroutine, where op(A)
// is m x k (A itself, or Aᵀ when transA), op(B) is k x n (B, or Bᵀ when
// transB) and C is m x n. lda, ldb and ldc are the row strides of A, B and C
// as stored. With beta == 0, C is overwritten (NaNs in C do not propagate).
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemmGeneric(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// sgemmGeneric is the portable reference path.
func sgemmGeneric(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(ci)
		} else if beta != 1 {
			for j := range ci {
				ci[j] *= beta
			}
		}
	}
	if k == 0 || alpha == 0 {
		return
	}
	switch {
	case !transA && !transB:
		for i := 0; i < m; i++ {
			ci := c[i*ldc : i*ldc+n]
			for p := 0; p < k; p++ {
				av := alpha * a[i*lda+p]
				bp := b[p*ldb : p*ldb+n]
				for j, bv := range bp {
					ci[j] += av * bv
				}
			}
		}
	case !transA && transB:
		for i := 0; i < m; i++ {
			ai := a[i*lda : i*lda+k]
			for j := 0; j < n; j++ {
				bj := b[j*ldb : j*ldb+k]
				var s float32
				for p, av := range ai {
					s += av * bj[p]
				}
				c[i*ldc+j] += alpha * s
			}
		}
	case transA && !transB:
		for p := 0; p < k; p++ {
			ap := a[p*lda : p*lda+m]
			bp := b[p*ldb : p*ldb+n]
			for i, av := range ap {
				av *= alpha
				ci := c[i*ldc : i*ldc+n]
				for j, bv := range bp {
					ci[j] += av * bv
				}
			}
		}
	default:
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var s float32
				for p := 0; p < k; p++ {
					s += a[p*lda+i] * b[j*ldb+p]
				}
				c[i*ldc+j] += alpha * s
			}
		}
	}
}
