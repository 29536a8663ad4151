package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/charmbracelet/x/term"
)

// runTrain trains one run without the dashboard, writing the same run
// directory the dashboard reads. Ctrl-C checkpoints and stops the run (it
// can be continued with --resume); a second Ctrl-C exits at once.
func runTrain(env *cliEnv, args []string) error {
	def := trainer.DefaultConfig()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "usage: adaptformer train [flags]\n       adaptformer train --resume DIR [--plain]\n\nTrains one run headless. flags:")
		fs.PrintDefaults()
	}
	cfg := def
	var (
		runDir, resume, name string
		plain                bool
	)
	fs.StringVar(&runDir, "run-dir", "", "run directory to create (default $ADAPTFORMER_RUNS or runs/, then train-<time>-<preset>-<dataset>)")
	fs.StringVar(&resume, "resume", "", "continue the run in `DIR` (or a run ID under the runs root) from its last good checkpoint")
	fs.StringVar(&name, "name", "", "the run's name (default: the directory's)")
	if err := bindConfigFlags(fs, &cfg); err != nil {
		return err
	}
	fs.BoolVar(&plain, "plain", false, "print plain lines even on a terminal")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if resume != "" {
		for n := range explicit {
			if n != "resume" && n != "plain" {
				return usagef("--resume continues a run with its own settings; --%s cannot be combined with it", n)
			}
		}
		run, err := trainer.Resume(resolveRun(env, resume))
		if err != nil {
			return err
		}
		return watch(env, run, !plain && isTerminal(env.stdout))
	}

	cfg = withSyntheticLimits(cfg, explicit)
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	warnThreads(env, cfg.Threads)
	if cfg.InitFrom != "" {
		from, err := resolveInitFrom(env, cfg.InitFrom)
		if err != nil {
			return err
		}
		cfg.InitFrom = from
	}
	created := false // this process made runDir, so it may remove it
	if runDir == "" {
		var err error
		if runDir, err = newDefaultRunDir(experiments.DefaultRoot(env.getenv), cfg); err != nil {
			return err
		}
		created = true
	} else if _, err := os.Stat(runDir); errors.Is(err, os.ErrNotExist) {
		created = os.MkdirAll(runDir, 0o755) == nil
	}
	var opts []trainer.Option
	if name != "" {
		opts = append(opts, trainer.WithName(name))
	}
	run, err := trainer.New(runDir, cfg, opts...)
	if err != nil {
		if created {
			os.Remove(runDir) // empty: New writes nothing when it fails
		}
		return err
	}
	err = watch(env, run, !plain && isTerminal(env.stdout))
	if err != nil && created && run.Info().Step == 0 && run.Status() == trainer.StatusFailed {
		// It failed in its setup (no data, bad weights): there is nothing
		// to keep or resume, so do not leave a failed run in the list.
		os.RemoveAll(runDir)
	}
	return err
}

// newDefaultRunDir makes the run directory of a train command without
// --run-dir under root, train-<time>-<preset>-<dataset>, with a -2, -3...
// suffix when another run took the name this second: Mkdir, which fails
// on an existing directory, settles a race between two commands.
func newDefaultRunDir(root string, cfg trainer.Config) (string, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("runs root: %w", err)
	}
	base := filepath.Join(root, fmt.Sprintf("train-%s-%s-%s", time.Now().Format("20060102-150405"), cfg.Preset, cfg.Dataset))
	for n := 1; n < 1000; n++ {
		dir := base
		if n > 1 {
			dir = fmt.Sprintf("%s-%d", base, n)
		}
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("run directory: %w", err)
		}
	}
	return "", fmt.Errorf("run directory: too many runs named %s this second", base)
}

// The synthetic sets' training and evaluation images a run uses unless
// --train-limit or --eval-limit says otherwise.
const (
	syntheticTrainLimit = 5000
	syntheticEvalLimit  = 1000
)

// withSyntheticLimits applies the synthetic sets' default limits where the
// command line set none: a first run with no flags should show learning in
// minutes, not train on 50,000 images for ten epochs.
func withSyntheticLimits(cfg trainer.Config, explicit map[string]bool) trainer.Config {
	if !strings.HasPrefix(cfg.Dataset, "synthetic-") {
		return cfg
	}
	if !explicit["train-limit"] {
		cfg.TrainLimit = syntheticTrainLimit
	}
	if !explicit["eval-limit"] {
		cfg.EvalLimit = syntheticEvalLimit
	}
	return cfg
}

// watch starts run, shows its progress until it ends, and handles Ctrl-C.
func watch(env *cliEnv, run *trainer.Run, bar bool) error {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	events := run.Events()
	run.Start()
	p := &progress{w: env.stdout, warnings: env.stderr, bar: bar, dir: run.Dir(), info: run.Info()}
	interrupted := false
	for {
		select {
		case <-sigs:
			if interrupted {
				p.clear()
				fmt.Fprintln(env.stderr, "adaptformer train: interrupted again, exiting without waiting")
				os.Exit(130)
			}
			interrupted = true
			p.clear()
			fmt.Fprintln(env.stderr, "stopping: writing a checkpoint (Ctrl-C again to quit at once)")
			run.Stop()
		case e, ok := <-events:
			if !ok {
				p.clear()
				if err := run.Wait(); err != nil {
					return err
				}
				if run.Status() == trainer.StatusStopped {
					fmt.Fprintf(env.stdout, "continue with: adaptformer train --resume %s\n", run.Dir())
				}
				if interrupted && run.Status() == trainer.StatusStopped {
					return errInterrupted // (a run that finished meanwhile did not stop)
				}
				return nil
			}
			p.info = run.Info()
			p.show(e)
		}
	}
}

// progress prints a run's events: a redrawn bar with ETA on a terminal,
// plain lines (about ten per epoch) otherwise. The error that fails a run is
// not printed: the command returns it.
type progress struct {
	w        io.Writer
	warnings io.Writer // stderr: warnings stay out of the progress (nil: w)
	bar      bool
	dir      string
	info     trainer.RunInfo
	drawn    bool
	started  bool
	pending  *trainer.ErrorEvent // printed unless the run fails with it
	nextLine int                 // plain mode: the next step that gets a line
	etaRate  float64             // images/s over recent steps, for the ETA
}

func (p *progress) clear() {
	if p.bar && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

func (p *progress) show(e trainer.Event) {
	if p.pending != nil {
		pending := *p.pending
		p.pending = nil
		if s, ok := e.(trainer.StatusEvent); ok && s.Status == trainer.StatusFailed && s.Message == pending.Message {
			return
		}
		p.clear()
		w := p.warnings
		if w == nil {
			w = p.w
		}
		fmt.Fprintf(w, "warning: %s\n", pending.Message)
	}
	switch e := e.(type) {
	case trainer.StepEvent:
		spe := max(1, p.info.StepsPerEpoch)
		inEpoch := e.Step - (e.Epoch-1)*spe
		eta := "?"
		// A moving average over about 30 steps: one step's rate swings
		// twofold on a shared CPU.
		if p.etaRate <= 0 {
			p.etaRate = e.ImagesPerSec
		} else if e.ImagesPerSec > 0 {
			p.etaRate += (e.ImagesPerSec - p.etaRate) / 30
		}
		if p.etaRate > 0 && p.info.Config.Batch > 0 {
			left := float64(p.info.TotalSteps()-e.Step) * float64(p.info.Config.Batch) / p.etaRate
			eta = time.Duration(left * float64(time.Second)).Round(time.Second).String()
		}
		if p.bar {
			const width = 24
			filled := min(width, inEpoch*width/spe)
			fmt.Fprintf(p.w, "\r\033[Kepoch %d/%d [%s%s] %3d%% %d/%d loss %.4f lr %.3g %.0f img/s ETA %s",
				e.Epoch, p.info.Epochs, strings.Repeat("█", filled), strings.Repeat("░", width-filled),
				100*inEpoch/spe, inEpoch, spe, e.Loss, e.LR, e.ImagesPerSec, eta)
			p.drawn = true
			return
		}
		if e.Step >= p.nextLine {
			fmt.Fprintf(p.w, "epoch %d/%d step %d/%d loss %.4f lr %.3g %.0f img/s ETA %s\n",
				e.Epoch, p.info.Epochs, inEpoch, spe, e.Loss, e.LR, e.ImagesPerSec, eta)
			p.nextLine = e.Step + max(1, spe/10)
		}
	case trainer.EpochEvent:
		p.clear()
		fmt.Fprintf(p.w, "epoch %d/%d: train loss %.4f top-1 %.2f%% | eval loss %.4f top-1 %.2f%% top-5 %.2f%%%s | %.1fs\n",
			e.Epoch, p.info.Epochs, e.TrainLoss, 100*e.TrainTop1, e.EvalLoss, 100*e.EvalTop1, 100*e.EvalTop5, emaEval(" | ", e), e.Seconds)
	case trainer.StatusEvent:
		switch e.Status {
		case trainer.StatusQueued, trainer.StatusFailed:
			return // failed: the command returns the error
		}
		p.clear()
		if e.Status == trainer.StatusRunning && !p.started {
			p.started = true
			c := p.info.Config
			fmt.Fprintf(p.w, "run %s in %s\n", p.info.Name, p.dir)
			fmt.Fprintf(p.w, "model %s: %d parameters, %d trainable (%s); data %s: %d training, %d eval images\n",
				c.Preset, p.info.Params, p.info.Trainable, c.Mode, c.Dataset, p.info.TrainImages, p.info.EvalImages)
			fmt.Fprintf(p.w, "%s: %d epochs of %d steps, batch %d, lr %g, warmup %d steps\n",
				c.Optimizer, p.info.Epochs, p.info.StepsPerEpoch, c.Batch, c.LR, c.Warmup(p.info.TotalSteps()))
		}
		fmt.Fprintln(p.w, statusLine(e))
	case trainer.ErrorEvent:
		p.pending = &e
	}
}

// statusLine is a status event for people: "running: resumed from ...",
// and "stopped at step 9" rather than "stopped: stopped at step 9".
func statusLine(e trainer.StatusEvent) string {
	switch {
	case e.Message == "":
		return string(e.Status)
	case strings.HasPrefix(e.Message, string(e.Status)+" "):
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Status, e.Message)
}

// resolveRun maps a run ID to its directory under the runs root when s is
// not a path that exists itself.
func resolveRun(env *cliEnv, s string) string {
	if _, err := os.Stat(s); err == nil {
		return s
	}
	if dir := filepath.Join(experiments.DefaultRoot(env.getenv), filepath.FromSlash(s)); trainer.IsRunDir(dir) {
		return dir
	}
	return s
}

// resolveInitFrom resolves --init-from as a recipe's init_from resolves:
// a path, a run ID under the runs root, or a shipped model's name (see
// experiments.Store.ResolveInitFrom for the order).
func resolveInitFrom(env *cliEnv, from string) (string, error) {
	store, err := experiments.OpenStore(experiments.DefaultRoot(env.getenv))
	if err != nil {
		return "", err
	}
	resolved, err := store.ResolveInitFrom(from)
	if err != nil {
		return "", fmt.Errorf("--init-from %s: no such file, run directory, run ID or shipped model (%s)", from, shippedNames())
	}
	return resolved, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
