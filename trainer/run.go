package trainer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A Run trains one model in its own goroutine, writing a run directory
// (see rundir.go) and reporting through Events. Its control methods (Pause,
// Unpause, Stop, Checkpoint) are safe to call from any goroutine at any
// time, any number of times, in any order, also before Start and after the
// run ended; they take effect at the next step boundary.
type Run struct {
	dir    string
	resume bool // continue from the directory's checkpoints

	mu       sync.Mutex
	wake     *sync.Cond // signalled when a control request arrives
	info     RunInfo
	started  bool
	pauseReq bool
	stopReq  bool
	ckptReq  bool
	err      error
	done     chan struct{}

	ev eventQueue
}

// Option sets a descriptive field of a new run's RunInfo.
type Option func(*RunInfo)

// WithID sets the run's ID (default: the directory's base name).
func WithID(id string) Option { return func(i *RunInfo) { i.ID = id } }

// WithName sets the run's human name (default: the ID).
func WithName(name string) Option { return func(i *RunInfo) { i.Name = name } }

// WithRecipe records the recipe that created the run.
func WithRecipe(recipe string) Option { return func(i *RunInfo) { i.Recipe = recipe } }

// WithParent records the run this one continues from (e.g. its pretraining).
func WithParent(parent string) Option { return func(i *RunInfo) { i.Parent = parent } }

// New validates cfg, creates the run directory dir (which must not hold a
// run already) and writes its run.json with status queued. Nothing is
// trained until Start; the model and data are built then, in the run's
// goroutine, so New returns quickly.
func New(dir string, cfg Config, opts ...Option) (*Run, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if _, err := modelConfig(cfg, 0, 0); err != nil {
		return nil, err
	}
	if IsRunDir(dir) {
		return nil, fmt.Errorf("new run: %s already holds a run (resume it instead)", dir)
	}
	if err := checkNewRunDir(dir); err != nil {
		return nil, fmt.Errorf("new run: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, CheckpointDir), 0o755); err != nil {
		return nil, fmt.Errorf("new run: %w", err)
	}
	now := time.Now().UTC()
	info := RunInfo{
		ID:      filepath.Base(filepath.Clean(dir)),
		Status:  StatusQueued,
		Created: now,
		Config:  cfg,
		Epochs:  cfg.Epochs,
	}
	for _, o := range opts {
		o(&info)
	}
	if info.Name == "" {
		info.Name = info.ID
	}
	if err := WriteRunInfo(dir, info); err != nil {
		return nil, fmt.Errorf("new run: %w", err)
	}
	return newRun(dir, info, false), nil
}

// checkNewRunDir refuses a directory a new run must not write into: one
// that holds other files (a run's files would mix with them, and deleting
// the run would delete them), or one inside another run.
func checkNewRunDir(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and holds other files (%s...): a run needs a new or empty directory", dir, entries[0].Name())
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for p := filepath.Dir(abs); p != filepath.Dir(p); p = filepath.Dir(p) {
		if IsRunDir(p) {
			return fmt.Errorf("%s is inside the run %s: put runs side by side", dir, p)
		}
	}
	return nil
}

// Resume opens the run in dir to continue it from its last good checkpoint
// (from the start if it has none), after a Stop or after the process training
// it died. The run is queued until Start. It fails for a finished run and for
// one that another process is training right now.
func Resume(dir string) (*Run, error) {
	if err := checkRunDir(dir); err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	info, err := ReadRunInfo(dir)
	if err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	if info.Status == StatusFinished {
		return nil, fmt.Errorf("resume %s: the run already finished all %d epochs", dir, info.Epochs)
	}
	if Active(dir) {
		return nil, fmt.Errorf("resume %s: another process (pid %d on %s) is training this run", dir, info.PID, info.Host)
	}
	if err := info.Config.Validate(); err != nil {
		return nil, fmt.Errorf("resume %s: %w", dir, err)
	}
	if err := checkpointsKept(dir, info); err != nil {
		return nil, err
	}
	info.Status = StatusQueued
	info.Message = ""
	info.PID, info.Host = 0, ""
	return newRun(dir, info, true), nil
}

// CheckResumable reports, without changing anything, why Resume would
// refuse the run in dir for lost checkpoints: a queue checks it before
// taking the run in, so that a refused run stays as it was.
func CheckResumable(dir string) error {
	info, err := ReadRunInfo(dir)
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	return checkpointsKept(dir, info)
}

// checkpointsKept fails for a run that wrote a checkpoint and now has none
// (deleted, moved, all set aside as corrupt): starting over would discard
// its recorded progress. A run killed before its first checkpoint does
// start over.
func checkpointsKept(dir string, info RunInfo) error {
	if info.Checkpoint == "" {
		return nil
	}
	paths, err := listCheckpoints(dir)
	if err != nil {
		return fmt.Errorf("resume %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return fmt.Errorf("resume %s: it wrote %s (step %d) but %s holds no checkpoint now; nothing was changed (restore the checkpoints, or start a new run)",
			dir, info.Checkpoint, info.Step, filepath.Join(dir, CheckpointDir))
	}
	return nil
}

func newRun(dir string, info RunInfo, resume bool) *Run {
	r := &Run{dir: dir, resume: resume, info: info, done: make(chan struct{})}
	r.wake = sync.NewCond(&r.mu)
	r.ev.init()
	r.ev.push(StatusEvent{Time: time.Now().UTC(), Status: StatusQueued, Step: info.Step})
	return r
}

// Start begins (or continues) training in a new goroutine. Calls after the
// first do nothing.
func (r *Run) Start() {
	r.mu.Lock()
	if r.started {
		r.mu.Unlock()
		return
	}
	r.started = true
	r.mu.Unlock()
	go r.main()
}

// Events returns the channel on which the run reports. Epoch, status and
// error events are never dropped, however slowly they are received; step
// events are coalesced while the receiver lags (it sees the latest). The
// channel is closed after the final status event. Every call returns the
// same channel; receive from it until it is closed (the goroutine feeding
// it waits for the receiver).
func (r *Run) Events() <-chan Event { return r.ev.channel() }

// Pause asks the run to checkpoint and wait at the next step boundary.
// A paused run uses no CPU. Pausing a queued run pauses it right after its
// setup.
func (r *Run) Pause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.info.Status.Done() {
		return
	}
	r.pauseReq = true
	r.wake.Broadcast()
}

// Unpause lets a paused run continue; it cancels a Pause not yet taken.
func (r *Run) Unpause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pauseReq = false
	r.wake.Broadcast()
}

// Stop asks the run to checkpoint and end with status stopped at the next
// step boundary (at once when paused). A stopped run can be resumed later
// with Resume.
func (r *Run) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopReq = true
	r.wake.Broadcast()
}

// Checkpoint asks for a checkpoint at the next step boundary.
func (r *Run) Checkpoint() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ckptReq = true
	r.wake.Broadcast()
}

// Wait blocks until the run's goroutine ended and returns why it failed, or
// nil when it finished or was stopped. Wait on a run never started blocks
// until it is started and ends.
func (r *Run) Wait() error {
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Done is closed when the run's goroutine ended.
func (r *Run) Done() <-chan struct{} { return r.done }

// Status is the run's current status.
func (r *Run) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.info.Status
}

// Dir is the run directory.
func (r *Run) Dir() string { return r.dir }

// Info is a copy of the run's current RunInfo (what run.json holds, with
// progress up to the last step).
func (r *Run) Info() RunInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.info
}

// errStopped ends the training loop when the run was stopped.
var errStopped = errors.New("stopped")

// control is what the training loop sees at a step boundary.
type control struct {
	pause, stop, checkpoint bool
}

// takeControl reads and clears the one-shot requests.
func (r *Run) takeControl() control {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := control{pause: r.pauseReq, stop: r.stopReq, checkpoint: r.ckptReq}
	r.ckptReq = false
	return c
}

// waitWhilePaused blocks, without using CPU, until the run is unpaused or
// stopped; it reports whether it was stopped.
func (r *Run) waitWhilePaused() (stopped bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.pauseReq && !r.stopReq {
		r.wake.Wait()
	}
	return r.stopReq
}

// update changes the RunInfo under the lock.
func (r *Run) update(f func(*RunInfo)) RunInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.info)
	return r.info
}

// eventQueue delivers events to a channel in order without ever blocking the
// producer: a goroutine, started by the first Events call, sends from an
// unbounded queue in which consecutive step events are merged.
type eventQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []Event
	closed  bool
	ch      chan Event
	pumping bool
}

func (q *eventQueue) init() {
	q.cond = sync.NewCond(&q.mu)
	q.ch = make(chan Event)
}

// push queues e; a step event replaces a step event still waiting at the
// end of the queue.
func (q *eventQueue) push(e Event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	if _, ok := e.(StepEvent); ok && len(q.queue) > 0 {
		if _, ok := q.queue[len(q.queue)-1].(StepEvent); ok {
			q.queue[len(q.queue)-1] = e
			return
		}
	}
	q.queue = append(q.queue, e)
	q.cond.Signal()
}

// close ends the stream after the queued events.
func (q *eventQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Signal()
}

func (q *eventQueue) channel() <-chan Event {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.pumping {
		q.pumping = true
		go q.pump()
	}
	return q.ch
}

func (q *eventQueue) pump() {
	for {
		q.mu.Lock()
		for len(q.queue) == 0 && !q.closed {
			q.cond.Wait()
		}
		if len(q.queue) == 0 {
			q.mu.Unlock()
			close(q.ch)
			return
		}
		e := q.queue[0]
		q.queue[0] = nil
		q.queue = q.queue[1:]
		q.mu.Unlock()
		q.ch <- e
	}
}
