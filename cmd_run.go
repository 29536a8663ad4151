package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// runRecipe runs a recipe file headless: it queues the recipe's runs in the
// store and trains them in order, printing their progress, until all have
// ended or the user interrupts (the runs then checkpoint and can be resumed
// with --resume).
func runRecipe(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, "usage: adaptformer run [flags] RECIPE_FILE")
		fmt.Fprintln(w, "       adaptformer run --example KIND > recipe.toml")
		fmt.Fprintln(w, "       adaptformer run --resume ID_OR_GROUP")
		fmt.Fprintln(w, "\nTrains a recipe's runs headless, in order: kind seed pretrains upstream,")
		fmt.Fprintln(w, "then transfers twice from its final checkpoint (adaptformer: backbone")
		fmt.Fprintln(w, "frozen; full: fine-tuned); transfer does the pair from init_from; sweep")
		fmt.Fprintln(w, "repeats it over seeds; single is one run. Ctrl-C checkpoints and stops;")
		fmt.Fprintln(w, "--resume continues later. Start from --example.")
		fmt.Fprintln(w, "\nflags:")
		fs.PrintDefaults()
	}
	root := fs.String("runs", experiments.DefaultRoot(env.getenv), "runs root directory (env "+experiments.EnvRoot+")")
	example := fs.String("example", "", "print a commented example recipe of `KIND` ("+strings.Join(experiments.Kinds(), ", ")+") and exit")
	dataDir := fs.String("data", "", "with -example: pretrain on CIFAR-100 or Tiny-ImageNet-32 and transfer to CIFAR-10 where found in `DIR`")
	resume := fs.String("resume", "", "resume the run `ID` (stopped, failed or interrupted), or every unfinished run of the group ID")
	parallel := fs.Int("parallel", 1, "runs that train at once (each uses every core)")
	threads := fs.Int("threads", 0, "compute threads of runs whose recipe leaves threads at 0 (0: all cores)")
	dryRun := fs.Bool("dry-run", false, "print the planned runs and their configs, train nothing")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if *parallel < 1 {
		return usagef("-parallel must be at least 1, got %d", *parallel)
	}
	if *threads < 0 {
		return usagef("-threads must not be negative, got %d", *threads)
	}
	warnThreads(env, *threads)
	if *example != "" {
		if len(pos) > 0 || *resume != "" {
			return usagef("-example takes no recipe file")
		}
		text, err := experiments.ExampleRecipe(*example)
		if err != nil {
			return usagef("%v", err)
		}
		if *dataDir != "" {
			if st, err := os.Stat(*dataDir); err != nil || !st.IsDir() {
				return usagef("-data %s: not a directory", *dataDir)
			}
			r, err := experiments.RecipeFor(*example, *dataDir)
			if err != nil {
				return usagef("%v", err)
			}
			switch pre, down := r.Pretrain != nil && r.Pretrain.DataDir != "", r.Transfer.DataDir != "" || r.Run.DataDir != ""; {
			case r.Pretrain == nil && !down:
				fmt.Fprintf(env.stderr, "warning: no CIFAR-10 found in %s: the recipe keeps the synthetic set (adaptformer data verify --dataset cifar10 --dir %s says why)\n", *dataDir, *dataDir)
			case !pre && !down:
				fmt.Fprintf(env.stderr, "warning: no CIFAR-10, CIFAR-100 or Tiny-ImageNet-32 found in %s: the recipe keeps the synthetic sets (adaptformer data verify --dataset cifar10 --dir %s says why)\n", *dataDir, *dataDir)
			case r.Pretrain != nil && !pre:
				fmt.Fprintf(env.stderr, "warning: no CIFAR-100 or Tiny-ImageNet-32 found in %s: the pretraining run keeps the synthetic set\n", *dataDir)
			case !down:
				fmt.Fprintf(env.stderr, "warning: no CIFAR-10 found in %s: the transfer runs keep the synthetic set\n", *dataDir)
			}
			r.Name = *example + "-real"
			if text, err = experiments.FormatRecipe(r); err != nil {
				return err
			}
		}
		fmt.Fprint(env.stdout, text)
		return nil
	}
	if *dataDir != "" {
		return usagef("-data goes with -example")
	}
	switch {
	case *resume != "" && len(pos) > 0:
		return usagef("give either a recipe file or -resume, not both")
	case *resume == "" && len(pos) != 1:
		return usagef("want one recipe file, got %d arguments", len(pos))
	}

	var recipe experiments.Recipe
	if *resume == "" {
		var err error
		if recipe, err = experiments.LoadRecipe(pos[0]); err != nil {
			return err
		}
		if plan, err := recipe.Plan(); err == nil {
			most := 0
			for _, p := range plan {
				most = max(most, p.Config.Threads)
			}
			warnThreads(env, most) // a recipe's own threads key
		}
		if *dryRun {
			if err := printRecipePlan(env.stdout, recipe); err != nil {
				return err
			}
			return checkInitFrom(recipe, *root)
		}
	} else if *dryRun {
		return usagef("-dry-run plans a recipe file, not a resume")
	}

	store, err := experiments.OpenStore(*root)
	if err != nil {
		return err
	}
	q := experiments.NewQueue(store, experiments.QueueOptions{Parallel: *parallel, Threads: *threads})
	events := q.Events()
	var group string
	if *resume == "" {
		ids, err := q.Submit(recipe)
		if err != nil {
			q.Shutdown()
			return err
		}
		group, _, _ = strings.Cut(ids[0], "/")
		fmt.Fprintf(env.stdout, "%s recipe %s: %d runs in %s\n", recipe.Kind, recipe.Name, len(ids), store.Dir(group))
	} else {
		if group, err = resumeRecipeRuns(env.stdout, store, q, *resume); err != nil {
			q.Shutdown()
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	idle := make(chan struct{})
	go func() { q.Wait(); close(idle) }()
	var interrupted atomic.Bool
	go func() {
		select {
		case <-idle:
		case <-ctx.Done():
			interrupted.Store(true)
			fmt.Fprintln(env.stderr, "interrupted: checkpointing and stopping (Ctrl-C again to kill)")
			stop()
		}
		q.Shutdown()
	}()
	p := &recipeProgress{w: env.stdout, lastStep: map[string]time.Time{}, lastStatus: map[string]trainer.StatusEvent{},
		lastError: map[string]string{}}
	for e := range events {
		p.print(e)
	}
	<-idle

	entries, err := store.Group(group)
	if err != nil {
		return err
	}
	if group == "" {
		// A single run directly under the root: show just it.
		if e, err := store.Get(*resume); err == nil {
			entries = []experiments.RunEntry{e}
		}
	}
	printRecipeResults(env.stdout, entries)
	var failed []string
	for _, e := range entries {
		if e.Status != trainer.StatusFinished {
			failed = append(failed, fmt.Sprintf("%s is %s", e.ID, e.Status))
		}
	}
	if interrupted.Load() && len(failed) > 0 {
		fmt.Fprintf(env.stdout, "\nresume with: adaptformer run --runs %s --resume %s\n", store.Root(), recipeResumeTarget(group, *resume))
		return errInterrupted
	}
	if len(failed) > 0 {
		return fmt.Errorf("not every run finished: %s", strings.Join(failed, "; "))
	}
	return nil
}

func recipeResumeTarget(group, resume string) string {
	if group != "" {
		return group
	}
	return resume
}

// resumeRecipeRuns queues the run id, or every unfinished run of the group id,
// and returns the group.
func resumeRecipeRuns(w io.Writer, store *experiments.Store, q *experiments.Queue, id string) (string, error) {
	runs, err := store.Group(id)
	if err != nil {
		return "", err
	}
	if len(runs) == 0 {
		e, err := store.Get(id)
		if err != nil {
			// A unique prefix of a group's ID names the group.
			group, gerr := groupByPrefix(store, id)
			if gerr != nil || group == "" {
				return "", err
			}
			return resumeRecipeRuns(w, store, q, group)
		}
		if err := q.Resume(e.ID); err != nil {
			return "", err
		}
		fmt.Fprintf(w, "resuming %s\n", e.ID)
		return e.Group, nil
	}
	n := 0
	for _, e := range runs {
		if e.Status == trainer.StatusFinished || q.Live(e.ID) {
			continue // finished, or queued already as a dependant of an earlier one
		}
		if err := q.Resume(e.ID); err != nil {
			return "", err
		}
		n++
	}
	if n == 0 && !anyQueued(q, runs) {
		return "", fmt.Errorf("resume %s: every run of the group has finished", id)
	}
	fmt.Fprintf(w, "resuming %s: %d runs\n", id, len(q.Runs()))
	return runs[0].Group, nil
}

func anyQueued(q *experiments.Queue, runs []experiments.RunEntry) bool {
	for _, e := range runs {
		if q.Live(e.ID) {
			return true
		}
	}
	return false
}

// printRecipePlan shows what a recipe would run.
func printRecipePlan(w io.Writer, r experiments.Recipe) error {
	plan, err := r.Plan()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s recipe %s: %d runs\n", r.Kind, r.Name, len(plan))
	for _, p := range plan {
		c := p.Config
		from := c.InitFrom
		if p.InitFrom != "" {
			from = p.InitFrom + "'s final checkpoint"
		}
		if from == "" {
			from = "scratch"
		}
		warmup := fmt.Sprint(c.WarmupSteps)
		if c.MaxWarmupFraction > 0 {
			warmup += fmt.Sprintf(", at most %g%% of the run", 100*c.MaxWarmupFraction)
		}
		fmt.Fprintf(w, "\n%s: %s mode %s on %s, %d epochs of batch %d, %s lr %g (warmup %s), seed %d, from %s\n",
			p.Name, c.Preset, c.Mode, c.Dataset, c.Epochs, c.Batch, c.Optimizer, c.LR, warmup, c.Seed, from)
		if len(p.After) > 0 {
			fmt.Fprintf(w, "  starts after %s\n", strings.Join(p.After, ", "))
		}
	}
	return nil
}

// recipeProgress prints queue events as lines a person can follow in a log.
type recipeProgress struct {
	w          io.Writer
	lastStep   map[string]time.Time
	lastStatus map[string]trainer.StatusEvent
	lastError  map[string]string
}

// recipeStepInterval is how often a run's step recipeProgress is printed at most.
const recipeStepInterval = 10 * time.Second

func (p *recipeProgress) print(qe experiments.QueueEvent) {
	id := qe.RunID
	switch e := qe.Event.(type) {
	case trainer.StepEvent:
		if time.Since(p.lastStep[id]) < recipeStepInterval {
			return
		}
		p.lastStep[id] = time.Now()
		fmt.Fprintf(p.w, "%s: epoch %d step %d loss %.4f lr %.2g %.0f img/s\n", id, e.Epoch, e.Step, e.Loss, e.LR, e.ImagesPerSec)
	case trainer.EpochEvent:
		fmt.Fprintf(p.w, "%s: epoch %d done (step %d): train loss %.4f top-1 %.2f%%, eval loss %.4f top-1 %.2f%% top-5 %.2f%%%s, %.1fs\n",
			id, e.Epoch, e.Step, e.TrainLoss, 100*e.TrainTop1, e.EvalLoss, 100*e.EvalTop1, 100*e.EvalTop5, emaEval(", ", e), e.Seconds)
	case trainer.StatusEvent:
		if last, ok := p.lastStatus[id]; ok && last.Status == e.Status && last.Message == e.Message {
			return
		}
		p.lastStatus[id] = e
		if e.Status == trainer.StatusFailed && e.Message == p.lastError[id] {
			e.Message = "" // printed with its error line just before
		}
		fmt.Fprintf(p.w, "%s: %s\n", id, statusLine(e))
	case trainer.ErrorEvent:
		p.lastError[id] = e.Message
		fmt.Fprintf(p.w, "%s: error: %s\n", id, e.Message)
	}
}

// printRecipeResults shows the runs' outcome and, when there are several modes,
// their comparison.
func printRecipeResults(w io.Writer, entries []experiments.RunEntry) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tMODE\tDATASET\tSTATUS\tEPOCHS\tFINAL TOP-1\tBEST TOP-1")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", e.ID, e.Info.Config.Mode, e.Info.Config.Dataset,
			e.Status, e.Info.Epoch, e.Info.Epochs, pct(e.Info.LastEvalTop1, e.Info.Epoch), pct(e.Info.BestEvalTop1, e.Info.Epoch))
	}
	tw.Flush()
	// The comparison: datasets with more than one mode or run.
	var results []experiments.ModeResult
	all := experiments.Compare(entries)
	for _, r := range all {
		n := 0
		for _, o := range all {
			if o.Dataset == r.Dataset {
				n += len(o.Runs)
			}
		}
		if n > 1 {
			results = append(results, r)
		}
	}
	if len(results) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tMODE\tRUNS\tFINAL TOP-1\tBEST TOP-1")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.Dataset, r.Mode, len(r.Runs), r.Final, r.Best)
	}
	tw.Flush()
}

// checkInitFrom fails when a planned run's init_from is neither a file nor
// a run of the store, as submitting the recipe would: a dry run says so
// before any run is made.
func checkInitFrom(r experiments.Recipe, root string) error {
	plan, err := r.Plan()
	if err != nil {
		return err
	}
	for _, p := range plan {
		if p.Config.InitFrom == "" {
			continue
		}
		store, err := experiments.OpenStore(root)
		if err == nil {
			_, err = store.ResolveInitFrom(p.Config.InitFrom)
		}
		if err != nil {
			return fmt.Errorf("run %s: %w", p.Name, err)
		}
	}
	return nil
}
