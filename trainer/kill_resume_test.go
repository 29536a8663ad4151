package trainer

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKillAndResumeBinary builds the real adaptformer binary, trains a small
// run, kills it with SIGKILL in the middle of an epoch (between
// checkpoints), resumes it with --resume, and checks that every epoch's
// metrics are bit-identical to an uninterrupted run's, with no step or epoch
// lost or counted twice.
func TestKillAndResumeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and trains three small runs")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary with")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "adaptformer")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Dir = ".." // the module root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	const stepsPerEpoch = 12 // 192 images / batch 16
	args := []string{"train", "--plain", "--preset", "micro", "--image-size", "16",
		"--dataset", "synthetic-pretrain", "--train-limit", "192", "--eval-limit", "64",
		"--batch", "16", "--epochs", "3", "--warmup-steps", "3", "--lr", "0.05",
		"--threads", "1", "--workers", "1", "--checkpoint-every", "5",
		// The state of a moving average of the weights, and a learning
		// rate per layer, must survive the kill too.
		"--ema-decay", "0.9", "--layer-decay", "0.8"}
	train := func(extra ...string) *exec.Cmd {
		cmd := exec.Command(bin, append(append([]string(nil), args...), extra...)...)
		cmd.Dir = tmp
		return cmd
	}

	ref := filepath.Join(tmp, "ref")
	if out, err := train("--run-dir", ref).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}

	dir := filepath.Join(tmp, "killed")
	cmd := train("--run-dir", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it during epoch 2, past its first mid-epoch checkpoint.
	killAt := stepsPerEpoch + 7
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if steps := stepsOf(t, dir); len(steps) > 0 && steps[len(steps)-1] >= killAt {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the run never reached step %d:\n%s", killAt, out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	steps := stepsOf(t, dir)
	t.Logf("killed at step %d", steps[len(steps)-1])

	info, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Status != StatusRunning || Active(dir) {
		t.Fatalf("after SIGKILL: status %s, active %v; want running and not active (an interrupted run)", info.Status, Active(dir))
	}
	if got := len(epochMetrics(t, dir)); got >= 3 {
		t.Fatalf("the run finished (%d epochs) before it was killed", got)
	}

	if out, err := exec.Command(bin, "train", "--resume", dir, "--plain").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	compareEpochs(t, epochMetrics(t, dir), epochMetrics(t, ref))
	for _, e := range epochMetrics(t, dir) {
		if !e.HasEMA() {
			t.Fatalf("epoch %d has no EMA evaluation", e.Epoch)
		}
	}
	steps = stepsOf(t, dir)
	if len(steps) != 3*stepsPerEpoch {
		t.Errorf("%d step records, want %d", len(steps), 3*stepsPerEpoch)
	}
	for i, s := range steps {
		if s != i+1 {
			t.Fatalf("step records %v: want each step once, in order", steps)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err != nil {
		t.Error(err)
	}

	// Ctrl-C: the run checkpoints, says how to continue and exits with 130,
	// as a shell reports an interrupted command (so `train && next` stops);
	// continued, it too ends with the uninterrupted metrics.
	dir = filepath.Join(tmp, "interrupted")
	cmd = train("--run-dir", dir)
	out.Reset()
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for {
		if steps := stepsOf(t, dir); len(steps) > 0 && steps[len(steps)-1] >= 4 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the run never reached step 4:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != 130 {
		t.Fatalf("after Ctrl-C: %v, want exit status 130\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "--resume "+dir) {
		t.Errorf("output does not say how to continue:\n%s", out.String())
	}
	if info, _ := ReadRunInfo(dir); info.Status != StatusStopped || info.Checkpoint == "" {
		t.Fatalf("after Ctrl-C: status %s, checkpoint %q; want stopped with a checkpoint", info.Status, info.Checkpoint)
	}
	if out, err := exec.Command(bin, "train", "--resume", dir, "--plain").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	compareEpochs(t, epochMetrics(t, dir), epochMetrics(t, ref))
}
