package vit

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestConfigFlags(t *testing.T) {
	tests := []struct {
		args    []string
		check   func(Config) bool
		wantErr string
	}{
		{[]string{"-preset", "micro"}, func(c Config) bool { return c.Dim == 64 }, ""},
		{[]string{"-drop", "0.1"}, func(c Config) bool { return c.DropRate == 0.1 }, ""},
		{[]string{"-drop-rate", "0.2"}, func(c Config) bool { return c.DropRate == 0.2 }, ""},
		{[]string{"-drop-path-rate", "0.3"}, func(c Config) bool { return c.DropPathRate == 0.3 }, ""},
		{[]string{"-adapter-scale-mode", "learnable"}, func(c Config) bool { return c.Adapter.Learnable }, ""},
		{[]string{"-adapter-scale-mode", "fixed", "-adapter-learnable-scale=false"}, func(c Config) bool { return !c.Adapter.Learnable }, ""},
		{[]string{"-adapter", "none"}, func(c Config) bool { return !c.Adapter.Enabled }, ""},
		{[]string{"-adapter-scale-mode", "wobbly"}, nil, `-adapter-scale-mode "wobbly": want fixed or learnable`},
		{[]string{"-adapter", "serial"}, nil, `-adapter "serial"`},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		f := RegisterConfigFlags(fs, "micro")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatalf("%v: parse: %v", tt.args, err)
		}
		c, err := f.Config()
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err %v, want %q", tt.args, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case !tt.check(c):
			t.Errorf("%v: config %+v does not have the flag's value", tt.args, c)
		}
	}
}
