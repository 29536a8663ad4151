package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit"
)

func benchCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(env, append([]string{"bench"}, args...))
	return code, out.String(), errb.String()
}

func TestBenchJSON(t *testing.T) {
	for _, mode := range []string{"full", "adaptformer", "linear"} {
		code, out, errOut := benchCLI("--preset", "micro", "--mode", mode, "--batch", "2", "--steps", "1", "--warmup", "0", "--threads", "1", "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", mode, code, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 1 {
			t.Fatalf("%s: want exactly one line of JSON, got %q", mode, out)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
			t.Fatalf("%s: %v in %q", mode, err, out)
		}
		// The keys the shared bench compare.sh reads, as torch_ref.py prints them.
		for _, key := range []string{"train_images_per_s", "eval_images_per_s", "gflops", "peak_rss_mb"} {
			if v, ok := got[key].(float64); !ok || v <= 0 {
				t.Errorf("%s: %s = %v, want a positive number", mode, key, got[key])
			}
		}
		if got["mode"] != mode || got["preset"] != "micro" {
			t.Errorf("%s: reports mode %v, preset %v", mode, got["mode"], got["preset"])
		}
	}
}

func TestBenchText(t *testing.T) {
	code, out, errOut := benchCLI("-preset", "micro", "-batch", "2", "-steps", "1", "-warmup", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"train", "eval", "images/s", "GFLOPS", "peak RSS"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestBenchBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--batch", "0"}, {"--steps", "0"}, {"--threads", "-1"}, {"--mode", "half"},
		{"--preset", "huge"}, {"extra"}, {"--warmup", "-2"},
	} {
		if code, _, errOut := benchCLI(args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
}

// The FLOP count follows the trainable set: adaptformer mode skips the
// frozen weight gradients and linear mode the whole backward pass but the
// head's. The executed count leaves out the last block's rows the model
// skips: all but the class token after its keys and values.
func TestCountFLOPs(t *testing.T) {
	cfg, err := vit.Preset("tiny")
	if err != nil {
		t.Fatal(err)
	}
	T, D := float64(cfg.Tokens()), float64(cfg.Dim)
	F, R := float64(cfg.Hidden()), float64(cfg.Adapter.Bottleneck)
	// The last block's forward products for the T-1 patch tokens: their
	// queries, attention rows, projection, MLP and adapter.
	skipped := (T - 1) * (2*D*D + 2*2*T*D + 2*D*D + 2*2*D*F + 2*2*D*R)
	train := map[vit.Mode]float64{}
	for _, mode := range []vit.Mode{vit.ModeFull, "adaptformer", "linear"} {
		m, err := vit.New(cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Freeze(vit.FreezeSpec{Mode: mode}); err != nil {
			t.Fatal(err)
		}
		f := countFLOPs(cfg, m.Params())
		if mode == vit.ModeFull && !(f.Train > 2.9*f.Eval && f.Train < 3.1*f.Eval) {
			t.Errorf("full: train %g, eval %g FLOPs: want about 3x", f.Train, f.Eval)
		}
		if got := f.Eval - f.EvalRun; math.Abs(got-skipped) > 1e-9*skipped {
			t.Errorf("%s: eval skips %g FLOPs, want %g", mode, got, skipped)
		}
		if !(f.TrainRun < f.Train && f.TrainRun > f.Train-4*skipped) {
			t.Errorf("%s: executed training FLOPs %g of %g: want fewer, by at most 4x the forward's saving", mode, f.TrainRun, f.Train)
		}
		train[mode] = f.Train
	}
	if !(train["linear"] < train["adaptformer"] && train["adaptformer"] < train[vit.ModeFull]) {
		t.Errorf("train FLOPs by mode %v: want linear < adaptformer < full", train)
	}
}

// BenchmarkStep measures a training step and an eval forward of the tiny
// preset at batch 64 on all cores, as `adaptformer bench` does; allocs/op
// shows the garbage a step leaves.
//
//	go test -run XXX -bench Step -benchtime 5x .
func BenchmarkStep(b *testing.B) {
	cfg, err := vit.Preset("tiny")
	if err != nil {
		b.Fatal(err)
	}
	const batch = 64
	for _, mode := range []vit.Mode{vit.ModeFull, "adaptformer"} {
		bs, err := newBenchSetup(cfg, vit.FreezeSpec{Mode: mode}, batch, 0, 1)
		if err != nil {
			b.Fatal(err)
		}
		for _, kind := range []string{"train", "eval"} {
			step := bs.trainStep
			if kind == "eval" {
				step = bs.evalStep
			}
			b.Run(string(mode)+"/"+kind, func(b *testing.B) {
				bs.model.Train(kind == "train")
				if err := step(); err != nil { // warm-up: buffers, momentum
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if err := step(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "images/s")
			})
		}
	}
}
