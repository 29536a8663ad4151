package experiments

import (
	"encoding/json"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// ShippedBackbone is the shipped model (vit/pretrained) the transfer and
// sweep examples and the dashboard's transfer form start from when the
// binary carries it: tiny pretrained on all of Tiny-ImageNet-32.
const ShippedBackbone = "tiny-tin"

// DefaultInitFrom is the init_from of a transfer that names none: the
// shipped backbone when the binary carries it, else "".
func DefaultInitFrom() string {
	if _, ok := ShippedPreset(ShippedBackbone); ok {
		return ShippedBackbone
	}
	return ""
}

// ShippedPreset is the preset the shipped model name was trained with (the
// run config its file records), which a transfer from it must use; false
// when name is no shipped model or its file records none.
func ShippedPreset(name string) (string, bool) {
	return shippedPreset(pretrained.Shipped(), name)
}

func shippedPreset(reg pretrained.Registry, name string) (string, bool) {
	m, ok, err := reg.Lookup(name)
	if err != nil || !ok {
		return "", false
	}
	b, err := m.Read()
	if err != nil {
		return "", false
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		return "", false
	}
	var c trainer.Config
	if err := json.Unmarshal([]byte(f.Metadata[trainer.MetaTrainConfig]), &c); err != nil || c.Preset == "" {
		return "", false
	}
	return c.Preset, true
}

// fromBackbone makes a transfer or sweep recipe start from the shipped
// backbone of reg, when reg carries it: no pretraining run, the backbone's
// preset, init_from its name. ok is false (and r unchanged) otherwise.
func fromBackbone(r Recipe, reg pretrained.Registry) (Recipe, bool) {
	if r.Kind != KindTransfer && r.Kind != KindSweep {
		return r, false
	}
	preset, ok := shippedPreset(reg, ShippedBackbone)
	if !ok {
		return r, false
	}
	r.Pretrain = nil
	r.Transfer.Preset = preset
	r.Transfer.InitFrom = ShippedBackbone
	switch r.Kind {
	case KindTransfer:
		r.Description = "transfer the shipped " + ShippedBackbone + " backbone with the backbone frozen (adaptformer) and fully fine-tuned (full)"
	case KindSweep:
		r.Description = "the transfer pair from the shipped " + ShippedBackbone + " backbone over several seeds, for a mean and a spread"
	}
	return r, true
}
