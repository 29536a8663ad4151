package kernels

import (
	"runtime"
	"sync"
	"time"
)

// PeakGFLOPS measures the float32 FMA peak of the instruction set the
// kernels use (DefaultISA: with ADAPTFORMER_KERNELS=avx2 on an AVX-512 CPU,
// 256-bit FMAs) on the given number of threads (<= 0: GOMAXPROCS), in
// GFLOPS. It returns 0 where that instruction set has no FMA assembly. It
// takes about a tenth of a second.
func PeakGFLOPS(threads int) float64 { return PeakGFLOPSISA(DefaultISA(), threads) }

// peakRound is how long one timed round of PeakGFLOPSISA runs: long enough
// that starting the threads and reading the clock cost under 1%.
const peakRound = 15 * time.Millisecond

// PeakGFLOPSISA is PeakGFLOPS for the given instruction set: register-only
// loops of independent FMA chains on every thread at once, started
// together, best of a few rounds of about 15 ms.
func PeakGFLOPSISA(isa ISA, threads int) float64 {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	if !isa.Supported() || fmaLoop(isa, 1) == 0 {
		return 0
	}
	// Size a round from a short calibration run on this thread.
	const calib = 1 << 14
	start := time.Now()
	fmaLoop(isa, calib)
	per := time.Since(start).Seconds() / calib
	iters := max(calib, int(peakRound.Seconds()/per))

	best := 0.0
	for range 5 {
		var ready, done sync.WaitGroup
		ready.Add(threads)
		done.Add(threads)
		release := make(chan struct{})
		flops := make([]float64, threads)
		for t := range threads {
			go func() {
				defer done.Done()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				ready.Done()
				<-release
				flops[t] = fmaLoop(isa, iters)
			}()
		}
		ready.Wait()
		start := time.Now()
		close(release)
		done.Wait()
		total := 0.0
		for _, f := range flops {
			total += f
		}
		if g := total / time.Since(start).Seconds() / 1e9; g > best {
			best = g
		}
	}
	return best
}
