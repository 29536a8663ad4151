package data

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeImage writes a w x h image of one colour as PNG or JPEG (by the
// path's extension).
func writeImage(t *testing.T, path string, w, h int, c color.NRGBA) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(path, ".png") {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95})
	}
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

var (
	red  = color.NRGBA{200, 10, 10, 255}
	blue = color.NRGBA{10, 20, 220, 255}
)

func TestFolderDataset(t *testing.T) {
	dir := t.TempDir()
	for i := range 12 {
		writeImage(t, filepath.Join(dir, "cats", "c"+string(rune('a'+i))+".png"), 40+i, 30, red)
	}
	for i := range 10 {
		writeImage(t, filepath.Join(dir, "dogs", "d"+string(rune('a'+i))+".JPG"), 64, 100, blue)
	}
	writeFile(t, filepath.Join(dir, "dogs", "notes.txt"), []byte("not an image"))
	writeFile(t, filepath.Join(dir, "README"), []byte("ignored"))

	tr, err := Open("folder", dir, "train", OpenOptions{ImageSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Open("folder", dir, "eval", OpenOptions{ImageSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.Classes(), ","); got != "cats,dogs" {
		t.Errorf("classes %s", got)
	}
	// Every tenth image of a class is held out: cats 11+1, dogs 9+1.
	if tr.Len() != 20 || ev.Len() != 2 {
		t.Fatalf("train %d, eval %d; want 20, 2", tr.Len(), ev.Len())
	}
	if h, w := tr.Size(); h != 16 || w != 16 {
		t.Errorf("size %dx%d", h, w)
	}
	buf := make([]byte, 3*16*16)
	for i, want := range map[int]color.NRGBA{0: red, 19: blue} {
		l, err := tr.Record(i, buf)
		if err != nil {
			t.Fatal(err)
		}
		if l != map[int]int{0: 0, 19: 1}[i] {
			t.Errorf("record %d label %d", i, l)
		}
		for c, v := range []uint8{want.R, want.G, want.B} {
			got := buf[c*256+100]
			if d := int(got) - int(v); d < -3 || d > 3 {
				t.Errorf("record %d channel %d = %d, want about %d", i, c, got, v)
			}
		}
	}
	// A second read comes from the cache and is identical.
	tr.Record(19, buf)
	again := make([]byte, len(buf))
	tr.Record(19, again)
	if !bytes.Equal(buf, again) {
		t.Error("second read differs")
	}
}

func TestFolderSplitFolders(t *testing.T) {
	dir := t.TempDir()
	writeImage(t, filepath.Join(dir, "train", "a", "1.png"), 8, 8, red)
	writeImage(t, filepath.Join(dir, "train", "b", "1.png"), 8, 8, blue)
	writeImage(t, filepath.Join(dir, "train", "b", "2.png"), 8, 8, blue)
	writeImage(t, filepath.Join(dir, "val", "a", "1.png"), 8, 8, red)
	writeImage(t, filepath.Join(dir, "val", "b", "1.png"), 8, 8, blue)
	tr, err := Open("folder", dir, "train", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Open("folder", dir, "eval", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 3 || ev.Len() != 2 || len(ev.Classes()) != 2 {
		t.Errorf("train %d, eval %d", tr.Len(), ev.Len())
	}
}

func TestFolderBadInput(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string
		want  []string
	}{
		{"missing folder", func(t *testing.T, dir string) string { return filepath.Join(dir, "nope") },
			[]string{"nope", "no such file", "one sub-folder"}},
		{"empty folder", func(t *testing.T, dir string) string { return dir },
			[]string{"has no sub-folders", "PNG or JPEG"}},
		{"a file", func(t *testing.T, dir string) string {
			writeFile(t, filepath.Join(dir, "f"), nil)
			return filepath.Join(dir, "f")
		}, []string{"is a file"}},
		{"class without images", func(t *testing.T, dir string) string {
			writeImage(t, filepath.Join(dir, "a", "1.png"), 4, 4, red)
			writeFile(t, filepath.Join(dir, "b", "x.txt"), nil)
			return dir
		}, []string{filepath.Join("b"), "has no images"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t, t.TempDir())
			_, err := Open("folder", dir, "train", OpenOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}

	t.Run("unreadable image", func(t *testing.T) {
		dir := t.TempDir()
		writeImage(t, filepath.Join(dir, "a", "1.png"), 4, 4, red)
		writeFile(t, filepath.Join(dir, "a", "2.jpg"), []byte("\xff\xd8\xff garbage"))
		ds, err := Open("folder", dir, "train", OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ds.Record(1, make([]byte, 3*32*32))
		if err == nil || !strings.Contains(err.Error(), "2.jpg: unreadable image") {
			t.Errorf("error %v", err)
		}
		if _, err := ds.Record(0, make([]byte, 3*32*32)); err != nil {
			t.Errorf("good image: %v", err)
		}
	})

	// A few hundred bytes can declare a 60000x60000 image (a compressed
	// one of that size is small too); decoding it allocates 14 GB. The
	// header alone is refused.
	t.Run("huge image", func(t *testing.T) {
		dir := t.TempDir()
		writeImage(t, filepath.Join(dir, "a", "1.png"), 4, 4, red)
		writeFile(t, filepath.Join(dir, "a", "2.png"), pngHeader(60000, 60000))
		ds, err := Open("folder", dir, "train", OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ds.Record(1, make([]byte, 3*32*32))
		if err == nil || !strings.Contains(err.Error(), "2.png: image is 60000x60000, expected at most 50 megapixels") {
			t.Errorf("error %v", err)
		}
	})
}

// pngHeader returns the start of a PNG file, its signature and IHDR chunk,
// for an 8-bit RGB image of the given size.
func pngHeader(width, height uint32) []byte {
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, width)
	ihdr = binary.BigEndian.AppendUint32(ihdr, height)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// FolderClasses counts the training split's class folders without reading
// an image, in both layouts, and fails as Open does on a folder without any.
func TestFolderClasses(t *testing.T) {
	mkdirs := func(t *testing.T, dirs ...string) string {
		root := t.TempDir()
		for _, d := range dirs {
			if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	for _, tc := range []struct {
		name string
		dirs []string
		want int // 0: an error
	}{
		{"flat", []string{"cat", "dog", "owl", ".git"}, 3},
		{"train and val", []string{"train/cat", "train/dog", "val/cat", "val/dog"}, 2},
		{"train only", []string{"train/cat", "train/dog"}, 1}, // train is itself a class
		{"empty", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := FolderClasses(mkdirs(t, tc.dirs...))
			switch {
			case tc.want == 0 && err == nil:
				t.Errorf("got %d classes, want an error", n)
			case tc.want > 0 && (err != nil || n != tc.want):
				t.Errorf("got %d classes, %v; want %d", n, err, tc.want)
			}
		})
	}
	if _, err := FolderClasses(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "folder dataset") {
		t.Errorf("missing folder: err = %v, want one naming the folder set", err)
	}
}
