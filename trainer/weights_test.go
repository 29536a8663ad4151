package trainer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/pretrained"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// trainedRun trains smallConfig for one epoch with a checkpoint every 2
// steps and returns its directory.
func trainedRun(t *testing.T) string {
	t.Helper()
	cfg := smallConfig()
	cfg.Epochs = 1
	cfg.CheckpointEvery = 2
	dir := filepath.Join(t.TempDir(), "pretrain")
	trainToEnd(t, dir, cfg)
	return dir
}

// modelFor builds the model w describes and loads w into it.
func modelFor(t *testing.T, w *Weights) *vit.Model {
	t.Helper()
	if !w.HasConfig {
		t.Fatalf("%s records no model config", w.Source)
	}
	m, err := vit.New(w.Config, 99)
	if err != nil {
		t.Fatal(err)
	}
	m.SetThreads(1)
	if _, err := w.Load(m); err != nil {
		t.Fatal(err)
	}
	return m
}

func fileSHA(t *testing.T, path string) (string, int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), int64(len(b))
}

func TestExportWeights(t *testing.T) {
	run := trainedRun(t)
	info, err := ReadRunInfo(run)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "w.safetensors")
	res, err := ExportWeights(run, out, ExportOptions{RunID: "group/pretrain"})
	if err != nil {
		t.Fatal(err)
	}
	if sum, size := fileSHA(t, out); sum != res.SHA256 || size != res.Size {
		t.Errorf("result says %s (%d bytes), the file is %s (%d bytes)", res.SHA256, res.Size, sum, size)
	}
	newest, _, _ := LatestCheckpoint(run)
	if res.Checkpoint != newest || res.Step != info.Step {
		t.Errorf("exported %s at step %d, want %s at %d", res.Checkpoint, res.Step, newest, info.Step)
	}
	f, err := safetensors.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := readCheckpoint(newest)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly the checkpoint's parameters, none of its optimizer state.
	if len(f.Tensors) != len(ck.Params) || res.Tensors != len(ck.Params) {
		t.Errorf("%d tensors (result %d), the checkpoint has %d parameters", len(f.Tensors), res.Tensors, len(ck.Params))
	}
	for _, p := range ck.Params {
		got, ok := f.Get(p.Name)
		if !ok || !slices.Equal(got.Data, p.Data) || !slices.Equal(got.Shape, p.Shape) {
			t.Errorf("%s: not exported as in the checkpoint", p.Name)
		}
	}
	for _, tn := range f.Tensors {
		if strings.HasPrefix(tn.Name, optimizerPrefix) {
			t.Errorf("exported optimizer state %s", tn.Name)
		}
	}
	var trainCfg Config
	if err := json.Unmarshal([]byte(f.Metadata[MetaTrainConfig]), &trainCfg); err != nil || trainCfg.Dataset != info.Config.Dataset {
		t.Errorf("train_config %q (%v)", f.Metadata[MetaTrainConfig], err)
	}
	for key, want := range map[string]string{
		"format": WeightsFormat, vit.MetaConfig: ck.Model, MetaSourceRun: "group/pretrain",
		MetaSourceCheckpoint: filepath.Base(newest), MetaStep: "6", MetaEpochs: "1",
	} {
		if got := f.Metadata[key]; got != want {
			t.Errorf("metadata %s = %q, want %q", key, got, want)
		}
	}

	// The file rebuilds the model by itself and computes what the run's
	// checkpoint computes.
	fromExport, err := ReadWeights(out)
	if err != nil {
		t.Fatal(err)
	}
	fromRun, err := ReadWeights(run)
	if err != nil {
		t.Fatal(err)
	}
	if fromExport.Checkpoint || !fromRun.Checkpoint || fromExport.Step != 6 || fromRun.Step != 6 {
		t.Errorf("checkpoint %v/%v, step %d/%d", fromExport.Checkpoint, fromRun.Checkpoint, fromExport.Step, fromRun.Step)
	}
	if fromExport.Config != fromRun.Config {
		t.Errorf("configs differ:\n%+v\n%+v", fromExport.Config, fromRun.Config)
	}
	ds, err := data.Open("synthetic-pretrain", "", "eval", data.OpenOptions{Samples: 40})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Evaluate(modelFor(t, fromExport), ds, EvalOptions{Batch: 16, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Evaluate(modelFor(t, fromRun), ds, EvalOptions{Batch: 16, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a.Loss != b.Loss || a.Top1 != b.Top1 || a.Images != 40 {
		t.Errorf("export evaluates to %+v, the run to %+v", a, b)
	}

	// An older checkpoint by name.
	paths, _ := listCheckpoints(run)
	old, err := ExportWeights(run, out, ExportOptions{Checkpoint: filepath.Base(paths[len(paths)-1])})
	if err != nil {
		t.Fatal(err)
	}
	if old.Step >= res.Step || old.SHA256 == res.SHA256 {
		t.Errorf("older checkpoint: step %d, sha %s", old.Step, old.SHA256)
	}
	f, _ = safetensors.ReadFile(out)
	if f.Metadata[MetaSourceRun] != info.ID {
		t.Errorf("source_run %q, want run.json's ID %q", f.Metadata[MetaSourceRun], info.ID)
	}
}

func TestExportWeightsRefuses(t *testing.T) {
	run := trainedRun(t)
	newest, _, _ := LatestCheckpoint(run)
	good, _ := os.ReadFile(newest)
	flipped := slices.Clone(good)
	flipped[len(flipped)-3] ^= 0x40
	bad := filepath.Join(t.TempDir(), "flipped.safetensors")
	os.WriteFile(bad, flipped, 0o644)
	empty := filepath.Join(t.TempDir(), "empty")
	os.MkdirAll(empty, 0o755)
	WriteRunInfo(empty, RunInfo{ID: "empty"})
	for _, tc := range []struct {
		name, run string
		opt       ExportOptions
		want      string
	}{
		{"corrupt checkpoint", run, ExportOptions{Checkpoint: bad}, "checksum mismatch"},
		{"no such checkpoint", run, ExportOptions{Checkpoint: "ckpt-000000999.safetensors"}, "no such file"},
		{"no checkpoint yet", empty, ExportOptions{}, "no checkpoint yet"},
		{"not a run", t.TempDir(), ExportOptions{}, "run.json"},
		{"no EMA", run, ExportOptions{EMA: true}, "keeps no weight EMA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "w.safetensors")
			_, err := ExportWeights(tc.run, out, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("wrote a file anyway")
			}
		})
	}
}

// With -ema the checkpoint's ema/ tensors replace the parameters they
// average; the others keep their trained values.
func TestExportWeightsEMA(t *testing.T) {
	run := trainedRun(t)
	newest, _, _ := LatestCheckpoint(run)
	ck, err := readCheckpoint(newest)
	if err != nil {
		t.Fatal(err)
	}
	averaged := map[string][]float32{}
	for _, p := range ck.Params[:3] {
		v, _ := p.Float32()
		for i := range v {
			v[i] = float32(i%7) * 0.5
		}
		averaged[p.Name] = v
		ck.Params = append(ck.Params, safetensors.F32(emaPrefix+p.Name, p.Shape, v))
	}
	ck.Path = filepath.Join(run, CheckpointDir, checkpointName(ck.State.Step+1))
	if err := writeCheckpoint(ck); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ema.safetensors")
	if _, err := ExportWeights(run, out, ExportOptions{EMA: true}); err != nil {
		t.Fatal(err)
	}
	f, _ := safetensors.ReadFile(out)
	if f.Metadata["ema"] != "true" || len(f.Tensors) != len(ck.Params)-3 {
		t.Fatalf("ema %q, %d tensors", f.Metadata["ema"], len(f.Tensors))
	}
	for _, tn := range f.Tensors {
		got, _ := tn.Float32()
		want, isEMA := averaged[tn.Name]
		if !isEMA {
			orig, _ := ck.Params[slices.IndexFunc(ck.Params, func(p safetensors.Tensor) bool { return p.Name == tn.Name })].Float32()
			want = orig
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s (ema %v): other values", tn.Name, isEMA)
		}
	}
	// Without -ema, the trained weights and no ema/ tensor.
	if _, err := ExportWeights(run, out, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	f, _ = safetensors.ReadFile(out)
	for _, tn := range f.Tensors {
		if strings.HasPrefix(tn.Name, emaPrefix) {
			t.Errorf("exported %s without -ema", tn.Name)
		}
	}
}

// A path that exists wins over a shipped name; a shipped name loads the
// embedded bytes, verified against the card's SHA-256; an unknown name
// lists what is shipped.
func TestReadWeightsShipped(t *testing.T) {
	run := trainedRun(t)
	out := filepath.Join(t.TempDir(), "w.safetensors")
	if _, err := ExportWeights(run, out, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	card := "# mini\n\nmicro on synthetic-pretrain\n\nSHA-256: " + pretrained.Sum(b) + "\n"
	reg := pretrained.New(fstest.MapFS{
		"mini.safetensors":  {Data: b},
		"mini.md":           {Data: []byte(card)},
		"stale.safetensors": {Data: b},
		"stale.md":          {Data: []byte("# stale\n\nx\n\nSHA-256: " + strings.Repeat("0", 64) + "\n")},
		"junk.safetensors":  {Data: []byte("not safetensors")},
	})
	w, err := ReadWeightsFrom("mini", reg)
	if err != nil {
		t.Fatal(err)
	}
	if w.Source != "mini (shipped)" || !w.HasConfig || w.Step != 6 {
		t.Errorf("source %q, config %v, step %d", w.Source, w.HasConfig, w.Step)
	}
	modelFor(t, w)

	for _, tc := range []struct{ from, want string }{
		{"stale", "the model card records"},
		{"junk", "shipped model junk"},
		{"nothing", "no such file, run directory or shipped model (shipped: junk, mini, stale)"},
		{t.TempDir(), "no run directory"},
	} {
		if _, err := ReadWeightsFrom(tc.from, reg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadWeightsFrom(%q): error %v, want one saying %q", tc.from, err, tc.want)
		}
	}
	if _, err := ReadWeightsFrom("nothing", pretrained.New(fstest.MapFS{})); err == nil || !strings.Contains(err.Error(), "none shipped") {
		t.Errorf("empty registry: %v", err)
	}

	// A file called like the shipped model, in the working directory, wins.
	t.Chdir(t.TempDir())
	if err := safetensors.WriteFile("mini", []safetensors.Tensor{safetensors.F32("head.bias", []int{2}, []float32{1, 2})}, nil); err != nil {
		t.Fatal(err)
	}
	w, err = ReadWeightsFrom("mini", reg)
	if err != nil {
		t.Fatal(err)
	}
	if w.Source != "mini" || w.HasConfig || w.Step != -1 || len(w.File.Tensors) != 1 {
		t.Errorf("read %q (config %v, step %d, %d tensors), want the local file without a config", w.Source, w.HasConfig, w.Step, len(w.File.Tensors))
	}
}

// Every shipped model rebuilds its model from its own metadata and loads
// into it. It uses the real registry: it checks each model actually shipped.
func TestShippedModelsLoad(t *testing.T) {
	for _, name := range pretrained.Shipped().Names() {
		w, err := ReadWeights(name)
		if err != nil {
			t.Fatal(err)
		}
		if !w.HasConfig {
			t.Fatalf("shipped %s records no model config (%s)", name, vit.MetaConfig)
		}
		m := modelFor(t, w)
		if total, _ := m.NumParams(); total == 0 {
			t.Errorf("%s: empty model", name)
		}
	}
}

// Whatever a weights file's metadata holds, reading it gives a config, a
// step or a one-line error, never a panic.
func FuzzWeightsMetadata(f *testing.F) {
	cfg, _ := json.Marshal(vit.Config{Dim: 8})
	f.Add("", string(cfg), "12", "")
	f.Add(CheckpointFormat, "{", "x", "sha256:00")
	f.Add(WeightsFormat, "null", "-1", "")
	f.Fuzz(func(t *testing.T, format, config, step, sum string) {
		w := &Weights{Source: "fuzz.safetensors", Step: -1, File: &safetensors.File{
			Metadata: map[string]string{"format": format, vit.MetaConfig: config, "model": config, MetaStep: step, "checksum": sum, "state": config},
			Tensors:  []safetensors.Tensor{safetensors.F32("head.bias", []int{2}, []float32{1, 2})},
		}}
		if err := w.decodeMeta(); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of several lines: %q", err)
			}
			return
		}
		if w.Step < -1 {
			t.Errorf("step %d", w.Step)
		}
	})
}
