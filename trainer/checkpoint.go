package trainer

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/adaptformer/adaptformer/internal/atomicfile"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// A checkpoint is one safetensors file in the run's checkpoints/ directory,
// ckpt-<step>.safetensors, holding everything needed to continue exactly:
//
//   - every model parameter under its own name (so vit's Model.Load, and
//     --init-from, can read a checkpoint like any weights file),
//   - the optimizer's buffers as "optimizer/<param>.<buffer>",
//   - with Config.EMADecay, the moving average of each trainable parameter
//     as "ema/<param>", in the parameter's shape (InitFromEMA loads them),
//   - in the metadata: "format" (CheckpointFormat), "state" (the JSON of
//     checkpointState: epoch, batch, step, RNG state, running metrics,
//     metrics.jsonl offset), "model" (the vit.Config as JSON), and
//     "checksum", a SHA-256 over the state and every tensor, so that a
//     corrupt file is detected even where the format still parses.
//
// Files are written atomically; the newest few are kept.
const (
	CheckpointFormat   = "adaptformer-checkpoint-v1"
	optimizerPrefix    = "optimizer/"
	emaPrefix          = "ema/"
	checkpointPrefix   = "ckpt-"
	checkpointSuffix   = ".safetensors"
	corruptSuffix      = ".corrupt"
	checkpointStateVer = 1
)

// checkpointState is the non-tensor part of a checkpoint.
type checkpointState struct {
	Version int `json:"version"`
	// Position: Epoch is the 0-based epoch in progress (= finished epochs),
	// Batch how many of its batches are done, Step the global step count.
	Epoch int `json:"epoch"`
	Batch int `json:"batch"`
	Step  int `json:"step"`

	Optimizer      string   `json:"optimizer"`
	OptimizerSteps int      `json:"optimizer_steps"`
	Trainable      []string `json:"trainable"`
	ModelRNG       uint64   `json:"model_rng"`
	EMAUpdates     int      `json:"ema_updates,omitempty"` // with Config.EMADecay

	// The epoch's running training metrics so far.
	TrainLossSum float64 `json:"train_loss_sum"` // sum over images of the loss
	TrainCorrect int     `json:"train_correct"`
	TrainSeen    int     `json:"train_seen"`
	EpochSeconds float64 `json:"epoch_seconds"`

	// MetricsOffset is the length of metrics.jsonl when the checkpoint was
	// taken: a resume drops the step and epoch records after it, which the
	// resumed run writes again.
	MetricsOffset int64 `json:"metrics_offset"`

	BestEvalTop1 float64 `json:"best_eval_top1"`
	BestEpoch    int     `json:"best_epoch"`
	LastEvalTop1 float64 `json:"last_eval_top1"`
	// The same for the EMA weights' evaluation, with Config.EMADecay.
	BestEMAEvalTop1 float64 `json:"best_ema_eval_top1,omitempty"`
	BestEMAEpoch    int     `json:"best_ema_epoch,omitempty"`
	LastEMAEvalTop1 float64 `json:"last_ema_eval_top1,omitempty"`
}

// checkpoint is a checkpoint in memory.
type checkpoint struct {
	Path   string
	State  checkpointState
	Model  string               // the vit.Config JSON it was written with
	Params []safetensors.Tensor // model parameters, by name
	Optim  map[string][]float32 // optimizer buffers, by name without the prefix
	EMA    []safetensors.Tensor // moving averages, by parameter name without the prefix
	Meta   map[string]string    // the full metadata
}

// checkpointName is the file name of the checkpoint at step.
func checkpointName(step int) string {
	return fmt.Sprintf("%s%09d%s", checkpointPrefix, step, checkpointSuffix)
}

// writeCheckpoint writes c atomically to c.Path.
func writeCheckpoint(c *checkpoint) error {
	state, err := json.Marshal(c.State)
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	tensors := append([]safetensors.Tensor(nil), c.Params...)
	names := make([]string, 0, len(c.Optim))
	for name := range c.Optim {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b := c.Optim[name]
		tensors = append(tensors, safetensors.F32(optimizerPrefix+name, []int{len(b)}, b))
	}
	for _, t := range c.EMA {
		t.Name = emaPrefix + t.Name
		tensors = append(tensors, t)
	}
	meta := map[string]string{}
	for k, v := range c.Meta {
		meta[k] = v
	}
	meta["format"] = CheckpointFormat
	meta["state"] = string(state)
	meta["model"] = c.Model
	meta["checksum"] = checksum(state, tensors)
	// atomicfile: a temp file in the same directory, fsync, rename, and a
	// file readable by the other tools that load checkpoints.
	err = atomicfile.Write(c.Path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := safetensors.Encode(bw, tensors, meta); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	return nil
}

// checksum is "sha256:<hex>" over the state JSON and every tensor's name,
// dtype, shape and data, in name order (independent of header order).
func checksum(state []byte, tensors []safetensors.Tensor) string {
	sorted := slices.Clone(tensors)
	slices.SortFunc(sorted, func(a, b safetensors.Tensor) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	var n [8]byte
	writeBytes := func(b []byte) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	writeBytes(state)
	for _, t := range sorted {
		writeBytes([]byte(t.Name))
		writeBytes([]byte(t.DType))
		for _, d := range t.Shape {
			binary.LittleEndian.PutUint64(n[:], uint64(d))
			h.Write(n[:])
		}
		writeBytes(t.Data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// ErrCorruptCheckpoint is wrapped by errors about a checkpoint that is
// truncated, fails its checksum, or is not a trainer checkpoint.
var ErrCorruptCheckpoint = errors.New("corrupt checkpoint")

// readCheckpoint reads and verifies the checkpoint at path.
func readCheckpoint(path string) (*checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("%w %s: %v", ErrCorruptCheckpoint, path, err)
	}
	return parseCheckpoint(path, f)
}

// parseCheckpoint is readCheckpoint for a file already read: it checks the
// format, the checksum and the state's version.
func parseCheckpoint(path string, f *safetensors.File) (*checkpoint, error) {
	if f.Metadata["format"] != CheckpointFormat {
		return nil, fmt.Errorf("%w %s: metadata format is %q, want %q (a weights file, not a training checkpoint?)",
			ErrCorruptCheckpoint, path, f.Metadata["format"], CheckpointFormat)
	}
	state := []byte(f.Metadata["state"])
	if got, want := checksum(state, f.Tensors), f.Metadata["checksum"]; got != want {
		return nil, fmt.Errorf("%w %s: checksum mismatch (stored %s, computed %s)", ErrCorruptCheckpoint, path, short(want), short(got))
	}
	c := &checkpoint{Path: path, Model: f.Metadata["model"], Meta: f.Metadata, Optim: map[string][]float32{}}
	if err := json.Unmarshal(state, &c.State); err != nil {
		return nil, fmt.Errorf("%w %s: state: %v", ErrCorruptCheckpoint, path, err)
	}
	if c.State.Version != checkpointStateVer {
		return nil, fmt.Errorf("checkpoint %s: state version %d, this program reads %d", path, c.State.Version, checkpointStateVer)
	}
	for _, t := range f.Tensors {
		if name, isEMA := strings.CutPrefix(t.Name, emaPrefix); isEMA {
			t.Name = name
			c.EMA = append(c.EMA, t)
			continue
		}
		name, isOpt := strings.CutPrefix(t.Name, optimizerPrefix)
		if !isOpt {
			c.Params = append(c.Params, t)
			continue
		}
		v, err := t.Float32()
		if err != nil {
			return nil, fmt.Errorf("%w %s: tensor %s: %v", ErrCorruptCheckpoint, path, t.Name, err)
		}
		c.Optim[name] = v
	}
	return c, nil
}

func short(sum string) string {
	if len(sum) > 19 {
		return sum[:19] + "…"
	}
	if sum == "" {
		return "none"
	}
	return sum
}

// listCheckpoints returns the checkpoint files of a run directory, newest
// (highest step) first.
func listCheckpoints(runDir string) ([]string, error) {
	dir := filepath.Join(runDir, CheckpointDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list checkpoints: %w", err)
	}
	type ck struct {
		step int
		path string
	}
	var cks []ck
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, checkpointPrefix) || !strings.HasSuffix(name, checkpointSuffix) {
			continue
		}
		step, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, checkpointPrefix), checkpointSuffix))
		if err != nil {
			continue
		}
		cks = append(cks, ck{step, filepath.Join(dir, name)})
	}
	slices.SortFunc(cks, func(a, b ck) int { return b.step - a.step })
	paths := make([]string, len(cks))
	for i, c := range cks {
		paths[i] = c.path
	}
	return paths, nil
}

// latestCheckpoint reads the newest checkpoint of runDir that verifies. The
// ones newer than it that fail are returned as problems (and renamed to
// *.corrupt when quarantine is set, so that they stay out of the way).
// It returns a nil checkpoint and no error when there is none at all.
func latestCheckpoint(runDir string, quarantine bool) (*checkpoint, []error, error) {
	paths, err := listCheckpoints(runDir)
	if err != nil {
		return nil, nil, err
	}
	var problems []error
	for _, p := range paths {
		c, err := readCheckpoint(p)
		if err == nil {
			return c, problems, nil
		}
		problems = append(problems, err)
		if quarantine && errors.Is(err, ErrCorruptCheckpoint) {
			os.Rename(p, p+corruptSuffix)
		}
	}
	if len(problems) > 0 {
		return nil, problems, fmt.Errorf("no good checkpoint in %s: %w", runDir, errors.Join(problems...))
	}
	return nil, nil, nil
}

// LatestCheckpoint returns the path of the newest checkpoint in the run
// directory runDir that reads back intact (size, format and checksum), and
// the problems of any newer ones that do not. It fails when the run has no
// usable checkpoint.
func LatestCheckpoint(runDir string) (string, []error, error) {
	c, problems, err := latestCheckpoint(runDir, false)
	if err != nil {
		return "", problems, err
	}
	if c == nil {
		return "", nil, fmt.Errorf("run %s has no checkpoint yet", runDir)
	}
	return c.Path, problems, nil
}

// HasCheckpoint reports whether the run directory runDir holds any
// checkpoint file, without reading it (LatestCheckpoint reads and checks the
// newest, which takes a while for a large model): whether the run has
// started, for instance. An unreadable checkpoint directory counts as one.
func HasCheckpoint(runDir string) bool {
	paths, err := listCheckpoints(runDir)
	return err != nil || len(paths) > 0
}

// VerifyCheckpoint reads the checkpoint at path and checks its format and
// checksum; the error says what is wrong.
func VerifyCheckpoint(path string) error {
	_, err := readCheckpoint(path)
	return err
}

// pruneCheckpoints deletes all but the newest keep checkpoints.
func pruneCheckpoints(runDir string, keep int) {
	paths, err := listCheckpoints(runDir)
	if err != nil {
		return
	}
	for _, p := range paths[min(keep, len(paths)):] {
		os.Remove(p)
	}
}

// removeStaleTemps deletes the temp files of checkpoint writes that a
// killed process left behind (".ckpt-*.tmp*"); they are never complete.
func removeStaleTemps(runDir string) {
	matches, _ := filepath.Glob(filepath.Join(runDir, CheckpointDir, "."+checkpointPrefix+"*.tmp*"))
	for _, m := range matches {
		os.Remove(m)
	}
}
