package main

import (
	"bytes"
	"strings"
	"testing"
)

// summaryCLI runs the binary's dispatcher in-process.
func summaryCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(env, args)
	return code, out.String(), errb.String()
}

func TestSummaryCommand(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"summary", "--preset", "seed-b3"}, []string{"Total params:      86,394,736", "101 tokens"}},
		{[]string{"summary", "--preset", "seed-b3", "--classes", "10", "--mode", "adaptformer"},
			[]string{"Trainable params:  1,197,334 (1.39%, 4.57 MiB)", "blocks.11.adaptmlp"}},
		{[]string{"summary", "-preset", "vit-b16", "-classes", "100", "-adapter", "none"},
			[]string{"Total params:      85,875,556", "no adapters"}},
		{[]string{"summary", "--preset", "micro", "--mode", "linear", "--train", "norm.*"},
			[]string{"Trainable params:  778 ("}},
	}
	for _, tc := range tests {
		code, out, errOut := summaryCLI(tc.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out)
			}
		}
	}
}

func TestSummaryCommandUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"summary", "--preset", "vit-huge"}, `unknown preset "vit-huge"`},
		{[]string{"summary", "--mode", "lora"}, `unknown training mode "lora"`},
		{[]string{"summary", "--classes", "0"}, "classes must be positive"},
		{[]string{"summary", "--classes", "ten"}, "invalid value"},
		{[]string{"summary", "--adapter", "none", "--mode", "adaptformer"}, "needs adapters"},
		{[]string{"summary", "--adapter", "maybe"}, "want none, parallel or sequential"},
		{[]string{"summary", "--freeze", "nothing.*"}, "matches no parameter"},
		{[]string{"summary", "extra"}, `unexpected argument "extra"`},
		{[]string{"summary", "--bogus"}, "flag provided but not defined"},
	}
	for _, tc := range tests {
		code, out, errOut := summaryCLI(tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
	if code, _, errOut := summaryCLI("summary", "-h"); code != 0 || !strings.Contains(errOut, "-preset") {
		t.Errorf("summary -h: exit %d, stderr %q", code, errOut)
	}
}
