package trainer

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func probPtr(v float64) *float64 { return &v }

// mixingConfig is smallConfig with DeiT's small-data regularisers: mixup
// 0.8 and cutmix 1 (switching half the time), label smoothing 0.1 inside
// the mixed targets, random erasing 0.25.
func mixingConfig() Config {
	c := smallConfig()
	c.Mixup, c.Cutmix = 0.8, 1
	c.LabelSmoothing = 0.1
	c.RandomErasing = 0.25
	return c
}

// TestMixingStopResumeIsExact: a run with mixup, cutmix and random erasing
// trains with finite losses, stopped mid-epoch twice and resumed ends with
// exactly the uninterrupted run's metrics (the mixing and erasing depend
// only on the seed, the epoch and the batch or image position), and it
// trains differently from the same run without them.
func TestMixingStopResumeIsExact(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four small runs")
	}
	cfg := mixingConfig()
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	trainToEnd(t, ref, cfg)
	want := epochMetrics(t, ref)
	for _, e := range want {
		if math.IsNaN(e.TrainLoss) || math.IsInf(e.TrainLoss, 0) || e.TrainLoss <= 0 || math.IsNaN(e.EvalLoss) || e.EvalLoss <= 0 {
			t.Errorf("epoch %d: train loss %v, eval loss %v, want finite and positive", e.Epoch, e.TrainLoss, e.EvalLoss)
		}
	}

	dir := filepath.Join(base, "stopped")
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stopAt(t, r, 2)
	r, err = Resume(dir)
	if err != nil {
		t.Fatal(err)
	}
	stopAt(t, r, 8)
	r, err = Resume(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	drain(r)
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	compareEpochs(t, epochMetrics(t, dir), want)
	info, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.Mixup != 0.8 || info.Config.Cutmix != 1 || info.Config.RandomErasing != 0.25 {
		t.Errorf("run.json config: mixup %v, cutmix %v, random_erasing %v", info.Config.Mixup, info.Config.Cutmix, info.Config.RandomErasing)
	}

	plain := smallConfig()
	plain.LabelSmoothing = 0.1
	trainToEnd(t, filepath.Join(base, "plain"), plain)
	if p := epochMetrics(t, filepath.Join(base, "plain")); p[0].TrainLoss == want[0].TrainLoss {
		t.Errorf("the mixed run's first epoch has the plain run's train loss %v: nothing was mixed", p[0].TrainLoss)
	}
}

// TestMixupNeverAppliedIsLabelSmoothing: with mixup on but a mixing
// probability of 0, every batch's soft targets are the label-smoothed
// one-hots, so the run trains as the plain cross-entropy with that
// smoothing does, up to float rounding (the two losses sum differently).
func TestMixupNeverAppliedIsLabelSmoothing(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two small runs")
	}
	plain := smallConfig()
	plain.Epochs = 1
	plain.LabelSmoothing = 0.1
	soft := plain
	soft.Mixup, soft.MixupProb = 1, probPtr(0)
	base := t.TempDir()
	trainToEnd(t, filepath.Join(base, "plain"), plain)
	trainToEnd(t, filepath.Join(base, "soft"), soft)
	p, s := epochMetrics(t, filepath.Join(base, "plain")), epochMetrics(t, filepath.Join(base, "soft"))
	for _, v := range []struct {
		name       string
		got, want  float64
		tolerances float64
	}{
		{"train loss", s[0].TrainLoss, p[0].TrainLoss, 1e-4},
		{"eval loss", s[0].EvalLoss, p[0].EvalLoss, 1e-4},
	} {
		if math.Abs(v.got-v.want) > v.tolerances*math.Abs(v.want) {
			t.Errorf("%s %v, plain cross-entropy %v", v.name, v.got, v.want)
		}
	}
}

// TestMixingConfig: the new keys are off at zero, absent from a run.json
// that does not use them (old run.json files load unchanged), and checked.
func TestMixingConfig(t *testing.T) {
	b, err := json.Marshal(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"mixup", "cutmix", "mixup_prob", "mixup_switch_prob", "random_erasing"} {
		if strings.Contains(string(b), `"`+key+`"`) {
			t.Errorf("DefaultConfig's JSON has %q: %s", key, b)
		}
	}
	if m := DefaultConfig().mixup(); m.Enabled() || m.Prob != 1 || m.SwitchProb != 0.5 {
		t.Errorf("default mixing %+v, want off with timm's probabilities 1 and 0.5", m)
	}
	c := DefaultConfig()
	c.Mixup, c.Cutmix, c.MixupProb, c.MixupSwitchProb, c.LabelSmoothing = 0.8, 1, probPtr(0), probPtr(1), 0.1
	if err := c.Validate(); err != nil {
		t.Errorf("valid mixing config: %v", err)
	}
	if m := c.mixup(); !m.Enabled() || m.Prob != 0 || m.SwitchProb != 1 || m.LabelSmoothing != 0.1 || m.MixupAlpha != 0.8 || m.CutmixAlpha != 1 {
		t.Errorf("mixing %+v from %+v", m, c)
	}

	tests := []struct {
		want string
		edit func(*Config)
	}{
		{"mixup: must not be negative", func(c *Config) { c.Mixup = -0.1 }},
		{"cutmix: must not be negative", func(c *Config) { c.Cutmix = -1 }},
		{"mixup: must be a finite number", func(c *Config) { c.Mixup = math.Inf(1) }},
		{"cutmix: must be a finite number", func(c *Config) { c.Cutmix = math.NaN() }},
		{"mixup_prob: must be in [0, 1], got 1.5", func(c *Config) { c.MixupProb = probPtr(1.5) }},
		{"mixup_prob: must be in [0, 1], got -0.5", func(c *Config) { c.MixupProb = probPtr(-0.5) }},
		{"mixup_switch_prob: must be in [0, 1], got 2", func(c *Config) { c.MixupSwitchProb = probPtr(2) }},
		{"random_erasing: must be in [0, 1], got 1.25", func(c *Config) { c.RandomErasing = 1.25 }},
		{"random_erasing: must be a finite number", func(c *Config) { c.RandomErasing = math.NaN() }},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		tt.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
		}
	}
}
