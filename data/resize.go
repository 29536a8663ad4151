package data

import "math"

// resampler resizes float32 CHW images from one size to another with a
// separable triangle (bilinear) filter, as Pillow's BILINEAR does: when
// enlarging it is plain bilinear interpolation with half-pixel centres
// (PyTorch's align_corners=False); when shrinking, the filter widens with
// the scale so every source pixel contributes and nothing aliases.
type resampler struct {
	inH, inW, outH, outW int
	rows, cols           []taps
}

// taps are the source pixels and weights that make one output pixel.
type taps struct {
	start   int
	weights []float32
}

func newResampler(inH, inW, outH, outW int) *resampler {
	return &resampler{
		inH: inH, inW: inW, outH: outH, outW: outW,
		rows: filterTaps(inH, outH),
		cols: filterTaps(inW, outW),
	}
}

func filterTaps(in, out int) []taps {
	scale := float64(in) / float64(out)
	fscale := math.Max(scale, 1)
	support := fscale
	t := make([]taps, out)
	for i := range t {
		center := (float64(i) + 0.5) * scale
		lo := max(int(center-support+0.5), 0)
		hi := min(int(center+support+0.5), in)
		ws := make([]float32, 0, hi-lo)
		var sum float64
		for x := lo; x < hi; x++ {
			d := math.Abs((float64(x) - center + 0.5) / fscale)
			wt := math.Max(0, 1-d)
			ws = append(ws, float32(wt))
			sum += wt
		}
		// Trim zero weights at both ends and normalise.
		first, last := 0, len(ws)
		for first < last && ws[first] == 0 {
			first++
		}
		for last > first && ws[last-1] == 0 {
			last--
		}
		if first == last { // cannot happen for in, out > 0; keep one tap
			first, last = 0, 1
			ws[0], sum = 1, 1
		}
		for k := range ws {
			ws[k] = float32(float64(ws[k]) / sum)
		}
		t[i] = taps{start: lo + first, weights: ws[first:last]}
	}
	return t
}

// tmpLen is the scratch length resize needs.
func (r *resampler) tmpLen() int { return 3 * r.inH * r.outW }

// resize writes src (3 x inH x inW) resampled into dst (3 x outH x outW),
// using tmp (tmpLen floats) for the horizontal pass.
func (r *resampler) resize(dst, src, tmp []float32) {
	for c := 0; c < 3; c++ {
		for y := 0; y < r.inH; y++ {
			in := src[(c*r.inH+y)*r.inW:]
			out := tmp[(c*r.inH+y)*r.outW : (c*r.inH+y+1)*r.outW]
			for x, t := range r.cols {
				var s float32
				for k, wt := range t.weights {
					s += wt * in[t.start+k]
				}
				out[x] = s
			}
		}
	}
	for c := 0; c < 3; c++ {
		plane := tmp[c*r.inH*r.outW:]
		for y, t := range r.rows {
			out := dst[(c*r.outH+y)*r.outW : (c*r.outH+y+1)*r.outW]
			clear(out)
			for k, wt := range t.weights {
				in := plane[(t.start+k)*r.outW : (t.start+k+1)*r.outW]
				for x, v := range in {
					out[x] += wt * v
				}
			}
		}
	}
}
