package data

import (
	"slices"
	"testing"
)

// gradient is an 8x8 test image whose pixels all differ.
func gradient(h, w int) []byte {
	src := make([]byte, 3*h*w)
	for i := range src {
		src[i] = byte(i*5 + 3)
	}
	return src
}

func TestAugmentDeterministic(t *testing.T) {
	const h, w = 8, 8
	src := gradient(h, w)
	a := DefaultAugment()
	out := func(seed uint64) []float32 {
		dst := make([]float32, 3*h*w)
		a.Apply(dst, src, h, w, seed)
		return dst
	}
	s := ImageSeed(1, 2, 3)
	if !slices.Equal(out(s), out(s)) {
		t.Error("the same seed gives different images")
	}
	differ := 0
	for pos := range 20 {
		if !slices.Equal(out(ImageSeed(1, 2, pos)), out(s)) {
			differ++
		}
	}
	if differ < 15 {
		t.Errorf("only %d of 20 positions give a different image", differ)
	}
	if ImageSeed(1, 2, 3) == ImageSeed(1, 3, 3) || ImageSeed(1, 2, 3) == ImageSeed(2, 2, 3) {
		t.Error("ImageSeed ignores the epoch or the seed")
	}
}

func TestAugmentSteps(t *testing.T) {
	const h, w = 8, 8
	src := gradient(h, w)
	plain := make([]float32, 3*h*w)
	toFloat(plain, src)
	at := func(img []float32, c, y, x int) float32 { return img[(c*h+y)*w+x] }

	apply := func(a Augment, seed uint64) []float32 {
		dst := make([]float32, 3*h*w)
		a.Apply(dst, src, h, w, seed)
		return dst
	}
	if got := apply(Augment{}, 9); !slices.Equal(got, plain) {
		t.Error("the zero Augment changes the image")
	}

	sawFlip, sawKeep := false, false
	for seed := range uint64(40) {
		got := apply(Augment{Flip: true}, seed)
		switch {
		case slices.Equal(got, plain):
			sawKeep = true
		case at(got, 1, 2, 0) == at(plain, 1, 2, w-1) && at(got, 2, 5, 3) == at(plain, 2, 5, w-4):
			sawFlip = true
		default:
			t.Fatal("flip produced neither the image nor its mirror")
		}
	}
	if !sawFlip || !sawKeep {
		t.Errorf("flip over 40 seeds: flipped %v, kept %v; want both", sawFlip, sawKeep)
	}

	// A crop is a shift by at most the padding, with zeros coming in.
	for seed := range uint64(40) {
		got := apply(Augment{CropPad: 2}, seed)
		found := false
		for dy := -2; dy <= 2 && !found; dy++ {
			for dx := -2; dx <= 2 && !found; dx++ {
				want := make([]float32, len(plain))
				shift(want, plain, h, w, dx, dy)
				found = slices.Equal(got, want)
			}
		}
		if !found {
			t.Fatalf("seed %d: crop is not a shift within the padding", seed)
		}
	}

	// Brightness scales by at most 10%; pixels stay in [0, 1].
	for seed := range uint64(20) {
		got := apply(Augment{Brightness: 0.1, BrightnessP: 1}, seed)
		f := got[10] / plain[10]
		if f < 0.9 || f > 1.1 {
			t.Fatalf("brightness factor %v outside [0.9, 1.1]", f)
		}
		for i, v := range got {
			if v < 0 || v > 1 || (plain[i]*f <= 1 && abs32(v-plain[i]*f) > 1e-5) {
				t.Fatalf("pixel %d: %v from %v, factor %v", i, v, plain[i], f)
			}
		}
	}
	// Probability 0 never applies a step.
	if got := apply(Augment{Brightness: 0.5, Contrast: 0.5}, 4); !slices.Equal(got, plain) {
		t.Error("brightness and contrast with probability 0 changed the image")
	}
	// Contrast keeps the mean grey level (when nothing clips).
	mid := make([]byte, 3*h*w)
	for i := range mid {
		mid[i] = byte(100 + i%50)
	}
	base := make([]float32, len(mid))
	toFloat(base, mid)
	got := make([]float32, len(mid))
	Augment{Contrast: 0.1, ContrastP: 1}.Apply(got, mid, h, w, 5)
	if d := meanGrey(got, h, w) - meanGrey(base, h, w); abs32(d) > 1e-4 {
		t.Errorf("contrast moved the mean grey by %v", d)
	}

	// Rotation: the centre pixel of an odd-sized image stays; a 90 degree
	// turn of a square moves corners to corners.
	rot := make([]float32, len(plain))
	rotate(rot, plain, h, w, 0)
	if !slices.Equal(rot, plain) {
		t.Error("rotation by 0 changes the image")
	}
	rotate(rot, plain, h, w, 3.14159265/2)
	if at(rot, 0, 0, 0) != at(plain, 0, 0, w-1) {
		t.Errorf("90 degree rotation: top-left %v, want the top-right %v", at(rot, 0, 0, 0), at(plain, 0, 0, w-1))
	}
	for seed := range uint64(20) {
		got := apply(Augment{RotateDeg: 15}, seed)
		for _, v := range got {
			if v < 0 || v > 1 {
				t.Fatal("rotation produced a value outside [0, 1]")
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	ds := indexSet{n: 2, size: 2}
	n := Normalize{Mean: [3]float32{0.5, 0, 0.25}, Std: [3]float32{0.5, 1, 2}}
	l, err := NewLoader(ds, LoaderConfig{Batch: 2, Normalize: n})
	if err != nil {
		t.Fatal(err)
	}
	x := drain(t, l)[0].X.Data().([]float32)
	// Image 1 is all 1/255.
	v := float32(1) / 255
	want := []float32{(v - 0.5) / 0.5, (v - 0) / 1, (v - 0.25) / 2}
	for c := range 3 {
		if got := x[12+c*4]; abs32(got-want[c]) > 1e-6 {
			t.Errorf("channel %d: %v, want %v", c, got, want[c])
		}
	}
}

func TestResampler(t *testing.T) {
	// Enlarging a 2-pixel row 2->4 is bilinear with half-pixel centres:
	// [a, a, b, b] blended at 1/4 and 3/4.
	r := newResampler(1, 2, 1, 4)
	src := []float32{0, 1, 0, 1, 0, 1}
	dst := make([]float32, 12)
	r.resize(dst, src, make([]float32, r.tmpLen()))
	if want := []float32{0, 0.25, 0.75, 1}; !slices.Equal(dst[:4], want) {
		t.Errorf("2->4: %v, want %v", dst[:4], want)
	}
	// Shrinking 4->2 widens the triangle to two source pixels, as Pillow
	// does: output 0 weighs source 0, 1, 2 by 3/7, 3/7, 1/7.
	r = newResampler(1, 4, 1, 2)
	src = []float32{0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0}
	dst = make([]float32, 6)
	r.resize(dst, src, make([]float32, r.tmpLen()))
	if want := []float32{5.0 / 7, 3 - 5.0/7}; abs32(dst[0]-want[0]) > 1e-6 || abs32(dst[1]-want[1]) > 1e-6 {
		t.Errorf("4->2: %v, want %v", dst[:2], want)
	}
}
