package data

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tinyZip is a zip archive of the default test tree, as the official one is
// laid out.
func tinyZip(t *testing.T) []byte {
	dir := t.TempDir()
	defaultTinyTree().write(t, dir)
	return zipFolder(t, dir, TinyImageNetTree)
}

func tinySource(t *testing.T, s *archiveServer) Source {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return Source{URL: srv.URL + "/tiny-imagenet-200.zip", MD5: md5hex(s.body), Folder: TinyImageNetTree}
}

// checkTinySet checks a converted default tree: 12 training and 6 val
// records.
func checkTinySet(t *testing.T, folder string) {
	t.Helper()
	train, _ := tinyRecords(t, filepath.Join(folder, "data_batch_1.bin"))
	val, _ := tinyRecords(t, filepath.Join(folder, "test_batch.bin"))
	if len(train) != 12 || len(val) != 6 {
		t.Errorf("%d training and %d val records, want 12 and 6", len(train), len(val))
	}
}

func TestOfficialTinyImageNetSource(t *testing.T) {
	src, ok := OfficialSource("tiny-imagenet")
	if !ok || src.URL != "http://cs231n.stanford.edu/tiny-imagenet-200.zip" || src.MD5 != "90528d7ca1a48142e341f4ef8d21d0de" {
		t.Errorf("source %+v", src)
	}
}

func TestDownloadTinyImageNet(t *testing.T) {
	s := &archiveServer{body: tinyZip(t)}
	src := tinySource(t, s)
	dir := filepath.Join(t.TempDir(), "sets")
	var progress strings.Builder
	got, err := DownloadTinyImageNet(context.Background(), src, dir, DownloadOptions{Progress: &progress}, ConvertOptions{Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, TinyImageNet32Folder) {
		t.Errorf("folder %s", got)
	}
	// The archive and the unpacked tree are gone.
	if names := entries(t, dir); !slices.Equal(names, []string{TinyImageNet32Folder}) {
		t.Errorf("dir holds %v, want only the converted set", names)
	}
	for _, want := range []string{"100%", "unpacking", "18 of 18 images converted"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress %q does not say %q", progress.String(), want)
		}
	}
	checkTinySet(t, got)
	if _, err := DownloadTinyImageNet(context.Background(), src, dir, DownloadOptions{}, ConvertOptions{}); err == nil ||
		!strings.Contains(err.Error(), "already exists") {
		t.Errorf("second download: %v", err)
	}
	if len(s.ranges) != 1 {
		t.Errorf("the second download made a request: %v", s.ranges)
	}
}

func TestDownloadTinyImageNetResume(t *testing.T) {
	s := &archiveServer{body: tinyZip(t)}
	s.cutAfter = len(s.body) / 2
	src := tinySource(t, s)
	dir := t.TempDir()
	_, err := DownloadTinyImageNet(context.Background(), src, dir, DownloadOptions{}, ConvertOptions{})
	if err == nil || !strings.Contains(err.Error(), "run the command again to resume") {
		t.Fatalf("cut-off download: %v", err)
	}
	st, err := os.Stat(filepath.Join(dir, ".tiny-imagenet-200.zip.part"))
	if err != nil {
		t.Fatalf("partial file: %v", err)
	}
	got, err := DownloadTinyImageNet(context.Background(), src, dir, DownloadOptions{}, ConvertOptions{})
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if want := "bytes=" + strconv.Itoa(int(st.Size())) + "-"; s.ranges[1] != want {
		t.Errorf("resume asked for %q, want %q", s.ranges[1], want)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("dir holds %v after resume", names)
	}
	checkTinySet(t, got)
}

func TestDownloadTinyImageNetChecksumMismatch(t *testing.T) {
	s := &archiveServer{body: tinyZip(t)}
	src := tinySource(t, s)
	src.MD5 = strings.Repeat("0", 32)
	dir := t.TempDir()
	_, err := DownloadTinyImageNet(context.Background(), src, dir, DownloadOptions{}, ConvertOptions{})
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") || !strings.Contains(err.Error(), "discarded") {
		t.Fatalf("error %v", err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("after a bad checksum the folder holds %v, want nothing", names)
	}
}

// A checked archive whose tree does not convert is kept, so that running
// again does not fetch it again.
func TestDownloadTinyImageNetKeepsArchive(t *testing.T) {
	dir := t.TempDir()
	root := defaultTinyTree().write(t, dir)
	writeFile(t, filepath.Join(root, "train", "n01", "images", "n01_2.JPEG"), []byte("broken"))
	s := &archiveServer{body: zipFolder(t, dir, TinyImageNetTree)}
	src := tinySource(t, s)
	sets := t.TempDir()
	_, err := DownloadTinyImageNet(context.Background(), src, sets, DownloadOptions{}, ConvertOptions{})
	if err == nil || !strings.Contains(err.Error(), "n01_2.JPEG: unreadable image") || !strings.Contains(err.Error(), "stays as") {
		t.Fatalf("error %v", err)
	}
	if names := entries(t, sets); !slices.Equal(names, []string{".tiny-imagenet-200.zip.part"}) {
		t.Errorf("after a failed conversion the folder holds %v, want only the archive", names)
	}
	_, err = DownloadTinyImageNet(context.Background(), src, sets, DownloadOptions{}, ConvertOptions{})
	if err == nil || !strings.Contains(err.Error(), "unreadable image") {
		t.Fatalf("second run: %v", err)
	}
	if s.ranges[1] == "" {
		t.Error("the second run fetched the whole archive again")
	}
}

func TestInstallTinyImageNet(t *testing.T) {
	body := tinyZip(t)
	files := t.TempDir()
	archive := filepath.Join(files, "tiny-imagenet-200.zip")
	writeFile(t, archive, body)
	tree := filepath.Join(files, "unpacked")
	defaultTinyTree().write(t, tree)
	bad := filepath.Join(files, "slip.zip")
	slip := makeZip(t, []zipEntry{{name: "tiny-imagenet-200/"}, {name: "tiny-imagenet-200/../../evil", body: "x"}})
	writeFile(t, bad, slip)
	link := filepath.Join(files, "link.zip")
	linked := makeZip(t, []zipEntry{{name: "tiny-imagenet-200/train", body: "/etc", mode: os.ModeSymlink | 0o777}})
	writeFile(t, link, linked)
	other := filepath.Join(files, "other.zip")
	otherBody := makeZip(t, []zipEntry{{name: "cifar/a.bin", body: "x"}})
	writeFile(t, other, otherBody)

	tests := []struct {
		name, from, md5, want string // want: in the error; "" for success
	}{
		{"zip", archive, md5hex(body), ""},
		{"zip, no checksum given", archive, "", ""},
		{"tree", filepath.Join(tree, TinyImageNetTree), "", ""},
		{"folder holding the tree", tree, "", ""},
		{"wrong MD5", archive, strings.Repeat("f", 32), "checksum mismatch: MD5 " + md5hex(body)},
		{"zip slip", bad, md5hex(slip), `"tiny-imagenet-200/../../evil" would land outside the target folder`},
		{"symlink", link, md5hex(linked), `"tiny-imagenet-200/train" is a symbolic link`},
		{"another archive", other, "", "the archive has no folder tiny-imagenet-200"},
		{"missing", filepath.Join(files, "none.zip"), "", "no such file or directory (expected tiny-imagenet-200.zip or an unpacked tiny-imagenet-200 folder)"},
		{"a folder without a tree", files, "", "holds no Tiny-ImageNet tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "sets")
			got, err := InstallTinyImageNet(context.Background(), tt.from, Source{MD5: tt.md5}, dir, ConvertOptions{})
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want one containing %q", err, tt.want)
				}
				if names, _ := os.ReadDir(dir); len(names) != 0 {
					t.Errorf("a refused install left %v", names)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if names := entries(t, dir); !slices.Equal(names, []string{TinyImageNet32Folder}) {
				t.Errorf("dir holds %v, want only the converted set", names)
			}
			checkTinySet(t, got)
		})
	}
	if names := entries(t, files); len(names) != 5 {
		t.Errorf("the source folder changed: %v", names)
	}
	if _, err := os.Lstat(filepath.Join(files, "evil")); err == nil {
		t.Error("the zip slip entry landed")
	}
}
