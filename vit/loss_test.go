package vit

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestCrossEntropyBadInput: a label outside [0, classes) or logits of the
// wrong shape is an error saying which, not a panic, and leaves dlogits
// untouched.
func TestCrossEntropyBadInput(t *testing.T) {
	tests := []struct {
		name   string
		shape  []int
		labels []int
		want   []string // in the error
	}{
		{"negative label", []int{3, 4}, []int{0, -1, 2}, []string{"label -1", "image 1 of the batch", "[0, 4)", "4 classes"}},
		{"label = classes", []int{3, 4}, []int{0, 1, 4}, []string{"label 4", "image 2 of the batch", "[0, 4)", "4 classes"}},
		{"first label", []int{2, 10}, []int{99, 0}, []string{"label 99", "image 0 of the batch", "10 classes"}},
		{"too few labels", []int{3, 4}, []int{0, 1}, []string{"[3 4]", "2 labels"}},
		{"not a matrix", []int{12}, []int{0}, []string{"[12]", "1 labels"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 1
			for _, d := range tt.shape {
				n *= d
			}
			logits := newDense(make([]float32, n), tt.shape...)
			var d []float32
			var dlogits = newDense(nil, 1, 1)
			if len(tt.shape) == 2 {
				d = make([]float32, n)
				for i := range d {
					d[i] = 7
				}
				dlogits = newDense(d, tt.shape...)
			}
			loss, got, top1, top5, err := CrossEntropy(logits, tt.labels, 0.1, dlogits)
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
			if d != nil && slices.ContainsFunc(d, func(v float32) bool { return v != 7 }) {
				t.Error("dlogits written on error")
			}
		})
	}
}

// TestCrossEntropyNoAllocs: with dlogits of the right shape, a step's loss
// allocates nothing.
func TestCrossEntropyNoAllocs(t *testing.T) {
	const B, C = 8, 10
	logits := newDense(make([]float32, B*C), B, C)
	for i, v := range logits.Data().([]float32) {
		logits.Data().([]float32)[i] = v + float32(i%7)
	}
	labels := make([]int, B)
	for i := range labels {
		labels[i] = i % C
	}
	_, d, _, _, err := CrossEntropy(logits, labels, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, _, _, _, err := CrossEntropy(logits, labels, 0.1, d); err != nil {
			panic(fmt.Sprint(err))
		}
	})
	if allocs != 0 {
		t.Errorf("CrossEntropy allocates %v times per call, want 0", allocs)
	}
}
