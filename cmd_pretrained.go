package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/adaptformer/adaptformer/vit/pretrained"
)

// runPretrained lists the models shipped in the binary, or prints one's
// model card.
func runPretrained(env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("pretrained", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: adaptformer pretrained [-json] [NAME]")
		fmt.Fprintln(fs.Output(), "\nLists the pretrained models the binary carries, which --init-from NAME (train,")
		fmt.Fprintln(fs.Output(), "eval), a recipe's init_from and the dashboard's Init from load by name; with")
		fmt.Fprintln(fs.Output(), "NAME, prints that model's card. A file or run of the same name wins over it.")
		fmt.Fprintln(fs.Output(), "\nflags:")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print JSON: an array of models, or one model with its card")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	reg := pretrained.Shipped()
	type entry struct {
		Name    string `json:"name"`
		Summary string `json:"summary"`
		Size    int64  `json:"size"`
		SHA256  string `json:"sha256,omitempty"`
		Card    string `json:"card,omitempty"`
	}
	switch fs.NArg() {
	case 0:
	case 1:
		name := fs.Arg(0)
		m, ok, err := reg.Lookup(name)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("no shipped model %q (%s)", name, shippedNames())
		}
		if *asJSON {
			return printJSON(env, entry{m.Name, m.Summary, m.Size, m.SHA256, m.Card})
		}
		if m.Card == "" {
			fmt.Fprintf(env.stdout, "%s: no model card (%d bytes of weights)\n", m.Name, m.Size)
			return nil
		}
		fmt.Fprint(env.stdout, m.Card)
		return nil
	default:
		return usagef("at most one model name, got %s", strings.Join(fs.Args(), " "))
	}
	models, err := reg.List()
	if err != nil {
		return err
	}
	if *asJSON {
		list := make([]entry, len(models))
		for i, m := range models {
			list[i] = entry{Name: m.Name, Summary: m.Summary, Size: m.Size, SHA256: m.SHA256}
		}
		return printJSON(env, list)
	}
	if len(models) == 0 {
		fmt.Fprintln(env.stdout, "no pretrained models are shipped in this build")
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tSHA-256\tSUMMARY")
	for _, m := range models {
		sum := m.SHA256
		if len(sum) > 12 {
			sum = sum[:12] + "…"
		}
		if sum == "" {
			sum = "-"
		}
		fmt.Fprintf(tw, "%s\t%.1f MB\t%s\t%s\n", m.Name, float64(m.Size)/1e6, sum, m.Summary)
	}
	return tw.Flush()
}

// shippedNames names the shipped models for messages.
func shippedNames() string {
	names := pretrained.Shipped().Names()
	if len(names) == 0 {
		return "none shipped"
	}
	return "shipped: " + strings.Join(names, ", ")
}

// printJSON prints v as one line of JSON.
func printJSON(env *cliEnv, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, string(b))
	return nil
}
