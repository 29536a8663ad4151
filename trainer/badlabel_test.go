package trainer

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
	"gorgonia.org/tensor"
)

// TestStepBadLabel: a label outside the model's classes ends the training
// step with an error that names it, where it is and the class count,
// instead of a panic.
func TestStepBadLabel(t *testing.T) {
	mc, err := vit.Preset("micro")
	if err != nil {
		t.Fatal(err)
	}
	m, err := vit.New(mc, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		labels []int
		want   []string
	}{
		{"too large", []int{0, mc.NumClasses}, []string{"epoch 1 batch 1", "label " + strconv.Itoa(mc.NumClasses), "image 1 of the batch", strconv.Itoa(mc.NumClasses) + " classes"}},
		{"negative", []int{-3, 0}, []string{"label -3", "image 0 of the batch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &session{cfg: DefaultConfig(), model: m}
			n := len(tt.labels)
			x := tensor.New(tensor.WithShape(n, mc.InChans, mc.ImageSize, mc.ImageSize),
				tensor.WithBacking(make([]float32, n*mc.InChans*mc.ImageSize*mc.ImageSize)))
			err := s.step(&data.Batch{X: x, Labels: tt.labels}, time.Now())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if s.st.Step != 0 {
				t.Errorf("step counted: %d", s.st.Step)
			}
		})
	}
}
