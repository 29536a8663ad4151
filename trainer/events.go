package trainer

import "time"

// Status is where a run is in its life.
type Status string

// The statuses a run passes through. Interrupted is never reported by a live
// run: the run store gives it to a run left "running" by a process that died.
const (
	StatusQueued      Status = "queued"
	StatusRunning     Status = "running"
	StatusPaused      Status = "paused"
	StatusFinished    Status = "finished"
	StatusStopped     Status = "stopped"
	StatusFailed      Status = "failed"
	StatusInterrupted Status = "interrupted"
)

// Done reports whether the status is final for this process.
func (s Status) Done() bool {
	return s == StatusFinished || s == StatusStopped || s == StatusFailed
}

// Event is what a Run reports on its Events channel, and what each line of
// a run directory's metrics.jsonl holds (see MarshalRecord).
type Event interface{ event() }

// StepEvent reports one optimizer step. A slow consumer may see only some
// steps (they are coalesced), never a wrong one.
type StepEvent struct {
	Time         time.Time `json:"time"`
	Epoch        int       `json:"epoch"` // 1-based epoch the step belongs to
	Step         int       `json:"step"`  // global step count after this step, 1-based
	Loss         float64   `json:"loss"`
	LR           float64   `json:"lr"`
	ImagesPerSec float64   `json:"images_per_s"`
}

// EpochEvent reports a finished epoch: running training metrics and a full
// evaluation pass in eval mode. Never dropped.
type EpochEvent struct {
	Time      time.Time `json:"time"`
	Epoch     int       `json:"epoch"` // 1-based
	Step      int       `json:"step"`  // global step at the end of the epoch
	TrainLoss float64   `json:"train_loss"`
	TrainTop1 float64   `json:"train_top1"` // fraction in [0,1]
	EvalLoss  float64   `json:"eval_loss"`
	EvalTop1  float64   `json:"eval_top1"`
	EvalTop5  float64   `json:"eval_top5"`
	LR        float64   `json:"lr"`
	Seconds   float64   `json:"seconds"` // wall time of the epoch's training part
	// ImagesPerSec is the epoch's training throughput (images / Seconds).
	ImagesPerSec float64 `json:"images_per_s,omitempty"`
	// The evaluation of the moving average of the weights, the same pass
	// as EvalLoss, EvalTop1 and EvalTop5; with Config.EMADecay only
	// (HasEMA), absent from the records of runs without.
	EMAEvalLoss float64 `json:"ema_eval_loss,omitempty"`
	EMAEvalTop1 float64 `json:"ema_eval_top1,omitempty"`
	EMAEvalTop5 float64 `json:"ema_eval_top5,omitempty"`
}

// HasEMA reports whether the epoch has an evaluation of the EMA weights.
// Where there is one its loss is positive, or, when every logit margin was
// so large that the loss rounded to 0, every image was right and its
// top-5 is 1.
func (e EpochEvent) HasEMA() bool { return e.EMAEvalLoss > 0 || e.EMAEvalTop5 > 0 }

// StatusEvent reports a change of status. Never dropped.
type StatusEvent struct {
	Time    time.Time `json:"time"`
	Status  Status    `json:"status"`
	Step    int       `json:"step"`
	Message string    `json:"message,omitempty"`
}

// ErrorEvent reports an error; a fatal one is followed by StatusFailed.
type ErrorEvent struct {
	Time    time.Time `json:"time"`
	Step    int       `json:"step"`
	Message string    `json:"message"`
}

func (StepEvent) event()   {}
func (EpochEvent) event()  {}
func (StatusEvent) event() {}
func (ErrorEvent) event()  {}
