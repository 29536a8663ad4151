package tui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit"
)

// The fixtures are run directories written the way the trainer writes them
// (run.json through trainer.WriteRunInfo, metrics.jsonl through
// trainer.MarshalRecord, summary.txt from vit's Summary), with made-up but
// deterministic curves, so the views are stable enough for golden files.

var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// fixedNow is the tests' clock: the day after the fixture's runs.
func fixedNow() time.Time { return t0.Add(24 * time.Hour) }

// fixtureRun describes one run directory to write.
type fixtureRun struct {
	rel       string // path under the root
	name      string
	recipe    string
	mode      string
	dataset   string
	status    trainer.Status
	epochs    int // planned
	done      int // finished epochs
	steps     int // steps per epoch
	startTop1 float64
	gainTop1  float64
	created   time.Duration // after t0, for the store's order
	parent    string        // the run it starts from (RunInfo.Parent)
	seed      uint64        // the config's seed (0: the default)
}

// writeRun writes one run directory under root.
func writeRun(t testing.TB, root string, f fixtureRun) {
	t.Helper()
	dir := filepath.Join(root, filepath.FromSlash(f.rel))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := trainer.DefaultConfig()
	cfg.Mode, cfg.Dataset, cfg.Epochs, cfg.Batch = f.mode, f.dataset, f.epochs, 64
	if f.seed != 0 {
		cfg.Seed = f.seed
	}
	total, trainable := modelSize(t, f.mode)
	info := trainer.RunInfo{
		ID: filepath.Base(dir), Name: f.name, Recipe: f.recipe, Status: f.status, Parent: f.parent,
		Created: t0.Add(f.created), Config: cfg,
		Epochs: f.epochs, StepsPerEpoch: f.steps, TrainImages: f.steps * 64,
		Params: total, Trainable: trainable,
	}
	var lines []string
	add := func(e trainer.Event) {
		b, err := trainer.MarshalRecord(e)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	add(trainer.StatusEvent{Time: t0, Status: trainer.StatusRunning})
	step := 0
	for ep := 1; ep <= f.done; ep++ {
		for range f.steps {
			step++
			// A decaying loss with a deterministic wiggle.
			loss := 2.3*pow(0.985-f.gainTop1/50, float64(step)) + 0.4 + 0.15*wiggle(step+f.epochs)
			add(trainer.StepEvent{Time: t0, Epoch: ep, Step: step, Loss: loss, LR: 0.01 * float64(min(step, 20)) / 20, ImagesPerSec: 800})
		}
		top1 := f.startTop1 + f.gainTop1*(1-pow(0.6, float64(ep)))
		add(trainer.EpochEvent{Time: t0, Epoch: ep, Step: step, TrainLoss: 1, TrainTop1: top1 + 0.05, EvalLoss: 1.1,
			EvalTop1: top1, EvalTop5: top1 + 0.2, LR: 0.01, Seconds: 30})
		info.BestEvalTop1, info.BestEpoch, info.LastEvalTop1 = top1, ep, top1
	}
	info.Epoch, info.Step = f.done, step
	if f.status != trainer.StatusRunning {
		add(trainer.StatusEvent{Time: t0, Status: f.status, Step: step})
	}
	if err := trainer.WriteRunInfo(dir, info); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, trainer.MetricsFile), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f.done > 0 {
		if err := os.WriteFile(filepath.Join(dir, trainer.SummaryFile), []byte(summaryText(t, f.mode)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func pow(b, e float64) float64 {
	r := 1.0
	for range int(e) {
		r *= b
	}
	return r
}

// wiggle is a deterministic noise in [-1, 1].
func wiggle(i int) float64 { return float64((i*7919)%17)/8 - 1 }

// summaries caches vit's summary text per mode (building a model costs).
var summaries sync.Map

// summaryText is the micro model's summary.txt under mode.
func summaryText(t testing.TB, mode string) string {
	if s, ok := summaries.Load(mode); ok {
		return s.(string)
	}
	cfg, err := vit.Preset("micro")
	if err != nil {
		t.Fatal(err)
	}
	m, err := vit.New(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	md, err := vit.ParseMode(mode)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Freeze(vit.FreezeSpec{Mode: md}); err != nil {
		t.Fatal(err)
	}
	s := m.Summary().String()
	summaries.Store(mode, s)
	return s
}

func modelSize(t testing.TB, mode string) (total, trainable int) {
	p, err := parseParamTable(summaryText(t, mode))
	if err != nil {
		t.Fatal(err)
	}
	return p.total, p.trainable
}

// seedStore writes an experiment (pretraining, then adaptformer and full
// transfer runs) and a stopped run of its own.
func seedStore(t testing.TB) *experiments.Store {
	t.Helper()
	root := t.TempDir()
	for _, f := range []fixtureRun{
		{rel: "seed-demo/pretrain", name: "pretrain", recipe: "seed", mode: "full", dataset: "synthetic-pretrain",
			status: trainer.StatusFinished, epochs: 3, done: 3, steps: 40, startTop1: 0.05, gainTop1: 0.4, created: 0},
		{rel: "seed-demo/transfer-adaptformer", name: "transfer-adaptformer", recipe: "seed", mode: "adaptformer", dataset: "synthetic-transfer",
			status: trainer.StatusFinished, epochs: 4, done: 4, steps: 25, startTop1: 0.3, gainTop1: 0.45, created: time.Minute},
		{rel: "seed-demo/transfer-full", name: "transfer-full", recipe: "seed", mode: "full", dataset: "synthetic-transfer",
			status: trainer.StatusFinished, epochs: 4, done: 4, steps: 25, startTop1: 0.35, gainTop1: 0.5, created: 2 * time.Minute},
		{rel: "micro-full-1", name: "micro-full", mode: "full", dataset: "synthetic-pretrain",
			status: trainer.StatusStopped, epochs: 5, done: 2, steps: 30, startTop1: 0.02, gainTop1: 0.2, created: 3 * time.Minute},
	} {
		writeRun(t, root, f)
	}
	s, err := experiments.OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeQueue records the dashboard's commands.
type fakeQueue struct {
	mu       sync.Mutex
	calls    []string
	live     map[string]bool
	events   chan experiments.QueueEvent
	shutdown bool
}

func newFakeQueue() *fakeQueue {
	return &fakeQueue{live: map[string]bool{}, events: make(chan experiments.QueueEvent, 16)}
}

func (q *fakeQueue) record(s string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls = append(q.calls, s)
	return nil
}

func (q *fakeQueue) Calls() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]string(nil), q.calls...)
}

func (q *fakeQueue) Submit(r experiments.Recipe) ([]string, error) {
	return []string{"new-run"}, q.record("submit " + r.Kind)
}
func (q *fakeQueue) SubmitConfig(name string, c trainer.Config) (string, error) {
	return name + "-1", q.record("submit-config " + name + " " + c.Mode)
}
func (q *fakeQueue) Events() <-chan experiments.QueueEvent { return q.events }
func (q *fakeQueue) Pause(id string) error                 { return q.record("pause " + id) }
func (q *fakeQueue) Resume(id string) error                { return q.record("resume " + id) }
func (q *fakeQueue) Stop(id string) error                  { return q.record("stop " + id) }
func (q *fakeQueue) Cancel(id string) error                { return q.record("cancel " + id) }
func (q *fakeQueue) SetMode(id, mode string) error         { return q.record("set-mode " + id + " " + mode) }
func (q *fakeQueue) Live(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.live[id]
}
func (q *fakeQueue) Shutdown() error {
	q.mu.Lock()
	q.shutdown = true
	q.mu.Unlock()
	return q.record("shutdown")
}

// newTestModel is a dashboard on store without colour, sized w x h, after
// its first poll (done synchronously).
func newTestModel(t testing.TB, store *experiments.Store, q Queue, w, h int) *Model {
	t.Helper()
	// Frames and polls never tick on their own here: the tests drive the
	// model, and runCmd can then wait long for a command without a timer
	// firing into the test.
	m := New(Options{Store: store, Queue: q, Color: false, NoResumePrompt: true, Now: fixedNow,
		PollInterval: time.Hour, FrameInterval: time.Hour})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(m.poller.poll(nil, nil))
	// Second poll: follow every run (the first one learnt their IDs).
	m.polling = false
	cmd := m.startPoll()
	m.Update(cmd())
	return m
}

// key is a tea.KeyMsg for a key name as the key table writes it.
func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// press sends keys and runs the commands they return that talk to the
// queue (not timers), feeding their results back.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(key(k))
		runCmd(m, cmd)
	}
}

// runCmd runs cmd unless it is a timer, and feeds its message back.
func runCmd(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				runCmd(m, c)
			}
		case tea.QuitMsg, pollMsg, queueEventsMsg:
			// The program's business, not the test's.
		default:
			_, next := m.Update(msg)
			runCmd(m, next)
		}
	case <-time.After(300 * time.Millisecond):
		// A timer (frame, notice or poll tick): not needed here. Other
		// commands answer in microseconds; the margin is for a loaded
		// machine, where 50ms dropped real messages.
	}
}

// screen renders the model's current frame for a golden file: the temp
// root replaced and trailing blanks cut.
func frame(m *Model) string {
	m.redraw = true
	s := m.View()
	s = strings.ReplaceAll(s, m.opt.Store.Root(), "<root>")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}
