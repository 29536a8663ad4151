package trainer

import (
	"math"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
	"gorgonia.org/tensor"
)

// Evaluate agrees with one cross-entropy over the whole set computed
// directly, in any batch size, and its per-class hits add up to top-1.
func TestEvaluateMatchesDirect(t *testing.T) {
	cfg, _ := vit.Preset("micro")
	cfg.ImageSize = 16
	cfg.NumClasses = 44
	m, err := vit.New(cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	m.SetThreads(1)
	ds, err := data.Open("synthetic-pretrain", "", "eval", data.OpenOptions{Samples: 50})
	if err != nil {
		t.Fatal(err)
	}
	// The direct computation: every image in one batch.
	loader, err := data.NewLoader(ds, data.LoaderConfig{Batch: 50, Normalize: data.CIFARNormalize(), Size: 16, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := loader.Next()
	loader.Close()
	if err != nil {
		t.Fatal(err)
	}
	logits, err := m.Infer(b.X)
	if err != nil {
		t.Fatal(err)
	}
	x := logits.Clone().(*tensor.Dense).Float32s()
	loss, _, top1, top5, err := vit.CrossEntropy(logits, b.Labels, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	perClass := make([]int, cfg.NumClasses)
	images := make([]int, cfg.NumClasses)
	for i, label := range b.Labels {
		row := x[i*cfg.NumClasses : (i+1)*cfg.NumClasses]
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		images[label]++
		if best == label {
			perClass[label]++
		}
	}

	for _, batch := range []int{1, 7, 16, 50, 128} {
		res, err := Evaluate(m, ds, EvalOptions{Batch: batch, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Images != 50 || math.Abs(res.Loss-loss) > 1e-9 || res.Top1 != float64(top1)/50 || res.Top5 != float64(top5)/50 {
			t.Errorf("batch %d: %d images, loss %v top1 %v top5 %v; want 50, %v %v %v",
				batch, res.Images, res.Loss, res.Top1, res.Top5, loss, float64(top1)/50, float64(top5)/50)
		}
		sum := 0
		for c := range images {
			if res.ClassImages[c] != images[c] || res.ClassCorrect[c] != perClass[c] {
				t.Errorf("batch %d, class %d: %d/%d, want %d/%d", batch, c, res.ClassCorrect[c], res.ClassImages[c], perClass[c], images[c])
			}
			sum += res.ClassCorrect[c]
		}
		if sum != top1 {
			t.Errorf("batch %d: per-class hits sum to %d, top-1 counts %d", batch, sum, top1)
		}
	}

	var calls, last int
	res, err := Evaluate(m, ds, EvalOptions{Batch: 8, Workers: 1, Limit: 20, Progress: func(done, total int) {
		calls++
		if total != 20 || done <= last {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}})
	if err != nil || res.Images != 20 || calls != 3 || last != 20 {
		t.Errorf("limit 20: %d images, %d progress calls ending at %d (%v)", res.Images, calls, last, err)
	}
	if res, _ := Evaluate(m, ds, EvalOptions{Batch: 8, Workers: 1, MaxBatches: 2}); res.Images != 16 {
		t.Errorf("2 batches of 8: %d images", res.Images)
	}
	if _, ok := res.ClassTop1(-1); ok {
		t.Error("class -1 has an accuracy")
	}
}

// A dataset with labels beyond the head fails naming the label.
func TestEvaluateLabelOutsideHead(t *testing.T) {
	cfg, _ := vit.Preset("micro")
	cfg.ImageSize = 16
	cfg.NumClasses = 10
	m, err := vit.New(cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := data.Open("synthetic-pretrain", "", "eval", data.OpenOptions{Samples: 40}) // 44 classes
	_, err = Evaluate(m, ds, EvalOptions{Batch: 40, Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "the model has 10 classes") {
		t.Errorf("error %v, want one naming the 10 classes", err)
	}
}
