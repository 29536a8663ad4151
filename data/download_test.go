package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type tarEntry struct {
	name string
	body []byte
	typ  byte
	link string
}

// makeArchive builds a .tar.gz of the entries.
func makeArchive(t *testing.T, entries []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: 0o644, Size: int64(len(e.body)), Linkname: e.link, ModTime: time.Unix(0, 0)}
		if typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			tw.Write(e.body)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	return buf.Bytes()
}

// cifarArchive is a small CIFAR-10 binary archive: two training files and a
// test file of a few records each.
func cifarArchive(t *testing.T) []byte {
	dir := t.TempDir()
	writeCIFAR10(t, dir, []int{40, 40}, 10)
	var entries []tarEntry
	entries = append(entries, tarEntry{name: "cifar-10-batches-bin/", typ: tar.TypeDir})
	for _, f := range []string{"data_batch_1.bin", "data_batch_2.bin", "test_batch.bin", "batches.meta.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, tarEntry{name: "cifar-10-batches-bin/" + f, body: b})
	}
	return makeArchive(t, entries)
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// archiveServer serves body at /cifar-10-binary.tar.gz with range support;
// the first cutAfter > 0 bytes of a full response end the connection early.
type archiveServer struct {
	mu       sync.Mutex
	body     []byte
	cutAfter int
	ranges   []string // Range headers seen
}

func (s *archiveServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.ranges = append(s.ranges, r.Header.Get("Range"))
	cut := s.cutAfter
	s.cutAfter = 0
	s.mu.Unlock()
	if cut > 0 {
		w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
		w.WriteHeader(http.StatusOK)
		w.Write(s.body[:cut])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-transfer
	}
	http.ServeContent(w, r, "archive.tar.gz", time.Unix(0, 0), bytes.NewReader(s.body))
}

func startServer(t *testing.T, s *archiveServer) Source {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return Source{URL: srv.URL + "/cifar-10-binary.tar.gz", MD5: md5hex(s.body), Folder: "cifar-10-batches-bin"}
}

// entries lists a folder's names, to check nothing stray lands.
func entries(t *testing.T, dir string) []string {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDownloadClean(t *testing.T) {
	s := &archiveServer{body: cifarArchive(t)}
	src := startServer(t, s)
	dir := t.TempDir()
	var progress bytes.Buffer
	got, err := Download(context.Background(), src, dir, DownloadOptions{Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, "cifar-10-batches-bin") {
		t.Errorf("folder %s", got)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "cifar-10-batches-bin" {
		t.Errorf("dir holds %v, want only the set", names)
	}
	if !strings.Contains(progress.String(), "100%") {
		t.Errorf("progress %q shows no 100%%", progress.String())
	}
	rep := Verify("cifar10", dir, OpenOptions{})
	if rep.Problem != nil || rep.Splits[0].Records != 80 || rep.Splits[1].Records != 10 {
		t.Errorf("verify after download: %+v", rep)
	}
	// A second download refuses to overwrite.
	if _, err := Download(context.Background(), src, dir, DownloadOptions{}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second download: %v", err)
	}
}

func TestDownloadResume(t *testing.T) {
	s := &archiveServer{body: cifarArchive(t)}
	s.cutAfter = len(s.body) / 3
	src := startServer(t, s)
	dir := t.TempDir()
	_, err := Download(context.Background(), src, dir, DownloadOptions{})
	if err == nil || !strings.Contains(err.Error(), "run the command again to resume") {
		t.Fatalf("cut-off download: %v", err)
	}
	part := filepath.Join(dir, ".cifar-10-binary.tar.gz.part")
	st, err := os.Stat(part)
	if err != nil {
		t.Fatalf("partial file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cifar-10-batches-bin")); err == nil {
		t.Fatal("a cut-off download landed a set")
	}
	if _, err := Download(context.Background(), src, dir, DownloadOptions{}); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if want := "bytes=" + strconv.Itoa(int(st.Size())) + "-"; s.ranges[1] != want {
		t.Errorf("resume asked for %q, want %q", s.ranges[1], want)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v after resume", names)
	}
	if rep := Verify("cifar10", dir, OpenOptions{}); rep.Problem != nil {
		t.Errorf("verify after resume: %v", rep.Problem)
	}
}

func TestDownloadChecksumMismatch(t *testing.T) {
	s := &archiveServer{body: cifarArchive(t)}
	src := startServer(t, s)
	src.MD5 = strings.Repeat("0", 32)
	dir := t.TempDir()
	_, err := Download(context.Background(), src, dir, DownloadOptions{})
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") || !strings.Contains(err.Error(), "discarded") {
		t.Fatalf("error %v", err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("after a bad checksum the folder holds %v, want nothing", names)
	}
}

func TestExtractRefusesEscapes(t *testing.T) {
	tests := []struct {
		name    string
		entries []tarEntry
		want    string
	}{
		{"dot-dot", []tarEntry{{name: "cifar-10-batches-bin/a.bin", body: []byte("x")}, {name: "../evil.txt", body: []byte("x")}},
			`"../evil.txt" would land outside`},
		{"nested dot-dot", []tarEntry{{name: "cifar-10-batches-bin/../../evil.txt", body: []byte("x")}}, "would land outside"},
		{"absolute", []tarEntry{{name: "/tmp/evil.txt", body: []byte("x")}}, "would land outside"},
		{"symlink", []tarEntry{{name: "cifar-10-batches-bin/link", typ: tar.TypeSymlink, link: "/etc"}}, "is a symbolic link"},
		{"wrong folder", []tarEntry{{name: "other/a.bin", body: []byte("x")}}, "has no folder cifar-10-batches-bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := makeArchive(t, tt.entries)
			root := t.TempDir()
			dir := filepath.Join(root, "data")
			archive := filepath.Join(root, "a.tar.gz")
			writeFile(t, archive, body)
			_, err := Install(archive, Source{MD5: md5hex(body), Folder: "cifar-10-batches-bin"}, dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if names := entries(t, dir); len(names) != 0 {
				t.Errorf("target folder holds %v", names)
			}
			if names := entries(t, root); len(names) != 2 {
				t.Errorf("something landed beside the target: %v", names)
			}
		})
	}
}

func TestInstallFromArchive(t *testing.T) {
	body := cifarArchive(t)
	root := t.TempDir()
	archive := filepath.Join(root, "cifar-10-binary.tar.gz")
	writeFile(t, archive, body)
	dir := filepath.Join(root, "sets")
	if _, err := Install(archive, Source{MD5: strings.Repeat("a", 32), Folder: "cifar-10-batches-bin"}, dir); err == nil ||
		!strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("bad checksum: %v", err)
	}
	if _, err := Install(archive, Source{MD5: md5hex(body), Folder: "cifar-10-batches-bin"}, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(archive); err != nil {
		t.Error("Install removed the user's archive")
	}
	ds, err := Open("cifar10", dir, "eval", OpenOptions{})
	if err != nil || ds.Len() != 10 {
		t.Fatalf("open after install: %v", err)
	}
}

func TestVerifyReportsProblems(t *testing.T) {
	dir := t.TempDir()
	writeCIFAR10(t, dir, []int{30}, 0)
	rep := Verify("cifar10", dir, OpenOptions{})
	if rep.Problem != nil || len(rep.Splits) != 2 || rep.Splits[0].Records != 27 || rep.Splits[1].Records != 3 {
		t.Fatalf("report %+v", rep)
	}
	if rep.Splits[0].PerClass[0] != 3 {
		t.Errorf("per class %v", rep.Splits[0].PerClass)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "data_batch_1.bin"))
	writeFile(t, filepath.Join(dir, "data_batch_1.bin"), b[:len(b)-1])
	if rep := Verify("cifar10", dir, OpenOptions{}); rep.Problem == nil || !strings.Contains(rep.Problem.Error(), "data_batch_1.bin") {
		t.Errorf("truncated file: %v", rep.Problem)
	}

	folder := t.TempDir()
	for i := range 10 {
		writeImage(t, filepath.Join(folder, "a", "img"+strconv.Itoa(i)+".png"), 4, 4, red)
	}
	writeFile(t, filepath.Join(folder, "a", "img5.png"), []byte("not a png"))
	rep = Verify("folder", folder, OpenOptions{})
	if rep.Problem == nil || !strings.Contains(rep.Problem.Error(), "img5.png: unreadable image") {
		t.Errorf("unreadable image: %v", rep.Problem)
	}
}
