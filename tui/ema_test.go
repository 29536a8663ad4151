package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// The run view's accuracy chart has a third curve, the eval top-1 of the
// moving average of the weights ("ema weights", not the loss smoothing),
// for a run that evaluated them, and only then.
func TestRunViewShowsEMA(t *testing.T) {
	for _, withEMA := range []bool{false, true} {
		root := t.TempDir()
		writeRun(t, root, fixtureRun{rel: "r1", name: "r1", mode: "full", dataset: "synthetic-pretrain",
			status: trainer.StatusFinished, epochs: 3, done: 3, steps: 10, startTop1: 0.1, gainTop1: 0.4})
		if withEMA {
			dir := filepath.Join(root, "r1")
			events, err := trainer.ReadMetrics(dir)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, e := range events {
				if ep, ok := e.(trainer.EpochEvent); ok {
					ep.EMAEvalLoss, ep.EMAEvalTop1, ep.EMAEvalTop5 = 1, ep.EvalTop1+0.05, 0.9
					e = ep
				}
				b, err := trainer.MarshalRecord(e)
				if err != nil {
					t.Fatal(err)
				}
				lines = append(lines, string(b))
			}
			if err := os.WriteFile(filepath.Join(dir, trainer.MetricsFile), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		store, err := experiments.OpenStore(root)
		if err != nil {
			t.Fatal(err)
		}
		out := frame(runProgram(t, newTestModel(t, store, newFakeQueue(), 100, 30), 100, 30, "enter"))
		if got := strings.Contains(out, "ema weights"); got != withEMA {
			t.Errorf("EMA evaluated %v: the run view names an \"ema weights\" curve: %v\n%s", withEMA, got, out)
		}
	}
}
