package vit

import (
	"flag"
	"fmt"
	"strings"
)

// ConfigFlags binds the command-line flags that pick a preset and override
// its fields, so every subcommand that builds a model spells them the same.
type ConfigFlags struct {
	fs             *flag.FlagSet
	preset         string
	classes        int
	imageSize      int
	patchSize      int
	adapter        string
	bottleneck     int
	adapterInput   string
	adapterScale   float64
	learnableScale bool
	adapterInit    string
	adapterDropout float64
	dropRate       float64
	dropPath       float64
	scaleMode      string
}

// RegisterConfigFlags defines the model flags on fs with defaultPreset as
// the default -preset.
func RegisterConfigFlags(fs *flag.FlagSet, defaultPreset string) *ConfigFlags {
	f := &ConfigFlags{fs: fs}
	fs.StringVar(&f.preset, "preset", defaultPreset, "model preset: "+strings.Join(PresetNames(), ", "))
	fs.IntVar(&f.classes, "classes", 0, "number of classes (default: the preset's)")
	fs.IntVar(&f.imageSize, "image-size", 0, "input image side in pixels (default: the preset's)")
	fs.IntVar(&f.patchSize, "patch-size", 0, "patch side in pixels (default: the preset's)")
	fs.StringVar(&f.adapter, "adapter", "", "adapters: none, parallel or sequential (default: the preset's)")
	fs.IntVar(&f.bottleneck, "bottleneck", 0, "adapter bottleneck width (default: the preset's)")
	fs.StringVar(&f.adapterInput, "adapter-input", "", "adapter input: x (the residual stream) or norm2 (default: the preset's)")
	fs.Float64Var(&f.adapterScale, "adapter-scale", 0, "adapter scale, or its initial value when learnable (default: the preset's)")
	fs.BoolVar(&f.learnableScale, "adapter-learnable-scale", false, "learn the adapter scale (default: the preset's)")
	fs.StringVar(&f.adapterInit, "adapter-init", "", "adapter init: lora or trunc-normal (default: the preset's)")
	fs.Float64Var(&f.adapterDropout, "adapter-dropout", 0, "adapter dropout, training only (default: the preset's)")
	fs.Float64Var(&f.dropRate, "drop", 0, "dropout rate, training only (default: the preset's)")
	fs.Float64Var(&f.dropPath, "drop-path", 0, "stochastic depth rate, training only (default: the preset's)")
	// The spellings of adaptformer train and the recipes' keys, so that a
	// flag copied from one command works in the others.
	fs.Float64Var(&f.dropRate, "drop-rate", 0, "same as -drop")
	fs.Float64Var(&f.dropPath, "drop-path-rate", 0, "same as -drop-path")
	fs.StringVar(&f.scaleMode, "adapter-scale-mode", "", "adapter scale: fixed or learnable (same as -adapter-learnable-scale)")
	return f
}

// Preset is the chosen preset's name.
func (f *ConfigFlags) Preset() string { return f.preset }

// Config returns the preset with the flags given on the command line
// applied, validated. Call it after fs.Parse.
func (f *ConfigFlags) Config() (Config, error) {
	c, err := Preset(f.preset)
	if err != nil {
		return Config{}, err
	}
	var errs []string
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "classes":
			c.NumClasses = f.classes
		case "image-size":
			c.ImageSize = f.imageSize
		case "patch-size":
			c.PatchSize = f.patchSize
		case "adapter":
			switch f.adapter {
			case "none":
				c.Adapter.Enabled = false
			case PlacementParallel, PlacementSequential:
				c.Adapter.Enabled = true
				c.Adapter.Placement = f.adapter
			default:
				errs = append(errs, fmt.Sprintf("-adapter %q: want none, parallel or sequential", f.adapter))
			}
		case "bottleneck":
			c.Adapter.Bottleneck = f.bottleneck
		case "adapter-input":
			c.Adapter.Input = f.adapterInput
		case "adapter-scale":
			c.Adapter.Scale = f.adapterScale
		case "adapter-learnable-scale":
			c.Adapter.Learnable = f.learnableScale
		case "adapter-init":
			c.Adapter.Init = f.adapterInit
		case "adapter-dropout":
			c.Adapter.Dropout = f.adapterDropout
		case "drop", "drop-rate":
			c.DropRate = f.dropRate
		case "drop-path", "drop-path-rate":
			c.DropPathRate = f.dropPath
		case "adapter-scale-mode":
			switch f.scaleMode {
			case "fixed", "learnable":
				c.Adapter.Learnable = f.scaleMode == "learnable"
			default:
				errs = append(errs, fmt.Sprintf("-adapter-scale-mode %q: want fixed or learnable", f.scaleMode))
			}
		}
	})
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c.withDefaults(), nil
}

// FreezeFlags binds the flags that say which parameters train.
type FreezeFlags struct {
	mode             string
	include, exclude patternList
}

type patternList []string

func (p *patternList) String() string { return strings.Join(*p, ",") }
func (p *patternList) Set(s string) error {
	*p = append(*p, s)
	return nil
}

// RegisterFreezeFlags defines -mode, -train and -freeze on fs.
func RegisterFreezeFlags(fs *flag.FlagSet, defaultMode Mode) *FreezeFlags {
	f := &FreezeFlags{}
	fs.StringVar(&f.mode, "mode", string(defaultMode), "training mode: full, adaptformer (adapters and head) or linear (head only)")
	fs.Var(&f.include, "train", "also train parameters matching this `pattern` (e.g. 'blocks.*.norm*'); repeatable")
	fs.Var(&f.exclude, "freeze", "freeze parameters matching this `pattern` even if the mode trains them; repeatable")
	return f
}

// Spec returns the freeze spec the flags describe.
func (f *FreezeFlags) Spec() (FreezeSpec, error) {
	mode, err := ParseMode(f.mode)
	if err != nil {
		return FreezeSpec{}, err
	}
	return FreezeSpec{Mode: mode, Include: f.include, Exclude: f.exclude}, nil
}

// String describes the configuration in one line.
func (c Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dim %d, depth %d, %d heads, MLP ratio %g, patch %d on %dx%d (%d tokens), %d classes",
		c.Dim, c.Depth, c.Heads, c.MLPRatio, c.PatchSize, c.ImageSize, c.ImageSize, c.Tokens(), c.NumClasses)
	if !c.QKVBias {
		b.WriteString(", no qkv bias")
	}
	fmt.Fprintf(&b, ", LayerNorm eps %g", c.LNEps)
	a := c.withDefaults().Adapter
	if !a.Enabled {
		b.WriteString("; no adapters")
		return b.String()
	}
	in := "x"
	if a.Input == InputNorm2 {
		in = "norm2(x)"
	}
	if a.Placement == PlacementSequential {
		in = "the MLP output"
	}
	scale := fmt.Sprintf("fixed scale %g", a.Scale)
	if a.Learnable {
		scale = fmt.Sprintf("learnable scale (init %g)", a.Scale)
	}
	fmt.Fprintf(&b, "; %s adapters on %s, bottleneck %d, %s, %s init, dropout %g", a.Placement, in, a.Bottleneck, scale, a.Init, a.Dropout)
	return b.String()
}
