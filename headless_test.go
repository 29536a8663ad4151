//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/muesli/termenv"
	"golang.org/x/sys/unix"
)

// TestHeadlessCommandsDoNotQueryTheTerminal runs headless commands of the
// built binary on a pseudo-terminal that never answers, as their
// controlling terminal, in the foreground: where termenv would ask it for
// its background colour and wait termenv.OSCTimeout for the answer
// (Bubble Tea's init does, unless internal/quietterm comes first). They
// must write no query and finish long before that timeout.
func TestHeadlessCommandsDoNotQueryTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary: skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "adaptformer")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := [][]string{
		{"runs", "list"}, // the runs root is $ADAPTFORMER_RUNS, in dir
		{"data", "list"},
		{"bench", "-h"},
		{"summary", "--preset", "micro"},
		{"run", "--example", "single"},
		{"help"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, elapsed, err := runOnSilentTerminal(t, bin, args, dir)
			if err != nil {
				t.Fatalf("%v\n%q", err, out)
			}
			for _, q := range []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n"} {
				if strings.Contains(out, q) {
					t.Errorf("wrote the terminal query %q:\n%q", q, out)
				}
			}
			if elapsed >= termenv.OSCTimeout {
				t.Errorf("took %v: it waited for the terminal to answer", elapsed)
			}
			if len(strings.TrimSpace(out)) == 0 {
				t.Error("no output")
			}
		})
	}
}

// runOnSilentTerminal runs bin with args with a new pseudo-terminal as its
// standard streams and controlling terminal (TERM=xterm-256color, in the
// foreground) and returns what it wrote and how long it ran. Nobody answers
// on the terminal.
func runOnSilentTerminal(t *testing.T, bin string, args []string, dir string) (string, time.Duration, error) {
	t.Helper()
	master, slave, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "TERM", "COLORFGBG", "NO_COLOR", "ADAPTFORMER_RUNS", "ADAPTFORMER_DATA":
		default:
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "TERM=xterm-256color", "ADAPTFORMER_RUNS="+filepath.Join(dir, "runs"), "ADAPTFORMER_DATA="+filepath.Join(dir, "datasets"))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		slave.Close()
		return "", 0, err
	}
	slave.Close() // the child has it
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		io.Copy(&out, master) // until the child's end closes the terminal (EIO)
		close(read)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err = <-exited:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-exited
		return "", time.Since(start), fmt.Errorf("%v did not end in 30s", args)
	}
	elapsed := time.Since(start)
	select {
	case <-read:
	case <-time.After(5 * time.Second):
	}
	return out.String(), elapsed, err
}

// openPTY opens a new pseudo-terminal pair.
func openPTY() (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, err
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("unlock pseudo-terminal: %w", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		return nil, nil, fmt.Errorf("pseudo-terminal number: %w", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		return nil, nil, err
	}
	return master, slave, nil
}
