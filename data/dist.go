package data

import "math"

// The distributions mixup, cutmix and random erasing draw from, on the
// package's own generator so that they too are the same on every Go
// release.

// uniform01 returns a uniform float64 in [0, 1).
func (r *rng) uniform01() float64 {
	return float64(r.uint64()>>11) / (1 << 53)
}

// gaussian returns a standard normal value (Box-Muller, one of the pair;
// two draws a call).
func (r *rng) gaussian() float64 {
	u1 := 1 - r.uniform01() // in (0, 1]: its log is finite
	u2 := r.uniform01()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// logGammaSample returns the log of a Gamma(alpha, 1) sample, alpha > 0:
// Marsaglia and Tsang's method, with the boost G(a) = G(a+1)·U^(1/a) for
// alpha < 1. The log keeps a small alpha's tiny samples from underflowing to
// zero, which would make beta's ratio 0/0.
func (r *rng) logGammaSample(alpha float64) float64 {
	if alpha < 1 {
		u := 1 - r.uniform01()
		return r.logGammaSample(alpha+1) + math.Log(u)/alpha
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.gaussian()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.uniform01()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return math.Log(d) + math.Log(v)
		}
	}
}

// beta returns a Beta(a, b) sample, a, b > 0, as X/(X+Y) for X ~ Gamma(a)
// and Y ~ Gamma(b), computed from their logs.
func (r *rng) beta(a, b float64) float64 {
	lx := r.logGammaSample(a)
	ly := r.logGammaSample(b)
	return 1 / (1 + math.Exp(ly-lx))
}
