package trainer

import (
	"fmt"

	"github.com/adaptformer/adaptformer/data"
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

// Describe returns the summary of the model a run of cfg trains (its layers,
// their parameters and which of them train) without opening the data or
// allocating the model: for a run that has not started yet. The class count
// comes from cfg.Classes or the dataset's name (see data.Classes); for a
// folder set, from its class folders under cfg.DataDir (data.FolderClasses:
// a directory listing, no image read). The images are taken as 32x32 unless
// cfg.ImageSize says otherwise, as every set but a folder of larger images
// reads them.
func Describe(cfg Config) (vit.Summary, error) {
	classes := cfg.Classes
	if n, ok := data.Classes(cfg.Dataset, data.OpenOptions{}); ok {
		classes = n
	} else if cfg.Dataset == "folder" {
		// The run checks cfg.Classes against the folder's count
		// (modelConfig); without the folder, cfg.Classes alone tells.
		n, err := data.FolderClasses(cfg.DataDir)
		switch {
		case err == nil:
			classes = n
		case classes == 0:
			return vit.Summary{}, fmt.Errorf("dataset %s: %w", cfg.Dataset, err)
		}
	} else if classes == 0 {
		return vit.Summary{}, fmt.Errorf("dataset %s: its class count is known only from its files", cfg.Dataset)
	}
	mc, err := modelConfig(cfg, classes, 32)
	if err != nil {
		return vit.Summary{}, err
	}
	spec := cfg.freezeSpec()
	return vit.Describe(mc, spec)
}
