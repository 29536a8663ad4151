package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// TestRunsShowMalformedMetrics: a malformed line in the middle of a run's
// metrics.jsonl is skipped, with a warning giving its byte offset, and the
// epochs around it are shown.
func TestRunsShowMalformedMetrics(t *testing.T) {
	runs := t.TempDir()
	dir := filepath.Join(runs, "r1")
	if err := os.MkdirAll(filepath.Join(dir, trainer.CheckpointDir), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := trainer.DefaultConfig()
	cfg.Epochs = 2
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	info := trainer.RunInfo{ID: "r1", Name: "r1", Status: trainer.StatusFinished, Created: t0, Updated: t0,
		Config: cfg, Epochs: 2, Epoch: 2, StepsPerEpoch: 1, Step: 2}
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range []trainer.Event{
		trainer.StepEvent{Time: t0, Epoch: 1, Step: 1, Loss: 2.5},
		trainer.EpochEvent{Time: t0, Epoch: 1, Step: 1, TrainLoss: 2.5, EvalTop1: 0.125},
		trainer.EpochEvent{Time: t0, Epoch: 2, Step: 2, TrainLoss: 2.25, EvalTop1: 0.375},
	} {
		b, err := trainer.MarshalRecord(e)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b)+"\n")
	}
	bad := len(lines[0]) + len(lines[1])
	metrics := lines[0] + lines[1] + "{\"type\":\"step\",\"epo\x00\n" + lines[2]
	if err := os.WriteFile(filepath.Join(dir, trainer.MetricsFile), []byte(metrics), 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCmd("runs", "show", "--runs", runs, "r1")
	if code != 0 {
		t.Fatalf("runs show: exit %d\n%s%s", code, stdout, stderr)
	}
	want := fmt.Sprintf("metrics.jsonl: skipped 1 malformed line at byte offset %d\n", bad)
	if stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	for _, w := range []string{"12.50%", "37.50%"} { // both epochs' eval top-1
		if !strings.Contains(stdout, w) {
			t.Errorf("runs show lacks %q:\n%s", w, stdout)
		}
	}
	// export and plot read past it too, and say so.
	code, _, stderr = runCmd("runs", "export", "--runs", runs, "-o", filepath.Join(runs, "m.csv"), "r1")
	if code != 0 || !strings.Contains(stderr, "warning: r1: "+want) {
		t.Errorf("runs export: exit %d, stderr %q; want a warning naming the run and %q", code, stderr, want)
	}
}
