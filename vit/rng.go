package vit

import "math"

// The model draws all its randomness from counter-based hashing of 64-bit
// states: initialisation from the seed given to New, dropout from a state the
// caller can save and restore (RNGState) for an exact resume. A mask element
// depends only on (state, site, index), never on which goroutine computes it,
// so results are identical for any number of threads.

// splitmix64 is the finaliser of the SplitMix64 generator: a bijective mix
// of a 64-bit counter into well-distributed bits.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashKey derives an independent stream key from a state and a site number.
func hashKey(state, site uint64) uint64 {
	return splitmix64(state ^ splitmix64(site+0x632be59bd9b4e019))
}

// uniform01 maps 64 random bits to [0, 1) with 53-bit resolution.
func uniform01(bits uint64) float64 { return float64(bits>>11) * (1.0 / (1 << 53)) }

// stream is a sequential generator for initialisation.
type stream struct{ key, n uint64 }

func newStream(seed uint64, name string) *stream {
	// FNV-1a of the parameter name, so each parameter's values depend only
	// on the seed and its name, not on the order parameters are created.
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	return &stream{key: hashKey(seed, h)}
}

func (s *stream) next() uint64 {
	s.n++
	return splitmix64(s.key + s.n*0x9e3779b97f4a7c15)
}

// uniform returns a value in [lo, hi).
func (s *stream) uniform(lo, hi float64) float64 { return lo + (hi-lo)*uniform01(s.next()) }

// normal returns a standard normal value (Box-Muller).
func (s *stream) normal() float64 {
	u1 := uniform01(s.next())
	u2 := uniform01(s.next())
	return math.Sqrt(-2*math.Log(1-u1)) * math.Cos(2*math.Pi*u2)
}

// truncNormal returns a normal(0, std) value redrawn until it lies within two
// standard deviations.
func (s *stream) truncNormal(std float64) float64 {
	for {
		if v := s.normal(); v >= -2 && v <= 2 {
			return v * std
		}
	}
}
