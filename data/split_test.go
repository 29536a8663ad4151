package data

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"
)

// EvalSource says whether Open's eval split is the official test split,
// and agrees with what Open then reads.
func TestEvalSource(t *testing.T) {
	base := t.TempDir()
	withTest := filepath.Join(base, "with-test")
	writeCIFAR10(t, withTest, []int{20}, 10)
	noTest := filepath.Join(base, "no-test")
	writeCIFAR10(t, noTest, []int{20}, 0)
	nested := filepath.Join(base, "nested")
	writeCIFAR10(t, filepath.Join(nested, "cifar-10-batches-bin"), []int{20}, 10)
	tin := filepath.Join(base, "tin")
	writeCIFARBin(t, filepath.Join(tin, "data_batch_1.bin"), 0, 20, 1, func(i int) []byte { return []byte{byte(i % 2)} })
	writeCIFARBin(t, filepath.Join(tin, "val_batch.bin"), 9, 4, 1, func(i int) []byte { return []byte{byte(i % 2)} })
	split := filepath.Join(base, "split")
	held := filepath.Join(base, "held")
	for _, class := range []string{"cat", "dog"} {
		for i := range 10 {
			name := class + string(rune('a'+i)) + ".png"
			writeImage(t, filepath.Join(split, "train", class, name), 4, 4, color.NRGBA{A: 255})
			writeImage(t, filepath.Join(held, class, name), 4, 4, color.NRGBA{A: 255})
		}
		writeImage(t, filepath.Join(split, "val", class, "v.png"), 4, 4, color.NRGBA{A: 255})
	}

	tests := []struct {
		set, dir string
		test     bool
		what     string
		evalLen  int // what Open's eval split then holds
	}{
		{"cifar10", withTest, true, "test_batch.bin", 10},
		{"cifar10", nested, true, "test_batch.bin", 10},
		{"cifar10", noTest, false, "last 10% of the training records", 2},
		{"tiny-imagenet-32", tin, true, "val_batch.bin", 4},
		{"folder", split, true, "the val folder", 2},
		{"folder", held, false, "every tenth image", 2},
		{"synthetic-transfer", "", true, "generated apart", 2000},
	}
	for _, tc := range tests {
		test, what, err := EvalSource(tc.set, tc.dir, OpenOptions{})
		if err != nil {
			t.Errorf("%s in %s: %v", tc.set, tc.dir, err)
			continue
		}
		if test != tc.test || !strings.Contains(what, tc.what) {
			t.Errorf("%s in %s: test %v, %q; want %v, %q", tc.set, tc.dir, test, what, tc.test, tc.what)
		}
		ds, err := Open(tc.set, tc.dir, "eval", OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ds.Len() != tc.evalLen {
			t.Errorf("%s in %s: eval split has %d records, want %d", tc.set, tc.dir, ds.Len(), tc.evalLen)
		}
	}

	for _, tc := range []struct{ set, dir, want string }{
		{"cifar100", noTest, "no train.bin"},
		{"folder", filepath.Join(base, "missing"), "folder dataset"},
		{"imagenet", base, "unknown dataset"},
	} {
		if _, _, err := EvalSource(tc.set, tc.dir, OpenOptions{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s in %s: error %v, want one saying %q", tc.set, tc.dir, err, tc.want)
		}
	}
}
