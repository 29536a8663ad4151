package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// TinyImageNetTree is the folder the official Tiny-ImageNet archive
// unpacks to: train/<wnid>/images/*.JPEG (500 images a class, 64x64),
// val/images/*.JPEG with their labels in val/val_annotations.txt, and
// words.txt naming every WordNet id.
const TinyImageNetTree = "tiny-imagenet-200"

// tinyRecordsPerFile is how many records each converted batch file holds,
// as in CIFAR's files.
const tinyRecordsPerFile = 10_000

// ConvertOptions tune ConvertTinyImageNet.
type ConvertOptions struct {
	// Size is the converted images' height and width; 0 means 32.
	Size int
	// Progress, when set, receives a line now and then while images are
	// decoded.
	Progress io.Writer
	// Workers is the number of decoding goroutines; 0 means GOMAXPROCS.
	Workers int
	// Context, when set, stops the conversion once it is cancelled (an
	// interrupted download command): dst is then not written.
	Context context.Context
}

// tinyImage is one image of the tree and its label.
type tinyImage struct {
	path  string
	label int
}

// ConvertTinyImageNet reads an unpacked Tiny-ImageNet tree (src is the
// tiny-imagenet-200 folder or the folder holding it) and writes it to dst
// in the CIFAR-10 binary layout that the tiny-imagenet-32 set reads:
// data_batch_1.bin ... with the training images, test_batch.bin with the
// labelled val split (the set's test split), batches.meta.txt with the
// WordNet ids in label order and class_words.txt with their words.
//
// The classes are the folders of train/ in name order (the archive's own
// wnids.txt is not trusted: copies of the tree cut it down). Training
// records are interleaved by class (record i is image i/C of class i%C, in
// file-name order), so every file, and the last tenth a run holds out for
// choosing settings, is balanced; val records keep the order of
// val_annotations.txt. Images are reduced to Size x Size as the folder set
// reduces them (the centred square, Pillow-style antialiased bilinear).
//
// dst is written whole or not at all: the files go to a temporary folder
// beside it that is renamed into place at the end, and a dst that exists
// already is refused.
func ConvertTinyImageNet(src, dst string, opt ConvertOptions) error {
	size := opt.Size
	if size == 0 {
		size = 32
	}
	if size < 1 || size > 256 {
		return fmt.Errorf("tiny-imagenet: image size %d, expected 1 to 256 pixels", size)
	}
	root, err := findTinyTree(src)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("tiny-imagenet: %s exists already: remove it or convert into another folder", dst)
	}
	wnids, train, err := tinyTrainImages(root)
	if err != nil {
		return err
	}
	val, err := tinyValImages(root, wnids)
	if err != nil {
		return err
	}
	words, err := tinyWords(root, wnids)
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dst)), "."+filepath.Base(dst)+".partial-")
	if err != nil {
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	defer os.RemoveAll(tmp)                      // a no-op after the rename
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	recSize := 1 + 3*size*size
	total := len(train) + len(val)
	var done atomic.Int64
	report := func() {
		if opt.Progress == nil {
			return
		}
		if n := done.Add(1); n%10_000 == 0 || int(n) == total {
			fmt.Fprintf(opt.Progress, "tiny-imagenet: %d of %d images converted\n", n, total)
		}
	}
	for f, lo := 1, 0; lo < len(train); f, lo = f+1, lo+tinyRecordsPerFile {
		hi := min(lo+tinyRecordsPerFile, len(train))
		name := filepath.Join(tmp, fmt.Sprintf("data_batch_%d.bin", f))
		if err := writeTinyRecords(ctx, name, train[lo:hi], size, recSize, opt.Workers, report); err != nil {
			return err
		}
	}
	if len(val) > 0 {
		if err := writeTinyRecords(ctx, filepath.Join(tmp, "test_batch.bin"), val, size, recSize, opt.Workers, report); err != nil {
			return err
		}
	}
	if err := writeLines(filepath.Join(tmp, "batches.meta.txt"), wnids); err != nil {
		return err
	}
	lines := make([]string, len(wnids))
	for i, id := range wnids {
		lines[i] = id + "\t" + words[id]
	}
	if err := writeLines(filepath.Join(tmp, "class_words.txt"), lines); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	return syncDir(filepath.Dir(filepath.Clean(dst)))
}

// findTinyTree returns the tree's root: dir itself when it holds train/
// and val/, else dir/tiny-imagenet-200.
func findTinyTree(dir string) (string, error) {
	for _, root := range []string{dir, filepath.Join(dir, TinyImageNetTree)} {
		if isDir(filepath.Join(root, "train")) && isDir(filepath.Join(root, "val")) {
			return root, nil
		}
	}
	return "", fmt.Errorf("tiny-imagenet: %s holds no Tiny-ImageNet tree, expected train/ and val/ in it or in %s/ under it", dir, TinyImageNetTree)
}

// tinyTrainImages lists the training images: the classes are train/'s
// folders in name order, each with its images/*.JPEG in name order, and the
// result is interleaved by class.
func tinyTrainImages(root string) ([]string, []tinyImage, error) {
	dir := filepath.Join(root, "train")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("tiny-imagenet: %w", err)
	}
	var wnids []string
	var perClass [][]string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		files, err := imageFiles(filepath.Join(dir, e.Name(), "images"))
		if err != nil {
			return nil, nil, err
		}
		if len(files) == 0 {
			return nil, nil, fmt.Errorf("tiny-imagenet: %s holds no JPEG images, expected a class's training images", filepath.Join(dir, e.Name(), "images"))
		}
		wnids = append(wnids, e.Name())
		perClass = append(perClass, files)
	}
	if len(wnids) < 2 || len(wnids) > 256 {
		return nil, nil, fmt.Errorf("tiny-imagenet: %s has %d class folders, expected 2 to 256 (200 in the official set; a label is one byte)", dir, len(wnids))
	}
	var out []tinyImage
	for j := 0; ; j++ {
		added := false
		for c, files := range perClass {
			if j < len(files) {
				out = append(out, tinyImage{files[j], c})
				added = true
			}
		}
		if !added {
			break
		}
	}
	return wnids, out, nil
}

// imageFiles lists the .JPEG (or .jpg, .png) files of dir in name order.
func imageFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("tiny-imagenet: %w", err)
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && isImageName(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

func isImageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpeg", ".jpg", ".png":
		return !strings.HasPrefix(name, ".")
	}
	return false
}

// tinyValImages reads val/val_annotations.txt: a line per image, its file
// name and WordNet id first, tab-separated (the box coordinates after them
// are not used).
func tinyValImages(root string, wnids []string) ([]tinyImage, error) {
	path := filepath.Join(root, "val", "val_annotations.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tiny-imagenet: %w", err)
	}
	defer f.Close()
	return parseValAnnotations(f, path, filepath.Join(root, "val", "images"), wnids)
}

// parseValAnnotations parses val_annotations.txt from r (named path in
// errors) against the training classes.
func parseValAnnotations(r io.Reader, path, imageDir string, wnids []string) ([]tinyImage, error) {
	label := make(map[string]int, len(wnids))
	for i, id := range wnids {
		label[id] = i
	}
	seen := make(map[string]bool)
	var out []tinyImage
	s := bufio.NewScanner(r)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimRight(s.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 2 {
			return nil, fmt.Errorf("tiny-imagenet: %s line %d: %q, expected a file name and a WordNet id separated by a tab", path, n, clip(line))
		}
		name, id := strings.TrimSpace(fields[0]), strings.TrimSpace(fields[1])
		if name == "" || name != filepath.Base(name) || name == "." || name == ".." || !isImageName(name) {
			return nil, fmt.Errorf("tiny-imagenet: %s line %d: file name %q, expected an image's name in val/images", path, n, clip(name))
		}
		c, ok := label[id]
		if !ok {
			return nil, fmt.Errorf("tiny-imagenet: %s line %d: WordNet id %q is not a class of train/", path, n, clip(id))
		}
		if seen[name] {
			return nil, fmt.Errorf("tiny-imagenet: %s line %d: %s is listed twice", path, n, name)
		}
		seen[name] = true
		out = append(out, tinyImage{filepath.Join(imageDir, name), c})
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("tiny-imagenet: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("tiny-imagenet: %s lists no images, expected the val split's labels", path)
	}
	return out, nil
}

// clip shortens text quoted in an error.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// tinyWords reads words.txt (WordNet id, a tab, its words) for the classes;
// a class it does not name keeps its id.
func tinyWords(root string, wnids []string) (map[string]string, error) {
	words := make(map[string]string, len(wnids))
	for _, id := range wnids {
		words[id] = id
	}
	lines, err := readLines(filepath.Join(root, "words.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		return words, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tiny-imagenet: %w", err)
	}
	for _, l := range lines {
		id, w, ok := strings.Cut(l, "\t")
		if _, want := words[id]; ok && want && strings.TrimSpace(w) != "" {
			words[id] = strings.TrimSpace(w)
		}
	}
	return words, nil
}

// writeTinyRecords decodes imgs in parallel and writes them to path as
// CIFAR binary records; it stops early when ctx is cancelled.
func writeTinyRecords(ctx context.Context, path string, imgs []tinyImage, size, recSize, workers int, report func()) error {
	buf := make([]byte, len(imgs)*recSize)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(imgs) || errs[w] != nil {
					return
				}
				if ctx.Err() != nil {
					next.Store(int64(len(imgs)))
					return
				}
				rec := buf[i*recSize : (i+1)*recSize]
				rec[0] = byte(imgs[i].label)
				if err := decodeImageFile(imgs[i].path, size, rec[1:]); err != nil {
					errs[w] = fmt.Errorf("tiny-imagenet: %w", err)
					next.Store(int64(len(imgs)))
					return
				}
				report()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("tiny-imagenet: converting stopped: %w", err)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return writeFileSync(path, buf)
}

// writeLines writes lines to path, one a line.
func writeLines(path string, lines []string) error {
	return writeFileSync(path, []byte(strings.Join(lines, "\n")+"\n"))
}

// writeFileSync writes b to path and syncs it.
func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("tiny-imagenet: %w", err)
	}
	return nil
}
