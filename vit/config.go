package vit

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Config describes a Vision Transformer with optional AdaptFormer adapters.
// Start from a Preset and override fields as needed; New validates it.
type Config struct {
	ImageSize    int // input height = width in pixels (32, 224, ...)
	PatchSize    int // side of the square patches; must divide ImageSize unless IgnoreRemainder
	InChans      int // input channels (3)
	NumClasses   int
	Dim          int // embedding width
	Depth        int // number of transformer blocks
	Heads        int // attention heads; must divide Dim
	MLPRatio     float64
	QKVBias      bool
	LNEps        float64
	DropRate     float64 // dropout after the position embedding, attn proj, GELU and MLP (training only)
	DropPathRate float64 // stochastic depth, rising linearly to this rate in the last block (training only)
	Adapter      AdapterConfig

	// IgnoreRemainder lets the patch grid skip the last ImageSize % PatchSize
	// pixel rows and columns, as a strided convolution does (seed-b3's patch
	// 3 on 32x32 images gives a 10x10 grid).
	IgnoreRemainder bool
}

// AdapterConfig configures the AdaptFormer AdaptMLP of every block:
// up(dropout(relu(down(in)))) * scale, added to the block's MLP branch.
type AdapterConfig struct {
	Enabled    bool    // false: a plain ViT (--adapter none)
	Bottleneck int     // width of the down projection
	Input      string  // "x": the residual stream (official) | "norm2": norm2(x) (reproduction); parallel placement only
	Scale      float64 // the fixed scale (official 0.1), or the initial value when Learnable
	Learnable  bool    // learn the scale as parameter blocks.N.adaptmlp.scale [1]
	Init       string  // "lora" (default): down kaiming-uniform, up and biases zero | "trunc-normal": weights trunc-normal(0.02)
	Dropout    float64 // dropout after the ReLU (training only)
	Placement  string  // "parallel" (default): beside the MLP | "sequential": applied to the MLP output
}

// Adapter option values.
const (
	InputX              = "x"
	InputNorm2          = "norm2"
	InitLoRA            = "lora"
	InitTruncNormal     = "trunc-normal"
	PlacementParallel   = "parallel"
	PlacementSequential = "sequential"
)

// officialAdapter is AdaptFormer's published configuration.
func officialAdapter(bottleneck int) AdapterConfig {
	return AdapterConfig{
		Enabled:    true,
		Bottleneck: bottleneck,
		Input:      InputX,
		Scale:      0.1,
		Init:       InitLoRA,
		Dropout:    0.1,
		Placement:  PlacementParallel,
	}
}

// cifarConfig is the shape shared by the small presets for 32x32 images.
func cifarConfig(dim, depth, heads, bottleneck int) Config {
	return Config{
		ImageSize: 32, PatchSize: 4, InChans: 3, NumClasses: 10,
		Dim: dim, Depth: depth, Heads: heads, MLPRatio: 4, QKVBias: true, LNEps: 1e-6,
		Adapter: officialAdapter(bottleneck),
	}
}

// timmConfig is timm's vit_*_patch16_224 with ImageNet's 1000 classes.
func timmConfig(dim, heads int) Config {
	return Config{
		ImageSize: 224, PatchSize: 16, InChans: 3, NumClasses: 1000,
		Dim: dim, Depth: 12, Heads: heads, MLPRatio: 4, QKVBias: true, LNEps: 1e-6,
		Adapter: officialAdapter(64),
	}
}

// presets lists the named configurations in the order PresetNames reports.
var presets = []struct {
	name string
	doc  string
	cfg  func() Config
}{
	{"micro", "dim 64, depth 4, 4 heads, patch 4 on 32x32: tests and quick demos", func() Config { return cifarConfig(64, 4, 4, 8) }},
	{"tiny", "dim 192, depth 6, 3 heads, patch 4 on 32x32: the CPU default", func() Config { return cifarConfig(192, 6, 3, 16) }},
	{"small", "dim 384, depth 8, 6 heads, patch 4 on 32x32", func() Config { return cifarConfig(384, 8, 6, 32) }},
	{"seed-b3", "the reproduction's ViT-B: patch 3 on 32x32 (101 tokens), no qkv bias, adapter on norm2(x) with learnable scale", func() Config {
		return Config{
			ImageSize: 32, PatchSize: 3, IgnoreRemainder: true, InChans: 3, NumClasses: 100,
			Dim: 768, Depth: 12, Heads: 12, MLPRatio: 4, QKVBias: false, LNEps: 1e-5,
			Adapter: AdapterConfig{
				Enabled: true, Bottleneck: 64, Input: InputNorm2, Scale: 1, Learnable: true,
				Init: InitLoRA, Dropout: 0.1, Placement: PlacementParallel,
			},
		}
	}},
	{"vit-ti16", "timm vit_tiny_patch16_224: dim 192, 3 heads", func() Config { return timmConfig(192, 3) }},
	{"vit-s16", "timm vit_small_patch16_224: dim 384, 6 heads", func() Config { return timmConfig(384, 6) }},
	{"vit-b16", "timm vit_base_patch16_224: dim 768, 12 heads", func() Config { return timmConfig(768, 12) }},
}

// Preset returns the named configuration (see PresetNames).
func Preset(name string) (Config, error) {
	for _, p := range presets {
		if p.name == name {
			return p.cfg(), nil
		}
	}
	return Config{}, fmt.Errorf("unknown preset %q (have %s)", name, strings.Join(PresetNames(), ", "))
}

// PresetNames lists the presets, smallest first.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.name
	}
	return names
}

// PresetDoc describes a preset in one line ("" when unknown).
func PresetDoc(name string) string {
	for _, p := range presets {
		if p.name == name {
			return p.doc
		}
	}
	return ""
}

// Tokens is the sequence length: the patches plus the class token.
func (c Config) Tokens() int {
	if c.PatchSize <= 0 {
		return 0
	}
	g := c.ImageSize / c.PatchSize
	return g*g + 1
}

// Grid is the number of patches along each side of the image.
func (c Config) Grid() int {
	if c.PatchSize <= 0 {
		return 0
	}
	return c.ImageSize / c.PatchSize
}

// HeadDim is the width of one attention head.
func (c Config) HeadDim() int {
	if c.Heads <= 0 {
		return 0
	}
	return c.Dim / c.Heads
}

// Hidden is the width of the MLP: int(Dim * MLPRatio), as timm computes it.
func (c Config) Hidden() int { return int(float64(c.Dim) * c.MLPRatio) }

// withDefaults fills the adapter options left empty with the defaults.
func (c Config) withDefaults() Config {
	a := &c.Adapter
	if a.Input == "" {
		a.Input = InputX
	}
	if a.Init == "" {
		a.Init = InitLoRA
	}
	if a.Placement == "" {
		a.Placement = PlacementParallel
	}
	return c
}

// Validate reports every problem with the configuration in one error. Empty
// adapter option strings mean the defaults.
func (c Config) Validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	positive := []struct {
		name string
		v    int
	}{
		{"image size", c.ImageSize}, {"patch size", c.PatchSize}, {"input channels", c.InChans},
		{"classes", c.NumClasses}, {"dim", c.Dim}, {"depth", c.Depth}, {"heads", c.Heads},
	}
	for _, p := range positive {
		if p.v <= 0 {
			bad("%s must be positive, got %d", p.name, p.v)
		}
	}
	if c.PatchSize > 0 && c.ImageSize > 0 {
		if c.ImageSize < c.PatchSize {
			bad("image size %d is smaller than patch size %d", c.ImageSize, c.PatchSize)
		} else if c.ImageSize%c.PatchSize != 0 && !c.IgnoreRemainder {
			bad("image size %d is not divisible by patch size %d (a patch size that divides it, or a preset that skips the last %d pixels as a strided conv does, like seed-b3)",
				c.ImageSize, c.PatchSize, c.ImageSize%c.PatchSize)
		}
	}
	if c.Heads > 0 && c.Dim > 0 && c.Dim%c.Heads != 0 {
		bad("dim %d is not divisible by %d heads", c.Dim, c.Heads)
	}
	if !(c.MLPRatio > 0) || math.IsInf(c.MLPRatio, 0) {
		bad("MLP ratio must be positive, got %v", c.MLPRatio)
	} else if c.Dim > 0 && c.Hidden() <= 0 {
		bad("MLP ratio %v gives an empty MLP for dim %d", c.MLPRatio, c.Dim)
	}
	if !(c.LNEps > 0) || math.IsInf(c.LNEps, 0) {
		bad("LayerNorm eps must be positive, got %v", c.LNEps)
	}
	rate := func(name string, p float64) {
		if !(p >= 0 && p < 1) {
			bad("%s must be in [0, 1), got %v", name, p)
		}
	}
	rate("dropout rate", c.DropRate)
	rate("drop-path rate", c.DropPathRate)
	if a := c.withDefaults().Adapter; a.Enabled {
		if a.Bottleneck <= 0 {
			bad("adapter bottleneck must be positive, got %d", a.Bottleneck)
		}
		oneOf := func(what, v string, allowed ...string) {
			if !slices.Contains(allowed, v) {
				bad("unknown adapter %s %q (want %s)", what, v, strings.Join(allowed, " or "))
			}
		}
		oneOf("input", a.Input, InputX, InputNorm2)
		oneOf("init", a.Init, InitLoRA, InitTruncNormal)
		oneOf("placement", a.Placement, PlacementParallel, PlacementSequential)
		if math.IsNaN(a.Scale) || math.IsInf(a.Scale, 0) {
			bad("adapter scale must be finite, got %v", a.Scale)
		}
		rate("adapter dropout", a.Dropout)
	}
	if len(errs) > 0 {
		return errors.New("invalid model config: " + strings.Join(errs, "; "))
	}
	return nil
}
