package trainer

import (
	"fmt"
	"math"
	"strings"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
)

// Config is everything that determines a run: the model, which of its
// parameters train, the data, and the optimization. It is stored in full in
// run.json, so that a run can be resumed or repeated from its directory
// alone. Zero values of the model overrides mean "the preset's value".
type Config struct {
	// Model.
	Preset       string   `json:"preset"`                       // vit.Preset name: micro, tiny, small, seed-b3, vit-ti16, ...
	Classes      int      `json:"classes,omitempty"`            // 0: the dataset's class count
	ImageSize    int      `json:"image_size,omitempty"`         // 0: the dataset's image size
	PatchSize    int      `json:"patch_size,omitempty"`         // 0: the preset's
	Adapter      string   `json:"adapter,omitempty"`            // "": preset; "none", "parallel" or "sequential"
	Bottleneck   int      `json:"bottleneck,omitempty"`         // 0: the preset's
	AdapterInput string   `json:"adapter_input,omitempty"`      // "": preset; "x" or "norm2"
	AdapterScale float64  `json:"adapter_scale,omitempty"`      // 0: preset; fixed scale, or the initial one when learnable
	ScaleMode    string   `json:"adapter_scale_mode,omitempty"` // "": preset; "fixed" or "learnable"
	AdapterInit  string   `json:"adapter_init,omitempty"`       // "": preset; "lora" or "trunc-normal"
	AdapterDrop  *float64 `json:"adapter_dropout,omitempty"`    // nil: preset; adapter dropout (training only)
	DropRate     float64  `json:"drop_rate,omitempty"`          // dropout after attention projection and MLP
	DropPathRate float64  `json:"drop_path_rate,omitempty"`     // stochastic depth, maximum rate

	// Which parameters train.
	Mode          string   `json:"mode"`                     // full | adaptformer | linear
	FreezeInclude []string `json:"freeze_include,omitempty"` // patterns made trainable in addition to Mode's
	FreezeExclude []string `json:"freeze_exclude,omitempty"` // patterns frozen even if Mode would train them
	InitFrom      string   `json:"init_from,omitempty"`      // checkpoint or run directory to load weights from

	// Data.
	Dataset     string `json:"dataset"`                // a data.Open name: synthetic-pretrain, cifar10, ...
	DataSeed    uint64 `json:"data_seed,omitempty"`    // seed of the synthetic sets' images (not of the training)
	DataDir     string `json:"data_dir,omitempty"`     // where the dataset's files are
	TrainLimit  int    `json:"train_limit,omitempty"`  // use only the first N training images (0: all)
	EvalLimit   int    `json:"eval_limit,omitempty"`   // use only the first N evaluation images (0: all)
	EvalBatches int    `json:"eval_batches,omitempty"` // evaluate on at most N batches per epoch (0: all)
	Augment     bool   `json:"augment"`                // the reproduction's augmentation on training batches
	AutoAugment string `json:"auto_augment,omitempty"` // "", trivialaugment, randaugment[-n<N>-m<M>] (data.ParsePolicy); with it, augment is crop and flip only
	Workers     int    `json:"workers,omitempty"`      // loader goroutines (0: the loader's default)

	// Optimization.
	Epochs      int     `json:"epochs"`
	Batch       int     `json:"batch"`
	Optimizer   string  `json:"optimizer"` // sgd | adamw
	LR          float64 `json:"lr"`        // peak learning rate, reached at the end of warmup
	MinLR       float64 `json:"min_lr"`    // learning rate at the end of the cosine
	WarmupSteps int     `json:"warmup_steps"`
	// MaxWarmupFraction caps the warmup at this fraction of the run's steps
	// (0: no cap), so that a short run with the reproduction's 2000 warmup
	// steps still reaches its peak learning rate. See Config.Warmup.
	MaxWarmupFraction float64 `json:"max_warmup_fraction,omitempty"`
	Momentum          float64 `json:"momentum"`                     // SGD momentum
	Beta1             float64 `json:"beta1"`                        // AdamW first-moment decay
	Beta2             float64 `json:"beta2"`                        // AdamW second-moment decay
	Eps               float64 `json:"eps"`                          // AdamW denominator epsilon
	WeightDecay       float64 `json:"weight_decay"`                 // L2 for SGD (added to the gradient), decoupled for AdamW
	NoDecayBiasNorm   bool    `json:"no_decay_bias_norm,omitempty"` // exempt biases, norms, pos_embed and cls_token from weight decay
	LabelSmoothing    float64 `json:"label_smoothing,omitempty"`
	GradClip          float64 `json:"grad_clip,omitempty"` // clip the global gradient L2 norm to this (0: off)

	// Mixing and erasing, timm's regularisers for training on small data
	// (see data.Mixup and data.RandomErasing); all off at their zero
	// values. With mixup or cutmix on, the training loss is the soft-target
	// cross-entropy and LabelSmoothing goes into the mixed targets.
	Mixup           float64  `json:"mixup,omitempty"`             // mixup's Beta(alpha, alpha) alpha (0: off)
	Cutmix          float64  `json:"cutmix,omitempty"`            // cutmix's Beta(alpha, alpha) alpha (0: off)
	MixupProb       *float64 `json:"mixup_prob,omitempty"`        // probability that a batch is mixed (nil: 1)
	MixupSwitchProb *float64 `json:"mixup_switch_prob,omitempty"` // probability of cutmix rather than mixup when both are on (nil: 0.5)
	RandomErasing   float64  `json:"random_erasing,omitempty"`    // probability that an image gets a box of noise (0: off)
	// Weight averaging and layer-wise learning-rate decay (zero: off).
	// EMADecay keeps an exponential moving average of the trainable weights
	// (see EMA), evaluated beside them each epoch and checkpointed, e.g.
	// 0.9998; EMANoWarmup uses EMADecay from the first step, as timm's
	// ModelEmaV2, instead of min(EMADecay, (1+n)/(10+n)) after n steps.
	EMADecay    float64 `json:"ema_decay,omitempty"`
	EMANoWarmup bool    `json:"ema_no_warmup,omitempty"`
	// LayerDecay scales each parameter's learning rate by
	// LayerDecayScale (0 or 1: off), e.g. 0.75 for fine-tuning.
	LayerDecay float64 `json:"layer_decay,omitempty"`
	// InitFromEMA loads the moving average stored in InitFrom's checkpoint
	// (trained with EMADecay) instead of its raw weights.
	InitFromEMA bool `json:"init_from_ema,omitempty"`

	// Reproducibility and bookkeeping.
	Seed            uint64 `json:"seed"`
	Threads         int    `json:"threads,omitempty"`          // compute threads (0: all cores); fix it for bit-identical resumes
	CheckpointEvery int    `json:"checkpoint_every,omitempty"` // also checkpoint every N steps (0: only at epoch ends, pause and stop)
	KeepCheckpoints int    `json:"keep_checkpoints,omitempty"` // how many checkpoints to keep (0: 3)
}

// DefaultConfig returns the reproduction's pretraining setup on the built-in
// synthetic data with the micro model: SGD with momentum 0.9, lr 0.01,
// weight decay 5e-4, batch 128, 2000 warmup steps into a cosine, the
// warmup capped at a fifth of the run (DefaultMaxWarmupFraction) so that
// short runs learn too.
func DefaultConfig() Config {
	return Config{
		Preset:            "micro",
		Mode:              "full",
		Dataset:           "synthetic-pretrain",
		Augment:           true,
		Epochs:            10,
		Batch:             128,
		Optimizer:         "sgd",
		LR:                0.01,
		MinLR:             0,
		WarmupSteps:       2000,
		MaxWarmupFraction: DefaultMaxWarmupFraction,
		Momentum:          0.9,
		Beta1:             0.9,
		Beta2:             0.999,
		Eps:               1e-8,
		WeightDecay:       5e-4,
		Seed:              1,
		KeepCheckpoints:   3,
	}
}

// DefaultMaxWarmupFraction is DefaultConfig's cap on the warmup: a fifth of
// the run. The reproduction's 2000 warmup steps are meant for long
// pretraining (2000 of CIFAR-100's 391 steps per epoch is 5 epochs); a ten
// epoch run on 5,000 images has 390 steps in all, and would end before
// its learning rate came near the peak.
const DefaultMaxWarmupFraction = 0.2

// Warmup is the number of warmup steps of a run of totalSteps steps:
// WarmupSteps, but at most MaxWarmupFraction of totalSteps when that is set.
func (c Config) Warmup(totalSteps int) int {
	w := c.WarmupSteps
	if c.MaxWarmupFraction > 0 {
		w = min(w, int(c.MaxWarmupFraction*float64(totalSteps)))
	}
	return max(0, w)
}

// Optimizers lists the accepted Config.Optimizer values.
func Optimizers() []string { return []string{"sgd", "adamw"} }

// Modes lists the accepted Config.Mode values.
func Modes() []string { return []string{"full", "adaptformer", "linear"} }

// Validate reports every problem with the configuration at once, each naming
// the field and what is expected.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	finite := func(name string, v float64) bool {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			bad("%s: must be a finite number, got %v", name, v)
			return false
		}
		return true
	}

	if c.Preset == "" {
		bad("preset: must name a model preset")
	}
	if c.Classes < 0 {
		bad("classes: must be positive (or 0 for the dataset's), got %d", c.Classes)
	}
	if c.ImageSize < 0 {
		bad("image_size: must be positive (or 0 for the dataset's), got %d", c.ImageSize)
	}
	if c.PatchSize < 0 {
		bad("patch_size: must be positive (or 0 for the preset's), got %d", c.PatchSize)
	}
	switch c.Adapter {
	case "", "none", "parallel", "sequential":
	default:
		bad("adapter: must be none, parallel or sequential, got %q", c.Adapter)
	}
	if c.Bottleneck < 0 {
		bad("bottleneck: must be positive (or 0 for the preset's), got %d", c.Bottleneck)
	}
	switch c.AdapterInput {
	case "", "x", "norm2":
	default:
		bad("adapter_input: must be x or norm2, got %q", c.AdapterInput)
	}
	switch c.ScaleMode {
	case "", "fixed", "learnable":
	default:
		bad("adapter_scale_mode: must be fixed or learnable, got %q", c.ScaleMode)
	}
	switch c.AdapterInit {
	case "", "lora", "trunc-normal":
	default:
		bad("adapter_init: must be lora or trunc-normal, got %q", c.AdapterInit)
	}
	if finite("adapter_scale", c.AdapterScale) && c.AdapterScale < 0 {
		bad("adapter_scale: must not be negative, got %v", c.AdapterScale)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"adapter_dropout", deref(c.AdapterDrop)}, {"drop_rate", c.DropRate}, {"drop_path_rate", c.DropPathRate}} {
		if finite(p.name, p.v) && (p.v < 0 || p.v >= 1) {
			bad("%s: must be in [0, 1), got %v", p.name, p.v)
		}
	}

	if !contains(Modes(), c.Mode) {
		bad("mode: must be one of %s, got %q", strings.Join(Modes(), ", "), c.Mode)
	}
	for _, p := range append(append([]string(nil), c.FreezeInclude...), c.FreezeExclude...) {
		if strings.TrimSpace(p) == "" {
			bad("freeze patterns: must not be empty")
			break
		}
	}

	if !contains(data.Names(), c.Dataset) {
		bad("dataset: must be one of %s, got %q", strings.Join(data.Names(), ", "), c.Dataset)
	}
	if _, err := data.ParsePolicy(c.AutoAugment); err != nil {
		bad("auto_augment: must be %s (or empty for none), got %q", data.PolicySyntax, c.AutoAugment)
	}
	for _, f := range []struct {
		key string
		v   int
	}{{"train_limit", c.TrainLimit}, {"eval_limit", c.EvalLimit}, {"eval_batches", c.EvalBatches}, {"workers", c.Workers}} {
		if f.v < 0 {
			bad("%s: must not be negative, got %d", f.key, f.v)
		}
	}

	if c.Epochs < 1 {
		bad("epochs: must be at least 1, got %d", c.Epochs)
	}
	if c.Batch < 1 {
		bad("batch: must be at least 1, got %d", c.Batch)
	}
	if !contains(Optimizers(), c.Optimizer) {
		bad("optimizer: must be one of %s, got %q", strings.Join(Optimizers(), ", "), c.Optimizer)
	}
	if finite("lr", c.LR) && c.LR <= 0 {
		bad("lr: must be positive, got %v", c.LR)
	}
	if finite("min_lr", c.MinLR) && (c.MinLR < 0 || c.LR > 0 && c.MinLR > c.LR) {
		bad("min_lr: must be in [0, lr], got %v", c.MinLR)
	}
	if c.WarmupSteps < 0 {
		bad("warmup_steps: must not be negative, got %d", c.WarmupSteps)
	}
	if finite("max_warmup_fraction", c.MaxWarmupFraction) && (c.MaxWarmupFraction < 0 || c.MaxWarmupFraction > 1) {
		bad("max_warmup_fraction: must be in [0, 1] (0: no cap), got %v", c.MaxWarmupFraction)
	}
	if finite("momentum", c.Momentum) && (c.Momentum < 0 || c.Momentum >= 1) {
		bad("momentum: must be in [0, 1), got %v", c.Momentum)
	}
	// AdamW's keys are checked whatever the optimizer: an out-of-range
	// value is a mistake even where SGD would ignore it.
	if finite("beta1", c.Beta1) && (c.Beta1 < 0 || c.Beta1 >= 1) {
		bad("beta1: must be in [0, 1), got %v", c.Beta1)
	}
	if finite("beta2", c.Beta2) && (c.Beta2 < 0 || c.Beta2 >= 1) {
		bad("beta2: must be in [0, 1), got %v", c.Beta2)
	}
	if finite("eps", c.Eps) && (c.Eps < 0 || c.Eps == 0 && c.Optimizer == "adamw") {
		bad("eps: must be positive, got %v", c.Eps)
	}
	if finite("weight_decay", c.WeightDecay) && c.WeightDecay < 0 {
		bad("weight_decay: must not be negative, got %v", c.WeightDecay)
	}
	if finite("label_smoothing", c.LabelSmoothing) && (c.LabelSmoothing < 0 || c.LabelSmoothing >= 1) {
		bad("label_smoothing: must be in [0, 1), got %v", c.LabelSmoothing)
	}
	if finite("grad_clip", c.GradClip) && c.GradClip < 0 {
		bad("grad_clip: must not be negative (0 turns it off), got %v", c.GradClip)
	}
	for _, a := range []struct {
		key string
		v   float64
	}{{"mixup", c.Mixup}, {"cutmix", c.Cutmix}} {
		if finite(a.key, a.v) && a.v < 0 {
			bad("%s: must not be negative (0 turns it off), got %v", a.key, a.v)
		}
	}
	for _, p := range []struct {
		key string
		v   float64
	}{{"mixup_prob", c.mixup().Prob}, {"mixup_switch_prob", c.mixup().SwitchProb}, {"random_erasing", c.RandomErasing}} {
		if finite(p.key, p.v) && (p.v < 0 || p.v > 1) {
			bad("%s: must be in [0, 1], got %v", p.key, p.v)
		}
	}
	if finite("ema_decay", c.EMADecay) && (c.EMADecay < 0 || c.EMADecay >= 1) {
		bad("ema_decay: must be in [0, 1) (0: off), got %v", c.EMADecay)
	}
	if finite("layer_decay", c.LayerDecay) && (c.LayerDecay < 0 || c.LayerDecay > 1) {
		bad("layer_decay: must be in [0, 1] (0 or 1: off), got %v", c.LayerDecay)
	}
	if c.Threads < 0 {
		bad("threads: must not be negative, got %d", c.Threads)
	}
	if c.CheckpointEvery < 0 {
		bad("checkpoint_every: must not be negative, got %d", c.CheckpointEvery)
	}
	if c.KeepCheckpoints < 0 {
		bad("keep_checkpoints: must not be negative, got %d", c.KeepCheckpoints)
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid training config: %w", fieldErrors(errs))
}

// fieldErrors is several problems with a configuration, printed on one
// line; errors.As and the like see each of them.
type fieldErrors []error

func (e fieldErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e fieldErrors) Unwrap() []error { return e }

// keep returns how many checkpoints the run keeps on disk.
func (c Config) keep() int {
	if c.KeepCheckpoints <= 0 {
		return 3
	}
	return c.KeepCheckpoints
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// mixup is the batch mixing the config asks for, with timm's defaults for
// the probabilities it leaves unset.
func (c Config) mixup() data.Mixup {
	m := data.Mixup{MixupAlpha: c.Mixup, CutmixAlpha: c.Cutmix, Prob: 1, SwitchProb: 0.5, LabelSmoothing: c.LabelSmoothing}
	if c.MixupProb != nil {
		m.Prob = *c.MixupProb
	}
	if c.MixupSwitchProb != nil {
		m.SwitchProb = *c.MixupSwitchProb
	}
	return m
}

// freezeSpec is what the run trains, as vit.Model.Freeze takes it.
func (c Config) freezeSpec() vit.FreezeSpec {
	return vit.FreezeSpec{Mode: vit.Mode(c.Mode), Include: c.FreezeInclude, Exclude: c.FreezeExclude}
}

// optimizerBuffers is how many floats the optimizer keeps per trainable
// parameter: SGD its momentum (none without), AdamW two moments; plus the
// moving average with EMADecay.
func (c Config) optimizerBuffers() int {
	n := 0
	switch {
	case c.Optimizer == "adamw":
		n = 2
	case c.Momentum != 0:
		n = 1
	}
	if c.EMADecay > 0 {
		n++
	}
	return n
}
