package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dataArchive builds a .tar.gz holding a one-file CIFAR-10 binary set of n
// records.
func dataArchive(t *testing.T, n int) []byte {
	t.Helper()
	rec := make([]byte, 0, n*3073)
	for i := range n {
		rec = append(rec, byte(i%10))
		rec = append(rec, bytes.Repeat([]byte{byte(i)}, 3072)...)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		body []byte
	}{{"cifar-10-batches-bin/data_batch_1.bin", rec}, {"cifar-10-batches-bin/test_batch.bin", rec[:10*3073]}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body)), Typeflag: tar.TypeReg})
		tw.Write(f.body)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(env, args)
	return code, out.String(), errb.String()
}

func TestDataCommand(t *testing.T) {
	archive := dataArchive(t, 30)
	sum := md5.Sum(archive)
	md5hex := hex.EncodeToString(sum[:])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(archive)
	}))
	defer srv.Close()
	root := t.TempDir()
	archivePath := filepath.Join(root, "a.tar.gz")
	os.WriteFile(archivePath, archive, 0o644)

	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout+stderr
	}{
		{"no subcommand", []string{"data"}, 2, "missing data command"},
		{"unknown subcommand", []string{"data", "fetch"}, 2, `unknown data command "fetch"`},
		{"bad flag", []string{"data", "verify", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{"verify without dataset", []string{"data", "verify"}, 2, "missing --dataset"},
		{"verify unknown dataset", []string{"data", "verify", "--dataset", "mnist"}, 2, `unknown dataset "mnist"`},
		{"coarse on cifar10", []string{"data", "verify", "--dataset", "cifar10", "--coarse"}, 2, "cifar10 has no coarse labels"},
		{"download unknown", []string{"data", "download", "mnist"}, 2, "expected cifar10, cifar100 or tiny-imagenet"},
		{"download bad md5 flag", []string{"data", "download", "cifar10", "--md5", "xyz"}, 2, "expected 32 hex digits"},
		{"help", []string{"data", "download", "-h"}, 0, "usage: adaptformer data download"},
		{"list", []string{"data", "list"}, 0, "synthetic-transfer"},
		{"list tiny-imagenet", []string{"data", "list"}, 0, "all of it (100,000 train, 10,000 val) from 'data download tiny-imagenet'"},
		{"verify synthetic", []string{"data", "verify", "synthetic-transfer"}, 0, "checked ring"},
		{"verify missing", []string{"data", "verify", "--dataset", "cifar10", "--dir", filepath.Join(root, "none")}, 1, "no data_batch_*.bin"},
		{"from archive, wrong sum", []string{"data", "download", "cifar10", "--from", archivePath, "--dir", filepath.Join(root, "x")}, 1, "checksum mismatch"},
		{"from archive", []string{"data", "download", "cifar10", "--from", archivePath, "--md5", md5hex, "--dir", filepath.Join(root, "from")}, 0, "MD5 ok"},
		{"verify installed", []string{"data", "verify", "--dataset", "cifar10", "--dir", filepath.Join(root, "from")}, 0, "train       30"},
		{"download", []string{"data", "download", "--dir", filepath.Join(root, "dl"), "--url", srv.URL + "/c.tar.gz", "--md5", md5hex, "cifar10"}, 0, "MD5 ok"},
		{"download again", []string{"data", "download", "cifar10", "--dir", filepath.Join(root, "dl"), "--url", srv.URL + "/c.tar.gz", "--md5", md5hex}, 1, "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output does not contain %q:\n%s%s", code, tt.code, tt.want, out, errOut)
			}
		})
	}

	// A truncated file: verify names it and exits 1.
	set := filepath.Join(root, "from", "cifar-10-batches-bin", "data_batch_1.bin")
	b, _ := os.ReadFile(set)
	os.WriteFile(set, b[:len(b)-7], 0o644)
	code, out, errOut := runCmd("data", "verify", "--dataset", "cifar10", "--dir", filepath.Join(root, "from"))
	if code != 1 || !strings.Contains(errOut, "data_batch_1.bin") || !strings.Contains(errOut, "not a whole number") {
		t.Errorf("truncated: exit %d\n%s%s", code, out, errOut)
	}
}
