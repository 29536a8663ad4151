package experiments

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
)

// QueueOptions tune a Queue.
type QueueOptions struct {
	// Parallel is how many runs train at once; 0 means 1, since one run
	// already uses every core.
	Parallel int
	// Threads is the compute threads of the runs whose config leaves
	// Threads at 0 (0: leave it, all cores). It is written into their
	// config, so that a resume computes the same way.
	Threads int
}

// QueueEvent is a trainer event of one of the queue's runs, or a status
// event the queue makes itself for a run that has not started (queued,
// blocked, cancelled).
type QueueEvent struct {
	RunID string
	Event trainer.Event
}

// QueuedRun is the queue's view of one of its runs.
type QueuedRun struct {
	ID      string
	Status  trainer.Status
	Message string   // why it is blocked, or the last status message
	After   []string // the run IDs it waits for
}

// Queue trains runs of this process in order, each when its inputs are
// ready (a transfer run waits for its pretraining run to finish and starts
// from its final checkpoint), at most Parallel at a time. It relays every
// trainer event of every run, tagged with the run's ID. A run that fails,
// is stopped or is cancelled blocks the runs waiting for it, with the reason.
//
// Runs are created in the store at once, with status queued, and the queue
// holds their directories' locks while they wait, so that other processes
// see them as live; if this process dies, they show as interrupted and can
// be resumed by a later Queue.
//
// Its methods are safe for concurrent use.
type Queue struct {
	store *Store
	opt   QueueOptions

	mu       sync.Mutex
	changed  *sync.Cond // signalled whenever an item's state changes
	items    []*item
	byID     map[string]*item
	shutdown bool
	forwards sync.WaitGroup
	recheck  *time.Timer   // pending schedule for runs waiting on another process's run
	every    time.Duration // how often to recheck (externalRecheck)

	resume func(dir string) (*trainer.Run, error) // trainer.Resume; tests slow it down
	events eventPump
}

// item is one run in the queue.
type item struct {
	id, dir  string
	after    []string // run IDs that must finish first
	initFrom string   // run ID whose final checkpoint becomes Config.InitFrom at start
	state    trainer.Status
	message  string
	lock     *runLock // held while the run waits
	run      *trainer.Run

	// starting is set while launch prepares the run without q.mu; pause
	// and stop are what Pause, Resume and Stop asked for meanwhile, applied
	// to run once it is set.
	starting    bool
	pause, stop bool
}

// live reports whether the item is queued, starting, training or paused.
func (it *item) live() bool {
	return it.state == trainer.StatusQueued || it.training()
}

// training reports whether the item is starting, training or paused.
func (it *item) training() bool {
	return it.run != nil || it.starting
}

// NewQueue returns an empty queue that creates its runs in store.
func NewQueue(store *Store, opt QueueOptions) *Queue {
	q := &Queue{store: store, opt: opt, byID: map[string]*item{}, every: externalRecheck, resume: trainer.Resume}
	q.changed = sync.NewCond(&q.mu)
	q.events.init()
	return q
}

// Store is the store the queue creates its runs in.
func (q *Queue) Store() *Store { return q.store }

// Events returns the channel of every run's events. Epoch, status and
// error events are never dropped; step events of a run are merged while the
// receiver lags (it sees the latest). The channel is closed by Shutdown.
// Every call returns the same channel.
func (q *Queue) Events() <-chan QueueEvent { return q.events.channel() }

// Submit plans the recipe, creates its runs in the store, in a new group
// directory <name>-<date>-<time>, with status queued, and starts them in
// order as their inputs become ready. It returns the new runs' IDs in plan
// order. Nothing is created when the recipe does not plan.
func (q *Queue) Submit(r Recipe) ([]string, error) {
	plan, err := r.Plan()
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", r.Name, err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shutdown {
		return nil, errors.New("submit: the queue is shut down")
	}
	group, err := q.newGroup(r.Name)
	if err != nil {
		return nil, err
	}
	recipe := r.Source
	if recipe == "" {
		recipe = r.Kind + ":" + r.Name
	}
	ids := make(map[string]string, len(plan)) // planned name -> run ID
	var created []*item
	undo := func() {
		for _, it := range created {
			it.lock.unlock()
		}
		os.RemoveAll(q.store.Dir(group))
	}
	for _, p := range plan {
		id := group + "/" + p.Name
		ids[p.Name] = id
		cfg, err := q.resolve(p.Config)
		if err != nil {
			undo()
			return nil, fmt.Errorf("run %s: %w", p.Name, err)
		}
		it := &item{id: id, dir: q.store.Dir(id), state: trainer.StatusQueued}
		for _, a := range p.After {
			it.after = append(it.after, ids[a])
		}
		info := trainer.RunInfo{ID: id, Name: p.Name, Recipe: recipe}
		if p.InitFrom != "" {
			it.initFrom = ids[p.InitFrom]
			info.Parent = it.initFrom
			cfg.InitFrom = q.store.Dir(it.initFrom)
		}
		if err := q.create(it, info, cfg); err != nil {
			undo()
			return nil, err
		}
		created = append(created, it)
	}
	out := make([]string, len(created))
	for i, it := range created {
		q.add(it)
		out[i] = it.id
	}
	q.schedule()
	return out, nil
}

// SubmitConfig creates one run, <name>-<date>-<time> directly under the
// root, and queues it.
func (q *Queue) SubmitConfig(name string, cfg trainer.Config) (string, error) {
	if err := checkName(name); err != nil {
		return "", fmt.Errorf("submit: %w", err)
	}
	if err := checkConfig(cfg); err != nil {
		return "", fmt.Errorf("submit %s: %w", name, err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shutdown {
		return "", errors.New("submit: the queue is shut down")
	}
	cfg, err := q.resolve(cfg)
	if err != nil {
		return "", fmt.Errorf("submit %s: %w", name, err)
	}
	id, err := q.newGroup(name)
	if err != nil {
		return "", err
	}
	it := &item{id: id, dir: q.store.Dir(id), state: trainer.StatusQueued}
	if err := q.create(it, trainer.RunInfo{ID: id, Name: name}, cfg); err != nil {
		os.RemoveAll(it.dir)
		return "", err
	}
	q.add(it)
	q.schedule()
	return id, nil
}

// resolve applies the queue's thread count and turns an init_from that
// names a run of the store into its directory.
func (q *Queue) resolve(cfg trainer.Config) (trainer.Config, error) {
	if cfg.Threads == 0 && q.opt.Threads > 0 {
		cfg.Threads = q.opt.Threads
	}
	if cfg.InitFrom != "" {
		from, err := q.store.ResolveInitFrom(cfg.InitFrom)
		if err != nil {
			return cfg, err
		}
		cfg.InitFrom = from
	}
	return cfg, nil
}

// newGroup picks an unused ID <name>-<date>-<time>[-N] and creates its
// directory.
func (q *Queue) newGroup(name string) (string, error) {
	base := name + "-" + time.Now().Format("20060102-150405")
	if err := os.MkdirAll(q.store.Root(), 0o755); err != nil {
		return "", fmt.Errorf("create run directory: %w", err)
	}
	for n := 1; n < 1000; n++ {
		id := base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		err := os.Mkdir(q.store.Dir(id), 0o755)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("create run directory: %w", err)
		}
	}
	return "", fmt.Errorf("create run directory: too many runs named %s this second", name)
}

// create makes the item's run directory with a queued run.json and takes
// its lock.
func (q *Queue) create(it *item, info trainer.RunInfo, cfg trainer.Config) error {
	if err := os.MkdirAll(filepath.Join(it.dir, trainer.CheckpointDir), 0o755); err != nil {
		return fmt.Errorf("create run %s: %w", it.id, err)
	}
	lock, err := lockRun(it.dir)
	if err != nil {
		return err
	}
	it.lock = lock
	info.Status = trainer.StatusQueued
	info.Created = time.Now().UTC()
	info.Config = cfg
	info.Epochs = cfg.Epochs
	if err := trainer.WriteRunInfo(it.dir, info); err != nil {
		lock.unlock()
		return fmt.Errorf("create run %s: %w", it.id, err)
	}
	return nil
}

// add puts a new item in the queue and announces it. Callers hold q.mu.
func (q *Queue) add(it *item) {
	if old, ok := q.byID[it.id]; ok {
		q.items = slices.DeleteFunc(q.items, func(x *item) bool { return x == old })
	}
	q.items = append(q.items, it)
	q.byID[it.id] = it
	q.announce(it)
}

// announce emits a status event for an item the queue changed itself.
func (q *Queue) announce(it *item) {
	q.events.push(QueueEvent{RunID: it.id, Event: trainer.StatusEvent{Time: time.Now().UTC(), Status: it.state, Message: it.message}})
	q.changed.Broadcast()
}

// depState is the status of a run the item waits for: the queue's view
// when the queue has it, the store's otherwise.
func (q *Queue) depState(id string) (trainer.Status, string) {
	if it, ok := q.byID[id]; ok {
		return it.state, it.message
	}
	e, err := q.store.Get(id)
	if err != nil {
		return trainer.StatusFailed, err.Error()
	}
	return e.Status, e.Info.Message
}

// schedule starts the queued items whose dependencies finished and blocks
// those whose dependencies cannot finish. Callers hold q.mu.
func (q *Queue) schedule() {
	if q.shutdown {
		return
	}
	parallel := max(1, q.opt.Parallel)
	active := 0
	for _, it := range q.items {
		if it.training() {
			active++
		}
	}
	external := false // some run waits for a run another process trains
	for _, it := range q.items {
		if it.state != trainer.StatusQueued || it.training() {
			continue
		}
		ready, reason := true, ""
		for _, dep := range it.after {
			st, msg := q.depState(dep)
			switch st {
			case trainer.StatusFinished:
			case trainer.StatusQueued, trainer.StatusRunning, trainer.StatusPaused:
				ready = false
				if _, ours := q.byID[dep]; !ours {
					external = true
				}
			default:
				ready = false
				reason = blockReason(dep, st, msg)
			}
		}
		if reason != "" {
			q.block(it, reason)
			continue
		}
		if !ready || active >= parallel {
			continue
		}
		q.start(it)
		active++
	}
	// No event tells this process when another one's run ends: look again
	// in a while.
	if external && q.recheck == nil {
		q.recheck = time.AfterFunc(q.every, func() {
			q.mu.Lock()
			defer q.mu.Unlock()
			q.recheck = nil
			q.schedule()
		})
	}
}

// externalRecheck is how often the queue looks at a run of another process
// that one of its runs waits for.
const externalRecheck = 2 * time.Second

func blockReason(dep string, st trainer.Status, msg string) string {
	r := fmt.Sprintf("waits for %s, which is %s", dep, st)
	if msg != "" {
		r += ": " + msg
	}
	switch st {
	case trainer.StatusStopped, trainer.StatusFailed, trainer.StatusInterrupted, StatusBlocked, StatusCancelled:
		r += "; resume it and this run follows"
	}
	return r
}

// block marks a queued item, and whatever waits for it, blocked. Callers
// hold q.mu.
func (q *Queue) block(it *item, reason string) {
	q.setWaiting(it, StatusBlocked, reason)
	for _, other := range q.items {
		if other.state == trainer.StatusQueued && !other.training() && slices.Contains(other.after, it.id) {
			q.block(other, blockReason(it.id, StatusBlocked, ""))
		}
	}
}

// setWaiting records a status of a run that is not training: in its
// run.json (the queue holds its lock) and as an event. Cancelled and blocked
// runs are let go.
func (q *Queue) setWaiting(it *item, st trainer.Status, msg string) {
	it.state, it.message = st, msg
	if err := q.writeInfo(it, func(i *trainer.RunInfo) { i.Status, i.Message = st, msg }); err != nil {
		it.message += " (" + err.Error() + ")"
	}
	if st != trainer.StatusQueued {
		it.lock.unlock()
		it.lock = nil
	}
	q.announce(it)
}

// writeInfo changes the run.json of a run no trainer holds.
func (q *Queue) writeInfo(it *item, change func(*trainer.RunInfo)) error {
	info, err := trainer.ReadRunInfo(it.dir)
	if err != nil {
		return err
	}
	change(&info)
	return trainer.WriteRunInfo(it.dir, info)
}

// start hands a ready item to the trainer: it marks the item starting and
// leaves the slow part (verifying the checkpoint it starts from, resuming
// the run) to launch, which runs without q.mu. Callers hold q.mu.
func (q *Queue) start(it *item) {
	it.starting = true
	it.pause, it.stop = false, false
	lock := it.lock // launch owns the lock now
	it.lock = nil
	var initDir string
	if it.initFrom != "" {
		initDir = q.store.Dir(it.initFrom)
	}
	q.forwards.Add(1)
	go q.launch(it, lock, initDir)
}

// launch prepares and starts an item that start marked starting, without
// q.mu: it pins the final checkpoint of the run it starts from (initDir,
// when set) in its run.json while it holds lock, lets go of lock and
// resumes the run; then, under q.mu, it starts the run and relays its
// events until it ends. A failure fails the item; after Shutdown the run is
// not started and stays queued on disk.
func (q *Queue) launch(it *item, lock *runLock, initDir string) {
	defer q.forwards.Done()
	run, held, err := q.prepare(it, lock, initDir)

	q.mu.Lock()
	it.starting = false
	if err != nil {
		it.lock = held
		q.setWaiting(it, trainer.StatusFailed, err.Error())
		q.events.push(QueueEvent{RunID: it.id, Event: trainer.ErrorEvent{Time: time.Now().UTC(), Message: err.Error()}})
		q.blockDependants(it)
		q.schedule()
		q.mu.Unlock()
		return
	}
	if q.shutdown {
		// Shutdown lets go of queued runs; this one never began.
		q.changed.Broadcast()
		q.mu.Unlock()
		return
	}
	it.run = run
	it.state, it.message = trainer.StatusRunning, ""
	if it.pause {
		run.Pause()
	}
	if it.stop {
		run.Stop()
	}
	events := run.Events()
	run.Start()
	q.changed.Broadcast()
	q.mu.Unlock()
	q.forward(it, run, events)
}

// prepare does launch's work that needs no q.mu. On success it has let go
// of lock: the trainer takes it itself, in its goroutine. On failure it
// returns the lock to hold while the failure is recorded, if it has one.
func (q *Queue) prepare(it *item, lock *runLock, initDir string) (*trainer.Run, *runLock, error) {
	var ckpt string
	if initDir != "" {
		var problems []error
		var err error
		if ckpt, problems, err = trainer.LatestCheckpoint(initDir); err != nil {
			return nil, lock, fmt.Errorf("init from %s: %w", it.initFrom, err)
		}
		// Say which newer checkpoint it passed over, as train --init-from
		// RUN does.
		for _, p := range problems {
			q.events.push(QueueEvent{RunID: it.id, Event: trainer.ErrorEvent{Time: time.Now().UTC(), Message: "init from " + it.initFrom + ": skipped a newer " + p.Error()}})
		}
	}
	// Rewriting run.json also stamps it with the time: from the unlock
	// below until the trainer takes the lock in its goroutine, other
	// processes see a queued run that no process holds, which they call
	// interrupted unless it changed within interruptGrace. A run that
	// waited in the queue longer than that would show as interrupted
	// there for a moment.
	if err := q.writeInfo(it, func(i *trainer.RunInfo) {
		if ckpt != "" {
			i.Config.InitFrom = ckpt
		}
	}); err != nil {
		return nil, lock, err
	}
	lock.unlock()
	run, err := q.resume(it.dir)
	if err != nil {
		lock, _ = lockRun(it.dir)
		return nil, lock, err
	}
	return run, nil, nil
}

// forward relays a run's events until it ends, then schedules what waits.
func (q *Queue) forward(it *item, run *trainer.Run, events <-chan trainer.Event) {
	for e := range events {
		q.events.push(QueueEvent{RunID: it.id, Event: e})
		if s, ok := e.(trainer.StatusEvent); ok {
			q.mu.Lock()
			if it.run == run {
				it.state, it.message = s.Status, s.Message
				q.changed.Broadcast()
			}
			q.mu.Unlock()
		}
	}
	run.Wait()
	q.mu.Lock()
	defer q.mu.Unlock()
	if it.run != run {
		return
	}
	it.run = nil
	info := run.Info()
	it.state, it.message = info.Status, info.Message
	if it.state != trainer.StatusFinished && !q.shutdown {
		q.blockDependants(it)
	}
	q.changed.Broadcast()
	q.schedule()
}

// blockDependants blocks the queued runs that wait for it. Callers hold q.mu.
func (q *Queue) blockDependants(it *item) {
	for _, other := range q.items {
		if other.state == trainer.StatusQueued && !other.training() && slices.Contains(other.after, it.id) {
			q.block(other, blockReason(it.id, it.state, it.message))
		}
	}
}

// lookup returns the queue's item for a run ID as the store resolves it.
func (q *Queue) lookup(id string) (*item, string) {
	if it, ok := q.byID[id]; ok {
		return it, id
	}
	if e, err := q.store.Get(id); err == nil {
		return q.byID[e.ID], e.ID
	}
	return nil, id
}

// Pause asks a training run of this queue to checkpoint and wait.
func (q *Queue) Pause(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, id := q.lookup(id)
	switch {
	case it == nil || !it.training():
		return fmt.Errorf("pause %s: not training in this process", id)
	case it.run == nil:
		it.pause = true
		return nil
	}
	it.run.Pause()
	return nil
}

// Resume continues a run: it unpauses a paused run of this queue; it
// requeues a blocked or cancelled one; and it queues a stopped, failed or
// interrupted run of the store (left by this or an earlier process) to
// continue from its last checkpoint, with the runs of the store that were
// waiting for it. A run that never started waits for its pretraining run
// again if that is not finished.
func (q *Queue) Resume(id string) error {
	q.mu.Lock()
	id, done, err := q.resumeHeld(id)
	q.mu.Unlock()
	if done {
		return err
	}
	// A run of the store. One that lost its checkpoints stays as it is.
	// Whether it has a usable checkpoint decides where requeue starts a
	// transfer run from; finding out reads the checkpoint whole, so it is
	// done without the lock, which training runs need for their events.
	if e, err := q.store.Get(id); err == nil {
		if err := trainer.CheckResumable(e.Dir); err != nil {
			return err
		}
	}
	usable := q.usableCheckpoint(id)
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, done, err := q.resumeHeld(id); done {
		return err // queued meanwhile
	}
	if err := q.requeue(id, usable); err != nil {
		return err
	}
	q.requeueDependants(id)
	q.schedule()
	return nil
}

// resumeHeld resumes a run this queue holds, reporting whether id was one
// (or the queue is shut down), and the run's ID as the store knows it.
// Callers hold q.mu.
func (q *Queue) resumeHeld(id string) (string, bool, error) {
	if q.shutdown {
		return id, true, errors.New("resume: the queue is shut down")
	}
	it, id := q.lookup(id)
	if it == nil {
		return id, false, nil
	}
	switch {
	case it.run != nil && it.run.Status().Done():
		return id, true, fmt.Errorf("resume %s: it is still ending (%s); try again in a moment", id, it.run.Status())
	case it.run != nil:
		it.run.Unpause()
		return id, true, nil
	case it.starting:
		it.pause = false
		return id, true, nil
	case it.state == trainer.StatusQueued:
		return id, true, fmt.Errorf("resume %s: already queued", id)
	}
	return id, false, nil
}

// usableCheckpoint reports whether the run id of the store has a checkpoint
// that reads back intact, or nil when the run cannot be found (requeue then
// reports that).
func (q *Queue) usableCheckpoint(id string) *bool {
	e, err := q.store.Get(id)
	if err != nil {
		return nil
	}
	_, _, err = trainer.LatestCheckpoint(e.Dir)
	ok := err == nil
	return &ok
}

// requeue puts a run of the store that no process holds back in the queue.
// usable says whether it has a usable checkpoint, found out by the caller
// (nil: requeue checks; cheap for runs that never started). Callers hold
// q.mu.
func (q *Queue) requeue(id string, usable *bool) error {
	e, err := q.store.Get(id)
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if e.Archived {
		return fmt.Errorf("resume %s: the run is archived; unarchive it first", e.ID)
	}
	if e.Info.Status == trainer.StatusFinished {
		return fmt.Errorf("resume %s: the run already finished", e.ID)
	}
	lock, err := lockRun(e.Dir)
	if err != nil {
		return fmt.Errorf("resume %s: %w (is another process training it?)", e.ID, err)
	}
	it := &item{id: e.ID, dir: e.Dir, lock: lock, state: trainer.StatusQueued}
	if e.Info.Parent != "" {
		if usable == nil {
			ok := false
			if trainer.HasCheckpoint(e.Dir) {
				_, _, err := trainer.LatestCheckpoint(e.Dir)
				ok = err == nil
			}
			usable = &ok
		}
		if !*usable {
			// Never got a checkpoint: it starts over, from its parent's.
			it.after = []string{e.Info.Parent}
			it.initFrom = e.Info.Parent
		}
	}
	if err := q.writeInfo(it, func(i *trainer.RunInfo) { i.Status, i.Message = trainer.StatusQueued, "" }); err != nil {
		lock.unlock()
		return fmt.Errorf("resume %s: %w", e.ID, err)
	}
	q.add(it)
	return nil
}

// requeueDependants queues again the runs that were waiting for id and
// never started: blocked runs of the queue, and blocked or interrupted ones
// of the store (left by an earlier process). Cancelled runs stay cancelled.
// Callers hold q.mu.
func (q *Queue) requeueDependants(id string) {
	entries, err := q.store.List()
	if err != nil {
		return
	}
	slices.Reverse(entries) // oldest first: the order the recipe planned them
	for _, e := range entries {
		if e.Info.Parent != id {
			continue
		}
		if it, ok := q.byID[e.ID]; ok && it.live() {
			continue
		}
		if e.Info.Status != StatusBlocked && e.Info.Status != trainer.StatusQueued {
			continue // started, finished or cancelled: not this method's to queue
		}
		// A queued run that a live process holds fails requeue's lock.
		if q.requeue(e.ID, nil) == nil {
			q.requeueDependants(e.ID)
		}
	}
}

// Stop asks a training or paused run of this queue to checkpoint and end
// (it can be resumed later); a queued run is cancelled.
func (q *Queue) Stop(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, id := q.lookup(id)
	switch {
	case it == nil || !it.live():
		return fmt.Errorf("stop %s: not queued or training in this process", id)
	case it.run != nil:
		it.run.Stop()
		return nil
	case it.starting:
		it.stop = true
		return nil
	}
	q.cancel(it)
	return nil
}

// Cancel takes a run that has not started out of the queue, with status
// cancelled; the runs waiting for it become blocked.
func (q *Queue) Cancel(id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, id := q.lookup(id)
	switch {
	case it == nil:
		return fmt.Errorf("cancel %s: not in this process's queue", id)
	case it.training():
		return fmt.Errorf("cancel %s: it is training; stop it instead", id)
	case it.state != trainer.StatusQueued && it.state != StatusBlocked:
		return fmt.Errorf("cancel %s: it is %s, not queued", id, it.state)
	}
	q.cancel(it)
	return nil
}

// cancel cancels a waiting item. Callers hold q.mu.
func (q *Queue) cancel(it *item) {
	q.setWaiting(it, StatusCancelled, "cancelled before it started")
	q.blockDependants(it)
	q.schedule()
}

// SetMode changes which parameters a run of this queue that has not
// started (queued, blocked or cancelled) will train: full, adaptformer
// (backbone frozen) or linear. A name ending in the old mode ("transfer-full")
// is changed to match; the ID stays.
func (q *Queue) SetMode(id string, mode string) error {
	if !slices.Contains(trainer.Modes(), mode) {
		return fmt.Errorf("set mode: %q is not one of %s", mode, strings.Join(trainer.Modes(), ", "))
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	it, id := q.lookup(id)
	if it == nil || it.training() || !slices.Contains([]trainer.Status{trainer.StatusQueued, StatusBlocked, StatusCancelled}, it.state) {
		return fmt.Errorf("set mode of %s: only a run queued in this process and not started can change its mode", id)
	}
	if trainer.HasCheckpoint(it.dir) {
		return fmt.Errorf("set mode of %s: it has checkpoints; the mode of a started run is fixed", id)
	}
	// The run's name says its mode ("transfer-adaptformer"): it follows,
	// unless another run of the experiment has that name already.
	taken := map[string]bool{}
	if g, _, nested := strings.Cut(id, "/"); nested {
		if runs, err := q.store.Group(g); err == nil {
			for _, e := range runs {
				if e.ID != id {
					taken[e.Name()] = true
				}
			}
		}
	}
	err := q.writeInfo(it, func(i *trainer.RunInfo) {
		old := i.Config.Mode
		i.Config.Mode = mode
		if base, ok := cutModeSuffix(i.Name, old); ok {
			name := base + "-" + mode
			for n := 2; taken[name]; n++ {
				name = fmt.Sprintf("%s-%s-%d", base, mode, n)
			}
			i.Name = name
		}
	})
	if err != nil {
		return fmt.Errorf("set mode of %s: %w", id, err)
	}
	it.message = "mode set to " + mode
	q.announce(it)
	return nil
}

// cutModeSuffix strips "-<mode>" or "-<mode>-<n>" (SetMode's names) from
// the end of a run's name.
func cutModeSuffix(name, mode string) (string, bool) {
	if base, ok := strings.CutSuffix(name, "-"+mode); ok {
		return base, true
	}
	if i := strings.LastIndex(name, "-"+mode+"-"); i >= 0 {
		if _, err := strconv.Atoi(name[i+len(mode)+2:]); err == nil {
			return name[:i], true
		}
	}
	return "", false
}

// Live reports whether this queue holds the run: queued, training or
// paused in this process.
func (q *Queue) Live(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, _ := q.lookup(id)
	return it != nil && it.live()
}

// Runs lists the queue's runs in the order they were queued.
func (q *Queue) Runs() []QueuedRun {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]QueuedRun, len(q.items))
	for i, it := range q.items {
		out[i] = QueuedRun{ID: it.id, Status: it.state, Message: it.message, After: slices.Clone(it.after)}
	}
	return out
}

// Wait blocks until no run of the queue is queued, training or paused; after
// Shutdown, until no run is training.
func (q *Queue) Wait() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.busy() {
		q.changed.Wait()
	}
}

// busy reports whether any run is training, or queued and not shut down.
// Callers hold q.mu.
func (q *Queue) busy() bool {
	for _, it := range q.items {
		if it.training() || it.state == trainer.StatusQueued && !q.shutdown {
			return true
		}
	}
	return false
}

// Shutdown stops the training runs at their next step (each writes a
// checkpoint and can be resumed later), lets go of the queued ones (a later
// process sees them as interrupted and can resume them), waits for the runs
// to end and closes Events. It returns the errors of runs that failed to
// stop cleanly.
func (q *Queue) Shutdown() error {
	q.mu.Lock()
	if q.shutdown {
		q.mu.Unlock()
		return nil
	}
	q.shutdown = true
	if q.recheck != nil {
		q.recheck.Stop()
		q.recheck = nil
	}
	var runs []*trainer.Run
	for _, it := range q.items {
		if it.run != nil {
			it.run.Stop()
			runs = append(runs, it.run)
		}
		if it.lock != nil {
			it.lock.unlock()
			it.lock = nil
		}
	}
	q.changed.Broadcast()
	q.mu.Unlock()

	var errs []error
	for _, r := range runs {
		if err := r.Wait(); err != nil {
			errs = append(errs, fmt.Errorf("run %s: %w", r.Info().ID, err))
		}
	}
	q.forwards.Wait()
	q.mu.Lock()
	for _, it := range q.items {
		if it.state == trainer.StatusQueued && it.run == nil {
			// run.json still says queued: a later process sees it as
			// interrupted, and so does this queue now.
			it.state, it.message = trainer.StatusInterrupted, "left queued at shutdown"
		}
	}
	q.mu.Unlock()
	q.events.close()
	return errors.Join(errs...)
}

// eventPump delivers queue events to a channel in order without ever
// blocking the producer: a goroutine, started by the first channel call,
// sends from an unbounded queue in which a step event replaces the same
// run's step event still waiting at the end.
type eventPump struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []QueueEvent
	closed  bool
	ch      chan QueueEvent
	pumping bool
}

func (p *eventPump) init() {
	p.cond = sync.NewCond(&p.mu)
	p.ch = make(chan QueueEvent)
}

func (p *eventPump) push(e QueueEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if _, ok := e.Event.(trainer.StepEvent); ok && len(p.queue) > 0 {
		last := p.queue[len(p.queue)-1]
		if _, ok := last.Event.(trainer.StepEvent); ok && last.RunID == e.RunID {
			p.queue[len(p.queue)-1] = e
			return
		}
	}
	p.queue = append(p.queue, e)
	p.cond.Signal()
}

func (p *eventPump) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.cond.Signal()
	if !p.pumping {
		// Nobody asked for the channel: close it now so a later caller
		// sees it closed after the queued events are dropped.
		p.pumping = true
		p.queue = nil
		close(p.ch)
	}
}

func (p *eventPump) channel() <-chan QueueEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.pumping {
		p.pumping = true
		go p.pump()
	}
	return p.ch
}

func (p *eventPump) pump() {
	for {
		p.mu.Lock()
		for len(p.queue) == 0 && !p.closed {
			p.cond.Wait()
		}
		if len(p.queue) == 0 {
			p.mu.Unlock()
			close(p.ch)
			return
		}
		e := p.queue[0]
		p.queue[0] = QueueEvent{}
		p.queue = p.queue[1:]
		p.mu.Unlock()
		p.ch <- e
	}
}
