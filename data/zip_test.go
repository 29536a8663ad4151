package data

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type zipEntry struct {
	name string
	body string
	mode fs.FileMode // 0 means a plain file (or a folder for a name ending in /)
}

// makeZip builds a zip archive of the entries.
func makeZip(t testing.TB, es []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range es {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		switch {
		case e.mode != 0:
			h.SetMode(e.mode)
		case strings.HasSuffix(e.name, "/"):
			h.SetMode(fs.ModeDir | 0o755)
		default:
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipFolder builds a zip archive of the folder dir/name, its entries named
// name/..., as the official archive is made.
func zipFolder(t *testing.T, dir, name string) []byte {
	t.Helper()
	var es []zipEntry
	err := filepath.WalkDir(filepath.Join(dir, name), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			es = append(es, zipEntry{name: filepath.ToSlash(rel) + "/"})
			return nil
		}
		b, err := os.ReadFile(path)
		es = append(es, zipEntry{name: filepath.ToSlash(rel), body: string(b)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return makeZip(t, es)
}

var testZipLimits = zipLimits{entries: 10, fileBytes: 100, totalBytes: 150}

func TestExtractZip(t *testing.T) {
	root := t.TempDir()
	archive := filepath.Join(root, "a.zip")
	writeFile(t, archive, makeZip(t, []zipEntry{
		{name: "top/"}, {name: "top/a.txt", body: "alpha"}, {name: "./top/sub/b.txt", body: "beta"}, {name: "top/empty/"},
	}))
	into := filepath.Join(root, "into")
	os.Mkdir(into, 0o755)
	if err := extractZip(context.Background(), archive, into, testZipLimits); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"top/a.txt": "alpha", "top/sub/b.txt": "beta"} {
		if b, err := os.ReadFile(filepath.Join(into, path)); err != nil || string(b) != want {
			t.Errorf("%s: %q (%v), want %q", path, b, err, want)
		}
	}
	if !isDir(filepath.Join(into, "top", "empty")) {
		t.Error("the empty folder was not made")
	}
}

func TestExtractZipRefuses(t *testing.T) {
	big := strings.Repeat("x", 101)
	tests := []struct {
		name string
		es   []zipEntry
		raw  []byte // the archive's bytes instead of es
		want string
	}{
		{name: "zip slip", es: []zipEntry{{name: "top/a.txt", body: "a"}, {name: "../evil.txt", body: "x"}},
			want: `archive entry "../evil.txt" would land outside the target folder; refusing the archive`},
		{name: "nested dot-dot", es: []zipEntry{{name: "top/../../evil.txt", body: "x"}}, want: `"top/../../evil.txt" would land outside`},
		{name: "absolute", es: []zipEntry{{name: "/tmp/evil.txt", body: "x"}}, want: `"/tmp/evil.txt" would land outside`},
		{name: "backslash", es: []zipEntry{{name: `top\..\..\evil.txt`, body: "x"}}, want: "would land outside"},
		{name: "empty name", es: []zipEntry{{name: "", body: "x"}}, want: `archive entry "" would land outside`},
		{name: "symlink", es: []zipEntry{{name: "top/link", body: "/etc", mode: fs.ModeSymlink | 0o777}},
			want: `archive entry "top/link" is a symbolic link, expected only files and folders`},
		{name: "named pipe", es: []zipEntry{{name: "top/fifo", mode: fs.ModeNamedPipe | 0o644}}, want: `"top/fifo" is a special file`},
		{name: "device", es: []zipEntry{{name: "top/dev", mode: fs.ModeDevice | 0o644}}, want: `"top/dev" is a special file`},
		{name: "file too big", es: []zipEntry{{name: "top/a", body: "small"}, {name: "top/big", body: big}},
			want: `archive entry "top/big" unpacks to 101 bytes, expected at most 100`},
		{name: "too big in all", es: []zipEntry{{name: "a", body: big[:80]}, {name: "b", body: big[:80]}},
			want: "unpacks to more than 150 bytes"},
		{name: "too many entries", es: make([]zipEntry, 11), want: "11 archive entries, expected at most 10"},
		{name: "a file twice", es: []zipEntry{{name: "a", body: "1"}, {name: "a", body: "2"}}, want: `entry "a": open`},
		{name: "a file under a file", es: []zipEntry{{name: "a", body: "1"}, {name: "a/b", body: "2"}}, want: `entry "a/b": mkdir`},
		{name: "not a zip", raw: []byte("not a zip archive at all"), want: "zip: not a valid zip file (expected a zip archive)"},
		{name: "empty file", raw: []byte{}, want: "expected a zip archive"},
	}
	for i := range tests[10].es {
		tests[10].es[i].name = string(rune('a' + i))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			archive := filepath.Join(root, "a.zip")
			body := tt.raw
			if body == nil {
				body = makeZip(t, tt.es)
			}
			writeFile(t, archive, body)
			into := filepath.Join(root, "into")
			os.Mkdir(into, 0o755)
			err := extractZip(context.Background(), archive, into, testZipLimits)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), archive+": ") {
				t.Fatalf("error %v, want one naming %s and containing %q", err, archive, tt.want)
			}
			if names := entries(t, root); len(names) != 2 {
				t.Errorf("something landed beside the target folder: %v", names)
			}
			if strings.Contains(tt.want, "refusing") || strings.Contains(tt.want, "would land") || strings.Contains(tt.want, "special") {
				// Refused before a byte is written.
				if names := entries(t, into); len(names) != 0 {
					t.Errorf("a refused archive left %v", names)
				}
			}
		})
	}
}

func TestExtractZipCancelled(t *testing.T) {
	root := t.TempDir()
	archive := filepath.Join(root, "a.zip")
	writeFile(t, archive, makeZip(t, []zipEntry{{name: "a", body: "1"}}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := extractZip(ctx, archive, root, testZipLimits); err == nil || !strings.Contains(err.Error(), "unpacking stopped") {
		t.Fatalf("error %v", err)
	}
}
