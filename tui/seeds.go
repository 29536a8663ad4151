package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// seedGroup is the compared runs that differ only by seed: one dataset,
// mode, model preset and initialisation, the way experiments.Table pools
// the runs of a sweep into a row.
type seedGroup struct {
	dataset, mode, preset string
	pretrained            bool   // starts from a checkpoint (a transfer run), not from scratch
	experiment            string // the runs' experiment: only a sweep's seeds pool
	label                 string
	runs                  []*runState
}

// seedGroups pools runs by experiment, dataset, mode, preset and
// initialisation, one run per seed (a run repeating a seed, or from another
// experiment, with its own pretrained weights, is no sample of the same
// mean), in the order the groups first appear in runs, and labels each
// group by its mode and, where the groups differ in them, its dataset,
// preset, initialisation and experiment.
func seedGroups(runs []*runState) []seedGroup {
	var groups []seedGroup
	for _, r := range runs {
		info := r.entry.Info
		c := info.Config
		g := seedGroup{dataset: c.Dataset, mode: c.Mode, preset: c.Preset, experiment: r.entry.Group,
			pretrained: c.InitFrom != "" || info.InitFrom != "" || info.Parent != ""}
		found := false
		for i := range groups {
			o := &groups[i]
			if o.dataset == g.dataset && o.mode == g.mode && o.preset == g.preset && o.pretrained == g.pretrained &&
				o.experiment == g.experiment && !slices.ContainsFunc(o.runs, func(x *runState) bool { return x.entry.Info.Config.Seed == c.Seed }) {
				o.runs = append(o.runs, r)
				found = true
				break
			}
		}
		if !found {
			g.runs = []*runState{r}
			groups = append(groups, g)
		}
	}
	differ := func(f func(seedGroup) string) bool {
		for _, g := range groups {
			if f(g) != f(groups[0]) {
				return true
			}
		}
		return false
	}
	showDataset := differ(func(g seedGroup) string { return g.dataset })
	showPreset := differ(func(g seedGroup) string { return g.preset })
	showInit := differ(func(g seedGroup) string { return fmt.Sprint(g.pretrained) })
	showExperiment := differ(func(g seedGroup) string { return g.experiment })
	for i := range groups {
		g := &groups[i]
		var parts []string
		if showDataset {
			parts = append(parts, g.dataset)
		}
		if showPreset {
			parts = append(parts, g.preset)
		}
		parts = append(parts, cmp.Or(g.mode, "?"))
		if showInit && !g.pretrained {
			parts = append(parts, "scratch")
		}
		if showExperiment {
			parts = append(parts, cmp.Or(launchTag(g.experiment), g.experiment))
		}
		g.label = strings.Join(parts, " ")
	}
	return groups
}

// pooledSeeds reports whether some group holds several runs: only then
// does the mean over seeds show something the runs alone do not.
func pooledSeeds(groups []seedGroup) bool {
	for _, g := range groups {
		if len(g.runs) > 1 {
			return true
		}
	}
	return false
}

// meanCurve is the mean of the curves at each x that any of them has, each
// curve's x increasing. Where some runs have not got as far as others, the
// tail is the mean of those that have, as `adaptformer plot --aggregate`
// draws it; the compare view's header says how many runs each mean is of.
func meanCurve(xs, ys [][]float64) (x, y []float64) {
	idx := make([]int, len(xs))
	n := make([]int, len(xs))
	for k := range xs {
		n[k] = min(len(xs[k]), len(ys[k]))
	}
	vals := make([]float64, 0, len(xs))
	for {
		next := math.Inf(1)
		for k := range xs {
			if idx[k] < n[k] && xs[k][idx[k]] < next {
				next = xs[k][idx[k]]
			}
		}
		if math.IsInf(next, 1) {
			return x, y
		}
		vals = vals[:0]
		for k := range xs {
			if idx[k] < n[k] && xs[k][idx[k]] == next {
				vals = append(vals, ys[k][idx[k]])
				idx[k]++
			}
		}
		x = append(x, next)
		y = append(y, experiments.NewStat(vals).Mean)
	}
}

// groupResult is a seed group's eval top-1 over its runs that have
// evaluated at least one epoch: the best of any epoch and the last.
type groupResult struct {
	best, last experiments.Stat
	// final: every run counted has finished, so last is the final
	// accuracy; otherwise some are still training and last is provisional.
	final bool
}

func (g seedGroup) result() groupResult {
	var best, last []float64
	final := true
	for _, r := range g.runs {
		b, _, ok := r.best()
		if !ok {
			continue
		}
		best = append(best, b)
		last = append(last, r.lastTop1())
		if r.status != trainer.StatusFinished {
			final = false
		}
	}
	return groupResult{best: experiments.NewStat(best), last: experiments.NewStat(last), final: final && len(best) > 0}
}

// statusCounts writes how many of runs are in each status: "1 running, 2
// queued".
func statusCounts(runs []*runState) string {
	order := []trainer.Status{trainer.StatusRunning, trainer.StatusPaused, trainer.StatusQueued, trainer.StatusFinished,
		trainer.StatusStopped, trainer.StatusInterrupted, trainer.StatusFailed, experiments.StatusBlocked, experiments.StatusCancelled}
	count := map[trainer.Status]int{}
	for _, r := range runs {
		count[r.status]++
	}
	var parts []string
	for _, s := range order {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[s], s))
			delete(count, s)
		}
	}
	for _, r := range runs { // statuses not listed above, in run order
		if count[r.status] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[r.status], r.status))
			delete(count, r.status)
		}
	}
	return strings.Join(parts, ", ")
}
