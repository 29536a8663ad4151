package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// handleKey dispatches a key through the key table.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	key := msg.String()
	if m.quitting {
		if key == "ctrl+c" {
			return tea.Quit // a second ctrl+c does not wait for the checkpoints
		}
		return nil
	}
	if m.screen == screenNew {
		return m.formKey(msg)
	}
	if m.filtering {
		switch key {
		case "enter":
			m.filtering = false
			m.filter.Blur()
		case "esc":
			m.filtering = false
			m.filter.Blur()
			m.filter.SetValue("")
		default:
			var c tea.Cmd
			m.filter, c = m.filter.Update(msg)
			m.cursor = 0
			return c
		}
		return nil
	}
	switch lookup(m.screen, key) {
	case actQuit:
		return m.quit()
	case actHelp:
		if m.screen == screenHelp {
			m.screen, m.offset = m.back, 0
		} else {
			m.back, m.screen, m.offset = m.screen, screenHelp, 0
		}
	case actBack:
		switch m.screen {
		case screenRuns:
			m.filter.SetValue("")
		case screenHelp:
			m.screen, m.offset = m.back, 0
		case screenRun, screenCompare:
			m.releaseCharts()
			m.screen = screenRuns
		}
	case actNew:
		return m.openForm()
	case actOpen:
		if id := m.selectedID(); id != "" {
			m.openID, m.panel, m.offset = id, 0, 0
			m.screen = screenRun
		}
	case actUp:
		m.move(-1)
	case actDown:
		m.move(1)
	case actPageUp:
		m.move(-10)
	case actPageDown:
		m.move(10)
	case actTop:
		m.move(-1 << 30)
	case actBottom:
		m.move(1 << 30)
	case actTab:
		panels := 2
		if m.screen == screenCompare {
			panels = comparePanels
		}
		m.panel = (m.panel + 1) % panels
	case actFilter:
		m.filtering = true
		return m.filter.Focus()
	case actMark:
		if id := m.selectedID(); id != "" {
			if i := slices.Index(m.marked, id); i >= 0 {
				m.marked = slices.Delete(m.marked, i, i+1)
			} else {
				m.marked = append(m.marked, id)
			}
			m.move(1)
		}
	case actCompare:
		return m.openCompare()
	case actSmoothMore:
		m.smoothOn = true
		m.smoothing = nextSmoothing(m.smoothing, 1)
	case actSmoothLess:
		m.smoothing = nextSmoothing(m.smoothing, -1)
		m.smoothOn = m.smoothing > 0
	case actPoolSeeds:
		if !pooledSeeds(seedGroups(m.comparedRuns())) {
			return m.setNotice("no mode has several seeds among the compared runs: nothing to average", true)
		}
		m.eachRun = !m.eachRun
		m.releaseCharts()
	case actSmoothToggle:
		m.smoothOn = !m.smoothOn
		if m.smoothOn && m.smoothing == 0 {
			m.smoothing = 0.6
		}
	case actPause:
		return m.pauseResume()
	case actStop:
		return m.stop()
	case actResume:
		return m.resume()
	case actFreeze:
		return m.toggleFreeze()
	case actYes:
		ids := m.prompt
		m.prompt, m.screen = nil, m.back
		if len(ids) > 0 && m.screen == screenRuns {
			m.selectID(ids[0]) // the run about to train again
		}
		root := m.opt.Store.Root()
		return m.control(fmt.Sprintf("resuming %s", plural(len(ids), "run")), func(q Queue) error {
			var errs []error
			for _, id := range ids {
				if err := q.Resume(id); err != nil {
					errs = append(errs, fmt.Errorf("resume %s: %w", id, err))
				}
			}
			return errors.Join(append(errs, writeResumeList(root, nil))...)
		})
	case actNo:
		m.prompt, m.screen = nil, m.back
		root := m.opt.Store.Root()
		return func() tea.Msg {
			if err := writeResumeList(root, nil); err != nil {
				return actionDoneMsg{err: err}
			}
			return nil
		}
	}
	return nil
}

// move moves the cursor in the runs table, or scrolls the parameter table.
func (m *Model) move(d int) {
	switch m.screen {
	case screenRuns:
		n := len(m.visibleIDs())
		m.cursor = max(0, min(n-1, m.cursor+d))
	case screenRun, screenCompare:
		// The parameter table is the only thing that scrolls there, on
		// its panel or beside the curves.
		m.offset = max(0, min(m.offset+d, 1000))
	case screenHelp:
		m.offset = max(0, min(m.offset+d, 1000))
	}
}

// quit checkpoints the runs this process trains, then quits; a later start
// offers to resume them.
func (m *Model) quit() tea.Cmd {
	q := m.opt.Queue
	if q == nil {
		return tea.Quit
	}
	for _, id := range m.order {
		if m.live[id] {
			m.quitting = true // "checkpointing…" while the command works
		}
	}
	root, order := m.opt.Store.Root(), slices.Clone(m.order)
	return func() tea.Msg {
		// Asked here, not in Update: Live takes the queue's lock.
		var live []string
		for _, id := range order {
			if q.Live(id) {
				live = append(live, id)
			}
		}
		if len(live) == 0 {
			return tea.Quit()
		}
		err := q.Shutdown()
		return shutdownMsg{err: errors.Join(err, writeResumeList(root, live))}
	}
}

// control runs a queue call in a command and reports it in the status line.
func (m *Model) control(what string, call func(q Queue) error) tea.Cmd {
	q := m.opt.Queue
	if q == nil {
		return func() tea.Msg { return actionDoneMsg{err: errNoQueue} }
	}
	return func() tea.Msg {
		if err := call(q); err != nil {
			return actionDoneMsg{err: err}
		}
		return actionDoneMsg{what: what}
	}
}

// pauseResume pauses a running run and resumes a paused one. In the
// compare view it pauses the compared runs that run, or else resumes the
// paused ones.
func (m *Model) pauseResume() tea.Cmd {
	if m.screen == screenCompare {
		if ids := m.comparedWith(trainer.StatusRunning); len(ids) > 0 {
			return m.controlAll("pausing", ids, Queue.Pause)
		}
		if ids := m.comparedWith(trainer.StatusPaused); len(ids) > 0 {
			return m.controlAll("resuming", ids, Queue.Resume)
		}
		return m.setNotice("none of the compared runs is running or paused in this dashboard", true)
	}
	id := m.selectedID()
	r, ok := m.runs[id]
	if !ok {
		return nil
	}
	if msg, elsewhere := m.trainedElsewhere(id, r); elsewhere {
		return m.setNotice(msg, true)
	}
	switch r.status {
	case trainer.StatusRunning:
		return m.control("pausing "+r.Name(), func(q Queue) error { return q.Pause(id) })
	case trainer.StatusPaused, trainer.StatusInterrupted, trainer.StatusStopped:
		return m.control("resuming "+r.Name(), func(q Queue) error { return q.Resume(id) })
	}
	return m.setNotice(fmt.Sprintf("%s is %s: only a running run pauses, only a paused, stopped or interrupted one resumes", r.Name(), r.status), true)
}

// trainedElsewhere reports, with the message to show, whether r is
// training or paused in another process (adaptformer train in another
// terminal, another dashboard): this dashboard only watches it.
func (m *Model) trainedElsewhere(id string, r *runState) (string, bool) {
	if m.opt.Queue == nil || m.live[id] {
		return "", false
	}
	if r.status != trainer.StatusRunning && r.status != trainer.StatusPaused && r.status != trainer.StatusQueued {
		return "", false
	}
	who := "another process"
	if info := r.entry.Info; info.PID > 0 {
		who = fmt.Sprintf("process %d", info.PID)
		if info.Host != "" {
			who += " on " + info.Host
		}
	}
	return fmt.Sprintf("%s is trained by %s: this dashboard only watches it (stop it there; r resumes it here once it stopped)", r.Name(), who), true
}

// comparedWith lists the compared runs in one of statuses. Runs another
// process trains are left out: this dashboard only watches them.
func (m *Model) comparedWith(statuses ...trainer.Status) []string {
	var ids []string
	for _, id := range m.compare {
		r, ok := m.runs[id]
		if !ok || !slices.Contains(statuses, r.status) {
			continue
		}
		if _, elsewhere := m.trainedElsewhere(id, r); !elsewhere {
			ids = append(ids, id)
		}
	}
	return ids
}

// controlAll applies call to each of ids in one command and reports
// "pausing 2 runs: a, b" or the errors.
func (m *Model) controlAll(verb string, ids []string, call func(q Queue, id string) error) tea.Cmd {
	var names []string
	for _, id := range ids {
		names = append(names, m.runs[id].Name())
	}
	what := fmt.Sprintf("%s %s: %s", verb, plural(len(ids), "run"), strings.Join(names, ", "))
	return m.control(what, func(q Queue) error {
		var errs []error
		for _, id := range ids {
			errs = append(errs, call(q, id))
		}
		return errors.Join(errs...)
	})
}

// plural writes "1 run", "3 runs".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// stop stops a running or paused run (checkpointed, resumable) or cancels
// a queued one; in the compare view, every compared run it can.
func (m *Model) stop() tea.Cmd {
	if m.screen == screenCompare {
		stop := m.comparedWith(trainer.StatusRunning, trainer.StatusPaused)
		cancel := m.comparedWith(trainer.StatusQueued)
		if len(stop)+len(cancel) == 0 {
			return m.setNotice("none of the compared runs is running, paused or queued in this dashboard", true)
		}
		verb := "stopping"
		switch {
		case len(stop) == 0:
			verb = "cancelling"
		case len(cancel) > 0:
			verb = "stopping or cancelling"
		}
		return m.controlAll(verb, append(stop, cancel...), func(q Queue, id string) error {
			if slices.Contains(cancel, id) {
				return q.Cancel(id)
			}
			return q.Stop(id)
		})
	}
	id := m.selectedID()
	r, ok := m.runs[id]
	if !ok {
		return nil
	}
	if msg, elsewhere := m.trainedElsewhere(id, r); elsewhere {
		return m.setNotice(msg, true)
	}
	switch r.status {
	case trainer.StatusQueued:
		return m.control("cancelled "+r.Name(), func(q Queue) error { return q.Cancel(id) })
	case trainer.StatusRunning, trainer.StatusPaused:
		return m.control("stopping "+r.Name()+" (r resumes it)", func(q Queue) error { return q.Stop(id) })
	}
	return m.setNotice(fmt.Sprintf("%s is %s: nothing to stop", r.Name(), r.status), true)
}

// resume continues an interrupted or stopped run from its checkpoint.
func (m *Model) resume() tea.Cmd {
	if m.screen == screenCompare {
		ids := m.comparedWith(trainer.StatusInterrupted, trainer.StatusStopped, trainer.StatusPaused, trainer.StatusFailed,
			experiments.StatusBlocked, experiments.StatusCancelled)
		if len(ids) == 0 {
			return m.setNotice("none of the compared runs is interrupted, stopped, paused or failed", true)
		}
		return m.controlAll("resuming", ids, Queue.Resume)
	}
	id := m.selectedID()
	r, ok := m.runs[id]
	if !ok {
		return nil
	}
	switch r.status {
	case trainer.StatusInterrupted, trainer.StatusStopped, trainer.StatusPaused, trainer.StatusFailed,
		experiments.StatusBlocked, experiments.StatusCancelled:
		return m.control("resuming "+r.Name(), func(q Queue) error { return q.Resume(id) })
	}
	return m.setNotice(fmt.Sprintf("%s is %s: only an interrupted, stopped, failed, paused, blocked or cancelled run resumes", r.Name(), r.status), true)
}

// toggleFreeze flips full <-> adaptformer for the selected queued run, or
// else for the next launch.
func (m *Model) toggleFreeze() tea.Cmd {
	id := m.selectedID()
	// The compare view selects no run (its runs are several): there f is
	// the next launch's, not the list cursor's hidden choice.
	if r, ok := m.runs[id]; ok && r.status == trainer.StatusQueued && (m.screen == screenRuns || m.screen == screenRun) {
		mode := flipMode(r.entry.Info.Config.Mode)
		return m.control(fmt.Sprintf("%s will train %s", r.Name(), mode), func(q Queue) error { return q.SetMode(id, mode) })
	}
	m.nextMode = flipMode(m.nextMode)
	return m.setNotice("next launch: "+m.nextMode, false)
}

// flipMode is the freeze toggle: adaptformer freezes the backbone and
// trains the adapters and head; full trains everything.
func flipMode(mode string) string {
	if mode == "adaptformer" {
		return "full"
	}
	return "adaptformer"
}

// openCompare compares the marked runs, or else the selected run's
// experiment: the runs of its group that share its dataset.
func (m *Model) openCompare() tea.Cmd {
	ids := slices.Clone(m.marked)
	if len(ids) < 2 {
		ids = m.groupOf(m.selectedID())
	}
	if len(ids) < 2 {
		return m.setNotice("nothing to compare: mark runs with space, or select a run of an experiment with several runs", true)
	}
	m.compare, m.panel, m.offset = ids, 0, 0
	m.eachRun = false // the mean over seeds where there are several
	m.releaseCharts()
	m.screen = screenCompare
	return nil
}

// groupOf returns the runs of id's experiment trained on the same dataset
// (the adaptformer and full transfer runs, without their pretraining),
// adaptformer first. From a run alone on its dataset (the pretraining run),
// it compares the experiment's largest set of runs on one dataset.
func (m *Model) groupOf(id string) []string {
	r, ok := m.runs[id]
	if !ok || r.entry.Group == "" {
		return nil
	}
	byDataset := map[string][]string{}
	for _, other := range m.order {
		o := m.runs[other]
		if o.entry.Group == r.entry.Group {
			ds := o.entry.Info.Config.Dataset
			byDataset[ds] = append(byDataset[ds], other)
		}
	}
	ids := byDataset[r.entry.Info.Config.Dataset]
	if len(ids) < 2 {
		for _, other := range m.order { // in table order, for a stable choice
			if set := byDataset[m.runs[other].entry.Info.Config.Dataset]; len(set) > len(ids) {
				ids = set
			}
		}
	}
	ids = slices.Clone(ids)
	slices.SortStableFunc(ids, func(a, b string) int {
		return modeRank(m.runs[a].entry.Info.Config.Mode) - modeRank(m.runs[b].entry.Info.Config.Mode)
	})
	return ids
}

func modeRank(mode string) int {
	switch mode {
	case "adaptformer":
		return 0
	case "full":
		return 1
	}
	return 2
}

// releaseCharts drops the cached frames of charts leaving the screen.
func (m *Model) releaseCharts() {
	for _, c := range []*Chart{&m.lossChart, &m.accChart, &m.lrChart, &m.cmpLoss, &m.cmpAcc} {
		c.Release()
		c.SetSeries(nil)
	}
	m.sideCharts = nil
}
