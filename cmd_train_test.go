package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/trainer"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	return runCLIEnv(func(string) string { return "" }, args...)
}

func runCLIEnv(getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: getenv}
	code = run(env, args)
	return code, out.String(), errb.String()
}

func TestTrainBadCommandLines(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--epochs", "0"}, "epochs"},
		{[]string{"--optimizer", "rmsprop"}, "optimizer"},
		{[]string{"--mode", "frozen"}, "mode"},
		{[]string{"--batch", "x"}, "batch"},
		{[]string{"--no-such-flag"}, "no-such-flag"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--resume", "somewhere", "--lr", "1"}, "--lr"},
		{[]string{"--adapter-dropout", "lots"}, "adapter-dropout"},
		{[]string{"--drop-path-rate", "x"}, "drop-path-rate"},
		{[]string{"--adapter-scale-mode", "sometimes"}, "adapter_scale_mode: must be fixed or learnable"},
		{[]string{"--keep-checkpoints", "-1"}, "keep_checkpoints"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(append([]string{"train"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("train %v: exit %d, stderr %q; want 2 and a message naming %q", tt.args, code, stderr, tt.want)
		}
	}
	if code, _, stderr := runCLI("train", "--resume", t.TempDir()); code != 1 || !strings.Contains(stderr, "not a run directory") {
		t.Errorf("--resume of an empty directory: exit %d, %q", code, stderr)
	}
}

func TestTrainWritesRunDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI("train", "--preset", "micro", "--image-size", "16", "--dataset", "synthetic-transfer",
		"--train-limit", "32", "--eval-limit", "16", "--batch", "16", "--epochs", "1", "--warmup-steps", "1",
		"--mode", "adaptformer", "--threads", "1", "--run-dir", dir, "--name", "cli test")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"run cli test in " + dir, "epoch 1/1: train loss", "finished"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != trainer.StatusFinished || info.Name != "cli test" || info.Config.Mode != "adaptformer" || info.Config.Classes != 0 {
		t.Errorf("run.json: %+v", info)
	}
	if code, _, stderr := runCLI("train", "--resume", dir); code != 1 || !strings.Contains(stderr, "finished") {
		t.Errorf("--resume of a finished run: exit %d, %q", code, stderr)
	}
}

// Without --run-dir the run goes under the runs root, and --resume and
// --init-from take a run ID there.
func TestTrainDefaultRunDir(t *testing.T) {
	root := t.TempDir()
	getenv := func(k string) string {
		if k == "ADAPTFORMER_RUNS" {
			return root
		}
		return ""
	}
	code, stdout, stderr := runCLIEnv(getenv, "train", "--preset", "micro", "--image-size", "16", "--train-limit", "16",
		"--eval-limit", "16", "--batch", "16", "--epochs", "1", "--threads", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "train-") {
		t.Fatalf("runs root holds %v, want one train-* run", entries)
	}
	id := entries[0].Name()
	if code, _, stderr := runCLIEnv(getenv, "train", "--resume", id); code != 1 || !strings.Contains(stderr, "finished") {
		t.Errorf("--resume %s: exit %d, %q; want the finished run found by ID", id, code, stderr)
	}
	code, stdout, stderr = runCLIEnv(getenv, "train", "--preset", "micro", "--image-size", "16", "--dataset", "synthetic-transfer",
		"--train-limit", "16", "--eval-limit", "16", "--batch", "16", "--epochs", "1", "--threads", "1",
		"--init-from", id, "--mode", "linear", "--run-dir", filepath.Join(root, "transfer"))
	if code != 0 || !strings.Contains(stdout, "skipped") || !strings.Contains(stdout, "head.weight") {
		t.Errorf("--init-from %s: exit %d\n%s%s", id, code, stdout, stderr)
	}
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, bar: true}
	p.info.Epochs, p.info.StepsPerEpoch, p.info.Config.Batch = 2, 10, 32
	p.show(trainer.StepEvent{Epoch: 1, Step: 5, Loss: 2.5, LR: 0.01, ImagesPerSec: 320})
	got := buf.String()
	for _, want := range []string{"\r", "epoch 1/2", "50%", "5/10", "loss 2.5000", "320 img/s", "ETA 2s"} {
		if !strings.Contains(got, want) {
			t.Errorf("bar %q lacks %q", got, want)
		}
	}
	buf.Reset()
	p.show(trainer.EpochEvent{Epoch: 1, TrainLoss: 2, EvalTop1: 0.5})
	if got := buf.String(); !strings.HasPrefix(got, "\r\033[K") || !strings.Contains(got, "eval loss") {
		t.Errorf("epoch line after a bar: %q", got)
	}
}

// A warning (a corrupt checkpoint set aside) goes to stderr, not into the
// progress on stdout.
func TestProgressWarningsGoToStderr(t *testing.T) {
	var out, warn bytes.Buffer
	p := &progress{w: &out, warnings: &warn}
	p.show(trainer.ErrorEvent{Message: "skipped corrupt checkpoint ckpt-000000020.safetensors"})
	p.show(trainer.StatusEvent{Status: trainer.StatusRunning, Message: "resumed"})
	if !strings.Contains(warn.String(), "warning: skipped corrupt checkpoint") || strings.Contains(out.String(), "corrupt") {
		t.Errorf("stdout %q, stderr %q", out.String(), warn.String())
	}
}

// A run that cannot start (no data, no weights) is one line on stderr, exit
// 1, and leaves no failed run directory behind.
func TestTrainSetupErrorIsOneLine(t *testing.T) {
	root := t.TempDir()
	data := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--dataset", "cifar10", "--data-dir", data}, data},
		{[]string{"--init-from", filepath.Join(data, "none.safetensors")}, "none.safetensors"},
		{[]string{"--classes", "5", "--train-limit", "16"}, "more than --classes 5"},
	}
	for _, tt := range tests {
		dir := filepath.Join(root, "run")
		args := append([]string{"train", "--run-dir", dir, "--epochs", "1"}, tt.args...)
		code, stdout, stderr := runCLI(args...)
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q\nwant exit 1 and one line naming %q", tt.args, code, stdout, stderr, tt.want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: left %s behind", tt.args, dir)
		}
	}
}

// With no flags, a run trains a few thousand synthetic images, with a
// warmup short enough to reach the peak learning rate; the limits apply to
// the synthetic sets only, and never override the command line.
func TestTrainDefaultsAreQuick(t *testing.T) {
	def := trainer.DefaultConfig()
	c := withSyntheticLimits(def, nil)
	if c.TrainLimit != syntheticTrainLimit || c.EvalLimit != syntheticEvalLimit {
		t.Errorf("default limits %d and %d, want %d and %d", c.TrainLimit, c.EvalLimit, syntheticTrainLimit, syntheticEvalLimit)
	}
	total := def.Epochs * syntheticTrainLimit / def.Batch
	if w := c.Warmup(total); w <= 0 || w > total/5 {
		t.Errorf("default warmup %d of %d steps, want at most a fifth", w, total)
	}
	c = withSyntheticLimits(def, map[string]bool{"train-limit": true})
	if c.TrainLimit != 0 || c.EvalLimit != syntheticEvalLimit {
		t.Errorf("--train-limit 0: limits %d and %d, want 0 and %d", c.TrainLimit, c.EvalLimit, syntheticEvalLimit)
	}
	real := def
	real.Dataset = "cifar10"
	if c := withSyntheticLimits(real, nil); c.TrainLimit != 0 || c.EvalLimit != 0 {
		t.Errorf("cifar10: limits %d and %d, want none", c.TrainLimit, c.EvalLimit)
	}
}

// Two train commands started in the same second without --run-dir get a
// directory each: the name takes a suffix instead of one run taking the
// other's directory.
func TestDefaultRunDirsDoNotCollide(t *testing.T) {
	root := filepath.Join(t.TempDir(), "runs")
	cfg := trainer.DefaultConfig()
	seen := map[string]bool{}
	for range 3 {
		dir, err := newDefaultRunDir(root, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if seen[dir] {
			t.Fatalf("%s handed out twice", dir)
		}
		seen[dir] = true
	}
}
