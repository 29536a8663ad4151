package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A run trained with --ema-decay reports its EMA weights' evaluation on
// every epoch line of train, in runs show (the top-1 line and two columns)
// and in runs table's best top-1 cell.
func TestEMAInTrainShowAndTable(t *testing.T) {
	runs := t.TempDir()
	dir := filepath.Join(runs, "ema")
	code, stdout, stderr := runCmd("train", "--plain", "--preset", "micro", "--image-size", "16", "--train-limit", "32",
		"--eval-limit", "16", "--batch", "16", "--epochs", "2", "--warmup-steps", "1", "--threads", "1", "--workers", "1",
		"--ema-decay", "0.9", "--layer-decay", "0.75", "--run-dir", dir)
	if code != 0 {
		t.Fatalf("train: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if n := strings.Count(stdout, "| EMA loss "); n != 2 {
		t.Errorf("train printed %d epoch lines with the EMA evaluation, want 2:\n%s", n, stdout)
	}
	code, stdout, stderr = runCmd("runs", "show", "--runs", runs, "ema")
	if code != 0 {
		t.Fatalf("runs show: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"EMA top-1  final ", "EMA LOSS", "EMA TOP-1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("runs show lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = runCmd("runs", "table", "--runs", runs, "ema")
	if code != 0 {
		t.Fatalf("runs table: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "(EMA ") {
		t.Errorf("runs table's best top-1 does not give the EMA's:\n%s", stdout)
	}

	// Without --ema-decay, none of it.
	plain := filepath.Join(runs, "plain")
	code, stdout, _ = runCmd("train", "--plain", "--preset", "micro", "--image-size", "16", "--train-limit", "32",
		"--eval-limit", "16", "--batch", "16", "--epochs", "1", "--warmup-steps", "1", "--threads", "1", "--workers", "1", "--run-dir", plain)
	if code != 0 || strings.Contains(stdout, "EMA loss") {
		t.Errorf("train without --ema-decay: exit %d\n%s", code, stdout)
	}
	if _, stdout, _ = runCmd("runs", "show", "--runs", runs, "plain"); strings.Contains(stdout, "EMA top-1") || strings.Contains(stdout, "EMA LOSS") {
		t.Errorf("runs show of a run without EMA:\n%s", stdout)
	}
}
