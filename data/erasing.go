package data

import "math"

// RandomErasing erases a random box of a training image, as timm's
// RandomErasing does with its defaults and mode "pixel": with probability
// Prob, up to 10 attempts draw a box of area uniform in [2%, 1/3] of the
// image and aspect ratio (height/width) log-uniform in [0.3, 1/0.3]; the
// first that fits is filled with independent standard normal noise per
// pixel and channel. It works on normalized images, where that noise has
// the data's own scale. One box at most (max_count 1).
type RandomErasing struct {
	// Prob is the probability that an image is erased; 0 turns erasing
	// off.
	Prob float64
}

// timm's RandomErasing defaults.
const (
	eraseMinArea   = 0.02
	eraseMaxArea   = 1.0 / 3
	eraseMinAspect = 0.3
	eraseAttempts  = 10
)

// Box is a rectangle of an image: rows [Top, Top+H), columns [Left, Left+W).
type Box struct {
	Top, Left, H, W int
}

// eraseSeed is the seed of one image's erasing: the image's augmentation
// seed hashed once more, so that turning erasing on or off leaves the
// augmentation's own draws unchanged.
func eraseSeed(seed uint64, epoch, position int) uint64 {
	return mix64(ImageSeed(seed, epoch, position) ^ 0x45524153454e)
}

// Apply erases a box of img (float32 CHW, 3·h·w values) in place with the
// randomness of seed, and returns it; ok is false when the image was left
// alone (the coin said no, or no attempt fitted).
func (e RandomErasing) Apply(img []float32, h, w int, seed uint64) (box Box, ok bool) {
	r := &rng{state: seed}
	if !(r.uniform01() < e.Prob) {
		return Box{}, false
	}
	area := float64(h * w)
	logLo, logHi := math.Log(eraseMinAspect), math.Log(1/eraseMinAspect)
	for range eraseAttempts {
		target := (eraseMinArea + (eraseMaxArea-eraseMinArea)*r.uniform01()) * area
		aspect := math.Exp(logLo + (logHi-logLo)*r.uniform01())
		// Python's round, as timm uses: halves to even.
		bh := int(math.RoundToEven(math.Sqrt(target * aspect)))
		bw := int(math.RoundToEven(math.Sqrt(target / aspect)))
		if bw >= w || bh >= h {
			continue
		}
		// random.randint is inclusive at both ends.
		box = Box{Top: r.intn(h - bh + 1), Left: r.intn(w - bw + 1), H: bh, W: bw}
		for c := range 3 {
			for y := box.Top; y < box.Top+bh; y++ {
				row := img[(c*h+y)*w+box.Left : (c*h+y)*w+box.Left+bw]
				for i := range row {
					row[i] = float32(r.gaussian())
				}
			}
		}
		return box, true
	}
	return Box{}, false
}
