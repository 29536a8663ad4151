package main

import (
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
)

// configFlag is the flag of `adaptformer train` that sets one key of the
// training config.
type configFlag struct {
	key    string // the trainer.Config key, as recipes and run.json spell it
	name   string // the flag's name; "" for the key with dashes for underscores
	usage  string
	negate bool // a true/false key set to false by the flag (--no-augment)
}

// flagName is the name of the flag on the command line.
func (f configFlag) flagName() string {
	if f.name != "" {
		return f.name
	}
	return strings.ReplaceAll(f.key, "_", "-")
}

// configFlags is the one table of train's config flags: a flag for every
// key a recipe's run tables accept (TestTrainFlagsCoverConfigKeys checks
// it), named as the key with dashes, but for three older spellings. Each
// flag's default is trainer.DefaultConfig's value.
func configFlags() []configFlag {
	return []configFlag{
		// Model.
		{key: "preset", usage: "model preset: " + strings.Join(vit.PresetNames(), ", ")},
		{key: "classes", usage: "classifier outputs (0: the dataset's class count)"},
		{key: "image_size", usage: "model input size; images are resized (0: the dataset's)"},
		{key: "patch_size", usage: "patch side in pixels (0: the preset's)"},
		{key: "adapter", usage: "adapter: none, parallel or sequential (default: the preset's)"},
		{key: "bottleneck", usage: "adapter bottleneck width (0: the preset's)"},
		{key: "adapter_input", usage: "adapter input: x (the residual stream) or norm2 (default: the preset's)"},
		{key: "adapter_scale", usage: "adapter scale, or its initial value when learnable (0: the preset's)"},
		{key: "adapter_scale_mode", usage: "adapter scale: fixed or learnable (default: the preset's)"},
		{key: "adapter_init", usage: "adapter init: lora or trunc-normal (default: the preset's)"},
		{key: "adapter_dropout", usage: "adapter dropout `rate`, training only (default: the preset's)"},
		{key: "drop_rate", usage: "dropout after the attention projection and the MLP, training only"},
		{key: "drop_path_rate", usage: "stochastic depth, maximum rate, training only"},

		// Which parameters train.
		{key: "mode", usage: "what trains: full, adaptformer (adapters and head) or linear (head)"},
		{key: "freeze_include", name: "train-also", usage: "comma-separated parameter name `patterns` to train too, e.g. 'blocks.*.norm*'"},
		{key: "freeze_exclude", name: "freeze-also", usage: "comma-separated parameter name `patterns` to freeze even if --mode trains them"},
		{key: "init_from", usage: "start from the weights in `CKPT`: a weights file, a checkpoint, or a run (directory or ID) whose newest good checkpoint is used; a head of another class count is re-initialised"},

		// Data.
		{key: "dataset", usage: "dataset: synthetic-pretrain, synthetic-transfer, cifar10, cifar100, tiny-imagenet-32, folder"},
		{key: "data_seed", usage: "seed of the synthetic sets' images (not of the training)"},
		{key: "data_dir", usage: "directory holding the dataset's files"},
		{key: "train_limit", usage: "use only the first `N` training images (0: all; default 5000 on the synthetic sets)"},
		{key: "eval_limit", usage: "use only the first `N` evaluation images (0: all; default 1000 on the synthetic sets)"},
		{key: "eval_batches", usage: "evaluate at most N batches per epoch (0: all)"},
		{key: "augment", name: "no-augment", negate: true, usage: "turn the training augmentation off"},
		{key: "auto_augment", usage: "augmentation `policy` on the training images: trivialaugment, randaugment (N=2, M=9 of 31) or randaugment-n<N>-m<M>; augment then means crop and flip only"},
		{key: "workers", usage: "data loader goroutines (0: all cores)"},

		// Optimization.
		{key: "epochs", usage: "epochs to train"},
		{key: "batch", usage: "batch size"},
		{key: "optimizer", usage: "optimizer: sgd or adamw"},
		{key: "lr", usage: "peak learning rate"},
		{key: "min_lr", usage: "learning rate at the end of the cosine decay"},
		{key: "warmup_steps", usage: "linear warmup steps before the cosine decay, at most --max-warmup-fraction of the run"},
		{key: "max_warmup_fraction", usage: "cap the warmup at this fraction of the run's steps, so short runs learn (0: no cap)"},
		{key: "momentum", usage: "SGD momentum"},
		{key: "beta1", usage: "AdamW first-moment decay"},
		{key: "beta2", usage: "AdamW second-moment decay"},
		{key: "eps", usage: "AdamW denominator epsilon"},
		{key: "weight_decay", usage: "weight decay"},
		{key: "no_decay_bias_norm", usage: "no weight decay on biases, norms and embeddings"},
		{key: "label_smoothing", usage: "label smoothing"},
		{key: "grad_clip", usage: "clip the gradient norm to this (0: off)"},

		// Mixing and erasing (timm's small-data regularisers).
		{key: "mixup", usage: "mixup `alpha`: blend each batch with itself reversed, lam ~ Beta(alpha, alpha), soft targets (0: off; DeiT uses 0.8)"},
		{key: "cutmix", usage: "cutmix `alpha`: paste a box from the reversed batch, lam ~ Beta(alpha, alpha) (0: off; DeiT uses 1)"},
		{key: "mixup_prob", usage: "`probability` that a batch is mixed, with --mixup or --cutmix (default 1)"},
		{key: "mixup_switch_prob", usage: "`probability` of cutmix rather than mixup when both are on (default 0.5)"},
		{key: "random_erasing", usage: "probability that a training image gets a box of noise (0: off; DeiT uses 0.25)"},
		// Weight averaging and layer-wise learning-rate decay.
		{key: "ema_decay", usage: "keep a moving average of the weights with this decay per step, evaluated each epoch beside them and checkpointed (0: off; e.g. 0.9998)"},
		{key: "ema_no_warmup", usage: "use --ema-decay from the first step (timm's ModelEmaV2) instead of min(decay, (1+n)/(10+n)) after n steps"},
		{key: "layer_decay", usage: "layer-wise learning-rate decay: the head's rate times decay^(depth+1-layer), block i at layer i+1, embeddings at 0 (0 or 1: off; e.g. 0.75)"},
		{key: "init_from_ema", usage: "load the moving average of the weights stored in --init-from's checkpoint (trained with --ema-decay) instead of its raw weights"},

		// Reproducibility and bookkeeping.
		{key: "seed", usage: "seed of initialisation, data order, augmentation and dropout"},
		{key: "threads", usage: "compute threads (0: all cores); keep it fixed for bit-identical resumes"},
		{key: "checkpoint_every", usage: "also checkpoint every N steps (0: at epoch ends, pause and stop only)"},
		{key: "keep_checkpoints", usage: "how many of the newest checkpoints to keep"},
	}
}

// bindConfigFlags defines configFlags on fs, each setting its key of cfg,
// with cfg's values as the defaults.
func bindConfigFlags(fs *flag.FlagSet, cfg *trainer.Config) error {
	fields := map[string]reflect.Value{}
	v := reflect.ValueOf(cfg).Elem()
	for i := range v.NumField() {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		fields[key] = v.Field(i)
	}
	for _, f := range configFlags() {
		field, ok := fields[f.key]
		if !ok {
			return fmt.Errorf("flag --%s: the training config has no key %q", f.flagName(), f.key)
		}
		name := f.flagName()
		switch p := field.Addr().Interface().(type) {
		case *string:
			fs.StringVar(p, name, *p, f.usage)
		case *int:
			fs.IntVar(p, name, *p, f.usage)
		case *uint64:
			fs.Uint64Var(p, name, *p, f.usage)
		case *float64:
			fs.Float64Var(p, name, *p, f.usage)
		case *bool:
			if f.negate {
				fs.Var(negatedBool{p}, name, f.usage)
			} else {
				fs.BoolVar(p, name, *p, f.usage)
			}
		case *[]string:
			fs.Var(listValue{p}, name, f.usage)
		case **float64:
			fs.Var(optionalFloat{p}, name, f.usage)
		default:
			return fmt.Errorf("flag --%s: config key %s of type %T has no flag type", name, f.key, p)
		}
	}
	return nil
}

// negatedBool is a boolean flag that sets its key to the opposite.
type negatedBool struct{ p *bool }

func (b negatedBool) IsBoolFlag() bool { return true }

func (b negatedBool) String() string { return strconv.FormatBool(b.p != nil && !*b.p) }

func (b negatedBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*b.p = !v
	return nil
}

// listValue is a comma-separated list; the last flag given wins.
type listValue struct{ p *[]string }

func (l listValue) String() string {
	if l.p == nil {
		return ""
	}
	return strings.Join(*l.p, ",")
}

func (l listValue) Set(s string) error {
	*l.p = splitList(s)
	return nil
}

// optionalFloat is a number that is nil (the preset's) until set.
type optionalFloat struct{ p **float64 }

func (o optionalFloat) String() string {
	if o.p == nil || *o.p == nil {
		return ""
	}
	return strconv.FormatFloat(**o.p, 'g', -1, 64)
}

func (o optionalFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return errors.New("want a number")
	}
	*o.p = &v
	return nil
}
