package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// tinyDefaults makes every run of a test recipe a few steps long.
const tinyDefaults = `[defaults]
preset = "micro"
batch = 16
train_limit = 32
eval_limit = 16
epochs = 1
warmup_steps = 1
threads = 1
augment = false
`

// tinySeedRecipe is the seed recipe at a few steps per run.
const tinySeedRecipe = `kind = "seed"
name = "cli"
` + tinyDefaults

func TestRunCommandUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("kind = \"seed\"\n[pretrain]\nepochs = 0\n"), 0o644)
	manyThreads := filepath.Join(dir, "threads.toml")
	os.WriteFile(manyThreads, []byte("kind = \"single\"\n[run]\nthreads = 100000\n"), 0o644)
	noInit := filepath.Join(dir, "transfer.toml")
	os.WriteFile(noInit, []byte("kind = \"transfer\"\n[transfer]\ninit_from = \""+filepath.Join(dir, "nope.safetensors")+"\"\n"), 0o644)
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{[]string{"run"}, 2, "want one recipe file"},
		{[]string{"run", "a.toml", "b.toml"}, 2, "want one recipe file"},
		{[]string{"run", "--parallel", "0", "a.toml"}, 2, "-parallel"},
		{[]string{"run", "--example", "nope"}, 2, "unknown kind"},
		{[]string{"run", "--bogus"}, 2, "bogus"},
		{[]string{"run", "--resume", "x", "a.toml"}, 2, "not both"},
		{[]string{"run", "--data", dir, "a.toml"}, 2, "-data goes with -example"},
		{[]string{"run", "--example", "single", "--data", dir}, 0, `kind = "single"`},
		{[]string{"run", "--example", "nope", "--data", dir}, 2, "unknown kind"},
		{[]string{"run", "--example", "seed", "--data", dir}, 0, `dataset = "synthetic-transfer"`},
		{[]string{"run", "--example", "seed", "--data", dir}, 0, "warning: no CIFAR-10, CIFAR-100 or Tiny-ImageNet-32 found in " + dir},
		{[]string{"run", "--example", "seed", "--data", filepath.Join(dir, "nope")}, 2, "nope: not a directory"},
		{[]string{"run", filepath.Join(dir, "missing.toml")}, 1, "missing.toml"},
		{[]string{"run", bad}, 1, bad + ":3: pretrain.epochs: must be at least 1"},
		{[]string{"run", "-h"}, 0, "usage: adaptformer run"},
		{[]string{"run", "--example", "sweep"}, 0, `kind = "sweep"`},
		{[]string{"run", "--dry-run", "--runs", dir, noInit}, 1, "init_from " + filepath.Join(dir, "nope.safetensors") + ": neither a file, a run of the store nor a shipped model"},
		{[]string{"run", "--threads", "100000", "--example", "single"}, 0, "warning: 100000 threads is more than the"},
		{[]string{"run", "--dry-run", manyThreads}, 0, "warning: 100000 threads is more than the"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%v: exit %d, output %q; want exit %d and %q", tt.args, code, stdout+stderr, tt.code, tt.want)
		}
	}
}

func TestRunCommandDryRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.toml")
	os.WriteFile(path, []byte(tinySeedRecipe), 0o644)
	code, stdout, stderr := runCmd("run", "--dry-run", path, "--runs", filepath.Join(dir, "runs"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"seed recipe cli: 3 runs", "pretrain: micro mode full on synthetic-pretrain",
		"transfer-adaptformer: micro mode adaptformer on synthetic-transfer", "from pretrain's final checkpoint", "starts after pretrain"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "runs")); err == nil {
		t.Error("a dry run created the runs root")
	}
}

// TestRunAndRunsCommands runs the seed recipe headless, then lists, shows,
// exports and plots its runs.
func TestRunAndRunsCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.toml")
	os.WriteFile(path, []byte(tinySeedRecipe), 0o644)
	runs := filepath.Join(dir, "runs")
	code, stdout, stderr := runCmd("run", "--runs", runs, path)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"seed recipe cli: 3 runs", "/pretrain: epoch 1 done", "/transfer-full: finished", "FINAL TOP-1", "adaptformer"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout)
		}
	}

	code, stdout, stderr = runCmd("runs", "list", "--runs", runs)
	if code != 0 || strings.Count(stdout, "finished") != 3 {
		t.Fatalf("runs list: exit %d\n%s%s", code, stdout, stderr)
	}
	group := strings.Fields(strings.Split(stdout, "\n")[1])[0]
	group, _, _ = strings.Cut(group, "/")

	code, stdout, _ = runCmd("runs", "list", "--runs", runs, "--json")
	var listed []map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &listed) != nil || len(listed) != 3 {
		t.Errorf("runs list --json: exit %d, %d runs", code, len(listed))
	}

	code, stdout, stderr = runCmd("runs", "show", "--runs", runs, group+"/transfer-adaptformer", "--layers")
	if code != 0 || !strings.Contains(stdout, "mode adaptformer") || !strings.Contains(stdout, "EVAL TOP-1") ||
		!strings.Contains(stdout, "init from") || !strings.Contains(stdout, "Trainable") {
		t.Errorf("runs show: exit %d\n%s%s", code, stdout, stderr)
	}

	csvPath := filepath.Join(dir, "out.csv")
	// "cli", a prefix of the group's ID only, names the group.
	code, _, stderr = runCmd("runs", "export", "--runs", runs, "cli", "-o", csvPath, "--epochs-only")
	if code != 0 {
		t.Fatalf("runs export: %s", stderr)
	}
	f, _ := os.Open(csvPath)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 4 || rows[0][0] != "run" {
		t.Errorf("exported CSV: %v rows, %v", len(rows), err)
	}
	code, stdout, _ = runCmd("runs", "export", "--runs", runs, "--format", "json", group+"/pretrain")
	if code != 0 || !strings.Contains(stdout, `"epochs"`) {
		t.Errorf("runs export json: exit %d", code)
	}

	png, svg := filepath.Join(dir, "p.png"), filepath.Join(dir, "p.svg")
	code, _, stderr = runCmd("runs", "plot", "--runs", runs, group, "-o", png, "-o", svg, "--x", "epoch")
	if code != 0 {
		t.Fatalf("runs plot: %s", stderr)
	}
	for _, p := range []string{png, svg} {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("plot %s not written: %v", p, err)
		}
	}

	code, _, stderr = runCmd("runs", "rename", "--runs", runs, group+"/pretrain", "upstream")
	if code != 0 {
		t.Errorf("runs rename: %s", stderr)
	}
	code, _, stderr = runCmd("runs", "archive", "--runs", runs, group+"/pretrain")
	if code != 0 {
		t.Errorf("runs archive: %s", stderr)
	}
	if _, stdout, _ = runCmd("runs", "list", "--runs", runs); strings.Contains(stdout, "upstream") {
		t.Errorf("archived run still listed:\n%s", stdout)
	}
	if _, stdout, _ = runCmd("runs", "list", "--all", "--runs", runs); !strings.Contains(stdout, "upstream") {
		t.Errorf("runs list --all lacks the archived run:\n%s", stdout)
	}
	code, _, stderr = runCmd("runs", "delete", "--runs", runs, group)
	if code != 0 {
		t.Errorf("runs delete: %s", stderr)
	}

	for _, args := range [][]string{
		{"runs"}, {"runs", "nope"}, {"runs", "show", "--runs", runs}, {"runs", "plot", "--runs", runs, "x", "-o", "a.jpg"},
		{"runs", "export", "--runs", runs, "--format", "xml", "x"}, {"runs", "plot", "--runs", runs, "--x", "time", "x"},
	} {
		if code, _, _ := runCmd(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCmd("runs", "show", "--runs", runs, "no-such-run"); code != 1 || !strings.Contains(stderr, "no-such-run") {
		t.Errorf("runs show of an unknown run: exit %d %s", code, stderr)
	}
}

// TestRunResumeGroup quits a recipe half way, as a killed process would
// leave it, and finishes it with run --resume GROUP.
func TestRunResumeGroup(t *testing.T) {
	runs := filepath.Join(t.TempDir(), "runs")
	store, err := experiments.OpenStore(runs)
	if err != nil {
		t.Fatal(err)
	}
	q := experiments.NewQueue(store, experiments.QueueOptions{})
	go func() {
		for range q.Events() {
		}
	}()
	r, err := experiments.ParseRecipe("seed.toml", []byte(tinySeedRecipe))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := q.Submit(r)
	if err != nil {
		t.Fatal(err)
	}
	q.Pause(ids[0])
	deadline := time.Now().Add(30 * time.Second)
	for q.Runs()[0].Status != trainer.StatusPaused {
		if time.Now().After(deadline) {
			t.Fatal("the pretraining run did not pause")
		}
		time.Sleep(5 * time.Millisecond)
	}
	q.Shutdown()

	group, _, _ := strings.Cut(ids[0], "/")
	code, stdout, stderr := runCmd("run", "--runs", runs, "--resume", group)
	if code != 0 {
		t.Fatalf("run --resume: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "resuming "+group+": 3 runs") || strings.Count(stdout, ": finished 1 epoch,") != 3 ||
		strings.Index(stdout, "transfer-adaptformer: running") > strings.Index(stdout, "transfer-full: running") {
		t.Errorf("run --resume output:\n%s", stdout)
	}
	if code, _, stderr := runCmd("run", "--runs", runs, "--resume", group); code != 1 || !strings.Contains(stderr, "finished") {
		t.Errorf("resume of a finished group: exit %d %s", code, stderr)
	}
}

// TestPublishedRecipesPlan keeps the recipes that EXPERIMENTS.md publishes
// valid as the recipe format moves on.
func TestPublishedRecipesPlan(t *testing.T) {
	files, err := filepath.Glob("results/*/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no published recipes under results/: %v", err)
	}
	for _, f := range files {
		r, err := experiments.LoadRecipe(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if _, err := r.Plan(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// --example --data with only CIFAR-10 there: the transfers read it, and the
// pretraining run, which needs CIFAR-100 or Tiny-ImageNet-32, says it keeps
// the synthetic set.
func TestExampleWithPartialData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cifar-10-batches-bin")
	os.MkdirAll(dir, 0o755)
	var rec []byte
	for i := range 20 {
		rec = append(rec, byte(i%10))
		rec = append(rec, make([]byte, 3072)...)
	}
	os.WriteFile(filepath.Join(dir, "data_batch_1.bin"), rec, 0o644)
	code, stdout, stderr := runCmd("run", "--example", "seed", "--data", dir)
	if code != 0 || !strings.Contains(stdout, `dataset = "cifar10"`) || !strings.Contains(stderr, "the pretraining run keeps the synthetic set") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
}
