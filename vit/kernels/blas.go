package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// BLAS is gonum's BLAS implementation with Sgemm replaced by this package's
// parallel GEMM. gorgonia.org/tensor takes it through tensor.Use, so that
// tensor.MatMul and friends on float32 run on these kernels:
//
//	tensor.Use(kernels.BLAS{Pool: pool})
//
// A transposed view (T()) reaches Sgemm as a transpose flag. The zero BLAS
// (nil Pool) runs single-threaded.
type BLAS struct {
	gonum.Implementation
	Pool *Pool
}

// Sgemm computes C = alpha*op(A)*op(B) + beta*C, as blas.Float32 specifies.
func (b BLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, bm []float32, ldb int, beta float32, c []float32, ldc int) {
	b.Pool.Sgemm(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, bm, ldb, beta, c, ldc)
}
