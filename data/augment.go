package data

import "math"

// Augment is a training-time augmentation pipeline, applied to each image in
// this order, as in the reproduction's torchvision pipeline: random crop with
// zero padding, brightness jitter, contrast jitter, horizontal flip,
// rotation. Every step is off at its zero value, so a run can switch steps
// off or tune them one by one.
//
// The random draws for one image come from a seed (see ImageSeed) and are
// made in a fixed order whether or not a step is on, so switching one step
// off leaves the others' draws for that image unchanged.
type Augment struct {
	// CropPad pads each side with this many zero pixels and crops back to
	// the original size at a uniformly random offset (RandomCrop(size,
	// padding=CropPad)). 0 turns it off.
	CropPad int
	// Brightness multiplies every pixel by a factor drawn uniformly from
	// [1-Brightness, 1+Brightness], with probability BrightnessP.
	Brightness, BrightnessP float32
	// Contrast blends every pixel with the image's mean grey level by a
	// factor drawn uniformly from [1-Contrast, 1+Contrast], with probability
	// ContrastP.
	Contrast, ContrastP float32
	// Flip mirrors the image left to right with probability 0.5.
	Flip bool
	// RotateDeg rotates the image about its centre by an angle drawn
	// uniformly from [-RotateDeg, RotateDeg] degrees, nearest-neighbour,
	// filling uncovered pixels with zero (torchvision's RandomRotation).
	RotateDeg float32
}

// DefaultAugment is the reproduction's training pipeline for 32x32
// CIFAR-like data: RandomCrop(32, padding=4), brightness 0.1 and contrast 0.1
// each with probability 0.5, horizontal flip, rotation up to 15 degrees.
func DefaultAugment() Augment {
	return Augment{
		CropPad:     4,
		Brightness:  0.1,
		BrightnessP: 0.5,
		Contrast:    0.1,
		ContrastP:   0.5,
		Flip:        true,
		RotateDeg:   15,
	}
}

// ImageSeed is the seed of one image's augmentation: a pure function of the
// run's seed, the epoch and the image's position in that epoch's order, so
// that it does not depend on which worker prepares the image, and a run
// resumed mid-epoch draws exactly what it would have drawn.
func ImageSeed(seed uint64, epoch, position int) uint64 {
	return mix64(mix64(seed^0x243f6a8885a308d3) ^ mix64(uint64(epoch)<<32^uint64(uint32(position))))
}

// Apply writes the augmented image src (uint8 CHW planes, 3*h*w bytes) to dst
// as float32 values in [0, 1], drawing its randomness from seed.
func (a Augment) Apply(dst []float32, src []byte, h, w int, seed uint64) {
	toFloat(dst, src)
	a.apply(dst, make([]float32, len(dst)), h, w, seed)
}

// augmentDraws are the random draws of one image's augmentation.
type augmentDraws struct {
	dx, dy               int
	brightOn, contrastOn bool
	brightU, contrastU   float32
	flip                 bool
	angleU               float32
}

// draw makes every draw up front, in a fixed order whatever steps are on.
func (a Augment) draw(seed uint64) augmentDraws {
	r := &rng{state: seed}
	var d augmentDraws
	if a.CropPad > 0 {
		d.dx = r.intn(2*a.CropPad+1) - a.CropPad
		d.dy = r.intn(2*a.CropPad+1) - a.CropPad
	}
	d.brightOn, d.brightU = r.float32() < a.BrightnessP, r.float32()
	d.contrastOn, d.contrastU = r.float32() < a.ContrastP, r.float32()
	d.flip = r.float32() < 0.5
	d.angleU = r.float32()
	return d
}

// apply augments img (float32 CHW in [0, 1]) in place, using tmp (same
// length) as scratch.
func (a Augment) apply(img, tmp []float32, h, w int, seed uint64) {
	d := a.draw(seed)
	if a.CropPad > 0 && (d.dx != 0 || d.dy != 0) {
		shift(tmp, img, h, w, d.dx, d.dy)
		copy(img, tmp)
	}
	a.jitter(img, h, w, d)
	if a.Flip && d.flip {
		mirror(img, h, w)
	}
	a.rotate(img, tmp, h, w, d)
}

// applyWithPolicy is the pipeline with an automatic augmentation policy, in
// timm's and DeiT's order: the random crop and flip on the uint8 image
// (rec, 3*h*w bytes, changed in place; btmp is scratch of the same length),
// then the policy, then the conversion to floats in img, then the
// reproduction's brightness and contrast jitter and rotation where they are
// on. The draws are apply's for the same seed; the policy draws from a
// stream of its own. Without a policy the loader calls apply, whose order
// (flip after the jitter) old runs were trained with.
func (a Augment) applyWithPolicy(img, tmp []float32, rec, btmp []byte, h, w int, p Policy, seed uint64) {
	d := a.draw(seed)
	if a.CropPad > 0 && (d.dx != 0 || d.dy != 0) {
		shift(btmp, rec, h, w, d.dx, d.dy)
		copy(rec, btmp)
	}
	if a.Flip && d.flip {
		mirror(rec, h, w)
	}
	p.Apply(rec, btmp, h, w, seed)
	toFloat(img, rec)
	a.jitter(img, h, w, d)
	a.rotate(img, tmp, h, w, d)
}

// jitter is the brightness and contrast steps.
func (a Augment) jitter(img []float32, h, w int, d augmentDraws) {
	if a.Brightness > 0 && d.brightOn {
		f := 1 + a.Brightness*(2*d.brightU-1)
		for i, v := range img {
			img[i] = clamp01(v * f)
		}
	}
	if a.Contrast > 0 && d.contrastOn {
		f := 1 + a.Contrast*(2*d.contrastU-1)
		m := (1 - f) * meanGrey(img, h, w)
		for i, v := range img {
			img[i] = clamp01(f*v + m)
		}
	}
}

// rotate is the rotation step.
func (a Augment) rotate(img, tmp []float32, h, w int, d augmentDraws) {
	if a.RotateDeg > 0 {
		deg := a.RotateDeg * (2*d.angleU - 1)
		rotate(tmp, img, h, w, float64(deg)*math.Pi/180)
		copy(img, tmp)
	}
}

// mirror flips each row of the three planes left to right.
func mirror[T any](img []T, h, w int) {
	for row := 0; row < 3*h; row++ {
		line := img[row*w : (row+1)*w]
		for i, j := 0, w-1; i < j; i, j = i+1, j-1 {
			line[i], line[j] = line[j], line[i]
		}
	}
}

// shift writes src moved so that dst(y, x) = src(y+dy, x+dx), zero outside:
// the crop of a zero-padded image at offset (pad+dx, pad+dy).
func shift[T float32 | byte](dst, src []T, h, w, dx, dy int) {
	for c := 0; c < 3; c++ {
		for y := 0; y < h; y++ {
			out := dst[(c*h+y)*w : (c*h+y+1)*w]
			sy := y + dy
			if sy < 0 || sy >= h {
				clear(out)
				continue
			}
			in := src[(c*h+sy)*w : (c*h+sy+1)*w]
			for x := range out {
				sx := x + dx
				if sx < 0 || sx >= w {
					out[x] = 0
				} else {
					out[x] = in[sx]
				}
			}
		}
	}
}

// rotate writes src rotated counter-clockwise by theta radians about the
// image centre into dst, nearest-neighbour, zero where nothing maps.
func rotate(dst, src []float32, h, w int, theta float64) {
	cos, sin := math.Cos(theta), math.Sin(theta)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	plane := h * w
	for y := 0; y < h; y++ {
		fy := float64(y) - cy
		for x := 0; x < w; x++ {
			fx := float64(x) - cx
			// Inverse map: the source pixel that lands on (x, y).
			sx := int(math.Floor(cos*fx - sin*fy + cx + 0.5))
			sy := int(math.Floor(sin*fx + cos*fy + cy + 0.5))
			o := y*w + x
			if sx < 0 || sx >= w || sy < 0 || sy >= h {
				dst[o], dst[plane+o], dst[2*plane+o] = 0, 0, 0
				continue
			}
			i := sy*w + sx
			dst[o], dst[plane+o], dst[2*plane+o] = src[i], src[plane+i], src[2*plane+i]
		}
	}
}

// meanGrey is the mean of the image's luma (ITU-R 601), what torchvision's
// adjust_contrast blends towards.
func meanGrey(img []float32, h, w int) float32 {
	plane := h * w
	var sum float64
	for i := 0; i < plane; i++ {
		sum += float64(0.299*img[i] + 0.587*img[plane+i] + 0.114*img[2*plane+i])
	}
	return float32(sum / float64(plane))
}

func clamp01(v float32) float32 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// toFloat converts uint8 pixels to float32 in [0, 1].
func toFloat(dst []float32, src []byte) {
	for i, b := range src[:len(dst)] {
		dst[i] = float32(b) * (1.0 / 255)
	}
}

// Normalize maps each channel c to (x - Mean[c]) / Std[c]. Its zero value
// leaves pixels unchanged.
type Normalize struct {
	Mean, Std [3]float32
}

// CIFARNormalize is the reproduction's normalization: the CIFAR-100
// training set's per-channel mean and standard deviation.
func CIFARNormalize() Normalize {
	return Normalize{
		Mean: [3]float32{0.5071, 0.4865, 0.4409},
		Std:  [3]float32{0.1942, 0.1918, 0.1958},
	}
}

// affine returns the per-channel scale and bias equivalent to n.
func (n Normalize) affine() (scale, bias [3]float32) {
	for c := range 3 {
		scale[c] = 1
		if n.Std[c] != 0 {
			scale[c] = 1 / n.Std[c]
		}
		bias[c] = -n.Mean[c] * scale[c]
	}
	return scale, bias
}
