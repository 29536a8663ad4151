package data

import (
	"math"
	"slices"
	"testing"
)

// eraseImage is a 3xhxw image of distinct values far from any normal draw,
// so that an erased pixel is easy to tell.
func eraseImage(h, w int) []float32 {
	img := make([]float32, 3*h*w)
	for i := range img {
		img[i] = 100 + float32(i)
	}
	return img
}

// TestRandomErasingOff: probability 0 leaves every image as it was.
func TestRandomErasingOff(t *testing.T) {
	e := RandomErasing{}
	for seed := range uint64(500) {
		img := eraseImage(8, 8)
		if box, ok := e.Apply(img, 8, 8, seed); ok || box != (Box{}) || !slices.Equal(img, eraseImage(8, 8)) {
			t.Fatalf("seed %d: erased %v %+v", seed, ok, box)
		}
	}
}

// TestRandomErasingBox: probability 1 always erases one box, inside the
// image, of an area and aspect that timm's draw (area in [2%, 1/3] of the
// image, aspect in [0.3, 1/0.3], sides rounded) can give; inside it the
// pixels are fresh N(0, 1) noise, outside they are untouched; and the
// boxes spread over the range.
func TestRandomErasingBox(t *testing.T) {
	const h, w, trials = 32, 24, 2000
	e := RandomErasing{Prob: 1}
	var noise, noise2, n, areaSum, logAspectSum float64
	minFrac, maxFrac := 1.0, 0.0
	for seed := range uint64(trials) {
		img := eraseImage(h, w)
		box, ok := e.Apply(img, h, w, seed)
		if !ok {
			t.Fatalf("seed %d: probability 1 but nothing erased", seed)
		}
		if box.Top < 0 || box.Left < 0 || box.H < 0 || box.W < 0 || box.Top+box.H > h || box.Left+box.W > w {
			t.Fatalf("seed %d: box %+v outside the %dx%d image", seed, box, h, w)
		}
		// round(sqrt(t·a)) = H and round(sqrt(t/a)) = W for some area t and
		// aspect a in range: t = sqrt(ta)·sqrt(t/a) and a = sqrt(ta)/sqrt(t/a).
		bh, bw := float64(box.H), float64(box.W)
		tLo, tHi := (bh-0.5)*(bw-0.5), (bh+0.5)*(bw+0.5)
		aLo, aHi := (bh-0.5)/(bw+0.5), (bh+0.5)/math.Max(bw-0.5, 1e-9)
		area := float64(h * w)
		if tHi < eraseMinArea*area || tLo > eraseMaxArea*area || aHi < eraseMinAspect || aLo > 1/eraseMinAspect {
			t.Fatalf("seed %d: box %+v: no area in [%.1f, %.1f] and aspect in [0.3, 3.33] rounds to it", seed, box, eraseMinArea*area, eraseMaxArea*area)
		}
		frac := bh * bw / area
		minFrac, maxFrac = math.Min(minFrac, frac), math.Max(maxFrac, frac)
		areaSum += frac
		logAspectSum += math.Log(bh / bw)
		want := eraseImage(h, w)
		for c := range 3 {
			for y := range h {
				for x := range w {
					i := (c*h+y)*w + x
					in := y >= box.Top && y < box.Top+box.H && x >= box.Left && x < box.Left+box.W
					switch {
					case !in && img[i] != want[i]:
						t.Fatalf("seed %d: pixel (%d,%d,%d) outside box %+v changed", seed, c, y, x, box)
					case in && math.Abs(float64(img[i])) > 10:
						t.Fatalf("seed %d: pixel (%d,%d,%d) inside box %+v kept %v", seed, c, y, x, box, img[i])
					case in:
						v := float64(img[i])
						noise += v
						noise2 += v * v
						n++
					}
				}
			}
		}
	}
	mean := noise / n
	if sd := math.Sqrt(noise2/n - mean*mean); math.Abs(mean) > 0.01 || math.Abs(sd-1) > 0.01 {
		t.Errorf("erased pixels: mean %.4f, sd %.4f over %.0f, want N(0, 1)", mean, sd, n)
	}
	// Area uniform in [0.02, 1/3]: mean 0.177 before rounding and the
	// rejection of boxes too tall for the image; aspect symmetric in log.
	if m := areaSum / trials; m < 0.15 || m > 0.2 || minFrac > 0.03 || maxFrac < 0.3 {
		t.Errorf("box areas: mean %.3f, range [%.3f, %.3f] of the image, want mean near 0.177 over [0.02, 0.33]", m, minFrac, maxFrac)
	}
	if m := logAspectSum / trials; math.Abs(m) > 0.1 {
		t.Errorf("box aspect: mean log(h/w) %.3f, want near 0", m)
	}
}

// TestRandomErasingProbability: about Prob of the images are erased, and
// the result is a pure function of the seed.
func TestRandomErasingProbability(t *testing.T) {
	const trials = 4000
	e := RandomErasing{Prob: 0.25}
	erased := 0
	for seed := range uint64(trials) {
		a, b := eraseImage(16, 16), eraseImage(16, 16)
		boxA, okA := e.Apply(a, 16, 16, seed)
		boxB, okB := e.Apply(b, 16, 16, seed)
		if boxA != boxB || okA != okB || !slices.Equal(a, b) {
			t.Fatalf("seed %d: two applications differ", seed)
		}
		if okA {
			erased++
		}
	}
	if p := float64(erased) / trials; math.Abs(p-0.25) > 0.025 {
		t.Errorf("probability 0.25: %.3f of the images erased", p)
	}
	a, b := eraseImage(16, 16), eraseImage(16, 16)
	RandomErasing{Prob: 1}.Apply(a, 16, 16, 1)
	RandomErasing{Prob: 1}.Apply(b, 16, 16, 2)
	if slices.Equal(a, b) {
		t.Error("seeds 1 and 2 erase the same")
	}
}

// TestLoaderRandomErasing: the loader erases its normalized images, and
// only that: the pixels outside the box are those of the same loader
// without erasing (the augmentation's draws are unchanged), a resumed epoch
// erases the same boxes, and a bad probability is refused.
func TestLoaderRandomErasing(t *testing.T) {
	ds, err := Open("synthetic-pretrain", "", "train", OpenOptions{Samples: 40})
	if err != nil {
		t.Fatal(err)
	}
	aug := DefaultAugment()
	cfg := LoaderConfig{Batch: 8, Shuffle: true, Seed: 4, Epoch: 1, Augment: &aug, Normalize: CIFARNormalize(), Workers: 2}
	l, err := NewLoader(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	plain := drain(t, l)
	cfg.Erase = RandomErasing{Prob: 1}
	l, err = NewLoader(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	erased := drain(t, l)
	const size = 3 * 32 * 32
	for k, b := range erased {
		x, p := b.X.Float32s(), plain[k].X.Float32s()
		for i := range b.Labels {
			pos := k*cfg.Batch + i
			want := slices.Clone(p[i*size : (i+1)*size])
			if _, ok := cfg.Erase.Apply(want, 32, 32, eraseSeed(cfg.Seed, cfg.Epoch, pos)); !ok {
				t.Fatalf("image %d: probability 1 but nothing erased", pos)
			}
			if !slices.Equal(x[i*size:(i+1)*size], want) {
				t.Fatalf("image %d: the loader's erased image is not the plain one erased with its seed", pos)
			}
		}
	}
	cfg.StartBatch = 3
	l, err = NewLoader(ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range drain(t, l) {
		if !slices.Equal(b.X.Float32s(), erased[3+i].X.Float32s()) {
			t.Errorf("resumed batch %d differs", b.Index)
		}
	}
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := NewLoader(ds, LoaderConfig{Batch: 8, Erase: RandomErasing{Prob: p}}); err == nil {
			t.Errorf("erasing probability %v: no error", p)
		}
	}
}
