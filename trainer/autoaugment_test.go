package trainer

import (
	"path/filepath"
	"testing"
)

// TestAutoAugmentRun: a run with an augmentation policy resumes exactly
// (the policy's draws depend only on seed, epoch and position), and the
// policy does change what it trains on.
func TestAutoAugmentRun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three small runs")
	}
	cfg := smallConfig()
	cfg.AutoAugment = "trivialaugment"
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	trainToEnd(t, ref, cfg)
	want := epochMetrics(t, ref)

	dir := filepath.Join(base, "stopped")
	r, err := New(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stopAt(t, r, 3)
	if r, err = Resume(dir); err != nil {
		t.Fatal(err)
	}
	r.Start()
	drain(r)
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	compareEpochs(t, epochMetrics(t, dir), want)

	plain := cfg
	plain.AutoAugment = ""
	trainToEnd(t, filepath.Join(base, "plain"), plain)
	if got := epochMetrics(t, filepath.Join(base, "plain")); got[0].TrainLoss == want[0].TrainLoss {
		t.Errorf("trivialaugment and no policy trained to the same first-epoch loss %v", got[0].TrainLoss)
	}
}
