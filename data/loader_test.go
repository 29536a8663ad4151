package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// indexSet is a dataset whose image i is filled with the byte i%256 and whose
// label is i, so a test can read back which records a batch holds.
type indexSet struct{ n, size int }

func (s indexSet) Name() string      { return "index" }
func (s indexSet) Len() int          { return s.n }
func (s indexSet) Classes() []string { return make([]string, s.n) }
func (s indexSet) Size() (int, int)  { return s.size, s.size }
func (s indexSet) Record(i int, dst []byte) (int, error) {
	for j := range dst[:3*s.size*s.size] {
		dst[j] = byte(i)
	}
	return i, nil
}

// failSet fails on one record.
type failSet struct {
	indexSet
	bad int
}

func (s failSet) Record(i int, dst []byte) (int, error) {
	if i == s.bad {
		return 0, fmt.Errorf("record %d: unreadable", i)
	}
	return s.indexSet.Record(i, dst)
}

// drain reads a loader to the end and returns its batches.
func drain(t *testing.T, l *Loader) []*Batch {
	t.Helper()
	defer l.Close()
	var bs []*Batch
	for {
		b, err := l.Next()
		if err == io.EOF {
			return bs
		}
		if err != nil {
			t.Fatal(err)
		}
		bs = append(bs, b)
	}
}

func labelsOf(bs []*Batch) []int {
	var out []int
	for _, b := range bs {
		out = append(out, b.Labels...)
	}
	return out
}

func TestLoaderOrder(t *testing.T) {
	ds := indexSet{n: 103, size: 4}
	load := func(cfg LoaderConfig) []*Batch {
		l, err := NewLoader(ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return drain(t, l)
	}
	base := LoaderConfig{Batch: 10, Shuffle: true, Seed: 7, Workers: 3, Prefetch: 2}

	a := load(base)
	if len(a) != 11 || a[10].X.Shape()[0] != 3 {
		t.Fatalf("got %d batches, last of %v; want 11, last of 3", len(a), a[len(a)-1].X.Shape())
	}
	order := labelsOf(a)
	if !slices.Equal(order, EpochOrder(103, 7, 0, true)) {
		t.Error("batches do not follow EpochOrder")
	}
	sorted := slices.Clone(order)
	slices.Sort(sorted)
	for i, v := range sorted {
		if v != i {
			t.Fatalf("epoch is not a permutation: %v", sorted)
		}
	}
	for i, b := range a {
		if b.Index != i {
			t.Errorf("batch %d has Index %d", i, b.Index)
		}
		// Pixels match labels: the batch rows were filled from the right records.
		x := b.X.Data().([]float32)
		for j, l := range b.Labels {
			if got, want := x[j*48], float32(byte(l))*(1.0/255); got != want {
				t.Fatalf("batch %d row %d pixel %v, want %v", i, j, got, want)
			}
		}
	}

	one := base
	one.Workers, one.Prefetch = 1, 1
	if !slices.Equal(labelsOf(load(one)), order) {
		t.Error("order depends on the number of workers")
	}
	next := base
	next.Epoch = 1
	if slices.Equal(labelsOf(load(next)), order) {
		t.Error("epoch 1 has the same order as epoch 0")
	}
	other := base
	other.Seed = 8
	if slices.Equal(labelsOf(load(other)), order) {
		t.Error("seed 8 has the same order as seed 7")
	}
	plain := base
	plain.Shuffle = false
	if got := labelsOf(load(plain)); got[0] != 0 || got[102] != 102 {
		t.Error("unshuffled epoch is not in index order")
	}
	drop := base
	drop.DropLast = true
	if got := load(drop); len(got) != 10 {
		t.Errorf("DropLast: %d batches, want 10", len(got))
	}
}

func TestLoaderResumeMidEpoch(t *testing.T) {
	ds, err := Open("synthetic-pretrain", "", "train", OpenOptions{Samples: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, policy := range []string{"", "trivialaugment", "randaugment-n3-m20"} {
		p, err := ParsePolicy(policy)
		if err != nil {
			t.Fatal(err)
		}
		aug := DefaultAugment()
		cfg := LoaderConfig{Batch: 8, Shuffle: true, Seed: 3, Epoch: 2, Augment: &aug, Policy: p, Normalize: CIFARNormalize(), Workers: 2}
		l, err := NewLoader(ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		full := drain(t, l)
		cfg.StartBatch, cfg.Workers = 4, 3
		l, err = NewLoader(ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if l.NumBatches() != 7 {
			t.Errorf("policy %q: NumBatches = %d, want 7", policy, l.NumBatches())
		}
		resumed := drain(t, l)
		if len(resumed) != 3 {
			t.Fatalf("policy %q: resumed at 4: %d batches, want 3", policy, len(resumed))
		}
		for i, b := range resumed {
			want := full[4+i]
			if b.Index != want.Index || !slices.Equal(b.Labels, want.Labels) ||
				!slices.Equal(b.X.Data().([]float32), want.X.Data().([]float32)) {
				t.Errorf("policy %q: resumed batch %d differs from the uninterrupted one", policy, b.Index)
			}
		}
	}
}

// TestLoaderPolicy: a policy changes the training images, with or without
// the reproduction's augmentation, and only where it is set.
func TestLoaderPolicy(t *testing.T) {
	ds, err := Open("synthetic-pretrain", "", "train", OpenOptions{Samples: 32})
	if err != nil {
		t.Fatal(err)
	}
	ta, _ := ParsePolicy("trivialaugment")
	load := func(aug *Augment, p Policy) []float32 {
		t.Helper()
		l, err := NewLoader(ds, LoaderConfig{Batch: 32, Shuffle: true, Seed: 5, Augment: aug, Policy: p, Normalize: CIFARNormalize()})
		if err != nil {
			t.Fatal(err)
		}
		return drain(t, l)[0].X.Data().([]float32)
	}
	cropFlip := &Augment{CropPad: 4, Flip: true}
	for _, aug := range []*Augment{nil, cropFlip} {
		without, with := load(aug, Policy{}), load(aug, ta)
		if slices.Equal(without, with) {
			t.Errorf("augment %+v: trivialaugment left all 32 images as they were", aug)
		}
		if !slices.Equal(with, load(aug, ta)) {
			t.Errorf("augment %+v: trivialaugment gives other images on a second load", aug)
		}
	}
}

func TestLoaderResize(t *testing.T) {
	ds := indexSet{n: 4, size: 8}
	l, err := NewLoader(ds, LoaderConfig{Batch: 4, Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	b := drain(t, l)[0]
	if got := b.X.Shape(); !slices.Equal(got, []int{4, 3, 20, 20}) {
		t.Fatalf("shape %v", got)
	}
	// A constant image stays constant under bilinear resizing.
	x := b.X.Data().([]float32)
	for i, v := range x[1200 : 2*1200] {
		if d := v - 1.0/255; d > 1e-6 || d < -1e-6 {
			t.Fatalf("image 1 pixel %d = %v, want %v", i, v, 1.0/255)
		}
	}
}

func TestLoaderErrors(t *testing.T) {
	ds := indexSet{n: 10, size: 4}
	for _, tt := range []struct {
		name string
		cfg  LoaderConfig
	}{
		{"zero batch", LoaderConfig{}},
		{"start past the end", LoaderConfig{Batch: 4, StartBatch: 4}},
		{"negative size", LoaderConfig{Batch: 4, Size: -1}},
		{"negative workers", LoaderConfig{Batch: 4, Workers: -1}},
		{"unknown policy", LoaderConfig{Batch: 4, Policy: Policy{Kind: "autoaugment"}}},
		{"randaugment without ops", LoaderConfig{Batch: 4, Policy: Policy{Kind: PolicyRandAugment, Magnitude: 9}}},
	} {
		if _, err := NewLoader(ds, tt.cfg); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if _, err := NewLoader(indexSet{n: 0, size: 4}, LoaderConfig{Batch: 1}); err == nil {
		t.Error("empty dataset: no error")
	}

	// A record that fails surfaces from Next, and stays.
	l, err := NewLoader(failSet{indexSet{n: 10, size: 4}, 5}, LoaderConfig{Batch: 4, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Next(); err != nil {
		t.Fatal(err)
	}
	_, err = l.Next()
	if err == nil || err.Error() != "batch 1: record 5: unreadable" {
		t.Errorf("error %v", err)
	}
	if _, err2 := l.Next(); !errors.Is(err2, err) && err2.Error() != err.Error() {
		t.Errorf("after a failure Next says %v", err2)
	}

	// Closing early, with batches queued, does not hang.
	l2, _ := NewLoader(indexSet{n: 1000, size: 4}, LoaderConfig{Batch: 1, Workers: 4, Prefetch: 2})
	l2.Next()
	l2.Close()
	l2.Close()
	if _, err := l2.Next(); err == nil {
		t.Error("Next after Close: no error")
	}
}

// BenchmarkLoaderAugment measures the loader's throughput with the full
// training augmentation and normalization, in batches of 128: on CIFAR-like
// data held in memory and on the synthetic set (which renders each image),
// at the data's 32x32 and resized to 224x224; and with crop, flip and an
// augmentation policy on CIFAR-like data.
func BenchmarkLoaderAugment(b *testing.B) {
	dir := b.TempDir()
	var raw []byte
	for i := range 4096 {
		raw = append(raw, byte(i%10))
		raw = append(raw, fakeImage(0, i)...)
	}
	if err := os.WriteFile(filepath.Join(dir, "data_batch_1.bin"), raw, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		set, dir string
		size     int
		policy   string
	}{{"cifar10", dir, 32, ""}, {"synthetic-pretrain", "", 32, ""}, {"cifar10", dir, 224, ""},
		{"cifar10", dir, 32, "trivialaugment"}, {"cifar10", dir, 32, "randaugment"}} {
		name := fmt.Sprintf("%s/size%d", bc.set, bc.size)
		if bc.policy != "" {
			name += "/" + bc.policy
		}
		b.Run(name, func(b *testing.B) {
			ds, err := Open(bc.set, bc.dir, "train", OpenOptions{Samples: 4096})
			if err != nil {
				b.Fatal(err)
			}
			size := bc.size
			aug := DefaultAugment()
			policy, err := ParsePolicy(bc.policy)
			if err != nil {
				b.Fatal(err)
			}
			if bc.policy != "" {
				aug = Augment{CropPad: aug.CropPad, Flip: aug.Flip}
			}
			images := 0
			b.ResetTimer()
			for epoch := 0; images < b.N*128; epoch++ {
				l, err := NewLoader(ds, LoaderConfig{Batch: 128, Shuffle: true, Epoch: epoch, Augment: &aug,
					Policy: policy, Normalize: CIFARNormalize(), Size: size})
				if err != nil {
					b.Fatal(err)
				}
				for images < b.N*128 {
					bt, err := l.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					images += len(bt.Labels)
				}
				l.Close()
			}
			b.ReportMetric(float64(images)/b.Elapsed().Seconds(), "images/s")
		})
	}
}
