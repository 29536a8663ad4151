package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDashboardFlags checks that a bad command line is a usage error (exit
// 2) naming the flag, before any terminal is touched.
func TestDashboardFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"dashboard", "--mode", "frozen"}, "-mode must be full or adaptformer"},
		{[]string{"dashboard", "--parallel", "0"}, "-parallel must be at least 1"},
		{[]string{"dashboard", "--threads", "-1"}, "-threads must not be negative"},
		{[]string{"dashboard", "--poll", "1ms"}, "-poll must be at least 50ms"},
		{[]string{"dashboard", "extra"}, `unexpected argument "extra"`},
		{[]string{"dashboard", "--bogus"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		if code := run(env, tt.args); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tt.args, code, errb.String())
		}
		if !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: stderr %q, want it to say %q", tt.args, errb.String(), tt.want)
		}
	}
	// -h prints the usage and succeeds.
	var errb bytes.Buffer
	env := &cliEnv{stdout: &bytes.Buffer{}, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run(env, []string{"dashboard", "-h"}); code != 0 || !strings.Contains(errb.String(), "--runs") && !strings.Contains(errb.String(), "-runs") {
		t.Errorf("-h: exit %d, usage %q", code, errb.String())
	}
}

// Without a terminal the dashboard says so before touching the screen
// (Bubble Tea would switch to the alternate screen, fail to read keys and
// leave the terminal that way) and creates nothing.
func TestDashboardNeedsATerminal(t *testing.T) {
	root := filepath.Join(t.TempDir(), "runs")
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run(env, []string{"dashboard", "--runs", root}); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "the dashboard needs a terminal") || out.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", out.String(), errb.String())
	}
	if _, err := os.Stat(root); err == nil {
		t.Error("the runs root was created")
	}
}
