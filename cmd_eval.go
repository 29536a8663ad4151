package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
)

// evalResult is what `adaptformer eval --json` prints.
type evalResult struct {
	Weights      string        `json:"weights"`
	Step         *int          `json:"step,omitempty"`
	Model        string        `json:"model"`
	Dataset      string        `json:"dataset"`
	DataDir      string        `json:"data_dir,omitempty"`
	Split        string        `json:"split"`
	SplitSource  string        `json:"split_source"`
	OfficialTest bool          `json:"official_test"`
	Images       int           `json:"images"`
	Top1         float64       `json:"top1"`
	Top5         float64       `json:"top5"`
	Loss         float64       `json:"loss"`
	Seconds      float64       `json:"seconds"`
	PerClass     []classResult `json:"per_class,omitempty"`
}

// classResult is one class's line of --per-class.
type classResult struct {
	Label  int      `json:"label"`
	Class  string   `json:"class"`
	Images int      `json:"images"`
	Top1   *float64 `json:"top1"` // null for a class with no image in the split
}

// runEval measures the top-1, top-5 and loss of any weights on a split of
// any dataset.
func runEval(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: adaptformer eval --init-from W [--dataset D] [--data-dir DIR] [--split eval|test|train] [--json] [--per-class]")
		fmt.Fprintln(fs.Output(), "\nRuns a dataset split through the model of the weights W (dropout off) and")
		fmt.Fprintln(fs.Output(), "prints top-1, top-5, the mean cross-entropy and the images evaluated. W is a")
		fmt.Fprintln(fs.Output(), "weights file, a training checkpoint, a run (directory or ID: its newest good")
		fmt.Fprintln(fs.Output(), "checkpoint) or a shipped model's name ('adaptformer pretrained' lists them).")
		fmt.Fprintln(fs.Output(), "Checkpoints, runs and exported or shipped files carry their model config; a")
		fmt.Fprintln(fs.Output(), "file without one (timm's) needs --preset and the model flags. --dataset")
		fmt.Fprintln(fs.Output(), "defaults to the set the weights were trained on, when they say.")
		fmt.Fprintln(fs.Output(), "\nSplits: eval is what training evaluates on (the official test file, or the")
		fmt.Fprintln(fs.Output(), "held-out end of the training records when the set has none); test is the")
		fmt.Fprintln(fs.Output(), "official test split only, an error for a set without one; train is the")
		fmt.Fprintln(fs.Output(), "training records (less the held-out part).")
		fmt.Fprintln(fs.Output(), "\nflags:")
		fs.PrintDefaults()
	}
	from := fs.String("init-from", "", "the weights: a file, a checkpoint, a run directory or ID, or a shipped model's `name`")
	dataset := fs.String("dataset", "", "dataset: "+strings.Join(data.Names(), ", ")+" (default: the weights' training set)")
	dataDir := fs.String("data-dir", data.DefaultDir(env.getenv), "`directory` holding the dataset's files (default: the training run's, else $"+data.EnvDataDir+" or ./datasets)")
	split := fs.String("split", "eval", "split: eval, test or train")
	batch := fs.Int("batch", 128, "images per forward pass")
	limit := fs.Int("limit", 0, "evaluate only the first `N` images of the split (0: all)")
	threads := fs.Int("threads", 0, "compute threads (0: all cores)")
	dataSeed := fs.Uint64("data-seed", 0, "seed of the synthetic sets' images (default: the training run's)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	perClass := fs.Bool("per-class", false, "also print each class's images and top-1")
	own := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { own[f.Name] = true })
	cf := vit.RegisterConfigFlags(fs, "tiny")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	explicit := map[string]bool{}
	var modelFlags []string
	fs.Visit(func(f *flag.Flag) {
		explicit[f.Name] = true
		if !own[f.Name] {
			modelFlags = append(modelFlags, "--"+f.Name)
		}
	})
	switch {
	case *from == "":
		return usagef("--init-from: required (a weights file, a checkpoint, a run or a shipped model's name)")
	case *split != "eval" && *split != "test" && *split != "train":
		return usagef("--split %q: want eval, test or train", *split)
	case *batch < 1:
		return usagef("--batch must be at least 1, got %d", *batch)
	case *limit < 0:
		return usagef("--limit must not be negative, got %d", *limit)
	case *threads < 0:
		return usagef("--threads must not be negative, got %d", *threads)
	}
	warnThreads(env, *threads)

	resolved, err := resolveInitFrom(env, *from)
	if err != nil {
		return err
	}
	w, err := trainer.ReadWeights(resolved)
	if err != nil {
		return err
	}
	for _, p := range w.Skipped {
		fmt.Fprintf(env.stderr, "warning: skipped a newer %v\n", p)
	}
	var cfg vit.Config
	if w.HasConfig {
		if len(modelFlags) > 0 {
			return usagef("%s: %s records its model config; model flags are for a weights file without one (a timm checkpoint)", strings.Join(modelFlags, ", "), w.Source)
		}
		cfg = w.Config
	} else {
		if !explicit["preset"] {
			return usagef("%s records no model config (a timm checkpoint?): name the model with --preset and the model flags (--classes, --adapter none, ...)", w.Source)
		}
		if cfg, err = cf.Config(); err != nil {
			return usagef("%v", err)
		}
	}

	// The dataset: the flag's, else the one the weights were trained on.
	opt := data.OpenOptions{Seed: *dataSeed}
	dir := *dataDir
	if tc, ok := trainingConfig(resolved, w); ok && (*dataset == "" || *dataset == tc.Dataset) {
		*dataset = tc.Dataset
		if !explicit["data-dir"] && tc.DataDir != "" {
			dir = tc.DataDir
		}
		if !explicit["data-seed"] {
			opt.Seed = tc.DataSeed
		}
	}
	if *dataset == "" {
		return usagef("--dataset: required, %s names no training set (have %s)", w.Source, strings.Join(data.Names(), ", "))
	}
	if strings.HasPrefix(*dataset, "synthetic-") {
		dir = ""
	}
	ds, source, official, err := openEvalSplit(*dataset, dir, *split, opt)
	if err != nil {
		return err
	}
	if classes := len(ds.Classes()); classes != cfg.NumClasses {
		return fmt.Errorf("the head of %s has %d classes, dataset %s has %d: evaluate on a set with %d classes, or fine-tune a head for this one",
			w.Source, cfg.NumClasses, *dataset, classes, cfg.NumClasses)
	}

	m, err := vit.New(cfg, 0)
	if err != nil {
		return fmt.Errorf("build the model of %s: %w", w.Source, err)
	}
	defer m.Close()
	m.SetThreads(*threads)
	rep, err := m.LoadFile(w.File)
	if err != nil {
		return fmt.Errorf("%s: %w", w.Source, err)
	}
	// Evaluating a head or block the file did not provide measures an
	// initialisation, not the weights.
	if len(rep.Skipped) > 0 || len(rep.Missing) > 0 {
		return fmt.Errorf("%s does not fill the model: %s", w.Source, rep)
	}

	start := time.Now()
	eo := trainer.EvalOptions{Batch: *batch, Limit: *limit}
	if isTerminal(env.stderr) && !*asJSON {
		eo.Progress = func(done, total int) {
			fmt.Fprintf(env.stderr, "\r%d/%d images", done, total)
			if done == total {
				fmt.Fprint(env.stderr, "\r\033[K")
			}
		}
	}
	res, err := trainer.Evaluate(m, ds, eo)
	if err != nil {
		return err
	}
	out := evalResult{
		Weights: w.Source, Model: cfg.String(), Dataset: *dataset, DataDir: dir, Split: *split,
		SplitSource: source, OfficialTest: official, Images: res.Images,
		Top1: res.Top1, Top5: res.Top5, Loss: res.Loss, Seconds: time.Since(start).Seconds(),
	}
	if w.Step >= 0 {
		out.Step = &w.Step
	}
	if *perClass {
		for label, name := range ds.Classes() {
			c := classResult{Label: label, Class: name, Images: res.ClassImages[label]}
			if acc, ok := res.ClassTop1(label); ok {
				c.Top1 = &acc
			}
			out.PerClass = append(out.PerClass, c)
		}
	}
	if *asJSON {
		return printJSON(env, out)
	}
	printEval(env, out)
	return nil
}

// openEvalSplit opens split of the set and says what it holds, and whether
// that is the set's official test split.
func openEvalSplit(name, dir, split string, opt data.OpenOptions) (data.Dataset, string, bool, error) {
	official, what, err := data.EvalSource(name, dir, opt)
	if err != nil {
		return nil, "", false, err
	}
	open := "eval"
	switch split {
	case "test":
		if !official {
			return nil, "", false, fmt.Errorf("dataset %s in %s has no official test split (its eval split is %s): use --split eval", name, dir, what)
		}
	case "train":
		heldOut := !official
		open, official, what = "train", false, "the training records"
		if heldOut {
			what += ", less the held-out eval part"
		}
	}
	ds, err := data.Open(name, dir, open, opt)
	if err != nil {
		return nil, "", false, err
	}
	return ds, what, official, nil
}

// trainingConfig is the training config of the run the weights come from:
// the run directory's, the run holding a checkpoint file, or the one an
// exported or shipped file records.
func trainingConfig(resolved string, w *trainer.Weights) (trainer.Config, bool) {
	for _, dir := range []string{resolved, filepath.Dir(filepath.Dir(w.Source))} {
		if st, err := os.Stat(dir); err == nil && st.IsDir() && trainer.IsRunDir(dir) {
			if info, err := trainer.ReadRunInfo(dir); err == nil {
				return info.Config, true
			}
		}
	}
	if s, ok := w.File.Metadata[trainer.MetaTrainConfig]; ok {
		var c trainer.Config
		if err := json.Unmarshal([]byte(s), &c); err == nil && c.Dataset != "" {
			return c, true
		}
	}
	return trainer.Config{}, false
}

// printEval prints the result for people.
func printEval(env *cliEnv, r evalResult) {
	w := env.stdout
	step := ""
	if r.Step != nil {
		step = fmt.Sprintf(", step %d", *r.Step)
	}
	fmt.Fprintf(w, "weights  %s%s: %s\n", r.Weights, step, r.Model)
	fmt.Fprintf(w, "data     %s, %s split: %s\n", r.Dataset, r.Split, r.SplitSource)
	fmt.Fprintf(w, "top-1    %.2f%%\n", 100*r.Top1)
	fmt.Fprintf(w, "top-5    %.2f%%\n", 100*r.Top5)
	fmt.Fprintf(w, "loss     %.4f\n", r.Loss)
	fmt.Fprintf(w, "images   %d (%.1f s)\n", r.Images, r.Seconds)
	if len(r.PerClass) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LABEL\tIMAGES\tTOP-1\t\tCLASS")
	for _, c := range r.PerClass {
		acc := "-"
		if c.Top1 != nil {
			acc = fmt.Sprintf("%.2f%%", 100**c.Top1)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t\t%s\n", c.Label, c.Images, acc, c.Class)
	}
	tw.Flush()
}
