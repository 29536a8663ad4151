// Command adaptformer trains Vision Transformers with AdaptFormer adapters on
// the CPU, from a terminal dashboard or headless subcommands.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	// Before Bubble Tea's init, which would query the terminal.
	_ "github.com/adaptformer/adaptformer/internal/quietterm"
)

// command is one subcommand: its name, a one-line summary for help, and the
// function that runs it with the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(env *cliEnv, args []string) error
}

// cliEnv is what a subcommand may touch of the outside world, so tests can
// run commands in-process with their own streams.
type cliEnv struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// errInterrupted is what a command returns when Ctrl-C (or SIGTERM)
// stopped it after checkpointing: exit status 130.
var errInterrupted = errors.New("interrupted: checkpointed, resumable")

// usageError marks a bad command line: exit status 2 instead of 1.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func commands() []command {
	return []command{
		{"dashboard", "open the terminal dashboard (the default with no subcommand)", runDashboard},
		{"train", "train one run headless, writing a run directory", runTrain},
		{"run", "run a recipe file (seed, transfer, sweep, single) headless", runRecipe},
		{"runs", "list, show, export and plot runs", runRuns},
		{"eval", "measure top-1, top-5 and loss of any weights on a dataset split", runEval},
		{"pretrained", "list the pretrained models shipped in the binary", runPretrained},
		{"summary", "print the per-layer parameter table of a model", runSummary},
		{"bench", "measure training and eval throughput of a model", runBench},
		{"data", "download and verify datasets", runData},
	}
}

func main() {
	env := &cliEnv{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(env, os.Args[1:]))
}

// run dispatches args to a subcommand and returns the process exit status.
func run(env *cliEnv, args []string) int {
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		printHelp(env.stdout)
		return 0
	}
	// With no subcommand (or only flags, as in `adaptformer --runs DIR`) the
	// dashboard opens.
	name := "dashboard"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(env, args)
		if err == nil {
			return 0
		}
		fmt.Fprintf(env.stderr, "adaptformer %s: %v\n", name, err)
		if errors.Is(err, errInterrupted) {
			return 130 // as a shell reports a Ctrl-C: `train && next` stops
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.stderr, "run 'adaptformer %s -h' for usage\n", name)
			return 2
		}
		return 1
	}
	fmt.Fprintf(env.stderr, "adaptformer: unknown command %q\n\n", name)
	printHelp(env.stderr)
	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "adaptformer: parameter-efficient fine-tuning of Vision Transformers, in the terminal")
	fmt.Fprintln(w, "\nusage: adaptformer [command] [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nrun 'adaptformer COMMAND -h' for a command's flags")
}

// warnThreads says on stderr when --threads asks for more threads than the
// machine has CPUs: they take turns on the cores, and every GEMM waits at
// its end for the slowest (a 2-core machine ran 50 times slower at 1000).
func warnThreads(env *cliEnv, threads int) {
	if n := runtime.NumCPU(); threads > n {
		fmt.Fprintf(env.stderr, "warning: %d threads is more than the %d CPUs here: slower, not faster (0 uses them all)\n", threads, n)
	}
}
