package experiments

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// backboneRegistry is a registry shipping ShippedBackbone: a weights file
// whose metadata records a run config of the preset.
func backboneRegistry(t *testing.T, preset string) pretrained.Registry {
	t.Helper()
	cfg := trainer.DefaultConfig()
	cfg.Preset = preset
	tc, _ := json.Marshal(cfg)
	var b bytes.Buffer
	err := safetensors.Encode(&b, []safetensors.Tensor{safetensors.F32("head.bias", []int{2}, []float32{1, 2})},
		map[string]string{trainer.MetaTrainConfig: string(tc)})
	if err != nil {
		t.Fatal(err)
	}
	return pretrained.New(fstest.MapFS{
		ShippedBackbone + ".safetensors": {Data: b.Bytes()},
		ShippedBackbone + ".md":          {Data: []byte("# " + ShippedBackbone + "\n\nthe backbone\n\nSHA-256: " + pretrained.Sum(b.Bytes()) + "\n")},
	})
}

// With the backbone shipped, the transfer and sweep examples start from it
// (no pretraining run, its preset); seed and single stay synthetic and
// self-contained. Without it, the examples are as before.
func TestExamplesStartFromTheShippedBackbone(t *testing.T) {
	shipped := backboneRegistry(t, "tiny")
	none := pretrained.New(fstest.MapFS{"README.md": {Data: []byte("# none\n")}})
	for _, kind := range Kinds() {
		with, without := exampleRecipe(kind, shipped), exampleRecipe(kind, none)
		switch kind {
		case KindTransfer, KindSweep:
			if with.Pretrain != nil || with.Transfer.InitFrom != ShippedBackbone || with.Transfer.Preset != "tiny" ||
				with.Transfer.Dataset != "synthetic-transfer" || !strings.Contains(with.Description, ShippedBackbone) {
				t.Errorf("%s with the backbone: pretrain %v, init_from %q, preset %q, dataset %q, %q", kind,
					with.Pretrain != nil, with.Transfer.InitFrom, with.Transfer.Preset, with.Transfer.Dataset, with.Description)
			}
			plan, err := with.Plan()
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			for _, p := range plan {
				if p.Config.InitFrom != ShippedBackbone || p.Config.Preset != "tiny" || p.InitFrom != "" {
					t.Errorf("%s: run %s starts from %q/%q with preset %s", kind, p.Name, p.Config.InitFrom, p.InitFrom, p.Config.Preset)
				}
			}
			// The file says so, and reads back.
			text, err := FormatRecipe(with)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, `init_from = "tiny-tin"`) || !strings.Contains(text, `preset = "tiny"`) || strings.Contains(text, "\n[pretrain]") {
				t.Errorf("%s example:\n%s", kind, text)
			}
			back, err := ParseRecipe(kind+".toml", []byte(text))
			with.Source = kind + ".toml"
			if err != nil || !reflect.DeepEqual(back, with) {
				t.Errorf("%s: reads back as %+v (%v)", kind, back, err)
			}
		default:
			if !reflect.DeepEqual(with, DefaultRecipe(kind)) {
				t.Errorf("%s changed with the backbone shipped: %+v", kind, with)
			}
		}
		want := DefaultRecipe(kind)
		if kind == KindTransfer {
			want.Transfer.InitFrom = "pretrained.safetensors"
		}
		if !reflect.DeepEqual(without, want) {
			t.Errorf("%s without the backbone: %+v, want the default", kind, without)
		}
	}

	// On real data the transfer goes to CIFAR-10, still from the backbone.
	dir := t.TempDir()
	cifar := filepath.Join(dir, "cifar-10-batches-bin")
	os.MkdirAll(cifar, 0o755)
	var rec []byte
	for i := range 20 {
		rec = append(rec, byte(i%10))
		rec = append(rec, make([]byte, 3072)...)
	}
	os.WriteFile(filepath.Join(cifar, "data_batch_1.bin"), rec, 0o644)
	r, err := recipeFor(KindSweep, dir, shipped)
	if err != nil || r.Pretrain != nil || r.Transfer.Dataset != "cifar10" || r.Transfer.InitFrom != ShippedBackbone {
		t.Errorf("sweep on real data: %+v (%v)", r, err)
	}

	if p, ok := shippedPreset(none, ShippedBackbone); ok {
		t.Errorf("preset %q from an empty registry", p)
	}
	bare := pretrained.New(fstest.MapFS{ShippedBackbone + ".safetensors": {Data: []byte("not safetensors")}})
	if p, ok := shippedPreset(bare, ShippedBackbone); ok {
		t.Errorf("preset %q from a corrupt file", p)
	}
}
