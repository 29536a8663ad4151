package data

import "math/bits"

// rng is a small SplitMix64 generator. The package uses its own generator
// rather than math/rand so that shuffles, augmentation and synthetic images
// are bit-identical across Go releases: a run resumed with a newer toolchain
// must still see the batches it would have seen.
type rng struct{ state uint64 }

// mix64 is the SplitMix64 finalizer, a bijective 64-bit hash.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newRNG returns a generator whose stream is a pure function of the keys.
func newRNG(keys ...uint64) *rng {
	s := uint64(0x6a09e667f3bcc909)
	for _, k := range keys {
		s = mix64(s ^ mix64(k+0x9e3779b97f4a7c15))
	}
	return &rng{state: s}
}

func (r *rng) uint64() uint64 {
	r.state += 0x9e3779b97f4a7c15
	return mix64(r.state)
}

// intn returns a uniform integer in [0, n) for n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.uint64(), uint64(n))
	return int(hi)
}

// float32 returns a uniform float32 in [0, 1).
func (r *rng) float32() float32 {
	return float32(r.uint64()>>40) / (1 << 24)
}

// uniform returns a uniform float32 in [lo, hi).
func (r *rng) uniform(lo, hi float32) float32 {
	return lo + (hi-lo)*r.float32()
}

// perm returns a Fisher-Yates permutation of [0, n).
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}
