package trainer

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunInfoRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := RunInfo{
		ID: "r1", Name: "pretrain", Status: StatusRunning, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		PID: 42, Host: "box", Config: DefaultConfig(), Epoch: 1, Step: 10, Epochs: 3, StepsPerEpoch: 10,
		Params: 1000, Trainable: 10, BestEvalTop1: 0.5,
	}
	if err := WriteRunInfo(dir, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if out.Updated.IsZero() || out.Version != runInfoVersion {
		t.Errorf("Updated %v, Version %d: want set", out.Updated, out.Version)
	}
	out.Updated, out.Version = in.Updated, in.Version
	if out.Config.Preset != in.Config.Preset || out.ID != in.ID || out.Step != 10 || out.PID != 42 {
		t.Errorf("round trip: got %+v", out)
	}
	if p := out.Progress(); p != 1.0/3 {
		t.Errorf("Progress = %v, want 1/3", p)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only run.json (no temp files left)", len(entries))
	}

	if _, err := ReadRunInfo(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing run.json: %v, want fs.ErrNotExist", err)
	}
	os.WriteFile(filepath.Join(dir, RunInfoFile), []byte(`{"id": "r1", "status": `), 0o644)
	if _, err := ReadRunInfo(dir); err == nil || !strings.Contains(err.Error(), "run.json") {
		t.Errorf("truncated run.json: %v, want an error naming the file", err)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig: %v", err)
	}
	for _, policy := range []string{"trivialaugment", "randaugment", "randaugment-n3-m15"} {
		c := DefaultConfig()
		c.AutoAugment = policy
		if err := c.Validate(); err != nil {
			t.Errorf("auto_augment %q: %v", policy, err)
		}
	}
	tests := []struct {
		field string
		edit  func(*Config)
	}{
		{"epochs", func(c *Config) { c.Epochs = 0 }},
		{"batch", func(c *Config) { c.Batch = -1 }},
		{"optimizer", func(c *Config) { c.Optimizer = "rmsprop" }},
		{"mode", func(c *Config) { c.Mode = "frozen" }},
		{"lr", func(c *Config) { c.LR = 0 }},
		{"min_lr", func(c *Config) { c.MinLR = 1 }},
		{"momentum", func(c *Config) { c.Momentum = 1 }},
		{"beta1", func(c *Config) { c.Beta1 = -0.1 }},
		{"beta2", func(c *Config) { c.Beta2 = 1.5 }},
		{"eps", func(c *Config) { c.Eps = -1 }},
		{"eps", func(c *Config) { c.Optimizer, c.Eps = "adamw", 0 }},
		{"label_smoothing", func(c *Config) { c.LabelSmoothing = 1.5 }},
		{"grad_clip", func(c *Config) { c.GradClip = -1 }},
		{"adapter", func(c *Config) { c.Adapter = "serial" }},
		{"dataset", func(c *Config) { c.Dataset = "" }},
		{"preset", func(c *Config) { c.Preset = "" }},
		{"weight_decay", func(c *Config) { c.WeightDecay = -0.1 }},
		{"max_warmup_fraction", func(c *Config) { c.MaxWarmupFraction = 1.5 }},
		{`"imagenet"`, func(c *Config) { c.Dataset = "imagenet" }},
		{"workers: must not be negative, got -3", func(c *Config) { c.Workers = -3 }},
		{"train_limit: must not be negative, got -5", func(c *Config) { c.TrainLimit = -5 }},
		{`auto_augment: must be trivialaugment, randaugment (N=2, M=9) or randaugment-n<N>-m<M>`, func(c *Config) { c.AutoAugment = "autoaugment" }},
		{`got "rand-m9-n2"`, func(c *Config) { c.AutoAugment = "rand-m9-n2" }},
		{"ema_decay: must be in [0, 1)", func(c *Config) { c.EMADecay = 1 }},
		{"ema_decay: must be in [0, 1)", func(c *Config) { c.EMADecay = -0.5 }},
		{"ema_decay: must be a finite number", func(c *Config) { c.EMADecay = math.NaN() }},
		{"layer_decay: must be in [0, 1]", func(c *Config) { c.LayerDecay = 1.25 }},
		{"layer_decay: must be in [0, 1]", func(c *Config) { c.LayerDecay = -0.75 }},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		tt.edit(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s: Validate() = %v, want an error naming the field", tt.field, err)
		}
	}

	// The ends of the ranges are fine: off, and (layer_decay 1) off too.
	for _, edit := range []func(*Config){
		func(c *Config) { c.EMADecay, c.LayerDecay = 0, 0 },
		func(c *Config) { c.EMADecay, c.LayerDecay = 0.9999, 1 },
	} {
		c := DefaultConfig()
		edit(&c)
		if err := c.Validate(); err != nil {
			t.Errorf("ema_decay %v, layer_decay %v: %v", c.EMADecay, c.LayerDecay, err)
		}
	}

	// Several problems: all of them, on one line, and only the real ones
	// (a bad lr does not also make min_lr wrong).
	c := DefaultConfig()
	c.Batch, c.LR = 0, -1
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "batch") ||
		!strings.Contains(err.Error(), "lr: must be positive") || strings.Contains(err.Error(), "min_lr") {
		t.Errorf("Validate() = %q, want batch and lr on one line", err)
	}
}
