package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/adaptformer/adaptformer/vit"
)

// runSummary prints the per-layer parameter table of a model: which modules
// hold how many parameters and how many of them train in the chosen mode.
func runSummary(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: adaptformer summary [-preset P] [-classes N] [-mode M] [-adapter none] [flags]")
		fmt.Fprintln(fs.Output(), "\nPrints one row per module (name, type, output shape per image, parameters,")
		fmt.Fprintln(fs.Output(), "trainable parameters), then the totals, the trainable share and sizes.")
		fmt.Fprintln(fs.Output(), "\nflags:")
		fs.PrintDefaults()
	}
	cf := vit.RegisterConfigFlags(fs, "tiny")
	ff := vit.RegisterFreezeFlags(fs, vit.ModeFull)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := cf.Config()
	if err != nil {
		return usagef("%v", err)
	}
	spec, err := ff.Spec()
	if err != nil {
		return usagef("%v", err)
	}
	s, err := vit.Describe(cfg, spec)
	if err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintf(env.stdout, "preset %s, mode %s: %s\n\n", cf.Preset(), spec.Mode, cfg)
	fmt.Fprint(env.stdout, s.String())
	return nil
}
