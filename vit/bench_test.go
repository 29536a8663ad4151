package vit

import (
	"fmt"
	"testing"
)

// BenchmarkStep measures one training step (forward, loss, backward) of a
// preset at batch 128 on 32x32 images, in each mode.
func BenchmarkStep(b *testing.B) {
	for _, preset := range []string{"micro", "tiny"} {
		for _, mode := range Modes() {
			b.Run(fmt.Sprintf("%s/%s", preset, mode), func(b *testing.B) {
				c, _ := Preset(preset)
				m := newInMode(b, c, 1, mode)
				m.Train(true)
				const batch = 128
				x, labels := randomBatch(c, batch, 1)
				in := newDense(x, batch, 3, c.ImageSize, c.ImageSize)
				step := func() {
					out, err := m.Forward(in)
					if err != nil {
						b.Fatal(err)
					}
					_, d, _, _, err := CrossEntropy(out, labels, 0, nil)
					if err != nil {
						b.Fatal(err)
					}
					if err := m.Backward(d); err != nil {
						b.Fatal(err)
					}
				}
				step()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					step()
				}
				b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "img/s")
			})
		}
	}
}
