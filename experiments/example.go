package experiments

import (
	"fmt"
	"slices"
	"strings"

	"github.com/adaptformer/adaptformer/trainer"
)

// ExampleRecipe returns a commented recipe file of the kind, whose values
// are DefaultRecipe(kind)'s (for transfer, plus an init_from to edit), for
// people to start from: `adaptformer run --example seed > seed.toml`.
func ExampleRecipe(kind string) (string, error) {
	if !slices.Contains(Kinds(), kind) {
		return "", fmt.Errorf("example recipe: unknown kind %q (have %s)", kind, strings.Join(Kinds(), ", "))
	}
	r := DefaultRecipe(kind)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# adaptformer recipe: %s.\n", r.Description)
	w("# Run it with `adaptformer run FILE`. Keys left out keep their defaults; a key\n")
	w("# a table does not know is an error. Run tables ([defaults], [pretrain],\n")
	w("# [transfer], [run]) take any training config key, as `adaptformer train`\n")
	w("# spells them in run.json:\n# %s.\n\n", wrapList(ConfigKeys(), 78, "# "))
	w("kind = %q  # seed | transfer | sweep | single\n", kind)
	w("name = %q  # the runs go to RUNS/%s-<date>-<time>/\n", r.Name, r.Name)
	w("description = %q\n\n", r.Description)

	w("# Applied to every run of the recipe, before the run's own table.\n")
	if r.Pretrain != nil {
		w("# The model must be the same upstream and downstream, so set it here.\n")
	}
	w("[defaults]\n")
	preset := r.Transfer.Preset
	if kind == KindSingle {
		preset = r.Run.Preset
	}
	w("preset = %q  # micro (seconds) | tiny (the CPU default) | small | seed-b3 (the paper's ViT-B) | vit-ti16 ...\n", preset)
	w("threads = 0       # compute threads per run (0: all cores)\n")
	w("seed = 1          # training seed (weights, shuffling, dropout)\n\n")

	switch kind {
	case KindSingle:
		w("[run]\n")
		writeRunTable(w, r.Run, true)
	default:
		if r.Pretrain != nil {
			w("# The upstream run. Offline it uses the built-in synthetic set; with\n")
			w("# the real data: dataset = \"cifar100\" or \"tiny-imagenet-32\" and data_dir.\n")
			w("[pretrain]\n")
			writeRunTable(w, *r.Pretrain, true)
			w("\n")
		}
		w("# The transfer runs: one per mode, same schedule and seed, each starting\n")
		if r.Pretrain != nil {
			w("# from the pretraining run's final checkpoint. With the real data:\n")
		} else {
			w("# from init_from. With the real data:\n")
		}
		w("# dataset = \"cifar10\" and data_dir.\n")
		w("[transfer]\n")
		w("modes = [%s]  # adaptformer: backbone frozen, adapters and head train | full | linear\n", quoteList(r.Modes))
		if kind == KindSweep {
			seeds := make([]string, len(r.Seeds))
			for i, s := range r.Seeds {
				seeds[i] = fmt.Sprint(s)
			}
			w("seeds = [%s]  # one transfer pair per seed\n", strings.Join(seeds, ", "))
		}
		if r.Pretrain == nil {
			w("init_from = \"pretrained.safetensors\"  # a checkpoint, a run directory or ID, or a weights file (timm ViT too)\n")
		}
		writeRunTable(w, r.Transfer, false)
	}
	return b.String(), nil
}

// writeRunTable writes the keys a person most often changes.
func writeRunTable(w func(string, ...any), c trainer.Config, withMode bool) {
	w("dataset = %q\n", c.Dataset)
	w("data_dir = %q  # where the dataset's files are (unused by the synthetic sets)\n", c.DataDir)
	if withMode {
		w("mode = %q  # full | adaptformer | linear\n", c.Mode)
	}
	w("epochs = %d\n", c.Epochs)
	w("batch = %d\n", c.Batch)
	w("train_limit = %d  # use the first N training images (0: all)\n", c.TrainLimit)
	w("eval_limit = %d   # evaluate on the first N images (0: all)\n", c.EvalLimit)
	w("optimizer = %q  # sgd | adamw\n", c.Optimizer)
	w("lr = %v\n", c.LR)
	w("min_lr = %v\n", c.MinLR)
	w("warmup_steps = %d\n", c.WarmupSteps)
	w("momentum = %v\n", c.Momentum)
	w("weight_decay = %v\n", c.WeightDecay)
	w("augment = %v  # RandomCrop(32, pad 4), flip, rotation, brightness, contrast\n", c.Augment)
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
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
