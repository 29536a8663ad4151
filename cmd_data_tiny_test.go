package main

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adaptformer/adaptformer/data"
)

// tinyTreeFiles is a small Tiny-ImageNet tree, tiny-imagenet-200/...: 2
// classes of 2 images and 2 val images, as path -> contents.
func tinyTreeFiles(t *testing.T) map[string][]byte {
	t.Helper()
	jpg := func(v uint8) []byte {
		img := image.NewRGBA(image.Rect(0, 0, 64, 64))
		for i := range img.Pix {
			img.Pix[i] = v
		}
		img.Set(0, 0, color.RGBA{255, 0, 0, 255})
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, nil); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	files := map[string][]byte{
		"val/val_annotations.txt": []byte("val_0.JPEG\tn02\t0\t0\t63\t63\nval_1.JPEG\tn01\t0\t0\t63\t63\n"),
		"val/images/val_0.JPEG":   jpg(10),
		"val/images/val_1.JPEG":   jpg(20),
		"words.txt":               []byte("n01\tgoldfish\nn02\ttabby\n"),
	}
	for c, id := range []string{"n01", "n02"} {
		for i := range 2 {
			files[fmt.Sprintf("train/%s/images/%s_%d.JPEG", id, id, i)] = jpg(uint8(100 + 50*c + i))
		}
	}
	out := make(map[string][]byte, len(files))
	for p, b := range files {
		out[data.TinyImageNetTree+"/"+p] = b
	}
	return out
}

// zipOf builds a zip archive of path -> contents; a nil body with mode set
// makes an entry of that mode.
func zipOf(t *testing.T, files map[string][]byte, modes map[string]fs.FileMode) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for p, b := range files {
		h := &zip.FileHeader{Name: p, Method: zip.Deflate}
		h.SetMode(0o644)
		if m, ok := modes[p]; ok {
			h.SetMode(m)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDataDownloadTinyImageNet(t *testing.T) {
	root := t.TempDir()
	files := tinyTreeFiles(t)
	for p, b := range files {
		path := filepath.Join(root, "tree", filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, b, 0o644)
	}
	archive := zipOf(t, files, nil)
	sum := md5.Sum(archive)
	md5hex := hex.EncodeToString(sum[:])
	zipPath := filepath.Join(root, "tiny-imagenet-200.zip")
	os.WriteFile(zipPath, archive, 0o644)
	evil := filepath.Join(root, "evil.zip")
	os.WriteFile(evil, zipOf(t, map[string][]byte{"tiny-imagenet-200/../../x": []byte("x")}, nil), 0o644)
	linked := filepath.Join(root, "link.zip")
	os.WriteFile(linked, zipOf(t, map[string][]byte{"tiny-imagenet-200/train": []byte("/etc")},
		map[string]fs.FileMode{"tiny-imagenet-200/train": fs.ModeSymlink | 0o777}), 0o644)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "tiny-imagenet-200.zip", time.Time{}, bytes.NewReader(archive))
	}))
	defer srv.Close()

	// A 200-class part of Tiny-ImageNet-32: one file of 200 records.
	part := filepath.Join(root, "part", data.TinyImageNet32Folder)
	os.MkdirAll(part, 0o755)
	var meta strings.Builder
	recs := make([]byte, 0, 200*3073)
	for i := range 200 {
		fmt.Fprintf(&meta, "n%03d\n", i)
		recs = append(recs, byte(i))
		recs = append(recs, make([]byte, 3072)...)
	}
	os.WriteFile(filepath.Join(part, "batches.meta.txt"), []byte(meta.String()), 0o644)
	os.WriteFile(filepath.Join(part, "data_batch_1.bin"), recs, 0o644)

	dir := func(name string) string { return filepath.Join(root, name) }
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout+stderr
	}{
		{"from tree", []string{"data", "download", "tiny-imagenet", "--from", dir("tree"), "--dir", dir("a")}, 0,
			"tiny-imagenet: converted " + dir("tree") + " to " + filepath.Join(dir("a"), data.TinyImageNet32Folder)},
		{"again", []string{"data", "download", "tiny-imagenet", "--from", dir("tree"), "--dir", dir("a")}, 0,
			"already exists, nothing to do"},
		{"from zip, the official checksum", []string{"data", "download", "tiny-imagenet", "--from", zipPath, "--dir", dir("b")}, 1,
			"checksum mismatch: MD5 " + md5hex + ", expected 90528d7ca1a48142e341f4ef8d21d0de"},
		{"from zip", []string{"data", "download", "tiny-imagenet-32", "--from", zipPath, "--md5", md5hex, "--dir", dir("c")}, 0,
			"tiny-imagenet: MD5 ok, converted " + zipPath},
		{"wrong --md5", []string{"data", "download", "tiny-imagenet", "--from", evil, "--md5", strings.Repeat("0", 32), "--dir", dir("d")}, 1,
			"checksum mismatch"},
		{"download", []string{"data", "download", "tiny-imagenet", "--url", srv.URL + "/tiny-imagenet-200.zip", "--md5", md5hex, "--dir", dir("e")}, 0,
			"tiny-imagenet: MD5 ok, converted"},
		{"download again", []string{"data", "download", "tiny-imagenet", "--url", srv.URL + "/tiny-imagenet-200.zip", "--md5", md5hex, "--dir", dir("e")}, 0,
			"already exists, nothing to do"},
		{"from nothing", []string{"data", "download", "tiny-imagenet", "--from", dir("none"), "--dir", dir("f")}, 1,
			"expected tiny-imagenet-200.zip or an unpacked tiny-imagenet-200 folder"},
		{"verify a part", []string{"data", "verify", "tiny-imagenet-32", "--dir", dir("part")}, 0,
			"a part of Tiny-ImageNet: 1 of its 10 training files"},
	}
	for _, f := range []string{evil, linked} {
		b, _ := os.ReadFile(f)
		s := md5.Sum(b)
		tests = append(tests, struct {
			name string
			args []string
			code int
			want string
		}{"refused " + filepath.Base(f), []string{"data", "download", "tiny-imagenet", "--from", f, "--md5", hex.EncodeToString(s[:]), "--dir", dir("g")}, 1,
			map[string]string{evil: `"tiny-imagenet-200/../../x" would land outside the target folder`, linked: `"tiny-imagenet-200/train" is a symbolic link`}[f]})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output does not contain %q:\n%s%s", code, tt.code, tt.want, out, errOut)
			}
		})
	}
	for _, d := range []string{"a", "c", "e"} {
		b, err := os.ReadFile(filepath.Join(dir(d), data.TinyImageNet32Folder, "test_batch.bin"))
		if err != nil || len(b) != 2*3073 || b[0] != 1 || b[3073] != 0 {
			t.Errorf("%s: test_batch.bin of %d bytes (%v), want 2 records labelled 1, 0", d, len(b), err)
		}
	}
	if _, err := os.Lstat(filepath.Join(root, "x")); err == nil {
		t.Error("the zip slip entry landed")
	}
}
