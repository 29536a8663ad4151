// Command gen prints the GEMM micro-kernels of package kernels as Go
// assembly (gemm_amd64.s) together with their Go declarations
// (gemm_amd64.go), so that go vet's asmdecl check keeps the two in step.
//
// Run it through go generate in the kernels directory:
//
//	go generate ./vit/kernels
//
// Each micro-kernel computes C[mr x nr] += A[mr x kc] * B[kc x nr] for one
// register tile, where B is read by rows ldb floats apart (a packed panel, or
// a row-major B in place) and A is
// read in place either row by row (the "row" kernels: A's rows lda floats
// apart) or k step by k step (the "col" kernels: element (r, p) at
// a[p*lda+r], a transposed A or a packed panel with lda = mr). Each output
// element is accumulated from zero in k order with one FMA per term and then
// added to C, so every kernel gives the same bits for the same inputs.
//
// Every kernel runs with flush-to-zero and denormals-are-zero set and puts
// the caller's MXCSR back before it returns (see mxcsr_amd64.h): denormal
// operands, common in late gradients, cost each FMA a microcode assist.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
)

// tile describes one register tile.
type tile struct {
	argC   int    // offset of the c argument
	narrow bool   // a half-width variant of the ISA's main tile
	isa    string // "avx512" or "avx2"
	mr     int    // rows of C
	nvec   int    // vectors per row of C
	width  int    // floats per vector
	reg    string // "Z" or "Y"
}

func (t tile) nr() int { return t.nvec * t.width }

func (t tile) name(form string) string {
	return fmt.Sprintf("gemm%s%s%dx%d", t.isaName(), form, t.mr, t.nr())
}

func (t tile) isaName() string {
	if t.isa == "avx512" {
		return "AVX512"
	}
	return "AVX2"
}

var tiles = []tile{
	{isa: "avx512", mr: 14, nvec: 2, width: 16, reg: "Z"},
	{isa: "avx512", mr: 14, nvec: 1, width: 16, reg: "Z", narrow: true}, // the last panel when at most 16 columns remain
	{isa: "avx2", mr: 6, nvec: 2, width: 8, reg: "Y"},
}

type asm struct{ bytes.Buffer }

func (w *asm) op(format string, args ...any) { fmt.Fprintf(w, "\t"+format+"\n", args...) }
func (w *asm) label(l string)                { fmt.Fprintf(w, "%s:\n", l) }

// acc is the accumulator register for row r, vector v.
func (t tile) acc(r, v int) string { return fmt.Sprintf("%s%d", t.reg, r*t.nvec+v) }

// breg is the register holding vector v of the current B row.
func (t tile) breg(v int) string { return fmt.Sprintf("%s%d", t.reg, t.mr*t.nvec+v) }

// bcast is one of the two registers that alternately hold a broadcast A element.
func (t tile) bcast(r int) string { return fmt.Sprintf("%s%d", t.reg, t.mr*t.nvec+t.nvec+r%2) }

func (t tile) zero(w *asm) {
	for r := 0; r < t.mr; r++ {
		for v := 0; v < t.nvec; v++ {
			a := t.acc(r, v)
			if t.reg == "Z" {
				w.op("VPXORD %s, %s, %s", a, a, a)
			} else {
				w.op("VXORPS %s, %s, %s", a, a, a)
			}
		}
	}
}

// step emits one k step: load the B row (vector v at bAddr(v)), then for
// each row broadcast its A element (addressed by aAddr) and FMA it into the
// row's accumulators.
func (t tile) step(w *asm, bAddr, aAddr func(r int) string) {
	for v := 0; v < t.nvec; v++ {
		w.op("VMOVUPS %s, %s", bAddr(v), t.breg(v))
	}
	for r := 0; r < t.mr; r++ {
		b := t.bcast(r)
		w.op("VBROADCASTSS %s, %s", aAddr(r), b)
		for v := 0; v < t.nvec; v++ {
			w.op("VFMADD231PS %s, %s, %s", t.breg(v), b, t.acc(r, v))
		}
	}
}

// store writes the accumulators to C (DI, row stride in AX bytes). flags
// bit 1 adds the bias row (nr floats at bias) to every row first; bit 0 then
// adds C itself (accumulate) instead of overwriting it. The AVX-512 kernels
// store only the first rows rows and, in each, the lanes of mask (16 bits per
// vector), so they handle the ragged edges of C in place; the AVX2 kernels
// always store the full tile.
func (t tile) store(w *asm, name string) {
	w.op("MOVQ c+%d(FP), DI", t.cArg())
	w.op("MOVQ ldc+%d(FP), AX", t.cArg()+8)
	w.op("SHLQ $2, AX")
	w.op("MOVQ flags+%d(FP), R8", t.cArg()+24)
	masked := t.reg == "Z"
	if masked {
		w.op("MOVQ rows+%d(FP), R10", t.cArg()+32)
		w.op("MOVQ mask+%d(FP), R11", t.cArg()+40)
		w.op("KMOVW R11, K1")
		w.op("SHRQ $16, R11")
		w.op("KMOVW R11, K2")
	}
	w.op("TESTQ $2, R8")
	w.op("JZ %s_nobias", name)
	w.op("MOVQ bias+%d(FP), R9", t.cArg()+16)
	for v := 0; v < t.nvec; v++ {
		w.op("VMOVUPS %d(R9), %s", v*t.width*4, t.breg(v))
	}
	for r := 0; r < t.mr; r++ {
		for v := 0; v < t.nvec; v++ {
			a := t.acc(r, v)
			w.op("VADDPS %s, %s, %s", t.breg(v), a, a)
		}
	}
	w.label(name + "_nobias")
	w.op("TESTQ $1, R8")
	w.op("JZ %s_overwrite", name)
	nextRow := func(r int) {
		if r == t.mr-1 {
			return
		}
		if masked {
			w.op("DECQ R10")
			w.op("JZ %s_done", name)
		}
		w.op("ADDQ AX, DI")
	}
	for r := 0; r < t.mr; r++ {
		for v := 0; v < t.nvec; v++ {
			a := t.acc(r, v)
			off := v * t.width * 4
			if masked {
				k := fmt.Sprintf("K%d", v+1)
				w.op("VMOVUPS.Z %d(DI), %s, %s", off, k, t.breg(v))
				w.op("VADDPS %s, %s, %s", t.breg(v), a, a)
				w.op("VMOVUPS %s, %s, %d(DI)", a, k, off)
			} else {
				w.op("VADDPS %d(DI), %s, %s", off, a, a)
				w.op("VMOVUPS %s, %d(DI)", a, off)
			}
		}
		nextRow(r)
	}
	w.op("JMP %s_done", name)
	w.label(name + "_overwrite")
	for r := 0; r < t.mr; r++ {
		for v := 0; v < t.nvec; v++ {
			if masked {
				w.op("VMOVUPS %s, K%d, %d(DI)", t.acc(r, v), v+1, v*t.width*4)
			} else {
				w.op("VMOVUPS %s, %d(DI)", t.acc(r, v), v*t.width*4)
			}
		}
		nextRow(r)
	}
	w.label(name + "_done")
	w.op("DENORMALS_RESTORE")
	w.op("VZEROUPPER")
	w.op("RET")
}

func (t tile) cArg() int { return t.argC }

// prefetchC asks for the rows of the C tile at the start, so that their
// cache misses overlap the products instead of stalling the stores at the
// end (C is far larger than the caches on the big products; measured +3-10%
// on the forward and input-gradient shapes). A prefetch never faults, so
// rows past the tile's edge are harmless.
func (t tile) prefetchC(w *asm) {
	w.op("MOVQ c+%d(FP), DI", t.cArg())
	w.op("MOVQ ldc+%d(FP), BX", t.cArg()+8)
	w.op("SHLQ $2, BX")
	for r := 0; r < t.mr; r++ {
		w.op("PREFETCHT0 (DI)")
		if t.nvec > 1 {
			w.op("PREFETCHT0 64(DI)")
		}
		if r < t.mr-1 {
			w.op("ADDQ BX, DI")
		}
	}
}

// Both kernel forms take (kc, a, lda, b, ldb, c, ldc, bias, flags, rows, mask).
func (t *tile) setForm(form string) { t.argC = 40 }

// B rows are ldb floats apart (ldb = nr for a packed panel). Four k steps
// address them from SI as SI, SI+ldb, SI+2*ldb and AX = SI+3*ldb, with ldb
// in bytes in R13.
func (t tile) loadB(w *asm) {
	w.op("MOVQ b+24(FP), SI")
	w.op("MOVQ ldb+32(FP), R13")
	w.op("SHLQ $2, R13")
	w.op("LEAQ (R13)(R13*2), AX")
	w.op("ADDQ SI, AX")
}

func (t tile) bAddr(u int) func(v int) string {
	return func(v int) string {
		off := v * t.width * 4
		switch u {
		case 0:
			return fmt.Sprintf("%d(SI)", off)
		case 1:
			return fmt.Sprintf("%d(SI)(R13*1)", off)
		case 2:
			return fmt.Sprintf("%d(SI)(R13*2)", off)
		default:
			return fmt.Sprintf("%d(AX)", off)
		}
	}
}

func (t tile) advanceB4(w *asm) {
	w.op("LEAQ (SI)(R13*4), SI")
	w.op("LEAQ (AX)(R13*4), AX")
}

const unroll = 4

// prefetchRows is how many k steps ahead the kernels ask for B's rows:
// B streams from the L2 cache (a packed panel is used once per row tile), and
// the hardware prefetchers alone leave the FMAs waiting for it now and then.
// 32 rows (4 KiB of a packed panel) measured best of 4 to 64 for a row tile
// against 12 panels in L2 (+4-5%); on whole products the gain is within
// this machine's noise.
const prefetchRows = 32

// startPrefetchB points DI prefetchRows rows of B past SI. DI is free in
// the loop: it holds C only before it (C's prefetch) and after (the stores).
func (t tile) startPrefetchB(w *asm) {
	w.op("MOVQ R13, DI")
	w.op("SHLQ $%d, DI", log2(prefetchRows))
	w.op("ADDQ SI, DI")
}

// prefetchB asks for the B row prefetchRows k steps ahead and moves on by
// a row, so that it follows B whatever its row stride (a packed panel or a
// row-major B in place).
func (t tile) prefetchB(w *asm) {
	for off := 0; off < t.nr()*4; off += 64 {
		w.op("PREFETCHT0 %d(DI)", off)
	}
	w.op("ADDQ R13, DI")
}

func log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	if 1<<l != n {
		log.Fatalf("%d is not a power of 2", n)
	}
	return l
}

// rowKernel reads A in place: row r of the tile starts at a + r*lda. Rows are
// addressed from up to five base registers, each covering three rows as
// base, base+lda and base+2*lda (lda in bytes in DX).
func (t tile) rowKernel(w *asm) {
	t.setForm("Row")
	name := t.name("Row")
	bases := []string{"R8", "R9", "R10", "R11", "R12"}
	nb := (t.mr + 2) / 3
	if nb > len(bases) {
		log.Fatalf("%s: too many rows", name)
	}
	fmt.Fprintf(w, "// func %s(kc int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, bias *float32, flags, rows, mask int)\n", name)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $8-88\n", name)
	w.op("DENORMALS_OFF")
	w.op("MOVQ kc+0(FP), CX")
	w.op("MOVQ a+8(FP), R8")
	w.op("MOVQ lda+16(FP), DX")
	w.op("SHLQ $2, DX")
	w.op("LEAQ (DX)(DX*2), AX")
	for i := 1; i < nb; i++ {
		w.op("LEAQ (%s)(AX*1), %s", bases[i-1], bases[i])
	}
	t.prefetchC(w)
	t.loadB(w)
	t.startPrefetchB(w)
	t.zero(w)
	addr := func(disp int) func(r int) string {
		return func(r int) string {
			base := bases[r/3]
			switch r % 3 {
			case 0:
				return fmt.Sprintf("%d(%s)", disp, base)
			case 1:
				return fmt.Sprintf("%d(%s)(DX*1)", disp, base)
			default:
				return fmt.Sprintf("%d(%s)(DX*2)", disp, base)
			}
		}
	}
	w.op("MOVQ CX, BX")
	w.op("SHRQ $%d, BX", 2)
	w.op("JZ %s_tail", name)
	w.label(name + "_loop")
	for u := 0; u < unroll; u++ {
		t.step(w, t.bAddr(u), addr(u*4))
		t.prefetchB(w)
	}
	for i := 0; i < nb; i++ {
		w.op("ADDQ $%d, %s", unroll*4, bases[i])
	}
	t.advanceB4(w)
	w.op("DECQ BX")
	w.op("JNZ %s_loop", name)
	w.label(name + "_tail")
	w.op("ANDQ $%d, CX", unroll-1)
	w.op("JZ %s_store", name)
	w.label(name + "_one")
	t.step(w, t.bAddr(0), addr(0))
	for i := 0; i < nb; i++ {
		w.op("ADDQ $4, %s", bases[i])
	}
	w.op("ADDQ R13, SI")
	w.op("DECQ CX")
	w.op("JNZ %s_one", name)
	w.label(name + "_store")
	t.store(w, name)
	fmt.Fprintln(w)
}

// colKernel reads A with its k index outermost: element (r, p) at
// a + p*lda + r, which is a transposed A read in place or a packed panel
// (lda = mr). Four k steps are addressed from two base registers as base,
// base+lda, base+2*lda and base2 = base+3*lda.
func (t tile) colKernel(w *asm) {
	t.setForm("Col")
	name := t.name("Col")
	fmt.Fprintf(w, "// func %s(kc int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, bias *float32, flags, rows, mask int)\n", name)
	fmt.Fprintf(w, "TEXT ·%s(SB), NOSPLIT, $8-88\n", name)
	w.op("DENORMALS_OFF")
	w.op("MOVQ kc+0(FP), CX")
	w.op("MOVQ a+8(FP), R8")
	w.op("MOVQ lda+16(FP), DX")
	w.op("SHLQ $2, DX")
	w.op("LEAQ (DX)(DX*2), AX")
	w.op("LEAQ (R8)(AX*1), R9")
	t.loadB(w)
	t.startPrefetchB(w)
	t.zero(w)
	addr := func(u int) func(r int) string {
		return func(r int) string {
			switch u {
			case 0:
				return fmt.Sprintf("%d(R8)", r*4)
			case 1:
				return fmt.Sprintf("%d(R8)(DX*1)", r*4)
			case 2:
				return fmt.Sprintf("%d(R8)(DX*2)", r*4)
			default:
				return fmt.Sprintf("%d(R9)", r*4)
			}
		}
	}
	w.op("MOVQ CX, BX")
	w.op("SHRQ $%d, BX", 2)
	w.op("JZ %s_tail", name)
	w.label(name + "_loop")
	for u := 0; u < unroll; u++ {
		t.step(w, t.bAddr(u), addr(u))
		t.prefetchB(w)
	}
	w.op("LEAQ (R8)(DX*4), R8")
	w.op("LEAQ (R9)(DX*4), R9")
	t.advanceB4(w)
	w.op("DECQ BX")
	w.op("JNZ %s_loop", name)
	w.label(name + "_tail")
	w.op("ANDQ $%d, CX", unroll-1)
	w.op("JZ %s_store", name)
	w.label(name + "_one")
	t.step(w, t.bAddr(0), addr(0))
	w.op("ADDQ DX, R8")
	w.op("ADDQ R13, SI")
	w.op("DECQ CX")
	w.op("JNZ %s_one", name)
	w.label(name + "_store")
	t.store(w, name)
	fmt.Fprintln(w)
}

func main() {
	out := flag.String("out", ".", "directory to write gemm_amd64.s and gemm_amd64.go into")
	flag.Parse()

	var s asm
	s.WriteString("// Code generated by internal/gen; DO NOT EDIT.\n\n//go:build !purego\n\n#include \"textflag.h\"\n#include \"mxcsr_amd64.h\"\n\n")
	var g bytes.Buffer
	g.WriteString("// Code generated by internal/gen; DO NOT EDIT.\n\n//go:build !purego\n\npackage kernels\n\n")
	for _, t := range tiles {
		if !t.narrow {
			fmt.Fprintf(&g, "// %s micro-kernels: %d x %d register tiles.\nconst (\n\t%sMR = %d\n\t%sNR = %d\n)\n\n",
				t.isaName(), t.mr, t.nr(), t.isa, t.mr, t.isa, t.nr())
		}
		t.rowKernel(&s)
		fmt.Fprintf(&g, "// %s computes C = A*B (+ bias) (+ C) for one %dx%d tile; A is read in place (rows lda floats apart), B by rows ldb floats apart.\n//\n//go:noescape\nfunc %s(kc int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, bias *float32, flags, rows, mask int)\n\n",
			t.name("Row"), t.mr, t.nr(), t.name("Row"))
		t.colKernel(&s)
		fmt.Fprintf(&g, "// %s computes C = A*B (+ bias) (+ C) for one %dx%d tile; A is read with element (r, p) at a[p*lda+r], B by rows ldb floats apart.\n//\n//go:noescape\nfunc %s(kc int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, bias *float32, flags, rows, mask int)\n\n",
			t.name("Col"), t.mr, t.nr(), t.name("Col"))
	}
	src, err := format.Source(g.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "gemm_amd64.s"), s.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "gemm_amd64.go"), src, 0o644); err != nil {
		log.Fatal(err)
	}
}
