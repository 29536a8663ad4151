package data

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tinyTree describes a small Tiny-ImageNet tree for tests: train/<wnid>/
// images/<wnid>_<n>.JPEG for each class and n, val/images/ with val's lines
// in val_annotations.txt, words.txt naming the classes in words, and the
// pieces the converter must ignore (a cut wnids.txt, the boxes files, the
// unlabelled test/ split).
type tinyTree struct {
	classes []string // in the order written, not label order
	images  []int    // the numbers n of each class's images
	val     []string // val_annotations.txt lines, "val_k.JPEG\twnid\t0\t0\t63\t63"
	words   map[string]string
}

// tinyColour is the solid colour of one test image, distinct per class and
// image so a record shows which file it came from.
func tinyColour(class, n int) color.NRGBA {
	return color.NRGBA{uint8(40 + 60*class), uint8(10 + 20*n), uint8(200 - 30*class), 255}
}

// defaultTinyTree has 3 classes of 4 images (numbered 0, 1, 2 and 10 so
// that name order puts 10 before 2) and 2 val images a class, listed out
// of class order.
func defaultTinyTree() tinyTree {
	return tinyTree{
		classes: []string{"n03", "n01", "n02"},
		images:  []int{0, 1, 2, 10},
		val: []string{
			"val_0.JPEG\tn02\t0\t0\t63\t63", "val_1.JPEG\tn01\t1\t2\t40\t50", "val_2.JPEG\tn03\t0\t0\t63\t63",
			"val_3.JPEG\tn01\t0\t0\t63\t63", "val_4.JPEG\tn03\t0\t0\t63\t63", "val_5.JPEG\tn02\t0\t0\t63\t63",
		},
		words: map[string]string{"n01": "goldfish, Carassius auratus", "n02": "tabby, tabby cat", "n99": "not a class"},
	}
}

// write makes the tree under dir/tiny-imagenet-200 and returns that folder.
func (tt tinyTree) write(t *testing.T, dir string) string {
	t.Helper()
	root := filepath.Join(dir, TinyImageNetTree)
	sorted := slices.Sorted(slices.Values(tt.classes))
	for _, id := range tt.classes {
		c := slices.Index(sorted, id)
		for _, n := range tt.images {
			writeImage(t, filepath.Join(root, "train", id, "images", fmt.Sprintf("%s_%d.JPEG", id, n)), 64, 64, tinyColour(c, n))
		}
		writeFile(t, filepath.Join(root, "train", id, id+"_boxes.txt"), []byte("boxes are not read\n"))
	}
	for k, l := range tt.val {
		name, id, _ := strings.Cut(l, "\t")
		id, _, _ = strings.Cut(id, "\t")
		if c := slices.Index(sorted, id); c >= 0 && !strings.ContainsAny(name, `/\`) {
			writeImage(t, filepath.Join(root, "val", "images", name), 64, 64, tinyColour(c, 20+k))
		}
	}
	writeFile(t, filepath.Join(root, "val", "val_annotations.txt"), []byte(strings.Join(tt.val, "\n")+"\n"))
	var words []string
	for id, w := range tt.words {
		words = append(words, id+"\t"+w)
	}
	slices.Sort(words)
	writeFile(t, filepath.Join(root, "words.txt"), []byte(strings.Join(words, "\n")+"\n"))
	writeFile(t, filepath.Join(root, "wnids.txt"), []byte(tt.classes[0]+"\n"))
	writeImage(t, filepath.Join(root, "test", "images", "test_0.JPEG"), 64, 64, red)
	return root
}

// tinyRecords splits a converted file into labels and pixel records.
func tinyRecords(t *testing.T, path string) ([]int, [][]byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const rec = 1 + cifarPixels
	if len(b)%rec != 0 {
		t.Fatalf("%s: %d bytes, not whole records", path, len(b))
	}
	var labels []int
	var pix [][]byte
	for i := 0; i < len(b); i += rec {
		labels = append(labels, int(b[i]))
		pix = append(pix, b[i+1:i+rec])
	}
	return labels, pix
}

// nearColour says whether a decoded record is the solid colour c, within
// what JPEG leaves of it.
func nearColour(pix []byte, c color.NRGBA) bool {
	plane := len(pix) / 3
	for ch, want := range []uint8{c.R, c.G, c.B} {
		for _, v := range pix[ch*plane : (ch+1)*plane] {
			if d := int(v) - int(want); d < -6 || d > 6 {
				return false
			}
		}
	}
	return true
}

func TestConvertTinyImageNet(t *testing.T) {
	tt := defaultTinyTree()
	root := tt.write(t, t.TempDir())
	dst := filepath.Join(t.TempDir(), TinyImageNet32Folder)
	var progress bytes.Buffer
	if err := ConvertTinyImageNet(filepath.Dir(root), dst, ConvertOptions{Progress: &progress, Workers: 3}); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dst); !slices.Equal(got, []string{"batches.meta.txt", "class_words.txt", "data_batch_1.bin", "test_batch.bin"}) {
		t.Errorf("dst holds %v", got)
	}
	if !strings.Contains(progress.String(), "18 of 18 images converted") {
		t.Errorf("progress %q", progress.String())
	}
	if st, err := os.Stat(dst); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("dst mode %v (%v), want 0755", st.Mode(), err)
	}

	// The folder set, given the same files as class folders, must decode
	// them to the same pixels.
	folder := t.TempDir()
	for _, id := range tt.classes {
		for _, n := range tt.images {
			name := fmt.Sprintf("%s_%d.JPEG", id, n)
			b, err := os.ReadFile(filepath.Join(root, "train", id, "images", name))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(folder, "train", id, name), b)
		}
	}
	writeFile(t, filepath.Join(folder, "val", "n01", "x.JPEG"), []byte("unused"))
	fs, err := Open("folder", folder, "train", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	folderPix := map[string][]byte{}
	for i, f := range fs.(*folderSet).files {
		px := make([]byte, cifarPixels)
		if _, err := fs.Record(i, px); err != nil {
			t.Fatal(err)
		}
		folderPix[filepath.Base(f)] = px
	}

	// Training records: interleaved by class, each class's images in name
	// order (0, 1, 10, 2).
	nameOrder := []int{0, 1, 10, 2}
	labels, pix := tinyRecords(t, filepath.Join(dst, "data_batch_1.bin"))
	if len(labels) != 12 {
		t.Fatalf("%d training records, want 12", len(labels))
	}
	classes := []string{"n01", "n02", "n03"}
	for i := range labels {
		c, n := i%3, nameOrder[i/3]
		if labels[i] != c {
			t.Errorf("record %d: label %d, want %d", i, labels[i], c)
		}
		file := fmt.Sprintf("%s_%d.JPEG", classes[c], n)
		if want, ok := folderPix[file]; !ok || !bytes.Equal(pix[i], want) {
			t.Errorf("record %d: pixels differ from the folder set's decode of %s", i, file)
		}
		if !nearColour(pix[i], tinyColour(c, n)) {
			t.Errorf("record %d: not the colour of %s", i, file)
		}
	}

	// Val records: val_annotations.txt's order and labels.
	labels, pix = tinyRecords(t, filepath.Join(dst, "test_batch.bin"))
	wantLabels := []int{1, 0, 2, 0, 2, 1}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("val labels %v, want %v", labels, wantLabels)
	}
	for k := range pix {
		if k < len(wantLabels) && !nearColour(pix[k], tinyColour(wantLabels[k], 20+k)) {
			t.Errorf("val record %d is not val_%d.JPEG", k, k)
		}
	}

	meta, _ := os.ReadFile(filepath.Join(dst, "batches.meta.txt"))
	if string(meta) != "n01\nn02\nn03\n" {
		t.Errorf("batches.meta.txt %q", meta)
	}
	words, _ := os.ReadFile(filepath.Join(dst, "class_words.txt"))
	if want := "n01\tgoldfish, Carassius auratus\nn02\ttabby, tabby cat\nn03\tn03\n"; string(words) != want {
		t.Errorf("class_words.txt %q, want %q", words, want)
	}

	// The tree itself may be named too, and a second conversion into the
	// same folder is refused.
	err = ConvertTinyImageNet(root, dst, ConvertOptions{})
	if err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("converting into an existing folder: %v", err)
	}
}

func TestConvertTinyImageNetErrors(t *testing.T) {
	tests := []struct {
		name  string
		tree  func(tt *tinyTree) // changes the tree before it is written
		after func(root string)  // changes the written tree
		want  string             // in the error
		noSrc bool               // convert a folder with no tree
	}{
		{name: "no tree", noSrc: true, want: "holds no Tiny-ImageNet tree, expected train/ and val/"},
		{name: "class without images", after: func(root string) {
			os.MkdirAll(filepath.Join(root, "train", "n04", "images"), 0o755)
		}, want: "n04/images holds no JPEG images"},
		{name: "class without images folder", after: func(root string) {
			os.MkdirAll(filepath.Join(root, "train", "n04"), 0o755)
		}, want: "n04/images"},
		{name: "one class", tree: func(tt *tinyTree) { tt.classes = tt.classes[:1]; tt.val = []string{"v.JPEG\tn03"} },
			want: "has 1 class folders, expected 2 to 256"},
		{name: "unknown wnid", tree: func(tt *tinyTree) { tt.val[3] = "val_3.JPEG\tn77\t0\t0\t1\t1" },
			want: `val_annotations.txt line 4: WordNet id "n77" is not a class of train/`},
		{name: "path in the name", tree: func(tt *tinyTree) { tt.val[0] = "../../train/n01/images/n01_0.JPEG\tn01" },
			want: `line 1: file name "../../train/n01/images/n01_0.JPEG", expected an image's name in val/images`},
		{name: "not an image name", tree: func(tt *tinyTree) { tt.val[0] = "notes.txt\tn01" },
			want: `line 1: file name "notes.txt"`},
		{name: "duplicate", tree: func(tt *tinyTree) { tt.val[5] = "val_1.JPEG\tn02" },
			want: "line 6: val_1.JPEG is listed twice"},
		{name: "missing tab", tree: func(tt *tinyTree) { tt.val[2] = "val_2.JPEG n03 0 0 63 63" },
			want: `line 3: "val_2.JPEG n03 0 0 63 63", expected a file name and a WordNet id separated by a tab`},
		{name: "no val lines", tree: func(tt *tinyTree) { tt.val = nil },
			want: "lists no images, expected the val split's labels"},
		{name: "no annotations", after: func(root string) {
			os.Remove(filepath.Join(root, "val", "val_annotations.txt"))
		}, want: "val_annotations.txt: no such file"},
		{name: "unreadable training JPEG", after: func(root string) {
			os.WriteFile(filepath.Join(root, "train", "n02", "images", "n02_10.JPEG"), []byte("\xff\xd8 not really"), 0o644)
		}, want: "n02_10.JPEG: unreadable image"},
		{name: "val image missing", after: func(root string) {
			os.Remove(filepath.Join(root, "val", "images", "val_4.JPEG"))
		}, want: "val_4.JPEG: no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tt := defaultTinyTree()
			if tc.tree != nil {
				tc.tree(&tt)
			}
			src := t.TempDir()
			if !tc.noSrc {
				root := tt.write(t, src)
				if tc.after != nil {
					tc.after(root)
				}
			}
			out := t.TempDir()
			dst := filepath.Join(out, "set")
			err := ConvertTinyImageNet(src, dst, ConvertOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			// Whole or not at all: nothing lands beside dst either.
			if names := entries(t, out); len(names) != 0 {
				t.Errorf("a failed conversion left %v", names)
			}
		})
	}
}

func TestConvertTinyImageNetCancelled(t *testing.T) {
	root := defaultTinyTree().write(t, t.TempDir())
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ConvertTinyImageNet(root, filepath.Join(out, "set"), ConvertOptions{Context: ctx})
	if err == nil || !strings.Contains(err.Error(), "converting stopped: context canceled") {
		t.Fatalf("error %v", err)
	}
	if names := entries(t, out); len(names) != 0 {
		t.Errorf("a cancelled conversion left %v", names)
	}
}

func TestParseValAnnotations(t *testing.T) {
	wnids := []string{"n01", "n02"}
	tests := []struct {
		name, text string
		want       []tinyImage // paths relative to "img"
		err        string
	}{
		{"official", "val_0.JPEG\tn02\t0\t32\t44\t62\nval_1.JPEG\tn01\t52\t55\t57\t59\n",
			[]tinyImage{{"val_0.JPEG", 1}, {"val_1.JPEG", 0}}, ""},
		{"CRLF, blank lines, spaces round fields", "\r\n val_0.JPEG \t n01 \r\n\n", []tinyImage{{"val_0.JPEG", 0}}, ""},
		{"no boxes", "a.jpg\tn02", []tinyImage{{"a.jpg", 1}}, ""},
		{"empty", "", nil, "lists no images"},
		{"space instead of tab", "val_0.JPEG n01", nil, "line 1"},
		{"absolute", "/etc/passwd.png\tn01", nil, "expected an image's name in val/images"},
		{"dot-dot", "..\tn01", nil, "expected an image's name"},
		{"hidden", ".x.JPEG\tn01", nil, "expected an image's name"},
		{"empty name", "\tn01", nil, "expected an image's name"},
		{"unknown id", "a.JPEG\tn03", nil, `WordNet id "n03" is not a class`},
		{"empty id", "a.JPEG\t", nil, `WordNet id ""`},
		{"twice", "a.JPEG\tn01\nb.JPEG\tn01\na.JPEG\tn02", nil, "line 3: a.JPEG is listed twice"},
		{"long line clipped", strings.Repeat("x", 200) + ".JPEG n01", nil, "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseValAnnotations(strings.NewReader(tt.text), "val_annotations.txt", "img", wnids)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "tiny-imagenet: val_annotations.txt") {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].path = filepath.Join("img", tt.want[i].path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
