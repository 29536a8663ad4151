package experiments

import (
	"strings"
	"testing"
)

// The EMA and layer-decay keys are recipe keys like any other: set in
// [defaults] or a run table, checked with the file's line.
func TestRecipeEMAAndLayerDecayKeys(t *testing.T) {
	r, err := ParseRecipe("r.toml", []byte(`kind = "seed"
name = "ema"
[defaults]
preset = "micro"
[pretrain]
dataset = "synthetic-pretrain"
ema_decay = 0.9998
[transfer]
dataset = "synthetic-transfer"
layer_decay = 0.75
init_from_ema = true
ema_no_warmup = true
`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Pretrain.EMADecay != 0.9998 || r.Pretrain.LayerDecay != 0 || r.Pretrain.InitFromEMA {
		t.Errorf("pretrain: ema_decay %v layer_decay %v init_from_ema %v", r.Pretrain.EMADecay, r.Pretrain.LayerDecay, r.Pretrain.InitFromEMA)
	}
	if tr := r.Transfer; tr.LayerDecay != 0.75 || !tr.InitFromEMA || !tr.EMANoWarmup || tr.EMADecay != 0 {
		t.Errorf("transfer: %+v", tr)
	}
	if _, err := r.Plan(); err != nil {
		t.Errorf("Plan: %v", err)
	}

	_, err = ParseRecipe("bad.toml", []byte(`kind = "single"
name = "x"
[run]
preset = "micro"
dataset = "synthetic-pretrain"
ema_decay = 1.5
`))
	if err == nil || !strings.Contains(err.Error(), "ema_decay") {
		t.Errorf("ema_decay 1.5: %v, want an error naming ema_decay", err)
	}
}
