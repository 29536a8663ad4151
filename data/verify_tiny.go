package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tinyLayout is what a full conversion of Tiny-ImageNet holds.
type tinyLayout struct {
	files         int // data_batch_1.bin ... data_batch_<files>.bin
	perFile       int // records in each
	trainPerClass int // training images a class
	valPerClass   int // labelled val images a class, in test_batch.bin
}

// tinyOfficial is Tiny-ImageNet's layout, as ConvertTinyImageNet writes it.
var tinyOfficial = tinyLayout{files: 10, perFile: tinyRecordsPerFile, trainPerClass: 500, valPerClass: 50}

// checkTinyImageNet says in rep.Note how much of Tiny-ImageNet the folder
// of a verified report holds, and sets rep.Problem when it is not a whole
// part of it. A full conversion ('adaptformer data download tiny-imagenet')
// is want.files files of want.perFile records, want.trainPerClass a class,
// and test_batch.bin with want.valPerClass val images a class. A subset
// (../shared/datasets holds 2 files) is data_batch_1.bin to
// data_batch_K.bin, full but for the last, its eval split held out from
// them. A numbered file missing, or one short, means a copy went wrong.
func checkTinyImageNet(dir string, rep *Report, want tinyLayout) {
	spec := tinyImageNetSpec()
	root, ok := locate(dir, spec.trainGlob, spec.folder)
	if !ok {
		return // Open has said so already
	}
	train, _ := filepath.Glob(filepath.Join(root, spec.trainGlob))
	sortBatchFiles(train)
	recSize := spec.labelBytes + cifarPixels
	for i, f := range train {
		name := fmt.Sprintf("data_batch_%d.bin", i+1)
		if filepath.Base(f) != name {
			rep.Problem = fmt.Errorf("%s: %s is missing before %s, expected data_batch_1.bin to data_batch_%d.bin with none left out",
				root, name, filepath.Base(f), len(train))
			return
		}
		n, err := binRecordCount(f, recSize)
		if err != nil {
			rep.Problem = err
			return
		}
		if n != want.perFile && i < len(train)-1 {
			rep.Problem = fmt.Errorf("%s: %d records, expected %d as in every Tiny-ImageNet-32 file but the last", f, n, want.perFile)
			return
		}
	}
	if len(train) > want.files {
		rep.Problem = fmt.Errorf("%s: %d training files, expected at most %d (Tiny-ImageNet has %d training images)",
			root, len(train), want.files, want.files*want.perFile)
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
			len(train), want.files)
		return
	}
	if len(train) != want.files {
		rep.Problem = fmt.Errorf("%s: %d training files beside %s, expected the %d of a full conversion", root, len(train), test, want.files)
		return
	}
	for _, s := range rep.Splits {
		per, what := want.trainPerClass, "training"
		if s.Split == "eval" {
			per, what = want.valPerClass, "val ("+test+")"
		}
		for label, n := range s.PerClass {
			if n != per {
				rep.Problem = fmt.Errorf("%s: class %d (%s) has %d %s images, expected %d as in Tiny-ImageNet",
					root, label, rep.Classes[label], n, what, per)
				return
			}
		}
	}
	rep.Note = "all of Tiny-ImageNet: " + thousands(want.files*want.perFile) + " training images in " +
		strconv.Itoa(want.files) + " files, the " + thousands(want.valPerClass*len(rep.Classes)) + " labelled val images as the eval split"
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
