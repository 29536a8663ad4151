package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EvalSource says what Open's "eval" split of the named set in dir holds,
// without reading an image: test is true when it is the set's official test
// split (its test file, or the val, test or eval folder of an image folder)
// and false when it is held out of the training records; what describes it
// for people. The synthetic sets' eval images are drawn apart from their
// training images, so they count as a test split.
func EvalSource(name, dir string, opt OpenOptions) (test bool, what string, err error) {
	holdOut := opt.HoldOut
	if holdOut == 0 {
		holdOut = DefaultHoldOut
	}
	heldOut := fmt.Sprintf("the last %g%% of the training records, held out (no official test file)", 100*holdOut)
	if dir == "" {
		dir = "."
	}
	binary := func(spec binSpec) (bool, string, error) {
		root, ok := locate(dir, spec.trainGlob, spec.folder)
		if !ok {
			return false, "", fmt.Errorf("%s: no %s in %s or %s: expected the CIFAR binary layout (run 'adaptformer data download %s')",
				spec.name, spec.trainGlob, dir, filepath.Join(dir, spec.folder), spec.name)
		}
		for _, t := range spec.testFiles {
			if isFile(filepath.Join(root, t)) {
				return true, "the official test file " + t, nil
			}
		}
		return false, heldOut, nil
	}
	pickled := func(spec pickledSpec, root string) (bool, string, error) {
		if isFile(filepath.Join(root, spec.testFile)) {
			return true, "the official test file " + spec.testFile, nil
		}
		return false, heldOut, nil
	}
	switch name {
	case "synthetic-pretrain", "synthetic-transfer":
		return true, "the set's eval images, generated apart from its training images", nil
	case "cifar10":
		if _, ok := locate(dir, "data_batch_1.bin", "cifar-10-batches-bin"); !ok {
			if root, ok := locate(dir, "data_batch_1", "cifar-10-batches-py"); ok {
				return pickled(pickledCIFAR10(), root)
			}
		}
		return binary(cifar10Spec())
	case "cifar100":
		if _, ok := locate(dir, "train.bin", "cifar-100-binary"); !ok {
			if root, ok := locate(dir, "train", "cifar-100-python"); ok {
				return pickled(pickledCIFAR100(opt.Coarse), root)
			}
		}
		return binary(cifar100Spec(opt.Coarse))
	case "tiny-imagenet-32":
		return binary(tinyImageNetSpec())
	case "folder":
		root, holdOutImages, err := folderRoot(dir, "eval")
		if err != nil {
			return false, "", err
		}
		if holdOutImages {
			return false, "every tenth image of each class, held out (no val, test or eval folder)", nil
		}
		return true, "the " + filepath.Base(root) + " folder", nil
	}
	return false, "", fmt.Errorf("unknown dataset %q, expected one of %s", name, strings.Join(Names(), ", "))
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
