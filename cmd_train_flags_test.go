package main

import (
	"encoding/json"
	"flag"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// The flags of train whose names are not their config keys with dashes:
// they predate the table and stay for compatibility.
var olderFlagNames = map[string]string{
	"augment":        "no-augment",
	"freeze_include": "train-also",
	"freeze_exclude": "freeze-also",
}

// TestTrainFlagsCoverConfigKeys: train has a flag for every key a recipe
// accepts, named as the key with dashes, and it shows in train -h.
func TestTrainFlagsCoverConfigKeys(t *testing.T) {
	table := map[string]configFlag{}
	for _, f := range configFlags() {
		if _, dup := table[f.key]; dup {
			t.Errorf("key %s has two flags", f.key)
		}
		table[f.key] = f
	}
	keys := experiments.ConfigKeys()
	_, _, help := runCLI("train", "-h")
	for _, key := range keys {
		f, ok := table[key]
		if !ok {
			t.Errorf("recipe key %s has no train flag", key)
			continue
		}
		want := strings.ReplaceAll(key, "_", "-")
		if old, ok := olderFlagNames[key]; ok {
			want = old
		}
		if f.flagName() != want {
			t.Errorf("recipe key %s: flag --%s, want --%s", key, f.flagName(), want)
		}
		if !strings.Contains(help, "  -"+want+" ") && !strings.Contains(help, "  -"+want+"\n") {
			t.Errorf("train -h lacks -%s", want)
		}
	}
	for key := range table {
		if !slices.Contains(keys, key) {
			t.Errorf("flag for %s, which recipes do not accept", key)
		}
	}
}

// TestTrainFlagsSetTheirKey gives each config flag a value other than its
// default and checks that it changes its key of the config, and no other.
func TestTrainFlagsSetTheirKey(t *testing.T) {
	def := trainer.DefaultConfig()
	before := configJSON(t, def)
	for _, f := range configFlags() {
		t.Run(f.key, func(t *testing.T) {
			cfg := def
			fs := flag.NewFlagSet("train", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			if err := bindConfigFlags(fs, &cfg); err != nil {
				t.Fatal(err)
			}
			arg := []string{"-" + f.flagName(), "7"} // not the default of any key
			if b, ok := fs.Lookup(f.flagName()).Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				arg = arg[:1]
			}
			if err := fs.Parse(arg); err != nil {
				t.Fatal(err)
			}
			after := configJSON(t, cfg)
			var changed []string
			for k := range mergeKeys(before, after) {
				if !reflect.DeepEqual(before[k], after[k]) {
					changed = append(changed, k)
				}
			}
			if !slices.Equal(changed, []string{f.key}) {
				t.Errorf("%v changed %v, want only %s", arg, changed, f.key)
			}
		})
	}
}

func configJSON(t *testing.T, c trainer.Config) map[string]any {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mergeKeys(a, b map[string]any) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}
