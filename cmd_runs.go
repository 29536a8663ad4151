package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
	"gonum.org/v1/plot/vg"
)

// runsCommands are the subcommands of `adaptformer runs`.
func runsCommands() []command {
	return []command{
		{"list", "list the runs, newest first", runsList},
		{"show", "show one run: config, progress, results, epochs", runsShow},
		{"export", "write runs' metrics as CSV or JSON", runsExport},
		{"export-weights", "write a run's weights (no optimizer state) to a safetensors file", runsExportWeights},
		{"plot", "plot runs' loss and accuracy curves to PNG or SVG", runsPlot},
		{"table", "print a results table: mean ± std over seeds per dataset and mode", runsTable},
		{"rename", "give a run a new name", runsRename},
		{"archive", "move runs out of the list (into RUNS/.archive)", runsArchive},
		{"unarchive", "bring archived runs back", runsUnarchive},
		{"delete", "delete runs and their checkpoints", runsDelete},
	}
}

// runRuns dispatches `adaptformer runs SUBCOMMAND`.
func runRuns(env *cliEnv, args []string) error {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "usage: adaptformer runs SUBCOMMAND [flags] [RUN...]")
		fmt.Fprintln(w, "\nRUN is a run ID as `runs list` prints it (GROUP/NAME, or NAME for a run")
		fmt.Fprintln(w, "directly under the runs root), a unique prefix or last part of one, or,")
		fmt.Fprintln(w, "where several runs are taken, a group: all of its runs.")
		fmt.Fprintln(w, "\nsubcommands:")
		for _, c := range runsCommands() {
			fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
		}
		fmt.Fprintf(w, "\nEvery subcommand takes -runs DIR (env %s, default ./runs).\n", experiments.EnvRoot)
	}
	if len(args) == 0 {
		usage(env.stderr)
		return usagef("missing subcommand")
	}
	name, rest := args[0], args[1:]
	if name == "-h" || name == "--help" || name == "help" {
		usage(env.stdout)
		return nil
	}
	for _, c := range runsCommands() {
		if c.name != name {
			continue
		}
		err := c.run(env, rest)
		var ue usageError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ue):
			return usagef("%s: %s", name, ue.msg)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return usagef("unknown subcommand %q (have list, show, export, export-weights, plot, table, rename, archive, unarchive, delete)", name)
}

// runsFlags is a subcommand's flag set with the shared -runs flag.
func runsFlags(env *cliEnv, name, synopsis, about string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("runs "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	root := fs.String("runs", experiments.DefaultRoot(env.getenv), "runs root directory (env "+experiments.EnvRoot+")")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: adaptformer runs %s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs, root
}

// parseArgs parses flags placed anywhere among the positional arguments,
// which it returns. -h is reported as flag.ErrHelp.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseRunsFlags parses a subcommand's arguments and opens the store.
func parseRunsFlags(fs *flag.FlagSet, root *string, args []string) (*experiments.Store, []string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, flag.ErrHelp
		}
		return nil, nil, usagef("%v", err)
	}
	store, err := experiments.OpenStore(*root)
	if err != nil {
		return nil, nil, err
	}
	return store, pos, nil
}

// helpOK turns flag.ErrHelp into success.
func helpOK(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// resolveRuns expands run IDs and groups into runs, in the order given,
// each once. The runs of those groups that cannot be read are left out and
// named on stderr.
func resolveRuns(env *cliEnv, store *experiments.Store, ids []string) ([]experiments.RunEntry, error) {
	var out []experiments.RunEntry
	groups := map[string]bool{}
	defer func() {
		if len(groups) == 0 {
			return
		}
		problems, _ := store.ListProblems()
		for _, p := range problems {
			var rp *experiments.RunProblem
			if errors.As(p, &rp) && groups[rp.Group] {
				fmt.Fprintf(env.stderr, "skipped: %v\n", p)
			}
		}
	}()
	seen := map[string]bool{}
	add := func(e experiments.RunEntry) {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	for _, id := range ids {
		if group, err := store.Group(id); err == nil && len(group) > 0 && !trainer.IsRunDir(store.Dir(id)) {
			groups[strings.Trim(id, "/")] = true
			for _, e := range group {
				add(e)
			}
			continue
		}
		e, err := store.Get(id)
		if err != nil {
			// "seed" for the group seed-20261126-191500, when it is the
			// only group that starts so.
			group, gerr := groupByPrefix(store, id)
			if gerr != nil || group == "" {
				return nil, groupHint(store, id, err)
			}
			runs, gerr := store.Group(group)
			if gerr != nil {
				return nil, gerr
			}
			groups[group] = true
			for _, e := range runs {
				add(e)
			}
			continue
		}
		add(e)
	}
	return out, nil
}

// groupHint improves the error of an ID that names no run: it may start
// several groups' names, or name an archived group.
func groupHint(store *experiments.Store, id string, err error) error {
	id = strings.Trim(id, "/")
	live, _ := store.List()
	archived, _ := store.ListArchived()
	var groups []string
	for _, e := range live {
		if e.Group != "" && strings.HasPrefix(e.Group, id) && !slices.Contains(groups, e.Group) {
			groups = append(groups, e.Group)
		}
	}
	if len(groups) > 1 {
		slices.Sort(groups)
		return fmt.Errorf("%q starts the names of several groups: %s; name one", id, strings.Join(groups, ", "))
	}
	for _, e := range archived {
		if e.Group == id {
			return fmt.Errorf("the group %s is archived: adaptformer runs unarchive %s brings it back", id, id)
		}
	}
	return err
}

// groupByPrefix is the one group whose ID starts with prefix, or "" when
// there is none or more than one.
func groupByPrefix(store *experiments.Store, prefix string) (string, error) {
	entries, err := store.List()
	if err != nil {
		return "", err
	}
	found := ""
	for _, e := range entries {
		if e.Group == "" || !strings.HasPrefix(e.Group, prefix) || e.Group == found {
			continue
		}
		if found != "" {
			return "", nil
		}
		found = e.Group
	}
	return found, nil
}

func runsList(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "list", "[flags] [GROUP...]",
		"Lists the runs, newest first, with their status (a run left running by a\nprocess that died is interrupted), progress and results.")
	all := fs.Bool("all", false, "include archived runs")
	asJSON := fs.Bool("json", false, "print the runs as JSON (ID, status and run.json)")
	store, groups, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	entries, err := store.List()
	if err != nil {
		return err
	}
	if *all {
		archived, err := store.ListArchived()
		if err != nil {
			return err
		}
		entries = append(entries, archived...)
	}
	if len(groups) > 0 {
		want := map[string]bool{}
		for _, g := range groups {
			g = strings.Trim(g, "/")
			if byPrefix, err := groupByPrefix(store, g); err == nil && byPrefix != "" {
				g = byPrefix // a unique prefix names the group
			}
			want[g] = true
		}
		var kept []experiments.RunEntry
		for _, e := range entries {
			if want[e.Group] {
				kept = append(kept, e)
			}
		}
		entries = kept
	}
	if *asJSON {
		type row struct {
			ID       string          `json:"id"`
			Group    string          `json:"group,omitempty"`
			Status   trainer.Status  `json:"status"`
			Archived bool            `json:"archived,omitempty"`
			Info     trainer.RunInfo `json:"info"`
		}
		rows := make([]row, len(entries))
		for i, e := range entries {
			rows[i] = row{e.ID, e.Group, e.Status, e.Archived, e.Info}
		}
		warnUnreadable(env, store)
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(entries) == 0 {
		if len(groups) > 0 {
			for _, g := range groups {
				if e, err := store.Get(g); err == nil {
					return fmt.Errorf("%s is a run, not a group of runs: adaptformer runs show %s", g, e.ID)
				}
			}
			fmt.Fprintf(env.stdout, "no runs in the groups %s of %s\n", strings.Join(groups, ", "), store.Root())
			return nil
		}
		fmt.Fprintf(env.stdout, "no runs in %s\n", store.Root())
		warnUnreadable(env, store)
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSTATUS\tMODE\tDATASET\tPRESET\tEPOCH\tSTEP\tFINAL TOP-1\tBEST TOP-1\tCREATED")
	for _, e := range entries {
		id := e.ID
		if e.Archived {
			id += " (archived)"
		}
		c := e.Info.Config
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%d\t%s\t%s\t%s\n", id, e.Name(), e.Status, c.Mode, c.Dataset, c.Preset,
			e.Info.Epoch, e.Info.Epochs, e.Info.Step, pct(e.Info.LastEvalTop1, e.Info.Epoch), pct(e.Info.BestEvalTop1, e.Info.Epoch),
			e.Info.Created.Local().Format("2006-01-02 15:04"))
	}
	tw.Flush()
	warnUnreadable(env, store)
	return nil
}

// warnUnreadable names on stderr the run directories a listing left out
// because their run.json cannot be read.
func warnUnreadable(env *cliEnv, store *experiments.Store) {
	if problems, err := store.ListProblems(); err == nil {
		for _, p := range problems {
			fmt.Fprintf(env.stderr, "skipped: %v\n", p)
		}
	}
}

// pct formats an accuracy, or "-" before the first epoch.
func pct(v float64, epochs int) string {
	if epochs == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*v)
}

func runsShow(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "show", "[flags] RUN",
		"Shows a run: identity, status, config, progress, results and the epochs' metrics.")
	showConfig := fs.Bool("config", false, "print the full training config as JSON")
	layers := fs.Bool("layers", false, "print the per-layer parameter table (summary.txt)")
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) != 1 {
		return usagef("want one run, got %d", len(ids))
	}
	e, err := store.Get(ids[0])
	if err != nil {
		return err
	}
	s, err := store.Series(e.ID)
	if err != nil {
		return err
	}
	if len(s.Skipped) > 0 {
		fmt.Fprintf(env.stderr, "%s: %s\n", trainer.MetricsFile, trainer.DescribeMalformed(s.Skipped))
	}
	i, c := e.Info, e.Info.Config
	w := env.stdout
	fmt.Fprintf(w, "run        %s\n", e.ID)
	fmt.Fprintf(w, "name       %s\n", e.Name())
	fmt.Fprintf(w, "directory  %s\n", e.Dir)
	status := string(e.Status)
	if e.Status == trainer.StatusInterrupted {
		status += fmt.Sprintf(" (run.json says %s, but no process holds it; resume with: adaptformer run --resume %s)", i.Status, e.ID)
	}
	if i.Message != "" {
		status += ": " + i.Message
	}
	fmt.Fprintf(w, "status     %s\n", status)
	if i.Recipe != "" {
		fmt.Fprintf(w, "recipe     %s\n", i.Recipe)
	}
	if i.Parent != "" {
		fmt.Fprintf(w, "parent     %s\n", i.Parent)
	}
	fmt.Fprintf(w, "created    %s\n", fmtTime(i.Created))
	if !i.Started.IsZero() {
		fmt.Fprintf(w, "started    %s\n", fmtTime(i.Started))
	}
	fmt.Fprintf(w, "updated    %s\n", fmtTime(i.Updated))
	fmt.Fprintf(w, "model      %s, mode %s, %d parameters, %d trainable (%.2f%%)\n", c.Preset, c.Mode, i.Params, i.Trainable, share(i.Trainable, i.Params))
	fmt.Fprintf(w, "data       %s, %d training and %d eval images\n", c.Dataset, i.TrainImages, i.EvalImages)
	warmup := fmt.Sprint(c.WarmupSteps)
	if i.TotalSteps() > 0 {
		warmup = fmt.Sprint(c.Warmup(i.TotalSteps()))
	}
	fmt.Fprintf(w, "schedule   %d epochs of batch %d, %s lr %g -> %g, warmup %s steps, weight decay %g, seed %d\n",
		c.Epochs, c.Batch, c.Optimizer, c.LR, c.MinLR, warmup, c.WeightDecay, c.Seed)
	if c.InitFrom != "" || i.InitFrom != "" {
		from := i.InitFrom
		if from == "" {
			from = c.InitFrom
		}
		fmt.Fprintf(w, "init from  %s\n", from)
	}
	fmt.Fprintf(w, "progress   epoch %d/%d, step %d/%d (%.0f%%)\n", i.Epoch, i.Epochs, i.Step, i.TotalSteps(), 100*i.Progress())
	if i.Epoch > 0 {
		last := "final"
		if i.Epoch < i.Epochs {
			last = "latest" // the run has epochs to go
		}
		fmt.Fprintf(w, "top-1      %s %.2f%%, best %.2f%% (epoch %d)\n", last, 100*i.LastEvalTop1, 100*i.BestEvalTop1, i.BestEpoch)
		fmt.Fprint(w, emaTop1Line(i, last))
	}
	if i.Checkpoint != "" {
		fmt.Fprintf(w, "checkpoint %s\n", filepath.Join(e.Dir, i.Checkpoint))
	}
	if len(s.Epochs) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		ema := slices.ContainsFunc(s.Epochs, trainer.EpochEvent.HasEMA)
		emaHead := ""
		if ema {
			emaHead = "EMA LOSS\tEMA TOP-1\t"
		}
		fmt.Fprintln(tw, "EPOCH\tSTEP\tLR\tTRAIN LOSS\tTRAIN TOP-1\tEVAL LOSS\tEVAL TOP-1\tEVAL TOP-5\t"+emaHead+"SECONDS\t")
		for _, ep := range s.Epochs {
			emaCells := ""
			if ema {
				emaCells = fmt.Sprintf("%.4f\t%.2f%%\t", ep.EMAEvalLoss, 100*ep.EMAEvalTop1)
			}
			fmt.Fprintf(tw, "%d\t%d\t%.3g\t%.4f\t%.2f%%\t%.4f\t%.2f%%\t%.2f%%\t%s%.1f\t\n", ep.Epoch, ep.Step, ep.LR,
				ep.TrainLoss, 100*ep.TrainTop1, ep.EvalLoss, 100*ep.EvalTop1, 100*ep.EvalTop5, emaCells, ep.Seconds)
		}
		tw.Flush()
	}
	if *showConfig {
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nconfig:\n%s\n", b)
	}
	if *layers {
		b, err := os.ReadFile(filepath.Join(e.Dir, trainer.SummaryFile))
		if err != nil {
			return fmt.Errorf("run %s has no parameter table yet: %w", e.ID, err)
		}
		fmt.Fprintf(w, "\n%s", b)
	}
	return nil
}

func share(part, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(part) / float64(total)
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

func runsExport(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "export", "[flags] RUN...",
		"Writes the runs' metrics, step and epoch records, as CSV (one row per record,\naccuracies as fractions) or JSON (run.json and the records of each run).")
	format := fs.String("format", "", "csv or json (default: by the -o file's extension, else csv)")
	var outFlag onceString
	fs.Var(&outFlag, "o", "write to `FILE` instead of standard output")
	out := &outFlag.v
	epochsOnly := fs.Bool("epochs-only", false, "leave out the per-step records")
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) == 0 {
		return usagef("name at least one run or group")
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".json") {
			f = "json"
		}
	}
	if f != "csv" && f != "json" {
		return usagef("-format must be csv or json, got %q", *format)
	}
	entries, err := resolveRuns(env, store, ids)
	if err != nil {
		return err
	}
	series, err := loadSeries(env, store, entries)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if f == "csv" {
		err = experiments.WriteCSV(&buf, series, experiments.CSVOptions{EpochsOnly: *epochsOnly})
	} else {
		err = experiments.WriteJSON(&buf, series, experiments.JSONOptions{EpochsOnly: *epochsOnly})
	}
	if err != nil {
		return err
	}
	return writeOutput(env, *out, buf.Bytes(), fmt.Sprintf("%d runs", len(series)))
}

// writeOutput writes an export to stdout, or atomically to the file out
// (saying so, with what it holds, on stderr).
func writeOutput(env *cliEnv, out string, data []byte, what string) error {
	if out == "" {
		_, err := env.stdout.Write(data)
		return err
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return fmt.Errorf("-o %s: a directory, expected a file name", out)
	}
	if err := experiments.WriteFile(out, data); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "wrote %s (%s)\n", out, what)
	return nil
}

// loadSeries reads the runs' metrics, warning on stderr about malformed
// lines it had to leave out.
func loadSeries(env *cliEnv, store *experiments.Store, entries []experiments.RunEntry) ([]experiments.Series, error) {
	series := make([]experiments.Series, len(entries))
	for i, e := range entries {
		s, err := store.Series(e.ID)
		if err != nil {
			return nil, err
		}
		if len(s.Skipped) > 0 {
			fmt.Fprintf(env.stderr, "warning: %s: %s: %s\n", e.ID, trainer.MetricsFile, trainer.DescribeMalformed(s.Skipped))
		}
		series[i] = s
	}
	return series, nil
}

// fileList is a repeatable string flag.
type fileList []string

func (l *fileList) String() string     { return strings.Join(*l, ",") }
func (l *fileList) Set(v string) error { *l = append(*l, v); return nil }

// onceString is a string flag that may be given once: a second -o would
// otherwise win silently, and the first file never be written.
type onceString struct {
	v   string
	set bool
}

func (o *onceString) String() string { return o.v }
func (o *onceString) Set(v string) error {
	if o.set {
		return fmt.Errorf("given twice (%q, then %q): this command writes one file", o.v, v)
	}
	o.v, o.set = v, true
	return nil
}

func runsPlot(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "plot", "[flags] RUN...",
		"Plots the runs' loss (left) and top-1 accuracy (right) against step or epoch,\none colour per run; training curves solid, evaluation curves dashed. With\n-aggregate, one colour per dataset and mode (as `runs table` groups runs, seeds\npooled): the mean curve over the runs in a shaded band.")
	var outs fileList
	fs.Var(&outs, "o", "write the plot to `FILE`, .png or .svg; repeat for both (default plot.png)")
	x := fs.String("x", "step", "horizontal axis: step or epoch")
	title := fs.String("title", "", "title above the plot (default: the runs' group, when they share one)")
	width := fs.Float64("width", 25, "figure width in cm")
	height := fs.Float64("height", 10, "figure height in cm")
	aggregate := fs.Bool("aggregate", false, "draw each dataset and mode's mean over its runs (seeds) in a band, not each run")
	band := fs.String("band", experiments.AggregateStd, "with -aggregate, the band: std (mean ± sample standard deviation) or minmax")
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) == 0 {
		return usagef("name at least one run or group")
	}
	if *x != "step" && *x != "epoch" {
		return usagef("-x must be step or epoch, got %q", *x)
	}
	if *width <= 0 || *height <= 0 {
		return usagef("-width and -height must be positive")
	}
	if *band != experiments.AggregateStd && *band != experiments.AggregateMinMax {
		return usagef("-band must be std or minmax, got %q", *band)
	}
	if len(outs) == 0 {
		outs = fileList{"plot.png"}
	}
	for _, o := range outs {
		if _, err := experiments.PlotFormat(o); err != nil {
			return usagef("%v", err)
		}
	}
	entries, err := resolveRuns(env, store, ids)
	if err != nil {
		return err
	}
	series, err := loadSeries(env, store, entries)
	if err != nil {
		return err
	}
	if *title == "" {
		*title = commonGroup(entries) // the experiment, when the runs share one
	}
	opt := experiments.PlotOptions{X: *x, Title: *title, Width: cm(*width), Height: cm(*height)}
	if *aggregate {
		opt.Aggregate = *band
	}
	for _, o := range outs {
		if err := experiments.SavePlot(o, series, opt); err != nil {
			return err
		}
		fmt.Fprintf(env.stderr, "wrote %s (%d runs)\n", o, len(series))
	}
	return nil
}

// commonGroup is the group of all the runs, "" when they differ.
func commonGroup(entries []experiments.RunEntry) string {
	if len(entries) == 0 {
		return ""
	}
	for _, e := range entries[1:] {
		if e.Group != entries[0].Group {
			return ""
		}
	}
	return entries[0].Group
}

func cm(x float64) vg.Length { return vg.Length(x) * vg.Centimeter }

func runsRename(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "rename", "[flags] RUN NEW_NAME", "Gives a run a new human name (its ID and directory stay).")
	store, pos, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(pos) != 2 {
		return usagef("want a run and a new name, got %d arguments", len(pos))
	}
	return store.Rename(pos[0], pos[1])
}

func runsArchive(env *cliEnv, args []string) error {
	return runsEach(env, args, "archive", "Moves runs that no process trains into RUNS/.archive, out of the list.",
		func(s *experiments.Store, id string) error { return s.Archive(id) })
}

func runsUnarchive(env *cliEnv, args []string) error {
	return runsEach(env, args, "unarchive", "Brings archived runs back into the list.",
		func(s *experiments.Store, id string) error { return s.Unarchive(id) })
}

func runsDelete(env *cliEnv, args []string) error {
	return runsEach(env, args, "delete", "Deletes runs that no process trains, with their checkpoints. There is no undo.",
		func(s *experiments.Store, id string) error { return s.Delete(id) })
}

// runsEach applies do to every run or group named.
func runsEach(env *cliEnv, args []string, name, about string, do func(*experiments.Store, string) error) error {
	fs, root := runsFlags(env, name, "[flags] RUN...", about)
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) == 0 {
		return usagef("name at least one run or group")
	}
	var entries []experiments.RunEntry
	switch name {
	case "unarchive":
		archived, err := store.ListArchived()
		if err != nil {
			return err
		}
		for _, id := range ids {
			// A group archived whole comes back whole.
			var group []experiments.RunEntry
			for _, e := range archived {
				if e.Group == strings.Trim(id, "/") {
					group = append(group, e)
				}
			}
			if len(group) > 0 {
				entries = append(entries, group...)
				continue
			}
			e, err := store.Get(id)
			if err != nil {
				return err
			}
			entries = append(entries, e)
		}
	case "delete":
		// No prefixes for what cannot be undone: a run's or a group's
		// whole ID.
		for _, id := range ids {
			if st, err := os.Stat(store.Dir(id)); err != nil || !st.IsDir() {
				return fmt.Errorf("delete %s: no run or group of that exact ID in %s (delete takes whole IDs: there is no undo)", id, store.Root())
			}
		}
		fallthrough
	default:
		if entries, err = resolveRuns(env, store, ids); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if err := do(store, e.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s: %s\n", name, e.ID)
	}
	return nil
}
