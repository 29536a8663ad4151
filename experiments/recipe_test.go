package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
)

func TestExampleRecipesParseToDefaults(t *testing.T) {
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			text, err := ExampleRecipe(kind)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseRecipe(kind+".toml", []byte(text))
			if err != nil {
				t.Fatalf("the example does not parse: %v\n%s", err, text)
			}
			want := exampleRecipe(kind, pretrained.Shipped())
			want.Source = kind + ".toml"
			if !reflect.DeepEqual(got, want) {
				t.Errorf("example parses to\n%+v\nwant\n%+v", got, want)
			}
			if _, err := got.Plan(); err != nil {
				t.Errorf("Plan: %v", err)
			}
		})
	}
	if _, err := ExampleRecipe("nope"); err == nil {
		t.Error("ExampleRecipe(nope): no error")
	}
}

func TestSeedPlan(t *testing.T) {
	runs, err := DefaultRecipe(KindSeed).Plan()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "pretrain,transfer-adaptformer,transfer-full" {
		t.Fatalf("seed plan = %s", got)
	}
	pre, frozen, full := runs[0], runs[1], runs[2]
	if pre.Config.Dataset != "synthetic-pretrain" || pre.Config.Preset != "micro" || pre.Config.Mode != "full" || len(pre.After) != 0 {
		t.Errorf("pretrain = %+v", pre)
	}
	for _, r := range []PlannedRun{frozen, full} {
		if r.Config.Dataset != "synthetic-transfer" || r.InitFrom != "pretrain" || !reflect.DeepEqual(r.After, []string{"pretrain"}) {
			t.Errorf("%s = %+v", r.Name, r)
		}
	}
	if frozen.Config.Mode != "adaptformer" || full.Config.Mode != "full" {
		t.Errorf("modes = %s, %s", frozen.Config.Mode, full.Config.Mode)
	}
	// Fair comparison: the two transfer runs differ in their mode only.
	a, b := frozen.Config, full.Config
	a.Mode = b.Mode
	if !reflect.DeepEqual(a, b) {
		t.Errorf("transfer configs differ beyond the mode:\n%+v\n%+v", a, b)
	}
}

func TestSweepPlan(t *testing.T) {
	r, err := ParseRecipe("s.toml", []byte(`
kind = "sweep"
[transfer]
init_from = "x.safetensors"
seeds = [7, 8]
modes = ["full", "adaptformer"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Pretrain != nil {
		t.Fatal("a sweep without [pretrain] pretrains")
	}
	runs, err := r.Plan()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range runs {
		got = append(got, p.Name)
		if p.Config.InitFrom != "x.safetensors" || len(p.After) != 0 {
			t.Errorf("%s: init_from %q after %v", p.Name, p.Config.InitFrom, p.After)
		}
	}
	if strings.Join(got, ",") != "seed7-full,seed7-adaptformer,seed8-full,seed8-adaptformer" {
		t.Errorf("sweep plan = %v", got)
	}
	if runs[2].Config.Seed != 8 {
		t.Errorf("seed = %d, want 8", runs[2].Config.Seed)
	}
}

func TestRecipeDefaultsTable(t *testing.T) {
	r, err := ParseRecipe("r.toml", []byte(`
kind = "seed"
name = "mine"
[defaults]
preset = "tiny"
threads = 2
epochs = 4
[pretrain]
epochs = 7
adapter_dropout = 0.2
freeze_exclude = ["head"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "mine" || r.Pretrain.Preset != "tiny" || r.Transfer.Preset != "tiny" || r.Transfer.Threads != 2 {
		t.Errorf("defaults not applied: %+v", r)
	}
	if r.Pretrain.Epochs != 7 || r.Transfer.Epochs != 4 {
		t.Errorf("epochs pretrain %d transfer %d, want 7 and 4", r.Pretrain.Epochs, r.Transfer.Epochs)
	}
	if r.Pretrain.AdapterDrop == nil || *r.Pretrain.AdapterDrop != 0.2 || !reflect.DeepEqual(r.Pretrain.FreezeExclude, []string{"head"}) {
		t.Errorf("pointer and list fields: %+v", r.Pretrain)
	}
	if r.Transfer.Dataset != "synthetic-transfer" || r.Pretrain.Dataset != "synthetic-pretrain" {
		t.Errorf("unset keys lost their defaults: %s, %s", r.Pretrain.Dataset, r.Transfer.Dataset)
	}
}

func TestRecipeErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
		field   string
		want    string
	}{
		{"syntax", "kind = \"seed\"\nepochs = = 3\n", 2, "", ""},
		{"missing kind", "name = \"x\"\n", 0, "kind", "missing"},
		{"unknown kind", "kind = \"pretrain-only\"\n", 1, "kind", "must be one of"},
		{"kind type", "kind = 3\n", 1, "kind", "expected a string"},
		{"bad name", "kind = \"seed\"\nname = \"a/b\"\n", 2, "name", "letters, digits"},
		{"unknown top-level key", "kind = \"seed\"\nepochs = 3\n", 2, "epochs", "unknown field"},
		{"unknown table", "kind = \"seed\"\n[finetune]\nepochs = 3\n", 2, "finetune", "unknown table"},
		{"table of another kind", "kind = \"seed\"\n[run]\nepochs = 3\n", 2, "run", "has no [run] table"},
		{"unknown key", "kind = \"seed\"\n[pretrain]\nepochs = 2\nlearning_rate = 0.1\n", 4, "pretrain.learning_rate", "unknown field"},
		{"typo hint", "kind = \"seed\"\n[transfer]\nepoch = 2\n", 3, "transfer.epoch", "did you mean epochs"},
		{"typo hint by prefix", "kind = \"seed\"\n[transfer]\nbatchsize = 2\n", 3, "transfer.batchsize", "did you mean batch?"},
		{"string for integer", "kind = \"seed\"\n[pretrain]\nepochs = \"three\"\n", 3, "pretrain.epochs", "expected an integer"},
		{"float for integer", "kind = \"seed\"\n[pretrain]\nbatch = 12.5\n", 3, "pretrain.batch", "expected an integer"},
		{"negative seed", "kind = \"seed\"\n[defaults]\nseed = -1\n", 3, "defaults.seed", "non-negative integer"},
		{"bool", "kind = \"seed\"\n[transfer]\naugment = \"yes\"\n", 3, "transfer.augment", "true or false"},
		{"nan", "kind = \"seed\"\n[transfer]\nlr = nan\n", 3, "transfer.lr", "expected a finite number, got NaN"},
		{"list", "kind = \"seed\"\n[transfer]\nfreeze_include = \"head\"\n", 3, "transfer.freeze_include", "list of strings"},
		{"invalid epochs", "kind = \"seed\"\n\n[pretrain]\nepochs = 0\n", 4, "pretrain.epochs", "at least 1"},
		{"invalid lr in transfer", "kind = \"seed\"\n[transfer]\n# comment\nlr = -1.0\n", 4, "transfer.lr", "must be positive"},
		{"invalid value from defaults", "kind = \"single\"\n[defaults]\noptimizer = \"rmsprop\"\n", 3, "defaults.optimizer", "must be one of"},
		{"invalid mode", "kind = \"single\"\n[run]\nmode = \"frozen\"\n", 3, "run.mode", "must be one of"},
		{"unknown preset", "kind = \"single\"\n[run]\npreset = \"huge\"\n", 3, "run.preset", "unknown preset"},
		{"bad modes", "kind = \"seed\"\n[transfer]\nmodes = [\"adaptformer\", \"frozen\"]\n", 3, "transfer.modes", "not one of"},
		{"modes type", "kind = \"seed\"\n[transfer]\nmodes = \"full\"\n", 3, "transfer.modes", "list of strings"},
		{"seeds outside a sweep", "kind = \"seed\"\n[transfer]\nseeds = [1, 2]\n", 3, "transfer.seeds", "unknown field"},
		{"empty seeds", "kind = \"sweep\"\n[transfer]\ninit_from = \"x\"\nseeds = []\n", 4, "transfer.seeds", "at least one seed"},
		{"transfer needs init_from", "kind = \"transfer\"\n[transfer]\nepochs = 2\n", 2, "transfer.init_from", "required"},
		{"init_from beside a pretraining run", "kind = \"seed\"\n[pretrain]\nepochs = 2\n[transfer]\ninit_from = \"x.safetensors\"\n", 5, "transfer.init_from", "start from the [pretrain] run's final checkpoint"},
		{"preset mismatch", "kind = \"seed\"\n[pretrain]\npreset = \"tiny\"\n", 0, "transfer.preset", "differs from pretrain.preset"},
		{"multi-line array", "kind = \"seed\"\n[transfer]\nmodes = [\n  \"full\",\n]\nbogus = 1\n", 6, "transfer.bogus", "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "recipe.toml")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadRecipe(path)
			if err == nil {
				t.Fatal("no error")
			}
			var re *RecipeError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RecipeError", err)
			}
			// Every problem is reported; the one the case is about must
			// be among them, with its line and field.
			found := false
			for _, e := range flatten(err) {
				var re *RecipeError
				if errors.As(e, &re) && re.Line == tt.line && re.Field == tt.field && strings.Contains(re.Error(), tt.want) {
					found = true
				}
				if !strings.HasPrefix(e.Error(), path) {
					t.Errorf("error %q does not start with the file", e)
				}
			}
			if !found {
				t.Errorf("error %q lacks line %d field %q saying %q", err, tt.line, tt.field, tt.want)
			}
		})
	}
}

func TestRecipeReportsEveryProblem(t *testing.T) {
	_, err := ParseRecipe("r.toml", []byte("kind = \"seed\"\n[pretrain]\nepochs = 0\nbatch = 0\nfoo = 1\n"))
	if err == nil {
		t.Fatal("no error")
	}
	// Unknown keys are reported first (the values are not checked then).
	if !strings.Contains(err.Error(), "r.toml:5: pretrain.foo: unknown field") {
		t.Errorf("error %q", err)
	}
	_, err = ParseRecipe("r.toml", []byte("kind = \"seed\"\n[pretrain]\nepochs = 0\nbatch = 0\n"))
	for _, want := range []string{"r.toml:3: pretrain.epochs:", "r.toml:4: pretrain.batch:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not contain %q", err, want)
		}
	}
}

func TestLoadRecipeMissingFile(t *testing.T) {
	_, err := LoadRecipe(filepath.Join(t.TempDir(), "nope.toml"))
	if err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Errorf("missing file: %v", err)
	}
}

func TestPlanRejectsBadRecipes(t *testing.T) {
	r := DefaultRecipe(KindSeed)
	r.Transfer.Epochs = 0
	r.Pretrain.Batch = 0
	_, err := r.Plan()
	if err == nil || !strings.Contains(err.Error(), "run transfer-full: invalid training config: epochs") ||
		!strings.Contains(err.Error(), "run pretrain: invalid training config: batch") {
		t.Errorf("Plan = %v", err)
	}
	r = DefaultRecipe(KindSeed)
	r.Modes = nil
	if _, err := r.Plan(); err == nil || !strings.Contains(err.Error(), "modes") {
		t.Errorf("Plan without modes = %v", err)
	}
	if _, err := DefaultRecipe("nope").Plan(); err == nil {
		t.Error("unknown kind plans")
	}
	single := DefaultRecipe(KindSingle)
	single.Run = trainer.DefaultConfig()
	if runs, err := single.Plan(); err != nil || len(runs) != 1 {
		t.Errorf("single Plan = %v, %v", runs, err)
	}
}

func TestFormatRecipeRoundTrip(t *testing.T) {
	drop := 0.25
	seed := DefaultRecipe(KindSeed)
	seed.Name = "custom"
	seed.Pretrain.Seed = 9
	seed.Pretrain.AdapterDrop = &drop
	seed.Pretrain.FreezeExclude = []string{"blocks.0.*", "head"}
	seed.Transfer.LabelSmoothing = 0.1
	seed.Transfer.Optimizer = "adamw"
	seed.Transfer.Eps = 1e-6
	seed.Transfer.DataDir = "/data/cifar"
	seed.Transfer.Threads = 2
	seed.Pretrain.Threads = 2
	seed.Modes = []string{"full", "linear"}

	sweep := DefaultRecipe(KindSweep)
	sweep.Pretrain = nil
	sweep.Transfer.InitFrom = "runs/x/pretrain"
	sweep.Seeds = []uint64{4, 5}

	single := DefaultRecipe(KindSingle)
	single.Run.Mode = "adaptformer"
	single.Run.CheckpointEvery = 50
	single.Run.Preset = "tiny"

	transfer := DefaultRecipe(KindTransfer)
	transfer.Transfer.InitFrom = "vit_tiny.safetensors"
	transfer.Transfer.Preset = "vit-ti16"

	for _, r := range []Recipe{seed, sweep, single, transfer} {
		text, err := FormatRecipe(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseRecipe("r.toml", []byte(text))
		if err != nil {
			t.Fatalf("%s: formatted recipe does not parse: %v\n%s", r.Kind, err, text)
		}
		r.Source = "r.toml"
		if !reflect.DeepEqual(got, r) {
			t.Errorf("%s: round trip\n got %+v\nwant %+v\n%s", r.Kind, got, r, text)
		}
	}
	if _, err := FormatRecipe(Recipe{Kind: "nope"}); err == nil {
		t.Error("FormatRecipe of an unknown kind: no error")
	}
}

func TestTransferModeKeyIsAnError(t *testing.T) {
	_, err := ParseRecipe("r.toml", []byte("kind = \"seed\"\n[transfer]\nmode = \"full\"\n"))
	if err == nil || !strings.Contains(err.Error(), "r.toml:3: transfer.mode: the transfer runs' modes are a list") {
		t.Errorf("mode in [transfer] = %v", err)
	}
}

func TestSeedRecipeFor(t *testing.T) {
	dir := t.TempDir()
	// A CIFAR-10 binary file of 20 records; no upstream set.
	cifar := filepath.Join(dir, "cifar-10-batches-bin")
	os.MkdirAll(cifar, 0o755)
	rec := make([]byte, 0, 20*3073)
	for i := range 20 {
		rec = append(rec, byte(i%10))
		rec = append(rec, make([]byte, 3072)...)
	}
	os.WriteFile(filepath.Join(cifar, "data_batch_1.bin"), rec, 0o644)
	r := SeedRecipeFor(dir)
	if r.Pretrain.Dataset != "synthetic-pretrain" || r.Transfer.Dataset != "cifar10" || r.Transfer.DataDir != dir {
		t.Errorf("SeedRecipeFor = pretrain %s, transfer %s in %q", r.Pretrain.Dataset, r.Transfer.Dataset, r.Transfer.DataDir)
	}
	if r := SeedRecipeFor(t.TempDir()); !reflect.DeepEqual(r, DefaultRecipe(KindSeed)) {
		t.Errorf("SeedRecipeFor an empty folder = %+v, want the offline default", r)
	}
	for _, kind := range Kinds() {
		r, err := RecipeFor(kind, dir)
		if err != nil {
			t.Fatalf("RecipeFor(%s): %v", kind, err)
		}
		got := r.Transfer.Dataset
		if kind == KindSingle {
			got = r.Run.Dataset
		}
		if got != "cifar10" {
			t.Errorf("RecipeFor(%s) trains on %s downstream, want cifar10", kind, got)
		}
		if _, err := r.Plan(); err != nil {
			t.Errorf("RecipeFor(%s) does not plan: %v", kind, err)
		}
	}
	if _, err := RecipeFor("nope", dir); err == nil {
		t.Error("RecipeFor of an unknown kind: no error")
	}
}
