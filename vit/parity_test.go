package vit

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// The parity fixtures (testdata/*.safetensors, see testdata/README.md) hold
// the weights, a batch, and PyTorch's float64 logits, loss, gradients and
// parameters after two SGD steps. Tolerances follow the issue: logits and
// loss within 1e-4 relative, gradients and parameters within 1e-3 of the
// reference relative to its norm.
const (
	logitTol = 1e-4
	gradTol  = 1e-3
)

// fixture is one parsed parity file.
type fixture struct {
	name   string
	file   *safetensors.File
	cfg    Config
	sgd    sgdConfig
	input  []float32
	shape  []int
	labels []int
}

type sgdConfig struct {
	LR          float64 `json:"lr"`
	Momentum    float64 `json:"momentum"`
	WeightDecay float64 `json:"weight_decay"`
	Steps       int     `json:"steps"`
}

// fixtureConfig is the "config" metadata of a fixture, as the generator
// writes it.
type fixtureConfig struct {
	ImgSize          int     `json:"img_size"`
	PatchSize        int     `json:"patch_size"`
	InChans          int     `json:"in_chans"`
	NumClasses       int     `json:"num_classes"`
	Dim              int     `json:"dim"`
	Depth            int     `json:"depth"`
	Heads            int     `json:"heads"`
	MLPRatio         float64 `json:"mlp_ratio"`
	QKVBias          bool    `json:"qkv_bias"`
	Eps              float64 `json:"eps"`
	Bottleneck       int     `json:"bottleneck"`
	AdapterInput     string  `json:"adapter_input"`
	AdapterScale     string  `json:"adapter_scale"`
	AdapterScaleInit float64 `json:"adapter_scale_init"`
	AdapterPlacement string  `json:"adapter_placement"`
}

func loadFixture(t *testing.T, path string) *fixture {
	t.Helper()
	f, err := safetensors.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{name: filepath.Base(path), file: f}
	var fc fixtureConfig
	if err := json.Unmarshal([]byte(f.Metadata["config"]), &fc); err != nil {
		t.Fatalf("%s: config metadata: %v", fx.name, err)
	}
	// Keys this test does not know are reported, not fatal: if one changed
	// the math, the comparisons below would fail.
	var raw map[string]any
	json.Unmarshal([]byte(f.Metadata["config"]), &raw)
	known := reflect.TypeFor[fixtureConfig]()
	for key := range raw {
		found := false
		for i := 0; i < known.NumField(); i++ {
			if strings.Split(known.Field(i).Tag.Get("json"), ",")[0] == key {
				found = true
			}
		}
		if !found {
			t.Logf("%s: config key %q is not interpreted", fx.name, key)
		}
	}
	if err := json.Unmarshal([]byte(f.Metadata["sgd"]), &fx.sgd); err != nil {
		t.Fatalf("%s: sgd metadata: %v", fx.name, err)
	}
	cfg := Config{
		ImageSize: fc.ImgSize, PatchSize: fc.PatchSize, InChans: fc.InChans, NumClasses: fc.NumClasses,
		Dim: fc.Dim, Depth: fc.Depth, Heads: fc.Heads, MLPRatio: fc.MLPRatio, QKVBias: fc.QKVBias, LNEps: fc.Eps,
	}
	if fc.Bottleneck > 0 {
		cfg.Adapter = AdapterConfig{Enabled: true, Bottleneck: fc.Bottleneck, Scale: fc.AdapterScaleInit, Init: InitLoRA}
		switch fc.AdapterInput {
		case "norm", "norm2":
			cfg.Adapter.Input = InputNorm2
		case "residual", "x":
			cfg.Adapter.Input = InputX
		default:
			t.Fatalf("%s: unknown adapter_input %q", fx.name, fc.AdapterInput)
		}
		switch fc.AdapterScale {
		case "learnable":
			cfg.Adapter.Learnable = true
		case "fixed":
		default:
			t.Fatalf("%s: unknown adapter_scale %q", fx.name, fc.AdapterScale)
		}
		cfg.Adapter.Placement = fc.AdapterPlacement
	}
	fx.cfg = cfg
	in := fx.tensor(t, "input")
	fx.input = fx.floats(t, "input")
	fx.shape = in.Shape
	lt := fx.tensor(t, "labels")
	ls, err := lt.Int64()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		fx.labels = append(fx.labels, int(l))
	}
	return fx
}

func (fx *fixture) tensor(t *testing.T, name string) safetensors.Tensor {
	t.Helper()
	ts, ok := fx.file.Get(name)
	if !ok {
		t.Fatalf("%s: no tensor %q", fx.name, name)
	}
	return ts
}

func (fx *fixture) floats(t *testing.T, name string) []float32 {
	t.Helper()
	v, err := fx.tensor(t, name).Float32()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// newModel builds the fixture's model and loads its param/ tensors,
// checking that the names and shapes match exactly.
func (fx *fixture) newModel(t *testing.T) *Model {
	t.Helper()
	m, err := New(fx.cfg, 1)
	if err != nil {
		t.Fatalf("%s: %v", fx.name, err)
	}
	var fileParams []string
	for _, ts := range fx.file.Tensors {
		if name, ok := strings.CutPrefix(ts.Name, "param/"); ok {
			fileParams = append(fileParams, name)
		}
	}
	var modelParams []string
	for _, p := range m.Params() {
		modelParams = append(modelParams, p.Name)
	}
	if strings.Join(fileParams, " ") != strings.Join(modelParams, " ") {
		t.Fatalf("%s: parameter names or order differ:\nfile:  %v\nmodel: %v", fx.name, fileParams, modelParams)
	}
	for _, p := range m.Params() {
		ts := fx.tensor(t, "param/"+p.Name)
		if fmt.Sprint(ts.Shape) != fmt.Sprint(p.Shape()) {
			t.Fatalf("%s: %s shape %v, model %v", fx.name, p.Name, ts.Shape, p.Shape())
		}
		copy(p.Data(), fx.floats(t, "param/"+p.Name))
	}
	return m
}

// relErr is ‖got-want‖ / ‖want‖ (absolute when want is zero).
func relErr(got, want []float32) float64 {
	var num, den float64
	for i := range want {
		d := float64(got[i]) - float64(want[i])
		num += d * d
		den += float64(want[i]) * float64(want[i])
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

// maxRelElem is max |got-want| / max|want|.
func maxRelElem(got, want []float32) float64 {
	var maxDiff, maxRef float64
	for i := range want {
		maxDiff = math.Max(maxDiff, math.Abs(float64(got[i])-float64(want[i])))
		maxRef = math.Max(maxRef, math.Abs(float64(want[i])))
	}
	return maxDiff / maxRef
}

// sgdStep applies the fixture's SGD: d = g + wd*p; buf = d or
// momentum*buf + d; p -= lr*buf, to trainable parameters only.
func sgdStep(m *Model, sgd sgdConfig, bufs map[string][]float64) {
	for _, p := range m.Params() {
		if !p.Trainable {
			continue
		}
		buf, seen := bufs[p.Name]
		if !seen {
			buf = make([]float64, p.Size())
			bufs[p.Name] = buf
		}
		v, g := p.Data(), p.GradData()
		for i := range v {
			d := float64(g[i]) + sgd.WeightDecay*float64(v[i])
			if seen {
				buf[i] = sgd.Momentum*buf[i] + d
			} else {
				buf[i] = d
			}
			v[i] = float32(float64(v[i]) - sgd.LR*buf[i])
		}
	}
}

// trainStep runs forward, loss and backward on the fixture's batch.
func (fx *fixture) trainStep(t *testing.T, m *Model) (logits []float32, loss float64) {
	t.Helper()
	m.ZeroGrad()
	out, err := m.Forward(newDense(fx.input, fx.shape...))
	if err != nil {
		t.Fatal(err)
	}
	loss, d, _, _, err := CrossEntropy(out, fx.labels, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	logits = append([]float32(nil), out.Data().([]float32)...)
	if err := m.Backward(d); err != nil {
		t.Fatal(err)
	}
	return logits, loss
}

func runParity(t *testing.T, fx *fixture) {
	m := fx.newModel(t)
	m.Train(true) // the fixtures' rates are zero: training mode must change nothing
	logits, loss := fx.trainStep(t, m)
	if e := maxRelElem(logits, fx.floats(t, "logits")); e > logitTol {
		t.Errorf("logits: max error %.3g relative to the largest logit, want <= %g", e, logitTol)
	}
	wantLoss := float64(fx.floats(t, "loss")[0])
	if e := math.Abs(loss-wantLoss) / math.Abs(wantLoss); e > logitTol {
		t.Errorf("loss %.7g, want %.7g (relative error %.3g)", loss, wantLoss, e)
	}
	worst, worstName := 0.0, ""
	for _, p := range m.Params() {
		e := relErr(p.GradData(), fx.floats(t, "grad/"+p.Name))
		if e > gradTol {
			t.Errorf("grad %s: relative error %.3g, want <= %g", p.Name, e, gradTol)
		}
		if e > worst {
			worst, worstName = e, p.Name
		}
	}
	t.Logf("logits error %.2g, loss %.7g, worst gradient error %.2g (%s)", maxRelElem(logits, fx.floats(t, "logits")), loss, worst, worstName)

	for _, mode := range []Mode{ModeFull, ModeAdaptFormer} {
		prefix := string(mode) + "/after_sgd/"
		if _, ok := fx.file.Get(prefix + m.Params()[0].Name); !ok {
			t.Logf("%s: no %s tensors; skipping that check", fx.name, prefix)
			continue
		}
		m := fx.newModel(t)
		if err := m.Freeze(FreezeSpec{Mode: mode}); err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		bufs := map[string][]float64{}
		for step := 0; step < fx.sgd.Steps; step++ {
			fx.trainStep(t, m)
			sgdStep(m, fx.sgd, bufs)
		}
		for _, p := range m.Params() {
			want := fx.floats(t, prefix+p.Name)
			if !p.Trainable {
				orig := fx.floats(t, "param/"+p.Name)
				for i, v := range p.Data() {
					if math.Float32bits(v) != math.Float32bits(orig[i]) {
						t.Errorf("%s: frozen %s changed at %d: %v -> %v", mode, p.Name, i, orig[i], v)
						break
					}
				}
				for i, g := range p.GradData() {
					if g != 0 {
						t.Errorf("%s: frozen %s has gradient %v at %d", mode, p.Name, g, i)
						break
					}
				}
			}
			e := relErr(p.Data(), want)
			if e > gradTol {
				t.Errorf("%s: %s after %d SGD steps: relative error %.3g, want <= %g", mode, p.Name, fx.sgd.Steps, e, gradTol)
			}
			worst = math.Max(worst, e)
		}
		t.Logf("%s: parameters after %d SGD steps: worst error %.2g", mode, fx.sgd.Steps, worst)
	}
}

// fixturePaths lists the parity files by test name: those in testdata, plus
// every *.safetensors in the folder named by VIT_FIXTURES when it is set
// (named env:<file>).
func fixturePaths(t *testing.T) (names, paths []string) {
	local, err := filepath.Glob(filepath.Join("testdata", "*.safetensors"))
	if err != nil || len(local) == 0 {
		t.Fatalf("no parity fixtures in testdata (%v)", err)
	}
	sort.Strings(local)
	for _, p := range local {
		names = append(names, filepath.Base(p))
		paths = append(paths, p)
	}
	if dir := os.Getenv("VIT_FIXTURES"); dir != "" {
		extra, err := filepath.Glob(filepath.Join(dir, "*.safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if len(extra) == 0 {
			t.Fatalf("VIT_FIXTURES=%s holds no *.safetensors files", dir)
		}
		sort.Strings(extra)
		for _, p := range extra {
			names = append(names, "env:"+filepath.Base(p))
			paths = append(paths, p)
		}
	}
	return names, paths
}

func TestParity(t *testing.T) {
	names, paths := fixturePaths(t)
	for i, path := range paths {
		t.Run(names[i], func(t *testing.T) {
			t.Logf("fixture %s", path)
			runParity(t, loadFixture(t, path))
		})
	}
}
