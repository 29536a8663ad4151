package main

import (
	"errors"
	"flag"
	"os"
	"time"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/tui"
)

// runDashboard opens the terminal dashboard on the runs root: the runs
// table, live curves, the parameter table, comparisons, and launching,
// pausing, resuming and re-freezing runs.
func runDashboard(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("dashboard", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		w := fs.Output()
		println := func(s string) { w.Write([]byte(s + "\n")) }
		println("usage: adaptformer [dashboard] [flags]")
		println("\nOpens the terminal dashboard on the runs root: launch runs (n), watch their")
		println("curves and per-layer parameters (enter), compare adaptformer with full (c),")
		println("pause (p), stop (x) and resume (r) them. q checkpoints running runs and quits;")
		println("the next start offers to resume them. ? lists every key.")
		println("\nflags:")
		fs.PrintDefaults()
	}
	root := fs.String("runs", experiments.DefaultRoot(env.getenv), "runs root `directory` (env "+experiments.EnvRoot+")")
	dataDir := fs.String("data", data.DefaultDir(env.getenv), "`directory` of datasets on disk, offered in the new-experiment form (env "+data.EnvDataDir+")")
	mode := fs.String("mode", "full", "freeze flag of the next launch: full or adaptformer (f toggles it)")
	parallel := fs.Int("parallel", 1, "runs that train at once (each uses every core)")
	threads := fs.Int("threads", 0, "compute threads of each run (0: all cores)")
	noColor := fs.Bool("no-color", false, "no colour (also when NO_COLOR is set)")
	poll := fs.Duration("poll", time.Second, "how often runs trained elsewhere are re-read")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q", fs.Arg(0))
	case *mode != "full" && *mode != "adaptformer":
		return usagef("-mode must be full or adaptformer, got %q", *mode)
	case *parallel < 1:
		return usagef("-parallel must be at least 1, got %d", *parallel)
	case *threads < 0:
		return usagef("-threads must not be negative, got %d", *threads)
	case *poll < 50*time.Millisecond:
		return usagef("-poll must be at least 50ms, got %v", *poll)
	}
	warnThreads(env, *threads)
	// Bubble Tea takes over the screen before it finds it cannot read keys,
	// and leaves it so: check first.
	if !isTerminal(env.stdout) || !isTerminal(os.Stdin) {
		return errors.New("the dashboard needs a terminal for its standard input and output; without one, train with `adaptformer train` or `adaptformer run RECIPE` and read runs with `adaptformer runs`")
	}
	store, err := experiments.OpenStore(*root)
	if err != nil {
		return err
	}
	queue := experiments.NewQueue(store, experiments.QueueOptions{Parallel: *parallel, Threads: *threads})
	return tui.Run(tui.Options{
		Store:        store,
		Queue:        queue,
		Color:        !*noColor && env.getenv("NO_COLOR") == "",
		DataDir:      *dataDir,
		NextMode:     *mode,
		PollInterval: *poll,
	}, os.Stdin, env.stdout)
}
