package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Tiny-ImageNet's official counts, which a full conversion keeps.
const (
	tinyTrainFiles    = 10  // data_batch_1.bin ... data_batch_10.bin
	tinyTrainPerClass = 500 // training images a class
	tinyValPerClass   = 50  // labelled val images a class
)

// checkTinyImageNet says in rep.Note how much of Tiny-ImageNet the folder
// holds, and sets rep.Problem when it is not a whole part of it. A full
// conversion ('adaptformer data download tiny-imagenet') is data_batch_1.bin
// to data_batch_10.bin of 10,000 records, 500 a class, and test_batch.bin
// with the 10,000 val images, 50 a class. A subset (../shared/datasets
// holds 2 files) is data_batch_1.bin to data_batch_K.bin, 10,000 records
// in each but the last, its eval split held out from them. A numbered file missing, or a
// file of another size, means a copy went wrong.
func checkTinyImageNet(dir string, rep *Report) {
	spec := tinyImageNetSpec()
	root, ok := locate(dir, spec.trainGlob, spec.folder)
	if !ok {
		return // Open has said so already
	}
	train, _ := filepath.Glob(filepath.Join(root, spec.trainGlob))
	sortBatchFiles(train)
	recSize := spec.labelBytes + cifarPixels
	for i, f := range train {
		want := fmt.Sprintf("data_batch_%d.bin", i+1)
		if filepath.Base(f) != want {
			rep.Problem = fmt.Errorf("%s: %s is missing before %s, expected data_batch_1.bin to data_batch_%d.bin with none left out",
				root, want, filepath.Base(f), len(train))
			return
		}
		n, err := binRecordCount(f, recSize)
		if err != nil {
			rep.Problem = err
			return
		}
		if n != tinyRecordsPerFile && i < len(train)-1 {
			rep.Problem = fmt.Errorf("%s: %d records, expected %d as in every Tiny-ImageNet-32 file but the last", f, n, tinyRecordsPerFile)
			return
		}
	}
	if len(train) > tinyTrainFiles {
		rep.Problem = fmt.Errorf("%s: %d training files, expected at most %d (Tiny-ImageNet has %d training images)",
			root, len(train), tinyTrainFiles, tinyTrainFiles*tinyRecordsPerFile)
		return
	}
	test := ""
	for _, t := range spec.testFiles {
		if _, err := os.Stat(filepath.Join(root, t)); err == nil {
			test = t
			break
		}
	}
	if test == "" {
		rep.Note = fmt.Sprintf("a part of Tiny-ImageNet: %d of its %d training files, the eval split held out from them ('adaptformer data download tiny-imagenet' brings all of it)",
			len(train), tinyTrainFiles)
		return
	}
	if len(train) != tinyTrainFiles {
		rep.Problem = fmt.Errorf("%s: %d training files beside %s, expected the %d of a full conversion", root, len(train), test, tinyTrainFiles)
		return
	}
	for _, s := range rep.Splits {
		want, what := tinyTrainPerClass, "training"
		if s.Split == "eval" {
			want, what = tinyValPerClass, "val ("+test+")"
		}
		for label, n := range s.PerClass {
			if n != want {
				rep.Problem = fmt.Errorf("%s: class %d (%s) has %d %s images, expected %d as in Tiny-ImageNet",
					root, label, rep.Classes[label], n, what, want)
				return
			}
		}
	}
	rep.Note = "all of Tiny-ImageNet: " + thousands(tinyTrainFiles*tinyRecordsPerFile) + " training images in " +
		strconv.Itoa(tinyTrainFiles) + " files, the " + thousands(tinyValPerClass*len(rep.Classes)) + " labelled val images as the eval split"
}

// thousands writes n with comma separators: 100000 -> "100,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
