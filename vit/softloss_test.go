package vit

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// TestSoftCrossEntropyMatchesPyTorch reproduces testdata/softce/soft_ce.safetensors
// (made by testdata/softce/gen_soft_ce.py): timm's SoftTargetCrossEntropy and its
// autograd gradient in float64 on mixup targets with label smoothing, a
// one-hot row, a wide logit range and a target row that does not sum to 1,
// within the parity tests' tolerances.
func TestSoftCrossEntropyMatchesPyTorch(t *testing.T) {
	f, err := safetensors.ReadFile("testdata/softce/soft_ce.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	get := func(name string) safetensors.Tensor {
		ts, ok := f.Get(name)
		if !ok {
			t.Fatalf("soft_ce.safetensors: no tensor %q", name)
		}
		return ts
	}
	floats := func(name string) []float32 {
		v, err := get(name).Float32()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ints := func(name string) []int {
		v, err := get(name).Int64()
		if err != nil {
			t.Fatal(err)
		}
		out := make([]int, len(v))
		for i, x := range v {
			out[i] = int(x)
		}
		return out
	}
	shape := get("logits").Shape
	logits := newDense(floats("logits"), shape...)
	labels := ints("labels")
	loss, d, top1, top5, err := SoftCrossEntropy(logits, floats("targets"), labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := float64(floats("loss")[0])
	if e := math.Abs(loss-want) / math.Abs(want); e > logitTol {
		t.Errorf("loss %v, PyTorch %v (relative error %.2g > %g)", loss, want, e, logitTol)
	}
	if e := relErr(d.Float32s(), floats("grad")); e > gradTol {
		t.Errorf("dlogits relative error %.2g > %g\ngot  %v\nwant %v", e, gradTol, d.Float32s(), floats("grad"))
	}
	if e := maxRelElem(d.Float32s(), floats("grad")); e > gradTol {
		t.Errorf("dlogits max element error %.2g > %g", e, gradTol)
	}
	if w := ints("top1")[0]; top1 != w {
		t.Errorf("top1 %d, PyTorch's topk %d", top1, w)
	}
	if w := ints("top5")[0]; top5 != w {
		t.Errorf("top5 %d, PyTorch's topk %d", top5, w)
	}
}

// TestSoftCrossEntropyOfSmoothedOneHot: on one-hot targets with label
// smoothing folded in (timm's mixup_target at lam 1), the soft loss is the
// hard cross-entropy with that smoothing, value, gradient and accuracy.
func TestSoftCrossEntropyOfSmoothedOneHot(t *testing.T) {
	const B, C = 5, 7
	for _, smoothing := range []float64{0, 0.1, 0.4} {
		x := make([]float32, B*C)
		for i := range x {
			x[i] = float32(math.Sin(float64(i)*1.7)) * 3
		}
		labels := []int{0, 6, 3, 3, 2}
		q := make([]float32, B*C)
		for b, l := range labels {
			for j := range C {
				q[b*C+j] = float32(smoothing / C)
			}
			q[b*C+l] += float32(1 - smoothing)
		}
		logits := newDense(x, B, C)
		hard, hd, h1, h5, err := CrossEntropy(logits, labels, smoothing, nil)
		if err != nil {
			t.Fatal(err)
		}
		soft, sd, s1, s5, err := SoftCrossEntropy(logits, q, labels, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(hard-soft) > 1e-6*math.Abs(hard) {
			t.Errorf("smoothing %v: soft loss %v, hard %v", smoothing, soft, hard)
		}
		if e := relErr(sd.Float32s(), hd.Float32s()); e > 1e-6 {
			t.Errorf("smoothing %v: gradients differ by %.2g", smoothing, e)
		}
		if s1 != h1 || s5 != h5 {
			t.Errorf("smoothing %v: top1/top5 %d/%d, hard %d/%d", smoothing, s1, s5, h1, h5)
		}
	}
}

// TestSoftCrossEntropyBadInput: wrong shapes or labels are errors naming
// what is wrong, with dlogits untouched.
func TestSoftCrossEntropyBadInput(t *testing.T) {
	tests := []struct {
		name    string
		shape   []int
		targets int
		labels  []int
		want    []string
	}{
		{"label = classes", []int{2, 4}, 8, []int{0, 4}, []string{"label 4", "image 1 of the batch", "[0, 4)"}},
		{"negative label", []int{2, 4}, 8, []int{-1, 0}, []string{"label -1", "image 0"}},
		{"short targets", []int{2, 4}, 7, []int{0, 1}, []string{"7 target values", "want 8"}},
		{"long targets", []int{2, 4}, 12, []int{0, 1}, []string{"12 target values", "want 8"}},
		{"too few labels", []int{3, 4}, 12, []int{0, 1}, []string{"[3 4]", "2 labels"}},
		{"not a matrix", []int{12}, 12, []int{0}, []string{"[12]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 1
			for _, d := range tt.shape {
				n *= d
			}
			logits := newDense(make([]float32, n), tt.shape...)
			d := make([]float32, n)
			for i := range d {
				d[i] = 7
			}
			dlogits := newDense(d, n)
			if len(tt.shape) == 2 {
				dlogits = newDense(d, tt.shape...)
			}
			loss, got, top1, top5, err := SoftCrossEntropy(logits, make([]float32, tt.targets), tt.labels, dlogits)
			if err == nil {
				t.Fatalf("no error; loss %v", loss)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if loss != 0 || top1 != 0 || top5 != 0 || got != dlogits {
				t.Errorf("on error: loss %v, top1 %d, top5 %d, dlogits replaced %v", loss, top1, top5, got != dlogits)
			}
			if slices.ContainsFunc(d, func(v float32) bool { return v != 7 }) {
				t.Error("dlogits written on error")
			}
		})
	}
}

// TestSoftCrossEntropyNoAllocs: with dlogits of the right shape, the soft
// loss allocates nothing, like the hard one.
func TestSoftCrossEntropyNoAllocs(t *testing.T) {
	const B, C = 8, 10
	x := make([]float32, B*C)
	q := make([]float32, B*C)
	labels := make([]int, B)
	for i := range x {
		x[i] = float32(i % 7)
	}
	for b := range B {
		labels[b] = b % C
		q[b*C+labels[b]] = 0.6
		q[b*C+(b+1)%C] = 0.4
	}
	logits := newDense(x, B, C)
	_, d, _, _, err := SoftCrossEntropy(logits, q, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, _, _, _, err := SoftCrossEntropy(logits, q, labels, d); err != nil {
			panic(err)
		}
	})
	if allocs != 0 {
		t.Errorf("SoftCrossEntropy allocates %v times per call, want 0", allocs)
	}
}
