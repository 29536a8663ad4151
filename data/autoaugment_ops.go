package data

import "math"

// The operations of TrivialAugmentWide and RandAugment on uint8 CHW images,
// written to reproduce torchvision's tensor implementations
// (torchvision.transforms.functional on a uint8 tensor) value for value.
// torchvision computes the colour operations in float32 and converts back
// to uint8 by clamping to [0, 255] and truncating, so the Go code does the
// same arithmetic in the same order, with an explicit float32 conversion
// after every product (Go may otherwise fuse a*b+c into one rounding).

// blendPlane writes torchvision's _blend of a and b into dst, element by
// element: ratio*a + (1-ratio)*b in float32, clamped to [0, 255] and
// truncated. b is indexed modulo its length, so a single grey plane (or
// value) blends into all three channels as torchvision's broadcast does.
func blendPlane(dst, a, b []byte, ratio float64) {
	r, s := float32(ratio), float32(1-ratio)
	for i, v := range a {
		dst[i] = toByte(float32(r*float32(v)) + float32(s*float32(b[i%len(b)])))
	}
}

// toByte is torchvision's clamp(0, 255).to(torch.uint8): truncation, not
// rounding.
func toByte(v float32) byte {
	switch {
	case v <= 0 || v != v:
		return 0
	case v >= 255:
		return 255
	}
	return byte(v)
}

// brightness is adjust_brightness(img, factor): a blend with black.
func brightness(img []byte, factor float64) {
	r, s := float32(factor), float32(1-factor)
	for i, v := range img {
		img[i] = toByte(float32(r*float32(v)) + float32(s*0))
	}
}

// grey writes rgb_to_grayscale(img) into dst (one plane): the ITU-R 601-2
// luma with torchvision's coefficients, in float32, truncated.
func grey(dst, img []byte, h, w int) {
	plane := h * w
	for i := range plane {
		r := float32(0.2989 * float32(img[i]))
		g := float32(0.587 * float32(img[plane+i]))
		b := float32(0.114 * float32(img[2*plane+i]))
		dst[i] = toByte(float32(r+g) + b)
	}
}

// saturation is adjust_saturation(img, factor) (PIL's and AutoAugment's
// "Color"): a blend with the grey image.
func saturation(img, tmp []byte, h, w int, factor float64) {
	g := tmp[:h*w]
	grey(g, img, h, w)
	blendPlane(img, img, g, factor)
}

// contrast is adjust_contrast(img, factor): a blend with the mean of the
// grey image. The sum of the truncated grey levels is exact in float32
// (torch.mean sums, then divides) for images of up to 65,793 pixels, so an
// integer sum gives the same mean.
func contrast(img, tmp []byte, h, w int, factor float64) {
	g := tmp[:h*w]
	grey(g, img, h, w)
	var sum int
	for _, v := range g {
		sum += int(v)
	}
	mean := float32(sum) / float32(h*w)
	r, s := float32(factor), float32(1-factor)
	m := float32(s * mean)
	for i, v := range img {
		img[i] = toByte(float32(r*float32(v)) + m)
	}
}

// sharpness is adjust_sharpness(img, factor): a blend with the image
// smoothed by the 3x3 kernel [1 1 1; 1 5 1; 1 1 1]/13 inside a one-pixel
// border that keeps the original pixels. torchvision convolves in float32
// and rounds; the exact sum S/13 is never within 1/26 of a half, so the
// integer rounding (2S+13)/26 gives the same level whatever the order of
// the float sum.
func sharpness(img, tmp []byte, h, w int, factor float64) {
	if h <= 2 || w <= 2 {
		return
	}
	blur := tmp[:len(img)]
	copy(blur, img)
	for c := range 3 {
		p := img[c*h*w : (c+1)*h*w]
		for y := 1; y < h-1; y++ {
			for x := 1; x < w-1; x++ {
				s := 4 * int(p[y*w+x])
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						s += int(p[(y+dy)*w+x+dx])
					}
				}
				blur[(c*h+y)*w+x] = byte((2*s + 13) / 26)
			}
		}
	}
	blendPlane(img, img, blur, factor)
}

// posterize keeps the top bits of every level (img & -(2^(8-bits))).
func posterize(img []byte, bits int) {
	mask := byte(0xff << (8 - bits))
	for i := range img {
		img[i] &= mask
	}
}

// solarize inverts every level at or above the threshold.
func solarize(img []byte, threshold float64) {
	t := float32(threshold)
	for i, v := range img {
		if float32(v) >= t {
			img[i] = 255 - v
		}
	}
}

// autoContrast stretches each channel to [0, 255]; a flat channel is left
// as it is.
func autoContrast(img []byte, h, w int) {
	plane := h * w
	for c := range 3 {
		p := img[c*plane : (c+1)*plane]
		lo, hi := p[0], p[0]
		for _, v := range p {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo == hi {
			continue
		}
		// 255.0 / tensor is reciprocal(tensor) * 255.0 in torch.
		scale := float32(float32(1/float32(hi-lo)) * 255)
		for i, v := range p {
			p[i] = toByte(float32((float32(v) - float32(lo)) * scale))
		}
	}
}

// equalize equalizes each channel's histogram as torchvision (and PIL's
// ImageOps.equalize) do, in integers: the levels are spread so that each
// output level holds about 1/255 of the pixels, leaving out the highest
// level present; a channel with a single level, or too few pixels, is left
// as it is.
func equalize(img []byte, h, w int) {
	plane := h * w
	for c := range 3 {
		p := img[c*plane : (c+1)*plane]
		var hist [256]int
		for _, v := range p {
			hist[v]++
		}
		last := 255
		for hist[last] == 0 {
			last--
		}
		step := (plane - hist[last]) / 255
		if step == 0 {
			continue
		}
		var lut [256]byte
		cum := step / 2
		for v := range 256 {
			lut[v] = byte(min(cum/step, 255))
			cum += hist[v]
		}
		for i, v := range p {
			p[i] = lut[v]
		}
	}
}

// affineNearest resamples img through the inverse affine map m (output
// pixel centre to input pixel centre, in coordinates whose origin is the
// image centre, as torchvision's tensor affine and rotate use), nearest
// neighbour, filling with 0 where the source falls outside. It follows
// torchvision's grid computation in float32: the matrix scaled to [-1, 1]
// grid coordinates (_gen_affine_grid), the grid's matrix product as torch's
// BLAS computes it (x's term, then y's with a fused multiply-add, then the
// constant), then grid_sample's unnormalisation (align_corners=False) and
// round-half-to-even. The fused multiply-add goes through float64, which
// holds the product exactly; rounding the sum twice (to float64, then
// float32) can differ from one rounding only when it lands exactly on a
// float32 half-way point, which the tests never met.
func affineNearest(img, tmp []byte, h, w int, m [6]float64) {
	hw, hh := float32(0.5*float64(w)), float32(0.5*float64(h))
	// rescaled_theta = theta^T / [w/2, h/2]
	r00, r10, r20 := float32(m[0])/hw, float32(m[1])/hw, float32(m[2])/hw
	r01, r11, r21 := float32(m[3])/hh, float32(m[4])/hh, float32(m[5])/hh
	sw, sh := float32(w)/2, float32(h)/2
	plane := h * w
	out := tmp[:len(img)]
	for i := range h {
		y := float32(i) - float32(h)*0.5 + 0.5
		for j := range w {
			x := float32(j) - float32(w)*0.5 + 0.5
			gx := float32(math.FMA(float64(y), float64(r10), float64(x*r00))) + r20
			gy := float32(math.FMA(float64(y), float64(r11), float64(x*r01))) + r21
			sx := math.RoundToEven(float64(float32(float32(gx+1)*sw) - 0.5))
			sy := math.RoundToEven(float64(float32(float32(gy+1)*sh) - 0.5))
			o := i*w + j
			if sx < 0 || sx >= float64(w) || sy < 0 || sy >= float64(h) {
				out[o], out[plane+o], out[2*plane+o] = 0, 0, 0
				continue
			}
			s := int(sy)*w + int(sx)
			out[o], out[plane+o], out[2*plane+o] = img[s], img[plane+s], img[2*plane+s]
		}
	}
	copy(img, out)
}

// inverseAffine is torchvision's _get_inverse_affine_matrix: the map from
// output to input coordinates of a rotation by angle degrees, then shears
// (degrees) about centre, then a translation.
func inverseAffine(cx, cy, angle, tx, ty, shearX, shearY float64) [6]float64 {
	rot, sx, sy := radians(angle), radians(shearX), radians(shearY)
	a := math.Cos(rot-sy) / math.Cos(sy)
	b := -math.Cos(rot-sy)*math.Tan(sx)/math.Cos(sy) - math.Sin(rot)
	c := math.Sin(rot-sy) / math.Cos(sy)
	d := -math.Sin(rot-sy)*math.Tan(sx)/math.Cos(sy) + math.Cos(rot)
	m := [6]float64{d, -b, 0, -c, a, 0}
	m[2] += m[0]*(-cx-tx) + m[1]*(-cy-ty)
	m[5] += m[3]*(-cx-tx) + m[4]*(-cy-ty)
	m[2] += cx
	m[5] += cy
	return m
}

// radians and degrees are Python's math.radians and math.degrees.
func radians(deg float64) float64 { return deg * (float64(math.Pi) / 180) }
func degrees(rad float64) float64 { return rad * (180 / float64(math.Pi)) }

// shearX is F.affine(img, shear=[degrees(atan(m)), 0], center=[0, 0]):
// x' = x + m*y about the top-left corner.
func shearX(img, tmp []byte, h, w int, m float64) {
	affineNearest(img, tmp, h, w, inverseAffine(-0.5*float64(w), -0.5*float64(h), 0, 0, 0, degrees(math.Atan(m)), 0))
}

// shearY is shearX's counterpart along y.
func shearY(img, tmp []byte, h, w int, m float64) {
	affineNearest(img, tmp, h, w, inverseAffine(-0.5*float64(w), -0.5*float64(h), 0, 0, 0, 0, degrees(math.Atan(m))))
}

// translate moves the image by (dx, dy) whole pixels.
func translate(img, tmp []byte, h, w int, dx, dy int) {
	affineNearest(img, tmp, h, w, inverseAffine(0, 0, 0, float64(dx), float64(dy), 0, 0))
}

// rotateBytes is F.rotate(img, deg): counter-clockwise about the centre.
func rotateBytes(img, tmp []byte, h, w int, deg float64) {
	affineNearest(img, tmp, h, w, inverseAffine(0, 0, -deg, 0, 0, 0, 0))
}
