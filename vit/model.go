// Package vit is a Vision Transformer with AdaptFormer adapters, written as
// an explicit forward and hand-written backward pass per layer, in the
// spirit of llm.c, and proven against PyTorch by parity fixtures.
//
// Activations are [images*tokens, width] row-major float32 matrices, so each
// Linear layer is one GEMM over the whole batch; attention runs one small
// GEMM per (image, head), in parallel. Parameters and gradients are
// gorgonia.org/tensor Dense values whose backing slices the kernels work on.
// A frozen parameter costs no weight-gradient work, and the backward pass
// stops below the lowest layer that holds a trainable parameter. Since only
// the class token reaches the head, the last block computes its keys and
// values for every token but everything after attention for the class
// tokens alone, exactly (about 12% of a step's FLOPs for depth 6).
package vit

import (
	"fmt"
	"math"
	"runtime"

	"gorgonia.org/tensor"

	"github.com/adaptformer/adaptformer/vit/kernels"
)

// Model is a ViT with optional AdaptFormer adapters. A Model is not safe for
// concurrent use.
type Model struct {
	cfg    Config
	seed   uint64
	params []*Param
	byName map[string]*Param

	cls, pos, patchW, patchB *Param
	blocks                   []*block
	normW, normB             *Param
	headW, headB             *Param

	pool     *kernels.Pool
	training bool
	rng      uint64 // dropout state, advanced by every training-mode Forward

	freezeGen int // bumped by Freeze, so Backward can refuse a stale Forward
	ws        *workspace
	last      forwardState
}

// block holds one transformer block's parameters.
type block struct {
	index                  int
	norm1W, norm1B         *Param
	qkvW, qkvB             *Param // qkvB is nil without qkv bias
	projW, projB           *Param
	norm2W, norm2B         *Param
	fc1W, fc1B, fc2W, fc2B *Param
	scale                  *Param // nil unless the adapter scale is learnable
	downW, downB, upW, upB *Param // nil without adapters
	dropPath               float64
}

// forwardState records what the last Forward did, for Backward.
type forwardState struct {
	valid     bool
	batch     int
	keepFrom  int // lowest layer whose activations were kept
	training  bool
	rng       uint64 // the dropout state the forward used
	freezeGen int
}

// New builds a model with parameters initialised deterministically from seed,
// as timm does: trunc-normal(0.02) linear weights and position embedding,
// zero biases, unit LayerNorms, PyTorch's default conv init for the patch
// embedding, and the adapter init the config names. All parameters train
// (mode full) until Freeze says otherwise.
func New(cfg Config, seed uint64) (*Model, error) { return build(cfg, seed, false) }

// Describe returns the summary of the model cfg would build, trained as spec
// says, without allocating its parameters (ViT-B needs 690 MB for them).
func Describe(cfg Config, spec FreezeSpec) (Summary, error) {
	m, err := build(cfg, 0, true)
	if err != nil {
		return Summary{}, err
	}
	if err := m.Freeze(spec); err != nil {
		return Summary{}, err
	}
	return m.Summary(), nil
}

// build lays out the model's parameters and, unless dry, allocates and
// initialises them.
func build(cfg Config, seed uint64, dry bool) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	m := &Model{cfg: cfg, seed: seed, rng: splitmix64(seed ^ 0xd1b54a32d192ed03)}
	if !dry {
		m.setPool(kernels.NewPool(0))
	}
	D, P, C := cfg.Dim, cfg.PatchSize, cfg.InChans
	F, T := cfg.Hidden(), cfg.Tokens()
	trunc := initRule{kind: initTruncNormal, scale: 0.02}
	zeros, ones := initRule{kind: initZeros}, initRule{kind: initConst, scale: 1}
	patchBound := initRule{kind: initUniform, scale: kaimingUniformBound(C * P * P)}

	b := &paramBuilder{dry: dry}
	m.cls = b.add("cls_token", initRule{kind: initNormal, scale: 1e-6}, false, 1, 1, D)
	m.pos = b.add("pos_embed", trunc, false, 1, T, D)
	m.patchW = b.add("patch_embed.proj.weight", patchBound, true, D, C, P, P)
	m.patchB = b.add("patch_embed.proj.bias", patchBound, false, D)
	a := cfg.Adapter
	for i := 0; i < cfg.Depth; i++ {
		b.layer = i + 1
		n := fmt.Sprintf("blocks.%d.", i)
		blk := &block{index: i}
		blk.norm1W = b.add(n+"norm1.weight", ones, false, D)
		blk.norm1B = b.add(n+"norm1.bias", zeros, false, D)
		blk.qkvW = b.add(n+"attn.qkv.weight", trunc, true, 3*D, D)
		if cfg.QKVBias {
			blk.qkvB = b.add(n+"attn.qkv.bias", zeros, false, 3*D)
		}
		blk.projW = b.add(n+"attn.proj.weight", trunc, true, D, D)
		blk.projB = b.add(n+"attn.proj.bias", zeros, false, D)
		blk.norm2W = b.add(n+"norm2.weight", ones, false, D)
		blk.norm2B = b.add(n+"norm2.bias", zeros, false, D)
		blk.fc1W = b.add(n+"mlp.fc1.weight", trunc, true, F, D)
		blk.fc1B = b.add(n+"mlp.fc1.bias", zeros, false, F)
		blk.fc2W = b.add(n+"mlp.fc2.weight", trunc, true, D, F)
		blk.fc2B = b.add(n+"mlp.fc2.bias", zeros, false, D)
		if a.Enabled {
			if a.Learnable {
				blk.scale = b.add(n+"adaptmlp.scale", initRule{kind: initConst, scale: a.Scale}, false, 1)
			}
			downInit, upInit := initRule{kind: initUniform, scale: kaimingUniformBound(D)}, zeros
			if a.Init == InitTruncNormal {
				downInit, upInit = trunc, trunc
			}
			blk.downW = b.add(n+"adaptmlp.down_proj.weight", downInit, true, a.Bottleneck, D)
			blk.downB = b.add(n+"adaptmlp.down_proj.bias", zeros, false, a.Bottleneck)
			blk.upW = b.add(n+"adaptmlp.up_proj.weight", upInit, true, D, a.Bottleneck)
			blk.upB = b.add(n+"adaptmlp.up_proj.bias", zeros, false, D)
		}
		if cfg.Depth > 1 {
			// torch.linspace(0, rate, depth), as timm assigns drop-path rates.
			blk.dropPath = cfg.DropPathRate * float64(i) / float64(cfg.Depth-1)
		}
		m.blocks = append(m.blocks, blk)
	}
	b.layer = cfg.Depth + 1
	m.normW = b.add("norm.weight", ones, false, D)
	m.normB = b.add("norm.bias", zeros, false, D)
	m.headW = b.add("head.weight", trunc, true, cfg.NumClasses, D)
	m.headB = b.add("head.bias", zeros, false, cfg.NumClasses)

	m.params = b.params
	m.byName = make(map[string]*Param, len(m.params))
	for _, p := range m.params {
		m.byName[p.Name] = p
	}
	if !dry {
		// Each parameter draws from its own stream, so they can be
		// initialised in parallel with the same result.
		m.pool.ParallelFor(len(m.params), func(lo, hi int) {
			for _, p := range m.params[lo:hi] {
				p.init.apply(p.value, seed, p.Name)
			}
		})
	}
	return m, nil
}

// Config returns the model's configuration (with defaults filled in).
func (m *Model) Config() Config { return m.cfg }

// Seed is the seed the model was initialised from.
func (m *Model) Seed() uint64 { return m.seed }

// SetThreads sets how many goroutines the kernels use (<= 0: GOMAXPROCS).
// Results are bit-identical for any number of threads.
func (m *Model) SetThreads(n int) {
	m.pool.Close()
	m.setPool(kernels.NewPool(n))
}

// setPool installs a kernel pool whose helper goroutines stop when the
// model is garbage collected (or closed).
func (m *Model) setPool(p *kernels.Pool) {
	m.pool = p
	runtime.AddCleanup(m, func(p *kernels.Pool) { p.Close() }, p)
}

// Close stops the model's kernel goroutines now rather than when the model
// is garbage collected. The model must not be used afterwards.
func (m *Model) Close() { m.pool.Close() }

// Threads reports how many goroutines the kernels use.
func (m *Model) Threads() int { return m.pool.Threads() }

// Train switches training mode on or off. Dropout and drop-path act only in
// training mode; evaluation is deterministic.
func (m *Model) Train(on bool) { m.training = on }

// Training reports whether the model is in training mode.
func (m *Model) Training() bool { return m.training }

// RNGState returns the dropout generator's state. Saving it with a
// checkpoint and restoring it with SetRNGState makes a resumed run draw the
// same masks as an uninterrupted one.
func (m *Model) RNGState() uint64 { return m.rng }

// SetRNGState restores the dropout generator's state.
func (m *Model) SetRNGState(state uint64) { m.rng = state }

// Reinit re-initialises the named parameter as New would have.
func (m *Model) Reinit(name string) error {
	p := m.byName[name]
	if p == nil {
		return fmt.Errorf("no parameter %q", name)
	}
	p.init.apply(p.value, m.seed, p.Name)
	return nil
}

// adapterScale is the adapter's current scale.
func (m *Model) adapterScale(blk *block) float32 {
	if blk.scale != nil {
		return blk.scale.value[0]
	}
	return float32(m.cfg.Adapter.Scale)
}

// Dropout sites: each (block, site) pair draws an independent mask.
const (
	siteProj = iota
	siteGelu
	siteMLP
	siteAdapter
	siteDropPathAttn
	siteDropPathMLP
	sitesPerBlock
	sitePos = math.MaxUint32
)

// dropKey is the mask key of a site in a block for a forward's RNG state.
func dropKey(state uint64, blk, site int) uint64 {
	return hashKey(state, uint64(blk)*sitesPerBlock+uint64(site))
}

// checkInput validates a batch x [B, C, H, W] and returns its data.
func (m *Model) checkInput(x *tensor.Dense) ([]float32, int, error) {
	if x == nil {
		return nil, 0, fmt.Errorf("vit: nil input")
	}
	c := m.cfg
	shape := x.Shape()
	if len(shape) != 4 || shape[1] != c.InChans || shape[2] != c.ImageSize || shape[3] != c.ImageSize || shape[0] <= 0 {
		return nil, 0, fmt.Errorf("vit: input shape %v, want [batch %d %d %d]", []int(shape), c.InChans, c.ImageSize, c.ImageSize)
	}
	if x.Dtype() != tensor.Float32 {
		return nil, 0, fmt.Errorf("vit: input dtype %v, want float32", x.Dtype())
	}
	data := x.Float32s() // Data() would box the slice in an interface: an allocation a step

	if len(data) < shape.TotalSize() {
		return nil, 0, fmt.Errorf("vit: input holds %d values, want %d", len(data), shape.TotalSize())
	}
	return data, shape[0], nil
}
