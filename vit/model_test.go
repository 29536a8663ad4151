package vit

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// forwardBackward runs one step on a batch and returns a copy of the logits
// and the loss.
func forwardBackward(t *testing.T, m *Model, x []float32, labels []int) ([]float32, float64) {
	t.Helper()
	c := m.Config()
	out, err := m.Forward(newDense(x, len(labels), c.InChans, c.ImageSize, c.ImageSize))
	if err != nil {
		t.Fatal(err)
	}
	loss, d, _, _, err := CrossEntropy(out, labels, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	logits := slices.Clone(out.Data().([]float32))
	if err := m.Backward(d); err != nil {
		t.Fatal(err)
	}
	return logits, loss
}

func trainableNames(m *Model) []string {
	var names []string
	for _, p := range m.Params() {
		if p.Trainable {
			names = append(names, p.Name)
		}
	}
	return names
}

func TestFreezeModes(t *testing.T) {
	m, err := New(tinyConfig(), 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec FreezeSpec
		want func(name string) bool
	}{
		{FreezeSpec{Mode: ModeFull}, func(string) bool { return true }},
		{FreezeSpec{Mode: ModeAdaptFormer}, func(n string) bool {
			return strings.HasPrefix(n, "head.") || strings.Contains(n, ".adaptmlp.")
		}},
		{FreezeSpec{Mode: ModeLinear}, func(n string) bool { return strings.HasPrefix(n, "head.") }},
		{FreezeSpec{Mode: ModeLinear, Include: []string{"blocks.*.norm*", "norm.*"}}, func(n string) bool {
			return strings.HasPrefix(n, "head.") || strings.Contains(n, "norm")
		}},
		{FreezeSpec{Mode: ModeAdaptFormer, Exclude: []string{"blocks.0.*"}}, func(n string) bool {
			return strings.HasPrefix(n, "head.") || strings.HasPrefix(n, "blocks.1.adaptmlp.")
		}},
	}
	for _, tc := range tests {
		if err := m.Freeze(tc.spec); err != nil {
			t.Fatalf("%+v: %v", tc.spec, err)
		}
		for _, p := range m.Params() {
			if p.Trainable != tc.want(p.Name) {
				t.Errorf("%+v: %s trainable = %v", tc.spec, p.Name, p.Trainable)
			}
		}
	}
}

func TestFreezeErrors(t *testing.T) {
	m, _ := New(tinyConfig(), 1)
	if err := m.Freeze(FreezeSpec{Mode: ModeLinear}); err != nil {
		t.Fatal(err)
	}
	before := trainableNames(m)
	plainCfg := tinyConfig()
	plainCfg.Adapter.Enabled = false
	plain, _ := New(plainCfg, 1)
	tests := []struct {
		m    *Model
		spec FreezeSpec
		want string
	}{
		{m, FreezeSpec{Mode: "lora"}, `unknown training mode "lora"`},
		{m, FreezeSpec{Mode: ModeFull, Include: []string{"blocks.[*"}}, "include pattern"},
		{m, FreezeSpec{Mode: ModeFull, Exclude: []string{"decoder.*"}}, `exclude pattern "decoder.*" matches no parameter`},
		{plain, FreezeSpec{Mode: ModeAdaptFormer}, "needs adapters"},
	}
	for _, tc := range tests {
		err := tc.m.Freeze(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Freeze(%+v) = %v, want an error containing %q", tc.spec, err, tc.want)
		}
	}
	if got := trainableNames(m); !slices.Equal(got, before) {
		t.Errorf("a failed Freeze changed the trainable set to %v", got)
	}
	if _, err := ParseMode("adaptformer"); err != nil {
		t.Error(err)
	}
}

// TestFrozenParamsUntouched checks that Backward writes no gradient of a
// frozen parameter (a sentinel stays), that trainable ones get one, and
// that linear probing keeps no per-block activations.
func TestFrozenParamsUntouched(t *testing.T) {
	for _, mode := range []Mode{ModeLinear, ModeAdaptFormer} {
		m, _ := New(tinyConfig(), 2)
		randomize(m, 5)
		if err := m.Freeze(FreezeSpec{Mode: mode}); err != nil {
			t.Fatal(err)
		}
		const sentinel = 12345
		for _, p := range m.Params() {
			if !p.Trainable {
				p.GradData()[0] = sentinel
			}
		}
		values := map[string][]float32{}
		for _, p := range m.Params() {
			values[p.Name] = slices.Clone(p.Data())
		}
		x, labels := randomBatch(m.Config(), 3, 1)
		m.Train(true)
		forwardBackward(t, m, x, labels)
		for _, p := range m.Params() {
			g := p.GradData()
			if !p.Trainable {
				if g[0] != sentinel || slices.ContainsFunc(g[1:], func(v float32) bool { return v != 0 }) {
					t.Errorf("%s: Backward wrote the gradient of frozen %s", mode, p.Name)
				}
			} else if !slices.ContainsFunc(g, func(v float32) bool { return v != 0 }) {
				t.Errorf("%s: trainable %s got no gradient", mode, p.Name)
			}
			if !slices.Equal(p.Data(), values[p.Name]) {
				t.Errorf("%s: Forward/Backward changed %s", mode, p.Name)
			}
		}
		kept := 0
		for _, s := range m.ws.sets {
			if s != nil {
				kept++
			}
		}
		if want := map[Mode]int{ModeLinear: 0, ModeAdaptFormer: m.Config().Depth}[mode]; kept != want {
			t.Errorf("%s: %d blocks kept activations, want %d", mode, kept, want)
		}
		if m.WorkspaceBytes() == 0 {
			t.Error("WorkspaceBytes is zero after a step")
		}
	}
}

func TestFreezeZeroesGradients(t *testing.T) {
	m, _ := New(tinyConfig(), 2)
	x, labels := randomBatch(m.Config(), 2, 1)
	forwardBackward(t, m, x, labels)
	if err := m.Freeze(FreezeSpec{Mode: ModeLinear}); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Params() {
		if !p.Trainable && slices.ContainsFunc(p.GradData(), func(v float32) bool { return v != 0 }) {
			t.Errorf("%s froze with a non-zero gradient", p.Name)
		}
	}
	if err := m.Backward(newDense(make([]float32, 2*3), 2, 3)); err == nil || !strings.Contains(err.Error(), "Freeze") {
		t.Errorf("Backward after Freeze without Forward: %v, want an error", err)
	}
}

func TestBackwardAccumulates(t *testing.T) {
	m, _ := New(tinyConfig(), 2)
	randomize(m, 3)
	x, labels := randomBatch(m.Config(), 2, 4)
	forwardBackward(t, m, x, labels)
	once := map[string][]float32{}
	for _, p := range m.Params() {
		once[p.Name] = slices.Clone(p.GradData())
	}
	forwardBackward(t, m, x, labels)
	for _, p := range m.Params() {
		for i, g := range p.GradData() {
			if want := 2 * once[p.Name][i]; math.Abs(float64(g-want)) > 1e-6*(1+math.Abs(float64(want))) {
				t.Fatalf("%s[%d]: two backward passes gave %v, want twice %v", p.Name, i, g, once[p.Name][i])
			}
		}
	}
	m.ZeroGrad()
	for _, p := range m.Params() {
		if slices.ContainsFunc(p.GradData(), func(v float32) bool { return v != 0 }) {
			t.Fatalf("ZeroGrad left %s non-zero", p.Name)
		}
	}
}

func dropoutConfig() Config {
	c := tinyConfig()
	c.Depth = 3
	c.DropRate = 0.2
	c.DropPathRate = 0.3
	c.Adapter.Dropout = 0.25
	return c
}

func TestDropoutOnlyInTraining(t *testing.T) {
	c := dropoutConfig()
	m, _ := New(c, 7)
	noDrop := c
	noDrop.DropRate, noDrop.DropPathRate, noDrop.Adapter.Dropout = 0, 0, 0
	ref, _ := New(noDrop, 7)
	for _, mm := range []*Model{m, ref} {
		randomize(mm, 8)
	}
	x, labels := randomBatch(c, 4, 2)
	eval := func(mm *Model) []float32 {
		out, err := mm.Forward(newDense(x, 4, 3, c.ImageSize, c.ImageSize))
		if err != nil {
			t.Fatal(err)
		}
		return slices.Clone(out.Data().([]float32))
	}
	m.Train(false)
	state := m.RNGState()
	e1, e2, want := eval(m), eval(m), eval(ref)
	if !slices.Equal(e1, e2) || !slices.Equal(e1, want) {
		t.Errorf("evaluation is not deterministic and dropout-free:\n%v\n%v\n%v", e1, e2, want)
	}
	if m.RNGState() != state {
		t.Error("evaluation advanced the dropout RNG")
	}

	m.Train(true)
	t1 := eval(m)
	t2 := eval(m)
	if slices.Equal(t1, e1) || slices.Equal(t1, t2) {
		t.Error("training-mode forward passes do not drop anything, or draw the same masks twice")
	}
	m.SetRNGState(state)
	if again := eval(m); !slices.Equal(again, t1) {
		t.Error("restoring the RNG state does not reproduce the masks")
	}
	_ = labels
}

// TestDropoutGradients checks the backward pass through dropout, drop-path
// and adapter dropout against central differences of the float32 model,
// with the masks held fixed by restoring the RNG state before each pass.
func TestDropoutGradients(t *testing.T) {
	const epsFD = 1e-3
	for _, placement := range []string{PlacementParallel, PlacementSequential} {
		c := dropoutConfig()
		c.Adapter.Placement = placement
		m, _ := New(c, 9)
		randomize(m, 10)
		m.Train(true)
		x, labels := randomBatch(c, 4, 3)
		state := m.RNGState()
		lossAt := func() float64 {
			m.SetRNGState(state)
			out, err := m.Forward(newDense(x, 4, 3, c.ImageSize, c.ImageSize))
			if err != nil {
				t.Fatal(err)
			}
			l, _, _, _, err := CrossEntropy(out, labels, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		m.SetRNGState(state)
		forwardBackward(t, m, x, labels)
		rng := rand.New(rand.NewPCG(1, 2))
		for _, p := range m.Params() {
			g := slices.Clone(p.GradData())
			var gn float64
			for _, v := range g {
				gn += float64(v) * float64(v)
			}
			gn = math.Sqrt(gn)
			if gn == 0 {
				continue
			}
			// Two directions: along the gradient (derivative = ‖g‖) and a
			// random one.
			dirs := [][]float64{make([]float64, len(g)), make([]float64, len(g))}
			var rn float64
			for i, v := range g {
				dirs[0][i] = float64(v) / gn
				dirs[1][i] = rng.NormFloat64()
				rn += dirs[1][i] * dirs[1][i]
			}
			for i := range dirs[1] {
				dirs[1][i] /= math.Sqrt(rn)
			}
			orig := slices.Clone(p.Data())
			l0 := lossAt()
			for k, dir := range dirs {
				for i := range orig {
					p.Data()[i] = orig[i] + float32(epsFD*dir[i])
				}
				lp := lossAt()
				for i := range orig {
					p.Data()[i] = orig[i] - float32(epsFD*dir[i])
				}
				lm := lossAt()
				copy(p.Data(), orig)
				var an float64
				for i, v := range g {
					an += float64(v) * dir[i]
				}
				// A ReLU kink within ε of the point spoils the central
				// difference; one of the one-sided ones is then still exact
				// to O(ε).
				tol := 2e-2*gn + 5e-4
				central, right, left := (lp-lm)/(2*epsFD), (lp-l0)/epsFD, (l0-lm)/epsFD
				if math.Abs(central-an) > tol && math.Abs(right-an) > tol && math.Abs(left-an) > tol {
					t.Errorf("%s %s direction %d: finite differences %.6g (right %.6g, left %.6g), analytic %.6g (‖g‖ %.3g)",
						placement, p.Name, k, central, right, left, an, gn)
				}
			}
		}
	}
}

func TestThreadsGiveIdenticalResults(t *testing.T) {
	c := dropoutConfig()
	c.Dim, c.Heads = 16, 4
	run := func(threads int) ([]float32, map[string][]float32) {
		m, _ := New(c, 4)
		randomize(m, 4)
		m.SetThreads(threads)
		m.Train(true)
		x, labels := randomBatch(c, 5, 5)
		logits, _ := forwardBackward(t, m, x, labels)
		grads := map[string][]float32{}
		for _, p := range m.Params() {
			grads[p.Name] = slices.Clone(p.GradData())
		}
		return logits, grads
	}
	l1, g1 := run(1)
	l3, g3 := run(3)
	if !slices.Equal(l1, l3) {
		t.Error("logits differ between 1 and 3 threads")
	}
	for name, g := range g1 {
		if !slices.Equal(g, g3[name]) {
			t.Errorf("gradient of %s differs between 1 and 3 threads", name)
		}
	}
}

func TestBatchSizeChanges(t *testing.T) {
	c := tinyConfig()
	m, _ := New(c, 4)
	randomize(m, 1)
	x, labels := randomBatch(c, 5, 5)
	big, _ := forwardBackward(t, m, x, labels)
	per := c.InChans * c.ImageSize * c.ImageSize
	small, _ := forwardBackward(t, m, x[:2*per], labels[:2])
	if d := maxRelElem(small, big[:2*c.NumClasses]); d > 1e-6 {
		t.Errorf("a smaller batch after a larger one gives different logits (%.3g)", d)
	}
	one, _ := forwardBackward(t, m, x[:per], labels[:1])
	if d := maxRelElem(one, big[:c.NumClasses]); d > 1e-6 {
		t.Errorf("a batch of one gives different logits (%.3g)", d)
	}
	again, _ := forwardBackward(t, m, x, labels)
	if !slices.Equal(again, big) {
		t.Error("logits changed after the batch size changed back")
	}
}

func TestLoRAInitLeavesModelUnchanged(t *testing.T) {
	for _, placement := range []string{PlacementParallel, PlacementSequential} {
		t.Run(placement, func(t *testing.T) { testLoRAIdentity(t, placement) })
	}
}

func testLoRAIdentity(t *testing.T, placement string) {
	c, _ := Preset("micro")
	c.Depth = 2
	c.Adapter.Placement = placement
	withAdapters, _ := New(c, 11)
	c.Adapter.Enabled = false
	plain, _ := New(c, 11)
	x, _ := randomBatch(c, 2, 1)
	a, err := withAdapters.Forward(newDense(x, 2, 3, 32, 32))
	if err != nil {
		t.Fatal(err)
	}
	la := slices.Clone(a.Data().([]float32))
	b, _ := plain.Forward(newDense(x, 2, 3, 32, 32))
	// In parallel placement the output is bit-identical; sequential
	// placement sums the MLP branch in another order.
	tol := 0.0
	if placement == PlacementSequential {
		tol = 1e-6
	}
	if d := maxRelElem(la, b.Data().([]float32)); d > tol {
		t.Errorf("a fresh lora adapter changes the model's output by %.3g", d)
	}
	up := withAdapters.Param("blocks.0.adaptmlp.up_proj.weight").Data()
	if slices.ContainsFunc(up, func(v float32) bool { return v != 0 }) {
		t.Error("lora init: up_proj is not zero")
	}
	down := withAdapters.Param("blocks.0.adaptmlp.down_proj.weight").Data()
	bound := float32(1 / math.Sqrt(float64(c.Dim)))
	if slices.ContainsFunc(down, func(v float32) bool { return v < -bound || v > bound }) || slices.Max(down) < bound/2 {
		t.Errorf("lora init: down_proj not kaiming-uniform within ±%v", bound)
	}
}

func TestInitDistributions(t *testing.T) {
	c, _ := Preset("micro")
	c.Adapter.Init = InitTruncNormal
	m, err := New(c, 5)
	if err != nil {
		t.Fatal(err)
	}
	moments := func(v []float32) (mean, std, maxAbs float64) {
		for _, x := range v {
			mean += float64(x)
			maxAbs = math.Max(maxAbs, math.Abs(float64(x)))
		}
		mean /= float64(len(v))
		for _, x := range v {
			std += (float64(x) - mean) * (float64(x) - mean)
		}
		return mean, math.Sqrt(std / float64(len(v))), maxAbs
	}
	// N(0, 0.02) truncated at ±2σ has std 0.02 * 0.8796.
	for _, name := range []string{"blocks.0.mlp.fc1.weight", "blocks.3.adaptmlp.up_proj.weight", "blocks.3.adaptmlp.down_proj.weight", "pos_embed", "head.weight"} {
		mean, std, maxAbs := moments(m.Param(name).Data())
		if math.Abs(mean) > 2e-3 || math.Abs(std-0.02*0.8796) > 1e-3 || maxAbs > 0.04 {
			t.Errorf("%s: mean %.4g, std %.4g, max |x| %.4g; want trunc-normal(0.02) within ±0.04", name, mean, std, maxAbs)
		}
	}
	for _, name := range []string{"blocks.0.mlp.fc1.bias", "blocks.3.adaptmlp.up_proj.bias", "head.bias"} {
		if slices.ContainsFunc(m.Param(name).Data(), func(v float32) bool { return v != 0 }) {
			t.Errorf("%s is not zero-initialised", name)
		}
	}
	for _, name := range []string{"norm.weight", "blocks.2.norm1.weight"} {
		if slices.ContainsFunc(m.Param(name).Data(), func(v float32) bool { return v != 1 }) {
			t.Errorf("%s is not one-initialised", name)
		}
	}
	// The same seed gives the same model; another seed another.
	same, _ := New(c, 5)
	other, _ := New(c, 6)
	if !slices.Equal(same.Param("head.weight").Data(), m.Param("head.weight").Data()) {
		t.Error("New is not deterministic")
	}
	if slices.Equal(other.Param("head.weight").Data(), m.Param("head.weight").Data()) {
		t.Error("different seeds give the same weights")
	}
	if p := m.Param("patch_embed.proj.weight"); !p.Decay || m.Param("pos_embed").Decay || m.Param("head.bias").Decay {
		t.Error("Decay flags wrong")
	}
}

func TestForwardRejectsBadInput(t *testing.T) {
	m, _ := New(tinyConfig(), 1)
	if _, err := m.Forward(newDense(make([]float32, 2*3*9*9), 2, 3, 9, 9)); err == nil || !strings.Contains(err.Error(), "want [batch 3 8 8]") {
		t.Errorf("wrong image size: %v", err)
	}
	if _, err := m.Forward(nil); err == nil {
		t.Error("nil input accepted")
	}
	if err := m.Backward(newDense(make([]float32, 3), 1, 3)); err == nil || !strings.Contains(err.Error(), "without a Forward") {
		t.Errorf("Backward before Forward: %v", err)
	}
	x, _ := randomBatch(m.Config(), 2, 1)
	if _, err := m.Forward(newDense(x, 2, 3, 8, 8)); err != nil {
		t.Fatal(err)
	}
	if err := m.Backward(newDense(make([]float32, 3*3), 3, 3)); err == nil || !strings.Contains(err.Error(), "want [2 3]") {
		t.Errorf("Backward with the wrong batch: %v", err)
	}
}

func TestCrossEntropy(t *testing.T) {
	logits := newDense([]float32{
		2, 1, 0, -1, -2, -3, // label 0: top-1
		0, 3, 2, 1, -1, -2, // label 3: top-5, not top-1
		5, 4, 3, 2, 1, 0, // label 5: last
	}, 3, 6)
	labels := []int{0, 3, 5}
	loss, d, top1, top5, err := CrossEntropy(logits, labels, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if top1 != 1 || top5 != 2 {
		t.Errorf("top1 %d, top5 %d; want 1, 2", top1, top5)
	}
	want := 0.0
	x := logits.Data().([]float32)
	for b, l := range labels {
		var z float64
		for j := 0; j < 6; j++ {
			z += math.Exp(float64(x[b*6+j]))
		}
		want -= float64(x[b*6+l]) - math.Log(z)
	}
	want /= 3
	if math.Abs(loss-want) > 1e-9 {
		t.Errorf("loss %v, want %v", loss, want)
	}
	g := d.Data().([]float32)
	for b := 0; b < 3; b++ {
		var s float64
		for j := 0; j < 6; j++ {
			s += float64(g[b*6+j])
		}
		if math.Abs(s) > 1e-7 {
			t.Errorf("row %d of dlogits sums to %v, want 0", b, s)
		}
	}
	// Label smoothing ε: loss = (1-ε)·CE + ε·mean over classes of -log p.
	ls, d2, _, _, err := CrossEntropy(logits, labels, 0.1, d)
	if err != nil {
		t.Fatal(err)
	}
	if d2 != d {
		t.Error("CrossEntropy did not reuse dlogits")
	}
	var uniform float64
	for b := 0; b < 3; b++ {
		var z float64
		for j := 0; j < 6; j++ {
			z += math.Exp(float64(x[b*6+j]))
		}
		for j := 0; j < 6; j++ {
			uniform -= (float64(x[b*6+j]) - math.Log(z)) / 6
		}
	}
	if wantLS := 0.9*want + 0.1*uniform/3; math.Abs(ls-wantLS) > 1e-9 {
		t.Errorf("smoothed loss %v, want %v", ls, wantLS)
	}
}

// TestTrainingFitsABatch runs plain SGD on one small batch: in every mode
// the loss must fall well below its starting value.
func TestTrainingFitsABatch(t *testing.T) {
	for _, mode := range Modes() {
		c := tinyConfig()
		m, _ := New(c, 21)
		randomize(m, 23) // features that depend on the input from the start
		if err := m.Freeze(FreezeSpec{Mode: mode}); err != nil {
			t.Fatal(err)
		}
		m.Train(true)
		x, labels := randomBatch(c, 8, 22)
		sgd := sgdConfig{LR: 0.05, Momentum: 0.9}
		bufs := map[string][]float64{}
		var first, last float64
		for step := 0; step < 40; step++ {
			m.ZeroGrad()
			_, loss := forwardBackward(t, m, x, labels)
			if step == 0 {
				first = loss
			}
			last = loss
			sgdStep(m, sgd, bufs)
		}
		t.Logf("%s: loss %.4f -> %.4f", mode, first, last)
		if !(last < 0.5*first) {
			t.Errorf("%s: loss went from %.4f to %.4f in 40 steps", mode, first, last)
		}
	}
}

// TestPatchRemainderIgnored checks seed-b3's patch geometry on a small
// scale: patch 3 on 8x8 images gives a 2x2 grid, and the last two pixel
// rows and columns, which no patch covers, do not affect the output.
func TestPatchRemainderIgnored(t *testing.T) {
	c := tinyConfig()
	c.PatchSize = 3
	if err := c.Validate(); err == nil {
		t.Fatal("patch 3 on 8x8 accepted without IgnoreRemainder")
	}
	c.IgnoreRemainder = true
	if c.Tokens() != 5 {
		t.Fatalf("tokens = %d, want 5", c.Tokens())
	}
	m, err := New(c, 1)
	if err != nil {
		t.Fatal(err)
	}
	randomize(m, 2)
	x, _ := randomBatch(c, 2, 3)
	run := func() []float32 {
		out, err := m.Forward(newDense(x, 2, 3, 8, 8))
		if err != nil {
			t.Fatal(err)
		}
		return slices.Clone(out.Data().([]float32))
	}
	before := run()
	for i := range x {
		if px, py := i%8, i/8%8; px >= 6 || py >= 6 {
			x[i] += 10
		}
	}
	if !slices.Equal(run(), before) {
		t.Error("pixels outside the patch grid changed the output")
	}
	x[0] += 1 // a covered pixel does matter
	if slices.Equal(run(), before) {
		t.Error("a covered pixel did not change the output")
	}
}

// TestPartialFreezeGradients checks that whatever trains, each trainable
// parameter gets the gradient it gets in full mode: the pruned backward
// pass (skipped weight GEMMs, early stop, blocks sharing activations)
// computes the same numbers.
func TestPartialFreezeGradients(t *testing.T) {
	for _, placement := range []string{PlacementParallel, PlacementSequential} {
		c := tinyConfig()
		c.Depth = 3
		c.Adapter.Placement = placement
		c.Adapter.Input = InputNorm2
		c.Adapter.Learnable = true
		x, labels := randomBatch(c, 3, 5)
		full, _ := New(c, 4)
		randomize(full, 6)
		forwardBackward(t, full, x, labels)
		specs := []FreezeSpec{
			{Mode: ModeLinear},
			{Mode: ModeAdaptFormer},
			{Mode: ModeLinear, Include: []string{"blocks.2.*"}},
			{Mode: ModeLinear, Include: []string{"blocks.1.mlp.*"}},
			{Mode: ModeLinear, Include: []string{"blocks.0.norm1.*", "blocks.2.attn.qkv.*"}},
			{Mode: ModeLinear, Include: []string{"pos_embed", "cls_token"}},
			{Mode: ModeFull, Exclude: []string{"blocks.*.attn.*", "patch_embed.*"}},
		}
		for _, spec := range specs {
			m, _ := New(c, 4)
			randomize(m, 6)
			if err := m.Freeze(spec); err != nil {
				t.Fatal(err)
			}
			forwardBackward(t, m, x, labels)
			for _, p := range m.Params() {
				want := full.Param(p.Name).GradData()
				if !p.Trainable {
					continue
				}
				if e := relErr(p.GradData(), want); e > 1e-6 {
					t.Errorf("%s %+v: gradient of %s differs from full mode by %.3g", placement, spec, p.Name, e)
				}
			}
		}
	}
}

// Infer gives the logits of an evaluation-mode Forward, bit for bit, in
// every freeze mode, draws no dropout, and keeps no block's activations:
// Backward fails after it unless only the head trains.
func TestInferMatchesEvalForward(t *testing.T) {
	c, _ := Preset("micro")
	c.DropRate = 0.1
	for _, mode := range Modes() {
		m := newInMode(t, c, 1, mode)
		randomize(m, 3)
		x, _ := randomBatch(c, 3, 4)
		in := newDense(x, 3, 3, c.ImageSize, c.ImageSize)
		m.Train(false)
		out, err := m.Forward(in)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(out.Data().([]float32))
		m.Train(true)
		state := m.RNGState()
		out, err = m.Infer(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Data().([]float32); !slices.Equal(got, want) {
			t.Errorf("%s: Infer = %v, want %v", mode, got, want)
		}
		if m.RNGState() != state {
			t.Errorf("%s: Infer advanced the dropout RNG", mode)
		}
		dl := newDense(make([]float32, 3*c.NumClasses), 3, c.NumClasses)
		if err := m.Backward(dl); err == nil && mode != ModeLinear {
			t.Errorf("%s: Backward after Infer did not fail", mode)
		}
	}
}

// A training step (forward with dropout, loss, backward) and an evaluation
// pass allocate nothing once the workspace exists, in every freeze mode:
// every buffer is reused and no closure is made per call.
func TestStepDoesNotAllocate(t *testing.T) {
	c, _ := Preset("micro")
	c.DropRate, c.DropPathRate = 0.1, 0.1
	for _, mode := range Modes() {
		m := newInMode(t, c, 1, mode)
		m.Train(true)
		x, labels := randomBatch(c, 8, 5)
		in := newDense(x, 8, 3, c.ImageSize, c.ImageSize)
		var dl *tensor.Dense
		step := func() {
			out, err := m.Forward(in)
			if err != nil {
				t.Fatal(err)
			}
			if _, dl, _, _, err = CrossEntropy(out, labels, 0, dl); err != nil {
				t.Fatal(err)
			}
			if err := m.Backward(dl); err != nil {
				t.Fatal(err)
			}
		}
		infer := func() {
			if _, err := m.Infer(in); err != nil {
				t.Fatal(err)
			}
		}
		step()
		infer()
		if n := testing.AllocsPerRun(3, step); n != 0 {
			t.Errorf("%s: %v allocations per training step", mode, n)
		}
		if n := testing.AllocsPerRun(3, infer); n != 0 {
			t.Errorf("%s: %v allocations per evaluation pass", mode, n)
		}
	}
}

// newInMode builds a model of c with the given seed, trained as mode says.
func newInMode(tb testing.TB, c Config, seed uint64, mode Mode) *Model {
	tb.Helper()
	m, err := New(c, seed)
	if err != nil {
		tb.Fatal(err)
	}
	if err := m.Freeze(FreezeSpec{Mode: mode}); err != nil {
		tb.Fatal(err)
	}
	return m
}
