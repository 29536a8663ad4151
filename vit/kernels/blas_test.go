package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/tensor"
)

func TestBLASMatchesGonum(t *testing.T) {
	p := NewPool(2)
	defer p.Close()
	rng := rand.New(rand.NewPCG(13, 14))
	const m, n, k = 37, 29, 53
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	want, got := randSlice(rng, m*n), make([]float32, m*n)
	copy(got, want)
	gonum.Implementation{}.Sgemm(blas.Trans, blas.NoTrans, m, n, k, 0.5, a, m, b, n, 0.25, want, n)
	BLAS{Pool: p}.Sgemm(blas.Trans, blas.NoTrans, m, n, k, 0.5, a, m, b, n, 0.25, got, n)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-4 {
			t.Fatalf("element %d: %v, gonum says %v", i, got[i], want[i])
		}
	}
}

// tensor.MatMul runs on the kernels once handed to tensor.Use.
func TestTensorUse(t *testing.T) {
	p := NewPool(2)
	defer p.Close()
	tensor.Use(BLAS{Pool: p})
	defer tensor.Use(gonum.Implementation{})
	x := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float32{1, 2, 3, 4, 5, 6}))
	y := tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float32{1, 0, 0, 1, 1, 1}))
	z, err := tensor.MatMul(x, y)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{4, 5, 10, 11}
	for i, v := range z.Data().([]float32) {
		if v != want[i] {
			t.Fatalf("MatMul = %v, want %v", z.Data(), want)
		}
	}
}
