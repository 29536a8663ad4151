package data

import (
	"fmt"
	"sort"
)

// chunk is one file's records held in memory: record i's pixels are
// raw[i*stride+pixOff:][:3*h*w] and its label labels[i].
type chunk struct {
	file   string
	raw    []byte
	stride int
	pixOff int
	labels []uint16
}

// memSet is a split held in memory: the records [lo, hi) of its chunks taken
// end to end. The CIFAR readers, binary and pickled, both produce one.
type memSet struct {
	name    string
	classes []string
	h, w    int
	chunks  []chunk
	starts  []int // starts[k]: index of chunks[k]'s first record, end to end
	lo, hi  int
}

func newMemSet(name string, classes []string, h, w int, chunks []chunk, lo, hi int) *memSet {
	m := &memSet{name: name, classes: classes, h: h, w: w, chunks: chunks, lo: lo, hi: hi}
	n := 0
	for _, c := range chunks {
		m.starts = append(m.starts, n)
		n += len(c.labels)
	}
	return m
}

func (m *memSet) Name() string      { return m.name }
func (m *memSet) Len() int          { return m.hi - m.lo }
func (m *memSet) Classes() []string { return m.classes }
func (m *memSet) Size() (h, w int)  { return m.h, m.w }
func (m *memSet) recordBytes() int  { return 3 * m.h * m.w }

// Record copies record i's pixels into dst and returns its label.
func (m *memSet) Record(i int, dst []byte) (int, error) {
	if i < 0 || i >= m.Len() {
		return 0, fmt.Errorf("%s: record %d out of range [0, %d)", m.name, i, m.Len())
	}
	if len(dst) < m.recordBytes() {
		return 0, fmt.Errorf("%s: record buffer holds %d bytes, need %d", m.name, len(dst), m.recordBytes())
	}
	g := m.lo + i
	k := sort.Search(len(m.starts), func(k int) bool { return m.starts[k] > g }) - 1
	c := &m.chunks[k]
	j := g - m.starts[k]
	copy(dst, c.raw[j*c.stride+c.pixOff:][:m.recordBytes()])
	return int(c.labels[j]), nil
}
