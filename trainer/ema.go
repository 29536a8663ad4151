package trainer

import (
	"fmt"
	"slices"
)

// EMA keeps an exponential moving average of parameters' values, as timm's
// ModelEmaV2: after every optimizer step, for each value,
//
//	ema = d*ema + (1-d)*w,  d = min(Decay, (1+n)/(10+n)) with warmup, else Decay
//
// where n counts the updates before this one. The average starts as a copy
// of the values when the EMA is made (after --init-from), and covers only
// the trainable parameters: a frozen one's average would equal it.
//
// The warmup is TensorFlow's ExponentialMovingAverage num_updates rule: the
// average spans about the last n/9 steps until d reaches Decay (after
// 45,000 steps for 0.9998), so a short run's average is not dominated by
// its random initial weights (after 5,000 steps of a constant 0.9998 they
// still weigh 37%).
type EMA struct {
	Decay   float64
	Warmup  bool
	Threads int // goroutines for the update (<= 0: GOMAXPROCS); the result does not depend on it

	params  []OptParam
	shadow  [][]float32
	updates int

	runner chunkRunner
	d, om  float32 // decay and 1-decay of the update in progress
	swap   bool    // the pass in progress swaps values and averages
}

// NewEMA returns the moving average of params, started at their values.
func NewEMA(params []OptParam, decay float64, warmup bool) *EMA {
	e := &EMA{Decay: decay, Warmup: warmup, params: params, shadow: make([][]float32, len(params))}
	for i, p := range params {
		e.shadow[i] = slices.Clone(p.Value)
	}
	return e
}

// DecayAt is the decay of the update that follows n updates.
func (e *EMA) DecayAt(n int) float64 {
	if e.Warmup {
		return min(e.Decay, float64(1+n)/float64(10+n))
	}
	return e.Decay
}

// Update folds the parameters' current values into the average. It
// allocates nothing.
func (e *EMA) Update() {
	d := e.DecayAt(e.updates)
	// As PyTorch multiplies a float32 tensor by a Python float: each factor
	// rounded to float32 on its own.
	e.d, e.om, e.swap = float32(d), float32(1-d), false
	e.runner.run(e.Threads, e.params, e)
	e.updates++
}

// Swap exchanges the parameters' values with their averages, so that the
// model computes with the averaged weights; a second Swap undoes it
// exactly.
func (e *EMA) Swap() {
	e.swap = true
	e.runner.run(e.Threads, e.params, e)
	e.swap = false
}

// update applies the pass in progress to values [lo, hi) of parameter i.
func (e *EMA) update(i, lo, hi int) {
	w, s := e.params[i].Value[lo:hi], e.shadow[i][lo:hi]
	if e.swap {
		for j := range w {
			w[j], s[j] = s[j], w[j]
		}
		return
	}
	d, om := e.d, e.om
	for j := range s {
		s[j] = d*s[j] + om*w[j]
	}
}

// Updates is the number of updates applied.
func (e *EMA) Updates() int { return e.updates }

// Average returns parameter i's average (a view, not a copy).
func (e *EMA) Average(i int) []float32 { return e.shadow[i] }

// State returns the averages by parameter name (views, not copies) and the
// update count.
func (e *EMA) State() (map[string][]float32, int) {
	m := make(map[string][]float32, len(e.params))
	for i, p := range e.params {
		m[p.Name] = e.shadow[i]
	}
	return m, e.updates
}

// SetState restores what State returned: an average for every parameter,
// of its length, and nothing else.
func (e *EMA) SetState(averages map[string][]float32, updates int) error {
	for i, p := range e.params {
		a, ok := averages[p.Name]
		if !ok {
			return fmt.Errorf("EMA state: no average for trainable parameter %s", p.Name)
		}
		if len(a) != len(p.Value) {
			return fmt.Errorf("EMA state: the average of %s has %d values, the parameter %d", p.Name, len(a), len(p.Value))
		}
		copy(e.shadow[i], a)
	}
	if len(averages) != len(e.params) {
		for name := range averages {
			if !slices.ContainsFunc(e.params, func(p OptParam) bool { return p.Name == name }) {
				return fmt.Errorf("EMA state: %s belongs to no trainable parameter (was the checkpoint written with another freeze mode?)", name)
			}
		}
	}
	e.updates = updates
	return nil
}
