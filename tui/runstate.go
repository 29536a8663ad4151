package tui

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// runState is everything the dashboard knows of one run: its entry in the
// store and the curves built from its events. It is only touched by Update.
type runState struct {
	entry  experiments.RunEntry
	status trainer.Status
	// statusByEvent: status was set by an event of this process's queue,
	// which is fresher than run.json while the queue holds the run.
	statusByEvent bool

	// Per step: X is the global step.
	stepX, loss, lr []float64
	rate            float64 // images/s of the last step
	etaRate         float64 // rate smoothed over recent steps, for the ETA
	lastStep        trainer.StepEvent

	epochs []trainer.EpochEvent

	lastError string
	skipped   string // metrics.jsonl lines that do not decode, described (runs followed from disk)
	loaded    bool   // the history was read from metrics.jsonl
	params    *paramTable
	paramsErr string
	planFor   string // the config params were last asked for from (queued), as planKey writes it

	version int // bumps on every change of the curves, for chart caches
}

func newRunState(e experiments.RunEntry) *runState {
	return &runState{entry: e, status: e.Status}
}

// ID is the run's store ID.
func (r *runState) ID() string { return r.entry.ID }

// Name is the run's human name.
func (r *runState) Name() string { return r.entry.Name() }

// Info is the run's run.json as last read, advanced by its events.
func (r *runState) Info() trainer.RunInfo { return r.entry.Info }

// setEntry takes a fresher store entry, keeping what events already told.
// live is whether this process's queue holds the run: its events then
// decide the status.
func (r *runState) setEntry(e experiments.RunEntry, live bool) {
	old := r.entry.Info
	r.entry = e
	if old.Step > e.Info.Step {
		r.entry.Info.Step = old.Step
	}
	if old.Epoch > e.Info.Epoch {
		r.entry.Info.Epoch = old.Epoch
	}
	if !live || !r.statusByEvent {
		r.status, r.statusByEvent = e.Status, false
	}
}

// reset forgets the curves (the metrics file was rewritten).
func (r *runState) reset() {
	r.stepX, r.loss, r.lr = r.stepX[:0], r.loss[:0], r.lr[:0]
	r.epochs = r.epochs[:0]
	r.version++
}

// apply takes one trainer event. A step or epoch at or before the last one
// seen means the run was resumed from an earlier checkpoint: the curves
// rewind to that point first, exactly as the trainer rewinds metrics.jsonl.
func (r *runState) apply(e trainer.Event) {
	info := &r.entry.Info
	switch e := e.(type) {
	case trainer.StepEvent:
		if n := len(r.stepX); n > 0 && float64(e.Step) <= r.stepX[n-1] {
			r.rewindSteps(e.Step)
		}
		r.stepX = append(r.stepX, float64(e.Step))
		r.loss = append(r.loss, e.Loss)
		r.lr = append(r.lr, e.LR)
		r.rate = e.ImagesPerSec
		r.etaRate = smoothRate(r.etaRate, e.ImagesPerSec)
		r.lastStep = e
		info.Step = e.Step
		r.version++
	case trainer.EpochEvent:
		if n := len(r.epochs); n > 0 && e.Epoch <= r.epochs[n-1].Epoch {
			r.rewindEpochs(e.Epoch)
		}
		r.epochs = append(r.epochs, e)
		info.Epoch = e.Epoch
		info.Step = max(info.Step, e.Step)
		info.LastEvalTop1 = e.EvalTop1
		if e.EvalTop1 > info.BestEvalTop1 || info.BestEpoch == 0 {
			info.BestEvalTop1, info.BestEpoch = e.EvalTop1, e.Epoch
		}
		r.version++
	case trainer.StatusEvent:
		r.status = e.Status
		info.Status = e.Status
		if e.Message != "" {
			info.Message = e.Message
		}
		if e.Step > 0 && e.Step < info.Step && e.Status == trainer.StatusRunning {
			// A resume from a checkpoint before the last step seen.
			r.rewindSteps(e.Step + 1)
			info.Step = e.Step
		}
	case trainer.ErrorEvent:
		r.lastError = e.Message
	}
}

// rewindSteps drops the step points at or after step, and the epochs that
// ended after it.
func (r *runState) rewindSteps(step int) {
	i := len(r.stepX)
	for i > 0 && r.stepX[i-1] >= float64(step) {
		i--
	}
	r.stepX, r.loss, r.lr = r.stepX[:i], r.loss[:i], r.lr[:i]
	j := len(r.epochs)
	for j > 0 && r.epochs[j-1].Step >= step {
		j--
	}
	r.epochs = r.epochs[:j]
	r.version++
}

// rewindEpochs drops the epochs numbered epoch and later.
func (r *runState) rewindEpochs(epoch int) {
	j := len(r.epochs)
	for j > 0 && r.epochs[j-1].Epoch >= epoch {
		j--
	}
	r.epochs = r.epochs[:j]
	r.version++
}

// bestTop1 is the best evaluation top-1 so far.
func (r *runState) bestTop1() (float64, bool) {
	best, _, ok := r.best()
	return best, ok
}

// best is the best evaluation top-1 so far and the epoch that reached it.
func (r *runState) best() (top1 float64, epoch int, ok bool) {
	for _, e := range r.epochs {
		if !ok || e.EvalTop1 > top1 {
			top1, epoch, ok = e.EvalTop1, e.Epoch, true
		}
	}
	if !ok && r.entry.Info.BestEpoch > 0 {
		return r.entry.Info.BestEvalTop1, r.entry.Info.BestEpoch, true
	}
	return top1, epoch, ok
}

// lastTop1 is the evaluation top-1 of the last finished epoch (0 before
// the first).
func (r *runState) lastTop1() float64 {
	if n := len(r.epochs); n > 0 {
		return r.epochs[n-1].EvalTop1
	}
	return r.entry.Info.LastEvalTop1
}

// trainablePct is the share of trainable parameters, if known.
func (r *runState) trainablePct() (float64, bool) {
	if i := r.entry.Info; i.Params > 0 {
		return float64(i.Trainable) / float64(i.Params), true
	}
	if r.params != nil && r.params.total > 0 {
		return float64(r.params.trainable) / float64(r.params.total), true
	}
	return 0, false
}

// imagesPerSec is the current throughput of a running run, or the mean of a
// finished one (images trained over the time spent training).
func (r *runState) imagesPerSec() float64 {
	if r.status == trainer.StatusRunning && r.rate > 0 {
		return r.rate
	}
	var secs float64
	for _, e := range r.epochs {
		secs += e.Seconds
	}
	if n := r.entry.Info.TrainImages; secs > 0 && n > 0 {
		return float64(n*len(r.epochs)) / secs
	}
	return r.rate
}

// trainSeconds is the wall time spent training finished epochs.
func (r *runState) trainSeconds() float64 {
	var secs float64
	for _, e := range r.epochs {
		secs += e.Seconds
	}
	return secs
}

// smoothRate folds one step's images/s into a moving average over about the
// last 30 steps: one step's rate swings twofold on a shared CPU, and an ETA
// from it jumped by minutes from one redraw to the next.
func smoothRate(avg, rate float64) float64 {
	if rate <= 0 {
		return avg
	}
	if avg <= 0 {
		return rate
	}
	const alpha = 1.0 / 30
	return avg + alpha*(rate-avg)
}

// eta estimates the time left from the recent throughput.
func (r *runState) eta() (time.Duration, bool) {
	info := r.entry.Info
	total := info.TotalSteps()
	batch := info.Config.Batch
	if total <= 0 || batch <= 0 || r.etaRate <= 0 {
		return 0, false
	}
	left := total - info.Step
	if left < 0 {
		left = 0
	}
	secs := float64(left) * float64(batch) / r.etaRate
	return time.Duration(secs * float64(time.Second)), true
}

// epochProgress is the finished epochs and the epochs planned.
func (r *runState) epochProgress() (done, total int) {
	return r.entry.Info.Epoch, max(r.entry.Info.Epochs, r.entry.Info.Config.Epochs)
}

// epochsTrained is how far the run got in epochs: its finished epochs plus
// the share of the one in progress, from its step (2.7 in the middle of
// epoch 3), rounded down to a tenth so that it never reads as an epoch
// that has not ended.
func (r *runState) epochsTrained() float64 {
	info := r.entry.Info
	done := float64(info.Epoch)
	if spe := info.StepsPerEpoch; spe > 0 && info.Step > 0 {
		f := math.Floor(float64(info.Step)/float64(spe)*10) / 10
		if f > done && f < done+1 {
			return f
		}
	}
	return done
}

// epochLabel is how far the run got of its epochs: "2.7/12" in the middle
// of epoch 3, "12/12" when done. A count of finished epochs alone ("2/12"
// all through epoch 3) reads as the epoch in progress.
func (r *runState) epochLabel() string {
	_, total := r.epochProgress()
	return trimFloat(fmt.Sprintf("%.1f", r.epochsTrained())) + "/" + strconv.Itoa(total)
}

// planKey identifies what a queued run will train, to ask again for its
// planned parameters when it changes (the freeze toggle sets another mode).
func planKey(c trainer.Config) string {
	b, _ := json.Marshal(c) // every model override and freeze pattern
	return string(b)
}
