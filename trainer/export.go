package trainer

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/adaptformer/adaptformer/internal/atomicfile"
	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// ExportOptions tune ExportWeights.
type ExportOptions struct {
	// Checkpoint is the checkpoint to export: a path, or a file name in the
	// run's checkpoints/ folder. "" takes the newest one that verifies.
	Checkpoint string
	// RunID names the run in the metadata ("" for run.json's ID).
	RunID string
	// EMA exports the weight EMA the checkpoint keeps (its ema/ tensors)
	// instead of the trained weights; a parameter without one (a frozen
	// one, which the EMA leaves unchanged) keeps its trained value.
	EMA bool
}

// ExportResult describes an exported weights file.
type ExportResult struct {
	Path       string // the file written
	Checkpoint string // the checkpoint it came from
	Step       int    // that checkpoint's training step
	Tensors    int    // parameters written
	Size       int64  // bytes
	SHA256     string // of the file, hex
}

// ExportWeights writes the parameters of a checkpoint of the run in runDir,
// and nothing else (no optimizer state), to out as safetensors under the
// model's timm names, atomically. The metadata holds what rebuilds and
// explains the model: format (WeightsFormat), vit.MetaConfig (the model
// config), the source run and checkpoint, the step, the epochs done, the
// last eval top-1 and the run's training config. vit.Model.Load, `train
// --init-from` and `eval --init-from` read the file, as any safetensors
// reader does.
func ExportWeights(runDir, out string, opt ExportOptions) (ExportResult, error) {
	info, err := ReadRunInfo(runDir)
	if err != nil {
		return ExportResult{}, err
	}
	var ck *checkpoint
	if opt.Checkpoint == "" {
		if ck, _, err = latestCheckpoint(runDir, false); err != nil {
			return ExportResult{}, err
		}
		if ck == nil {
			return ExportResult{}, fmt.Errorf("run %s has no checkpoint yet", runDir)
		}
	} else {
		path := opt.Checkpoint
		if _, err := os.Stat(path); err != nil && !strings.ContainsRune(path, os.PathSeparator) {
			path = filepath.Join(runDir, CheckpointDir, path)
		}
		if ck, err = readCheckpoint(path); err != nil {
			return ExportResult{}, err
		}
	}
	if ck.Model == "" {
		return ExportResult{}, fmt.Errorf("checkpoint %s records no model config", ck.Path)
	}
	var cfg vit.Config
	if err := json.Unmarshal([]byte(ck.Model), &cfg); err != nil {
		return ExportResult{}, fmt.Errorf("%w %s: model config: %v", ErrCorruptCheckpoint, ck.Path, err)
	}
	tensors, err := checkpointTensors(ck, opt.EMA)
	if err != nil {
		return ExportResult{}, err
	}
	trainCfg, err := json.Marshal(info.Config)
	if err != nil {
		return ExportResult{}, err
	}
	runID := opt.RunID
	if runID == "" {
		runID = info.ID
	}
	epochs := float64(ck.State.Epoch)
	if info.StepsPerEpoch > 0 {
		epochs += float64(ck.State.Batch) / float64(info.StepsPerEpoch)
	}
	meta := map[string]string{
		"format":             WeightsFormat,
		vit.MetaConfig:       ck.Model,
		MetaSourceRun:        runID,
		MetaSourceCheckpoint: filepath.Base(ck.Path),
		MetaStep:             strconv.Itoa(ck.State.Step),
		MetaEpochs:           strconv.FormatFloat(epochs, 'f', -1, 64),
		MetaTrainConfig:      string(trainCfg),
	}
	if ck.State.LastEvalTop1 > 0 {
		meta["eval_top1"] = strconv.FormatFloat(ck.State.LastEvalTop1, 'f', -1, 64)
	}
	if opt.EMA {
		meta["ema"] = "true"
	}
	h := sha256.New()
	var size int64
	err = atomicfile.Write(out, func(w io.Writer) error {
		cw := &countingWriter{w: io.MultiWriter(w, h)}
		bw := bufio.NewWriterSize(cw, 1<<20)
		if err := safetensors.Encode(bw, tensors, meta); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		size = cw.n
		return nil
	})
	if err != nil {
		return ExportResult{}, fmt.Errorf("export weights: %w", err)
	}
	return ExportResult{Path: out, Checkpoint: ck.Path, Step: ck.State.Step, Tensors: len(tensors),
		Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// checkpointTensors returns a checkpoint's model parameters under their
// timm names, without the optimizer's state: the trained ones, or with ema
// the moving averages where it keeps them (the parameters the run froze
// have none and come as they are).
func checkpointTensors(ck *checkpoint, ema bool) ([]safetensors.Tensor, error) {
	params := slices.Clone(ck.Params)
	if !ema {
		return params, nil
	}
	if len(ck.EMA) == 0 {
		return nil, fmt.Errorf("checkpoint %s keeps no weight EMA: it holds no EMA weights (%s* tensors); train with ema_decay, or take the trained weights", ck.Path, emaPrefix)
	}
	f, err := emaWeights(&safetensors.File{Tensors: append(params, prefixed(emaPrefix, ck.EMA)...)})
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", ck.Path, err)
	}
	return f.Tensors, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
