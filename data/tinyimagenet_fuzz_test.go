package data

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzParseValAnnotations checks that val_annotations.txt is parsed without
// a panic, and that every line it accepts names an image in val/images of
// one of the classes, once.
func FuzzParseValAnnotations(f *testing.F) {
	for _, s := range []string{
		"val_0.JPEG\tn01\t0\t32\t44\t62\nval_1.JPEG\tn02\t52\t55\t57\t59\n",
		"val_0.JPEG\tn03\r\n\r\nval_1.JPEG\tn01",
		"../x.JPEG\tn01\n",
		"a.JPEG\tn01\na.JPEG\tn02\n",
		"a.JPEG n01\n",
	} {
		f.Add(s)
	}
	wnids := []string{"n01", "n02", "n03"}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := parseValAnnotations(strings.NewReader(text), "val_annotations.txt", "img", wnids)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "tiny-imagenet: val_annotations.txt") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("no error and no images")
		}
		seen := map[string]bool{}
		for _, im := range got {
			dir, name := filepath.Split(im.path)
			if dir != "img"+string(filepath.Separator) || !isImageName(name) || seen[name] {
				t.Errorf("accepted %q: not one image file in img/", im.path)
			}
			seen[name] = true
			if im.label < 0 || im.label >= len(wnids) {
				t.Errorf("accepted %q with label %d of %d classes", im.path, im.label, len(wnids))
			}
		}
	})
}

// FuzzExtractZip unpacks arbitrary bytes as a zip archive: it must never
// panic, never write outside the target folder, write nothing but plain
// files and folders, and keep to the limits.
func FuzzExtractZip(f *testing.F) {
	for _, es := range [][]zipEntry{
		{{name: "top/"}, {name: "top/a.txt", body: "alpha"}, {name: "top/sub/b.txt", body: "beta"}},
		{{name: "../evil.txt", body: "x"}},
		{{name: "/abs.txt", body: "x"}},
		{{name: "top/link", body: "../../etc", mode: fs.ModeSymlink | 0o777}},
		{{name: "a", body: strings.Repeat("z", 5000)}},
	} {
		f.Add(makeZip(f, es))
	}
	f.Add([]byte("PK\x03\x04 truncated"))
	lim := zipLimits{entries: 64, fileBytes: 4096, totalBytes: 16384}
	f.Fuzz(func(t *testing.T, b []byte) {
		root := t.TempDir()
		archive := filepath.Join(root, "a.zip")
		if err := os.WriteFile(archive, b, 0o644); err != nil {
			t.Fatal(err)
		}
		into := filepath.Join(root, "into")
		if err := os.Mkdir(into, 0o755); err != nil {
			t.Fatal(err)
		}
		err := extractZip(context.Background(), archive, into, lim)
		if err != nil && !strings.HasPrefix(err.Error(), archive+": ") {
			t.Errorf("error %q does not name the archive", err)
		}
		if names := entries(t, root); !slices.Equal(names, []string{"a.zip", "into"}) {
			t.Fatalf("the root holds %v after unpacking", names)
		}
		var total int64
		walkErr := filepath.WalkDir(into, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && !d.Type().IsRegular() {
				t.Errorf("%s: unpacked as %v, want only files and folders", path, d.Type())
			}
			if d.Type().IsRegular() {
				info, err := d.Info()
				if err != nil {
					return err
				}
				if info.Size() > int64(lim.fileBytes) {
					t.Errorf("%s: %d bytes, over the limit", path, info.Size())
				}
				total += info.Size()
			}
			return nil
		})
		if walkErr != nil {
			t.Fatal(walkErr)
		}
		if total > int64(lim.totalBytes) {
			t.Errorf("%d bytes unpacked, over the limit", total)
		}
	})
}
