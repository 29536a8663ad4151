package data

import (
	"fmt"
	"os"
	"path/filepath"
)

// pickledSpec describes a CIFAR set in the Python (pickle) layout that
// torchvision downloads: each batch file a dict with "data", a uint8 NumPy
// array of N x 3072 (CHW planes, like the binary layout), and a list of
// labels.
type pickledSpec struct {
	name      string
	trainGlob string
	testFile  string
	metaFile  string
	labelKey  string // key of the labels list in a batch dict
	namesKey  string // key of the class names list in the meta dict
	classes   int    // class count when the meta file is missing
}

func pickledCIFAR10() pickledSpec {
	return pickledSpec{name: "cifar10", trainGlob: "data_batch_[0-9]*", testFile: "test_batch",
		metaFile: "batches.meta", labelKey: "labels", namesKey: "label_names", classes: 10}
}

func pickledCIFAR100(coarse bool) pickledSpec {
	s := pickledSpec{name: "cifar100", trainGlob: "train", testFile: "test", metaFile: "meta",
		labelKey: "fine_labels", namesKey: "fine_label_names", classes: 100}
	if coarse {
		s.labelKey, s.namesKey, s.classes = "coarse_labels", "coarse_label_names", 20
	}
	return s
}

// openPickled opens split of a set in the CIFAR Python layout in root.
func openPickled(spec pickledSpec, root, split string, holdOut float64) (Dataset, error) {
	classes, err := readPickledNames(root, spec)
	if err != nil {
		return nil, err
	}
	train, _ := filepath.Glob(filepath.Join(root, spec.trainGlob))
	sortBatchFiles(train)
	name := spec.name + "/" + split
	test := filepath.Join(root, spec.testFile)
	_, statErr := os.Stat(test)
	hasTest := statErr == nil
	files := train
	if hasTest && split == "eval" {
		files = []string{test}
	}
	var chunks []chunk
	total := 0
	for _, f := range files {
		c, err := readPickledBatch(f, spec, len(classes))
		if err != nil {
			return nil, err
		}
		chunks = append(chunks, c)
		total += len(c.labels)
	}
	if hasTest {
		return newMemSet(name, classes, 32, 32, chunks, 0, total), nil
	}
	// No official test file: hold out the last records, as openBinary does.
	held := int(float64(total) * holdOut)
	if held < 1 || held >= total {
		return nil, fmt.Errorf("%s: holding out %.3g of %d records leaves an empty split", spec.name, holdOut, total)
	}
	if split == "eval" {
		return newMemSet(name, classes, 32, 32, chunks, total-held, total), nil
	}
	return newMemSet(name, classes, 32, 32, chunks, 0, total-held), nil
}

// readPickledBatch reads one pickled batch file and checks its shape and
// labels.
func readPickledBatch(path string, spec pickledSpec, numClasses int) (chunk, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return chunk{}, err
	}
	v, err := unpickle(raw)
	if err != nil {
		return chunk{}, fmt.Errorf("%s: %w", path, err)
	}
	d, ok := v.(*pyDict)
	if !ok {
		return chunk{}, fmt.Errorf("%s: holds %s, expected a dict with data and %s", path, pyTypeName(v), spec.labelKey)
	}
	dataV, ok := d.m["data"]
	if !ok {
		return chunk{}, fmt.Errorf("%s: no \"data\" entry, expected a CIFAR batch", path)
	}
	arr, err := pyAsNDArray(dataV)
	if err != nil {
		return chunk{}, fmt.Errorf("%s: data: %w", path, err)
	}
	if arr.dtype != "u1" {
		return chunk{}, fmt.Errorf("%s: data is a NumPy array of %s, expected uint8", path, arr.dtype)
	}
	n := 0
	if len(arr.shape) > 0 {
		n = arr.shape[0]
	}
	if n == 0 || len(arr.data) != n*cifarPixels {
		return chunk{}, fmt.Errorf("%s: data has shape %v, expected (N, 3072)", path, arr.shape)
	}
	labelsV, ok := d.m[spec.labelKey]
	if !ok {
		return chunk{}, fmt.Errorf("%s: no %q entry, expected a CIFAR batch", path, spec.labelKey)
	}
	var ls []int64
	switch l := labelsV.(type) {
	case *pyList:
		for i, x := range l.items {
			v, ok := x.(int64)
			if !ok {
				return chunk{}, fmt.Errorf("%s: %s[%d] is %s, expected an int", path, spec.labelKey, i, pyTypeName(x))
			}
			ls = append(ls, v)
		}
	default:
		a, err := pyAsNDArray(labelsV)
		if err != nil {
			return chunk{}, fmt.Errorf("%s: %s: %w", path, spec.labelKey, err)
		}
		ls = a.ints()
	}
	if len(ls) != n {
		return chunk{}, fmt.Errorf("%s: %d labels for %d images, expected one each", path, len(ls), n)
	}
	labels := make([]uint16, n)
	for i, l := range ls {
		if l < 0 || l >= int64(numClasses) {
			return chunk{}, fmt.Errorf("%s: record %d has label %d, expected 0..%d (%d classes)", path, i, l, numClasses-1, numClasses)
		}
		labels[i] = uint16(l)
	}
	return chunk{file: path, raw: arr.data, stride: cifarPixels, labels: labels}, nil
}

// readPickledNames reads the class names from the meta file, or makes
// default names when there is none.
func readPickledNames(root string, spec pickledSpec) ([]string, error) {
	path := filepath.Join(root, spec.metaFile)
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		if spec.name == "cifar10" {
			return cifar10Names[:], nil
		}
		return numberedClasses(spec.classes), nil
	}
	if err != nil {
		return nil, err
	}
	v, err := unpickle(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d, ok := v.(*pyDict)
	if !ok {
		return nil, fmt.Errorf("%s: holds %s, expected a dict with %s", path, pyTypeName(v), spec.namesKey)
	}
	l, ok := d.m[spec.namesKey].(*pyList)
	if !ok || len(l.items) == 0 {
		return nil, fmt.Errorf("%s: no %s list, expected the class names", path, spec.namesKey)
	}
	names := make([]string, len(l.items))
	for i, x := range l.items {
		if names[i], ok = pyAsString(x); !ok {
			return nil, fmt.Errorf("%s: %s[%d] is %s, expected a string", path, spec.namesKey, i, pyTypeName(x))
		}
	}
	return names, nil
}
