package data

import (
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // register the decoders the folder set reads
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// folderCacheLimit bounds the memory the folder set spends keeping decoded,
// resized images, so each file is decoded once per process.
const folderCacheLimit = 1 << 30

// folderSet is a set of image files, one sub-folder per class. Images of any
// size are centre-cropped to a square and resized to size x size on
// reading.
type folderSet struct {
	name    string
	classes []string
	files   []string
	labels  []int
	size    int

	cache []folderEntry // nil when the set is too big to cache
}

type folderEntry struct {
	once sync.Once
	pix  []byte
	err  error
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true}

// openFolder opens split of the image folder dir. When dir has a train
// folder and a val, test or eval folder, those are the splits; otherwise
// dir's sub-folders are the classes and every tenth image of each class, in
// name order, is held out for "eval".
func openFolder(dir, split string, size int) (Dataset, error) {
	root, holdOut, err := folderRoot(dir, split)
	if err != nil {
		return nil, err
	}
	classes, err := folderClasses(root)
	if err != nil {
		return nil, err
	}
	s := &folderSet{name: "folder/" + split, size: size, classes: classes}
	for label, class := range s.classes {
		classDir := filepath.Join(root, class)
		entries, err := os.ReadDir(classDir)
		if err != nil {
			return nil, fmt.Errorf("folder dataset: %w", err)
		}
		var images []string
		for _, e := range entries {
			if !e.IsDir() && imageExts[strings.ToLower(filepath.Ext(e.Name()))] {
				images = append(images, filepath.Join(classDir, e.Name()))
			}
		}
		if len(images) == 0 {
			return nil, fmt.Errorf("folder dataset: class folder %s has no images, expected .png, .jpg or .jpeg files", classDir)
		}
		sort.Strings(images)
		for i, f := range images {
			if holdOut && (i%10 == 9) != (split == "eval") {
				continue
			}
			s.files = append(s.files, f)
			s.labels = append(s.labels, label)
		}
	}
	if len(s.files) == 0 {
		return nil, fmt.Errorf("folder dataset: %s has no images for the %s split (every tenth image of a class is held out, so a class needs 10 images)", root, split)
	}
	if len(s.files)*3*size*size <= folderCacheLimit {
		s.cache = make([]folderEntry, len(s.files))
	}
	return s, nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func (s *folderSet) Name() string      { return s.name }
func (s *folderSet) Len() int          { return len(s.files) }
func (s *folderSet) Classes() []string { return s.classes }
func (s *folderSet) Size() (h, w int)  { return s.size, s.size }

// Record decodes image i (once, when the set is cached) and copies it to dst.
func (s *folderSet) Record(i int, dst []byte) (int, error) {
	if i < 0 || i >= len(s.files) {
		return 0, fmt.Errorf("%s: record %d out of range [0, %d)", s.name, i, len(s.files))
	}
	n := 3 * s.size * s.size
	if len(dst) < n {
		return 0, fmt.Errorf("%s: record buffer holds %d bytes, need %d", s.name, len(dst), n)
	}
	if s.cache == nil {
		return s.labels[i], decodeImageFile(s.files[i], s.size, dst)
	}
	e := &s.cache[i]
	e.once.Do(func() {
		pix := make([]byte, n)
		if e.err = decodeImageFile(s.files[i], s.size, pix); e.err == nil {
			e.pix = pix
		}
	})
	if e.err != nil {
		return 0, e.err
	}
	copy(dst, e.pix)
	return s.labels[i], nil
}

// maxImagePixels bounds the images a folder set decodes (50 megapixels,
// beyond any camera photo): decoding one takes 4 bytes a pixel, and its
// centred square 12 more while it is resized.
const maxImagePixels = 50_000_000

// decodeImageFile reads an image file into dst as size x size CHW planes:
// the largest centred square, resized.
func decodeImageFile(path string, size int, dst []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// The header first: a small file can declare a huge image, and decoding
	// allocates all of it before reading a pixel.
	hdr, _, err := image.DecodeConfig(f)
	if err != nil {
		return fmt.Errorf("%s: unreadable image (%v), expected a PNG or JPEG file", path, err)
	}
	if px := int64(hdr.Width) * int64(hdr.Height); px > maxImagePixels {
		return fmt.Errorf("%s: image is %dx%d, expected at most %d megapixels", path, hdr.Width, hdr.Height, maxImagePixels/1_000_000)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: unreadable image (%v), expected a PNG or JPEG file", path, err)
	}
	b := img.Bounds()
	side := min(b.Dx(), b.Dy())
	if side == 0 {
		return fmt.Errorf("%s: empty image, expected at least 1x1 pixels", path)
	}
	x0, y0 := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
	src := make([]float32, 3*side*side)
	plane := side * side
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			r, g, bl := rgbAt(img, x0+x, y0+y)
			o := y*side + x
			src[o], src[plane+o], src[2*plane+o] = float32(r), float32(g), float32(bl)
		}
	}
	out := src
	if side != size {
		rs := newResampler(side, side, size, size)
		out = make([]float32, 3*size*size)
		rs.resize(out, src, make([]float32, rs.tmpLen()))
	}
	for i, v := range out {
		dst[i] = byte(min(max(v+0.5, 0), 255))
	}
	return nil
}

// rgbAt returns the 8-bit colour of one pixel, with fast paths for the
// types the PNG and JPEG decoders return most.
func rgbAt(img image.Image, x, y int) (r, g, b uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		yi, ci := m.YOffset(x, y), m.COffset(x, y)
		return color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
	case *image.NRGBA:
		i := m.PixOffset(x, y)
		return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
	case *image.RGBA:
		i := m.PixOffset(x, y)
		return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
	case *image.Gray:
		v := m.Pix[m.PixOffset(x, y)]
		return v, v, v
	}
	c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
	return c.R, c.G, c.B
}

// FolderClasses returns how many classes the image folder dir holds (its
// training split's class folders) without reading an image: what a run on
// it will train its head for.
func FolderClasses(dir string) (int, error) {
	root, _, err := folderRoot(dir, "train")
	if err != nil {
		return 0, err
	}
	classes, err := folderClasses(root)
	return len(classes), err
}

// folderRoot is the folder whose sub-folders are split's classes, and
// whether every tenth image is held out for "eval" (dir has no separate
// eval folder).
func folderRoot(dir, split string) (root string, holdOut bool, err error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", false, fmt.Errorf("folder dataset: %w (expected a folder with one sub-folder of images per class)", err)
	}
	if !st.IsDir() {
		return "", false, fmt.Errorf("folder dataset: %s is a file, expected a folder with one sub-folder of images per class", dir)
	}
	if isDir(filepath.Join(dir, "train")) {
		for _, ev := range []string{"val", "test", "eval"} {
			if isDir(filepath.Join(dir, ev)) {
				if split == "eval" {
					return filepath.Join(dir, ev), false, nil
				}
				return filepath.Join(dir, "train"), false, nil
			}
		}
	}
	return dir, true, nil
}

// folderClasses lists root's class folders (its visible sub-folders) in
// name order, the order of their labels.
func folderClasses(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("folder dataset: %w", err)
	}
	var classes []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			classes = append(classes, e.Name())
		}
	}
	sort.Strings(classes)
	if len(classes) == 0 {
		return nil, fmt.Errorf("folder dataset: %s has no sub-folders, expected one sub-folder of PNG or JPEG images per class", root)
	}
	return classes, nil
}
