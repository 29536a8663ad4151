package data

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// mixBatch is a batch of n images of h x w whose pixels all differ, with
// the given labels.
func mixBatch(n, h, w int, labels ...int) *Batch {
	x := make([]float32, n*3*h*w)
	for i := range x {
		x[i] = float32(i%97)*0.1 - 4 + float32(i/(3*h*w))
	}
	return &Batch{X: tensor.New(tensor.WithShape(n, 3, h, w), tensor.WithBacking(x)), Labels: labels}
}

// applyMix runs m on a copy of b and returns the mixed pixels, the targets,
// the hard labels and the mix.
func applyMix(t *testing.T, m Mixup, b *Batch, classes int, seed uint64) ([]float32, []float32, []int, Mix) {
	t.Helper()
	c := &Batch{X: b.X.Clone().(*tensor.Dense), Labels: b.Labels}
	targets := make([]float32, len(b.Labels)*classes)
	hard := make([]int, len(b.Labels))
	mix, err := m.Apply(c, classes, seed, targets, hard)
	if err != nil {
		t.Fatal(err)
	}
	return c.X.Float32s(), targets, hard, mix
}

// wantTargets is timm's mixup_target for the labels, written out.
func wantTargets(labels []int, classes int, lam, smoothing float64) []float32 {
	n := len(labels)
	off := smoothing / float64(classes)
	on := 1 - smoothing + off
	out := make([]float32, n*classes)
	for i, l := range labels {
		for j := range classes {
			v := off * lam
			if j == l {
				v = on * lam
			}
			if j == labels[n-1-i] {
				v += on * (1 - lam)
			} else {
				v += off * (1 - lam)
			}
			out[i*classes+j] = float32(v)
		}
	}
	return out
}

// checkTargets: the targets are timm's, each row sums to 1, and the hard
// label is the one of the larger weight.
func checkTargets(t *testing.T, targets []float32, hard, labels []int, classes int, lam, smoothing float64) {
	t.Helper()
	want := wantTargets(labels, classes, lam, smoothing)
	for i := range labels {
		row := targets[i*classes : (i+1)*classes]
		var sum float64
		for j, v := range row {
			sum += float64(v)
			if math.Abs(float64(v-want[i*classes+j])) > 1e-7 {
				t.Fatalf("target[%d][%d] = %v, want %v (lam %v, smoothing %v)", i, j, v, want[i*classes+j], lam, smoothing)
			}
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Errorf("target row %d sums to %v", i, sum)
		}
		wantHard := labels[i]
		if lam < 0.5 {
			wantHard = labels[len(labels)-1-i]
		}
		if hard[i] != wantHard {
			t.Errorf("hard label %d = %d, want %d (lam %v)", i, hard[i], wantHard, lam)
		}
	}
}

// TestMixupBlend: mixup makes image i lam·x[i] + (1-lam)·x[B-1-i], the
// middle image of an odd batch stays itself, and the targets are timm's.
func TestMixupBlend(t *testing.T) {
	const n, h, w, classes = 5, 3, 4, 6
	b := mixBatch(n, h, w, 0, 5, 2, 5, 1)
	orig := b.X.Float32s()
	size := 3 * h * w
	for _, smoothing := range []float64{0, 0.1} {
		m := Mixup{MixupAlpha: 1, Prob: 1, LabelSmoothing: smoothing}
		sawLow, sawHigh := false, false
		for seed := range uint64(40) {
			x, targets, hard, mix := applyMix(t, m, b, classes, seed)
			if mix.CutMix || !(mix.Lam > 0 && mix.Lam < 1) {
				t.Fatalf("seed %d: %+v, want a mixup with lam in (0, 1)", seed, mix)
			}
			sawLow, sawHigh = sawLow || mix.Lam < 0.5, sawHigh || mix.Lam >= 0.5
			lam := float32(mix.Lam)
			for i := range n {
				j := n - 1 - i
				for k := range size {
					a, bb := orig[i*size+k], orig[j*size+k]
					want := lam*a + (1-lam)*bb
					if got := x[i*size+k]; math.Abs(float64(got-want)) > 1e-6*(1+math.Abs(float64(want))) {
						t.Fatalf("seed %d: image %d pixel %d = %v, want lam·%v + (1-lam)·%v = %v", seed, i, k, got, a, bb, want)
					}
				}
			}
			mid := x[2*size : 3*size]
			for k, v := range mid {
				if math.Abs(float64(v-orig[2*size+k])) > 1e-6*(1+math.Abs(float64(v))) {
					t.Fatalf("seed %d: the middle image changed at %d: %v, was %v", seed, k, v, orig[2*size+k])
				}
			}
			checkTargets(t, targets, hard, b.Labels, classes, mix.Lam, smoothing)
		}
		if !sawLow || !sawHigh {
			t.Errorf("40 seeds: lam below 0.5 %v, at or above %v; want both", sawLow, sawHigh)
		}
	}
}

// TestMixupCutmix: cutmix swaps a box between image i and B-1-i (the
// partner's box pasted, the rest untouched), lam is 1 - box/area, the box
// is timm's rand_bbox clipped to the image, and the targets are timm's.
func TestMixupCutmix(t *testing.T) {
	const n, h, w, classes = 4, 8, 6, 5
	b := mixBatch(n, h, w, 4, 0, 3, 3)
	orig := b.X.Float32s()
	size := 3 * h * w
	m := Mixup{CutmixAlpha: 1, Prob: 1, LabelSmoothing: 0.1}
	clipped := false
	for seed := range uint64(200) {
		x, targets, hard, mix := applyMix(t, m, b, classes, seed)
		if !mix.CutMix {
			t.Fatalf("seed %d: cutmix only, got %+v", seed, mix)
		}
		if mix.Y0 < 0 || mix.Y0 > mix.Y1 || mix.Y1 > h || mix.X0 < 0 || mix.X0 > mix.X1 || mix.X1 > w {
			t.Fatalf("seed %d: box %+v outside the %dx%d image", seed, mix, h, w)
		}
		boxH, boxW := mix.Y1-mix.Y0, mix.X1-mix.X0
		if boxH%2 != 0 && mix.Y0 != 0 && mix.Y1 != h || boxW%2 != 0 && mix.X0 != 0 && mix.X1 != w {
			t.Fatalf("seed %d: box %+v: an unclipped side is 2·(cut/2), even", seed, mix)
		}
		clipped = clipped || mix.Y0 == 0 || mix.Y1 == h || mix.X0 == 0 || mix.X1 == w
		if want := 1 - float64(boxH*boxW)/float64(h*w); mix.Lam != want {
			t.Fatalf("seed %d: lam %v, want 1 - %d/%d = %v", seed, mix.Lam, boxH*boxW, h*w, want)
		}
		for i := range n {
			j := n - 1 - i
			for c := range 3 {
				for y := range h {
					for xx := range w {
						k := (c*h+y)*w + xx
						in := y >= mix.Y0 && y < mix.Y1 && xx >= mix.X0 && xx < mix.X1
						want := orig[i*size+k]
						if in {
							want = orig[j*size+k]
						}
						if got := x[i*size+k]; got != want {
							t.Fatalf("seed %d: image %d (%d,%d,%d) in box %v: %v, want %v", seed, i, c, y, xx, in, got, want)
						}
					}
				}
			}
		}
		checkTargets(t, targets, hard, b.Labels, classes, mix.Lam, 0.1)
	}
	if !clipped {
		t.Error("200 seeds and no box touched the border: the clipping went untested")
	}
}

// TestMixupOff: a batch that the coin leaves alone (or a Mixup with both
// alphas 0) keeps its pixels bit for bit, lam is 1, and its targets are
// the label-smoothed one-hots.
func TestMixupOff(t *testing.T) {
	const classes = 4
	b := mixBatch(3, 2, 2, 1, 3, 0)
	for _, m := range []Mixup{
		{MixupAlpha: 1, CutmixAlpha: 1, Prob: 0, SwitchProb: 0.5, LabelSmoothing: 0.2},
		{LabelSmoothing: 0.2, Prob: 1},
	} {
		for seed := range uint64(20) {
			x, targets, hard, mix := applyMix(t, m, b, classes, seed)
			if mix != (Mix{Lam: 1}) {
				t.Fatalf("%+v seed %d: %+v, want lam 1", m, seed, mix)
			}
			if !slices.Equal(x, b.X.Float32s()) {
				t.Fatalf("%+v seed %d: pixels changed", m, seed)
			}
			checkTargets(t, targets, hard, b.Labels, classes, 1, 0.2)
			if targets[1] != float32(1-0.2+0.05) || targets[0] != 0.05 {
				t.Fatalf("smoothed one-hot row %v, want on 0.85 and off 0.05", targets[:classes])
			}
		}
	}
}

// TestMixupOneImage: a batch of one image is mixed with itself: cutmix
// leaves it as it was, mixup within rounding, and its target is its own
// smoothed one-hot whatever lam.
func TestMixupOneImage(t *testing.T) {
	const classes = 3
	b := mixBatch(1, 4, 4, 2)
	for _, m := range []Mixup{{MixupAlpha: 0.5, Prob: 1, LabelSmoothing: 0.1}, {CutmixAlpha: 0.5, Prob: 1, LabelSmoothing: 0.1}} {
		for seed := range uint64(20) {
			x, targets, hard, mix := applyMix(t, m, b, classes, seed)
			for k, v := range x {
				if math.Abs(float64(v-b.X.Float32s()[k])) > 1e-6*(1+math.Abs(float64(v))) {
					t.Fatalf("%+v seed %d: pixel %d %v, was %v", m, seed, k, v, b.X.Float32s()[k])
				}
			}
			want := []float32{0.1 / 3, 0.1 / 3, 0.9 + 0.1/3}
			for j := range classes {
				if math.Abs(float64(targets[j]-want[j])) > 1e-7 {
					t.Fatalf("%+v seed %d (lam %v): targets %v, want %v", m, seed, mix.Lam, targets, want)
				}
			}
			if hard[0] != 2 {
				t.Fatalf("hard label %d, want 2", hard[0])
			}
		}
	}
}

// TestMixupDeterministic: the mix is a pure function of the seed, and
// MixSeed differs by run seed, epoch and batch.
func TestMixupDeterministic(t *testing.T) {
	const classes = 10
	b := mixBatch(6, 8, 8, 1, 2, 3, 4, 5, 6)
	m := Mixup{MixupAlpha: 0.8, CutmixAlpha: 1, Prob: 0.9, SwitchProb: 0.5, LabelSmoothing: 0.1}
	seen := map[string]bool{}
	for _, s := range []struct {
		seed         uint64
		epoch, batch int
	}{{1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {2, 0, 0}, {1, 0, 1 << 20}, {1, 3, 7}} {
		seed := MixSeed(s.seed, s.epoch, s.batch)
		x1, t1, h1, m1 := applyMix(t, m, b, classes, seed)
		x2, t2, h2, m2 := applyMix(t, m, b, classes, seed)
		if m1 != m2 || !slices.Equal(x1, x2) || !slices.Equal(t1, t2) || !slices.Equal(h1, h2) {
			t.Errorf("%+v: two applications differ", s)
		}
		key := fmt.Sprint(m1)
		if seen[key] {
			t.Errorf("%+v: the same mix %s as another (seed, epoch, batch)", s, key)
		}
		seen[key] = true
	}
}

// TestMixupLamDistribution: over many batches, lam follows Beta(alpha,
// alpha) for mixup, Prob of the batches are mixed, SwitchProb of the mixed
// ones use cutmix, and cutmix's corrected lam stays near its draw's mean.
func TestMixupLamDistribution(t *testing.T) {
	const trials = 4000
	b := mixBatch(2, 16, 16, 0, 1)
	stats := func(m Mixup) (mixed, cut int, mixupMean, mixupVar, cutMean float64) {
		var lams, cutLams []float64
		for i := range trials {
			_, _, _, mix := applyMix(t, m, b, 2, MixSeed(5, 0, i))
			switch {
			case mix.CutMix:
				cut++
				cutLams = append(cutLams, mix.Lam)
			case mix.Lam < 1:
				lams = append(lams, mix.Lam)
			}
		}
		mixed = len(lams) + cut
		for _, l := range lams {
			mixupMean += l / float64(len(lams))
		}
		for _, l := range lams {
			mixupVar += (l - mixupMean) * (l - mixupMean) / float64(len(lams))
		}
		for _, l := range cutLams {
			cutMean += l / float64(len(cutLams))
		}
		return
	}
	for _, alpha := range []float64{0.2, 0.8, 2} {
		mixed, cut, mean, variance, _ := stats(Mixup{MixupAlpha: alpha, Prob: 1})
		want := 1 / (4 * (2*alpha + 1))
		if mixed != trials || cut != 0 || math.Abs(mean-0.5) > 0.02 || math.Abs(variance-want) > 0.1*want {
			t.Errorf("mixup alpha %v: %d mixed, %d cutmix, lam mean %.3f variance %.4f, want %d, 0, 0.5, %.4f",
				alpha, mixed, cut, mean, variance, trials, want)
		}
	}
	mixed, cut, _, _, _ := stats(Mixup{MixupAlpha: 0.8, CutmixAlpha: 1, Prob: 0.6, SwitchProb: 0.25})
	if p := float64(mixed) / trials; math.Abs(p-0.6) > 0.03 {
		t.Errorf("prob 0.6: %.3f of the batches mixed", p)
	}
	if p := float64(cut) / float64(mixed); math.Abs(p-0.25) > 0.04 {
		t.Errorf("switch prob 0.25: %.3f of the mixed batches cut", p)
	}
	// Cutmix's corrected lam: its mean, worked out from rand_bbox by
	// integrating lam ~ Beta(1, 1) over a fine grid and averaging over
	// every centre, against the sampled one.
	const side, grid = 16, 20000
	var want float64
	for g := range grid {
		lam := (float64(g) + 0.5) / grid
		cut := int(side * math.Sqrt(1-lam))
		for cy := range side {
			for cx := range side {
				bh := clampInt(cy+cut/2, 0, side) - clampInt(cy-cut/2, 0, side)
				bw := clampInt(cx+cut/2, 0, side) - clampInt(cx-cut/2, 0, side)
				want += 1 - float64(bh*bw)/(side*side)
			}
		}
	}
	want /= grid * side * side
	_, cut, _, _, cutMean := stats(Mixup{CutmixAlpha: 1, Prob: 1})
	if cut != trials || math.Abs(cutMean-want) > 0.015 {
		t.Errorf("cutmix alpha 1: %d of %d cut, corrected lam mean %.4f, want %.4f", cut, trials, cutMean, want)
	}
}

// TestMixupBadInput: labels outside the classes, buffers of the wrong size
// or a batch of the wrong shape are errors, and nothing is written.
func TestMixupBadInput(t *testing.T) {
	m := Mixup{MixupAlpha: 1, Prob: 1}
	tests := []struct {
		name             string
		batch            *Batch
		classes, ntarget int
		nhard            int
		want             string
	}{
		{"label = classes", mixBatch(2, 2, 2, 0, 3), 3, 6, 2, "label 3 of image 1"},
		{"negative label", mixBatch(2, 2, 2, -1, 0), 3, 6, 2, "label -1 of image 0"},
		{"short targets", mixBatch(2, 2, 2, 0, 1), 3, 5, 2, "5 target values"},
		{"short hard", mixBatch(2, 2, 2, 0, 1), 3, 6, 1, "1 hard labels"},
		{"no classes", mixBatch(2, 2, 2, 0, 1), 0, 0, 2, "0 classes"},
		{"labels and images", mixBatch(2, 2, 2, 0), 3, 3, 1, "for 1 labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.batch.X.Float32s())
			targets := make([]float32, tt.ntarget)
			hard := make([]int, tt.nhard)
			_, err := m.Apply(tt.batch, tt.classes, 1, targets, hard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if !slices.Equal(before, tt.batch.X.Float32s()) || slices.ContainsFunc(targets, func(v float32) bool { return v != 0 }) {
				t.Error("written on error")
			}
		})
	}
}
