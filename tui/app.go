package tui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// Options configure the dashboard.
type Options struct {
	// Store is the runs root. Required.
	Store *experiments.Store
	// Queue launches and controls runs; nil makes a read-only viewer.
	Queue Queue
	// Color is false for NO_COLOR (and for tests): no colour at all, with
	// every distinction also made by a glyph.
	Color bool
	// Renderer draws the styles; nil is lipgloss's default.
	Renderer *lipgloss.Renderer
	// DataDir is where the form looks for datasets on disk ("" for none).
	DataDir string
	// NextMode is the freeze flag of the next launch: "adaptformer" or
	// "full" (the default); f toggles it.
	NextMode string
	// PollInterval is how often runs on disk are re-read (default 1s);
	// FrameInterval the render clock for data updates (default 100ms).
	PollInterval, FrameInterval time.Duration
	// Now is the clock the runs table tells creation times by (default
	// time.Now; tests fix it).
	Now func() time.Time
	// NoResumePrompt skips the question, at start, whether to resume runs
	// that a previous dashboard left interrupted.
	NoResumePrompt bool
}

// Model is the dashboard's Bubble Tea model. It is used through a pointer:
// it caches its last frame and lets View refresh it.
type Model struct {
	opt Options
	st  *Styles

	width, height int
	screen        screen
	back          screen // where esc or ? returns to from help

	runs map[string]*runState
	// live: the runs this process's queue holds (queued, running,
	// paused), as the last poll and the queue's events tell. Update reads
	// this, never the queue, whose lock a starting run may hold a while.
	live    map[string]bool
	order   []string // run IDs in table order (see runOrder)
	cursor  int      // index into visibleIDs()
	placed  bool     // the cursor was put on a run when the first runs were listed
	marked  []string // runs marked with space, in marking order
	openID  string   // the run view's run
	compare []string // the compare view's runs
	eachRun bool     // the compare view shows every run, not the mean over seeds (a)
	panel   int      // run view: 0 curves, 1 parameters; compare view: panelOverlay...
	offset  int      // scroll of the parameter table

	// The compare view's means over seeds, and what they were computed from.
	pooled    []cmpItem
	pooledKey string

	smoothing float64 // the EMA weight when on
	smoothOn  bool

	filter    textinput.Model
	filtering bool

	form     *newForm
	lastForm *formValues // the answers of the last launch, offered again
	datasets []string
	nextMode string

	prompt      []string // interrupted runs offered for resume at start
	quitting    bool
	shutDown    bool  // the queue was shut down
	shutdownErr error // what it reported

	notice    string
	noticeErr bool
	noticeID  int
	storeErr  string

	poller      *poller
	polling     bool
	tickPending bool // the next poll tick is scheduled
	eventsArmed bool

	// Rendering: data messages mark the frame stale and a frame tick
	// redraws it at most every FrameInterval; keys and resizes redraw at once.
	frame        string
	redraw       bool
	stale        bool
	framePending bool

	lossChart, accChart, lrChart Chart
	cmpLoss, cmpAcc              Chart
	sideCharts                   []Chart // the compare view's side by side: loss and top-1 per run
}

// New returns the dashboard on opt.Store.
func New(opt Options) *Model {
	if opt.PollInterval <= 0 {
		opt.PollInterval = time.Second
	}
	if opt.FrameInterval <= 0 {
		opt.FrameInterval = 100 * time.Millisecond
	}
	if opt.NextMode == "" {
		opt.NextMode = "full"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	st := NewStyles(opt.Renderer, opt.Color)
	fi := textinput.New()
	fi.Prompt = "/"
	fi.Placeholder = "filter"
	m := &Model{
		opt:       opt,
		st:        st,
		runs:      map[string]*runState{},
		live:      map[string]bool{},
		smoothing: 0.6,
		smoothOn:  true,
		filter:    fi,
		nextMode:  opt.NextMode,
		poller:    newPoller(opt.Store),
		redraw:    true,
	}
	for _, c := range []*Chart{&m.lossChart, &m.accChart, &m.lrChart, &m.cmpLoss, &m.cmpAcc} {
		c.Axis, c.Label = st.Axis, st.Label
	}
	m.lossChart.Title = "train loss"
	m.accChart.Title, m.accChart.Percent = "top-1", true
	m.lrChart.Title = "learning rate"
	m.cmpLoss.Title, m.cmpLoss.HideRaw = "train loss", true
	m.cmpAcc.Title, m.cmpAcc.Percent = "eval top-1", true
	return m
}

// Init starts the store poll, the queue relay and the dataset scan.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.startPoll(), scanDatasets(m.opt.DataDir)}
	if c := m.armEvents(); c != nil {
		cmds = append(cmds, c)
	}
	return tea.Batch(cmds...)
}

// armEvents returns the command that waits for the next batch of queue
// events; it is issued again after each batch.
func (m *Model) armEvents() tea.Cmd {
	if m.opt.Queue == nil || m.eventsArmed {
		return nil
	}
	ch := m.opt.Queue.Events()
	if ch == nil {
		return nil
	}
	m.eventsArmed = true
	return func() tea.Msg { return drainEvents(ch, 4096) }
}

// drainEvents blocks for one event, then takes whatever else is queued, up
// to limit, without blocking.
func drainEvents(ch <-chan queueEvent, limit int) tea.Msg {
	ev, ok := <-ch
	if !ok {
		return queueEventsMsg{closed: true}
	}
	batch := []queueEvent{ev}
	for len(batch) < limit {
		select {
		case ev, ok := <-ch:
			if !ok {
				return queueEventsMsg{events: batch, closed: true}
			}
			batch = append(batch, ev)
		default:
			return queueEventsMsg{events: batch}
		}
	}
	return queueEventsMsg{events: batch}
}

// startPoll returns the command that reads the store and follows the runs
// not relayed by this process's queue. Only one poll runs at a time, so the
// poller's followers are never shared.
func (m *Model) startPoll() tea.Cmd {
	if m.polling {
		return nil
	}
	m.polling = true
	var follow []string
	var params []paramReq
	for _, id := range m.order {
		r := m.runs[id]
		if !m.live[id] && (!r.loaded || !r.status.Done() && r.status != trainer.StatusInterrupted) {
			follow = append(follow, id)
		}
		switch {
		case r.status == trainer.StatusQueued || r.status == trainer.StatusInterrupted && r.entry.Info.Step == 0 && r.entry.Info.Params == 0:
			// Queued, or seemingly never started (a queued run whose
			// queue quit reads as interrupted): no summary.txt yet, which
			// the poller checks.
			cfg := r.entry.Info.Config
			again := r.status != trainer.StatusQueued // until its summary.txt shows up, if it did start
			if key := planKey(cfg); (r.params == nil || r.params.planned) && (r.planFor != key || again) && cfg.Preset != "" {
				// What it will train, before it starts: asked once per
				// config (a folder set's class count waits for its files;
				// the freeze toggle changes the mode).
				r.planFor = key
				params = append(params, paramReq{id: id, dir: r.entry.Dir, planned: true, cfg: cfg})
			}
		case r.params == nil || r.params.planned:
			params = append(params, paramReq{id: id, dir: r.entry.Dir})
		}
	}
	p, q, known := m.poller, m.opt.Queue, slices.Clone(m.order)
	return func() tea.Msg {
		msg := p.poll(follow, params)
		msg.live = liveRuns(q, msg.entries, known)
		return msg
	}
}

// liveRuns asks the queue which of the runs listed or known it holds. It
// runs in the poll command: Queue.Live takes the queue's lock.
func liveRuns(q Queue, entries []experiments.RunEntry, known []string) map[string]bool {
	if q == nil {
		return nil
	}
	live := map[string]bool{}
	for _, e := range entries {
		live[e.ID] = q.Live(e.ID)
	}
	for _, id := range known {
		if _, ok := live[id]; !ok {
			live[id] = q.Live(id)
		}
	}
	return live
}

// Update handles one message. It never blocks: every read of the disk and
// every call that may wait runs in a command.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.redraw = true
		if m.form != nil {
			m.form.resize(m.width, m.height)
		}
	case tea.KeyMsg:
		// Keys typed faster than the terminal is read (or batched by a slow
		// link) arrive as one message of several runes ("jjj"): outside a
		// text field, each is a command of its own.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && m.screen != screenNew && !m.filtering {
			for _, r := range msg.Runes {
				cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
		} else {
			cmds = append(cmds, m.handleKey(msg))
		}
		m.redraw = true
	case queueEventsMsg:
		m.eventsArmed = false
		for _, ev := range msg.events {
			m.applyEvent(ev.RunID, ev.Event)
			if s, ok := ev.Event.(trainer.StatusEvent); ok && s.Status == trainer.StatusFailed {
				name := ev.RunID
				if r, ok := m.runs[ev.RunID]; ok {
					name = r.Name()
				}
				cmds = append(cmds, m.setNotice(fmt.Sprintf("%s failed: %s", name, s.Message), true))
			}
		}
		if !msg.closed {
			cmds = append(cmds, m.armEvents())
		}
		cmds = append(cmds, m.markStale())
	case pollTickMsg:
		m.tickPending = false
		cmds = append(cmds, m.startPoll())
	case pollMsg:
		m.polling = false
		if m.applyPoll(msg) {
			cmds = append(cmds, m.markStale())
		}
		// One tick chain: the extra polls that actions start must not
		// each start another one (polls would multiply with every key).
		if !m.tickPending {
			m.tickPending = true
			cmds = append(cmds, tea.Tick(m.opt.PollInterval, func(time.Time) tea.Msg { return pollTickMsg{} }))
		}
	case frameMsg:
		m.framePending = false
		if m.stale {
			m.redraw, m.stale = true, false
		}
	case actionDoneMsg:
		if msg.err != nil {
			cmds = append(cmds, m.setNotice(msg.err.Error(), true))
		} else {
			cmds = append(cmds, m.setNotice(msg.what, false))
		}
		cmds = append(cmds, m.startPoll())
		m.redraw = true
	case launchedMsg:
		if msg.err != nil {
			cmds = append(cmds, m.setNotice("launch: "+msg.err.Error(), true))
		} else {
			cmds = append(cmds, m.setNotice(fmt.Sprintf("launched %s", strings.Join(msg.ids, ", ")), false))
			for _, id := range msg.ids {
				m.live[id] = true
				if r, ok := m.runs[id]; ok {
					r.loaded = true
				} else {
					m.pendingSelect(id)
				}
			}
			if len(msg.ids) > 0 && m.screen == screenRuns {
				m.filter.SetValue("")
				m.selectID(msg.ids[0])
			}
		}
		cmds = append(cmds, m.startPoll())
		m.redraw = true
	case shutdownMsg:
		m.shutDown, m.shutdownErr = true, msg.err
		return m, tea.Quit
	case datasetsMsg:
		m.datasets = msg.names
	case noticeExpiredMsg:
		if msg.id == m.noticeID {
			m.notice = ""
			m.redraw = true
		}
	default:
		if m.screen == screenNew && m.form != nil {
			cmds = append(cmds, m.updateForm(msg))
			m.redraw = true
		} else if m.filtering {
			var c tea.Cmd
			m.filter, c = m.filter.Update(msg)
			cmds = append(cmds, c)
		}
	}
	return m, tea.Batch(cmds...)
}

// markStale asks for a redraw at the next frame tick.
func (m *Model) markStale() tea.Cmd {
	m.stale = true
	if m.framePending {
		return nil
	}
	m.framePending = true
	return tea.Tick(m.opt.FrameInterval, func(time.Time) tea.Msg { return frameMsg{} })
}

// setNotice shows a line in the status bar for a few seconds.
func (m *Model) setNotice(s string, isErr bool) tea.Cmd {
	m.noticeID++
	m.notice, m.noticeErr = s, isErr
	id := m.noticeID
	d := 6 * time.Second
	if isErr {
		d = 20 * time.Second // long enough to read a path in an error
	}
	m.redraw = true
	return tea.Tick(d, func(time.Time) tea.Msg { return noticeExpiredMsg{id: id} })
}

// applyEvent takes one event of a run of this process's queue.
func (m *Model) applyEvent(id string, e trainer.Event) {
	r, ok := m.runs[id]
	if !ok {
		// Known to the queue before the next poll lists it.
		selected := m.selectedID()
		r = newRunState(experiments.RunEntry{ID: id, Info: trainer.RunInfo{ID: id, Name: id}})
		r.loaded = true
		m.runs[id] = r
		m.order = append([]string{id}, m.order...)
		m.selectID(selected)
	}
	r.apply(e)
	if s, ok := e.(trainer.StatusEvent); ok {
		r.statusByEvent = true
		// The queue holds a run until it ends.
		m.live[id] = !s.Status.Done() && s.Status != trainer.StatusInterrupted
	}
}

// applyPoll merges what a poll found and reports whether anything on
// screen may have changed: an idle dashboard polling a quiet store does not
// redraw, so it costs no CPU.
func (m *Model) applyPoll(p pollMsg) bool {
	before := m.pollSignature()
	if p.live != nil {
		m.live = p.live
	}
	if p.err != nil {
		m.storeErr = p.err.Error()
	} else {
		m.storeErr = ""
		selected := m.selectedID()
		seen := make(map[string]bool, len(p.entries))
		order := runOrder(p.entries)
		for _, e := range p.entries {
			seen[e.ID] = true
			if r, ok := m.runs[e.ID]; ok {
				r.setEntry(e, m.live[e.ID])
			} else {
				m.runs[e.ID] = newRunState(e)
			}
		}
		// Runs the queue reported but the store does not list yet stay.
		for _, id := range m.order {
			if !seen[id] && m.live[id] {
				order = append([]string{id}, order...)
				seen[id] = true
			}
		}
		for id := range m.runs {
			if !seen[id] {
				delete(m.runs, id)
			}
		}
		m.order = order
		m.marked = slices.DeleteFunc(m.marked, func(id string) bool { return !seen[id] })
		m.selectID(selected)
		if !m.placed && len(order) > 0 {
			// Opening on a sweep: the run training now, else the newest.
			m.placed = true
			m.selectID(cmp.Or(m.firstRunning(m.visibleIDs()), order[0]))
		}
	}
	changed := len(p.params) > 0
	for id, f := range p.follow {
		r, ok := m.runs[id]
		if !ok {
			continue
		}
		changed = changed || len(f.events) > 0 || f.reset || f.err != nil || f.skipped != r.skipped
		r.skipped = f.skipped
		if f.err != nil {
			r.lastError = f.err.Error()
			continue
		}
		if f.reset {
			r.reset()
		}
		for _, e := range f.events {
			r.apply(e)
		}
		r.loaded = true
		// run.json is the authority on the status of a run we only watch.
		r.status, r.statusByEvent = r.entry.Status, false
	}
	for id, t := range p.params {
		if r, ok := m.runs[id]; ok {
			r.params = t
		}
	}
	if p.first {
		m.offerResume(p.resume)
		changed = true
	}
	return changed || m.pollSignature() != before
}

// pollSignature sums up what a poll may change on screen besides curves:
// the runs, their statuses and progress, and the store's error.
func (m *Model) pollSignature() string {
	var b strings.Builder
	b.WriteString(m.storeErr)
	for _, id := range m.order {
		r := m.runs[id]
		i := r.entry.Info
		fmt.Fprintf(&b, "|%s %s %s %d %d %d %d %s %v", id, r.Name(), r.status, i.Step, i.Epoch, i.Params, i.Trainable, i.Message, i.Updated.UnixNano())
	}
	return b.String()
}

// offerResume asks, once at start, whether to resume the runs a previous
// dashboard checkpointed when it quit (listed in the store's resume file)
// and the runs left interrupted by a process that died.
func (m *Model) offerResume(quitWith []string) {
	if m.opt.NoResumePrompt || m.opt.Queue == nil {
		return
	}
	for _, id := range m.order {
		r := m.runs[id]
		if r.status == trainer.StatusInterrupted ||
			slices.Contains(quitWith, id) && (r.status == trainer.StatusStopped || r.status == trainer.StatusPaused) {
			m.prompt = append(m.prompt, id)
		}
	}
	if len(m.prompt) > 0 && m.screen == screenRuns {
		m.back, m.screen = m.screen, screenPrompt
		m.redraw = true
	}
}

// visibleIDs is the runs table after the filter.
func (m *Model) visibleIDs() []string {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	if q == "" {
		return m.order
	}
	var ids []string
	for _, id := range m.order {
		r := m.runs[id]
		c := r.entry.Info.Config
		hay := strings.ToLower(strings.Join([]string{r.Name(), id, r.entry.Info.Recipe, r.entry.Group, c.Mode, c.Dataset, c.Preset, string(r.status)}, " "))
		// Every word must match, in any order: "cifar10 full".
		if !slices.ContainsFunc(strings.Fields(q), func(w string) bool { return !strings.Contains(hay, w) }) {
			ids = append(ids, id)
		}
	}
	return ids
}

// selectedID is the run under the cursor (the open run in the run view).
func (m *Model) selectedID() string {
	if m.screen == screenRun && m.openID != "" {
		return m.openID
	}
	ids := m.visibleIDs()
	if m.cursor >= 0 && m.cursor < len(ids) {
		return ids[m.cursor]
	}
	return ""
}

func (m *Model) selectID(id string) {
	ids := m.visibleIDs()
	if i := slices.Index(ids, id); i >= 0 {
		m.cursor = i
	}
	m.cursor = max(0, min(m.cursor, len(ids)-1))
}

// pendingSelect moves the cursor to a run the next poll will list.
func (m *Model) pendingSelect(id string) {
	m.order = append([]string{id}, m.order...)
	r := newRunState(experiments.RunEntry{ID: id, Info: trainer.RunInfo{ID: id, Name: id}, Status: trainer.StatusQueued})
	r.loaded = true
	m.runs[id] = r
}

// View returns the current frame.
func (m *Model) View() string {
	if m.redraw || m.frame == "" {
		m.frame = m.render()
		m.redraw = false
	}
	return m.frame
}

// Minimum terminal size the layout is designed for.
const minWidth, minHeight = 60, 16

func (m *Model) render() string {
	w, h := m.width, m.height
	if w == 0 || h == 0 {
		return ""
	}
	if w < minWidth || h < minHeight {
		msg := fmt.Sprintf("terminal too small: %dx%d\nthe dashboard needs at least %dx%d\n\nq quits", w, h, minWidth, minHeight)
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg)
	}
	top := m.topBar(w)
	footer := m.footer(w)
	status := m.statusLines(w)
	bodyH := h - 2 - strings.Count(status, "\n") - 1
	var body string
	switch m.screen {
	case screenRuns:
		body = m.runsView(w, bodyH)
	case screenPrompt:
		body = m.promptView(w, bodyH)
	case screenRun:
		body = m.runView(w, bodyH)
	case screenCompare:
		body = m.compareView(w, bodyH)
	case screenNew:
		body = m.formView(w, bodyH)
	case screenHelp:
		body = m.helpView(w, bodyH)
	}
	body = fitBlock(body, w, bodyH)
	return strings.Join([]string{top, body, status, footer}, "\n")
}

// fitBlock pads or cuts s to exactly h lines of at most w cells.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = padRight(l, w)
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) topBar(w int) string {
	tabs := []struct {
		name string
		s    screen
	}{{"runs", screenRuns}, {"run", screenRun}, {"compare", screenCompare}, {"new", screenNew}}
	cur := m.screen
	if cur == screenHelp || cur == screenPrompt {
		cur = m.back
	}
	var parts []string
	for _, t := range tabs {
		if t.s == cur {
			parts = append(parts, m.st.TabActive.Render("["+t.name+"]"))
		} else {
			parts = append(parts, m.st.Tab.Render(" "+t.name+" "))
		}
	}
	left := m.st.Title.Render("adaptformer") + "  " + strings.Join(parts, "")
	right := m.st.Dim.Render("next launch: ") + m.st.Bold.Render(m.nextMode) + m.st.Dim.Render(" (f)")
	if m.opt.Queue == nil {
		right = m.st.Dim.Render("read-only")
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return truncate(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// statusLines is the line above the footer: a notice, or the runs root.
// An error gets up to three lines, so that it is read whole.
func (m *Model) statusLines(w int) string {
	switch {
	case m.quitting:
		return m.st.Notice.Render(truncate("checkpointing running runs before quitting…", w))
	case m.notice != "" && m.noticeErr:
		return strings.Join(wrapLines(m.st.Error, m.notice, w, 3), "\n")
	case m.notice != "":
		return m.st.Notice.Render(truncate(m.notice, w))
	case m.storeErr != "":
		return m.st.Error.Render(truncate("run store: "+m.storeErr, w))
	}
	count := plural(len(m.order), "run")
	if m.filter.Value() != "" && m.screen == screenRuns {
		count = fmt.Sprintf("%d of %s", len(m.visibleIDs()), count)
	}
	return m.st.Dim.Render(truncate(fmt.Sprintf("%s in %s", count, m.opt.Store.Root()), w))
}

func (m *Model) footer(w int) string {
	s := m.screen
	if m.filtering {
		return truncate(m.st.Key.Render("enter")+" apply  "+m.st.Key.Render("esc")+" clear", w)
	}
	var parts []string
	for _, k := range footerKeys(s) {
		if k[0] == "tab" && s == screenRun && w >= sideBySideWidth {
			continue // curves and parameters are both on screen
		}
		if k[0] == "a" && s == screenCompare {
			// Only where the compared runs hold several seeds of a mode.
			groups := seedGroups(m.comparedRuns())
			if !pooledSeeds(groups) {
				continue
			}
			k[1] = "mean of seeds"
			if m.seedsPooled(groups) {
				k[1] = "each run"
			}
		}
		if s == screenCompare {
			if k[1] = m.compareControlHint(k[0], k[1]); k[1] == "" {
				continue
			}
		}
		if k[0] == "c" && len(m.marked) < 2 && len(m.groupOf(m.selectedID())) < 2 {
			continue // c would answer "nothing to compare"
		}
		if s == screenRuns && len(m.visibleIDs()) == 0 && (k[0] == "enter" || k[0] == "space") {
			continue
		}
		if s == screenRuns || s == screenRun {
			switch k[0] {
			case "p", "x", "r":
				if k[1] = m.controlHint(k[0]); k[1] == "" {
					continue
				}
			case "n", "f":
				if m.opt.Queue == nil {
					continue // a read-only dashboard launches nothing
				}
			}
		}
		parts = append(parts, m.st.Key.Render(k[0])+" "+m.st.Dim.Render(k[1]))
	}
	// Drop the least important hints (listed last, before help and quit)
	// until the line fits.
	for len(parts) > 3 && lipgloss.Width(strings.Join(parts, "  ")) > w {
		parts = slices.Delete(parts, len(parts)-3, len(parts)-2)
	}
	return truncate(strings.Join(parts, "  "), w)
}

// compareControlHint is the compare footer's word for p, x and r (hint,
// as footerKeys gives it), or "" when none of the compared runs is in a
// state the key acts on: the words of pauseResume, stop and resume.
func (m *Model) compareControlHint(key, hint string) string {
	if m.opt.Queue == nil && (key == "p" || key == "x" || key == "r") {
		return ""
	}
	switch key {
	case "p":
		if len(m.comparedWith(trainer.StatusRunning)) > 0 {
			return "pause all"
		}
		if len(m.comparedWith(trainer.StatusPaused)) > 0 {
			return "resume all"
		}
		return ""
	case "x":
		if len(m.comparedWith(trainer.StatusRunning, trainer.StatusPaused, trainer.StatusQueued)) == 0 {
			return ""
		}
	case "r":
		if len(m.comparedWith(trainer.StatusInterrupted, trainer.StatusStopped, trainer.StatusPaused, trainer.StatusFailed,
			experiments.StatusBlocked, experiments.StatusCancelled)) == 0 {
			return ""
		}
	}
	return hint
}

// controlHint is the footer's word for a run control key (p, x or r) on
// the selected run, or "" where the key would only answer with an error:
// in a read-only dashboard, on a run another process trains, or on a run
// whose status the key does not apply to.
func (m *Model) controlHint(key string) string {
	id := m.selectedID()
	r, ok := m.runs[id]
	if m.opt.Queue == nil || !ok {
		return ""
	}
	if _, elsewhere := m.trainedElsewhere(id, r); elsewhere {
		return ""
	}
	switch st := r.status; key {
	case "p":
		switch st {
		case trainer.StatusRunning:
			return "pause"
		case trainer.StatusPaused:
			return "resume"
		}
	case "x":
		switch st {
		case trainer.StatusQueued:
			return "cancel"
		case trainer.StatusRunning, trainer.StatusPaused:
			return "stop"
		}
	case "r":
		// A paused run resumes with p, shown instead.
		switch st {
		case trainer.StatusInterrupted, trainer.StatusStopped, trainer.StatusFailed,
			experiments.StatusBlocked, experiments.StatusCancelled:
			return "resume"
		}
	}
	return ""
}

// errNoQueue is reported for a command that needs a queue in a viewer.
var errNoQueue = errors.New("read-only: this dashboard has no queue to control runs")
