package trainer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/pretrained"
	"github.com/adaptformer/adaptformer/vit/safetensors"
)

// WeightsFormat is the "format" metadata of a weights file ExportWeights
// writes: parameters only, no optimizer state.
const WeightsFormat = "adaptformer-weights-v1"

// Metadata keys of an exported weights file besides vit.MetaConfig.
const (
	MetaSourceRun        = "source_run"        // the run ID the weights come from
	MetaSourceCheckpoint = "source_checkpoint" // its checkpoint file's name
	MetaStep             = "step"              // the training step of that checkpoint
	MetaEpochs           = "epochs"            // finished epochs at that step
	MetaTrainConfig      = "train_config"      // the run's Config as JSON (its recipe)
)

// Weights is a set of model weights read for loading: a weights file, a
// training checkpoint, a run's newest good checkpoint, or a shipped model.
type Weights struct {
	File *safetensors.File
	// Source is the file read, or "NAME (shipped)" for a shipped model.
	Source string
	// Config is the model the weights were written for, when the file
	// records it (HasConfig): a training checkpoint's "model", an exported
	// or shipped file's vit.MetaConfig. A timm file records none.
	Config    vit.Config
	HasConfig bool
	// Checkpoint is set for a training checkpoint (whose checksum was
	// verified, and whose optimizer state is ignored).
	Checkpoint bool
	// Step is the training step the weights were taken at, -1 when unknown.
	Step int
	// Skipped are the newer checkpoints of a run that failed to verify.
	Skipped []error
}

// ReadWeights reads the weights from names, with the shipped models as the
// registry of short names. See ReadWeightsFrom.
func ReadWeights(from string) (*Weights, error) {
	return ReadWeightsFrom(from, pretrained.Shipped())
}

// ReadWeightsFrom reads the weights from names: a path that exists wins (a
// weights or checkpoint file, or a run directory, whose newest good
// checkpoint is read); otherwise a name of shipped, such as "tiny-tin". A
// run ID must be turned into its directory by the caller, which knows the
// runs root. A training checkpoint's checksum is verified, as resuming
// does; a shipped model's SHA-256 against its card.
func ReadWeightsFrom(from string, shipped pretrained.Registry) (*Weights, error) {
	w := &Weights{Source: from, Step: -1}
	st, statErr := os.Stat(from)
	switch {
	case statErr == nil && st.IsDir():
		if !IsRunDir(from) {
			return nil, fmt.Errorf("%s: a directory, but no run directory (no %s)", from, RunInfoFile)
		}
		path, problems, err := LatestCheckpoint(from)
		if err != nil {
			return nil, err
		}
		w.Source, w.Skipped = path, problems
		if w.File, err = safetensors.ReadFile(path); err != nil {
			return nil, err
		}
	case statErr == nil:
		f, err := safetensors.ReadFile(from)
		if err != nil {
			return nil, err
		}
		w.File = f
	default:
		m, ok, err := shipped.Lookup(from)
		if err != nil {
			return nil, err
		}
		if !ok {
			if !errors.Is(statErr, fs.ErrNotExist) {
				return nil, statErr
			}
			return nil, fmt.Errorf("%s: no such file, run directory or shipped model (%s)", from, shippedList(shipped))
		}
		b, err := m.Read()
		if err != nil {
			return nil, err
		}
		if w.File, err = safetensors.Parse(b); err != nil {
			return nil, fmt.Errorf("shipped model %s: %w", from, err)
		}
		w.Source = from + " (shipped)"
	}
	if err := w.decodeMeta(); err != nil {
		return nil, err
	}
	return w, nil
}

// shippedList names the shipped models for an error message.
func shippedList(r pretrained.Registry) string {
	names := r.Names()
	if len(names) == 0 {
		return "none shipped"
	}
	return "shipped: " + strings.Join(names, ", ")
}

// decodeMeta verifies a training checkpoint and reads the model config and
// step the metadata records.
func (w *Weights) decodeMeta() error {
	meta := w.File.Metadata
	if meta["format"] == CheckpointFormat {
		ck, err := parseCheckpoint(w.Source, w.File)
		if err != nil {
			return err
		}
		w.Checkpoint, w.Step = true, ck.State.Step
		if ck.Model != "" {
			if err := json.Unmarshal([]byte(ck.Model), &w.Config); err != nil {
				return fmt.Errorf("%w %s: model config: %v", ErrCorruptCheckpoint, w.Source, err)
			}
			w.HasConfig = true
		}
		return nil
	}
	cfg, ok, err := vit.ConfigFromMetadata(meta)
	if err != nil {
		return fmt.Errorf("%s: %w", w.Source, err)
	}
	w.Config, w.HasConfig = cfg, ok
	if s, ok := meta[MetaStep]; ok {
		if w.Step, err = strconv.Atoi(s); err != nil || w.Step < 0 {
			return fmt.Errorf("%s: metadata %s is %q, expected a step count", w.Source, MetaStep, s)
		}
	}
	return nil
}

// Load copies the weights into m (see vit.Model.LoadFile) and describes
// what it did for people: the tensors loaded, the newer checkpoints passed
// over, and those skipped, missing, unused or interpolated. A checkpoint's
// optimizer state is not counted as unused.
func (w *Weights) Load(m *vit.Model) (string, error) {
	rep, err := m.LoadFile(w.File)
	if err != nil {
		return "", fmt.Errorf("%s: %w", w.Source, err)
	}
	var unexpected []string
	for _, u := range rep.Unexpected {
		if !strings.HasPrefix(u, optimizerPrefix) && !strings.HasPrefix(u, emaPrefix) {
			unexpected = append(unexpected, u)
		}
	}
	msg := fmt.Sprintf("initialised from %s: %d tensors loaded", w.Source, len(rep.Loaded))
	for _, p := range w.Skipped {
		msg += "; skipped a newer " + p.Error()
	}
	if len(rep.Skipped) > 0 {
		msg += fmt.Sprintf("; skipped (another shape, re-initialised): %s", strings.Join(rep.Skipped, ", "))
	}
	if len(rep.Missing) > 0 {
		msg += fmt.Sprintf("; missing (kept their initialisation): %s", strings.Join(rep.Missing, ", "))
	}
	if len(unexpected) > 0 {
		msg += fmt.Sprintf("; unused: %s", strings.Join(unexpected, ", "))
	}
	if len(rep.Interpolated) > 0 {
		msg += fmt.Sprintf("; interpolated: %s", strings.Join(rep.Interpolated, ", "))
	}
	return msg, nil
}
