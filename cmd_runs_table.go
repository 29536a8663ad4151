package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// Output formats of `runs table`.
const (
	tableText     = "text"
	tableMarkdown = "markdown"
	tableCSV      = "csv"
)

func runsTable(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "table", "[flags] GROUP_OR_RUN...",
		`Prints a results table of the finished runs named: one row per dataset, mode,
model preset and initialisation (from scratch, as a pretraining run, or from
a checkpoint, as a transfer run), seeds pooled, with the number of runs,
the trainable parameters (count, share of the total, MiB as float32), the
best and the final eval top-1 as mean ± sample standard deviation over the
runs, the training throughput (images trained / seconds of training steps,
evaluation excluded; mean over runs), the wall time per run (time running,
evaluation and checkpoints included; mean), and the disk space of a run: one
checkpoint file and the whole run directory (means).

Runs that have not finished are left out, each named on standard error:
their accuracy is not final. A row whose runs differ in more than the seed
is warned about on standard error.`)
	format := fs.String("format", "", "text, markdown (a GitHub table) or csv (default: by the -o file's extension, .md or .csv, else text)")
	var outFlag onceString
	fs.Var(&outFlag, "o", "write to `FILE` instead of standard output")
	out := &outFlag.v
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) == 0 {
		return usagef("name at least one run or group")
	}
	f, err := tableFormat(*format, *out)
	if err != nil {
		return err
	}
	entries, err := resolveRuns(env, store, ids)
	if err != nil {
		return err
	}
	rows, skipped, err := experiments.Table(entries)
	if err != nil {
		return err
	}
	for _, e := range skipped {
		where := ""
		if e.Info.Epoch > 0 {
			where = fmt.Sprintf(" at epoch %d/%d", e.Info.Epoch, e.Info.Epochs)
		}
		fmt.Fprintf(env.stderr, "skipped %s: %s%s, not finished\n", e.ID, e.Status, where)
	}
	if len(rows) == 0 {
		return fmt.Errorf("no finished runs among the %d named", len(entries))
	}
	for _, r := range rows {
		if len(r.ConfigDiffs) > 0 {
			fmt.Fprintf(env.stderr, "warning: the row %s %s (%s) pools runs whose configs differ in %s, not only in the seed\n",
				r.Dataset, r.Mode, r.Init, strings.Join(r.ConfigDiffs, ", "))
		}
		for _, seed := range r.RepeatedSeeds {
			fmt.Fprintf(env.stderr, "warning: the row %s %s (%s) pools several runs of seed %d: repeats, not independent seeds for the ±\n",
				r.Dataset, r.Mode, r.Init, seed)
		}
		for _, m := range r.Malformed {
			fmt.Fprintf(env.stderr, "warning: %s: %s\n", trainer.MetricsFile, m)
		}
	}
	var buf bytes.Buffer
	switch f {
	case tableText:
		err = writeTableText(&buf, rows)
	case tableMarkdown:
		err = writeTableMarkdown(&buf, rows)
	case tableCSV:
		err = writeTableCSV(&buf, rows)
	}
	if err != nil {
		return err
	}
	return writeOutput(env, *out, buf.Bytes(), fmt.Sprintf("%d rows", len(rows)))
}

// tableFormat is the output format the -format flag names, or that the
// -o file's extension implies.
func tableFormat(format, out string) (string, error) {
	f := strings.ToLower(format)
	switch f {
	case "":
		switch strings.ToLower(filepath.Ext(out)) {
		case ".md", ".markdown":
			return tableMarkdown, nil
		case ".csv":
			return tableCSV, nil
		}
		return tableText, nil
	case "md":
		return tableMarkdown, nil
	case tableText, tableMarkdown, tableCSV:
		return f, nil
	}
	return "", usagef("-format must be text, markdown or csv, got %q", format)
}

// tableColumn is a column of the text and markdown tables.
type tableColumn struct {
	head    string
	numeric bool // right-aligned in markdown
	cell    func(experiments.TableRow) string
}

func tableColumns() []tableColumn {
	return []tableColumn{
		{"dataset", false, func(r experiments.TableRow) string { return r.Dataset }},
		{"mode", false, func(r experiments.TableRow) string { return r.Mode }},
		{"init", false, func(r experiments.TableRow) string { return r.Init }},
		{"preset", false, func(r experiments.TableRow) string { return r.Preset }},
		{"runs", true, func(r experiments.TableRow) string { return strconv.Itoa(len(r.Runs)) }},
		{"trainable params", true, func(r experiments.TableRow) string {
			return fmt.Sprintf("%s (%.2f%%)", commas(r.Trainable), r.TrainablePercent())
		}},
		{"trainable MiB", true, func(r experiments.TableRow) string { return mibCell(r.TrainableMiB()) }},
		{"best top-1 (%)", true, bestCell},
		{"final top-1 (%)", true, func(r experiments.TableRow) string { return accuracyCell(r.Final) }},
		{"train images/s", true, func(r experiments.TableRow) string { return rateCell(r.ImagesPerSec) }},
		{"wall time/run", true, func(r experiments.TableRow) string { return durationCell(r.WallSeconds) }},
		{"checkpoint", true, func(r experiments.TableRow) string { return bytesCell(r.CheckpointBytes) }},
		{"run dir", true, func(r experiments.TableRow) string { return bytesCell(r.RunDirBytes) }},
	}
}

func writeTableText(w io.Writer, rows []experiments.TableRow) error {
	cols := tableColumns()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, c := range cols {
		fmt.Fprint(tw, strings.ReplaceAll(strings.ToUpper(c.head), "MIB", "MiB"))
		if i < len(cols)-1 {
			fmt.Fprint(tw, "\t")
		}
	}
	fmt.Fprintln(tw)
	for _, r := range rows {
		for i, c := range cols {
			fmt.Fprint(tw, c.cell(r))
			if i < len(cols)-1 {
				fmt.Fprint(tw, "\t")
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// writeTableMarkdown writes a GitHub-flavoured markdown table: a header
// row, a delimiter row (numbers right-aligned), one row per table row.
func writeTableMarkdown(w io.Writer, rows []experiments.TableRow) error {
	cols := tableColumns()
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + markdownEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	line(heads)
	b.WriteString("|")
	for _, c := range cols {
		if c.numeric {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = c.cell(r)
		}
		line(cells)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownEscape keeps a cell's text from ending the cell or the row.
func markdownEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// writeTableCSV writes the rows with full precision for further analysis:
// accuracies as fractions, times in seconds, sizes in bytes, an empty cell
// where a value is unknown.
func writeTableCSV(w io.Writer, rows []experiments.TableRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"dataset", "mode", "init", "preset", "runs", "run_ids", "params", "trainable", "trainable_percent", "trainable_mib",
		"best_top1_mean", "best_top1_std", "best_top1_min", "best_top1_max",
		"final_top1_mean", "final_top1_std", "final_top1_min", "final_top1_max",
		"train_images_per_s", "wall_s", "checkpoint_bytes", "run_dir_bytes",
		"ema_best_top1_mean", "ema_best_top1_std"})
	num := func(s experiments.Stat, v float64) string {
		if s.N == 0 {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	for _, r := range rows {
		cw.Write([]string{r.Dataset, r.Mode, r.Init, r.Preset, strconv.Itoa(len(r.Runs)), strings.Join(r.Runs, " "),
			strconv.Itoa(r.Params), strconv.Itoa(r.Trainable),
			strconv.FormatFloat(r.TrainablePercent(), 'f', -1, 64), strconv.FormatFloat(r.TrainableMiB(), 'f', -1, 64),
			num(r.Best, r.Best.Mean), num(r.Best, r.Best.Std), num(r.Best, r.Best.Min), num(r.Best, r.Best.Max),
			num(r.Final, r.Final.Mean), num(r.Final, r.Final.Std), num(r.Final, r.Final.Min), num(r.Final, r.Final.Max),
			num(r.ImagesPerSec, r.ImagesPerSec.Mean), num(r.WallSeconds, r.WallSeconds.Mean),
			num(r.CheckpointBytes, r.CheckpointBytes.Mean), num(r.RunDirBytes, r.RunDirBytes.Mean),
			num(r.EMABest, r.EMABest.Mean), num(r.EMABest, r.EMABest.Std)})
	}
	cw.Flush()
	return cw.Error()
}

// bestCell is the best top-1 of the raw weights, and of the moving average
// of the weights where the runs kept one: "77.84 ± 0.52 (EMA 78.10 ±
// 0.40)", so that the better of the two is plain to see.
func bestCell(r experiments.TableRow) string {
	if r.EMABest.N == 0 {
		return accuracyCell(r.Best)
	}
	return fmt.Sprintf("%s (EMA %s)", accuracyCell(r.Best), accuracyCell(r.EMABest))
}

// accuracyCell is "77.84 ± 0.52" in percent, "77.84" for one run.
func accuracyCell(s experiments.Stat) string { return s.Percent(2, "") }

// mibCell is a size in MiB to two decimals, or two significant digits
// below 0.01 (a linear head's few hundred parameters).
func mibCell(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 0.01:
		r, _ := strconv.ParseFloat(fmt.Sprintf("%.2g", v), 64)
		return strconv.FormatFloat(r, 'f', -1, 64)
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func rateCell(s experiments.Stat) string {
	switch {
	case s.N == 0:
		return "-"
	case s.Mean < 10:
		return fmt.Sprintf("%.1f", s.Mean)
	}
	return commas(int(s.Mean + 0.5))
}

// durationCell is a mean number of seconds as "0.04s", "42.0s", "12m05s"
// or "3h07m".
func durationCell(s experiments.Stat) string {
	if s.N == 0 {
		return "-"
	}
	sec := s.Mean
	switch {
	case sec < 1:
		return fmt.Sprintf("%.2fs", sec)
	case sec < 60:
		return fmt.Sprintf("%.1fs", sec)
	case sec < 3600:
		n := int(sec + 0.5)
		return fmt.Sprintf("%dm%02ds", n/60, n%60)
	}
	n := int(sec/60 + 0.5)
	return fmt.Sprintf("%dh%02dm", n/60, n%60)
}

// bytesCell is a mean size in bytes with binary units: "512 B", "3.4 KiB",
// "10.6 MiB".
func bytesCell(s experiments.Stat) string {
	if s.N == 0 {
		return "-"
	}
	v := s.Mean
	if v < 1024 {
		return fmt.Sprintf("%.0f B", v)
	}
	for _, unit := range []string{"KiB", "MiB", "GiB"} {
		v /= 1024
		if v < 1024 || unit == "GiB" {
			return fmt.Sprintf("%.1f %s", v, unit)
		}
	}
	return "" // not reached
}

// commas formats n with thousands separators: 1197334 -> "1,197,334".
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
