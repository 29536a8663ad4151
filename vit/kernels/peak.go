package kernels

import (
	"runtime"
	"sync"
	"time"
)

// PeakGFLOPS measures the machine's float32 FMA peak on the given number of
// threads (<= 0: GOMAXPROCS), in GFLOPS: register-only FMA loops of the best
// instruction set the CPU has, run on all threads at once, best of a few
// short rounds. It returns 0 where no FMA assembly exists. It takes about a
// tenth of a second.
func PeakGFLOPS(threads int) float64 {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	isa := detectedISA
	if fmaLoop(isa, 1) == 0 {
		return 0
	}
	const iters = 1 << 16
	best := 0.0
	for range 5 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		flops := 0.0
		start := time.Now()
		for range threads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				f := 0.0
				for range 8 {
					f += fmaLoop(isa, iters)
				}
				mu.Lock()
				flops += f
				mu.Unlock()
			}()
		}
		wg.Wait()
		if g := flops / time.Since(start).Seconds() / 1e9; g > best {
			best = g
		}
	}
	return best
}
