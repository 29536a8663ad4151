package trainer

import (
	"fmt"
	"io"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
	"gorgonia.org/tensor"
)

// EvalOptions tune Evaluate. The zero value evaluates every image in
// batches of 128 on the loader's default workers.
type EvalOptions struct {
	Batch   int // images per forward pass (0: 128)
	Workers int // loader goroutines (0: the loader's default)
	// Limit evaluates only the first Limit images (0: all).
	Limit int
	// MaxBatches stops after that many batches (0: all), as a run's
	// eval_batches does.
	MaxBatches int
	// Progress, when set, is called after each batch with the images
	// evaluated so far and the total.
	Progress func(done, total int)
}

// EvalResult is what Evaluate measured.
type EvalResult struct {
	Images int     // images evaluated
	Loss   float64 // mean cross-entropy (no label smoothing)
	Top1   float64 // fraction whose label scores highest
	Top5   float64 // fraction whose label is among the five highest scores
	// ClassImages and ClassCorrect count, per label, the images and the
	// top-1 hits; their length is the model's class count.
	ClassImages, ClassCorrect []int
}

// ClassTop1 is the top-1 accuracy of the images labelled class, and false
// when there were none.
func (r EvalResult) ClassTop1(class int) (float64, bool) {
	if class < 0 || class >= len(r.ClassImages) || r.ClassImages[class] == 0 {
		return 0, false
	}
	return float64(r.ClassCorrect[class]) / float64(r.ClassImages[class]), true
}

// Evaluate runs ds through m.Infer (dropout off, nothing kept for Backward)
// in index order, with the reproduction's normalization, and returns the
// mean loss, the top-1 and top-5 accuracy and the per-class top-1 counts.
// A label the model has no class for is an error naming it. What the
// trainer evaluates after each epoch, and what `adaptformer eval` prints.
func Evaluate(m *vit.Model, ds data.Dataset, opt EvalOptions) (EvalResult, error) {
	if opt.Batch <= 0 {
		opt.Batch = 128
	}
	if opt.Limit > 0 && opt.Limit < ds.Len() {
		ds = limitedSet{ds, opt.Limit}
	}
	classes := m.Config().NumClasses
	res := EvalResult{ClassImages: make([]int, classes), ClassCorrect: make([]int, classes)}
	loader, err := data.NewLoader(ds, data.LoaderConfig{
		Batch: opt.Batch, Normalize: data.CIFARNormalize(), Size: m.Config().ImageSize, Workers: opt.Workers,
	})
	if err != nil {
		return res, fmt.Errorf("evaluation data: %w", err)
	}
	defer loader.Close()
	total := ds.Len()
	if opt.MaxBatches > 0 {
		total = min(total, opt.MaxBatches*opt.Batch)
	}
	var lossSum float64
	var top1, top5 int
	var dlogits *tensor.Dense
	for i := 0; opt.MaxBatches == 0 || i < opt.MaxBatches; i++ {
		b, err := loader.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, fmt.Errorf("evaluation data: %w", err)
		}
		logits, err := m.Infer(b.X)
		if err != nil {
			return res, fmt.Errorf("evaluation: %w", err)
		}
		loss, d, t1, t5, err := vit.CrossEntropy(logits, b.Labels, 0, dlogits)
		if err != nil {
			return res, fmt.Errorf("evaluation data, batch %d: %w", i+1, err)
		}
		dlogits = d
		lossSum += loss * float64(len(b.Labels))
		top1 += t1
		top5 += t5
		countHits(logits.Float32s(), b.Labels, res.ClassImages, res.ClassCorrect)
		res.Images += len(b.Labels)
		if opt.Progress != nil {
			opt.Progress(res.Images, total)
		}
	}
	if res.Images > 0 {
		res.Loss = lossSum / float64(res.Images)
		res.Top1 = float64(top1) / float64(res.Images)
		res.Top5 = float64(top5) / float64(res.Images)
	}
	return res, nil
}

// countHits adds each row's image and, when its label scores highest, its
// top-1 hit to the per-class counts: the rule vit.CrossEntropy counts top1
// by (no class scores strictly higher than the label), so the per-class
// hits sum to its count. Labels are already checked against the class
// count.
func countHits(logits []float32, labels []int, images, correct []int) {
	c := len(images)
	for b, label := range labels {
		row := logits[b*c : b*c+c]
		hit := true
		for _, v := range row {
			if v > row[label] {
				hit = false
				break
			}
		}
		images[label]++
		if hit {
			correct[label]++
		}
	}
}
