package vit

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit/safetensors"
)

func microConfig(classes int) Config {
	c, _ := Preset("micro")
	c.Depth = 2
	c.NumClasses = classes
	return c
}

func snapshot(m *Model) map[string][]float32 {
	s := map[string][]float32{}
	for _, p := range m.Params() {
		s[p.Name] = slices.Clone(p.Data())
	}
	return s
}

func TestCheckpointRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.safetensors")
	src, _ := New(microConfig(10), 1)
	randomize(src, 2)
	if err := src.Save(path, map[string]string{"step": "42"}); err != nil {
		t.Fatal(err)
	}
	dst, _ := New(microConfig(10), 99)
	x, labels := randomBatch(dst.Config(), 2, 1)
	forwardBackward(t, dst, x, labels) // leaves gradients that Load must clear
	rep, err := dst.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Loaded) != len(dst.Params()) || len(rep.Skipped)+len(rep.Missing)+len(rep.Unexpected)+len(rep.Interpolated) != 0 {
		t.Errorf("report: %v", rep)
	}
	for _, p := range src.Params() {
		if !slices.Equal(p.Data(), dst.Param(p.Name).Data()) {
			t.Errorf("%s differs after the round trip", p.Name)
		}
		if slices.ContainsFunc(dst.Param(p.Name).GradData(), func(v float32) bool { return v != 0 }) {
			t.Errorf("%s: Load left a stale gradient", p.Name)
		}
	}
	f, err := safetensors.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Metadata["step"] != "42" {
		t.Errorf("metadata %v lacks step", f.Metadata)
	}
	cfg, ok, err := ConfigFromMetadata(f.Metadata)
	if err != nil || !ok || cfg != src.Config() {
		t.Errorf("config from metadata = %+v, %v, %v; want %+v", cfg, ok, err, src.Config())
	}
	if f.Tensors[0].Name != "cls_token" || f.Tensors[len(f.Tensors)-1].Name != "head.bias" {
		t.Errorf("tensors not in timm order: first %s, last %s", f.Tensors[0].Name, f.Tensors[len(f.Tensors)-1].Name)
	}
}

func TestLoadMismatchedHead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "upstream.safetensors")
	up, _ := New(microConfig(100), 1)
	randomize(up, 3)
	if err := up.Save(path, nil); err != nil {
		t.Fatal(err)
	}
	m, _ := New(microConfig(10), 5)
	fresh := snapshot(m)
	randomize(m, 6) // Load must re-initialise the head, not keep these values
	rep, err := m.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Skipped, []string{"head.weight", "head.bias"}) {
		t.Errorf("skipped %v, want the head", rep.Skipped)
	}
	for _, p := range m.Params() {
		want := up.Param(p.Name).Data()
		if strings.HasPrefix(p.Name, "head.") {
			want = fresh[p.Name]
		}
		if !slices.Equal(p.Data(), want) {
			t.Errorf("%s: wrong values after load", p.Name)
		}
	}
	s := rep.String()
	for _, want := range []string{"skipped 2", "head.weight (checkpoint [100 64], model [10 64])", "re-initialised"} {
		if !strings.Contains(s, want) {
			t.Errorf("report %q lacks %q", s, want)
		}
	}
}

// A checkpoint of another model fails the load, model untouched: only the
// head may differ in shape (and pos_embed, interpolated), and every tensor
// must be a float.
func TestLoadRefusesAnotherModel(t *testing.T) {
	dir := t.TempDir()
	wide := microConfig(10)
	wide.Dim, wide.Adapter.Bottleneck = 96, 8
	other, _ := New(wide, 1)
	otherPath := filepath.Join(dir, "wide.safetensors")
	if err := other.Save(otherPath, nil); err != nil {
		t.Fatal(err)
	}
	src, _ := New(microConfig(10), 1)
	var tensors []safetensors.Tensor
	for _, p := range src.Params() {
		tensors = append(tensors, safetensors.F32(p.Name, p.Shape(), p.Data()))
	}
	q := slices.IndexFunc(tensors, func(t safetensors.Tensor) bool { return t.Name == "blocks.0.attn.qkv.weight" })
	ints := make([]int64, len(src.Param("blocks.0.attn.qkv.weight").Data()))
	tensors[q] = safetensors.I64(tensors[q].Name, tensors[q].Shape, ints)
	intPath := filepath.Join(dir, "int.safetensors")
	if err := safetensors.WriteFile(intPath, tensors, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{otherPath, []string{"a checkpoint of another model", "cls_token is [1 1 96] in the file, [1 1 64] in the model", "more", "only the head, the adapters"}},
		{intPath, []string{`tensor "blocks.0.attn.qkv.weight" has dtype I64, expected F32`}},
	} {
		m, _ := New(microConfig(10), 5)
		before := snapshot(m)
		_, err := m.Load(tc.path)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want it to say %q", filepath.Base(tc.path), err, w)
			}
		}
		for _, p := range m.Params() {
			if !slices.Equal(p.Data(), before[p.Name]) {
				t.Errorf("%s: a failed load changed %s", filepath.Base(tc.path), p.Name)
			}
		}
	}
}

// A transfer may change what the transfer owns: adapters of another
// bottleneck are re-initialised and reported, the backbone loads.
func TestLoadOtherBottleneck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b8.safetensors")
	up, _ := New(microConfig(10), 1)
	randomize(up, 3)
	if err := up.Save(path, nil); err != nil {
		t.Fatal(err)
	}
	c := microConfig(10)
	c.Adapter.Bottleneck *= 2
	m, _ := New(c, 5)
	rep, err := m.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range rep.Skipped {
		if !strings.Contains(name, ".adaptmlp.") {
			t.Errorf("skipped %s, which has the same shape", name)
		}
	}
	if len(rep.Skipped) == 0 || !slices.Equal(m.Param("blocks.0.attn.qkv.weight").Data(), up.Param("blocks.0.attn.qkv.weight").Data()) {
		t.Errorf("report %v: want the adapters skipped and the backbone loaded", rep)
	}
}

func TestLoadPlainViTIntoAdapterModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "timm.safetensors")
	c := microConfig(10)
	c.Adapter.Enabled = false
	plain, _ := New(c, 1)
	randomize(plain, 4)
	if err := plain.Save(path, nil); err != nil {
		t.Fatal(err)
	}
	m, _ := New(microConfig(10), 2)
	rep, err := m.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Loaded) != len(plain.Params()) || len(rep.Skipped) != 0 || len(rep.Unexpected) != 0 {
		t.Errorf("report %v", rep)
	}
	for _, name := range rep.Missing {
		if !strings.Contains(name, ".adaptmlp.") {
			t.Errorf("missing %s, which the plain ViT has", name)
		}
	}
	if want := 4 * 2; len(rep.Missing) != want {
		t.Errorf("missing %d tensors, want the %d adapter tensors", len(rep.Missing), want)
	}
	// Fresh lora adapters leave the pretrained model's function unchanged.
	x, _ := randomBatch(c, 2, 3)
	a, _ := plain.Forward(newDense(x, 2, 3, 32, 32))
	b, _ := m.Forward(newDense(x, 2, 3, 32, 32))
	if d := maxRelElem(b.Data().([]float32), a.Data().([]float32)); d != 0 {
		t.Errorf("adapter model differs from the loaded plain ViT by %g", d)
	}
}

func TestLoadInterpolatesPosEmbed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grid2.safetensors")
	c := microConfig(10)
	c.ImageSize, c.PatchSize = 8, 4 // a 2x2 grid
	small, _ := New(c, 1)
	pos := small.Param("pos_embed").Data()
	D := c.Dim
	for t := 0; t < 5; t++ {
		for j := 0; j < D; j++ {
			pos[t*D+j] = float32(t-1) + float32(j)/1000 // cls row -1; grid [[0,1],[2,3]]
		}
	}
	if err := small.Save(path, nil); err != nil {
		t.Fatal(err)
	}
	c.ImageSize = 16 // a 4x4 grid
	big, _ := New(c, 2)
	rep, err := big.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Interpolated, []string{"pos_embed"}) || !strings.Contains(rep.String(), "2x2 -> 4x4") {
		t.Errorf("report %v", rep)
	}
	// torch.nn.functional.interpolate([[0,1],[2,3]], size=4, mode="bilinear", align_corners=False)
	want := []float32{
		0, 0.25, 0.75, 1,
		0.5, 0.75, 1.25, 1.5,
		1.5, 1.75, 2.25, 2.5,
		2, 2.25, 2.75, 3,
	}
	got := big.Param("pos_embed").Data()
	if got[0] != -1 || got[5] != -1+0.005 {
		t.Errorf("class-token row changed: %v", got[:6])
	}
	for i, w := range want {
		for _, j := range []int{0, 7} {
			if v := got[(1+i)*D+j]; math.Abs(float64(v-w-float32(j)/1000)) > 1e-6 {
				t.Errorf("grid cell %d, channel %d = %v, want %v", i, j, v, w+float32(j)/1000)
			}
		}
	}
}

func TestLoadBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.safetensors")
	src, _ := New(microConfig(10), 1)
	if err := src.Save(good, nil); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other := safetensors.F32("decoder.weight", []int{2}, []float32{1, 2})
	unrelated := filepath.Join(dir, "unrelated.safetensors")
	if err := safetensors.WriteFile(unrelated, []safetensors.Tensor{other}, nil); err != nil {
		t.Fatal(err)
	}
	nan := filepath.Join(dir, "nan.safetensors")
	bad, _ := New(microConfig(10), 1)
	bad.Param("blocks.1.mlp.fc2.weight").Data()[3] = float32(math.NaN())
	if err := bad.Save(nan, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"not finite", nan, `"blocks.1.mlp.fc2.weight" holds NaN at index 3`},
		{"truncated", write("truncated.safetensors", raw[:len(raw)-100]), "truncated"},
		{"truncated header", write("header.safetensors", raw[:40]), "truncated"},
		{"garbage", write("garbage.safetensors", []byte("this is not a checkpoint at all")), "header length"},
		{"missing", filepath.Join(dir, "nope.safetensors"), "no such file"},
		{"no matching tensor", unrelated, "no tensor matches"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := New(microConfig(10), 7)
			before := snapshot(m)
			_, err := m.Load(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error containing %q", err, tc.want)
			}
			if tc.name != "missing" && !strings.Contains(err.Error(), filepath.Base(tc.path)) {
				t.Errorf("error %q does not name the file", err)
			}
			for _, p := range m.Params() {
				if !slices.Equal(p.Data(), before[p.Name]) {
					t.Fatalf("a failed Load changed %s", p.Name)
				}
			}
		})
	}
}

func TestLoadStripsPrefix(t *testing.T) {
	// The parity fixtures name their weights param/<name>.
	m, _ := New(fixtureCfg(t), 1)
	rep, err := m.Load(filepath.Join("testdata", "seed_style.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Loaded) != len(m.Params()) || !strings.Contains(rep.String(), `prefixed "param/"`) {
		t.Errorf("report %v", rep)
	}
}

func fixtureCfg(t *testing.T) Config {
	return loadFixture(t, filepath.Join("testdata", "seed_style.safetensors")).cfg
}
