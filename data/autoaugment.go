package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Policy is an automatic augmentation policy applied to training images
// before they become floats: TrivialAugmentWide (Müller & Hutter 2021) or
// RandAugment (Cubuk et al. 2020), with torchvision's semantics (see
// ParsePolicy). Its zero value is no policy.
type Policy struct {
	// Kind is PolicyTrivialAugment, PolicyRandAugment or "" (none).
	Kind string
	// NumOps is RandAugment's number of operations per image (N).
	NumOps int
	// Magnitude is RandAugment's magnitude bin (M), 0 to PolicyBins-1.
	Magnitude int
}

// The policy kinds.
const (
	PolicyTrivialAugment = "trivialaugment"
	PolicyRandAugment    = "randaugment"
)

// PolicyBins is the number of magnitude bins of both policies, as in
// torchvision (num_magnitude_bins=31): bin 0 is the weakest, bin 30 the
// strongest.
const PolicyBins = 31

// RandAugment's defaults, torchvision's: two operations at bin 9 of 31.
const (
	DefaultRandAugmentN = 2
	DefaultRandAugmentM = 9
)

// maxRandAugmentN bounds N: more operations than the space has ops is
// already an image of noise.
const maxRandAugmentN = 14

// PolicySyntax is the accepted spellings of a policy, for messages.
const PolicySyntax = `trivialaugment, randaugment (N=2, M=9) or randaugment-n<N>-m<M> (N 1-14, M 0-30)`

// ParsePolicy reads a policy name:
//
//   - "" is no policy;
//   - "trivialaugment" is torchvision's TrivialAugmentWide: per image, one
//     operation drawn uniformly from the 14, at a magnitude bin drawn
//     uniformly from 31 in the wide space, negated with probability 0.5
//     where the operation is signed;
//   - "randaugment" is torchvision's RandAugment(num_ops=2, magnitude=9);
//   - "randaugment-n<N>-m<M>" is RandAugment(num_ops=N, magnitude=M),
//     N operations drawn uniformly (with repeats) at the fixed bin M of 31
//     in the standard space. M counts torchvision's 31 bins, not timm's 10
//     levels: timm's rand-m9 is about torchvision's m27.
func ParsePolicy(s string) (Policy, error) {
	switch s {
	case "":
		return Policy{}, nil
	case PolicyTrivialAugment:
		return Policy{Kind: PolicyTrivialAugment}, nil
	case PolicyRandAugment:
		return Policy{Kind: PolicyRandAugment, NumOps: DefaultRandAugmentN, Magnitude: DefaultRandAugmentM}, nil
	}
	bad := fmt.Errorf("augmentation policy %q: expected %s", s, PolicySyntax)
	rest, ok := strings.CutPrefix(s, PolicyRandAugment+"-n")
	if !ok {
		return Policy{}, bad
	}
	ns, ms, ok := strings.Cut(rest, "-m")
	if !ok {
		return Policy{}, bad
	}
	n, errN := strconv.Atoi(ns)
	m, errM := strconv.Atoi(ms)
	// Atoi takes signs and leading zeros; one spelling per policy keeps
	// String the inverse of ParsePolicy.
	if errN != nil || errM != nil || strconv.Itoa(n) != ns || strconv.Itoa(m) != ms ||
		n < 1 || n > maxRandAugmentN || m < 0 || m >= PolicyBins {
		return Policy{}, bad
	}
	return Policy{Kind: PolicyRandAugment, NumOps: n, Magnitude: m}, nil
}

// check reports a Policy that ParsePolicy would not return.
func (p Policy) check() error {
	ok := false
	switch p.Kind {
	case "", PolicyTrivialAugment:
		ok = p.NumOps == 0 && p.Magnitude == 0
	case PolicyRandAugment:
		ok = p.NumOps >= 1 && p.NumOps <= maxRandAugmentN && p.Magnitude >= 0 && p.Magnitude < PolicyBins
	}
	if !ok {
		return fmt.Errorf("augmentation policy %+v: expected %s", p, PolicySyntax)
	}
	return nil
}

// String is the policy's name as ParsePolicy reads it; RandAugment is
// always spelled with its N and M.
func (p Policy) String() string {
	if p.Kind == PolicyRandAugment {
		return fmt.Sprintf("%s-n%d-m%d", PolicyRandAugment, p.NumOps, p.Magnitude)
	}
	return p.Kind
}

// augOp is one operation of the augmentation space, in torchvision's order
// (the order matters only for which index draws which op).
type augOp int

const (
	opIdentity augOp = iota
	opShearX
	opShearY
	opTranslateX
	opTranslateY
	opRotate
	opBrightness
	opColor
	opContrast
	opSharpness
	opPosterize
	opSolarize
	opAutoContrast
	opEqualize
	numAugOps
)

// opSpec is an operation's entry in a space: its magnitude at bin 30 (or
// the range of bits, for Posterize) and whether it is negated half the time.
type opSpec struct {
	name   string
	max    float64 // linspace(0, max, 31); unused for the magnitude-free ops
	signed bool
}

// augmentSpace is torchvision's _augmentation_space of a policy for an
// h x w image: TrivialAugmentWide's wide ranges or RandAugment's standard
// ones. Posterize keeps 8 down to 2 bits (wide) or 8 down to 4 bits
// (standard); Solarize's threshold runs from 255 down to 0 in both.
// TrivialAugmentWide translates by up to 32 pixels whatever the image size
// (as torchvision does); RandAugment by up to 150/331 of the side.
func augmentSpace(wide bool, h, w int) [numAugOps]opSpec {
	if wide {
		return [numAugOps]opSpec{
			opIdentity:     {"Identity", 0, false},
			opShearX:       {"ShearX", 0.99, true},
			opShearY:       {"ShearY", 0.99, true},
			opTranslateX:   {"TranslateX", 32, true},
			opTranslateY:   {"TranslateY", 32, true},
			opRotate:       {"Rotate", 135, true},
			opBrightness:   {"Brightness", 0.99, true},
			opColor:        {"Color", 0.99, true},
			opContrast:     {"Contrast", 0.99, true},
			opSharpness:    {"Sharpness", 0.99, true},
			opPosterize:    {"Posterize", 6, false}, // bits lost at bin 30
			opSolarize:     {"Solarize", 255, false},
			opAutoContrast: {"AutoContrast", 0, false},
			opEqualize:     {"Equalize", 0, false},
		}
	}
	return [numAugOps]opSpec{
		opIdentity:     {"Identity", 0, false},
		opShearX:       {"ShearX", 0.3, true},
		opShearY:       {"ShearY", 0.3, true},
		opTranslateX:   {"TranslateX", 150.0 / 331.0 * float64(w), true},
		opTranslateY:   {"TranslateY", 150.0 / 331.0 * float64(h), true},
		opRotate:       {"Rotate", 30, true},
		opBrightness:   {"Brightness", 0.9, true},
		opColor:        {"Color", 0.9, true},
		opContrast:     {"Contrast", 0.9, true},
		opSharpness:    {"Sharpness", 0.9, true},
		opPosterize:    {"Posterize", 4, false},
		opSolarize:     {"Solarize", 255, false},
		opAutoContrast: {"AutoContrast", 0, false},
		opEqualize:     {"Equalize", 0, false},
	}
}

// magnitude is the op's magnitude at bin (0..PolicyBins-1), the float32
// value torchvision's table holds, widened as Python's float() does.
func (s opSpec) magnitude(op augOp, bin int) float64 {
	switch op {
	case opIdentity, opAutoContrast, opEqualize:
		return 0
	case opPosterize:
		// 8 - round(arange(31) / (30 / lost)), in float32, half to even.
		lost := math.RoundToEven(float64(float32(bin) / float32(float64(PolicyBins-1)/s.max)))
		return 8 - lost
	case opSolarize:
		return float64(linspace32(255, 0, PolicyBins, bin))
	}
	return float64(linspace32(0, s.max, PolicyBins, bin))
}

// linspace32 is element i of torch.linspace(start, end, steps) in float32:
// the first half counted up from start, the second down from end. torch's
// vectorised kernel can differ from this in the last bit for some elements
// (it depends on the CPU's vector width); the tests allow for that.
func linspace32(start, end float64, steps, i int) float32 {
	s, e := float32(start), float32(end)
	step := (e - s) / float32(steps-1)
	if i < steps/2 {
		return s + float32(step*float32(i))
	}
	return e - float32(step*float32(steps-1-i))
}

// applyOp applies op at magnitude m (already signed) to img, torchvision's
// _apply_op. tmp is scratch of len(img) bytes.
func applyOp(img, tmp []byte, h, w int, op augOp, m float64) {
	switch op {
	case opIdentity:
	case opShearX:
		shearX(img, tmp, h, w, m)
	case opShearY:
		shearY(img, tmp, h, w, m)
	case opTranslateX:
		translate(img, tmp, h, w, int(m), 0)
	case opTranslateY:
		translate(img, tmp, h, w, 0, int(m))
	case opRotate:
		rotateBytes(img, tmp, h, w, m)
	case opBrightness:
		brightness(img, 1+m)
	case opColor:
		saturation(img, tmp, h, w, 1+m)
	case opContrast:
		contrast(img, tmp, h, w, 1+m)
	case opSharpness:
		sharpness(img, tmp, h, w, 1+m)
	case opPosterize:
		posterize(img, int(m))
	case opSolarize:
		solarize(img, m)
	case opAutoContrast:
		autoContrast(img, h, w)
	case opEqualize:
		equalize(img, h, w)
	default:
		panic(fmt.Sprintf("data: augmentation op %d out of range", op))
	}
}

// policySalt separates the policy's random stream from the reproduction
// augmentation's, which draws from the same image seed.
const policySalt = 0x7472697669616c61

// Apply augments img (uint8 CHW planes, 3*h*w bytes) in place, drawing its
// randomness from seed (see ImageSeed). tmp is scratch of at least
// len(img) bytes. The zero Policy leaves img as it is.
func (p Policy) Apply(img, tmp []byte, h, w int, seed uint64) {
	for _, d := range p.draw(h, w, seed) {
		applyOp(img, tmp[:len(img)], h, w, d.op, d.magnitude)
	}
}

// drawnOp is one operation a policy drew for an image.
type drawnOp struct {
	op        augOp
	bin       int
	magnitude float64 // signed
}

// draw makes a policy's draws for one image, from a stream of its own:
// TrivialAugmentWide one op, a bin and a sign; RandAugment N ops and signs
// at its fixed bin. Every op draws a sign, signed or not, so that the
// stream does not depend on the ops drawn.
func (p Policy) draw(h, w int, seed uint64) []drawnOp {
	r := &rng{state: mix64(seed ^ policySalt)}
	n, wide := p.NumOps, false
	switch p.Kind {
	case "":
		return nil
	case PolicyTrivialAugment:
		n, wide = 1, true
	}
	space := augmentSpace(wide, h, w)
	ops := make([]drawnOp, n)
	for i := range ops {
		op, bin := augOp(r.intn(int(numAugOps))), p.Magnitude
		if wide {
			bin = r.intn(PolicyBins)
		}
		m := space[op].magnitude(op, bin)
		if r.intn(2) == 1 && space[op].signed {
			m = -m
		}
		ops[i] = drawnOp{op, bin, m}
	}
	return ops
}
