package tui

// Smooth returns the debiased exponential moving average of ys with weight
// w in [0,1): w = 0 returns ys unchanged, larger w smooths more. Like
// TensorBoard's smoothing it divides by 1-w^n, so the curve starts at the
// first value instead of being dragged towards zero; non-finite values are
// passed through without entering the average.
func Smooth(ys []float64, w float64) []float64 {
	out := make([]float64, len(ys))
	if w <= 0 || w >= 1 {
		copy(out, ys)
		return out
	}
	var last, debias float64
	for i, y := range ys {
		if y != y || y > maxFinite || y < -maxFinite { // NaN or ±Inf
			out[i] = y
			continue
		}
		last = last*w + (1-w)*y
		debias = debias*w + (1 - w)
		out[i] = last / debias
	}
	return out
}

const maxFinite = 1.7976931348623157e308

// smoothingSteps are the weights the smoothing keys step through.
func smoothingSteps() []float64 {
	return []float64{0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99}
}

// nextSmoothing returns the weight one step up (dir > 0) or down from w.
func nextSmoothing(w float64, dir int) float64 {
	steps := smoothingSteps()
	i := 0
	for j, s := range steps {
		if s <= w+1e-9 {
			i = j
		}
	}
	i += dir
	return steps[max(0, min(len(steps)-1, i))]
}
