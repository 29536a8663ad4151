package trainer

import (
	"math"
	"testing"
)

func TestScheduleAt(t *testing.T) {
	s := Schedule{Peak: 0.01, Min: 0.001, Warmup: 4, Total: 12}
	tests := []struct {
		step int
		want float64
	}{
		{0, 0.0025}, // warmup: peak*(s+1)/warmup
		{1, 0.005},  //
		{3, 0.01},   // end of warmup: the peak
		{4, 0.01},   // cosine starts at the peak
		{8, 0.0055}, // half way: (peak+min)/2
		{6, 0.001 + 0.009*0.5*(1+math.Cos(math.Pi/4))},
		{12, 0.001},  // the end: min
		{50, 0.001},  // past the end: min
		{-1, 0.0025}, // before the start: the first step's
	}
	for _, tt := range tests {
		if got := s.At(tt.step); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("At(%d) = %v, want %v", tt.step, got, tt.want)
		}
	}
	if got := (Schedule{Peak: 0.1, Warmup: 10, Total: 5}).At(20); got != 0.1 {
		t.Errorf("warmup longer than the run: At(20) = %v, want the peak", got)
	}
	if got := (Schedule{Peak: 0.1, Total: 2}).At(0); got != 0.1 {
		t.Errorf("no warmup: At(0) = %v, want the peak", got)
	}
}

func TestConfigWarmup(t *testing.T) {
	tests := []struct {
		steps    int
		fraction float64
		total    int
		want     int
	}{
		{2000, 0.2, 100000, 2000}, // a long run: the reproduction's warmup
		{2000, 0.2, 390, 78},      // a short run: a fifth of it
		{2000, 0, 390, 2000},      // no cap: as asked (and as runs written before the cap resume)
		{50, 0.2, 390, 50},        // shorter than the cap
		{0, 0.2, 390, 0},          // no warmup
		{10, 1, 5, 5},
	}
	for _, tt := range tests {
		c := Config{WarmupSteps: tt.steps, MaxWarmupFraction: tt.fraction}
		if got := c.Warmup(tt.total); got != tt.want {
			t.Errorf("Warmup(%d) with warmup_steps %d, max_warmup_fraction %v = %d, want %d",
				tt.total, tt.steps, tt.fraction, got, tt.want)
		}
	}
}
