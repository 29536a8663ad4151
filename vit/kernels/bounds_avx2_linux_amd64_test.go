//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// pageEnd is a mapping whose last page is PROT_NONE, and the floats that
// end right before it.
type pageEnd struct {
	mem []byte
	s   []float32
}

// newPageEnd places a copy of src so that it ends exactly where an
// unmapped (PROT_NONE) page begins: any access past it faults.
func newPageEnd(t *testing.T, src []float32) pageEnd {
	t.Helper()
	page := unix.Getpagesize()
	size := (len(src)*4+page-1)/page*page + page
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap %d bytes: %v", size, err)
	}
	if err := unix.Mprotect(mem[size-page:], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect the guard page: %v", err)
	}
	p := pageEnd{mem: mem}
	if len(src) > 0 {
		p.s = unsafe.Slice((*float32)(unsafe.Pointer(&mem[size-page-len(src)*4])), len(src))
		copy(p.s, src)
	}
	return p
}

func (p pageEnd) free(t *testing.T) {
	if err := unix.Munmap(p.mem); err != nil {
		t.Fatalf("munmap: %v", err)
	}
}

// boundsCase is one call of an AVX2 kernel: the contents of every slice it
// gets, the wrapper the package calls, and the bare assembly kernel that the
// wrapper must match to the bit (run on slices with room past their ends).
type boundsCase struct {
	name string
	in   [][]float32
	safe func(s [][]float32)
	raw  func(s [][]float32)
}

func boundsCases() []boundsCase {
	rng := rand.New(rand.NewPCG(7, 11))
	vec := func(n int, lo, hi float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = lo + (hi-lo)*rng.Float32()
		}
		return v
	}
	var cases []boundsCase
	add := func(c boundsCase) { cases = append(cases, c) }

	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 17, 21, 23} {
		add(boundsCase{fmt.Sprintf("GELU/n=%d", n), [][]float32{vec(n, -1, 1), vec(n, -5, 5)},
			func(s [][]float32) { geluErfISA(AVX2, s[0], s[1]) },
			func(s [][]float32) { geluErfAVX2(&s[0][0], &s[1][0], n) }})
		add(boundsCase{fmt.Sprintf("GELUBackward/n=%d", n), [][]float32{vec(n, -1, 1), vec(n, -5, 5), vec(n, -1, 1)},
			func(s [][]float32) { geluErfBackwardISA(AVX2, s[0], s[1], s[2]) },
			func(s [][]float32) { geluErfBackwardAVX2(&s[0][0], &s[1][0], &s[2][0], n) }})
		add(boundsCase{fmt.Sprintf("Add/n=%d", n), [][]float32{vec(n, -1, 1), vec(n, -1, 1)},
			func(s [][]float32) { addISA(AVX2, s[0], s[1]) },
			func(s [][]float32) { addAVX2(&s[0][0], &s[1][0], n) }})
		add(boundsCase{fmt.Sprintf("ReLU/n=%d", n), [][]float32{vec(n, -1, 1)},
			func(s [][]float32) { reluISA(AVX2, s[0]) },
			func(s [][]float32) { reluAVX2(&s[0][0], n) }})
	}

	type shape struct{ rows, cols, ld int }
	var shapes []shape
	for _, cols := range []int{1, 2, 3, 4, 5, 6, 7, 9, 13, 19, 23, 37} {
		for _, rows := range []int{1, 2, 5} {
			shapes = append(shapes, shape{rows, cols, cols}, shape{rows, cols, cols + 3})
		}
	}
	// Rows too long for the wrappers' stack buffers.
	shapes = append(shapes, shape{2, 300, 300}, shape{1, 777, 777}, shape{2, 777, 780})
	for _, sh := range shapes {
		rows, cols, ld := sh.rows, sh.cols, sh.ld
		n := (rows-1)*ld + cols
		name := fmt.Sprintf("%dx%d/ld=%d", rows, cols, ld)
		add(boundsCase{"Softmax/" + name, [][]float32{vec(n, -4, 4)},
			func(s [][]float32) { softmaxRowsISA(AVX2, s[0], rows, cols, ld) },
			func(s [][]float32) { softmaxRowsAVX2(&s[0][0], rows, cols, ld) }})
		add(boundsCase{"SoftmaxBackward/" + name, [][]float32{vec(n, -1, 1), vec(n, 0, 1), vec(n, -1, 1)},
			func(s [][]float32) { softmaxRowsBackwardISA(AVX2, s[0], s[1], s[2], rows, cols, ld) },
			func(s [][]float32) { softmaxRowsBackwardAVX2(&s[0][0], &s[1][0], &s[2][0], rows, cols, ld) }})
		add(boundsCase{"ColSums/" + name, [][]float32{vec(cols, -1, 1), vec(n, -1, 1)},
			func(s [][]float32) { addColSumsISA(AVX2, s[0], s[1], rows, ld) },
			func(s [][]float32) { colSumsAVX2(&s[0][0], &s[1][0], rows, cols, ld) }})
		for _, flags := range []int{1, 2, 3} {
			add(boundsCase{fmt.Sprintf("LayerNormGrads/flags=%d/%s", flags, name),
				[][]float32{vec(cols, -1, 1), vec(cols, -1, 1), vec(n, -1, 1), vec(n, -2, 2), vec(rows, -1, 1), vec(rows, 0.5, 2)},
				func(s [][]float32) {
					dw, db := s[0], s[1]
					if flags&1 == 0 {
						dw = nil
					}
					if flags&2 == 0 {
						db = nil
					}
					layerNormGradsISA(AVX2, dw, db, s[2], s[3], s[4], s[5], rows, ld)
				},
				func(s [][]float32) {
					layerNormGradsAVX2(&s[0][0], &s[1][0], &s[2][0], &s[3][0], &s[4][0], &s[5][0], rows, cols, ld, flags)
				}})
		}
		if ld != cols {
			continue
		}
		dim, invDim := cols, 1/float32(cols)
		add(boundsCase{"LayerNorm/" + name,
			[][]float32{vec(n, -1, 1), vec(rows, 0, 1), vec(rows, 0, 1), vec(n, -2, 2), vec(dim, 0.5, 1.5), vec(dim, -1, 1)},
			func(s [][]float32) { layerNormISA(AVX2, s[0], s[1], s[2], s[3], s[4], s[5], rows, dim, 1e-5) },
			func(s [][]float32) {
				layerNormRowsAVX2(&s[0][0], &s[1][0], &s[2][0], &s[3][0], &s[4][0], &s[5][0], rows, dim, invDim, 1e-5)
			}})
		add(boundsCase{"LayerNormBackward/" + name,
			[][]float32{vec(n, -1, 1), vec(n, -1, 1), vec(n, -2, 2), vec(rows, -1, 1), vec(rows, 0.5, 2), vec(dim, 0.5, 1.5)},
			func(s [][]float32) { layerNormBackwardISA(AVX2, s[0], s[1], s[2], s[3], s[4], s[5], rows, dim) },
			func(s [][]float32) {
				layerNormBackwardRowsAVX2(&s[0][0], &s[1][0], &s[2][0], &s[3][0], &s[4][0], &s[5][0], rows, dim, invDim)
			}})
		add(boundsCase{"LayerNormBackwardSums/" + name,
			[][]float32{vec(n, -1, 1), vec(n, -1, 1), vec(n, -2, 2), vec(rows, -1, 1), vec(rows, 0.5, 2), vec(dim, 0.5, 1.5), vec(LayerNormPartLen(dim), -1, 1)},
			func(s [][]float32) {
				layerNormBackwardSumsISA(AVX2, s[0], s[1], s[2], s[3], s[4], s[5], s[6], rows, dim)
			},
			func(s [][]float32) {
				layerNormBackwardSumsRowsAVX2(&s[0][0], &s[1][0], &s[2][0], &s[3][0], &s[4][0], &s[5][0], rows, dim, invDim, &s[6][0])
			}})
	}

	// Packing: rows of n floats into chunks of width (the ragged last one
	// zero-padded), and blocks of rows x cols into rows of width.
	for _, width := range []int{3, 6, 8, 12, 16} {
		for _, n := range []int{1, 5, 7, 8, 13, 16, 17, 30, 33} {
			for _, stride := range []int{width, width + 5} {
				chunks := (n + width - 1) / width
				m := (chunks-1)*stride + width
				rest := n % width
				add(boundsCase{fmt.Sprintf("PackRow/width=%d/n=%d/stride=%d", width, n, stride),
					[][]float32{vec(m, -1, 1), vec(n, -1, 1)},
					func(s [][]float32) {
						if !packRow(AVX2, s[0], stride, s[1], width, 1.5) {
							panic("packRow declined")
						}
					},
					func(s [][]float32) {
						copyChunksAVX2(&s[0][0], stride, &s[1][0], width, n/width, width, width, rest, 1.5)
					}})
			}
		}
		for _, sh := range shapes {
			rows, cols, ld := sh.rows, sh.cols, sh.ld
			if cols > width {
				continue
			}
			add(boundsCase{fmt.Sprintf("PackBlock/width=%d/%dx%d/ld=%d", width, rows, cols, ld),
				[][]float32{vec(rows*width, -1, 1), vec((rows-1)*ld+cols, -1, 1)},
				func(s [][]float32) {
					if !packBlock(AVX2, s[0], s[1], ld, rows, cols, width, -0.5) {
						panic("packBlock declined")
					}
				},
				func(s [][]float32) { copyChunksAVX2(&s[0][0], width, &s[1][0], ld, rows, cols, width, 0, -0.5) }})
		}
	}
	return cases
}

// TestAVX2KernelsInBounds runs every AVX2 kernel through the package's
// wrappers on slices that each end right before an unmapped page, for
// ragged ends of 1 to 7 floats (and ragged column blocks and chunks), and
// checks the results against the bare kernels on roomy slices, to the bit.
// A vector addressed past the end of any slice would fault here on a CPU
// that faults on masked-off lanes; on one that does not, the panic-on-fault
// probe below still shows that the guard page is there.
func TestAVX2KernelsInBounds(t *testing.T) {
	if !AVX2.Supported() {
		t.Skip("no AVX2+FMA on this CPU")
	}
	probe := newPageEnd(t, []float32{1})
	var two [2]float32
	if !faults(&probe.s[0]) || faults(&two[0]) {
		t.Fatal("the float past a page-end slice does not fault: no guard page")
	}
	probe.free(t)

	for _, c := range boundsCases() {
		guarded := make([]pageEnd, len(c.in))
		slices := make([][]float32, len(c.in))
		roomy := make([][]float32, len(c.in))
		for i, v := range c.in {
			guarded[i] = newPageEnd(t, v)
			slices[i] = guarded[i].s
			roomy[i] = append(make([]float32, 0, len(v)+64), v...)
		}
		c.safe(slices)
		c.raw(roomy)
		for i := range slices {
			for j := range slices[i] {
				if got, want := math.Float32bits(slices[i][j]), math.Float32bits(roomy[i][j]); got != want {
					t.Errorf("%s: slice %d [%d] = %v, the kernel gives %v", c.name, i, j, slices[i][j], roomy[i][j])
					break
				}
			}
			guarded[i].free(t)
		}
	}
}

// faultSink keeps the probe's loads from being optimised away.
var faultSink float32

// faults reports whether reading the float after p faults.
func faults(p *float32) (faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { faulted = recover() != nil }()
	faultSink = *(*float32)(unsafe.Add(unsafe.Pointer(p), 4))
	return false
}
