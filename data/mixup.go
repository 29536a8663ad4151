package data

import (
	"fmt"
	"math"
)

// Mixup mixes each training batch with itself in reverse order and gives
// every image a soft target, as timm's Mixup does in mode "batch": with
// probability Prob a batch is mixed, by cutmix or by mixup, with a weight
// lam drawn from Beta(alpha, alpha); image i of the batch becomes
//
//	mixup:  lam·x[i] + (1-lam)·x[B-1-i]
//	cutmix: x[i] with a box pasted from x[B-1-i], lam = 1 - box area / image area
//
// and its target lam·onehot(y[i]) + (1-lam)·onehot(y[B-1-i]), the one-hots
// label-smoothed (LabelSmoothing/C off the label, 1-LabelSmoothing+LabelSmoothing/C
// on it). A batch that is not mixed keeps lam = 1: its targets are the
// smoothed one-hots. cutmix_minmax is not supported (timm's default, off),
// and lam is always corrected to the box's area (timm's correct_lam).
//
// Unlike timm, an odd batch size is allowed: its middle image is mixed with
// itself, which leaves it as it was.
type Mixup struct {
	// MixupAlpha is mixup's Beta(alpha, alpha) parameter; 0 turns mixup off.
	MixupAlpha float64
	// CutmixAlpha is cutmix's Beta(alpha, alpha) parameter; 0 turns cutmix
	// off.
	CutmixAlpha float64
	// Prob is the probability that a batch is mixed at all.
	Prob float64
	// SwitchProb is the probability of cutmix rather than mixup when both
	// are on.
	SwitchProb float64
	// LabelSmoothing is folded into the targets, mixed or not.
	LabelSmoothing float64
}

// Enabled reports whether m mixes anything: whether mixup or cutmix is on.
func (m Mixup) Enabled() bool { return m.MixupAlpha > 0 || m.CutmixAlpha > 0 }

// Mix is what Mixup.Apply did to one batch.
type Mix struct {
	// Lam is the weight of each image's own content and label: 1 when the
	// batch was not mixed.
	Lam float64
	// CutMix is set when a box was pasted rather than the images blended.
	CutMix bool
	// Y0, Y1, X0, X1 bound the pasted box, rows [Y0, Y1) and columns
	// [X0, X1) (cutmix only; it may be empty).
	Y0, Y1, X0, X1 int
}

// MixSeed is the seed of one batch's mixing: a pure function of the run's
// seed, the epoch and the batch's index in the epoch, so that a run resumed
// mid-epoch mixes its batches as it would have.
func MixSeed(seed uint64, epoch, batch int) uint64 {
	return mix64(mix64(seed^0x4d49585550) ^ mix64(uint64(epoch)<<32^uint64(uint32(batch))))
}

// Apply mixes the batch b in place (b.X float32 [B, 3, H, W], normalized or
// not: mixing is linear) with randomness drawn from seed, writes the soft
// targets into targets (row-major [B, classes]) and into hard each image's
// label of the larger weight: its own label when lam >= 0.5, its partner's
// otherwise (what the training loop counts its top-1 against). A label
// outside [0, classes) or buffers of the wrong length are errors, and
// nothing is written then.
func (m Mixup) Apply(b *Batch, classes int, seed uint64, targets []float32, hard []int) (Mix, error) {
	shape := b.X.Shape()
	n := len(b.Labels)
	if len(shape) != 4 || shape[0] != n || shape[1] != 3 {
		return Mix{}, fmt.Errorf("mixup: images of shape %v for %d labels, want [%d, 3, H, W]", []int(shape), n, n)
	}
	if classes <= 0 || len(targets) != n*classes || len(hard) != n {
		return Mix{}, fmt.Errorf("mixup: %d target values and %d hard labels for %d images of %d classes, want %d and %d", len(targets), len(hard), n, classes, n*classes, n)
	}
	for i, l := range b.Labels {
		if l < 0 || l >= classes {
			return Mix{}, fmt.Errorf("mixup: label %d of image %d of the batch is outside [0, %d): the model has %d classes", l, i, classes, classes)
		}
	}
	h, w := shape[2], shape[3]
	mix := m.draw(seed, h, w)
	x := b.X.Float32s()
	if mix.Lam < 1 {
		if mix.CutMix {
			pasteFlipped(x, n, h, w, mix)
		} else {
			blendFlipped(x, n, float32(mix.Lam))
		}
	}
	m.targets(targets, hard, b.Labels, classes, mix.Lam)
	return mix, nil
}

// draw makes one batch's random choices: whether to mix, cutmix or mixup,
// the box's centre and lam, in that order, from seed.
func (m Mixup) draw(seed uint64, h, w int) Mix {
	r := &rng{state: seed}
	apply := r.uniform01() < m.Prob
	switchU := r.uniform01()
	cy, cx := r.intn(h), r.intn(w)
	if !apply || !m.Enabled() {
		return Mix{Lam: 1}
	}
	var mix Mix
	switch {
	case m.MixupAlpha > 0 && m.CutmixAlpha > 0:
		mix.CutMix = switchU < m.SwitchProb
	case m.CutmixAlpha > 0:
		mix.CutMix = true
	}
	alpha := m.MixupAlpha
	if mix.CutMix {
		alpha = m.CutmixAlpha
	}
	mix.Lam = r.beta(alpha, alpha)
	if mix.Lam == 1 {
		return Mix{Lam: 1} // timm leaves the batch alone
	}
	if !mix.CutMix {
		return mix
	}
	// timm's rand_bbox: a box of sides int(side·sqrt(1-lam)) centred on
	// (cy, cx), half a side (rounded down) each way, clipped to the image.
	ratio := math.Sqrt(1 - mix.Lam)
	cutH, cutW := int(float64(h)*ratio), int(float64(w)*ratio)
	mix.Y0, mix.Y1 = clampInt(cy-cutH/2, 0, h), clampInt(cy+cutH/2, 0, h)
	mix.X0, mix.X1 = clampInt(cx-cutW/2, 0, w), clampInt(cx+cutW/2, 0, w)
	mix.Lam = 1 - float64((mix.Y1-mix.Y0)*(mix.X1-mix.X0))/float64(h*w)
	return mix
}

// blendFlipped sets x[i] = lam·x[i] + (1-lam)·x[n-1-i] for every image of
// the batch, from the original images.
func blendFlipped(x []float32, n int, lam float32) {
	size := len(x) / n
	for i := 0; i <= (n-1)/2; i++ {
		j := n - 1 - i
		if i == j {
			// lam·a + (1-lam)·a, computed as for any other image.
			a := x[i*size : (i+1)*size]
			for k, v := range a {
				a[k] = lam*v + (1-lam)*v
			}
			continue
		}
		a, b := x[i*size:(i+1)*size], x[j*size:(j+1)*size]
		for k := range a {
			va, vb := a[k], b[k]
			a[k] = lam*va + (1-lam)*vb
			b[k] = lam*vb + (1-lam)*va
		}
	}
}

// pasteFlipped swaps the box of mix between images i and n-1-i: each image
// gets its partner's box, as x[:, :, box] = x.flip(0)[:, :, box] does.
func pasteFlipped(x []float32, n, h, w int, mix Mix) {
	size := 3 * h * w
	for i := 0; i < n/2; i++ {
		j := n - 1 - i
		for c := range 3 {
			for y := mix.Y0; y < mix.Y1; y++ {
				row := c*h*w + y*w
				a := x[i*size+row+mix.X0 : i*size+row+mix.X1]
				b := x[j*size+row+mix.X0 : j*size+row+mix.X1]
				for k := range a {
					a[k], b[k] = b[k], a[k]
				}
			}
		}
	}
}

// targets writes timm's mixup_target: lam·onehot(y) + (1-lam)·onehot(flip(y)),
// label-smoothed, and the label of the larger weight.
func (m Mixup) targets(targets []float32, hard, labels []int, classes int, lam float64) {
	n := len(labels)
	off := m.LabelSmoothing / float64(classes)
	on := 1 - m.LabelSmoothing + off
	for i, l := range labels {
		partner := labels[n-1-i]
		row := targets[i*classes : (i+1)*classes]
		for j := range row {
			v1, v2 := off, off
			if j == l {
				v1 = on
			}
			if j == partner {
				v2 = on
			}
			row[j] = float32(v1*lam + v2*(1-lam))
		}
		hard[i] = l
		if lam < 0.5 {
			hard[i] = partner
		}
	}
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
