package tui

import (
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/vit/pretrained"
)

// The transfer form starts from the shipped backbone when the binary
// carries it, and a shipped model brings its preset; any other init_from
// keeps the form's preset.
func TestTransferFormStartsFromTheShippedBackbone(t *testing.T) {
	v := defaultFormValues("adaptformer")
	if v.InitFrom != experiments.DefaultInitFrom() {
		t.Errorf("Init from starts as %q, want %q", v.InitFrom, experiments.DefaultInitFrom())
	}
	v.Kind = experiments.KindTransfer
	v.InitFrom = "runs/some-run"
	r, err := v.recipe("")
	if err != nil {
		t.Fatal(err)
	}
	if r.Transfer.Preset != v.Preset || r.Transfer.InitFrom != "runs/some-run" {
		t.Errorf("transfer from a run: preset %q, init_from %q", r.Transfer.Preset, r.Transfer.InitFrom)
	}
	for _, name := range pretrained.Shipped().Names() {
		preset, ok := experiments.ShippedPreset(name)
		if !ok {
			continue
		}
		v.InitFrom = name
		v.Preset = "micro"
		r, err := v.recipe("")
		if err != nil {
			t.Fatal(err)
		}
		if r.Transfer.Preset != preset || r.Transfer.InitFrom != name || r.Pretrain != nil {
			t.Errorf("transfer from shipped %s: preset %q, init_from %q; want %q", name, r.Transfer.Preset, r.Transfer.InitFrom, preset)
		}
	}
}
