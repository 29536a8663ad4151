package data

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"gorgonia.org/tensor"
)

// LoaderConfig says how a Loader batches one epoch of a dataset.
type LoaderConfig struct {
	// Batch is the number of images in a batch.
	Batch int
	// Shuffle orders the epoch by a permutation that is a pure function of
	// (Seed, Epoch); without it records come in index order.
	Shuffle bool
	// Seed drives the shuffle and the augmentation.
	Seed uint64
	// Epoch is the epoch this loader serves, from 0.
	Epoch int
	// StartBatch is the first batch to serve, to resume mid-epoch: the
	// batches served are exactly those an uninterrupted epoch serves from
	// that index on.
	StartBatch int
	// DropLast leaves out a final batch smaller than Batch.
	DropLast bool
	// Augment is the training augmentation; nil for none (evaluation).
	Augment *Augment
	// Policy is an automatic augmentation policy (TrivialAugmentWide or
	// RandAugment) applied to the uint8 image after Augment's crop and
	// flip and before its other steps; the zero Policy is none.
	Policy Policy
	// Normalize is applied to every image after augmentation and resizing.
	Normalize Normalize
	// Erase is random erasing, applied to every image after Normalize with
	// a seed per image (like Augment's); its zero value is off.
	Erase RandomErasing
	// Size is the model's input height and width; images of another size
	// are resized (bilinear) after augmentation. 0 means the data's size.
	Size int
	// Workers is the number of goroutines preparing batches; 0 means
	// GOMAXPROCS.
	Workers int
	// Prefetch is the number of batches prepared ahead of the consumer;
	// memory holds at most Prefetch+2 batches besides those the consumer
	// keeps. 0 means 2*Workers.
	Prefetch int
}

// Batch is one batch of images and labels.
type Batch struct {
	// X holds the images as float32 [B, 3, Size, Size].
	X *tensor.Dense
	// Labels holds the B labels.
	Labels []int
	// Index is the batch's index in the epoch.
	Index int
}

// Loader serves one epoch of a dataset as batches, prepared ahead of the
// consumer on worker goroutines. Batches come out in order whatever the
// workers' scheduling, and each image's content depends only on the
// configuration, the epoch and its position in the epoch.
type Loader struct {
	ds    Dataset
	cfg   LoaderConfig
	order []int
	n     int // batches in the epoch

	pending chan chan result // in batch order; its capacity bounds memory
	done    chan struct{}
	wg      sync.WaitGroup
	err     error
	closed  bool
}

type result struct {
	b   *Batch
	err error
}

type job struct {
	index int
	out   chan result
}

// NewLoader checks cfg against ds and starts the workers.
func NewLoader(ds Dataset, cfg LoaderConfig) (*Loader, error) {
	h, w := ds.Size()
	switch {
	case cfg.Batch <= 0:
		return nil, fmt.Errorf("loader for %s: batch size %d, expected at least 1", ds.Name(), cfg.Batch)
	case ds.Len() == 0:
		return nil, fmt.Errorf("loader for %s: the dataset is empty", ds.Name())
	case h <= 0 || w <= 0:
		return nil, fmt.Errorf("loader for %s: image size %dx%d, expected positive", ds.Name(), h, w)
	case cfg.Size < 0:
		return nil, fmt.Errorf("loader for %s: input size %d, expected positive (or 0 for the data's)", ds.Name(), cfg.Size)
	case cfg.Size == 0 && h != w:
		return nil, fmt.Errorf("loader for %s: images are %dx%d, not square: set an input size", ds.Name(), h, w)
	case cfg.Epoch < 0:
		return nil, fmt.Errorf("loader for %s: epoch %d, expected 0 or more", ds.Name(), cfg.Epoch)
	case cfg.Workers < 0 || cfg.Prefetch < 0:
		return nil, fmt.Errorf("loader for %s: %d workers, %d prefetch, expected 0 or more", ds.Name(), cfg.Workers, cfg.Prefetch)
	case !(cfg.Erase.Prob >= 0 && cfg.Erase.Prob <= 1):
		return nil, fmt.Errorf("loader for %s: random erasing probability %v, expected in [0, 1]", ds.Name(), cfg.Erase.Prob)
	}
	if err := cfg.Policy.check(); err != nil {
		return nil, fmt.Errorf("loader for %s: %w", ds.Name(), err)
	}
	if cfg.Size == 0 {
		cfg.Size = h
	}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Prefetch == 0 {
		cfg.Prefetch = 2 * cfg.Workers
	}
	l := &Loader{ds: ds, cfg: cfg, n: NumBatches(ds.Len(), cfg.Batch, cfg.DropLast)}
	if cfg.StartBatch < 0 || cfg.StartBatch > l.n {
		return nil, fmt.Errorf("loader for %s: start batch %d, expected 0..%d", ds.Name(), cfg.StartBatch, l.n)
	}
	l.order = EpochOrder(ds.Len(), cfg.Seed, cfg.Epoch, cfg.Shuffle)
	l.pending = make(chan chan result, cfg.Prefetch)
	l.done = make(chan struct{})

	jobs := make(chan job)
	l.wg.Add(1 + cfg.Workers)
	go l.dispatch(jobs)
	for range cfg.Workers {
		go l.work(jobs)
	}
	return l, nil
}

// NumBatches is the number of batches in an epoch of n records.
func NumBatches(n, batch int, dropLast bool) int {
	if batch <= 0 {
		return 0
	}
	if dropLast {
		return n / batch
	}
	return (n + batch - 1) / batch
}

// EpochOrder is the order in which an epoch visits the records [0, n): a
// permutation that is a pure function of (seed, epoch) when shuffle is set,
// the identity otherwise.
func EpochOrder(n int, seed uint64, epoch int, shuffle bool) []int {
	if !shuffle {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		return p
	}
	return newRNG(seed, 0x5348554646, uint64(epoch)).perm(n)
}

// NumBatches is the number of batches in the whole epoch, including those
// before StartBatch.
func (l *Loader) NumBatches() int { return l.n }

// dispatch hands batch indices to the workers in order, queueing each
// batch's result slot first so Next can take results in order.
func (l *Loader) dispatch(jobs chan<- job) {
	defer l.wg.Done()
	defer close(jobs)
	for k := l.cfg.StartBatch; k < l.n; k++ {
		out := make(chan result, 1) // buffered: a worker never waits on the consumer
		select {
		case l.pending <- out:
		case <-l.done:
			return
		}
		select {
		case jobs <- job{k, out}:
		case <-l.done:
			return
		}
	}
	close(l.pending)
}

func (l *Loader) work(jobs <-chan job) {
	defer l.wg.Done()
	p := newPreparer(l.ds, l.cfg)
	for j := range jobs {
		b, err := p.batch(l.order, j.index)
		j.out <- result{b, err}
	}
}

// Next returns the epoch's next batch, or io.EOF after its last.
func (l *Loader) Next() (*Batch, error) {
	if l.err != nil {
		return nil, l.err
	}
	if l.closed {
		return nil, errors.New("loader: Next after Close")
	}
	out, ok := <-l.pending
	if !ok {
		return nil, io.EOF
	}
	r := <-out
	if r.err != nil {
		l.err = r.err
		return nil, r.err
	}
	return r.b, nil
}

// Close stops the workers and waits for them. A loader must be closed,
// even after io.EOF; Close is idempotent.
func (l *Loader) Close() {
	if l.closed {
		return
	}
	l.closed = true
	close(l.done)
	l.wg.Wait()
}

// preparer turns records into batch rows; each worker owns one, with its
// own scratch buffers.
type preparer struct {
	ds          Dataset
	cfg         LoaderConfig
	h, w        int
	rec, btmp   []byte
	img, tmp    []float32
	out, rtmp   []float32
	resize      *resampler
	scale, bias [3]float32
}

func newPreparer(ds Dataset, cfg LoaderConfig) *preparer {
	h, w := ds.Size()
	p := &preparer{ds: ds, cfg: cfg, h: h, w: w,
		rec: make([]byte, 3*h*w), btmp: make([]byte, 3*h*w), img: make([]float32, 3*h*w), tmp: make([]float32, 3*h*w)}
	if h != cfg.Size || w != cfg.Size {
		p.resize = newResampler(h, w, cfg.Size, cfg.Size)
		p.out = make([]float32, 3*cfg.Size*cfg.Size)
		p.rtmp = make([]float32, p.resize.tmpLen())
	}
	p.scale, p.bias = cfg.Normalize.affine()
	return p
}

// batch prepares batch k of the epoch whose order is given.
func (p *preparer) batch(order []int, k int) (*Batch, error) {
	lo := k * p.cfg.Batch
	hi := min(lo+p.cfg.Batch, len(order))
	s := p.cfg.Size
	plane := s * s
	x := make([]float32, (hi-lo)*3*plane)
	labels := make([]int, hi-lo)
	for pos := lo; pos < hi; pos++ {
		i := order[pos]
		label, err := p.ds.Record(i, p.rec)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", k, err)
		}
		labels[pos-lo] = label
		seed := ImageSeed(p.cfg.Seed, p.cfg.Epoch, pos)
		switch {
		case p.cfg.Policy.Kind != "":
			a := Augment{}
			if p.cfg.Augment != nil {
				a = *p.cfg.Augment
			}
			a.applyWithPolicy(p.img, p.tmp, p.rec, p.btmp, p.h, p.w, p.cfg.Policy, seed)
		case p.cfg.Augment != nil:
			toFloat(p.img, p.rec)
			p.cfg.Augment.apply(p.img, p.tmp, p.h, p.w, seed)
		default:
			toFloat(p.img, p.rec)
		}
		src := p.img
		if p.resize != nil {
			p.resize.resize(p.out, p.img, p.rtmp)
			src = p.out
		}
		dst := x[(pos-lo)*3*plane:]
		for c := range 3 {
			sc, b := p.scale[c], p.bias[c]
			in, out := src[c*plane:(c+1)*plane], dst[c*plane:(c+1)*plane]
			for j, v := range in {
				out[j] = v*sc + b
			}
		}
		if p.cfg.Erase.Prob > 0 {
			p.cfg.Erase.Apply(dst[:3*plane], s, s, eraseSeed(p.cfg.Seed, p.cfg.Epoch, pos))
		}
	}
	t := tensor.New(tensor.WithShape(hi-lo, 3, s, s), tensor.WithBacking(x))
	return &Batch{X: t, Labels: labels, Index: k}, nil
}
