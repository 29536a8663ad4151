// Package data holds everything between files on disk and a normalized
// float32 batch tensor: datasets (CIFAR-10/100 in binary and Python layouts,
// image folders, a built-in synthetic family), download and verification,
// the reproduction's augmentation, and a loader that batches ahead of the
// trainer on worker goroutines.
package data

// Dataset is a finite, indexable set of labelled RGB images of one size.
// Implementations are safe for concurrent use by the loader's workers.
type Dataset interface {
	// Name identifies the set for people, e.g. "cifar10/train".
	Name() string
	// Len is the number of records.
	Len() int
	// Classes names the classes; len(Classes()) is the class count.
	Classes() []string
	// Size is the images' height and width in pixels.
	Size() (h, w int)
	// Record writes image i as uint8 planes in CHW order (3*h*w bytes: all
	// red, then green, then blue, each row-major) into dst and returns its
	// label in [0, len(Classes())).
	Record(i int, dst []byte) (label int, err error)
}
