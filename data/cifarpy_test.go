package data

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// py2Pickler writes the opcodes Python 2's cPickle emits at protocol 2, the
// format of the official CIFAR Python archives: str values and keys as
// SHORT_BINSTRING/BINSTRING, NumPy arrays through _reconstruct and BUILD.
type py2Pickler struct{ bytes.Buffer }

func (p *py2Pickler) str(s []byte) {
	if len(s) < 256 {
		p.WriteByte('U')
		p.WriteByte(byte(len(s)))
	} else {
		p.WriteByte('T')
		binary.Write(p, binary.LittleEndian, uint32(len(s)))
	}
	p.Write(s)
}

func (p *py2Pickler) int(v int) {
	switch {
	case v >= 0 && v < 256:
		p.WriteByte('K')
		p.WriteByte(byte(v))
	case v >= 0 && v < 65536:
		p.WriteByte('M')
		binary.Write(p, binary.LittleEndian, uint16(v))
	default:
		p.WriteByte('J')
		binary.Write(p, binary.LittleEndian, int32(v))
	}
}

// ndarrayU1 writes a uint8 array of the given shape.
func (p *py2Pickler) ndarrayU1(shape []int, raw []byte) {
	p.WriteString("cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87R(K\x01(")
	for _, d := range shape {
		p.int(d)
	}
	p.WriteString("tcnumpy\ndtype\nq\x03U\x02u1K\x00K\x01\x87R(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89")
	p.str(raw)
	p.WriteString("tb")
}

// writePy2Batch writes a CIFAR-10 Python batch of n records.
func writePy2Batch(t *testing.T, path string, file, n int, labelKey string, label func(i int) int) {
	var p py2Pickler
	p.WriteString("\x80\x02}q\x00(")
	p.str([]byte("batch_label"))
	p.str([]byte("training batch"))
	p.str([]byte(labelKey))
	p.WriteString("]q\x04(")
	for i := range n {
		p.int(label(i))
	}
	p.WriteString("e")
	p.str([]byte("data"))
	var raw []byte
	for i := range n {
		raw = append(raw, fakeImage(file, i)...)
	}
	p.ndarrayU1([]int{n, cifarPixels}, raw)
	p.WriteString("u.")
	writeFile(t, path, p.Bytes())
}

func writePy2Meta(t *testing.T, path, key string, names []string) {
	var p py2Pickler
	p.WriteString("\x80\x02}q\x00(")
	p.str([]byte(key))
	p.WriteString("]q\x01(")
	for _, n := range names {
		p.str([]byte(n))
	}
	p.WriteString("eu.")
	writeFile(t, path, p.Bytes())
}

func TestCIFAR10Pickled(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "cifar-10-batches-py")
	writePy2Batch(t, filepath.Join(dir, "data_batch_1"), 0, 20, "labels", func(i int) int { return i % 10 })
	writePy2Batch(t, filepath.Join(dir, "data_batch_2"), 1, 20, "labels", func(i int) int { return (i + 3) % 10 })
	writePy2Meta(t, filepath.Join(dir, "batches.meta"), "label_names", cifar10Names[:])

	tr, err := Open("cifar10", root, "train", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := Open("cifar10", root, "eval", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 36 || ev.Len() != 4 || tr.Classes()[9] != "truck" {
		t.Fatalf("train %d, eval %d, classes %q", tr.Len(), ev.Len(), tr.Classes())
	}
	buf := make([]byte, cifarPixels)
	l, _ := tr.Record(25, buf)
	if l != (5+3)%10 || !bytes.Equal(buf, fakeImage(1, 5)) {
		t.Errorf("train record 25: label %d or pixels wrong", l)
	}

	// With a test file, eval is that file.
	writePy2Batch(t, filepath.Join(dir, "test_batch"), 9, 5, "labels", func(i int) int { return 1 })
	ev, err = Open("cifar10", dir, "eval", OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := ev.Record(4, buf); ev.Len() != 5 || l != 1 || !bytes.Equal(buf, fakeImage(9, 4)) {
		t.Errorf("test split: %d records, record 4 label %d", ev.Len(), l)
	}
}

func TestCIFAR100Pickled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cifar-100-python")
	var p py2Pickler
	p.WriteString("\x80\x02}q\x00(")
	p.str([]byte("fine_labels"))
	p.WriteString("](K\x05K\x63e")
	p.str([]byte("coarse_labels"))
	p.WriteString("](K\x01K\x13e")
	p.str([]byte("data"))
	p.ndarrayU1([]int{2, cifarPixels}, append(fakeImage(0, 0), fakeImage(0, 1)...))
	p.WriteString("u.")
	writeFile(t, filepath.Join(dir, "train"), p.Bytes())
	writeFile(t, filepath.Join(dir, "test"), p.Bytes())
	buf := make([]byte, cifarPixels)
	for _, tt := range []struct {
		coarse        bool
		want, classes int
	}{{false, 99, 100}, {true, 19, 20}} {
		ds, err := Open("cifar100", dir, "eval", OpenOptions{Coarse: tt.coarse})
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := ds.Record(1, buf); l != tt.want || len(ds.Classes()) != tt.classes {
			t.Errorf("coarse=%v: label %d of %d classes, want %d of %d", tt.coarse, l, len(ds.Classes()), tt.want, tt.classes)
		}
	}
}

// TestUnpicklePython3 reads pickles that Python 3 wrote (testdata, made by
// pickling the NumPy reduce tuples): protocol 2 encodes bytes as
// _codecs.encode calls, protocols 4 and 5 use frames, memoize and
// SHORT_BINBYTES/BINBYTES.
func TestUnpicklePython3(t *testing.T) {
	spec := pickledCIFAR10()
	for _, f := range []string{"cifar10-batch-p2.pickle", "cifar10-batch-p4.pickle", "cifar10-batch-p5.pickle"} {
		c, err := readPickledBatch(filepath.Join("testdata", f), spec, 10)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(c.labels) != 7 || c.labels[6] != 6 {
			t.Fatalf("%s: labels %v", f, c.labels)
		}
		if got, want := c.raw[3*cifarPixels+5], byte((3*13+5)%256); got != want {
			t.Errorf("%s: pixel %d, want %d", f, got, want)
		}
	}
	c, err := readPickledBatch(filepath.Join("testdata", "cifar100-batch-p4.pickle"), pickledCIFAR100(false), 100)
	if err != nil {
		t.Fatal(err)
	}
	if c.labels[4] != 4 {
		t.Errorf("int64 label array: %v", c.labels)
	}
	names, err := readPickledNames("testdata", pickledSpec{metaFile: "cifar10-meta-p2.pickle", namesKey: "label_names"})
	if err != nil || len(names) != 10 || names[2] != "bird" {
		t.Errorf("meta: %q, %v", names, err)
	}
}

func TestPickledBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "cifar10-batch-p2.pickle"))
	if err != nil {
		t.Fatal(err)
	}
	// Every truncation is an error, never a panic.
	for n := 0; n < len(good); n += 1 + n/64 {
		if _, err := unpickle(good[:n]); err == nil {
			t.Fatalf("prefix of %d bytes: no error", n)
		}
	}
	dir := t.TempDir()
	tests := []struct {
		name  string
		write func(path string)
		want  []string
	}{
		{"truncated", func(p string) { writeFile(t, p, good[:len(good)/2]) }, []string{"data_batch_1", "truncated"}},
		{"not a pickle", func(p string) { writeFile(t, p, []byte("\xff\xfeGIF89a")) }, []string{"data_batch_1", "unsupported opcode 0xff"}},
		{"label out of range", func(p string) {
			writePy2Batch(t, p, 0, 5, "labels", func(i int) int { return 10 * (i / 4) })
		}, []string{"data_batch_1", "record 4 has label 10, expected 0..9"}},
		{"missing labels", func(p string) {
			writePy2Batch(t, p, 0, 5, "fine_labels", func(i int) int { return 0 })
		}, []string{"data_batch_1", `no "labels" entry`}},
		{"not a dict", func(p string) { writeFile(t, p, []byte("\x80\x02]q\x00.")) }, []string{"data_batch_1", "holds a list, expected a dict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name, "data_batch_1")
			tt.write(path)
			_, err := Open("cifar10", filepath.Dir(path), "train", OpenOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func FuzzUnpickle(f *testing.F) {
	for _, name := range []string{"cifar10-batch-p2.pickle", "cifar10-meta-p2.pickle", "cifar100-batch-p4.pickle"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := unpickle(b)
		if err == nil {
			if d, ok := v.(*pyDict); ok {
				pyAsNDArray(d.m["data"])
			}
		}
	})
}
