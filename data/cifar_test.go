package data

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCIFAR10BinarySplits(t *testing.T) {
	tests := []struct {
		name              string
		train             []int
		test              int
		wantTrain, wantEv int
		firstEval         [2]int // file, index of eval record 0
	}{
		{"official test file", []int{30, 30}, 20, 60, 20, [2]int{99, 0}},
		{"hold out last tenth", []int{30, 30}, 0, 54, 6, [2]int{1, 24}},
		{"hold out spans files", []int{5, 5, 3}, 0, 12, 1, [2]int{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeCIFAR10(t, filepath.Join(root, "cifar-10-batches-bin"), tt.train, tt.test)
			tr, err := Open("cifar10", root, "train", OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := Open("cifar10", root, "eval", OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tr.Len() != tt.wantTrain || ev.Len() != tt.wantEv {
				t.Fatalf("train/eval = %d/%d records, want %d/%d", tr.Len(), ev.Len(), tt.wantTrain, tt.wantEv)
			}
			if got := tr.Classes(); len(got) != 10 || got[3] != "cat" {
				t.Errorf("classes = %q", got)
			}
			buf := make([]byte, cifarPixels)
			label, err := ev.Record(0, buf)
			if err != nil {
				t.Fatal(err)
			}
			if want := fakeImage(tt.firstEval[0], tt.firstEval[1]); !bytes.Equal(buf, want) {
				t.Errorf("eval record 0 is not file %d record %d", tt.firstEval[0], tt.firstEval[1])
			}
			if label != tt.firstEval[1]%10 {
				t.Errorf("eval record 0 label = %d, want %d", label, tt.firstEval[1]%10)
			}
			// Train record 7 of the second file.
			if _, err := tr.Record(tt.train[0]+1, buf); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf, fakeImage(1, 1)) {
				t.Errorf("train record %d is not file 1 record 1", tt.train[0]+1)
			}
			if _, err := tr.Record(tr.Len(), buf); err == nil {
				t.Error("record past the end: no error")
			}
		})
	}
}

func TestCIFAR100BinaryLabels(t *testing.T) {
	dir := t.TempDir()
	label := func(i int) []byte { return []byte{byte(i % 20), byte(i % 100)} }
	writeCIFARBin(t, filepath.Join(dir, "train.bin"), 0, 250, 2, label)
	writeCIFARBin(t, filepath.Join(dir, "test.bin"), 1, 50, 2, label)
	buf := make([]byte, cifarPixels)
	for _, tt := range []struct {
		coarse  bool
		classes int
		want    int
	}{{false, 100, 123 % 100}, {true, 20, 123 % 20}} {
		ds, err := Open("cifar100", dir, "train", OpenOptions{Coarse: tt.coarse})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Classes()) != tt.classes || ds.Len() != 250 {
			t.Fatalf("coarse=%v: %d classes, %d records", tt.coarse, len(ds.Classes()), ds.Len())
		}
		if l, _ := ds.Record(123, buf); l != tt.want {
			t.Errorf("coarse=%v: label %d, want %d", tt.coarse, l, tt.want)
		}
	}
}

func TestTinyImageNetClassWords(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tiny-imagenet-32-batches-bin")
	writeCIFARBin(t, filepath.Join(dir, "data_batch_1.bin"), 0, 20, 1, func(i int) []byte { return []byte{byte(i % 3)} })
	var meta strings.Builder
	for i := range 200 {
		fmt.Fprintf(&meta, "n%03d\n", i)
	}
	writeFile(t, filepath.Join(dir, "batches.meta.txt"), []byte(meta.String()))
	writeFile(t, filepath.Join(dir, "class_words.txt"), []byte("n000\tgoldfish, Carassius auratus\nn002\tbullfrog\n"))
	ds, err := Open("tiny-imagenet-32", filepath.Dir(dir), "train", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(ds.Classes()[:3], "|"), "goldfish|n001|bullfrog"; got != want {
		t.Errorf("classes = %s, want %s", got, want)
	}
	// CIFAR-10's folder has the same file names: its 10 class names tell it
	// apart.
	_, err = Open("cifar10", dir, "train", OpenOptions{})
	if err == nil || !strings.Contains(err.Error(), "200 class names, expected 10 for cifar10 (another dataset's folder?)") {
		t.Errorf("cifar10 from Tiny-ImageNet's folder: error %v", err)
	}
}

func TestBinaryBadInput(t *testing.T) {
	one := func(i int) []byte { return []byte{byte(i % 10)} }
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string // substrings of the error
	}{
		{"missing folder", func(t *testing.T, dir string) {}, []string{"no data_batch_*.bin", "CIFAR binary layout"}},
		{"a folder named as a batch", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "data_batch_1.bin"), 0o755)
		}, []string{"data_batch_1.bin: a directory, expected a file of 3073-byte records"}},
		{"truncated file", func(t *testing.T, dir string) {
			writeCIFAR10(t, dir, []int{10}, 0)
			b, _ := os.ReadFile(filepath.Join(dir, "data_batch_1.bin"))
			writeFile(t, filepath.Join(dir, "data_batch_1.bin"), b[:len(b)-100])
		}, []string{"data_batch_1.bin", "not a whole number of 3073-byte records"}},
		{"empty file", func(t *testing.T, dir string) {
			writeCIFAR10(t, dir, []int{10}, 0)
			writeFile(t, filepath.Join(dir, "data_batch_1.bin"), nil)
		}, []string{"data_batch_1.bin", "empty file"}},
		{"label out of range", func(t *testing.T, dir string) {
			writeCIFAR10(t, dir, []int{10}, 0)
			writeCIFARBin(t, filepath.Join(dir, "data_batch_1.bin"), 0, 10, 1, func(i int) []byte {
				if i == 7 {
					return []byte{12}
				}
				return one(i)
			})
		}, []string{"data_batch_1.bin", "record 7 has label 12, expected 0..9"}},
		{"empty meta", func(t *testing.T, dir string) {
			writeCIFAR10(t, dir, []int{10}, 0)
			writeFile(t, filepath.Join(dir, "batches.meta.txt"), []byte("\n"))
		}, []string{"batches.meta.txt", "no class names"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			for _, split := range []string{"train", "eval"} {
				_, err := Open("cifar10", dir, split, OpenOptions{})
				if err == nil {
					t.Fatalf("%s: no error", split)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q does not contain %q", split, err, w)
					}
				}
			}
		})
	}
}

func TestOpenBadArguments(t *testing.T) {
	tests := []struct {
		name, set, split string
		opt              OpenOptions
		want             string
	}{
		{"unknown set", "mnist", "train", OpenOptions{}, `unknown dataset "mnist"`},
		{"unknown split", "cifar10", "test", OpenOptions{}, `unknown split "test"`},
		{"bad hold-out", "cifar10", "train", OpenOptions{HoldOut: 1.5}, "hold-out fraction 1.5"},
		{"negative samples", "synthetic-pretrain", "train", OpenOptions{Samples: -1}, "-1 samples"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.set, t.TempDir(), tt.split, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestClassesWithoutFiles checks Classes against the sets as Open reads
// them: the synthetic sets, and standard CIFAR files without a class-name
// file (whose count then comes from the layout alone).
func TestClassesWithoutFiles(t *testing.T) {
	dir := t.TempDir()
	label := func(i int) []byte { return []byte{byte(i % 20), byte(i % 100)} }
	writeCIFARBin(t, filepath.Join(dir, "cifar-100-binary", "train.bin"), 0, 30, 2, label)
	writeCIFARBin(t, filepath.Join(dir, "cifar-10-batches-bin", "data_batch_1.bin"), 0, 30, 1, func(i int) []byte { return []byte{byte(i % 10)} })
	writeCIFARBin(t, filepath.Join(dir, "tiny-imagenet-32-batches-bin", "data_batch_1.bin"), 0, 30, 1, func(i int) []byte { return []byte{byte(i % 200)} })
	for _, tt := range []struct {
		name string
		opt  OpenOptions
	}{
		{"synthetic-pretrain", OpenOptions{Samples: 10}},
		{"synthetic-transfer", OpenOptions{Samples: 10}},
		{"cifar10", OpenOptions{}},
		{"cifar100", OpenOptions{}},
		{"cifar100", OpenOptions{Coarse: true}},
		{"tiny-imagenet-32", OpenOptions{}},
	} {
		n, ok := Classes(tt.name, tt.opt)
		ds, err := Open(tt.name, dir, "train", tt.opt)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !ok || n != len(ds.Classes()) {
			t.Errorf("Classes(%s, coarse=%v) = %d, %v; Open reads %d classes", tt.name, tt.opt.Coarse, n, ok, len(ds.Classes()))
		}
	}
	for _, name := range []string{"folder", "no-such-set"} {
		if n, ok := Classes(name, OpenOptions{}); ok {
			t.Errorf("Classes(%s) = %d, true; want unknown", name, n)
		}
	}
}
