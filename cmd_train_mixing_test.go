package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/trainer"
)

// TestTrainWithMixing: train with DeiT's mixing and erasing flags runs to
// the end with finite losses and records the keys in run.json; bad values
// are refused naming the key.
func TestTrainWithMixing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCLI("train", "--preset", "micro", "--image-size", "16", "--dataset", "synthetic-pretrain",
		"--train-limit", "64", "--eval-limit", "16", "--batch", "16", "--epochs", "1", "--warmup-steps", "1",
		"--threads", "1", "--run-dir", dir, "--mixup", "0.8", "--cutmix", "1", "--mixup-switch-prob", "0.4",
		"--label-smoothing", "0.1", "--random-erasing", "0.25")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := info.Config
	if info.Status != trainer.StatusFinished || c.Mixup != 0.8 || c.Cutmix != 1 || c.MixupProb != nil ||
		c.MixupSwitchProb == nil || *c.MixupSwitchProb != 0.4 || c.RandomErasing != 0.25 {
		t.Errorf("run.json: status %s, config %+v", info.Status, c)
	}
	if math.IsNaN(info.LastLoss) || math.IsInf(info.LastLoss, 0) || info.LastLoss <= 0 {
		t.Errorf("last loss %v, want finite and positive", info.LastLoss)
	}

	for _, tt := range []struct{ args []string }{
		{[]string{"--mixup", "-1"}}, {[]string{"--cutmix", "-0.5"}}, {[]string{"--mixup-prob", "2"}},
		{[]string{"--mixup-switch-prob", "-0.1"}}, {[]string{"--random-erasing", "1.5"}},
	} {
		key := strings.ReplaceAll(strings.TrimPrefix(tt.args[0], "--"), "-", "_")
		code, _, stderr := runCLI(append([]string{"train"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, key+": must") {
			t.Errorf("train %v: exit %d, stderr %q; want 2 and a message naming %s", tt.args, code, stderr, key)
		}
	}
}
