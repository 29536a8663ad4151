package data

import (
	"fmt"
	"math"
	"testing"
)

// TestDistributions: the samplers behind mixup and random erasing have the
// moments of their distributions (20,000 draws each; the tolerances are
// several standard errors wide).
func TestDistributions(t *testing.T) {
	const n = 20000
	moments := func(draw func() float64) (mean, variance float64) {
		var s, s2 float64
		for range n {
			v := draw()
			s += v
			s2 += v * v
		}
		mean = s / n
		return mean, s2/n - mean*mean
	}
	check := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %.4f", name, got, want, tol)
		}
	}

	r := newRNG(1)
	m, v := moments(r.uniform01)
	check("uniform mean", m, 0.5, 0.01)
	check("uniform variance", v, 1.0/12, 0.003)
	m, v = moments(r.gaussian)
	check("gaussian mean", m, 0, 0.03)
	check("gaussian variance", v, 1, 0.04)

	for _, a := range []float64{0.1, 0.3, 1, 2.5, 10} {
		m, v := moments(func() float64 { return math.Exp(r.logGammaSample(a)) })
		check(fmt.Sprintf("gamma(%v) mean", a), m, a, 0.04*a+0.01)
		check(fmt.Sprintf("gamma(%v) variance", a), v, a, 0.1*a+0.01)
	}
	for _, ab := range [][2]float64{{0.1, 0.1}, {0.2, 0.2}, {0.8, 0.8}, {1, 1}, {4, 4}, {2, 5}} {
		a, b := ab[0], ab[1]
		lo, hi := math.Inf(1), math.Inf(-1)
		m, v := moments(func() float64 {
			x := r.beta(a, b)
			lo, hi = math.Min(lo, x), math.Max(hi, x)
			return x
		})
		if lo < 0 || hi > 1 || math.IsNaN(m) {
			t.Errorf("beta(%v, %v): draws in [%v, %v], mean %v", a, b, lo, hi, m)
		}
		wantV := a * b / ((a + b) * (a + b) * (a + b + 1))
		check(fmt.Sprintf("beta(%v, %v) mean", a, b), m, a/(a+b), 0.01)
		check(fmt.Sprintf("beta(%v, %v) variance", a, b), v, wantV, 0.05*wantV)
	}
}
