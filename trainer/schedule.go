package trainer

import "math"

// Schedule is the learning rate per optimizer step: a linear warmup from
// Peak/Warmup to Peak over the first Warmup steps, then a cosine decay from
// Peak to Min that reaches Min at step Total.
type Schedule struct {
	Peak, Min float64
	Warmup    int // steps of linear warmup
	Total     int // steps of the whole run
}

// At is the learning rate of step s, counted from 0: the rate the s-th
// update uses. It depends on s alone, so a resumed run continues the curve
// exactly.
func (s Schedule) At(step int) float64 {
	if step < 0 {
		step = 0
	}
	if step < s.Warmup {
		return s.Peak * float64(step+1) / float64(s.Warmup)
	}
	decay := s.Total - s.Warmup
	if decay <= 0 {
		return s.Peak
	}
	progress := math.Min(1, float64(step-s.Warmup)/float64(decay))
	return s.Min + (s.Peak-s.Min)*0.5*(1+math.Cos(math.Pi*progress))
}
