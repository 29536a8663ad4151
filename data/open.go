package data

import (
	"fmt"
	"strings"
)

// OpenOptions tune how Open reads a set. The zero value is the default for
// every set.
type OpenOptions struct {
	// Seed drives the synthetic sets' images.
	Seed uint64
	// Samples is the record count of the opened split of a synthetic set;
	// 0 means the default (50,000 pretrain / 10,000 transfer training
	// images, 2,000 for either eval split).
	Samples int
	// Coarse selects CIFAR-100's 20 coarse labels instead of the 100 fine
	// ones.
	Coarse bool
	// HoldOut is the fraction of the training records that becomes the
	// "eval" split when a set has no official test file; 0 means
	// DefaultHoldOut. The held-out records are the last ones in file order,
	// so the split is the same every time.
	HoldOut float64
	// ImageSize is the height and width the folder set resizes its images
	// to when it reads them; 0 means 32.
	ImageSize int
}

// setInfo describes one name Open accepts.
type setInfo struct {
	name, about string
}

func sets() []setInfo {
	return []setInfo{
		{"synthetic-pretrain", "built in: 44 classes of drawn shapes, textures and warm or cool colours (no files)"},
		{"synthetic-transfer", "built in: 10 new shape-texture combinations, colour uninformative (no files)"},
		{"cifar10", "CIFAR-10, binary (cifar-10-batches-bin) or Python (cifar-10-batches-py) layout"},
		{"cifar100", "CIFAR-100, binary (cifar-100-binary) or Python (cifar-100-python) layout; fine labels"},
		{"tiny-imagenet-32", "Tiny-ImageNet downsampled to 32x32 in the CIFAR-10 binary layout, 200 classes; all of it (100,000 train, 10,000 val) from 'data download tiny-imagenet'"},
		{"folder", "one sub-folder per class of PNG or JPEG images, resized on reading"},
	}
}

// Names lists the dataset names Open accepts.
func Names() []string {
	var names []string
	for _, s := range sets() {
		names = append(names, s.name)
	}
	return names
}

// Describe returns a one-line description of a dataset name, or "" for a
// name Open does not accept.
func Describe(name string) string {
	for _, s := range sets() {
		if s.name == name {
			return s.about
		}
	}
	return ""
}

// Classes returns how many classes the named set has when that is known
// without reading its files: the synthetic sets, and CIFAR-10, CIFAR-100
// (fine labels, or the coarse ones with opt.Coarse) and Tiny-ImageNet-32 as
// their standard files define them. It is false for a folder set, whose
// classes are its sub-folders, and for an unknown name.
func Classes(name string, opt OpenOptions) (int, bool) {
	switch name {
	case "synthetic-pretrain":
		return len(synthClasses(synthPretrain)), true
	case "synthetic-transfer":
		return len(synthClasses(synthTransfer)), true
	case "cifar10":
		return cifar10Spec().defClasses, true
	case "cifar100":
		return cifar100Spec(opt.Coarse).defClasses, true
	case "tiny-imagenet-32":
		return tinyImageNetSpec().defClasses, true
	}
	return 0, false
}

// Open returns the split ("train" or "eval") of the named set, reading its
// files from dir (ignored by the synthetic sets). dir may be the set's own
// folder or the folder holding it, e.g. both ~/data and
// ~/data/cifar-10-batches-bin work for cifar10.
//
// When a set has its official test file, "eval" is that file. When it has
// only training files, as the sets in ../shared/datasets do, "eval" is the
// last HoldOut fraction of the training records in file order (10% by
// default) and "train" the rest. For the folder set, "eval" is the val, test
// or eval sub-folder when the folder has train and one of those, and
// otherwise every tenth image of each class in name order.
//
// When a folder holds both the binary and the Python layout of a CIFAR set,
// the binary one is read. An empty dir means the working directory.
func Open(name, dir, split string, opt OpenOptions) (Dataset, error) {
	if split != "train" && split != "eval" {
		return nil, fmt.Errorf("dataset %s: unknown split %q, expected train or eval", name, split)
	}
	holdOut := opt.HoldOut
	if holdOut == 0 {
		holdOut = DefaultHoldOut
	}
	if holdOut <= 0 || holdOut >= 1 {
		return nil, fmt.Errorf("dataset %s: hold-out fraction %g, expected a number between 0 and 1", name, opt.HoldOut)
	}
	if opt.Samples < 0 {
		return nil, fmt.Errorf("dataset %s: %d samples, expected a positive count (or 0 for the default)", name, opt.Samples)
	}
	if dir == "" {
		dir = "."
	}
	switch name {
	case "synthetic-pretrain":
		return newSynthetic(synthPretrain, split, opt.Seed, opt.Samples), nil
	case "synthetic-transfer":
		return newSynthetic(synthTransfer, split, opt.Seed, opt.Samples), nil
	case "cifar10":
		if _, ok := locate(dir, "data_batch_1.bin", "cifar-10-batches-bin"); !ok {
			if root, ok := locate(dir, "data_batch_1", "cifar-10-batches-py"); ok {
				return openPickled(pickledCIFAR10(), root, split, holdOut)
			}
		}
		return openBinary(cifar10Spec(), dir, split, holdOut)
	case "cifar100":
		if _, ok := locate(dir, "train.bin", "cifar-100-binary"); !ok {
			if root, ok := locate(dir, "train", "cifar-100-python"); ok {
				return openPickled(pickledCIFAR100(opt.Coarse), root, split, holdOut)
			}
		}
		return openBinary(cifar100Spec(opt.Coarse), dir, split, holdOut)
	case "tiny-imagenet-32":
		return openBinary(tinyImageNetSpec(), dir, split, holdOut)
	case "folder":
		size := opt.ImageSize
		if size == 0 {
			size = 32
		}
		if size < 0 {
			return nil, fmt.Errorf("dataset folder: image size %d, expected a positive number of pixels", size)
		}
		return openFolder(dir, split, size)
	}
	return nil, fmt.Errorf("unknown dataset %q, expected one of %s", name, strings.Join(Names(), ", "))
}
