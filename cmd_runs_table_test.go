package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// tinySweepRecipe is a sweep of two seeds and two modes at a few steps per
// run.
const tinySweepRecipe = `kind = "sweep"
name = "tbl"
` + tinyDefaults + `[pretrain]
dataset = "synthetic-pretrain"
[transfer]
modes = ["adaptformer", "linear"]
seeds = [1, 2]
`

// markdownCells splits a markdown table row into its cells, or returns nil
// when the line is not a row.
func markdownCells(line string) []string {
	if !strings.HasPrefix(line, "| ") || !strings.HasSuffix(line, " |") {
		return nil
	}
	inner := line[2 : len(line)-2]
	var cells []string
	start := 0
	for i := 0; i < len(inner); i++ {
		switch {
		case inner[i] == '\\':
			i++ // an escaped character
		case strings.HasPrefix(inner[i:], " | "):
			cells = append(cells, inner[start:i])
			start = i + 3
			i += 2
		}
	}
	return append(cells, inner[start:])
}

func TestRunsTableCommand(t *testing.T) {
	dir := t.TempDir()
	recipe := filepath.Join(dir, "sweep.toml")
	os.WriteFile(recipe, []byte(tinySweepRecipe), 0o644)
	runs := filepath.Join(dir, "runs")
	if code, stdout, stderr := runCmd("run", "--runs", runs, recipe); code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	store, err := experiments.OpenStore(runs)
	if err != nil {
		t.Fatal(err)
	}
	all, err := store.List()
	if err != nil || len(all) != 5 {
		t.Fatalf("%d runs, %v", len(all), err)
	}
	group := all[0].Group
	// An unfinished run in the group: left out, and named on stderr.
	stopped := trainer.RunInfo{ID: group + "/seed3-linear", Status: trainer.StatusStopped, Config: all[0].Info.Config, Epoch: 1, Epochs: 2}
	os.MkdirAll(store.Dir(stopped.ID), 0o755)
	if err := trainer.WriteRunInfo(store.Dir(stopped.ID), stopped); err != nil {
		t.Fatal(err)
	}

	// Text, by a unique prefix of the group.
	code, stdout, stderr := runCmd("runs", "table", "--runs", runs, "tbl")
	if code != 0 {
		t.Fatalf("runs table: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "DATASET") || !strings.Contains(lines[0], "FINAL TOP-1 (%)") {
		t.Fatalf("text table:\n%s", stdout)
	}
	for i, want := range [][]string{
		{"synthetic-pretrain", "full", "scratch", "micro", "1", "(100.00%)"},
		{"synthetic-transfer", "adaptformer", "pretrained", "micro", "2", "±", "KiB"},
		{"synthetic-transfer", "linear", "pretrained", "micro", "2", "±", "KiB"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("row %d lacks %q: %s", i+1, w, lines[i+1])
			}
		}
	}
	if want := "skipped " + stopped.ID + ": stopped at epoch 1/2, not finished"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}

	// Markdown: a valid GitHub table, header, delimiter, one line per row.
	code, stdout, _ = runCmd("runs", "table", "--runs", runs, "--format", "markdown", group)
	if code != 0 {
		t.Fatalf("runs table --format markdown: exit %d", code)
	}
	lines = strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("markdown table has %d lines, want 5:\n%s", len(lines), stdout)
	}
	head := markdownCells(lines[0])
	if len(head) < 10 || head[0] != "dataset" || head[1] != "mode" {
		t.Errorf("markdown header %q", lines[0])
	}
	delim := regexp.MustCompile(`^\|( :?-{3,}:? \|)+$`)
	if !delim.MatchString(lines[1]) || strings.Count(lines[1], "|") != len(head)+1 {
		t.Errorf("markdown delimiter row %q for %d columns", lines[1], len(head))
	}
	for _, l := range lines[2:] {
		if cells := markdownCells(l); len(cells) != len(head) {
			t.Errorf("markdown row has %d cells, want %d: %q", len(cells), len(head), l)
		}
	}
	if !strings.Contains(lines[3], "| adaptformer | pretrained |") {
		t.Errorf("markdown row 2: %q", lines[3])
	}

	// CSV, to a file named by -o, the format by its extension.
	csvPath := filepath.Join(dir, "table.csv")
	if code, _, stderr := runCmd("runs", "table", "--runs", runs, group, "-o", csvPath); code != 0 || !strings.Contains(stderr, "wrote "+csvPath+" (3 rows)") {
		t.Fatalf("runs table -o: exit %d\n%s", code, stderr)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(records) != 4 || records[0][0] != "dataset" || records[1][2] != "scratch" || records[2][4] != "2" {
		t.Fatalf("CSV: %v\n%v", err, records)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	for _, h := range []string{"final_top1_mean", "final_top1_std", "train_images_per_s", "wall_s", "checkpoint_bytes", "run_dir_bytes", "trainable_mib"} {
		i, ok := col[h]
		if !ok || records[2][i] == "" {
			t.Errorf("CSV column %s missing or empty: %v", h, records[2])
		}
	}
	if ids := records[2][col["run_ids"]]; strings.Count(ids, group+"/") != 2 {
		t.Errorf("CSV run_ids %q", ids)
	}

	// A markdown file by its extension.
	mdPath := filepath.Join(dir, "table.md")
	if code, _, _ := runCmd("runs", "table", "--runs", runs, group, "-o", mdPath); code != 0 {
		t.Fatalf("runs table -o table.md: exit %d", code)
	}
	if b, _ := os.ReadFile(mdPath); !strings.HasPrefix(string(b), "| dataset | mode |") {
		t.Errorf("table.md:\n%s", b)
	}

	// The sweep's plot, seeds pooled.
	png := filepath.Join(dir, "agg.png")
	if code, _, stderr := runCmd("runs", "plot", "--runs", runs, group, "--aggregate", "--band", "minmax", "-o", png); code != 0 {
		t.Errorf("runs plot --aggregate: exit %d\n%s", code, stderr)
	} else if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("aggregate plot not written: %v", err)
	}
	if code, _, stderr := runCmd("runs", "plot", "--runs", runs, group, "--aggregate", "--band", "iqr"); code != 2 || !strings.Contains(stderr, "-band must be std or minmax") {
		t.Errorf("runs plot --band iqr: exit %d\n%s", code, stderr)
	}

	// Nothing finished, bad flags, unknown runs.
	if code, _, stderr := runCmd("runs", "table", "--runs", runs, stopped.ID); code != 1 || !strings.Contains(stderr, "no finished runs") {
		t.Errorf("table of an unfinished run: exit %d\n%s", code, stderr)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runs", "table", "--runs", runs}, 2, "name at least one run or group"},
		{[]string{"runs", "table", "--runs", runs, "--format", "html", group}, 2, "-format must be text, markdown or csv"},
		{[]string{"runs", "table", "--runs", runs, "no-such-run"}, 1, "no-such-run"},
		{[]string{"runs", "table", "-h"}, 0, "one row per dataset, mode"},
		{[]string{"runs", "-h"}, 0, "table"},
	} {
		code, stdout, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%v: exit %d, output %q; want exit %d and %q", tt.args, code, stdout+stderr, tt.code, tt.want)
		}
	}
}

func TestRunsTableWarnsOfPooledConfigs(t *testing.T) {
	runs := filepath.Join(t.TempDir(), "runs")
	store, err := experiments.OpenStore(runs)
	if err != nil {
		t.Fatal(err)
	}
	for i, lr := range []float64{0.1, 0.2} {
		cfg := trainer.DefaultConfig()
		cfg.LR, cfg.Seed = lr, uint64(i+1)
		id := "g/run" + string(rune('1'+i))
		os.MkdirAll(store.Dir(id), 0o755)
		info := trainer.RunInfo{ID: id, Status: trainer.StatusFinished, Config: cfg, Epoch: 1, Epochs: 1, Params: 10, Trainable: 10, LastEvalTop1: 0.5}
		if err := trainer.WriteRunInfo(store.Dir(id), info); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCmd("runs", "table", "--runs", runs, "g")
	if code != 0 || !strings.Contains(stderr, "warning: the row synthetic-pretrain full (scratch) pools runs whose configs differ in lr") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// No metrics: the measured columns say so.
	if !strings.Contains(stdout, "50.00 ± 0.00") || strings.Count(stdout, " - ") < 3 {
		t.Errorf("table of runs without metrics:\n%s", stdout)
	}
}

func TestTableCells(t *testing.T) {
	st := func(n int, mean, std float64) experiments.Stat { return experiments.Stat{N: n, Mean: mean, Std: std} }
	tests := []struct{ got, want string }{
		{accuracyCell(st(0, 0, 0)), "-"},
		{accuracyCell(st(1, 0.77844, 0)), "77.84"},
		{accuracyCell(st(3, 0.7784, 0.0052)), "77.84 ± 0.52"},
		{rateCell(st(0, 0, 0)), "-"},
		{rateCell(st(2, 3.14, 0)), "3.1"},
		{rateCell(st(2, 1234.5, 0)), "1,235"},
		{durationCell(st(0, 0, 0)), "-"},
		{durationCell(st(1, 0.042, 0)), "0.04s"},
		{durationCell(st(1, 42.04, 0)), "42.0s"},
		{durationCell(st(1, 725, 0)), "12m05s"},
		{durationCell(st(1, 3*3600+7*60+10, 0)), "3h07m"},
		{bytesCell(st(0, 0, 0)), "-"},
		{bytesCell(st(1, 512, 0)), "512 B"},
		{bytesCell(st(1, 3.5*1024, 0)), "3.5 KiB"},
		{bytesCell(st(1, 10.6*(1<<20), 0)), "10.6 MiB"},
		{bytesCell(st(1, 3*(1<<40), 0)), "3072.0 GiB"},
		{mibCell(0), "0"},
		{mibCell(0.0024795), "0.0025"},
		{mibCell(4.5678), "4.57"},
		{mibCell(327.4), "327"},
		{commas(0), "0"},
		{commas(999), "999"},
		{commas(1197334), "1,197,334"},
		{commas(-86394736), "-86,394,736"},
		{markdownEscape("a|b\\c\nd"), `a\|b\\c d`},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	for _, tt := range []struct{ format, out, want string }{
		{"", "", tableText}, {"", "t.MD", tableMarkdown}, {"", "t.csv", tableCSV}, {"", "t.txt", tableText},
		{"md", "t.csv", tableMarkdown}, {"CSV", "", tableCSV}, {"text", "t.md", tableText},
	} {
		if got, err := tableFormat(tt.format, tt.out); err != nil || got != tt.want {
			t.Errorf("tableFormat(%q, %q) = %q, %v; want %q", tt.format, tt.out, got, err, tt.want)
		}
	}
}

// A run of the group whose run.json cannot be read is named on stderr by
// every command that takes the group, not silently left out.
func TestRunsGroupCommandsNameUnreadableRuns(t *testing.T) {
	runs, store := newFinishedRuns(t, []string{"g/good", "g/bad"}, nil)
	os.WriteFile(filepath.Join(store.Dir("g/bad"), trainer.RunInfoFile), []byte("{"), 0o644)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"runs", "list", "--runs", runs, "--json"},
		{"runs", "table", "--runs", runs, "g"},
		{"runs", "export", "--runs", runs, "-o", filepath.Join(dir, "m.csv"), "g"},
		{"runs", "plot", "--runs", runs, "-o", filepath.Join(dir, "p.png"), "g"},
	} {
		// (plot then fails: the runs have no metrics to draw.)
		code, _, stderr := runCmd(args...)
		if code != 0 && args[1] != "plot" {
			t.Errorf("%v: exit %d\n%s", args[:2], code, stderr)
		}
		if !strings.Contains(stderr, "skipped: ") || !strings.Contains(stderr, filepath.Join("g", "bad")) {
			t.Errorf("%v: stderr does not name the unreadable run:\n%s", args[:2], stderr)
		}
	}
}

// table and export write one file: a second -o is a usage error, not a
// silent override.
func TestRunsOneOutputFile(t *testing.T) {
	for _, sub := range []string{"table", "export"} {
		code, _, stderr := runCmd("runs", sub, "--runs", t.TempDir(), "-o", "a.csv", "-o", "b.json", "g")
		if code != 2 || !strings.Contains(stderr, `given twice ("a.csv", then "b.json")`) {
			t.Errorf("runs %s -o a -o b: exit %d, stderr %q", sub, code, stderr)
		}
	}
}

// Small mistakes get messages that say what is wrong: a run named where a
// group is wanted, a directory given as the output file.
func TestRunsMessages(t *testing.T) {
	runs, _ := newFinishedRuns(t, []string{"solo"}, nil)
	if code, _, stderr := runCmd("runs", "list", "--runs", runs, "solo"); code != 1 || !strings.Contains(stderr, "solo is a run, not a group of runs: adaptformer runs show solo") {
		t.Errorf("runs list RUN: exit %d, stderr %q", code, stderr)
	}
	dir := t.TempDir()
	if code, _, stderr := runCmd("runs", "export", "--runs", runs, "-o", dir, "solo"); code != 1 || !strings.Contains(stderr, "a directory, expected a file name") {
		t.Errorf("runs export -o DIR: exit %d, stderr %q", code, stderr)
	}
}

// Groups round-trip through archive and unarchive; an archived group or a
// prefix of several groups gets a hint instead of "ambiguous"; delete takes
// whole IDs only.
func TestRunsGroupsArchiveAndPrefixes(t *testing.T) {
	runs, store := newFinishedRuns(t, []string{"seed-1/pretrain", "seed-1/transfer-full", "seed-2/pretrain", "solo"}, nil)
	check := func(args []string, code int, want string) {
		t.Helper()
		c, stdout, stderr := runCmd(append([]string{"runs", args[0], "--runs", runs}, args[1:]...)...)
		if c != code || !strings.Contains(stdout+stderr, want) {
			t.Errorf("runs %v: exit %d, output %q; want exit %d and %q", args, c, stdout+stderr, code, want)
		}
	}
	check([]string{"table", "seed"}, 1, `"seed" starts the names of several groups: seed-1, seed-2; name one`)
	check([]string{"archive", "seed-1"}, 0, "archive: seed-1/transfer-full")
	check([]string{"table", "seed-1"}, 1, "the group seed-1 is archived: adaptformer runs unarchive seed-1")
	check([]string{"unarchive", "seed-1"}, 0, "unarchive: seed-1/pretrain")
	if _, err := store.Get("seed-1/transfer-full"); err != nil {
		t.Errorf("after unarchive: %v", err)
	}
	check([]string{"delete", "sol"}, 1, "no run or group of that exact ID")
	check([]string{"delete", "solo"}, 0, "delete: solo")
}

// A row that pools runs of one seed, or runs that train different counts,
// says so: the ± would mislead, and the trainable column is the first run's.
func TestRunsTableWarnsOfRepeatsAndTrainable(t *testing.T) {
	runs, _ := newFinishedRuns(t, []string{"g/run1", "g/run2"}, func(i int, info *trainer.RunInfo) {
		info.Trainable = []int{10, 8}[i]
	})
	code, _, stderr := runCmd("runs", "table", "--runs", runs, "g")
	for _, want := range []string{"differ in trainable parameters", "pools several runs of seed 1: repeats"} {
		if code != 0 || !strings.Contains(stderr, want) {
			t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
		}
	}
}

// newFinishedRuns makes a store under a fresh root holding a finished run
// of the default config at each ID, edit (when not nil) changing the i-th
// run's info first.
func newFinishedRuns(t *testing.T, ids []string, edit func(i int, info *trainer.RunInfo)) (root string, store *experiments.Store) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "runs")
	store, err := experiments.OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		info := trainer.RunInfo{ID: id, Status: trainer.StatusFinished, Config: trainer.DefaultConfig(), Epoch: 1, Epochs: 1, Params: 10, Trainable: 10, LastEvalTop1: 0.5}
		if edit != nil {
			edit(i, &info)
		}
		os.MkdirAll(store.Dir(id), 0o755)
		if err := trainer.WriteRunInfo(store.Dir(id), info); err != nil {
			t.Fatal(err)
		}
	}
	return root, store
}

// The best top-1 cell names the EMA weights' best beside the raw one where
// the runs kept an average.
func TestBestCellShowsEMA(t *testing.T) {
	st := func(n int, mean, std float64) experiments.Stat { return experiments.Stat{N: n, Mean: mean, Std: std} }
	for _, tt := range []struct {
		row  experiments.TableRow
		want string
	}{
		{experiments.TableRow{Best: st(3, 0.7784, 0.0052)}, "77.84 ± 0.52"},
		{experiments.TableRow{Best: st(3, 0.7784, 0.0052), EMABest: st(3, 0.781, 0.004)}, "77.84 ± 0.52 (EMA 78.10 ± 0.40)"},
		{experiments.TableRow{Best: st(1, 0.5, 0), EMABest: st(1, 0.55, 0)}, "50.00 (EMA 55.00)"},
	} {
		if got := bestCell(tt.row); got != tt.want {
			t.Errorf("bestCell = %q, want %q", got, tt.want)
		}
	}
}
