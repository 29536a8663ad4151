package experiments

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/adaptformer/adaptformer/trainer"
)

// Stat is a mean and a spread over runs.
type Stat struct {
	N         int
	Mean, Std float64 // Std is the sample standard deviation (0 for one run)
	Min, Max  float64
}

// NewStat is the count, mean, sample standard deviation, minimum and
// maximum of xs, as Compare, Table and the plots pool runs.
func NewStat(xs []float64) Stat { return newStat(xs) }

func newStat(xs []float64) Stat {
	s := Stat{N: len(xs)}
	if len(xs) == 0 {
		return s
	}
	s.Min, s.Max = slices.Min(xs), slices.Max(xs)
	for _, x := range xs {
		s.Mean += x
	}
	s.Mean /= float64(len(xs))
	if len(xs) > 1 {
		var ss float64
		for _, x := range xs {
			ss += (x - s.Mean) * (x - s.Mean)
		}
		s.Std = math.Sqrt(ss / float64(len(xs)-1))
	}
	return s
}

// Percent writes the mean and spread of fractions in percent with prec
// decimals, sign after the mean: Percent(1, "%") is "61.2% ± 1.3" (the
// sample standard deviation in percentage points), "61.2%" for one run,
// "-" for none.
func (s Stat) Percent(prec int, sign string) string {
	switch s.N {
	case 0:
		return "-"
	case 1:
		return fmt.Sprintf("%.*f%s", prec, 100*s.Mean, sign)
	}
	return fmt.Sprintf("%.*f%s ± %.*f", prec, 100*s.Mean, sign, prec, 100*s.Std)
}

// String is "77.84%" for one run, "77.84% ± 0.52 (n=3)" for several.
func (s Stat) String() string {
	if s.N == 0 {
		return "-"
	}
	if s.N == 1 {
		return fmt.Sprintf("%.2f%%", 100*s.Mean)
	}
	return fmt.Sprintf("%.2f%% ± %.2f (n=%d)", 100*s.Mean, 100*s.Std, s.N)
}

// ModeResult is the comparison of the finished runs of one mode on one
// dataset: their final and best evaluation top-1.
type ModeResult struct {
	Dataset string
	Mode    string
	Runs    []string // run IDs
	Final   Stat     // eval top-1 after the last epoch, the fair comparison
	Best    Stat     // best eval top-1 of any epoch
}

// Compare groups the finished runs by dataset and mode and reports their
// eval top-1 as a mean and a spread: the comparison a seed or sweep recipe
// is for. Results are ordered by dataset, then mode as trainer.Modes lists
// them.
func Compare(entries []RunEntry) []ModeResult {
	type key struct{ dataset, mode string }
	byKey := map[key]*ModeResult{}
	final := map[key][]float64{}
	best := map[key][]float64{}
	var keys []key
	for _, e := range entries {
		if e.Info.Status != trainer.StatusFinished {
			continue
		}
		k := key{e.Info.Config.Dataset, e.Info.Config.Mode}
		if byKey[k] == nil {
			byKey[k] = &ModeResult{Dataset: k.dataset, Mode: k.mode}
			keys = append(keys, k)
		}
		byKey[k].Runs = append(byKey[k].Runs, e.ID)
		final[k] = append(final[k], e.Info.LastEvalTop1)
		best[k] = append(best[k], e.Info.BestEvalTop1)
	}
	modeRank := func(m string) int {
		if i := slices.Index(trainer.Modes(), m); i >= 0 {
			return i
		}
		return len(trainer.Modes())
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.dataset, b.dataset); c != 0 {
			return c
		}
		return modeRank(a.mode) - modeRank(b.mode)
	})
	out := make([]ModeResult, len(keys))
	for i, k := range keys {
		r := byKey[k]
		r.Final = newStat(final[k])
		r.Best = newStat(best[k])
		out[i] = *r
	}
	return out
}
