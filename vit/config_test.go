package vit

import (
	"strings"
	"testing"
)

func TestPresetsValidate(t *testing.T) {
	for _, name := range PresetNames() {
		c, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("preset %s: %v", name, err)
		}
		if PresetDoc(name) == "" {
			t.Errorf("preset %s has no description", name)
		}
	}
	if _, err := Preset("vit-huge"); err == nil || !strings.Contains(err.Error(), "seed-b3") {
		t.Errorf("unknown preset: error %v should list the presets", err)
	}
	seed, _ := Preset("seed-b3")
	if got := seed.Tokens(); got != 101 {
		t.Errorf("seed-b3 has %d tokens, want 101 (patch 3 on 32x32 plus the class token)", got)
	}
	if a := seed.Adapter; a.Input != InputNorm2 || !a.Learnable || a.Scale != 1 || a.Bottleneck != 64 || seed.QKVBias || seed.LNEps != 1e-5 {
		t.Errorf("seed-b3 differs from the reproduction: %+v", seed)
	}
	tiny, _ := Preset("tiny")
	if a := tiny.Adapter; a.Input != InputX || a.Learnable || a.Scale != 0.1 || a.Init != InitLoRA || a.Placement != PlacementParallel {
		t.Errorf("tiny's adapter differs from the official AdaptFormer: %+v", a)
	}
}

func TestValidateErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Config)
		want   string
	}{
		{"dim not divisible by heads", func(c *Config) { c.Heads = 5 }, "dim 192 is not divisible by 5 heads"},
		{"image not divisible by patch", func(c *Config) { c.PatchSize = 5 }, "image size 32 is not divisible by patch size 5"},
		{"patch larger than image", func(c *Config) { c.PatchSize = 64 }, "smaller than patch size"},
		{"zero depth", func(c *Config) { c.Depth = 0 }, "depth must be positive"},
		{"negative classes", func(c *Config) { c.NumClasses = -1 }, "classes must be positive"},
		{"zero dim", func(c *Config) { c.Dim = 0 }, "dim must be positive"},
		{"bad mlp ratio", func(c *Config) { c.MLPRatio = 0 }, "MLP ratio"},
		{"bad eps", func(c *Config) { c.LNEps = 0 }, "eps"},
		{"dropout of one", func(c *Config) { c.DropRate = 1 }, "dropout rate"},
		{"negative drop path", func(c *Config) { c.DropPathRate = -0.1 }, "drop-path rate"},
		{"unknown adapter input", func(c *Config) { c.Adapter.Input = "norm1" }, `unknown adapter input "norm1"`},
		{"unknown adapter init", func(c *Config) { c.Adapter.Init = "xavier" }, `unknown adapter init "xavier"`},
		{"unknown placement", func(c *Config) { c.Adapter.Placement = "serial" }, `unknown adapter placement "serial"`},
		{"zero bottleneck", func(c *Config) { c.Adapter.Bottleneck = 0 }, "bottleneck must be positive"},
		{"several problems at once", func(c *Config) { c.Depth, c.Heads = 0, 7 }, "depth must be positive, got 0; dim 192 is not divisible by 7 heads"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := Preset("tiny")
			tc.modify(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tc.want)
			}
			if _, err := New(c, 1); err == nil {
				t.Error("New accepted an invalid config")
			}
		})
	}
	// Options of a disabled adapter do not matter; empty strings mean defaults.
	c, _ := Preset("tiny")
	c.Adapter = AdapterConfig{Enabled: false, Input: "bogus"}
	if err := c.Validate(); err != nil {
		t.Errorf("disabled adapter: %v", err)
	}
	c.Adapter = AdapterConfig{Enabled: true, Bottleneck: 4}
	if err := c.Validate(); err != nil {
		t.Errorf("adapter with default options: %v", err)
	}
}

// closedFormCounts computes a config's parameter counts by hand: the
// numbers the summary must reproduce.
func closedFormCounts(c Config, mode Mode) (total, trainable int) {
	D, F, G, C := c.Dim, c.Hidden(), c.Grid(), c.NumClasses
	patch := D*c.InChans*c.PatchSize*c.PatchSize + D
	embed := D + (G*G+1)*D + patch
	qkv := 3 * D * D
	if c.QKVBias {
		qkv += 3 * D
	}
	backbone := 2*D + qkv + D*D + D + 2*D + D*F + F + F*D + D
	adapter := 0
	if a := c.Adapter; a.Enabled {
		R := a.Bottleneck
		adapter = R*D + R + D*R + D
		if a.Learnable {
			adapter++
		}
	}
	head := D*C + C
	total = embed + c.Depth*(backbone+adapter) + 2*D + head
	switch mode {
	case ModeFull:
		trainable = total
	case ModeAdaptFormer:
		trainable = c.Depth*adapter + head
	case ModeLinear:
		trainable = head
	}
	return total, trainable
}

func TestSummaryCountsMatchClosedForm(t *testing.T) {
	for _, name := range PresetNames() {
		for _, adapters := range []bool{true, false} {
			for _, mode := range Modes() {
				if mode == ModeAdaptFormer && !adapters {
					continue
				}
				c, _ := Preset(name)
				c.Adapter.Enabled = adapters
				s, err := Describe(c, FreezeSpec{Mode: mode})
				if err != nil {
					t.Fatalf("%s %s: %v", name, mode, err)
				}
				total, trainable := closedFormCounts(c, mode)
				if s.Total != total || s.Trainable != trainable {
					t.Errorf("%s adapters=%v %s: summary %d total, %d trainable; closed form %d, %d",
						name, adapters, mode, s.Total, s.Trainable, total, trainable)
				}
				rowTotal, rowTrainable := 0, 0
				for _, r := range s.Rows {
					rowTotal += r.Params
					rowTrainable += r.Trainable
				}
				if rowTotal != s.Total || rowTrainable != s.Trainable {
					t.Errorf("%s %s: rows sum to %d/%d, totals say %d/%d", name, mode, rowTotal, rowTrainable, s.Total, s.Trainable)
				}
			}
		}
	}
}

func TestSummaryKnownCounts(t *testing.T) {
	seed, _ := Preset("seed-b3")
	seed.NumClasses = 100
	s, err := Describe(seed, FreezeSpec{Mode: ModeFull})
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 86_394_736 {
		t.Errorf("seed-b3, 100 classes: %d parameters, want 86,394,736", s.Total)
	}
	seed.NumClasses = 10
	s, _ = Describe(seed, FreezeSpec{Mode: ModeAdaptFormer})
	if s.Trainable != 1_197_334 {
		t.Errorf("seed-b3, 10 classes, adaptformer: %d trainable, want 1,197,334", s.Trainable)
	}
	out := s.String()
	for _, want := range []string{"Trainable params:  1,197,334 (1.39%, 4.57 MiB)", "blocks.11.adaptmlp", "Adapter", "[101, 768]", "head"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	b16, _ := Preset("vit-b16")
	b16.NumClasses = 100
	b16.Adapter.Enabled = false
	s, _ = Describe(b16, FreezeSpec{Mode: ModeFull})
	if s.Total != 85_875_556 {
		t.Errorf("vit-b16, 100 classes, no adapter: %d parameters, want 85,875,556", s.Total)
	}
}

func TestSummaryOfBuiltModelMatchesDescribe(t *testing.T) {
	c, _ := Preset("micro")
	m, err := New(c, 3)
	if err != nil {
		t.Fatal(err)
	}
	spec := FreezeSpec{Mode: ModeAdaptFormer, Include: []string{"blocks.*.norm*"}}
	if err := m.Freeze(spec); err != nil {
		t.Fatal(err)
	}
	d, _ := Describe(c, spec)
	if m.Summary().String() != d.String() {
		t.Errorf("Summary and Describe differ:\n%s\n%s", m.Summary(), d)
	}
	total, trainable := m.NumParams()
	if total != d.Total || trainable != d.Trainable {
		t.Errorf("NumParams = %d, %d; summary %d, %d", total, trainable, d.Total, d.Trainable)
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 86394736: "86,394,736", -1234: "-1,234"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}
