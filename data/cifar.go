package data

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// cifarPixels is the size of one 32x32 RGB record's pixels.
const cifarPixels = 3 * 32 * 32

// DefaultHoldOut is the fraction of the training records that forms the
// "eval" split of a set whose official test file is absent.
const DefaultHoldOut = 0.1

// cifar10Names are the CIFAR-10 classes, used when batches.meta.txt is
// missing.
var cifar10Names = [...]string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}

// binSpec describes one set stored in the CIFAR binary layout.
type binSpec struct {
	name       string   // "cifar10"
	folder     string   // the archive's folder name, e.g. "cifar-10-batches-bin"
	trainGlob  string   // training files, e.g. "data_batch_*.bin"
	testFiles  []string // the official test file's possible names
	labelBytes int      // label bytes before each record's pixels
	labelIdx   int      // which of them is the label used
	metaFile   string   // class names, one a line
	defClasses int      // class count when metaFile is missing
}

func cifar10Spec() binSpec {
	return binSpec{name: "cifar10", folder: "cifar-10-batches-bin", trainGlob: "data_batch_*.bin",
		testFiles: []string{"test_batch.bin"}, labelBytes: 1, metaFile: "batches.meta.txt", defClasses: 10}
}

func tinyImageNetSpec() binSpec {
	return binSpec{name: "tiny-imagenet-32", folder: TinyImageNet32Folder, trainGlob: "data_batch_*.bin",
		testFiles: []string{"test_batch.bin", "val_batch.bin"}, labelBytes: 1, metaFile: "batches.meta.txt", defClasses: 200}
}

func cifar100Spec(coarse bool) binSpec {
	s := binSpec{name: "cifar100", folder: "cifar-100-binary", trainGlob: "train.bin",
		testFiles: []string{"test.bin"}, labelBytes: 2, labelIdx: 1, metaFile: "fine_label_names.txt", defClasses: 100}
	if coarse {
		s.labelIdx, s.metaFile, s.defClasses = 0, "coarse_label_names.txt", 20
	}
	return s
}

// locate returns the folder holding the set's files: dir itself when it
// holds a file matching marker, else dir/sub for the first sub that does.
func locate(dir, marker string, subs ...string) (string, bool) {
	if m, _ := filepath.Glob(filepath.Join(dir, marker)); len(m) > 0 {
		return dir, true
	}
	for _, s := range subs {
		d := filepath.Join(dir, s)
		if m, _ := filepath.Glob(filepath.Join(d, marker)); len(m) > 0 {
			return d, true
		}
	}
	return "", false
}

// batchNumber orders data_batch_2.bin before data_batch_10.bin.
var batchNumber = regexp.MustCompile(`(\d+)`)

func sortBatchFiles(files []string) {
	num := func(f string) int {
		m := batchNumber.FindAllString(filepath.Base(f), -1)
		if len(m) == 0 {
			return 0
		}
		n, _ := strconv.Atoi(m[len(m)-1])
		return n
	}
	sort.SliceStable(files, func(i, j int) bool { return num(files[i]) < num(files[j]) })
}

// openBinary opens split of a set in the CIFAR binary layout found in dir.
func openBinary(spec binSpec, dir, split string, holdOut float64) (*memSet, error) {
	root, ok := locate(dir, spec.trainGlob, spec.folder)
	if !ok {
		return nil, fmt.Errorf("%s: no %s in %s or %s: expected the CIFAR binary layout (run 'adaptformer data download %s')",
			spec.name, spec.trainGlob, dir, filepath.Join(dir, spec.folder), spec.name)
	}
	train, _ := filepath.Glob(filepath.Join(root, spec.trainGlob))
	sortBatchFiles(train)
	classes, err := readClassNames(root, spec)
	if err != nil {
		return nil, err
	}
	recSize := spec.labelBytes + cifarPixels
	name := spec.name + "/" + split

	var test string
	for _, t := range spec.testFiles {
		if _, err := os.Stat(filepath.Join(root, t)); err == nil {
			test = filepath.Join(root, t)
			break
		}
	}
	if test != "" {
		files := train
		if split == "eval" {
			files = []string{test}
		}
		chunks, err := readBinFiles(files, spec, recSize, len(classes))
		if err != nil {
			return nil, err
		}
		total := 0
		for _, c := range chunks {
			total += len(c.labels)
		}
		return newMemSet(name, classes, 32, 32, chunks, 0, total), nil
	}

	// No official test file: hold out the last part of the training
	// records, in file order. Count records from the file sizes so that a
	// split reads only the files it needs.
	counts := make([]int, len(train))
	total := 0
	for i, f := range train {
		n, err := binRecordCount(f, recSize)
		if err != nil {
			return nil, err
		}
		counts[i] = n
		total += n
	}
	held := int(float64(total) * holdOut)
	if held < 1 || held >= total {
		return nil, fmt.Errorf("%s: holding out %.3g of %d records leaves an empty split", spec.name, holdOut, total)
	}
	lo, hi := 0, total-held
	if split == "eval" {
		lo, hi = total-held, total
	}
	var files []string
	first := -1
	for i, start := 0, 0; i < len(train); start, i = start+counts[i], i+1 {
		if start+counts[i] > lo && start < hi {
			if first < 0 {
				first = start
			}
			files = append(files, train[i])
		}
	}
	chunks, err := readBinFiles(files, spec, recSize, len(classes))
	if err != nil {
		return nil, err
	}
	return newMemSet(name, classes, 32, 32, chunks, lo-first, hi-first), nil
}

// binRecordCount checks a binary file's size and returns its record count.
func binRecordCount(path string, recSize int) (int, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return 0, fmt.Errorf("%s: a directory, expected a file of %d-byte records", path, recSize)
	}
	return checkBinSize(path, st.Size(), recSize)
}

func checkBinSize(path string, size int64, recSize int) (int, error) {
	if size == 0 {
		return 0, fmt.Errorf("%s: empty file, expected records of %d bytes", path, recSize)
	}
	if size%int64(recSize) != 0 {
		return 0, fmt.Errorf("%s: %d bytes is not a whole number of %d-byte records (%d label bytes + %d pixel bytes): truncated or not this layout",
			path, size, recSize, recSize-cifarPixels, cifarPixels)
	}
	return int(size / int64(recSize)), nil
}

func readBinFiles(files []string, spec binSpec, recSize, numClasses int) ([]chunk, error) {
	chunks := make([]chunk, 0, len(files))
	for _, f := range files {
		c, err := readBinFile(f, spec, recSize, numClasses)
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, c)
	}
	return chunks, nil
}

// readBinFile reads one file of the CIFAR binary layout and checks its size
// and every label.
func readBinFile(path string, spec binSpec, recSize, numClasses int) (chunk, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return chunk{}, err
	}
	n, err := checkBinSize(path, int64(len(raw)), recSize)
	if err != nil {
		return chunk{}, err
	}
	labels := make([]uint16, n)
	for i := range labels {
		l := int(raw[i*recSize+spec.labelIdx])
		if l >= numClasses {
			return chunk{}, fmt.Errorf("%s: record %d has label %d, expected 0..%d (%d classes)", path, i, l, numClasses-1, numClasses)
		}
		labels[i] = uint16(l)
	}
	return chunk{file: path, raw: raw, stride: recSize, pixOff: spec.labelBytes, labels: labels}, nil
}

// readClassNames reads the set's class names from its meta file, or makes
// default names when there is none.
func readClassNames(root string, spec binSpec) ([]string, error) {
	names, err := readLines(filepath.Join(root, spec.metaFile))
	if errors.Is(err, fs.ErrNotExist) {
		if spec.name == "cifar10" {
			return cifar10Names[:], nil
		}
		return numberedClasses(spec.defClasses), nil
	}
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no class names, expected one a line", filepath.Join(root, spec.metaFile))
	}
	// The sets share file names (data_batch_1.bin is CIFAR-10's and
	// Tiny-ImageNet-32's): the class count tells one folder from another.
	if len(names) != spec.defClasses {
		return nil, fmt.Errorf("%s: %d class names, expected %d for %s (another dataset's folder?)",
			filepath.Join(root, spec.metaFile), len(names), spec.defClasses, spec.name)
	}
	// Tiny-ImageNet names its classes by WordNet id; class_words.txt, when
	// present, gives each a readable name.
	if words, err := readLines(filepath.Join(root, "class_words.txt")); err == nil {
		byID := make(map[string]string, len(words))
		for _, l := range words {
			id, w, ok := strings.Cut(l, "\t")
			if ok {
				w, _, _ = strings.Cut(w, ",")
				byID[id] = strings.TrimSpace(w)
			}
		}
		for i, n := range names {
			if w := byID[n]; w != "" {
				names[i] = w
			}
		}
	}
	return names, nil
}

// readLines returns a text file's non-empty lines, trimmed.
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if l := strings.TrimSpace(s.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lines, nil
}

func numberedClasses(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("class %d", i)
	}
	return names
}
