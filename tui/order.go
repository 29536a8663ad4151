package tui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// runOrder is the order of the runs table: experiments (recipe instances,
// and runs launched on their own) newest first, and the runs of one
// experiment in the order its recipe planned them: the pretraining run,
// then seed1-adaptformer, seed1-full, ... as the queue created them.
//
// The store lists runs newest first, which puts an experiment upside down:
// its runs are created one after another, in plan order, within a few
// milliseconds. No file records the plan's order, but the creation times
// do (run.json keeps them to the nanosecond, and a queue creates a
// recipe's runs in plan order), so they decide within an experiment. Where
// they tie (a clock that only has seconds, or no creation time at all), a
// run that does not start from another run of the experiment (the
// pretraining run) goes before the runs that do, and names compare in
// natural order (seed2 before seed10).
func runOrder(entries []experiments.RunEntry) []string {
	type group struct {
		created time.Time // of the experiment's first run
		key     string
	}
	groupKey := func(e experiments.RunEntry) string {
		if e.Group != "" {
			return "g/" + e.Group
		}
		return "r/" + e.ID // a run on its own is an experiment of one
	}
	groups := map[string]*group{}
	for _, e := range entries {
		k := groupKey(e)
		g, ok := groups[k]
		if !ok {
			g = &group{created: e.Info.Created, key: k}
			groups[k] = g
		}
		if e.Info.Created.Before(g.created) {
			g.created = e.Info.Created
		}
	}
	ids := make(map[string]bool, len(entries))
	for _, e := range entries {
		ids[e.ID] = true
	}
	// A run whose parent (the run it starts from) is listed comes after it.
	child := func(e experiments.RunEntry) int {
		if e.Info.Parent != "" && ids[e.Info.Parent] {
			return 1
		}
		return 0
	}
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b experiments.RunEntry) int {
		ga, gb := groups[groupKey(a)], groups[groupKey(b)]
		if ga != gb {
			if c := gb.created.Compare(ga.created); c != 0 {
				return c // newer experiment first
			}
			return strings.Compare(ga.key, gb.key)
		}
		if c := a.Info.Created.Compare(b.Info.Created); c != 0 {
			return c
		}
		if c := child(a) - child(b); c != 0 {
			return c
		}
		return naturalCompare(a.ID, b.ID)
	})
	out := make([]string, len(sorted))
	for i, e := range sorted {
		out[i] = e.ID
	}
	return out
}

// naturalCompare compares strings with their runs of digits as numbers:
// "seed2" < "seed10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da && db {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			// Numbers without their leading zeros: the longer is larger.
			ta, tb := strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if c := cmp.Compare(len(ta), len(tb)); c != 0 {
				return c
			}
			if c := strings.Compare(ta, tb); c != 0 {
				return c
			}
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitRun splits s into its leading digits and the rest.
func digitRun(s string) (digits, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// firstRunning is the first run of ids that is running, or "" if none is:
// the run a researcher opening the dashboard on a sweep wants to watch.
func (m *Model) firstRunning(ids []string) string {
	for _, id := range ids {
		if r, ok := m.runs[id]; ok && r.status == trainer.StatusRunning {
			return id
		}
	}
	return ""
}
