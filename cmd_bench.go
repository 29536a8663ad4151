package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/kernels"
	"gorgonia.org/tensor"
)

// benchResult is what `adaptformer bench --json` prints: the keys
// ../shared/bench/torch_ref.py prints too, and more.
type benchResult struct {
	Impl             string  `json:"impl"`
	Preset           string  `json:"preset"`
	Mode             string  `json:"mode"`
	Batch            int     `json:"batch"`
	Threads          int     `json:"threads"`
	Kernels          string  `json:"kernels"`
	TrainImagesPerS  float64 `json:"train_images_per_s"`
	EvalImagesPerS   float64 `json:"eval_images_per_s"`
	TrainStepMS      float64 `json:"train_step_ms"`
	EvalStepMS       float64 `json:"eval_step_ms"`
	TrainGFLOPPerImg float64 `json:"train_gflop_per_image"`
	EvalGFLOPPerImg  float64 `json:"eval_gflop_per_image"`
	GFLOPS           float64 `json:"gflops"`
	EvalGFLOPS       float64 `json:"eval_gflops"`
	PeakGFLOPS       float64 `json:"peak_gflops"`
	PeakPct          float64 `json:"peak_pct"`
	// The products this implementation executes (see stepFLOPs): the model
	// counts above include the last block's rows it skips.
	TrainRunGFLOPS  float64 `json:"train_executed_gflops"`
	EvalRunGFLOPS   float64 `json:"eval_executed_gflops"`
	TrainRunPeakPct float64 `json:"train_executed_peak_pct"`
	EvalRunPeakPct  float64 `json:"eval_executed_peak_pct"`
	TrainableParams int     `json:"trainable_params"`
	Params          int     `json:"params"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
}

// runBench measures the throughput of a training step (forward,
// cross-entropy, backward, SGD-momentum update of the trainable parameters)
// and of an eval forward on random CIFAR-shaped data, timed the way
// ../shared/bench/torch_ref.py times PyTorch: warm-up steps, then the median
// of timed steps.
func runBench(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: adaptformer bench [-preset P] [-mode full|adaptformer|linear] [-batch B] [-steps N] [-threads T] [-json]")
		fmt.Fprintln(fs.Output(), "\nMeasures training images/s (forward, cross-entropy, backward, SGD momentum")
		fmt.Fprintln(fs.Output(), "update) and eval images/s on random data after warm-up, the GFLOPS achieved in")
		fmt.Fprintln(fs.Output(), "the training step, their share of this machine's fp32 FMA peak, and peak RSS.")
		fmt.Fprintln(fs.Output(), "GFLOPS count the model's matrix products as PyTorch computes them; the")
		fmt.Fprintln(fs.Output(), "\"executed\" line counts those this implementation computes (the last block")
		fmt.Fprintln(fs.Output(), "runs its class token alone after the keys and values).")
		fmt.Fprintln(fs.Output(), "Set ADAPTFORMER_KERNELS=generic|avx2|avx512 to cap the kernels' instruction set.")
		fmt.Fprintln(fs.Output(), "\nflags:")
		fs.PrintDefaults()
	}
	cf := vit.RegisterConfigFlags(fs, "tiny")
	ff := vit.RegisterFreezeFlags(fs, vit.ModeFull)
	batch := fs.Int("batch", 64, "images per step")
	steps := fs.Int("steps", 10, "timed steps (the median counts)")
	warmup := fs.Int("warmup", 3, "untimed steps first")
	threads := fs.Int("threads", 0, "compute threads (0: all cores)")
	seed := fs.Uint64("seed", 0, "seed of the weights and the random batch")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed steps to `FILE`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case *batch < 1:
		return usagef("-batch must be at least 1, got %d", *batch)
	case *steps < 1:
		return usagef("-steps must be at least 1, got %d", *steps)
	case *warmup < 0:
		return usagef("-warmup must not be negative, got %d", *warmup)
	case *threads < 0:
		return usagef("-threads must not be negative, got %d", *threads)
	}
	cfg, err := cf.Config()
	if err != nil {
		return usagef("%v", err)
	}
	spec, err := ff.Spec()
	if err != nil {
		return usagef("%v", err)
	}
	if env.getenv != nil {
		if v := env.getenv(kernels.EnvKernels); v != "" {
			if _, err := kernels.ParseISA(v); err != nil {
				return usagef("%s: %v", kernels.EnvKernels, err)
			}
		}
	}

	warnThreads(env, *threads)
	bs, err := newBenchSetup(cfg, spec, *batch, *threads, *seed)
	if err != nil {
		return err
	}
	m := bs.model
	defer m.Close()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	m.Train(true)
	tTrain, err := medianStep(bs.trainStep, *warmup, *steps)
	if err != nil {
		return fmt.Errorf("training step: %w", err)
	}
	tEval, err := medianStep(bs.evalStep, *warmup, *steps)
	if err != nil {
		return fmt.Errorf("eval step: %w", err)
	}

	total, trainable := m.NumParams()
	fl := countFLOPs(cfg, m.Params())
	nThreads := m.Threads()
	res := benchResult{
		Impl: "adaptformer", Preset: cf.Preset(), Mode: string(spec.Mode), Batch: *batch,
		Threads: nThreads, Kernels: kernels.DefaultISA().String(),
		TrainImagesPerS:  round2(float64(*batch) / tTrain.Seconds()),
		EvalImagesPerS:   round2(float64(*batch) / tEval.Seconds()),
		TrainStepMS:      round2(tTrain.Seconds() * 1e3),
		EvalStepMS:       round2(tEval.Seconds() * 1e3),
		TrainGFLOPPerImg: round4(fl.Train / 1e9),
		EvalGFLOPPerImg:  round4(fl.Eval / 1e9),
		GFLOPS:           round2(fl.Train * float64(*batch) / tTrain.Seconds() / 1e9),
		EvalGFLOPS:       round2(fl.Eval * float64(*batch) / tEval.Seconds() / 1e9),
		TrainRunGFLOPS:   round2(fl.TrainRun * float64(*batch) / tTrain.Seconds() / 1e9),
		EvalRunGFLOPS:    round2(fl.EvalRun * float64(*batch) / tEval.Seconds() / 1e9),
		PeakGFLOPS:       round2(kernels.PeakGFLOPS(nThreads)),
		TrainableParams:  trainable,
		Params:           total,
		PeakRSSMB:        round2(peakRSSMB()),
	}
	if res.PeakGFLOPS > 0 {
		res.PeakPct = round2(100 * res.GFLOPS / res.PeakGFLOPS)
		res.TrainRunPeakPct = round2(100 * res.TrainRunGFLOPS / res.PeakGFLOPS)
		res.EvalRunPeakPct = round2(100 * res.EvalRunGFLOPS / res.PeakGFLOPS)
	}
	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, string(b))
		return nil
	}
	w := env.stdout
	fmt.Fprintf(w, "preset %s, mode %s, batch %d, %d threads, %s kernels\n", res.Preset, res.Mode, res.Batch, res.Threads, res.Kernels)
	fmt.Fprintf(w, "parameters   %d, %d trainable (%.1f%%)\n", total, trainable, 100*float64(trainable)/float64(max(total, 1)))
	fmt.Fprintf(w, "train        %8.1f images/s  %8.1f ms/step  %6.1f GFLOPS  (%.3f GFLOP/image)\n",
		res.TrainImagesPerS, res.TrainStepMS, res.GFLOPS, res.TrainGFLOPPerImg)
	fmt.Fprintf(w, "eval         %8.1f images/s  %8.1f ms/step  %6.1f GFLOPS  (%.3f GFLOP/image)\n",
		res.EvalImagesPerS, res.EvalStepMS, res.EvalGFLOPS, res.EvalGFLOPPerImg)
	if res.PeakGFLOPS > 0 {
		fmt.Fprintf(w, "peak         %8.1f GFLOPS fp32 %s FMA on %d threads: the training step reaches %.1f%%\n",
			res.PeakGFLOPS, res.Kernels, res.Threads, res.PeakPct)
		fmt.Fprintf(w, "executed     %8.1f GFLOPS training (%.1f%%), %.1f eval (%.1f%%): the products actually computed\n",
			res.TrainRunGFLOPS, res.TrainRunPeakPct, res.EvalRunGFLOPS, res.EvalRunPeakPct)
	}
	fmt.Fprintf(w, "peak RSS     %8.1f MB\n", res.PeakRSSMB)
	return nil
}

// benchSetup is a model with an optimizer and a random batch, ready to time.
type benchSetup struct {
	model   *vit.Model
	sgd     *trainer.SGD
	x       *tensor.Dense
	labels  []int
	dlogits *tensor.Dense
}

// newBenchSetup builds the model of cfg with the trainable set of spec, an
// SGD-momentum optimizer (momentum 0.9, weight decay 5e-4, as
// torch_ref.py) over its trainable parameters, and a random batch.
func newBenchSetup(cfg vit.Config, spec vit.FreezeSpec, batch, threads int, seed uint64) (*benchSetup, error) {
	if err := vit.CheckMemory(cfg, spec, batch, 1, kernels.TotalMemory()); err != nil { // SGD momentum: 1 buffer
		return nil, err
	}
	m, err := vit.New(cfg, seed)
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	if err := m.Freeze(spec); err != nil {
		return nil, usagef("%v", err)
	}
	m.SetThreads(threads)
	var opt []trainer.OptParam
	for _, p := range m.Params() {
		if p.Trainable {
			opt = append(opt, trainer.OptParam{Name: p.Name, Value: p.Value.Data().([]float32),
				Grad: p.Grad.Data().([]float32), Decay: p.Decay})
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0xbe9c))
	pixels := make([]float32, batch*cfg.InChans*cfg.ImageSize*cfg.ImageSize)
	for i := range pixels {
		pixels[i] = float32(rng.NormFloat64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(cfg.NumClasses)
	}
	return &benchSetup{
		model:  m,
		sgd:    trainer.NewSGD(opt, 0.9, 5e-4),
		x:      tensor.New(tensor.WithShape(batch, cfg.InChans, cfg.ImageSize, cfg.ImageSize), tensor.WithBacking(pixels)),
		labels: labels,
	}, nil
}

// trainStep is one training step: forward, cross-entropy, backward and the
// optimizer's update (torch_ref.py's zero_grad, loss.backward, step).
func (bs *benchSetup) trainStep() error {
	bs.model.ZeroGrad()
	logits, err := bs.model.Forward(bs.x)
	if err != nil {
		return err
	}
	if _, bs.dlogits, _, _, err = vit.CrossEntropy(logits, bs.labels, 0, bs.dlogits); err != nil {
		return err
	}
	if err := bs.model.Backward(bs.dlogits); err != nil {
		return err
	}
	bs.sgd.Step(0.01)
	return nil
}

// evalStep is one eval forward (torch_ref.py's eval() under no_grad()).
func (bs *benchSetup) evalStep() error {
	_, err := bs.model.Infer(bs.x)
	return err
}

// medianStep runs step warmup times, then steps times, and returns the
// median duration of the timed runs.
func medianStep(step func() error, warmup, steps int) (time.Duration, error) {
	for range warmup {
		if err := step(); err != nil {
			return 0, err
		}
	}
	ts := make([]time.Duration, steps)
	for i := range ts {
		start := time.Now()
		if err := step(); err != nil {
			return 0, err
		}
		ts[i] = time.Since(start)
	}
	slices.Sort(ts)
	if steps%2 == 1 {
		return ts[steps/2], nil
	}
	return (ts[steps/2-1] + ts[steps/2]) / 2, nil
}

// stepFLOPs is the floating-point work of the matrix products of one image's
// training step and eval forward, counted two ways.
type stepFLOPs struct {
	// Train and Eval count the model's products as PyTorch computes them:
	// every GEMM of the forward pass; in the backward pass, each layer's
	// weight gradient when its weight trains, and its input gradient when
	// some parameter before it trains (the gradient has to flow past it).
	Train, Eval float64
	// TrainRun and EvalRun count what this implementation executes: the
	// last block computes its keys and values for every token but the rest
	// (queries, attention, projection, MLP, adapter) for the class token
	// alone, the only row the head reads.
	TrainRun, EvalRun float64
}

// countFLOPs counts the products of cfg's model with the trainable set of
// params. Element-wise work is not counted.
func countFLOPs(cfg vit.Config, params []*vit.Param) stepFLOPs {
	type layer struct {
		name      string  // parameter prefix ("" for attention's products)
		flops     float64 // forward, all tokens
		run       float64 // forward as executed
		attention bool    // its backward is two products per forward one
	}
	d := float64(cfg.Dim)
	t := float64(cfg.Tokens())
	hidden := float64(cfg.Hidden())
	patchIn := float64(cfg.InChans * cfg.PatchSize * cfg.PatchSize)
	same := func(name string, f float64) layer { return layer{name: name, flops: f, run: f} }
	layers := []layer{
		same("patch_embed.", 2*(t-1)*patchIn*d),
		same("cls_token", 0), same("pos_embed", 0),
	}
	for i := range cfg.Depth {
		b := "blocks." + strconv.Itoa(i) + "."
		rows := t // rows after the keys and values
		if i == cfg.Depth-1 {
			rows = 1
		}
		layers = append(layers,
			same(b+"norm1.", 0),
			layer{name: b + "attn.qkv.", flops: 2 * t * d * 3 * d, run: 2 * (2*t + rows) * d * d},
			layer{flops: 2 * 2 * t * t * d, run: 2 * 2 * rows * t * d, attention: true}, // QKᵀ and AV over all heads
			layer{name: b + "attn.proj.", flops: 2 * t * d * d, run: 2 * rows * d * d},
			same(b+"norm2.", 0),
			layer{name: b + "mlp.fc1.", flops: 2 * t * d * hidden, run: 2 * rows * d * hidden},
			layer{name: b + "mlp.fc2.", flops: 2 * t * hidden * d, run: 2 * rows * hidden * d},
		)
		if cfg.Adapter.Enabled {
			r := float64(cfg.Adapter.Bottleneck)
			layers = append(layers,
				layer{name: b + "adaptmlp.down_proj.", flops: 2 * t * d * r, run: 2 * rows * d * r},
				layer{name: b + "adaptmlp.up_proj.", flops: 2 * t * r * d, run: 2 * rows * r * d},
				same(b+"adaptmlp.scale", 0),
			)
		}
	}
	layers = append(layers, same("norm.", 0), same("head.", 2*d*float64(cfg.NumClasses)))

	trains := func(prefix string) bool {
		if prefix == "" {
			return false
		}
		for _, p := range params {
			if p.Trainable && strings.HasPrefix(p.Name, prefix) {
				return true
			}
		}
		return false
	}
	var f stepFLOPs
	below := false // some parameter before the current layer trains
	for _, l := range layers {
		f.Eval += l.flops
		f.EvalRun += l.run
		f.Train += l.flops
		f.TrainRun += l.run
		if below {
			// The input gradient: attention's is four products (dP, dV,
			// dQ, dK) to the forward pass's two.
			k := 1.0
			if l.attention {
				k = 2
			}
			f.Train += k * l.flops
			f.TrainRun += k * l.run
		}
		if trains(l.name) {
			f.Train += l.flops // weight gradient
			f.TrainRun += l.run
			below = true
		}
	}
	return f
}

// peakRSSMB reads this process's peak resident set size (VmHWM) in MB.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				kb, err := strconv.ParseFloat(f[0], 64)
				if err == nil {
					return kb / 1024
				}
			}
		}
	}
	return 0
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }
func round4(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }
