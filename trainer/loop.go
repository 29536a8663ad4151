package trainer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/vit"
	"github.com/adaptformer/adaptformer/vit/kernels"
	"github.com/adaptformer/adaptformer/vit/safetensors"
	"gorgonia.org/tensor"
)

// infoInterval is how often run.json is rewritten with progress between the
// writes that status changes, epochs and checkpoints make anyway.
const infoInterval = 5 * time.Second

// session is the state of the run's goroutine while it trains.
type session struct {
	r       *Run
	cfg     Config
	lock    *dirLock
	metrics *MetricsWriter

	train, eval data.Dataset
	model       *vit.Model
	modelJSON   string
	params      []OptParam // trainable parameters, as the optimizer sees them
	opt         Optimizer
	ema         *EMA // nil without Config.EMADecay
	sched       Schedule
	steps       int // steps per epoch

	st       checkpointState
	lastCkpt string // "epoch/batch/step" of the last checkpoint written
	lastInfo time.Time
	ips      float64 // smoothed images per second
	dlogits  *tensor.Dense

	// Mixup and cutmix's per-batch buffers: the soft targets and each
	// image's label of the larger mixing weight.
	targets []float32
	hard    []int
}

// main is the run's goroutine: set up, train, and report how it ended.
func (r *Run) main() {
	defer close(r.done)
	s := &session{r: r, cfg: r.Info().Config}
	s.finish(s.run())
}

// run sets up and trains. A panic below it (a bug) fails the run with a
// message instead of taking the whole program, dashboard and other runs
// included, down with it.
func (s *session) run() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error at step %d: %v", s.st.Step, p)
		}
	}()
	if err := s.setup(); err != nil {
		return err
	}
	return s.loop()
}

// emit writes e to metrics.jsonl (when open) and queues it for Events.
func (s *session) emit(e Event) {
	if s.metrics != nil {
		if err := s.metrics.Write(e); err != nil && RecordType(e) != RecordError {
			s.r.ev.push(ErrorEvent{Time: time.Now().UTC(), Step: s.st.Step, Message: err.Error()})
		}
	}
	s.r.ev.push(e)
}

// setStatus records a status change in run.json, metrics.jsonl and Events.
func (s *session) setStatus(st Status, msg string) {
	info := s.r.update(func(i *RunInfo) {
		i.Status = st
		i.Message = msg
		s.progress(i)
	})
	if err := WriteRunInfo(s.r.dir, info); err != nil {
		s.emit(ErrorEvent{Time: time.Now().UTC(), Step: s.st.Step, Message: err.Error()})
	}
	s.lastInfo = time.Now()
	s.emit(StatusEvent{Time: time.Now().UTC(), Status: st, Step: s.st.Step, Message: msg})
}

// progress copies the session's position into i.
func (s *session) progress(i *RunInfo) {
	i.Epoch = s.st.Epoch
	i.Step = s.st.Step
	i.BestEvalTop1 = s.st.BestEvalTop1
	i.BestEpoch = s.st.BestEpoch
	i.LastEvalTop1 = s.st.LastEvalTop1
	i.BestEMAEvalTop1 = s.st.BestEMAEvalTop1
	i.BestEMAEpoch = s.st.BestEMAEpoch
	i.LastEMAEvalTop1 = s.st.LastEMAEvalTop1
}

// saveInfo rewrites run.json with the current progress.
func (s *session) saveInfo() {
	info := s.r.update(s.progress)
	if err := WriteRunInfo(s.r.dir, info); err != nil {
		s.emit(ErrorEvent{Time: time.Now().UTC(), Step: s.st.Step, Message: err.Error()})
	}
	s.lastInfo = time.Now()
}

// setup locks the run directory, rewinds it to its last good checkpoint when
// resuming, opens the data, builds the model and the optimizer, and reports
// the run as running.
func (s *session) setup() error {
	r := s.r
	lock, err := lockDir(r.dir)
	if err != nil {
		return err
	}
	s.lock = lock
	host, _ := os.Hostname()
	r.update(func(i *RunInfo) {
		i.PID, i.Host = os.Getpid(), host
		i.Started = time.Now().UTC()
	})
	var ck *checkpoint
	if r.resume {
		if ck, err = s.rewind(); err != nil {
			return err
		}
	} else if s.metrics, err = OpenMetrics(r.dir); err != nil {
		return err
	}
	msg, err := s.buildModel(ck)
	if err != nil {
		return err
	}
	if err := s.buildOptimizer(ck); err != nil {
		return err
	}

	s.steps = s.train.Len() / s.cfg.Batch
	if s.steps == 0 {
		return fmt.Errorf("dataset %s has %d training images, fewer than one batch of %d", s.train.Name(), s.train.Len(), s.cfg.Batch)
	}
	total := s.cfg.Epochs * s.steps
	s.sched = Schedule{Peak: s.cfg.LR, Min: s.cfg.MinLR, Warmup: s.cfg.Warmup(total), Total: total}
	sum := s.model.Summary()
	if err := WriteFileAtomic(filepath.Join(r.dir, SummaryFile), []byte(sum.String())); err != nil {
		return err
	}
	r.update(func(i *RunInfo) {
		i.Epochs = s.cfg.Epochs
		i.StepsPerEpoch = s.steps
		i.TrainImages = s.train.Len()
		i.EvalImages = s.eval.Len()
		i.Params = sum.Total
		i.Trainable = sum.Trainable
	})
	s.model.Train(true)
	s.setStatus(StatusRunning, msg)
	return nil
}

// rewind finds the newest good checkpoint of a resumed run (nil when it has
// none: it starts over), sets corrupt ones aside and cuts metrics.jsonl back
// to the moment of that checkpoint. It opens the metrics writer and reports
// the corrupt checkpoints there.
func (s *session) rewind() (*checkpoint, error) {
	dir := s.r.dir
	removeStaleTemps(dir)
	ck, problems, err := latestCheckpoint(dir, true)
	if err != nil {
		return nil, err
	}
	var offset int64
	if ck != nil {
		offset = ck.State.MetricsOffset
	}
	if err := rewindMetrics(dir, offset); err != nil {
		return nil, err
	}
	if s.metrics, err = OpenMetrics(dir); err != nil {
		return nil, err
	}
	for _, p := range problems {
		s.emit(ErrorEvent{Time: time.Now().UTC(), Message: "skipped " + p.Error()})
	}
	return ck, nil
}

// buildModel opens the data and builds the model for it, with the weights
// of the checkpoint ck (when resuming) or of Config.InitFrom, and freezes
// what the config says. It returns a message about where the weights came
// from.
func (s *session) buildModel(ck *checkpoint) (string, error) {
	cfg := s.cfg
	var err error
	if s.train, err = openData(cfg, "train", cfg.TrainLimit); err != nil {
		return "", err
	}
	if s.eval, err = openData(cfg, "eval", cfg.EvalLimit); err != nil {
		return "", err
	}
	h, w := s.train.Size()
	if h != w {
		return "", fmt.Errorf("dataset %s: images are %dx%d, the model needs square images", s.train.Name(), h, w)
	}
	mc, err := modelConfig(cfg, len(s.train.Classes()), h)
	if err != nil {
		return "", err
	}
	if len(s.eval.Classes()) > mc.NumClasses {
		return "", fmt.Errorf("dataset %s has %d classes, the model %d", s.eval.Name(), len(s.eval.Classes()), mc.NumClasses)
	}
	mj, _ := json.Marshal(mc)
	s.modelJSON = string(mj)
	if err := vit.CheckMemory(mc, cfg.freezeSpec(), cfg.Batch, cfg.optimizerBuffers(), kernels.TotalMemory()); err != nil {
		return "", err
	}
	if s.model, err = vit.New(mc, cfg.Seed); err != nil {
		return "", fmt.Errorf("build model: %w", err)
	}
	s.model.SetThreads(cfg.Threads)

	var msg string
	switch {
	case ck != nil:
		if err := s.restore(ck); err != nil {
			return "", err
		}
		msg = fmt.Sprintf("resumed from %s (epoch %d, step %d)", filepath.Base(ck.Path), ck.State.Epoch+1, ck.State.Step)
	case cfg.InitFrom != "":
		var path string
		if msg, path, err = initFrom(s.model, cfg.InitFrom, cfg.InitFromEMA); err != nil {
			return "", err
		}
		s.r.update(func(i *RunInfo) { i.InitFrom = path })
	}
	spec := cfg.freezeSpec()
	if err := s.model.Freeze(spec); err != nil {
		return "", fmt.Errorf("freeze: %w", err)
	}
	return msg, nil
}

// buildOptimizer gives the trainable parameters an optimizer (and their
// moving average, with EMADecay), with the state of the checkpoint ck when
// resuming, and sets the training position.
func (s *session) buildOptimizer(ck *checkpoint) error {
	cfg := s.cfg
	var trainable []string
	depth := s.model.Config().Depth
	for _, p := range s.model.Params() {
		if !p.Trainable {
			continue
		}
		trainable = append(trainable, p.Name)
		s.params = append(s.params, OptParam{
			Name:    p.Name,
			Value:   p.Data(),
			Grad:    p.GradData(),
			Decay:   p.Decay || !cfg.NoDecayBiasNorm,
			LRScale: LayerDecayScale(p.Layer(), depth, cfg.LayerDecay),
		})
	}
	if len(s.params) == 0 {
		return fmt.Errorf("mode %s, frozen also %q: no parameter left to train", cfg.Mode, cfg.FreezeExclude)
	}
	var err error
	if s.opt, err = NewOptimizer(cfg, s.params); err != nil {
		return err
	}
	if cfg.EMADecay > 0 {
		s.ema = NewEMA(s.params, cfg.EMADecay, !cfg.EMANoWarmup)
		s.ema.Threads = cfg.Threads
	}
	if ck == nil {
		s.st = checkpointState{Version: checkpointStateVer}
		s.model.SetRNGState(cfg.Seed)
		return nil
	}
	if !slices.Equal(ck.State.Trainable, trainable) || ck.State.Optimizer != cfg.Optimizer {
		return fmt.Errorf("checkpoint %s: written with other trainable parameters or another optimizer than this run's config", ck.Path)
	}
	if err := s.opt.SetState(ck.Optim, ck.State.OptimizerSteps); err != nil {
		return fmt.Errorf("checkpoint %s: %w", ck.Path, err)
	}
	if err := s.restoreEMA(ck); err != nil {
		return err
	}
	s.st = ck.State
	s.model.SetRNGState(ck.State.ModelRNG)
	s.lastCkpt = s.ckptKey()
	return nil
}

// restoreEMA restores the moving average from the checkpoint ck, which
// holds one exactly when the run keeps one.
func (s *session) restoreEMA(ck *checkpoint) error {
	if s.ema == nil {
		if len(ck.EMA) > 0 {
			return fmt.Errorf("checkpoint %s holds EMA weights, but this run's config has no ema_decay", ck.Path)
		}
		return nil
	}
	if len(ck.EMA) == 0 {
		return fmt.Errorf("checkpoint %s holds no EMA weights, but this run's config has ema_decay %v", ck.Path, s.cfg.EMADecay)
	}
	averages := make(map[string][]float32, len(ck.EMA))
	for _, t := range ck.EMA {
		v, err := t.Float32()
		if err != nil {
			return fmt.Errorf("checkpoint %s: %s%s: %w", ck.Path, emaPrefix, t.Name, err)
		}
		averages[t.Name] = v
	}
	if err := s.ema.SetState(averages, ck.State.EMAUpdates); err != nil {
		return fmt.Errorf("checkpoint %s: %w", ck.Path, err)
	}
	return nil
}

// openData opens one split of cfg's dataset, keeping its first limit records.
func openData(cfg Config, split string, limit int) (data.Dataset, error) {
	ds, err := data.Open(cfg.Dataset, cfg.DataDir, split, data.OpenOptions{Seed: cfg.DataSeed})
	if err != nil {
		return nil, fmt.Errorf("open %s data: %w", split, err)
	}
	if limit > 0 && limit < ds.Len() {
		ds = limitedSet{ds, limit}
	}
	return ds, nil
}

// limitedSet is the first n records of a dataset.
type limitedSet struct {
	data.Dataset
	n int
}

func (l limitedSet) Len() int { return l.n }

func (l limitedSet) Record(i int, dst []byte) (int, error) {
	if i < 0 || i >= l.n {
		return 0, fmt.Errorf("%s: record %d out of range [0, %d)", l.Name(), i, l.n)
	}
	return l.Dataset.Record(i, dst)
}

// restore copies a checkpoint's parameters into the model, which must have
// exactly the same parameters (a resumed run's config cannot change).
func (s *session) restore(ck *checkpoint) error {
	if ck.Model != s.modelJSON {
		return fmt.Errorf("checkpoint %s was written for another model:\n  checkpoint: %s\n  this run:   %s", ck.Path, ck.Model, s.modelJSON)
	}
	byName := make(map[string]safetensors.Tensor, len(ck.Params))
	for _, t := range ck.Params {
		byName[t.Name] = t
	}
	for _, p := range s.model.Params() {
		t, ok := byName[p.Name]
		if !ok {
			return fmt.Errorf("checkpoint %s: no tensor for parameter %s", ck.Path, p.Name)
		}
		if !slices.Equal(t.Shape, p.Shape()) {
			return fmt.Errorf("checkpoint %s: %s has shape %v, the model %v", ck.Path, p.Name, t.Shape, p.Shape())
		}
		v, err := t.Float32()
		if err != nil {
			return fmt.Errorf("checkpoint %s: %s: %w", ck.Path, p.Name, err)
		}
		if len(v) != p.Size() {
			return fmt.Errorf("checkpoint %s: %s has %d values, the model %d", ck.Path, p.Name, len(v), p.Size())
		}
		copy(p.Data(), v)
		delete(byName, p.Name)
	}
	for name := range byName {
		return fmt.Errorf("checkpoint %s: tensor %s is no parameter of the model", ck.Path, name)
	}
	return nil
}

// initFrom loads pretrained weights into m from a weights file, a training
// checkpoint, a run directory (its newest good checkpoint) or a shipped
// model's name (see ReadWeights); with fromEMA, the checkpoint's moving
// average of the weights (see emaWeights). It returns a message for people
// and the file it loaded ("NAME (shipped)" for a shipped model).
func initFrom(m *vit.Model, from string, fromEMA bool) (msg, path string, err error) {
	w, err := ReadWeights(from)
	if err != nil {
		return "", "", fmt.Errorf("init-from: %w", err)
	}
	if fromEMA {
		if w.File, err = emaWeights(w.File); err != nil {
			return "", "", fmt.Errorf("init-from %s with init_from_ema: %w", w.Source, err)
		}
		w.Source += " (its EMA weights)"
	}
	if msg, err = w.Load(m); err != nil {
		return "", "", fmt.Errorf("init-from %w", err)
	}
	return msg, w.Source, nil
}

// CheckpointWeights returns the model parameters of a training checkpoint
// (a file, or the newest good one of a run directory) under their timm
// names, without the optimizer's state: what a weights file to ship holds.
// With ema they are the run's moving average of the weights (its
// ema_decay; the parameters it froze as they are), and a checkpoint
// without one is an error.
func CheckpointWeights(from string, ema bool) ([]safetensors.Tensor, error) {
	path := from
	if st, err := os.Stat(from); err == nil && st.IsDir() {
		if path, _, err = LatestCheckpoint(from); err != nil {
			return nil, err
		}
	}
	ck, err := readCheckpoint(path)
	if err != nil {
		return nil, err
	}
	return checkpointTensors(ck, ema)
}

// prefixed returns the tensors with prefix before their names.
func prefixed(prefix string, tensors []safetensors.Tensor) []safetensors.Tensor {
	out := make([]safetensors.Tensor, len(tensors))
	for i, t := range tensors {
		t.Name = prefix + t.Name
		out[i] = t
	}
	return out
}

// emaWeights is the checkpoint f with each parameter that has a moving
// average ("ema/<name>") replaced by it; the others, frozen in the run
// that wrote it, equal their average. It fails for a file without one.
func emaWeights(f *safetensors.File) (*safetensors.File, error) {
	averages := map[string]safetensors.Tensor{}
	for _, t := range f.Tensors {
		if name, ok := strings.CutPrefix(t.Name, emaPrefix); ok {
			averages[name] = t
		}
	}
	if len(averages) == 0 {
		return nil, fmt.Errorf("the file holds no EMA weights (%s* tensors: a checkpoint of a run trained with ema_decay)", emaPrefix)
	}
	out := &safetensors.File{Metadata: f.Metadata}
	for _, t := range f.Tensors {
		if strings.HasPrefix(t.Name, emaPrefix) || strings.HasPrefix(t.Name, optimizerPrefix) {
			continue
		}
		if a, ok := averages[t.Name]; ok {
			a.Name = t.Name
			t = a
			delete(averages, t.Name)
		}
		out.Tensors = append(out.Tensors, t)
	}
	for name := range averages {
		return nil, fmt.Errorf("%s%s averages no tensor of the file", emaPrefix, name)
	}
	return out, nil
}

// ckptKey identifies the training position, to skip writing the same
// checkpoint twice.
func (s *session) ckptKey() string {
	return fmt.Sprintf("%d/%d/%d", s.st.Epoch, s.st.Batch, s.st.Step)
}

// checkpoint writes the current state to checkpoints/ and prunes old ones.
func (s *session) checkpoint() error {
	if key := s.ckptKey(); key == s.lastCkpt {
		return nil
	}
	if err := s.metrics.Sync(); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	st := s.st
	st.Version = checkpointStateVer
	st.Optimizer = s.cfg.Optimizer
	st.ModelRNG = s.model.RNGState()
	st.MetricsOffset = s.metrics.Offset()
	bufs, steps := s.opt.State()
	st.OptimizerSteps = steps
	st.Trainable = make([]string, 0, len(s.params))
	for _, p := range s.params {
		st.Trainable = append(st.Trainable, p.Name)
	}
	params := s.model.Params()
	tensors := make([]safetensors.Tensor, len(params))
	for i, p := range params {
		tensors[i] = safetensors.F32(p.Name, p.Shape(), p.Data())
	}
	var averages []safetensors.Tensor
	if s.ema != nil {
		st.EMAUpdates = s.ema.Updates()
		for i, p := range s.params {
			averages = append(averages, safetensors.F32(p.Name, s.model.Param(p.Name).Shape(), s.ema.Average(i)))
		}
	}
	path := filepath.Join(s.r.dir, CheckpointDir, checkpointName(st.Step))
	ck := &checkpoint{Path: path, State: st, Model: s.modelJSON, Params: tensors, Optim: bufs, EMA: averages,
		Meta: map[string]string{"run": s.r.Info().ID}}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := writeCheckpoint(ck); err != nil {
		return err
	}
	pruneCheckpoints(s.r.dir, s.cfg.keep())
	s.lastCkpt = s.ckptKey()
	s.r.update(func(i *RunInfo) { i.Checkpoint = filepath.Join(CheckpointDir, filepath.Base(path)) })
	s.saveInfo()
	return nil
}

// boundary handles the control requests at a step boundary. It returns
// errStopped when the run must end.
func (s *session) boundary() error {
	c := s.r.takeControl()
	if c.stop {
		if err := s.checkpoint(); err != nil {
			return err
		}
		return errStopped
	}
	if c.pause {
		if err := s.checkpoint(); err != nil {
			return err
		}
		s.setStatus(StatusPaused, fmt.Sprintf("paused at step %d", s.st.Step))
		if s.r.waitWhilePaused() {
			return errStopped
		}
		s.setStatus(StatusRunning, fmt.Sprintf("continued at step %d", s.st.Step))
		return nil
	}
	if c.checkpoint {
		return s.checkpoint()
	}
	return nil
}

// loop trains the remaining epochs.
func (s *session) loop() error {
	cfg := s.cfg
	for s.st.Epoch < cfg.Epochs {
		if err := s.trainEpoch(); err != nil {
			return err
		}
		ev, err := s.evaluate()
		if err != nil {
			return err
		}
		if err := s.evaluateEMA(&ev); err != nil {
			return err
		}
		ev.Time = time.Now().UTC()
		ev.Epoch = s.st.Epoch + 1
		ev.Step = s.st.Step
		if s.st.TrainSeen > 0 {
			ev.TrainLoss = s.st.TrainLossSum / float64(s.st.TrainSeen)
			ev.TrainTop1 = float64(s.st.TrainCorrect) / float64(s.st.TrainSeen)
		}
		ev.LR = s.sched.At(s.st.Step - 1)
		ev.Seconds = s.st.EpochSeconds
		if ev.Seconds > 0 {
			ev.ImagesPerSec = float64(s.st.TrainSeen) / ev.Seconds
		}
		s.st.LastEvalTop1 = ev.EvalTop1
		if ev.EvalTop1 > s.st.BestEvalTop1 || s.st.BestEpoch == 0 {
			s.st.BestEvalTop1, s.st.BestEpoch = ev.EvalTop1, ev.Epoch
		}
		if s.ema != nil {
			s.st.LastEMAEvalTop1 = ev.EMAEvalTop1
			if ev.EMAEvalTop1 > s.st.BestEMAEvalTop1 || s.st.BestEMAEpoch == 0 {
				s.st.BestEMAEvalTop1, s.st.BestEMAEpoch = ev.EMAEvalTop1, ev.Epoch
			}
		}
		s.emit(ev)
		s.st.Epoch++
		s.st.Batch = 0
		s.st.TrainLossSum, s.st.TrainCorrect, s.st.TrainSeen, s.st.EpochSeconds = 0, 0, 0, 0
		s.r.update(func(i *RunInfo) { i.LastLoss = ev.TrainLoss })
		if err := s.checkpoint(); err != nil {
			return err
		}
	}
	return nil
}

// trainEpoch runs the training batches of the current epoch from s.st.Batch.
func (s *session) trainEpoch() error {
	cfg := s.cfg
	policy, err := data.ParsePolicy(cfg.AutoAugment)
	if err != nil {
		return fmt.Errorf("training data: %w", err)
	}
	var aug *data.Augment
	if cfg.Augment {
		a := data.DefaultAugment()
		if policy.Kind != "" {
			// The policy replaces the jitter and rotation; crop and flip stay.
			a = data.Augment{CropPad: a.CropPad, Flip: a.Flip}
		}
		aug = &a
	}
	mc := s.model.Config()
	if s.st.Batch >= s.steps {
		return s.boundary()
	}
	loader, err := data.NewLoader(s.train, data.LoaderConfig{
		Batch: cfg.Batch, Shuffle: true, Seed: cfg.Seed, Epoch: s.st.Epoch, StartBatch: s.st.Batch,
		DropLast: true, Augment: aug, Policy: policy, Normalize: data.CIFARNormalize(), Size: mc.ImageSize, Workers: cfg.Workers,
		Erase: data.RandomErasing{Prob: cfg.RandomErasing},
	})
	if err != nil {
		return fmt.Errorf("training data: %w", err)
	}
	defer loader.Close()
	for {
		if err := s.boundary(); err != nil {
			return err
		}
		start := time.Now()
		b, err := loader.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("training data, epoch %d: %w", s.st.Epoch+1, err) // the loader names the batch
		}
		if err := s.step(b, start); err != nil {
			return err
		}
		if cfg.CheckpointEvery > 0 && s.st.Step%cfg.CheckpointEvery == 0 {
			if err := s.checkpoint(); err != nil {
				return err
			}
		} else if time.Since(s.lastInfo) > infoInterval {
			s.saveInfo()
		}
	}
}

// step runs one optimizer step on batch b.
func (s *session) step(b *data.Batch, start time.Time) error {
	m := s.model
	if err := s.mix(b); err != nil {
		return fmt.Errorf("training data, epoch %d batch %d: %w", s.st.Epoch+1, s.st.Batch+1, err)
	}
	m.ZeroGrad()
	logits, err := m.Forward(b.X)
	if err != nil {
		return fmt.Errorf("step %d: forward: %w", s.st.Step+1, err)
	}
	loss, d, top1, err := s.loss(b, logits)
	if err != nil {
		return fmt.Errorf("training data, epoch %d batch %d: %w", s.st.Epoch+1, s.st.Batch+1, err)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("training loss is %v at step %d (epoch %d, batch %d): lower the learning rate or enable --grad-clip",
			loss, s.st.Step+1, s.st.Epoch+1, s.st.Batch+1)
	}
	if err := m.Backward(d); err != nil {
		return fmt.Errorf("step %d: backward: %w", s.st.Step+1, err)
	}
	if s.cfg.GradClip > 0 {
		ClipGradNorm(s.params, s.cfg.GradClip)
	}
	lr := s.sched.At(s.st.Step)
	s.opt.Step(lr)
	if s.ema != nil {
		s.ema.Update()
	}

	n := len(b.Labels)
	s.st.Step++
	s.st.Batch++
	s.st.TrainLossSum += loss * float64(n)
	s.st.TrainCorrect += top1
	s.st.TrainSeen += n
	dt := time.Since(start).Seconds()
	s.st.EpochSeconds += dt
	if dt > 0 {
		inst := float64(n) / dt
		if s.ips == 0 {
			s.ips = inst
		} else {
			s.ips = 0.8*s.ips + 0.2*inst
		}
	}
	step := s.st.Step
	s.r.update(func(i *RunInfo) { i.Step, i.LastLoss = step, loss })
	s.emit(StepEvent{Time: time.Now().UTC(), Epoch: s.st.Epoch + 1, Step: step, Loss: loss, LR: lr, ImagesPerSec: s.ips})
	return nil
}

// mix applies mixup or cutmix to the training batch b, when the config
// turns either on, with randomness that depends only on the run's seed, the
// epoch and the batch's index (so a resumed run mixes as it would have),
// and keeps its soft targets for loss.
func (s *session) mix(b *data.Batch) error {
	mixup := s.cfg.mixup()
	if !mixup.Enabled() {
		return nil
	}
	n, classes := len(b.Labels), s.model.Config().NumClasses
	if len(s.targets) != n*classes {
		s.targets = make([]float32, n*classes)
		s.hard = make([]int, n)
	}
	_, err := mixup.Apply(b, classes, data.MixSeed(s.cfg.Seed, s.st.Epoch, b.Index), s.targets, s.hard)
	return err
}

// loss is the training loss of the logits of batch b, with dL/dlogits and
// the top-1 count: the soft-target cross-entropy against mix's targets
// (top-1 against each image's label of the larger weight) when mixing is
// on, else the cross-entropy with the config's label smoothing.
func (s *session) loss(b *data.Batch, logits *tensor.Dense) (loss float64, d *tensor.Dense, top1 int, err error) {
	if s.cfg.mixup().Enabled() {
		loss, d, top1, _, err = vit.SoftCrossEntropy(logits, s.targets, s.hard, s.dlogits)
	} else {
		loss, d, top1, _, err = vit.CrossEntropy(logits, b.Labels, s.cfg.LabelSmoothing, s.dlogits)
	}
	if err == nil {
		s.dlogits = d
	}
	return loss, d, top1, err
}

// evaluate runs the evaluation set through Infer (no dropout, nothing kept
// for Backward).
func (s *session) evaluate() (EpochEvent, error) {
	res, err := Evaluate(s.model, s.eval, EvalOptions{Batch: s.cfg.Batch, Workers: s.cfg.Workers, MaxBatches: s.cfg.EvalBatches})
	if err != nil {
		return EpochEvent{}, err
	}
	return EpochEvent{EvalLoss: res.Loss, EvalTop1: res.Top1, EvalTop5: res.Top5}, nil
}

// evaluateEMA adds to ev the evaluation of the moving average of the
// weights, when the run keeps one: the same pass as evaluate, with the
// averages swapped into the model and swapped back after (exactly: the
// swap moves values, it computes nothing).
func (s *session) evaluateEMA(ev *EpochEvent) error {
	if s.ema == nil {
		return nil
	}
	s.ema.Swap()
	e, err := s.evaluate()
	s.ema.Swap()
	if err != nil {
		return fmt.Errorf("EMA weights: %w", err)
	}
	ev.EMAEvalLoss, ev.EMAEvalTop1, ev.EMAEvalTop5 = e.EvalLoss, e.EvalTop1, e.EvalTop5
	return nil
}

// finish reports how the run ended and releases its directory.
func (s *session) finish(err error) {
	r := s.r
	var status Status
	var msg string
	switch {
	case err == nil:
		status = StatusFinished
		epochs := "epochs"
		if s.cfg.Epochs == 1 {
			epochs = "epoch"
		}
		msg = fmt.Sprintf("finished %d %s, best eval top-1 %.2f%% (epoch %d)", s.cfg.Epochs, epochs, 100*s.st.BestEvalTop1, s.st.BestEpoch)
	case errors.Is(err, errStopped):
		status = StatusStopped
		msg = fmt.Sprintf("stopped at step %d (epoch %d); resume to continue", s.st.Step, s.st.Epoch+1)
		err = nil
	default:
		status = StatusFailed
		msg = err.Error()
		s.emit(ErrorEvent{Time: time.Now().UTC(), Step: s.st.Step, Message: msg})
	}
	if s.lock != nil {
		s.setStatus(status, msg)
	} else {
		// Another process holds the run: its run.json is not ours to touch.
		r.update(func(i *RunInfo) { i.Status, i.Message = status, msg })
		r.ev.push(StatusEvent{Time: time.Now().UTC(), Status: status, Step: s.st.Step, Message: msg})
	}
	if s.metrics != nil {
		s.metrics.Close()
	}
	s.lock.unlock()
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
	r.ev.close()
}
