package trainer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/adaptformer/adaptformer/internal/atomicfile"
)

// A run directory holds one run, written by the process training it and
// readable by any other (the dashboard, the run store, `adaptformer runs`):
//
//	run.json        RunInfo: identity, status, config, progress (rewritten atomically)
//	metrics.jsonl   every event, one JSON object a line (append-only, see MarshalRecord)
//	checkpoints/    ckpt-<step>.safetensors, the last few (see checkpoint.go)
//	summary.txt     the model's per-layer parameter table
//	lock            held (flock) by the process training the run
const (
	RunInfoFile    = "run.json"
	MetricsFile    = "metrics.jsonl"
	CheckpointDir  = "checkpoints"
	SummaryFile    = "summary.txt"
	LockFile       = "lock"
	runInfoVersion = 1
)

// RunInfo is the content of run.json: what a run is and how far it got.
// The training process rewrites it atomically at every status change, epoch
// end and checkpoint, so a reader always sees a complete, recent version.
type RunInfo struct {
	Version int    `json:"version"`
	ID      string `json:"id"`               // unique, stable; the directory's base name by default
	Name    string `json:"name"`             // for people, e.g. "cifar10 adaptformer"
	Recipe  string `json:"recipe,omitempty"` // the recipe (file or name) that created the run, if any
	Parent  string `json:"parent,omitempty"` // the run this one continues from (e.g. the pretraining run's ID)

	Status  Status    `json:"status"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Started time.Time `json:"started,omitempty"` // when training last started or resumed
	Message string    `json:"message,omitempty"` // the last status message or error

	// The process training the run while Status is running or paused; a store
	// seeing such a status with no live process (see Active) shows the run
	// as interrupted.
	PID  int    `json:"pid,omitempty"`
	Host string `json:"host,omitempty"`

	Config Config `json:"config"`
	// InitFrom is the checkpoint file actually loaded for Config.InitFrom.
	InitFrom string `json:"init_from,omitempty"`

	// Progress. Epoch counts finished epochs; Step counts optimizer steps.
	Epoch         int `json:"epoch"`
	Step          int `json:"step"`
	Epochs        int `json:"epochs"`
	StepsPerEpoch int `json:"steps_per_epoch"`
	TrainImages   int `json:"train_images,omitempty"`
	EvalImages    int `json:"eval_images,omitempty"`

	// Model size.
	Params    int `json:"params"`
	Trainable int `json:"trainable"`

	// Results.
	BestEvalTop1 float64 `json:"best_eval_top1"`
	BestEpoch    int     `json:"best_epoch,omitempty"`
	LastEvalTop1 float64 `json:"last_eval_top1"`
	LastLoss     float64 `json:"last_loss,omitempty"`
	Checkpoint   string  `json:"checkpoint,omitempty"` // the latest checkpoint, relative to the run directory

	// The EMA weights' best and last eval top-1, with Config.EMADecay.
	BestEMAEvalTop1 float64 `json:"best_ema_eval_top1,omitempty"`
	BestEMAEpoch    int     `json:"best_ema_epoch,omitempty"`
	LastEMAEvalTop1 float64 `json:"last_ema_eval_top1,omitempty"`
}

// TotalSteps is the number of optimizer steps of the whole run, 0 if unknown.
func (i RunInfo) TotalSteps() int { return i.Epochs * i.StepsPerEpoch }

// Progress is the finished fraction of the run in [0,1].
func (i RunInfo) Progress() float64 {
	if t := i.TotalSteps(); t > 0 {
		return min(1, float64(i.Step)/float64(t))
	}
	return 0
}

// WriteRunInfo writes info to dir/run.json atomically: a temp file in the
// same directory, fsync, rename. Updated is set to now.
func WriteRunInfo(dir string, info RunInfo) error {
	info.Version = runInfoVersion
	info.Updated = time.Now().UTC()
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("encode run info: %w", err)
	}
	return WriteFileAtomic(filepath.Join(dir, RunInfoFile), append(b, '\n'))
}

// ReadRunInfo reads dir/run.json. A missing file wraps fs.ErrNotExist.
func ReadRunInfo(dir string) (RunInfo, error) {
	path := filepath.Join(dir, RunInfoFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return RunInfo{}, fmt.Errorf("read run info: %w", err)
	}
	var info RunInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return RunInfo{}, fmt.Errorf("read run info %s: not a valid run.json: %w", path, err)
	}
	if info.Version > runInfoVersion {
		return RunInfo{}, fmt.Errorf("read run info %s: version %d is newer than this program's %d", path, info.Version, runInfoVersion)
	}
	return info, nil
}

// IsRunDir reports whether dir holds a run.json.
func IsRunDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, RunInfoFile))
	return err == nil
}

// WriteFileAtomic replaces path with data so that a reader, or the file
// after a crash, is either the old content or the new, never a mix (see
// package atomicfile).
func WriteFileAtomic(path string, data []byte) error {
	return atomicfile.WriteFile(path, data)
}

// ErrNoRun is wrapped by errors about a directory that holds no run.
var ErrNoRun = errors.New("not a run directory")

// checkRunDir returns an error wrapping ErrNoRun when dir has no run.json.
func checkRunDir(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, RunInfoFile)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w (no %s)", dir, ErrNoRun, RunInfoFile)
		}
		return err
	}
	return nil
}
