package tui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/adaptformer/adaptformer/data"
	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// poller reads the run store for the dashboard, off the Update goroutine:
// the runs on disk, and the new metrics of runs trained elsewhere (another
// terminal, an earlier dashboard) through one Follower per run. It only
// reads; a run it watches is never written to.
type poller struct {
	store     *experiments.Store
	followers map[string]*experiments.Follower
	started   bool
}

// paramReq asks for a run's parameter table: from its summary.txt, or, for
// a run still queued (planned), from its config (trainer.Describe) unless
// dir, when given, holds a summary.txt after all.
type paramReq struct {
	id, dir string
	planned bool
	cfg     trainer.Config
}

func newPoller(s *experiments.Store) *poller {
	return &poller{store: s, followers: map[string]*experiments.Follower{}}
}

// poll lists the store, polls the followers of the given runs and reads the
// parameter tables asked for.
func (p *poller) poll(follow []string, params []paramReq) pollMsg {
	var msg pollMsg
	if !p.started {
		p.started, msg.first = true, true
		msg.resume = readResumeList(p.store.Root())
	}
	msg.entries, msg.err = p.store.List()
	if len(follow) > 0 {
		msg.follow = make(map[string]followResult, len(follow))
	}
	wanted := make(map[string]bool, len(follow))
	for _, id := range follow {
		wanted[id] = true
		f, ok := p.followers[id]
		if !ok {
			f = p.store.Follow(id)
			p.followers[id] = f
		}
		events, err := f.Poll()
		msg.follow[id] = followResult{events: events, reset: f.Reset(), err: err, skipped: trainer.DescribeMalformed(f.Skipped())}
	}
	for id := range p.followers {
		if !wanted[id] {
			delete(p.followers, id) // followed again later from the start
		}
	}
	for _, req := range params {
		var text string
		if req.planned && req.dir != "" {
			if b, err := os.ReadFile(filepath.Join(req.dir, trainer.SummaryFile)); err == nil {
				req.planned, text = false, string(b) // it started after all
			}
		}
		switch {
		case text != "":
		case req.planned:
			sum, err := trainer.Describe(req.cfg)
			if err != nil {
				continue // a folder set: known once the run opens it
			}
			text = sum.String()
		default:
			b, err := os.ReadFile(filepath.Join(req.dir, trainer.SummaryFile))
			if err != nil {
				continue // not written yet
			}
			text = string(b)
		}
		if t, err := parseParamTable(text); err == nil {
			t.planned = req.planned
			if msg.params == nil {
				msg.params = map[string]*paramTable{}
			}
			msg.params[req.id] = t
		}
	}
	return msg
}

// scanDatasets finds the datasets the form can offer: the built-in
// synthetic sets always, and the sets on disk that open from dir.
func scanDatasets(dir string) tea.Cmd {
	return func() tea.Msg {
		names := []string{"synthetic-pretrain", "synthetic-transfer"}
		if dir == "" {
			return datasetsMsg{names: names}
		}
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			return datasetsMsg{names: names}
		}
		for _, n := range data.Names() {
			if n == "synthetic-pretrain" || n == "synthetic-transfer" || n == "folder" {
				continue
			}
			if _, err := data.Open(n, dir, "eval", data.OpenOptions{}); err == nil {
				names = append(names, n)
			}
		}
		return datasetsMsg{names: names}
	}
}
