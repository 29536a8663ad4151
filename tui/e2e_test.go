package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEndTmux drives the real binary in tmux: on an empty runs root it
// launches a micro run on the synthetic set from the form, sees the curve
// and the parameter table, pauses (the status says paused and the step
// count stops), resumes, quits (the run is checkpointed), starts again and
// finds the run with its curve.
func TestEndToEndTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): skipping the end-to-end test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "adaptformer")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = ".." // the module root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	runs := filepath.Join(dir, "runs")
	tm := &tmuxSession{t: t, sock: filepath.Join(dir, "tmux.sock"), name: "af"}
	t.Cleanup(tm.kill)

	start := func() {
		cmd := fmt.Sprintf("env NO_COLOR=1 %q dashboard --runs %q --poll 200ms --threads 1; echo DASHBOARD-EXITED $?; sleep 120", bin, runs)
		tm.run("new-session", "-d", "-s", tm.name, "-x", "100", "-y", "30", cmd)
	}
	start()
	tm.waitFor("the empty runs table", 10*time.Second, func(s string) bool { return strings.Contains(s, "No runs yet") })

	// Launch a single micro run on the synthetic set: defaults on the
	// first page, a short schedule on the second.
	tm.send("n")
	tm.waitFor("the form", 5*time.Second, func(s string) bool { return strings.Contains(s, "New experiment") })
	for range 5 { // recipe, name, preset, dataset, mode
		tm.send("Enter")
	}
	tm.waitFor("the second page", 5*time.Second, func(s string) bool { return strings.Contains(s, "Epochs") })
	for _, v := range []string{"3", "32", "", "", "1280"} { // epochs, batch, lr, seed, training images
		if v != "" {
			tm.send("C-u")
			tm.sendText(v)
		}
		tm.send("Enter")
	}
	tm.waitFor("the launched run", 10*time.Second, func(s string) bool { return strings.Contains(s, "launched micro-full") })

	// Its curve and its parameter table.
	tm.send("Enter")
	tm.waitFor("the run view with a loss curve", 30*time.Second, func(s string) bool {
		return strings.Contains(s, "train loss") && strings.Contains(s, "· running ·") && hasBraille(s)
	})
	tm.send("Tab")
	tm.waitFor("the parameter table", 10*time.Second, func(s string) bool {
		return strings.Contains(s, "blocks.0.adaptmlp") && strings.Contains(s, "trainable")
	})
	tm.send("Tab")

	// Pause: the status says so and the step count stops.
	tm.send("p")
	paused := tm.waitFor("the paused status", 15*time.Second, func(s string) bool { return strings.Contains(s, "· paused ·") })
	step := stepOf(t, paused)
	time.Sleep(1500 * time.Millisecond)
	if again := stepOf(t, tm.capture()); again != step {
		t.Fatalf("step went from %d to %d while paused", step, again)
	}
	tm.send("p")
	tm.waitFor("the resumed run", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "· running ·") && stepOf(t, s) > step
	})

	// Quit: the running run is checkpointed first.
	tm.send("q")
	tm.waitFor("the dashboard to exit", 30*time.Second, func(s string) bool { return strings.Contains(s, "DASHBOARD-EXITED 0") })
	tm.kill()

	// Start again: the run is offered for resume; decline and find it with
	// its curve.
	start()
	tm.waitFor("the resume offer", 10*time.Second, func(s string) bool { return strings.Contains(s, "from its last checkpoint?") })
	tm.send("n")
	tm.waitFor("the stopped run", 10*time.Second, func(s string) bool { return strings.Contains(s, "micro-full") && strings.Contains(s, "stopped") })
	tm.send("Enter")
	tm.waitFor("its curve", 10*time.Second, func(s string) bool { return strings.Contains(s, "train loss") && hasBraille(s) })
	tm.send("q")
	tm.waitFor("the dashboard to exit", 10*time.Second, func(s string) bool { return strings.Contains(s, "DASHBOARD-EXITED 0") })
}

// tmuxSession drives one tmux session on a private server.
type tmuxSession struct {
	t    *testing.T
	sock string
	name string
}

func (tm *tmuxSession) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (tm *tmuxSession) send(keys ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", tm.name}, keys...)...)
	time.Sleep(60 * time.Millisecond) // one key per frame, as a person types
}

func (tm *tmuxSession) sendText(s string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", tm.name, "-l", s)
	time.Sleep(60 * time.Millisecond)
}

func (tm *tmuxSession) capture() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", tm.name)
}

// waitFor polls the screen until cond holds and returns it.
func (tm *tmuxSession) waitFor(what string, timeout time.Duration, cond func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		s = tm.capture()
		if cond(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("timed out after %v waiting for %s; the screen:\n%s", timeout, what, s)
	return ""
}

func (tm *tmuxSession) kill() {
	exec.Command("tmux", "-S", tm.sock, "kill-server").Run()
	os.Remove(tm.sock)
}

func hasBraille(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r > 0x2800 && r <= 0x28FF })
}

var stepPattern = regexp.MustCompile(`step (\d+)/`)

// stepOf reads the step count of the run view's progress line.
func stepOf(t *testing.T, screen string) int {
	t.Helper()
	m := stepPattern.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no step count on the screen:\n%s", screen)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}
