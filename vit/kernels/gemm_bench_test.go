package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// processCPU is the CPU time of the whole process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU is the CPU time of the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchPresets are the linear layers of the model presets at batch 128 (16
// for seed-b3): M = batch x tokens rows, in -> out features.
var benchPresets = []struct {
	name     string
	rows     int
	dim, mlp int
}{
	{"tiny", 128 * 65, 192, 768},
	{"small", 128 * 65, 384, 1536},
	{"seed-b3", 16 * 101, 768, 3072},
}

// BenchmarkSgemm measures the GEMMs of a training step per preset: the
// forward (NT: X·Wᵀ), the input gradient (NN: dY·W) and the weight gradient
// (TN: dYᵀ·X) of each linear layer, on a pool of GOMAXPROCS threads.
func BenchmarkSgemm(b *testing.B) { benchSgemm(b, 0) }

// BenchmarkSgemm1 is BenchmarkSgemm on one thread: on a shared machine it is
// the steadier measure of the micro-kernels.
func BenchmarkSgemm1(b *testing.B) { benchSgemm(b, 1) }

func benchSgemm(b *testing.B, threads int) {
	for _, pr := range benchPresets {
		layers := []struct {
			name    string
			in, out int
		}{
			{"qkv", pr.dim, 3 * pr.dim}, {"proj", pr.dim, pr.dim}, {"fc1", pr.dim, pr.mlp}, {"fc2", pr.mlp, pr.dim},
		}
		for _, l := range layers {
			for _, form := range []string{"NT", "NN", "TN"} {
				m, n, k := pr.rows, l.out, l.in
				switch form {
				case "NN":
					m, n, k = pr.rows, l.in, l.out
				case "TN":
					m, n, k = l.out, l.in, pr.rows
				}
				name := fmt.Sprintf("%s/%s/%s/%dx%dx%d", pr.name, l.name, form, m, n, k)
				b.Run(name, func(b *testing.B) { benchGemm(b, NewPool(threads), form, m, n, k) })
			}
		}
	}
}

// BenchmarkSgemmAttention measures one attention GEMM per image and head,
// run serially inside a ParallelFor over images x heads (tiny: 65 tokens,
// head dim 64, 128 images x 3 heads).
func BenchmarkSgemmAttention(b *testing.B) {
	const tokens, hd, batch = 65, 64, 128 * 3
	rng := rand.New(rand.NewPCG(1, 1))
	q := randSlice(rng, batch*tokens*hd)
	k := randSlice(rng, batch*tokens*hd)
	s := make([]float32, batch*tokens*tokens)
	p := NewPool(0)
	defer p.Close()
	b.SetBytes(0)
	b.ResetTimer()
	for range b.N {
		p.ParallelFor(batch, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				Sgemm(false, true, tokens, tokens, hd, 0.125, q[i*tokens*hd:], hd, k[i*tokens*hd:], hd, 0, s[i*tokens*tokens:], tokens)
			}
		})
	}
	b.ReportMetric(2*float64(batch*tokens*tokens*hd)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

func benchGemm(b *testing.B, p *Pool, form string, m, n, k int) {
	defer p.Close()
	rng := rand.New(rand.NewPCG(1, 1))
	transA, transB := form == "TN", form == "NT"
	a := randSlice(rng, m*k)
	bb := randSlice(rng, k*n)
	c := make([]float32, m*n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	p.Sgemm(transA, transB, m, n, k, 1, a, lda, bb, ldb, 1, c, n)
	if p.Threads() == 1 {
		// One thread: also report FLOPs per second of this thread's CPU
		// time, which other load on a shared machine does not dilute.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	b.ReportAllocs()
	cpu0, proc0 := threadCPU(), processCPU()
	b.ResetTimer()
	for range b.N {
		p.Sgemm(transA, transB, m, n, k, 1, a, lda, bb, ldb, 1, c, n)
	}
	flops := 2 * float64(m) * float64(n) * float64(k) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOPS")
	if p.Threads() == 1 {
		b.ReportMetric(flops/(threadCPU()-cpu0).Seconds()/1e9, "cpuGFLOPS")
	} else {
		// Per second of CPU time of all threads: what one core does.
		b.ReportMetric(flops/(processCPU()-proc0).Seconds()/1e9, "coreGFLOPS")
	}
}

// BenchmarkSgemmSmall measures the per-(image, head) attention GEMMs of the
// tiny preset (65 tokens, head dim 64) serially on one thread, reporting
// GFLOPS of thread CPU time.
func BenchmarkSgemmSmall(b *testing.B) {
	const T, hd, ld = 65, 64, 3 * 192
	cases := []struct {
		name           string
		transA, transB bool
		m, n, k        int
		lda, ldb, ldc  int
	}{
		{"QKt/NT", false, true, T, T, hd, ld, ld, T},
		{"PV/NN", false, false, T, hd, T, T, ld, 192},
		{"PtdO/TN", true, false, T, hd, T, T, 192, ld},
	}
	// Worker.Sgemm, as the model calls it inside ParallelForWorker; the
	// package-level Sgemm adds clearing its stack scratch.
	rng := rand.New(rand.NewPCG(1, 1))
	a := randSlice(rng, T*ld)
	bb := randSlice(rng, T*ld)
	c := make([]float32, T*ld)
	w := NewWorker(DefaultISA())
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			cpu0 := threadCPU()
			for range b.N {
				w.Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, a, tc.lda, bb, tc.ldb, 0, c, tc.ldc)
			}
			flops := 2 * float64(tc.m*tc.n*tc.k) * float64(b.N)
			b.ReportMetric(flops/(threadCPU()-cpu0).Seconds()/1e9, "cpuGFLOPS")
		})
	}
}

// BenchmarkPeak reports the FMA peak of one and of all threads, to read the
// GEMM figures against.
func BenchmarkPeak(b *testing.B) {
	for _, threads := range []int{1, 0} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			best := 0.0
			for range b.N {
				best = max(best, PeakGFLOPS(threads))
			}
			b.ReportMetric(best, "GFLOPS")
		})
	}
}
