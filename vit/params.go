package vit

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"gorgonia.org/tensor"
)

// Param is one named parameter tensor of the model and its gradient.
type Param struct {
	Name      string        // timm name, e.g. "blocks.3.adaptmlp.up_proj.weight"
	Value     *tensor.Dense // float32
	Grad      *tensor.Dense // float32, same shape; zero and untouched while frozen
	Trainable bool
	Decay     bool // false for biases, norms, pos_embed, cls_token and the adapter scale

	value, grad []float32 // the backing slices of Value and Grad
	shape       []int
	size        int
	init        initRule
	layer       int // 0: embeddings, 1..Depth: blocks, Depth+1: final norm and head
}

// Data is the parameter's values (the backing slice of Value).
func (p *Param) Data() []float32 { return p.value }

// GradData is the parameter's gradient (the backing slice of Grad).
func (p *Param) GradData() []float32 { return p.grad }

// Shape is the parameter's shape.
func (p *Param) Shape() []int { return slices.Clone(p.shape) }

// Size is the number of elements.
func (p *Param) Size() int { return p.size }

// Layer is the parameter's depth in the network, as BEiT's and timm's
// layer-wise learning-rate decay number it: 0 for the embeddings
// (patch_embed, cls_token, pos_embed), i+1 for everything in blocks.i (its
// adapter too), and Depth+1 for the final norm and the head.
func (p *Param) Layer() int { return p.layer }

// initRule says how a parameter is initialised (and re-initialised when a
// checkpoint's tensor does not fit it).
type initRule struct {
	kind  initKind
	scale float64 // std, bound or constant, by kind
}

type initKind int

const (
	initZeros initKind = iota
	initConst
	initUniform     // U(-scale, scale)
	initNormal      // N(0, scale)
	initTruncNormal // N(0, scale) truncated to two standard deviations
)

// apply fills dst according to the rule, drawing from a stream keyed by the
// seed and the parameter's name.
func (r initRule) apply(dst []float32, seed uint64, name string) {
	s := newStream(seed, name)
	for i := range dst {
		switch r.kind {
		case initZeros:
			dst[i] = 0
		case initConst:
			dst[i] = float32(r.scale)
		case initUniform:
			dst[i] = float32(s.uniform(-r.scale, r.scale))
		case initNormal:
			dst[i] = float32(r.scale * s.normal())
		case initTruncNormal:
			dst[i] = float32(s.truncNormal(r.scale))
		}
	}
}

// newDense wraps a float32 slice as a Dense of the given shape.
func newDense(data []float32, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
}

// paramBuilder lays out all parameters in two contiguous slices (values and
// gradients), in timm's order.
type paramBuilder struct {
	params []*Param
	layer  int
	dry    bool // describe the parameters without allocating them
}

func (b *paramBuilder) add(name string, rule initRule, decay bool, shape ...int) *Param {
	n := 1
	for _, d := range shape {
		n *= d
	}
	p := &Param{
		Name: name, Trainable: true, Decay: decay,
		shape: slices.Clone(shape), size: n, init: rule, layer: b.layer,
	}
	if !b.dry {
		p.value = make([]float32, n)
		p.grad = make([]float32, n)
		p.Value = newDense(p.value, shape...)
		p.Grad = newDense(p.grad, shape...)
	}
	b.params = append(b.params, p)
	return p
}

// Mode is a training mode: which parameters train.
type Mode string

// The training modes.
const (
	ModeFull        Mode = "full"        // every parameter trains
	ModeAdaptFormer Mode = "adaptformer" // the adapters and the head train; the backbone is frozen
	ModeLinear      Mode = "linear"      // only the head trains (linear probing)
)

// Modes lists the training modes.
func Modes() []Mode { return []Mode{ModeFull, ModeAdaptFormer, ModeLinear} }

// ParseMode parses a training mode name.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown training mode %q (want full, adaptformer or linear)", s)
}

// FreezeSpec says which parameters train: those of Mode, plus any matching an
// Include pattern, minus any matching an Exclude pattern. Patterns are
// path.Match patterns over parameter names, e.g. "blocks.*.norm*".
type FreezeSpec struct {
	Mode    Mode
	Include []string
	Exclude []string
}

// trainsInMode reports whether the named parameter trains under mode.
func trainsInMode(mode Mode, name string) bool {
	switch mode {
	case ModeFull:
		return true
	case ModeAdaptFormer:
		return strings.HasPrefix(name, "head.") || strings.Contains(name, ".adaptmlp.")
	default: // ModeLinear
		return strings.HasPrefix(name, "head.")
	}
}

// Freeze sets which parameters train. Gradients of parameters that become
// frozen are zeroed. It fails, changing nothing, on an unknown mode, a
// malformed pattern, a pattern that matches no parameter, or adaptformer
// mode on a model without adapters.
func (m *Model) Freeze(spec FreezeSpec) error {
	if _, err := ParseMode(string(spec.Mode)); err != nil {
		return err
	}
	if spec.Mode == ModeAdaptFormer && !m.cfg.Adapter.Enabled {
		return fmt.Errorf("mode adaptformer needs adapters, but this model has none (built with --adapter none)")
	}
	check := func(kind string, patterns []string) error {
		for _, pat := range patterns {
			if _, err := path.Match(pat, ""); err != nil {
				return fmt.Errorf("%s pattern %q: %w", kind, pat, err)
			}
			found := false
			for _, p := range m.params {
				if ok, _ := path.Match(pat, p.Name); ok {
					found = true
					break
				}
			}
			if !found {
				return fmt.Errorf("%s pattern %q matches no parameter", kind, pat)
			}
		}
		return nil
	}
	if err := check("include", spec.Include); err != nil {
		return err
	}
	if err := check("exclude", spec.Exclude); err != nil {
		return err
	}
	matchAny := func(patterns []string, name string) bool {
		for _, pat := range patterns {
			if ok, _ := path.Match(pat, name); ok {
				return true
			}
		}
		return false
	}
	changed := false
	for _, p := range m.params {
		train := (trainsInMode(spec.Mode, p.Name) || matchAny(spec.Include, p.Name)) && !matchAny(spec.Exclude, p.Name)
		changed = changed || train != p.Trainable
		p.Trainable = train
		if !train {
			clear(p.grad)
		}
	}
	if changed {
		m.freezeGen++ // the activations a Forward kept may no longer suffice
	}
	return nil
}

// Params returns the parameters in timm's order (the fixtures' order).
func (m *Model) Params() []*Param { return m.params }

// Param returns the named parameter, or nil.
func (m *Model) Param(name string) *Param { return m.byName[name] }

// ZeroGrad zeroes every gradient.
func (m *Model) ZeroGrad() {
	for _, p := range m.params {
		clear(p.grad)
	}
}

// NumParams reports the total and trainable parameter counts.
func (m *Model) NumParams() (total, trainable int) {
	for _, p := range m.params {
		total += p.size
		if p.Trainable {
			trainable += p.size
		}
	}
	return total, trainable
}

// lowestTrainableLayer is the lowest layer holding a trainable parameter
// (0: embeddings, 1..Depth: blocks, Depth+1: final norm and head), or
// Depth+2 when nothing trains. Backward never goes below it.
func (m *Model) lowestTrainableLayer() int {
	low := m.cfg.Depth + 2
	for _, p := range m.params {
		if p.Trainable && p.layer < low {
			low = p.layer
		}
	}
	return low
}

// kaimingUniformBound is the bound of PyTorch's default Linear/Conv init,
// kaiming_uniform_(a=sqrt(5)): 1/sqrt(fan_in).
func kaimingUniformBound(fanIn int) float64 { return 1 / math.Sqrt(float64(fanIn)) }
