package main

import (
	"fmt"

	"github.com/adaptformer/adaptformer/trainer"
)

// emaEval is what the epoch lines of train and run add for a run with a
// moving average of the weights: " | EMA loss 1.2345 top-1 56.78% top-5
// 89.01%", and nothing for a run without.
func emaEval(sep string, e trainer.EpochEvent) string {
	if !e.HasEMA() {
		return ""
	}
	return fmt.Sprintf("%sEMA loss %.4f top-1 %.2f%% top-5 %.2f%%", sep, e.EMAEvalLoss, 100*e.EMAEvalTop1, 100*e.EMAEvalTop5)
}

// emaTop1Line is runs show's line for the EMA weights' top-1, "" for a run
// without them (or before its first epoch).
func emaTop1Line(i trainer.RunInfo, last string) string {
	if i.BestEMAEpoch == 0 {
		return ""
	}
	return fmt.Sprintf("EMA top-1  %s %.2f%%, best %.2f%% (epoch %d)\n", last, 100*i.LastEMAEvalTop1, 100*i.BestEMAEvalTop1, i.BestEMAEpoch)
}
