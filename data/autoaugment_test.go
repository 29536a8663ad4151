package data

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// autoaugmentRef is testdata/autoaugment_ref.json, written by
// testdata/gen_autoaugment.py with torchvision (see its header).
type autoaugmentRef struct {
	Torchvision    string                          `json:"torchvision"`
	Images         map[string]refImage             `json:"images"`
	Order          []string                        `json:"order"`
	OrderStandard  []string                        `json:"order_standard"`
	SignedWide     map[string]bool                 `json:"signed_wide"`
	SignedStandard map[string]bool                 `json:"signed_standard"`
	Wide           map[string][]float64            `json:"wide"`
	Standard       map[string]map[string][]float64 `json:"standard"` // by "HxW"
	Cases          []struct {
		Image     string  `json:"image"`
		Op        string  `json:"op"`
		Magnitude float64 `json:"magnitude"`
		Out       []byte  `json:"out"`
	} `json:"cases"`
}

type refImage struct {
	H      int    `json:"h"`
	W      int    `json:"w"`
	Pixels []byte `json:"pixels"`
}

func loadAutoaugmentRef(t *testing.T) autoaugmentRef {
	t.Helper()
	b, err := os.ReadFile("testdata/autoaugment_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref autoaugmentRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("autoaugment_ref.json: %v", err)
	}
	if len(ref.Cases) == 0 || len(ref.Images) == 0 {
		t.Fatal("autoaugment_ref.json has no cases")
	}
	return ref
}

// opByName is the augOp torchvision calls name.
func opByName(t *testing.T, name string) augOp {
	t.Helper()
	space := augmentSpace(true, 8, 8)
	for op := range numAugOps {
		if space[op].name == name {
			return op
		}
	}
	t.Fatalf("no augmentation op %q", name)
	return 0
}

// TestPolicyOpsMatchTorchvision applies every op at the magnitudes the
// generator used (bins of both spaces, both signs) to its images and
// compares with torchvision's output, which every byte must match. The
// colour ops reproduce torchvision's float32 arithmetic and truncation;
// the geometric ops its float32 sampling grid, including the fused
// multiply-add of the grid's matrix product in the torch that wrote the
// references (Debian's 1.13, OpenBLAS, AVX2): the "tall" image's ShearX
// fails without it. A torch whose BLAS sums that product another way
// would pick a neighbouring pixel where a source coordinate lands within
// an ulp of a half; in 4,000 random geometric cases checked when this was
// written, none differed.
func TestPolicyOpsMatchTorchvision(t *testing.T) {
	ref := loadAutoaugmentRef(t)
	seen := map[string]bool{}
	for _, c := range ref.Cases {
		img, ok := ref.Images[c.Image]
		if !ok {
			t.Fatalf("case %s on unknown image %q", c.Op, c.Image)
		}
		op := opByName(t, c.Op)
		seen[c.Op] = true
		// The JSON holds the float32 table value; the policies pass it
		// on as a double, as torchvision's float() does.
		m := float64(float32(c.Magnitude))
		name := fmt.Sprintf("%s/%s(%v)", c.Image, c.Op, m)
		got := slices.Clone(img.Pixels)
		applyOp(got, make([]byte, len(got)), img.H, img.W, op, m)
		if len(c.Out) != len(got) {
			t.Fatalf("%s: reference has %d bytes, want %d", name, len(c.Out), len(got))
		}
		plane := img.H * img.W
		var diff []string
		for i := range got {
			if got[i] != c.Out[i] {
				diff = append(diff, fmt.Sprintf("c%d y%d x%d: %d, torchvision %d", i/plane, i%plane/img.W, i%img.W, got[i], c.Out[i]))
			}
		}
		if len(diff) > 0 {
			t.Errorf("%s: %d of %d levels differ from torchvision %s, first %s", name, len(diff), len(got), ref.Torchvision, diff[0])
		}
	}
	for op := range numAugOps {
		if name := augmentSpace(true, 8, 8)[op].name; !seen[name] {
			t.Errorf("no reference case for %s", name)
		}
	}
}

// TestPolicySpacesMatchTorchvision checks the op tables: the order of the
// ops (which decides which index draws which op), which are signed, and
// every bin's magnitude. torch.linspace's vectorised kernel rounds some
// elements differently from its scalar formula, by one float32 ulp at
// most, depending on the CPU's vector width; the tables may differ by that.
func TestPolicySpacesMatchTorchvision(t *testing.T) {
	ref := loadAutoaugmentRef(t)
	check := func(space string, wide bool, h, w int, order []string, signed map[string]bool, want map[string][]float64) {
		t.Helper()
		got := augmentSpace(wide, h, w)
		if len(order) != int(numAugOps) {
			t.Fatalf("%s: torchvision has %d ops, want %d", space, len(order), numAugOps)
		}
		for i, name := range order {
			op := augOp(i)
			spec := got[op]
			if spec.name != name {
				t.Errorf("%s: op %d is %s, torchvision's is %s", space, i, spec.name, name)
				continue
			}
			if spec.signed != signed[name] {
				t.Errorf("%s %s: signed %v, torchvision %v", space, name, spec.signed, signed[name])
			}
			bins := want[name]
			if len(bins) == 0 {
				bins = []float64{0} // magnitude-free: torchvision passes 0.0
			} else if len(bins) != PolicyBins {
				t.Fatalf("%s %s: torchvision has %d bins, want %d", space, name, len(bins), PolicyBins)
			}
			for bin, tv := range bins {
				m, tv32 := float32(spec.magnitude(op, bin)), float32(tv)
				if m != tv32 && math.Abs(float64(m-tv32)) > float64(ulp32(tv32)) {
					t.Errorf("%s %s bin %d: magnitude %v, torchvision %v", space, name, bin, m, tv32)
				}
			}
		}
	}
	check("wide", true, 8, 8, ref.Order, ref.SignedWide, ref.Wide)
	for size, table := range ref.Standard {
		var h, w int
		if _, err := fmt.Sscanf(size, "%dx%d", &h, &w); err != nil {
			t.Fatalf("standard space size %q: %v", size, err)
		}
		check("standard "+size, false, h, w, ref.OrderStandard, ref.SignedStandard, table)
	}
}

// ulp32 is the gap between v and the next float32 away from zero.
func ulp32(v float32) float32 {
	v = float32(math.Abs(float64(v)))
	return math.Nextafter32(v, float32(math.Inf(1))) - v
}

func TestParsePolicy(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Policy
		name string // String(); "" for in
	}{
		{"", Policy{}, ""},
		{"trivialaugment", Policy{Kind: PolicyTrivialAugment}, ""},
		{"randaugment", Policy{Kind: PolicyRandAugment, NumOps: 2, Magnitude: 9}, "randaugment-n2-m9"},
		{"randaugment-n2-m9", Policy{Kind: PolicyRandAugment, NumOps: 2, Magnitude: 9}, ""},
		{"randaugment-n1-m0", Policy{Kind: PolicyRandAugment, NumOps: 1, Magnitude: 0}, ""},
		{"randaugment-n14-m30", Policy{Kind: PolicyRandAugment, NumOps: 14, Magnitude: 30}, ""},
	} {
		got, err := ParsePolicy(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParsePolicy(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		name := tc.name
		if name == "" {
			name = tc.in
		}
		if got.String() != name {
			t.Errorf("ParsePolicy(%q).String() = %q, want %q", tc.in, got.String(), name)
		}
		if err := got.check(); err != nil {
			t.Errorf("ParsePolicy(%q) fails its own check: %v", tc.in, err)
		}
	}
	for _, in := range []string{"TrivialAugment", "trivial", "autoaugment", "rand-m9-n2", "randaugment-",
		"randaugment-n0-m9", "randaugment-n15-m9", "randaugment-n2-m31", "randaugment-n2-m-1",
		"randaugment-n+2-m9", "randaugment-n02-m9", "randaugment-n2", "randaugment-m9-n2", "randaugment-n2-m9 "} {
		_, err := ParsePolicy(in)
		if err == nil {
			t.Errorf("ParsePolicy(%q) accepted", in)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("%q", in)) || !strings.Contains(msg, "trivialaugment") || !strings.Contains(msg, "randaugment-n<N>-m<M>") {
			t.Errorf("ParsePolicy(%q): %q should name the input and the valid spellings", in, msg)
		}
	}
}

// policyImage is a test image with every level below 255 and structure in
// every channel.
func policyImage(h, w int) []byte {
	img := make([]byte, 3*h*w)
	r := &rng{state: 42}
	for i := range img {
		img[i] = byte(r.intn(250))
	}
	return img
}

func TestPolicyDeterministic(t *testing.T) {
	const h, w = 32, 32
	src := policyImage(h, w)
	for _, name := range []string{"trivialaugment", "randaugment", "randaugment-n3-m15"} {
		p, err := ParsePolicy(name)
		if err != nil {
			t.Fatal(err)
		}
		out := func(seed uint64) []byte {
			img := slices.Clone(src)
			p.Apply(img, make([]byte, len(img)), h, w, seed)
			return img
		}
		s := ImageSeed(1, 2, 3)
		if !slices.Equal(out(s), out(s)) {
			t.Errorf("%s: the same seed gives different images", name)
		}
		distinct := map[string]bool{}
		for pos := range 40 {
			distinct[string(out(ImageSeed(1, 2, pos)))] = true
		}
		// TrivialAugmentWide draws Identity (and other no-op draws) about
		// one time in ten; 40 positions give far more than 20 images.
		if len(distinct) < 20 {
			t.Errorf("%s: 40 positions give only %d distinct images", name, len(distinct))
		}
	}
}

// TestPolicyDraws checks what the policies draw: TrivialAugmentWide one op
// uniformly from the 14 at a uniform bin, RandAugment N ops at bin M, and
// signed ops negated about half the time.
func TestPolicyDraws(t *testing.T) {
	const h, w, n = 32, 32, 14000
	ta, _ := ParsePolicy("trivialaugment")
	ra, _ := ParsePolicy("randaugment-n3-m20")
	var opCount [numAugOps]int
	var binCount [PolicyBins]int
	negative, signed := 0, 0
	wide := augmentSpace(true, h, w)
	for i := range n {
		d := ta.draw(h, w, ImageSeed(7, 0, i))
		if len(d) != 1 {
			t.Fatalf("trivialaugment drew %d ops, want 1", len(d))
		}
		opCount[d[0].op]++
		binCount[d[0].bin]++
		if wide[d[0].op].signed && d[0].bin > 0 {
			signed++
			if d[0].magnitude < 0 {
				negative++
			}
		}
		if want := wide[d[0].op].magnitude(d[0].op, d[0].bin); math.Abs(d[0].magnitude) != math.Abs(want) {
			t.Fatalf("trivialaugment drew %s bin %d at %v, want ±%v", wide[d[0].op].name, d[0].bin, d[0].magnitude, want)
		}
	}
	// Counts of n/14 = 1000 and n/31 ≈ 452: 5 standard deviations.
	for op, c := range opCount {
		if math.Abs(float64(c)-n/14.0) > 5*math.Sqrt(n/14.0) {
			t.Errorf("op %s drawn %d times in %d, want about %d", wide[op].name, c, n, n/14)
		}
	}
	for bin, c := range binCount {
		if math.Abs(float64(c)-n/31.0) > 5*math.Sqrt(n/31.0) {
			t.Errorf("bin %d drawn %d times in %d, want about %d", bin, c, n, n/31)
		}
	}
	if math.Abs(float64(negative)-float64(signed)/2) > 5*math.Sqrt(float64(signed)/4) {
		t.Errorf("%d of %d signed draws negated, want about half", negative, signed)
	}

	std := augmentSpace(false, h, w)
	for i := range 100 {
		d := ra.draw(h, w, ImageSeed(7, 0, i))
		if len(d) != 3 {
			t.Fatalf("randaugment-n3-m20 drew %d ops, want 3", len(d))
		}
		for _, o := range d {
			if want := std[o.op].magnitude(o.op, 20); o.bin != 20 || math.Abs(o.magnitude) != want {
				t.Fatalf("randaugment-n3-m20 drew %s bin %d at %v, want bin 20 at ±%v", std[o.op].name, o.bin, o.magnitude, want)
			}
		}
	}
	if d := (Policy{}).draw(h, w, 1); len(d) != 0 {
		t.Errorf("the zero Policy drew %d ops", len(d))
	}
}

// TestPolicyIdentityMagnitudes: at bin 0 every op but AutoContrast and
// Equalize is the identity (Solarize's threshold 255 inverts only level
// 255, which the image lacks), in both spaces and, for the signed ops,
// with either sign.
func TestPolicyIdentityMagnitudes(t *testing.T) {
	for _, size := range [][2]int{{32, 32}, {13, 10}} {
		h, w := size[0], size[1]
		src := policyImage(h, w)
		for _, wide := range []bool{true, false} {
			space := augmentSpace(wide, h, w)
			for op := range numAugOps {
				if op == opAutoContrast || op == opEqualize {
					continue
				}
				for _, sign := range []float64{1, -1} {
					if sign < 0 && !space[op].signed {
						continue
					}
					img := slices.Clone(src)
					applyOp(img, make([]byte, len(img)), h, w, op, sign*space[op].magnitude(op, 0))
					if !slices.Equal(img, src) {
						t.Errorf("%dx%d wide=%v %s at bin 0 (sign %v) changed the image", h, w, wide, space[op].name, sign)
					}
				}
			}
		}
		img := slices.Clone(src)
		(Policy{}).Apply(img, make([]byte, len(img)), h, w, 3)
		if !slices.Equal(img, src) {
			t.Error("the zero Policy changed the image")
		}
	}
}

// TestAugmentWithPolicy checks the loader's pipeline with a policy: floats
// in [0, 1], the crop and flip still applied, and no policy with no
// augmentation giving the plain image.
func TestAugmentWithPolicy(t *testing.T) {
	const h, w = 16, 16
	src := policyImage(h, w)
	ta, _ := ParsePolicy("trivialaugment")
	run := func(a Augment, p Policy, seed uint64) []float32 {
		rec := slices.Clone(src)
		img := make([]float32, 3*h*w)
		a.applyWithPolicy(img, make([]float32, len(img)), rec, make([]byte, len(rec)), h, w, p, seed)
		return img
	}
	plain := make([]float32, 3*h*w)
	toFloat(plain, src)
	if got := run(Augment{}, Policy{}, 5); !slices.Equal(got, plain) {
		t.Error("no augmentation and no policy changed the image")
	}
	for seed := range uint64(200) {
		for _, a := range []Augment{{}, {CropPad: 4, Flip: true}, DefaultAugment()} {
			for i, v := range run(a, ta, seed) {
				if v < 0 || v > 1 || v != v {
					t.Fatalf("seed %d %+v: pixel %d is %v, want [0, 1]", seed, a, i, v)
				}
			}
		}
	}
	// With the policy drawing Identity, the result is the crop and flip
	// alone, which apply (no policy) gives for the same seed.
	cropFlip := Augment{CropPad: 4, Flip: true}
	found := false
	for seed := range uint64(400) {
		d := ta.draw(h, w, seed)
		if d[0].op != opIdentity {
			continue
		}
		found = true
		want := slices.Clone(plain)
		cropFlip.apply(want, make([]float32, len(want)), h, w, seed)
		if got := run(cropFlip, ta, seed); !slices.Equal(got, want) {
			t.Errorf("seed %d: policy Identity after crop and flip differs from crop and flip alone", seed)
		}
	}
	if !found {
		t.Error("no seed of 400 drew Identity")
	}
}

// FuzzPolicy: any spelling either parses to a policy that round-trips and
// applies to any image without panicking, or is refused.
func FuzzPolicy(f *testing.F) {
	for _, s := range []string{"", "trivialaugment", "randaugment", "randaugment-n3-m30", "randaugment-n0-m1", "rand-m9-n2"} {
		f.Add(s, uint64(1), uint8(5), uint8(7))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64, h8, w8 uint8) {
		p, err := ParsePolicy(s)
		if err != nil {
			return
		}
		if q, err := ParsePolicy(p.String()); err != nil || q != p {
			t.Fatalf("ParsePolicy(%q) = %+v, its String %q reads back as %+v, %v", s, p, p.String(), q, err)
		}
		h, w := int(h8%20)+1, int(w8%20)+1
		img := policyImage(h, w)
		p.Apply(img, make([]byte, len(img)), h, w, seed)
		if len(img) != 3*h*w {
			t.Fatalf("image length changed")
		}
	})
}
