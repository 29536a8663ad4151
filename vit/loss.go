package vit

import (
	"fmt"
	"math"

	"gorgonia.org/tensor"
)

// CrossEntropy is the mean softmax cross-entropy of logits [B, classes]
// against labels, with label smoothing (the target puts 1-smoothing on the
// label and spreads smoothing evenly over all classes, as PyTorch does). It
// writes dL/dlogits into dlogits, allocating it when nil or of another
// shape, and returns the loss, the gradient tensor and how many labels are
// the top-1 and among the top-5 predictions. A label outside [0, classes)
// (a dataset that does not match the model's classes, or a corrupt one) is
// an error naming the label, its index in the batch and the class count;
// nothing is written then.
func CrossEntropy(logits *tensor.Dense, labels []int, smoothing float64, dlogits *tensor.Dense) (loss float64, d *tensor.Dense, top1, top5 int, err error) {
	x, dlogits, B, C, err := lossBuffers("cross-entropy", logits, labels, dlogits)
	if err != nil {
		return 0, dlogits, 0, 0, err
	}
	g := dlogits.Float32s()
	for b, label := range labels {
		row := x[b*C : b*C+C]
		grow := g[b*C : b*C+C]
		logZ := logSumExp(row)
		// -Σ q·log p with q = (1-ε)·onehot + ε/C.
		var meanLogP float64
		for _, v := range row {
			meanLogP += float64(v) - logZ
		}
		meanLogP /= float64(C)
		lp := float64(row[label]) - logZ
		loss += -(1-smoothing)*lp - smoothing*meanLogP
		for j, v := range row {
			q := smoothing / float64(C)
			if j == label {
				q += 1 - smoothing
			}
			grow[j] = float32((math.Exp(float64(v)-logZ) - q) / float64(B))
		}
		t1, t5 := labelRank(row, label)
		top1 += t1
		top5 += t5
	}
	return loss / float64(B), dlogits, top1, top5, nil
}

// SoftCrossEntropy is the mean over the batch of -Σ_j q_j·log softmax(z)_j
// for logits z [B, classes] and target distributions q, row-major [B,
// classes] in targets (timm's SoftTargetCrossEntropy, what mixup and cutmix
// train with). It writes dL/dlogits = (softmax(z)·Σ_j q_j - q)/B into
// dlogits, which is (softmax - q)/B for targets that sum to 1, allocating
// dlogits when nil or of another shape, and returns the loss and the
// gradient tensor.
//
// A soft target has no single right answer, so top1 and top5 count labels,
// one per image, given by the caller: the training loop passes each image's
// label of the larger mixing weight (see data.Mixup). Labels outside [0,
// classes) or targets of the wrong length are errors, as in CrossEntropy;
// nothing is written then.
func SoftCrossEntropy(logits *tensor.Dense, targets []float32, labels []int, dlogits *tensor.Dense) (loss float64, d *tensor.Dense, top1, top5 int, err error) {
	if shape := logits.Shape(); len(shape) == 2 && len(targets) != shape[0]*shape[1] {
		return 0, dlogits, 0, 0, fmt.Errorf("soft cross-entropy: %d target values for logits of shape %v, want %d (a distribution over %d classes per image)", len(targets), []int(shape), shape[0]*shape[1], shape[1])
	}
	x, dlogits, B, C, err := lossBuffers("soft cross-entropy", logits, labels, dlogits)
	if err != nil {
		return 0, dlogits, 0, 0, err
	}
	g := dlogits.Float32s()
	for b, label := range labels {
		row := x[b*C : b*C+C]
		q := targets[b*C : b*C+C]
		grow := g[b*C : b*C+C]
		logZ := logSumExp(row)
		var qsum float64
		for j, v := range row {
			loss -= float64(q[j]) * (float64(v) - logZ)
			qsum += float64(q[j])
		}
		for j, v := range row {
			grow[j] = float32((math.Exp(float64(v)-logZ)*qsum - float64(q[j])) / float64(B))
		}
		t1, t5 := labelRank(row, label)
		top1 += t1
		top5 += t5
	}
	return loss / float64(B), dlogits, top1, top5, nil
}

// lossBuffers checks logits [B, classes] against their B labels (op names
// the loss in errors) and returns the logits' values, a gradient tensor of
// the same shape (dlogits itself when it fits), B and the class count.
func lossBuffers(op string, logits *tensor.Dense, labels []int, dlogits *tensor.Dense) (x []float32, d *tensor.Dense, B, C int, err error) {
	shape := logits.Shape()
	if len(shape) != 2 || shape[0] != len(labels) || logits.Dtype() != tensor.Float32 {
		return nil, dlogits, 0, 0, fmt.Errorf("%s: %v logits of shape %v for %d labels, want float32 [%d, classes]", op, logits.Dtype(), []int(shape), len(labels), len(labels))
	}
	B, C = shape[0], shape[1]
	for b, label := range labels {
		if label < 0 || label >= C {
			return nil, dlogits, 0, 0, fmt.Errorf("%s: label %d of image %d of the batch is outside [0, %d): the model has %d classes", op, label, b, C, C)
		}
	}
	if dlogits == nil || !dlogits.Shape().Eq(shape) || dlogits.Dtype() != tensor.Float32 {
		dlogits = newDense(make([]float32, B*C), B, C)
	}
	// Float32s, unlike Data, allocates nothing.
	return logits.Float32s(), dlogits, B, C, nil
}

// logSumExp is log Σ exp(row), in float64, shifted by the row's maximum so
// that nothing overflows.
func logSumExp(row []float32) float64 {
	mx := math.Inf(-1)
	for _, v := range row {
		mx = math.Max(mx, float64(v))
	}
	var sum float64
	for _, v := range row {
		sum += math.Exp(float64(v) - mx)
	}
	return mx + math.Log(sum)
}

// labelRank reports whether label is the top-1 and among the top-5 scores
// of row: ties count in the label's favour (only strictly higher scores
// rank above it).
func labelRank(row []float32, label int) (top1, top5 int) {
	higher := 0
	for _, v := range row {
		if v > row[label] {
			higher++
		}
	}
	if higher == 0 {
		top1 = 1
	}
	if higher < min(5, len(row)) {
		top5 = 1
	}
	return top1, top5
}
