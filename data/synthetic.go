package data

import (
	"fmt"
	"math"
)

// The built-in synthetic family: procedurally drawn 32x32 images that need no
// files. Each image is a shape, filled with a texture in a colour, at a
// random position, size and tilt, on a noisy two-colour gradient. Images are
// rendered on the fly from (seed, set, split, index), so a set costs no
// memory and is the same on every machine.
//
// A class is a combination of a shape, a texture and, for pretraining, a
// colour family. Of the 8 shapes x 4 textures = 32 shape-texture pairs, 10
// are held out for the transfer set; the other 22, each in a warm or a cool
// colour family, are the 44 classes of synthetic-pretrain. The 10 classes of
// synthetic-transfer are therefore new combinations of shapes and textures
// that pretraining has seen, each image drawn in either colour family at
// random, so colour says nothing and a model must recombine the shape and
// texture features pretraining taught it, much as CIFAR-10's classes are
// new to a model pretrained on CIFAR-100.

const synthSize = 32

var (
	shapeNames   = [...]string{"disc", "square", "triangle", "plus", "ring", "diamond", "cross", "frame"}
	textureNames = [...]string{"solid", "h-striped", "v-striped", "checked"}
	familyNames  = [...]string{"warm", "cool"}
)

// transferPairs are the shape-texture pairs of synthetic-transfer, in label
// order, as (shape, texture) indexes. Each of five shapes comes in two
// textures and each texture in two or three shapes, so neither a shape nor
// a texture alone names a class.
var transferPairs = [...][2]int{
	{0, 0}, {0, 1}, // solid disc, h-striped disc
	{1, 2}, {1, 3}, // v-striped square, checked square
	{2, 0}, {2, 2}, // solid triangle, v-striped triangle
	{3, 1}, {3, 3}, // h-striped plus, checked plus
	{4, 0}, {4, 3}, // solid ring, checked ring
}

// Default record counts of the synthetic splits.
const (
	defaultPretrainTrain = 50000
	defaultTransferTrain = 10000
	defaultSynthEval     = 2000
)

type synthKind int

const (
	synthPretrain synthKind = iota
	synthTransfer
)

// synthClass is what one class draws.
type synthClass struct {
	shape, texture int
	family         int // index into familyNames, or -1 for any hue
}

// synthClasses returns the classes of a synthetic set in label order.
func synthClasses(kind synthKind) []synthClass {
	var cs []synthClass
	switch kind {
	case synthPretrain:
		held := map[[2]int]bool{}
		for _, p := range transferPairs {
			held[p] = true
		}
		for f := range familyNames {
			for t := range textureNames {
				for sh := range shapeNames {
					if !held[[2]int{sh, t}] {
						cs = append(cs, synthClass{sh, t, f})
					}
				}
			}
		}
	case synthTransfer:
		for _, p := range transferPairs {
			cs = append(cs, synthClass{p[0], p[1], -1})
		}
	}
	return cs
}

func (c synthClass) name() string {
	n := textureNames[c.texture] + " " + shapeNames[c.shape]
	if c.family >= 0 {
		n = familyNames[c.family] + " " + n
	}
	return n
}

// synthetic is one split of a synthetic set.
type synthetic struct {
	name    string
	kinds   []synthClass
	classes []string
	n       int
	seed    uint64 // already mixed with the kind and split
}

func newSynthetic(kind synthKind, split string, seed uint64, samples int) *synthetic {
	s := &synthetic{kinds: synthClasses(kind), n: samples}
	for _, c := range s.kinds {
		s.classes = append(s.classes, c.name())
	}
	setName := "synthetic-pretrain"
	if kind == synthTransfer {
		setName = "synthetic-transfer"
	}
	if s.n <= 0 {
		s.n = defaultSynthEval
		if split == "train" {
			s.n = defaultPretrainTrain
			if kind == synthTransfer {
				s.n = defaultTransferTrain
			}
		}
	}
	splitTag := uint64(1)
	if split == "eval" {
		splitTag = 2
	}
	s.name = setName + "/" + split
	s.seed = mix64(mix64(seed) ^ uint64(kind+1)<<8 ^ splitTag)
	return s
}

func (s *synthetic) Name() string      { return s.name }
func (s *synthetic) Len() int          { return s.n }
func (s *synthetic) Classes() []string { return s.classes }
func (s *synthetic) Size() (h, w int)  { return synthSize, synthSize }

// Record renders image i. Labels cycle through the classes, so every class
// has the same number of images, give or take one.
func (s *synthetic) Record(i int, dst []byte) (int, error) {
	if i < 0 || i >= s.n {
		return 0, fmt.Errorf("%s: record %d out of range [0, %d)", s.name, i, s.n)
	}
	if len(dst) < 3*synthSize*synthSize {
		return 0, fmt.Errorf("%s: record buffer holds %d bytes, need %d", s.name, len(dst), 3*synthSize*synthSize)
	}
	label := i % len(s.classes)
	c := s.kinds[label]
	r := newRNG(s.seed, uint64(i))
	family := c.family
	if family < 0 {
		family = r.intn(len(familyNames))
	}
	var hue float32
	switch family {
	case 0:
		hue = r.uniform(-0.08, 0.16) // reds, oranges, yellows
	default:
		hue = r.uniform(0.45, 0.72) // cyans, blues
	}
	render(dst, c.shape, c.texture, hue, r)
	return label, nil
}

// render draws one image into dst as uint8 CHW planes.
func render(dst []byte, shape, texture int, hue float32, r *rng) {
	const n = synthSize
	fg := hsv(hue, r.uniform(0.55, 1), r.uniform(0.65, 1))
	// Background: a dim, weakly saturated gradient between two colours.
	bgA := hsv(r.float32(), r.uniform(0, 0.35), r.uniform(0.05, 0.45))
	bgB := hsv(r.float32(), r.uniform(0, 0.35), r.uniform(0.05, 0.45))
	gAngle := float64(r.float32()) * 2 * math.Pi
	gx, gy := float32(math.Cos(gAngle))/n, float32(math.Sin(gAngle))/n

	radius := r.uniform(9, 13)
	margin := radius * 0.8
	cx := r.uniform(margin, n-margin)
	cy := r.uniform(margin, n-margin)
	tilt := float64(r.uniform(-0.2, 0.2))
	cos, sin := float32(math.Cos(tilt))/radius, float32(math.Sin(tilt))/radius
	cell := 2 + r.intn(2) // texture cell size in pixels: 2 or 3
	phaseX, phaseY := r.intn(2*cell), r.intn(2*cell)
	dark := r.uniform(0.25, 0.45) // how dark a texture's off cells are

	plane := n * n
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float32(x)+0.5-cx, float32(y)+0.5-cy
			u, v := cos*fx+sin*fy, -sin*fx+cos*fy
			t := 0.5 + gx*(float32(x)-n/2) + gy*(float32(y)-n/2)
			var c [3]float32
			if inShape(shape, u, v) {
				on := true
				tx, ty := (x+phaseX)/cell%2, (y+phaseY)/cell%2
				switch texture {
				case 1:
					on = ty == 0
				case 2:
					on = tx == 0
				case 3:
					on = tx == ty
				}
				k := float32(1)
				if !on {
					k = dark
				}
				c = [3]float32{fg[0] * k, fg[1] * k, fg[2] * k}
			} else {
				for ch := range c {
					c[ch] = bgA[ch] + (bgB[ch]-bgA[ch])*t
				}
			}
			o := y*n + x
			for ch := range c {
				v := c[ch] + r.uniform(-0.06, 0.06)
				dst[ch*plane+o] = byte(clamp01(v)*255 + 0.5)
			}
		}
	}
}

// inShape reports whether the point (u, v), in units of the shape's radius
// from its centre, lies inside the shape.
func inShape(shape int, u, v float32) bool {
	au, av := abs32(u), abs32(v)
	switch shape {
	case 0: // disc
		return u*u+v*v <= 1
	case 1: // square
		return au <= 0.8 && av <= 0.8
	case 2: // triangle, apex up
		return v <= 0.7 && v >= -0.9 && au <= 0.9*(v+0.9)/1.6
	case 3: // plus
		return (au <= 0.3 && av <= 0.95) || (av <= 0.3 && au <= 0.95)
	case 4: // ring
		d := u*u + v*v
		return d <= 1 && d >= 0.36
	case 5: // diamond
		return au+av <= 1
	case 6: // diagonal cross
		return au <= 0.85 && av <= 0.85 && (abs32(u-v) <= 0.4 || abs32(u+v) <= 0.4)
	case 7: // hollow square
		m := max(au, av)
		return m <= 0.9 && m >= 0.55
	}
	return false
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

// hsv converts hue (turns, any real), saturation and value in [0, 1] to RGB.
func hsv(h, s, v float32) [3]float32 {
	h -= float32(math.Floor(float64(h)))
	h *= 6
	i := int(h) % 6
	f := h - float32(int(h))
	p, q, t := v*(1-s), v*(1-s*f), v*(1-s*(1-f))
	switch i {
	case 0:
		return [3]float32{v, t, p}
	case 1:
		return [3]float32{q, v, p}
	case 2:
		return [3]float32{p, v, t}
	case 3:
		return [3]float32{p, q, v}
	case 4:
		return [3]float32{t, p, v}
	default:
		return [3]float32{v, p, q}
	}
}
