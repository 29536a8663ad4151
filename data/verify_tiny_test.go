package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTinyImageNet(t *testing.T) {
	// A small layout of 200 classes: 3 files of 400 records (2 a class
	// each, 6 in all) and 1 val image a class.
	small := tinyLayout{files: 3, perFile: 400, trainPerClass: 6, valPerClass: 1}
	label := func(i int) []byte { return []byte{byte(i % 200)} }
	var meta strings.Builder
	for i := range 200 {
		fmt.Fprintf(&meta, "n%03d\n", i)
	}
	tests := []struct {
		name  string
		files map[string]int // file -> records; -1 removes a file the base set has
		note  string         // in rep.Note when the folder is sound
		err   string         // in rep.Problem otherwise
	}{
		{"full", nil, "all of Tiny-ImageNet: 1,200 training images in 3 files, the 200 labelled val images as the eval split", ""},
		{"subset", map[string]int{"data_batch_3.bin": -1, "test_batch.bin": -1}, "a part of Tiny-ImageNet: 2 of its 3 training files", ""},
		{"subset, last file short", map[string]int{"data_batch_3.bin": -1, "data_batch_2.bin": 200, "test_batch.bin": -1}, "2 of its 3", ""},
		{"file missing", map[string]int{"data_batch_2.bin": -1}, "", "data_batch_2.bin is missing before data_batch_3.bin"},
		{"file short", map[string]int{"data_batch_2.bin": 200}, "", "data_batch_2.bin: 200 records, expected 400"},
		{"too many files", map[string]int{"data_batch_4.bin": 400}, "", "4 training files, expected at most 3"},
		{"full, a file missing at the end", map[string]int{"data_batch_3.bin": -1}, "", "2 training files beside test_batch.bin, expected the 3 of a full conversion"},
		{"full, val short", map[string]int{"test_batch.bin": 199}, "", "class 199 (n199) has 0 val (test_batch.bin) images, expected 1"},
		{"full, last file short", map[string]int{"data_batch_3.bin": 399}, "", "class 199 (n199) has 5 training images, expected 6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]int{"data_batch_1.bin": 400, "data_batch_2.bin": 400, "data_batch_3.bin": 400, "test_batch.bin": 200}
			for f, n := range tt.files {
				files[f] = n
			}
			for f, n := range files {
				if n > 0 {
					writeCIFARBin(t, filepath.Join(dir, f), 0, n, 1, label)
				}
			}
			writeFile(t, filepath.Join(dir, "batches.meta.txt"), []byte(meta.String()))
			rep := verifyRecords("tiny-imagenet-32", dir, OpenOptions{})
			if rep.Problem == nil {
				checkTinyImageNet(dir, &rep, small)
			}
			if tt.err != "" {
				if rep.Problem == nil || !strings.Contains(rep.Problem.Error(), tt.err) {
					t.Fatalf("problem %v, want one containing %q", rep.Problem, tt.err)
				}
				return
			}
			if rep.Problem != nil || !strings.Contains(rep.Note, tt.note) {
				t.Fatalf("problem %v, note %q, want one containing %q", rep.Problem, rep.Note, tt.note)
			}
		})
	}
	// Verify itself holds a folder to the official layout.
	dir := t.TempDir()
	writeCIFARBin(t, filepath.Join(dir, "data_batch_1.bin"), 0, 400, 1, label)
	writeFile(t, filepath.Join(dir, "batches.meta.txt"), []byte(meta.String()))
	if rep := Verify("tiny-imagenet-32", dir, OpenOptions{}); rep.Problem != nil || !strings.Contains(rep.Note, "1 of its 10 training files") {
		t.Errorf("official layout: problem %v, note %q", rep.Problem, rep.Note)
	}
	os.Rename(filepath.Join(dir, "data_batch_1.bin"), filepath.Join(dir, "data_batch_2.bin"))
	if rep := Verify("tiny-imagenet-32", dir, OpenOptions{}); rep.Problem == nil || !strings.Contains(rep.Problem.Error(), "data_batch_1.bin is missing") {
		t.Errorf("official layout, first file missing: %v", rep.Problem)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
