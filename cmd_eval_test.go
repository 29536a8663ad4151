package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// evalFixture trains a micro run on synthetic-transfer under a runs root and
// returns the root, its getenv and the run's ID.
func evalFixture(t *testing.T) (root string, getenv func(string) string, id string) {
	t.Helper()
	root = t.TempDir()
	getenv = func(k string) string {
		if k == "ADAPTFORMER_RUNS" {
			return root
		}
		return ""
	}
	code, stdout, stderr := runCLIEnv(getenv, "train", "--preset", "micro", "--image-size", "16", "--dataset", "synthetic-transfer",
		"--train-limit", "48", "--eval-limit", "40", "--batch", "16", "--epochs", "1", "--warmup-steps", "1",
		"--threads", "1", "--data-seed", "5", "--run-dir", filepath.Join(root, "src"))
	if code != 0 {
		t.Fatalf("train: exit %d\n%s%s", code, stdout, stderr)
	}
	return root, getenv, "src"
}

func evalJSON(t *testing.T, getenv func(string) string, args ...string) evalResult {
	t.Helper()
	code, stdout, stderr := runCLIEnv(getenv, append([]string{"eval", "--json", "--threads", "1"}, args...)...)
	if code != 0 {
		t.Fatalf("eval %v: exit %d\n%s%s", args, code, stdout, stderr)
	}
	var r evalResult
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("eval %v: %v\n%s", args, err, stdout)
	}
	return r
}

// eval of a run reproduces the numbers its training evaluation logged, on
// the run's own dataset by default; the exported weights, and a copy with
// no metadata given its model by flags, give the same.
func TestEvalReproducesTraining(t *testing.T) {
	root, getenv, id := evalFixture(t)
	events, err := trainer.ReadMetrics(filepath.Join(root, id))
	if err != nil {
		t.Fatal(err)
	}
	var logged trainer.EpochEvent
	for _, e := range events {
		if ep, ok := e.(trainer.EpochEvent); ok {
			logged = ep
		}
	}
	check := func(what string, r evalResult) {
		t.Helper()
		if r.Images != 40 || r.Top1 != logged.EvalTop1 || r.Top5 != logged.EvalTop5 || math.Abs(r.Loss-logged.EvalLoss) > 1e-9 {
			t.Errorf("%s: %d images, top-1 %v, top-5 %v, loss %v; training logged top-1 %v, top-5 %v, loss %v",
				what, r.Images, r.Top1, r.Top5, r.Loss, logged.EvalTop1, logged.EvalTop5, logged.EvalLoss)
		}
	}
	r := evalJSON(t, getenv, "--init-from", id, "--limit", "40", "--batch", "16", "--per-class")
	check("the run", r)
	if r.Dataset != "synthetic-transfer" || r.Split != "eval" || !r.OfficialTest || r.Step == nil || *r.Step != 3 {
		t.Errorf("dataset %q split %q official %v step %v", r.Dataset, r.Split, r.OfficialTest, r.Step)
	}
	if len(r.PerClass) != 10 || r.PerClass[3].Class == "" {
		t.Fatalf("per_class: %+v", r.PerClass)
	}
	hits, images := 0.0, 0
	for _, c := range r.PerClass {
		images += c.Images
		if c.Top1 != nil {
			hits += *c.Top1 * float64(c.Images)
		}
	}
	if images != 40 || math.Abs(hits-40*r.Top1) > 1e-9 {
		t.Errorf("per-class: %d images, %v hits; want 40 and %v", images, hits, 40*r.Top1)
	}

	// export-weights prints the file's SHA-256 and size.
	out := filepath.Join(t.TempDir(), "w.safetensors")
	code, stdout, stderr := runCLIEnv(getenv, "runs", "export-weights", id, "-o", out)
	if code != 0 {
		t.Fatalf("export-weights: exit %d\n%s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "sha256 "+pretrained.Sum(b)) || !strings.Contains(stdout, "size   "+strconv.Itoa(len(b))+" bytes") {
		t.Errorf("export-weights output lacks the file's SHA-256 or size:\n%s", stdout)
	}
	check("the exported file", evalJSON(t, getenv, "--init-from", out, "--limit", "40", "--batch", "16"))

	// The same tensors without metadata (as a timm file): the model comes
	// from the flags.
	f, err := safetensors.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(t.TempDir(), "bare.safetensors")
	if err := safetensors.WriteFile(bare, f.Tensors, nil); err != nil {
		t.Fatal(err)
	}
	check("the bare file", evalJSON(t, getenv, "--init-from", bare, "--preset", "micro", "--image-size", "16", "--classes", "10",
		"--dataset", "synthetic-transfer", "--data-seed", "5", "--limit", "40", "--batch", "16"))

	// Text output names the split's source; --split train reads other images.
	code, stdout, stderr = runCLIEnv(getenv, "eval", "--init-from", id, "--limit", "16", "--threads", "1", "--per-class")
	if code != 0 {
		t.Fatalf("eval: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"weights  " + filepath.Join(root, id), "step 3", "synthetic-transfer, eval split: the set's eval images", "top-1", "top-5", "loss", "images   16", "LABEL", "CLASS"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	if r := evalJSON(t, getenv, "--init-from", id, "--split", "train", "--limit", "40"); r.SplitSource != "the training records" || r.Images != 40 {
		t.Errorf("train split: %q, %d images", r.SplitSource, r.Images)
	}
}

func TestEvalRefuses(t *testing.T) {
	root, getenv, id := evalFixture(t)
	cifar := filepath.Join(t.TempDir(), "cifar")
	var rec []byte
	for i := range 20 {
		rec = append(rec, byte(i%10))
		rec = append(rec, make([]byte, 3072)...)
	}
	os.MkdirAll(cifar, 0o755)
	os.WriteFile(filepath.Join(cifar, "data_batch_1.bin"), rec, 0o644)
	bare := filepath.Join(t.TempDir(), "bare.safetensors")
	safetensors.WriteFile(bare, []safetensors.Tensor{safetensors.F32("head.bias", []int{10}, make([]float32, 10))}, nil)

	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "--init-from: required"},
		{[]string{"--init-from", id, "--split", "val"}, 2, `--split "val"`},
		{[]string{"--init-from", id, "--batch", "0"}, 2, "--batch"},
		{[]string{"--init-from", id, "extra"}, 2, "unexpected argument"},
		{[]string{"--init-from", "no-such-weights"}, 1, "--init-from no-such-weights: no such file, run directory, run ID or shipped model"},
		{[]string{"--init-from", id, "--preset", "tiny"}, 2, "--preset: " + filepath.Join(root, id)},
		{[]string{"--init-from", bare}, 2, "records no model config"},
		{[]string{"--init-from", id, "--dataset", "synthetic-pretrain"}, 1, "has 10 classes, dataset synthetic-pretrain has 44"},
		{[]string{"--init-from", id, "--dataset", "cifar10", "--data-dir", cifar, "--split", "test"}, 1, "dataset cifar10 in " + cifar + " has no official test split"},
		{[]string{"--init-from", id, "--dataset", "cifar10", "--data-dir", t.TempDir()}, 1, "cifar10: no data_batch_*.bin"},
		{[]string{"--init-from", bare, "--preset", "micro", "--image-size", "16", "--classes", "10", "--dataset", "synthetic-transfer"}, 1, "does not fill the model"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCLIEnv(getenv, append([]string{"eval", "--threads", "1"}, tc.args...)...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != tc.code || !strings.Contains(first, tc.want) || stdout != "" {
			t.Errorf("eval %v: exit %d, stderr %q, stdout %q; want %d and a first line saying %q", tc.args, code, stderr, stdout, tc.code, tc.want)
		}
	}
	// A held-out eval split is named as such.
	if r := evalJSON(t, getenv, "--init-from", id, "--dataset", "cifar10", "--data-dir", cifar); r.OfficialTest || !strings.Contains(r.SplitSource, "held out") || r.Images != 2 {
		t.Errorf("held-out split: official %v, %q, %d images", r.OfficialTest, r.SplitSource, r.Images)
	}
}

func TestPretrainedCommand(t *testing.T) {
	code, stdout, stderr := runCLI("pretrained")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	names := pretrained.Shipped().Names()
	if len(names) == 0 && !strings.Contains(stdout, "no pretrained models") {
		t.Errorf("no models shipped, output %q", stdout)
	}
	for _, n := range names {
		if !strings.Contains(stdout, n) {
			t.Errorf("listing lacks %s:\n%s", n, stdout)
		}
		if code, card, _ := runCLI("pretrained", n); code != 0 || !strings.HasPrefix(card, "# "+n) {
			t.Errorf("pretrained %s: exit %d, card %q", n, code, card)
		}
	}
	if code, stdout, _ := runCLI("pretrained", "--json"); code != 0 || !strings.HasPrefix(stdout, "[") {
		t.Errorf("--json: exit %d, %q", code, stdout)
	}
	if code, _, stderr := runCLI("pretrained", "no-such-model"); code != 1 || !strings.Contains(stderr, `no shipped model "no-such-model"`) {
		t.Errorf("unknown model: exit %d, %q", code, stderr)
	}
}
