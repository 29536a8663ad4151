package experiments

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
)

// ExampleRecipe returns a commented recipe file of the kind for people to
// start from (`adaptformer run --example seed > seed.toml`): see
// exampleRecipe.
func ExampleRecipe(kind string) (string, error) {
	if !slices.Contains(Kinds(), kind) {
		return "", fmt.Errorf("example recipe: unknown kind %q (have %s)", kind, strings.Join(Kinds(), ", "))
	}
	return FormatRecipe(exampleRecipe(kind, pretrained.Shipped()))
}

// exampleRecipe is DefaultRecipe(kind), except that transfer and sweep
// start from the shipped backbone (ShippedBackbone, no pretraining run)
// when reg carries it; without it a transfer gets an init_from to edit and
// a sweep keeps its own pretraining run.
func exampleRecipe(kind string, reg pretrained.Registry) Recipe {
	r, ok := fromBackbone(DefaultRecipe(kind), reg)
	if !ok && kind == KindTransfer {
		r.Transfer.InitFrom = "pretrained.safetensors"
	}
	return r
}

// RecipeFor is the example recipe of the kind (see exampleRecipe) on the
// real data found in dataDir: the upstream (pretraining) run, if any, on
// CIFAR-100 when it is there, else on Tiny-ImageNet-32; the transfer runs
// (and a single run) on CIFAR-10. A run whose set is missing keeps the
// synthetic one. It opens the sets to find out, which reads their files.
func RecipeFor(kind, dataDir string) (Recipe, error) {
	return recipeFor(kind, dataDir, pretrained.Shipped())
}

func recipeFor(kind, dataDir string, reg pretrained.Registry) (Recipe, error) {
	if !slices.Contains(Kinds(), kind) {
		return Recipe{}, fmt.Errorf("example recipe: unknown kind %q (have %s)", kind, strings.Join(Kinds(), ", "))
	}
	r := exampleRecipe(kind, reg)
	opens := func(name string) bool {
		_, err := data.Open(name, dataDir, "train", data.OpenOptions{})
		return err == nil
	}
	// A folder that holds data_batch_1.bin itself is one set's folder
	// (CIFAR-10's and Tiny-ImageNet-32's files share names): it cannot be
	// both the upstream and the downstream set.
	_, err := os.Stat(filepath.Join(dataDir, "data_batch_1.bin"))
	oneSet := err == nil && opens("cifar10")
	if r.Pretrain != nil {
		for _, name := range []string{"cifar100", "tiny-imagenet-32"} {
			if name == "tiny-imagenet-32" && oneSet {
				continue
			}
			if opens(name) {
				r.Pretrain.Dataset, r.Pretrain.DataDir = name, dataDir
				break
			}
		}
	}
	if opens("cifar10") {
		r.Transfer.Dataset, r.Transfer.DataDir = "cifar10", dataDir
		r.Run.Dataset, r.Run.DataDir = "cifar10", dataDir
	}
	return r, nil
}

// SeedRecipeFor is RecipeFor(KindSeed, dataDir).
func SeedRecipeFor(dataDir string) Recipe {
	r, _ := RecipeFor(KindSeed, dataDir)
	return r
}

// commonKeys are the run table keys every formatted recipe spells out, so
// that people see them; other keys appear only where they differ from the
// defaults.
func commonKeys() []string {
	return []string{"dataset", "data_dir", "mode", "epochs", "batch", "train_limit", "eval_limit",
		"optimizer", "lr", "min_lr", "warmup_steps", "momentum", "weight_decay", "augment"}
}

// keyComments explain the common keys.
func keyComment(key string) string {
	switch key {
	case "data_dir":
		return "where the dataset's files are (unused by the synthetic sets)"
	case "mode":
		return "full | adaptformer (backbone frozen) | linear"
	case "train_limit":
		return "use the first N training images (0: all)"
	case "eval_limit":
		return "evaluate on the first N images (0: all)"
	case "optimizer":
		return "sgd | adamw"
	case "lr":
		return "peak learning rate, after the warmup, then a cosine to min_lr"
	case "augment":
		return "RandomCrop(32, pad 4), flip, rotation 15, brightness and contrast 0.1 (crop and flip only with an auto_augment)"
	}
	return ""
}

// defaultsKeys are the keys FormatRecipe puts in [defaults]: the model and
// the compute, which must (or should) be the same for every run.
func defaultsKeys() []string { return []string{"preset", "threads", "seed"} }

// FormatRecipe writes r as a commented recipe file that LoadRecipe reads
// back to r (Source aside): the common keys of each run table always, and
// every other key whose value differs from the default.
func FormatRecipe(r Recipe) (string, error) {
	if !slices.Contains(Kinds(), r.Kind) {
		return "", fmt.Errorf("format recipe: unknown kind %q (have %s)", r.Kind, strings.Join(Kinds(), ", "))
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	if r.Description != "" {
		w("# adaptformer recipe: %s.\n", r.Description)
	} else {
		w("# adaptformer recipe, kind %s.\n", r.Kind)
	}
	w("# Run it with `adaptformer run FILE`. Keys left out keep their defaults; a key\n")
	w("# a table does not know is an error. Run tables ([defaults], [pretrain],\n")
	w("# [transfer], [run]) take any training config key, as run.json spells them:\n")
	w("# %s.\n\n", wrapList(ConfigKeys(), 78, "# "))
	w("kind = %q  # seed | transfer | sweep | single\n", r.Kind)
	w("name = %q  # the runs go to RUNS/%s-<date>-<time>/\n", r.Name, r.Name)
	w("description = %q\n\n", r.Description)

	main := r.Transfer
	if r.Kind == KindSingle {
		main = r.Run
	}
	defaults := map[string]any{}
	w("# Applied to every run of the recipe, before the run's own table.\n")
	if r.Pretrain != nil {
		w("# The model must be the same upstream and downstream, so set it here.\n")
	}
	w("[defaults]\n")
	for _, key := range defaultsKeys() {
		v := configValue(main, key)
		defaults[key] = v
		comment := map[string]string{
			"preset":  "micro (seconds) | tiny (the CPU default) | small | seed-b3 (the paper's ViT-B) | vit-ti16 ...",
			"threads": "compute threads per run (0: all cores)",
			"seed":    "training seed: weights, shuffling, dropout",
		}[key]
		if err := writeKey(&b, key, v, comment); err != nil {
			return "", err
		}
	}

	switch r.Kind {
	case KindSingle:
		w("\n[run]\n")
		if err := writeRunTable(&b, r.Run, DefaultRecipe(KindSingle).Run, defaults, nil); err != nil {
			return "", err
		}
	default:
		if r.Pretrain != nil {
			w("\n# The upstream run. Offline it uses the built-in synthetic set; with real\n")
			w("# data: dataset = \"cifar100\" or \"tiny-imagenet-32\", and data_dir.\n")
			w("[pretrain]\n")
			if err := writeRunTable(&b, *r.Pretrain, defaultPretrain(), defaults, nil); err != nil {
				return "", err
			}
		}
		w("\n# The transfer runs: one per mode, same schedule and seed, each starting\n")
		if r.Pretrain != nil {
			w("# from the pretraining run's final checkpoint. With real data:\n")
		} else {
			w("# from init_from. With real data:\n")
		}
		w("# dataset = \"cifar10\", and data_dir.\n")
		w("[transfer]\n")
		if err := writeKey(&b, "modes", r.Modes, "one run per mode: adaptformer (backbone frozen, adapters and head train) | full | linear"); err != nil {
			return "", err
		}
		if r.Kind == KindSweep {
			if err := writeKey(&b, "seeds", r.Seeds, "one transfer pair per seed"); err != nil {
				return "", err
			}
		}
		skip := []string{"mode"}
		if r.Pretrain == nil {
			if err := writeKey(&b, "init_from", r.Transfer.InitFrom, "a checkpoint, a run directory or ID, a weights file (timm ViT too), or a shipped model: adaptformer pretrained"); err != nil {
				return "", err
			}
		}
		skip = append(skip, "init_from")
		if err := writeRunTable(&b, r.Transfer, defaultTransfer(), defaults, skip); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// writeRunTable writes a run table: the common keys, then the keys whose
// value differs from base with the [defaults] applied.
func writeRunTable(b *strings.Builder, c, base trainer.Config, defaults map[string]any, skip []string) error {
	for key, v := range defaults {
		setConfigValue(&base, key, v)
	}
	for _, key := range commonKeys() {
		if slices.Contains(skip, key) {
			continue
		}
		if err := writeKey(b, key, configValue(c, key), keyComment(key)); err != nil {
			return err
		}
	}
	for _, key := range ConfigKeys() {
		if slices.Contains(commonKeys(), key) || slices.Contains(skip, key) {
			continue
		}
		v := configValue(c, key)
		if reflect.DeepEqual(v, configValue(base, key)) {
			continue
		}
		if err := writeKey(b, key, v, ""); err != nil {
			return err
		}
	}
	return nil
}

// writeKey writes key = value in TOML, with a comment; a nil pointer value
// writes nothing.
func writeKey(b *strings.Builder, key string, v any, comment string) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		v = rv.Elem().Interface()
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(map[string]any{key: v}); err != nil {
		return fmt.Errorf("format recipe: %s: %w", key, err)
	}
	line := strings.TrimSuffix(buf.String(), "\n")
	if comment != "" {
		line += "  # " + comment
	}
	b.WriteString(line + "\n")
	return nil
}

// configValue is the value of the Config field with the given JSON name.
func configValue(c trainer.Config, key string) any {
	v := reflect.ValueOf(c)
	t := v.Type()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name == key {
			return v.Field(i).Interface()
		}
	}
	return nil
}

// setConfigValue sets the Config field with the given JSON name.
func setConfigValue(c *trainer.Config, key string, val any) {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name == key {
			v.Field(i).Set(reflect.ValueOf(val))
			return
		}
	}
}

// wrapList joins words with ", ", breaking lines before width and starting
// each new line with prefix.
func wrapList(words []string, width int, prefix string) string {
	var b strings.Builder
	line := len(prefix)
	for i, w := range words {
		if i > 0 {
			b.WriteString(",")
			line++
			if line+len(w)+1 > width {
				b.WriteString("\n" + prefix)
				line = len(prefix)
			} else {
				b.WriteString(" ")
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
