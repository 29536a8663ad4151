package data

import "fmt"

// SplitReport counts one split's records.
type SplitReport struct {
	Split    string
	Records  int
	PerClass []int // records per class, indexed by label
}

// Report is what Verify found: the set's classes, record counts per split and
// per class, and the first problem, if any.
type Report struct {
	Dataset string
	Classes []string
	Splits  []SplitReport
	// Problem is the first problem found; nil when the set is sound.
	Problem error
	// Note says what part of a larger set the files are, when that is
	// known (Tiny-ImageNet-32: all of it, or some of its training files).
	Note string
}

// Verify opens both splits of a set and reads every record, counting
// records per class and stopping at the first problem: a file that does not
// open, a record that does not read, a label out of range, or splits that
// disagree on the classes. For Tiny-ImageNet-32 it also checks that the
// files are all of the set or a whole part of it (checkTinyImageNet).
func Verify(name, dir string, opt OpenOptions) Report {
	rep := verifyRecords(name, dir, opt)
	if name == "tiny-imagenet-32" && rep.Problem == nil {
		checkTinyImageNet(dir, &rep, tinyOfficial)
	}
	return rep
}

// verifyRecords is Verify without the checks of one set's layout.
func verifyRecords(name, dir string, opt OpenOptions) Report {
	rep := Report{Dataset: name}
	for _, split := range []string{"train", "eval"} {
		ds, err := Open(name, dir, split, opt)
		if err != nil {
			rep.Problem = err
			return rep
		}
		classes := ds.Classes()
		if rep.Classes == nil {
			rep.Classes = classes
		} else if len(classes) != len(rep.Classes) {
			rep.Problem = fmt.Errorf("%s has %d classes but the train split %d", ds.Name(), len(classes), len(rep.Classes))
			return rep
		}
		h, w := ds.Size()
		buf := make([]byte, 3*h*w)
		sr := SplitReport{Split: split, Records: ds.Len(), PerClass: make([]int, len(classes))}
		for i := range ds.Len() {
			label, err := ds.Record(i, buf)
			if err == nil && (label < 0 || label >= len(classes)) {
				err = fmt.Errorf("%s: record %d has label %d, expected 0..%d", ds.Name(), i, label, len(classes)-1)
			}
			if err != nil {
				rep.Splits = append(rep.Splits, sr)
				rep.Problem = err
				return rep
			}
			sr.PerClass[label]++
		}
		rep.Splits = append(rep.Splits, sr)
	}
	return rep
}
