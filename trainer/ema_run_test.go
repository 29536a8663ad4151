package trainer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// evalWeights evaluates tensors on cfg's evaluation set as a run does
// (session.evaluate), in a model of its own.
func evalWeights(t *testing.T, cfg Config, tensors []safetensors.Tensor) EpochEvent {
	t.Helper()
	s := &session{cfg: cfg}
	var err error
	if s.eval, err = openData(cfg, "eval", cfg.EvalLimit); err != nil {
		t.Fatal(err)
	}
	mc, err := modelConfig(cfg, len(s.eval.Classes()), 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.model, err = vit.New(mc, 99); err != nil {
		t.Fatal(err)
	}
	s.model.SetThreads(1)
	rep, err := s.model.LoadFile(&safetensors.File{Tensors: tensors})
	if err != nil || len(rep.Missing)+len(rep.Skipped)+len(rep.Unexpected) > 0 {
		t.Fatalf("load: %v, report %+v", err, rep)
	}
	ev, err := s.evaluate()
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// A run with ema_decay evaluates the moving average beside the raw weights
// every epoch, keeps its best in run.json, and checkpoints it for the
// trainable parameters only; the checkpointed average, loaded as weights
// (CheckpointWeights, init_from_ema), evaluates exactly as the run reported.
func TestEMARun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two small runs")
	}
	base := t.TempDir()
	cfg := smallConfig()
	cfg.Mode = "adaptformer" // frozen parameters have no average
	cfg.EMADecay = 0.9
	dir := filepath.Join(base, "ema")
	trainToEnd(t, dir, cfg)

	epochs := epochMetrics(t, dir)
	var best EpochEvent
	for _, e := range epochs {
		if !e.HasEMA() {
			t.Fatalf("epoch %d has no EMA evaluation: %+v", e.Epoch, e)
		}
		if e.EMAEvalLoss == e.EvalLoss {
			t.Errorf("epoch %d: the EMA weights evaluate as the raw ones (loss %v): no averaging?", e.Epoch, e.EvalLoss)
		}
		if best.Epoch == 0 || e.EMAEvalTop1 > best.EMAEvalTop1 {
			best = e
		}
	}
	info, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	last := epochs[len(epochs)-1]
	if info.BestEMAEvalTop1 != best.EMAEvalTop1 || info.BestEMAEpoch != best.Epoch || info.LastEMAEvalTop1 != last.EMAEvalTop1 {
		t.Errorf("run.json: EMA best %v (epoch %d) last %v; the epochs say %v (%d) %v",
			info.BestEMAEvalTop1, info.BestEMAEpoch, info.LastEMAEvalTop1, best.EMAEvalTop1, best.Epoch, last.EMAEvalTop1)
	}

	ck, _, err := latestCheckpoint(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ck.EMA {
		names = append(names, e.Name)
	}
	if !slices.Equal(names, ck.State.Trainable) {
		t.Errorf("EMA tensors %v, want one per trainable parameter %v", names, ck.State.Trainable)
	}
	if want := info.Step; ck.State.EMAUpdates != want {
		t.Errorf("checkpoint: %d EMA updates, want one per step (%d)", ck.State.EMAUpdates, want)
	}

	for _, tt := range []struct {
		ema        bool
		loss, top1 float64
		top5       float64
	}{{false, last.EvalLoss, last.EvalTop1, last.EvalTop5}, {true, last.EMAEvalLoss, last.EMAEvalTop1, last.EMAEvalTop5}} {
		weights, err := CheckpointWeights(dir, tt.ema)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range weights {
			if strings.Contains(w.Name, "/") {
				t.Errorf("ema %v: weights hold %s, not a parameter", tt.ema, w.Name)
			}
		}
		ev := evalWeights(t, cfg, weights)
		if ev.EvalLoss != tt.loss || ev.EvalTop1 != tt.top1 || ev.EvalTop5 != tt.top5 {
			t.Errorf("ema %v: the checkpoint's weights evaluate to loss %v top-1 %v top-5 %v, the run reported %v %v %v",
				tt.ema, ev.EvalLoss, ev.EvalTop1, ev.EvalTop5, tt.loss, tt.top1, tt.top5)
		}

		// init_from_ema loads the same weights.
		m, err := vit.New(mustModelConfig(t, cfg), 5)
		if err != nil {
			t.Fatal(err)
		}
		msg, _, err := initFrom(m, dir, tt.ema)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(msg, "unused") || tt.ema != strings.Contains(msg, "EMA weights") {
			t.Errorf("ema %v: message %q", tt.ema, msg)
		}
		for _, w := range weights {
			v, _ := w.Float32()
			if !slices.Equal(m.Param(w.Name).Data(), v) {
				t.Errorf("ema %v: init-from loaded another %s", tt.ema, w.Name)
			}
		}
	}

	// A run without an average has none to load.
	plain := filepath.Join(base, "plain")
	pc := smallConfig()
	pc.Epochs = 1
	trainToEnd(t, plain, pc)
	if _, err := CheckpointWeights(plain, true); err == nil || !strings.Contains(err.Error(), "holds no EMA weights") {
		t.Errorf("CheckpointWeights(ema) of a run without: %v, want an error", err)
	}
	m, _ := vit.New(mustModelConfig(t, pc), 5)
	if _, _, err := initFrom(m, plain, true); err == nil || !strings.Contains(err.Error(), "init_from_ema") {
		t.Errorf("init_from_ema from a run without: %v, want an error naming init_from_ema", err)
	}
}

func mustModelConfig(t *testing.T, cfg Config) vit.Config {
	t.Helper()
	ds, err := openData(cfg, "train", 0)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := modelConfig(cfg, len(ds.Classes()), 0)
	if err != nil {
		t.Fatal(err)
	}
	return mc
}

// layer_decay 1 trains exactly as none; 0.5 trains otherwise.
func TestLayerDecayRun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three small runs")
	}
	base := t.TempDir()
	run := func(name string, decay float64) []EpochEvent {
		cfg := smallConfig()
		cfg.Epochs = 1
		cfg.LayerDecay = decay
		dir := filepath.Join(base, name)
		trainToEnd(t, dir, cfg)
		return epochMetrics(t, dir)
	}
	off := run("off", 0)
	compareEpochs(t, run("one", 1), off)
	if half := run("half", 0.5); half[0] == off[0] {
		t.Errorf("layer_decay 0.5 trained exactly as none: %+v", half[0])
	}
}
