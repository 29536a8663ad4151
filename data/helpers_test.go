package data

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// fakeImage is a deterministic record for tests: its pixels encode the
// record's file and index so a test can tell records apart.
func fakeImage(file, i int) []byte {
	px := make([]byte, cifarPixels)
	for j := range px {
		px[j] = byte(file*31 + i*7 + j)
	}
	return px
}

// writeCIFARBin writes a CIFAR binary file of n records with labelBytes
// label bytes each; label(i) gives record i's labels.
func writeCIFARBin(t *testing.T, path string, file, n, labelBytes int, label func(i int) []byte) {
	t.Helper()
	var buf []byte
	for i := range n {
		l := label(i)
		if len(l) != labelBytes {
			t.Fatalf("label has %d bytes, want %d", len(l), labelBytes)
		}
		buf = append(buf, l...)
		buf = append(buf, fakeImage(file, i)...)
	}
	writeFile(t, path, buf)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeCIFAR10 makes a CIFAR-10 binary folder with the given record counts
// per training file, and a test file when test > 0.
func writeCIFAR10(t *testing.T, dir string, train []int, test int) {
	t.Helper()
	for f, n := range train {
		writeCIFARBin(t, filepath.Join(dir, fmt.Sprintf("data_batch_%d.bin", f+1)), f, n, 1, func(i int) []byte { return []byte{byte(i % 10)} })
	}
	if test > 0 {
		writeCIFARBin(t, filepath.Join(dir, "test_batch.bin"), 99, test, 1, func(i int) []byte { return []byte{byte(i % 10)} })
	}
	writeFile(t, filepath.Join(dir, "batches.meta.txt"), []byte("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"))
}
