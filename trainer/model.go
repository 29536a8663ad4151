package trainer

import (
	"fmt"

	"github.com/adaptformer/adaptformer/vit"
)

// modelConfig resolves the model of cfg: its preset with cfg's overrides,
// for a dataset with the given class count and image size (0: not known
// yet, keep the preset's).
func modelConfig(cfg Config, classes, size int) (vit.Config, error) {
	mc, err := vit.Preset(cfg.Preset)
	if err != nil {
		return vit.Config{}, fmt.Errorf("preset: %w", err)
	}
	if classes > 0 {
		mc.NumClasses = classes
	}
	if cfg.Classes > 0 {
		if classes > cfg.Classes {
			return vit.Config{}, fmt.Errorf("classes: the dataset has %d classes, more than --classes %d", classes, cfg.Classes)
		}
		mc.NumClasses = cfg.Classes
	}
	if size > 0 {
		mc.ImageSize = size
	}
	if cfg.ImageSize > 0 {
		mc.ImageSize = cfg.ImageSize
	}
	if cfg.PatchSize > 0 {
		mc.PatchSize = cfg.PatchSize
	}
	a := &mc.Adapter
	switch cfg.Adapter {
	case "none":
		a.Enabled = false
	case vit.PlacementParallel, vit.PlacementSequential:
		a.Enabled = true
		a.Placement = cfg.Adapter
	}
	if cfg.Bottleneck > 0 {
		a.Bottleneck = cfg.Bottleneck
	}
	if cfg.AdapterInput != "" {
		a.Input = cfg.AdapterInput
	}
	if cfg.AdapterScale > 0 {
		a.Scale = cfg.AdapterScale
	}
	switch cfg.ScaleMode {
	case "fixed":
		a.Learnable = false
	case "learnable":
		a.Learnable = true
	}
	if cfg.AdapterInit != "" {
		a.Init = cfg.AdapterInit
	}
	if cfg.AdapterDrop != nil {
		a.Dropout = *cfg.AdapterDrop
	}
	mc.DropRate = cfg.DropRate
	mc.DropPathRate = cfg.DropPathRate
	if err := mc.Validate(); err != nil {
		return vit.Config{}, fmt.Errorf("model: %w", err)
	}
	return mc, nil
}
