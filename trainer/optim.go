package trainer

import (
	"fmt"
	"math"
	"runtime"

	"github.com/adaptformer/adaptformer/vit/kernels"
)

// OptParam is one parameter as an optimizer sees it: its values, its
// gradient (same length), whether weight decay applies and the factor on
// its learning rate. Only trainable parameters are handed to an optimizer,
// so only they get state.
type OptParam struct {
	Name  string
	Value []float32
	Grad  []float32
	Decay bool
	// LRScale multiplies the learning rate of this parameter's steps, as a
	// PyTorch parameter group's lr_scale does (layer-wise learning-rate
	// decay, see LayerDecayScale); 0 counts as 1.
	LRScale float64
}

// lr is the learning rate of p's step at the schedule's rate lr.
func (p OptParam) lr(lr float64) float64 {
	if p.LRScale == 0 || p.LRScale == 1 {
		return lr
	}
	return lr * p.LRScale
}

// Optimizer updates parameters from their gradients. Its state (momentum
// buffers, moment estimates, step count) is exposed by name so that a
// checkpoint can save and restore it exactly.
type Optimizer interface {
	// Step applies one update with learning rate lr.
	Step(lr float64)
	// Steps is how many updates were applied.
	Steps() int
	// State returns the optimizer's buffers by name (views, not copies)
	// and its step count. Buffers not yet created are absent.
	State() (buffers map[string][]float32, steps int)
	// SetState restores what State returned; every buffer must match a
	// parameter's length.
	SetState(buffers map[string][]float32, steps int) error
}

// NewOptimizer returns the optimizer cfg names for params.
func NewOptimizer(cfg Config, params []OptParam) (Optimizer, error) {
	switch cfg.Optimizer {
	case "sgd":
		o := NewSGD(params, cfg.Momentum, cfg.WeightDecay)
		o.Threads = cfg.Threads
		return o, nil
	case "adamw":
		o := NewAdamW(params, cfg.Beta1, cfg.Beta2, cfg.Eps, cfg.WeightDecay)
		o.Threads = cfg.Threads
		return o, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q (want %v)", cfg.Optimizer, Optimizers())
}

// SGD is stochastic gradient descent with momentum and L2 weight decay, as
// PyTorch's torch.optim.SGD (dampening 0, no Nesterov):
//
//	d = grad + wd*p;  buf = d (first step) or momentum*buf + d;  p -= lr*buf
//
// Parameters with Decay false get wd = 0; lr is scaled by each parameter's
// LRScale.
type SGD struct {
	Momentum    float64
	WeightDecay float64
	Threads     int // goroutines for the update (<= 0: GOMAXPROCS); the result does not depend on it
	params      []OptParam
	bufs        [][]float32 // nil until the first step (and always with momentum 0)
	steps       int

	runner chunkRunner
	lr     float64 // of the step in progress
	first  bool    // the step in progress creates the momentum buffers
}

// NewSGD returns SGD over params.
func NewSGD(params []OptParam, momentum, weightDecay float64) *SGD {
	return &SGD{Momentum: momentum, WeightDecay: weightDecay, params: params}
}

// Step applies one SGD update.
func (o *SGD) Step(lr float64) {
	first := o.bufs == nil
	if first && o.Momentum != 0 {
		o.bufs = make([][]float32, len(o.params))
		for i, p := range o.params {
			o.bufs[i] = make([]float32, len(p.Value))
		}
	}
	o.lr, o.first = lr, first
	o.runner.run(o.Threads, o.params, o)
	o.steps++
}

// update applies the step in progress to values [lo, hi) of parameter i.
func (o *SGD) update(i, lo, hi int) {
	p := o.params[i]
	wd := float32(0)
	if p.Decay {
		wd = float32(o.WeightDecay)
	}
	mom, flr := float32(o.Momentum), float32(p.lr(o.lr))
	v, g := p.Value[lo:hi], p.Grad[lo:hi]
	switch {
	case o.Momentum == 0:
		for j := range v {
			v[j] -= flr * (g[j] + wd*v[j])
		}
	case o.first:
		buf := o.bufs[i][lo:hi]
		for j := range v {
			d := g[j] + wd*v[j]
			buf[j] = d
			v[j] -= flr * d
		}
	default:
		buf := o.bufs[i][lo:hi]
		for j := range v {
			b := mom*buf[j] + (g[j] + wd*v[j])
			buf[j] = b
			v[j] -= flr * b
		}
	}
}

// Steps is the number of updates applied.
func (o *SGD) Steps() int { return o.steps }

// State returns the momentum buffers, named "<param>.momentum_buffer".
func (o *SGD) State() (map[string][]float32, int) {
	m := make(map[string][]float32, len(o.bufs))
	for i, b := range o.bufs {
		m[o.params[i].Name+".momentum_buffer"] = b
	}
	return m, o.steps
}

// SetState restores the momentum buffers and the step count.
func (o *SGD) SetState(buffers map[string][]float32, steps int) error {
	o.steps = steps
	o.bufs = nil
	if steps == 0 || o.Momentum == 0 {
		return checkNoExtra(buffers, nil)
	}
	bufs := make([][]float32, len(o.params))
	want := make(map[string]bool, len(o.params))
	for i, p := range o.params {
		name := p.Name + ".momentum_buffer"
		want[name] = true
		b, ok := buffers[name]
		if !ok {
			return fmt.Errorf("optimizer state: no momentum buffer for trainable parameter %s", p.Name)
		}
		if len(b) != len(p.Value) {
			return fmt.Errorf("optimizer state: momentum buffer of %s has %d values, the parameter %d", p.Name, len(b), len(p.Value))
		}
		bufs[i] = append([]float32(nil), b...)
	}
	if err := checkNoExtra(buffers, want); err != nil {
		return err
	}
	o.bufs = bufs
	return nil
}

// AdamW is Adam with decoupled weight decay, as PyTorch's torch.optim.AdamW:
//
//	p *= 1 - lr*wd;  m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g²
//	p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//
// Parameters with Decay false get wd = 0; lr, in the decay as in the step,
// is scaled by each parameter's LRScale.
type AdamW struct {
	Beta1, Beta2, Eps, WeightDecay float64
	Threads                        int // goroutines for the update (<= 0: GOMAXPROCS); the result does not depend on it
	params                         []OptParam
	m, v                           [][]float32
	steps                          int

	runner chunkRunner
	// The step in progress.
	lr              float64
	bc1, invSqrtBC2 float64
}

// NewAdamW returns AdamW over params.
func NewAdamW(params []OptParam, beta1, beta2, eps, weightDecay float64) *AdamW {
	o := &AdamW{Beta1: beta1, Beta2: beta2, Eps: eps, WeightDecay: weightDecay, params: params}
	o.m = make([][]float32, len(params))
	o.v = make([][]float32, len(params))
	for i, p := range params {
		o.m[i] = make([]float32, len(p.Value))
		o.v[i] = make([]float32, len(p.Value))
	}
	return o
}

// Step applies one AdamW update.
func (o *AdamW) Step(lr float64) {
	o.steps++
	t := float64(o.steps)
	bc1 := 1 - math.Pow(o.Beta1, t)
	bc2 := 1 - math.Pow(o.Beta2, t)
	o.lr, o.bc1, o.invSqrtBC2 = lr, bc1, 1/math.Sqrt(bc2)
	o.runner.run(o.Threads, o.params, o)
}

// update applies the step in progress to values [lo, hi) of parameter i.
func (o *AdamW) update(i, lo, hi int) {
	p := o.params[i]
	lr := p.lr(o.lr)
	decay := float32(1)
	if p.Decay {
		decay = float32(1 - lr*o.WeightDecay)
	}
	b1, b2, eps := float32(o.Beta1), float32(o.Beta2), float32(o.Eps)
	stepSize, invSqrtBC2 := float32(lr/o.bc1), float32(o.invSqrtBC2)
	v, g := p.Value[lo:hi], p.Grad[lo:hi]
	m1, m2 := o.m[i][lo:hi], o.v[i][lo:hi]
	for j := range v {
		gj := g[j]
		a := b1*m1[j] + (1-b1)*gj
		b := b2*m2[j] + (1-b2)*gj*gj
		m1[j], m2[j] = a, b
		denom := float32(math.Sqrt(float64(b)))*invSqrtBC2 + eps
		v[j] = v[j]*decay - stepSize*a/denom
	}
}

// Steps is the number of updates applied.
func (o *AdamW) Steps() int { return o.steps }

// State returns the moment estimates, named "<param>.exp_avg" and
// "<param>.exp_avg_sq".
func (o *AdamW) State() (map[string][]float32, int) {
	s := make(map[string][]float32, 2*len(o.params))
	for i, p := range o.params {
		s[p.Name+".exp_avg"] = o.m[i]
		s[p.Name+".exp_avg_sq"] = o.v[i]
	}
	return s, o.steps
}

// SetState restores the moment estimates and the step count.
func (o *AdamW) SetState(buffers map[string][]float32, steps int) error {
	want := make(map[string]bool, 2*len(o.params))
	for i, p := range o.params {
		for _, kind := range []struct {
			suffix string
			dst    []float32
		}{{".exp_avg", o.m[i]}, {".exp_avg_sq", o.v[i]}} {
			name := p.Name + kind.suffix
			want[name] = true
			b, ok := buffers[name]
			if !ok {
				if steps == 0 {
					clear(kind.dst)
					continue
				}
				return fmt.Errorf("optimizer state: no %s for trainable parameter %s", kind.suffix[1:], p.Name)
			}
			if len(b) != len(kind.dst) {
				return fmt.Errorf("optimizer state: %s has %d values, the parameter %d", name, len(b), len(kind.dst))
			}
			copy(kind.dst, b)
		}
	}
	if err := checkNoExtra(buffers, want); err != nil {
		return err
	}
	o.steps = steps
	return nil
}

// checkNoExtra reports a buffer that belongs to no trainable parameter: the
// checkpoint was written with a different set of trainable parameters.
func checkNoExtra(buffers map[string][]float32, want map[string]bool) error {
	for name := range buffers {
		if !want[name] {
			return fmt.Errorf("optimizer state: %s belongs to no trainable parameter (was the checkpoint written with another freeze mode?)", name)
		}
	}
	return nil
}

// ClipGradNorm scales the gradients so that their global L2 norm is at
// most maxNorm, as torch.nn.utils.clip_grad_norm_ (coefficient
// maxNorm/(norm+1e-6), applied only when below 1). It returns the norm
// before clipping. maxNorm <= 0 only measures.
func ClipGradNorm(params []OptParam, maxNorm float64) float64 {
	var sum float64
	for _, p := range params {
		for _, g := range p.Grad[:len(p.Value)] {
			sum += float64(g) * float64(g)
		}
	}
	norm := math.Sqrt(sum)
	if maxNorm <= 0 {
		return norm
	}
	coef := maxNorm / (norm + 1e-6)
	if coef >= 1 {
		return norm
	}
	c := float32(coef)
	for _, p := range params {
		g := p.Grad[:len(p.Value)]
		for j := range g {
			g[j] *= c
		}
	}
	return norm
}

// chunkSize is the number of elements one thread updates at a time.
const chunkSize = 1 << 15

// paramChunk is values [lo, hi) of parameter i.
type paramChunk struct{ i, lo, hi int }

// chunkRunner runs an optimizer's elementwise update over disjoint chunks
// covering every parameter's values, on a pool of up to Threads threads
// that it keeps, as it keeps the chunk list: a step allocates nothing. The
// updates are elementwise, so the result is the same for any number of
// threads.
type chunkRunner struct {
	pool   *kernels.Pool // nil: on the caller's goroutine
	chunks []paramChunk
	u      interface{ update(i, lo, hi int) }
}

func (c *chunkRunner) run(threads int, params []OptParam, u interface{ update(i, lo, hi int) }) {
	if c.chunks == nil {
		if threads <= 0 {
			threads = runtime.GOMAXPROCS(0)
		}
		total := 0
		for i, p := range params {
			total += len(p.Value)
			for lo := 0; lo < len(p.Value); lo += chunkSize {
				c.chunks = append(c.chunks, paramChunk{i, lo, min(lo+chunkSize, len(p.Value))})
			}
		}
		if threads > 1 && total > chunkSize {
			c.pool = kernels.NewPool(min(threads, len(c.chunks)))
		}
	}
	c.u = u
	c.pool.ParallelRange(len(c.chunks), 1, c)
	c.u = nil
}

// Range updates chunks [lo, hi).
func (c *chunkRunner) Range(lo, hi int) {
	for _, ch := range c.chunks[lo:hi] {
		c.u.update(ch.i, ch.lo, ch.hi)
	}
}
