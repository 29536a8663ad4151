package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// sweepModes are the modes of the sweep fixture, in its recipe's order.
var sweepModes = []string{"adaptformer", "full", "linear"}

// sweepStore writes a sweep as a recipe creates it: a pretraining run, then
// seed{1,2,3}-{adaptformer,full,linear}, all created within the same
// second and in that order; seeds 1 and 2 finished, seed 3 stopped (its
// adaptformer run after 2 of 4 epochs, the others before their first). An
// older run of its own sits below.
func sweepStore(t testing.TB) *experiments.Store {
	t.Helper()
	root := t.TempDir()
	const group = "sweep-demo-20261126-120000"
	writeRun(t, root, fixtureRun{rel: "older-run", name: "older-run", mode: "full", dataset: "synthetic-pretrain",
		status: trainer.StatusFinished, epochs: 2, done: 2, steps: 10, startTop1: 0.1, gainTop1: 0.2, created: -time.Hour})
	writeRun(t, root, fixtureRun{rel: group + "/pretrain", name: "pretrain", recipe: "sweep", mode: "full", dataset: "synthetic-pretrain",
		status: trainer.StatusFinished, epochs: 3, done: 3, steps: 20, startTop1: 0.05, gainTop1: 0.4})
	n := 1
	for seed := 1; seed <= 3; seed++ {
		for i, mode := range sweepModes {
			f := fixtureRun{rel: fmt.Sprintf("%s/seed%d-%s", group, seed, mode), name: fmt.Sprintf("seed%d-%s", seed, mode),
				recipe: "sweep", mode: mode, dataset: "synthetic-transfer", status: trainer.StatusFinished,
				epochs: 4, done: 4, steps: 15, parent: group + "/pretrain", seed: uint64(seed),
				startTop1: 0.3 + 0.02*float64(seed) - 0.05*float64(i), gainTop1: 0.45 - 0.1*float64(i) + 0.01*float64(seed),
				created: time.Duration(n) * time.Millisecond}
			if seed == 3 {
				f.status, f.done = trainer.StatusStopped, 0
				if mode == "adaptformer" {
					f.done = 2
				}
			}
			writeRun(t, root, f)
			n++
		}
	}
	s, err := experiments.OpenStore(root)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunOrder: experiments newest first; within one, the recipe's order
// (creation order, and where creation times tie, the run others start from
// first and names in natural order).
func TestRunOrder(t *testing.T) {
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	run := func(id string, created time.Time, parent string) experiments.RunEntry {
		e := experiments.RunEntry{ID: id, Info: trainer.RunInfo{Created: created, Parent: parent}}
		if g, _, ok := strings.Cut(id, "/"); ok {
			e.Group = g
		}
		return e
	}
	tests := []struct {
		name    string
		entries []experiments.RunEntry // as the store lists them: newest first
		want    []string
	}{
		{"a sweep created in one second, nanoseconds apart", []experiments.RunEntry{
			run("g/seed2-full", at(0).Add(4), "g/pretrain"),
			run("g/seed2-adaptformer", at(0).Add(3), "g/pretrain"),
			run("g/seed1-full", at(0).Add(2), "g/pretrain"),
			run("g/seed1-adaptformer", at(0).Add(1), "g/pretrain"),
			run("g/pretrain", at(0), ""),
		}, []string{"g/pretrain", "g/seed1-adaptformer", "g/seed1-full", "g/seed2-adaptformer", "g/seed2-full"}},
		{"creation order beats names: the recipe lists full before adaptformer", []experiments.RunEntry{
			run("g/transfer-adaptformer", at(2), "g/pretrain"),
			run("g/transfer-full", at(1), "g/pretrain"),
			run("g/pretrain", at(0), ""),
		}, []string{"g/pretrain", "g/transfer-full", "g/transfer-adaptformer"}},
		{"tied times: the parent first, then natural order", []experiments.RunEntry{
			run("g/seed10-full", at(0), "g/zz-pretrain"),
			run("g/seed2-full", at(0), "g/zz-pretrain"),
			run("g/zz-pretrain", at(0), ""),
		}, []string{"g/zz-pretrain", "g/seed2-full", "g/seed10-full"}},
		{"experiments newest first, a run of its own is one", []experiments.RunEntry{
			run("new/b", at(101), "new/a"),
			run("new/a", at(100), ""),
			run("alone", at(50), ""),
			run("old/b", at(2), ""),
			run("old/a", at(1), ""),
		}, []string{"new/a", "new/b", "alone", "old/a", "old/b"}},
		{"an experiment is as new as its first run", []experiments.RunEntry{
			run("alone", at(60), ""),
			run("g/late", at(70), ""), // added to the experiment after the run alone
			run("g/first", at(10), ""),
		}, []string{"alone", "g/first", "g/late"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runOrder(tt.entries); !slices.Equal(got, tt.want) {
				t.Errorf("runOrder = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNaturalCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"seed2", "seed10", -1},
		{"seed10", "seed2", 1},
		{"seed1-full", "seed1-linear", -1},
		{"seed01", "seed1", 1}, // equal numbers: the longer spelling after
		{"a", "a", 0},
		{"a", "ab", -1},
		{"run-9", "run-10", -1},
	}
	for _, tt := range tests {
		if got := naturalCompare(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSweepOrderAndCursor: on a live sweep the table lists the pretraining
// run first and the seeds in the recipe's order, and the dashboard opens on
// the run that trains; with none training, on the newest run.
func TestSweepOrderAndCursor(t *testing.T) {
	store := sweepStore(t)
	m := newTestModel(t, store, newFakeQueue(), 120, 30)
	want := []string{"pretrain", "seed1-adaptformer", "seed1-full", "seed1-linear", "seed2-adaptformer"}
	var got []string
	for _, id := range m.order[:len(want)] {
		got = append(got, m.runs[id].Name())
	}
	if !slices.Equal(got, want) || m.runs[m.order[len(m.order)-1]].Name() != "older-run" {
		t.Errorf("table order %q ... %q, want %q ... older-run", got, m.order[len(m.order)-1], want)
	}
	if name := m.runs[m.selectedID()].Name(); name != "pretrain" {
		t.Errorf("opened on %q, want the newest run (pretrain) when none trains", name)
	}

	// The first poll finds seed2-adaptformer training: the cursor goes there.
	entries, err := store.List()
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		if strings.HasSuffix(entries[i].ID, "/seed2-adaptformer") {
			entries[i].Status = trainer.StatusRunning
		}
	}
	m2 := New(Options{Store: store, Color: false, NoResumePrompt: true, Now: fixedNow})
	m2.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m2.Update(pollMsg{entries: entries, first: true})
	if name := m2.runs[m2.selectedID()].Name(); name != "seed2-adaptformer" {
		t.Errorf("opened on %q, want the running seed2-adaptformer", name)
	}
	// Later polls leave the cursor where the user put it.
	press(m2, "g")
	m2.Update(pollMsg{entries: entries})
	if name := m2.runs[m2.selectedID()].Name(); name != "pretrain" {
		t.Errorf("after a poll the cursor is on %q, want pretrain where it was put", name)
	}
}

// TestEpochLabel: a run in the middle of epoch 3 reads 2.7, not 2 (which
// reads as the epoch in progress) nor 3 (which has not ended).
func TestEpochLabel(t *testing.T) {
	tests := []struct {
		epoch, step, stepsPerEpoch, epochs int
		want                               string
	}{
		{0, 0, 140, 12, "0/12"},
		{2, 386, 140, 12, "2.7/12"},
		{2, 280, 140, 12, "2/12"},
		{2, 419, 140, 12, "2.9/12"}, // never rounded up to an epoch not ended
		{12, 1680, 140, 12, "12/12"},
		{3, 0, 0, 5, "3/5"}, // no step count known
	}
	for _, tt := range tests {
		r := newRunState(experiments.RunEntry{Info: trainer.RunInfo{Epoch: tt.epoch, Step: tt.step, StepsPerEpoch: tt.stepsPerEpoch, Epochs: tt.epochs}})
		if got := r.epochLabel(); got != tt.want {
			t.Errorf("epoch %d step %d: %q, want %q", tt.epoch, tt.step, got, tt.want)
		}
	}
}

func TestMeanCurve(t *testing.T) {
	x, y := meanCurve(
		[][]float64{{1, 2, 3, 4}, {1, 2}, {2, 3}},
		[][]float64{{1, 2, 3, 4}, {3, 4}, {6, 8}},
	)
	wantX, wantY := []float64{1, 2, 3, 4}, []float64{2, 4, 5.5, 4}
	if !slices.Equal(x, wantX) || !slices.Equal(y, wantY) {
		t.Errorf("meanCurve = %v %v, want %v %v", x, y, wantX, wantY)
	}
	if x, y := meanCurve(nil, nil); x != nil || y != nil {
		t.Errorf("meanCurve of nothing = %v %v", x, y)
	}
}

// TestComparePoolsSeeds: comparing a sweep shows one line and one curve per
// mode, the mean over its seeds, with n and best and final top-1 as mean ±
// std computed as experiments does; a shows every run, a again the means;
// the three panels work in both.
func TestComparePoolsSeeds(t *testing.T) {
	m := newTestModel(t, sweepStore(t), newFakeQueue(), 120, 36)
	press(m, "down", "c") // seed1-adaptformer: its experiment's transfer runs
	if len(m.compare) != 9 {
		t.Fatalf("compare %q, want the 9 transfer runs", m.compare)
	}
	out := frame(m)
	// adaptformer: seeds 1 and 2 finished, seed 3 stopped after 2 epochs.
	var best, last []float64
	for _, id := range m.compare {
		r := m.runs[id]
		if r.entry.Info.Config.Mode == "adaptformer" {
			b, _, _ := r.best()
			best, last = append(best, b), append(last, r.lastTop1())
		}
	}
	want := fmt.Sprintf("adaptformer  n=3       best %s · last %s · 2 finished, 1 stopped",
		formatStat(experiments.NewStat(best)), formatStat(experiments.NewStat(last)))
	if !strings.Contains(out, want) {
		t.Errorf("no line %q:\n%s", want, out)
	}
	if !strings.Contains(out, "full         n=2 of 3  best") || !strings.Contains(out, "· final ") {
		t.Errorf("full: want n=2 of 3 and a final top-1 (its two runs finished):\n%s", out)
	}
	if strings.Contains(out, "seed1-adaptformer") || strings.Contains(out, "━━ se…") {
		t.Errorf("pooled view names runs or cuts its legend:\n%s", out)
	}
	if !strings.Contains(out, "a each run") {
		t.Errorf("the footer does not offer a:\n%s", out)
	}
	for _, legend := range []string{"train loss  ━━ adaptformer  ┅┅ full  ╍╍ linear", "eval top-1  ━━ adaptformer  ┅┅ full  ╍╍ linear"} {
		if !strings.Contains(out, legend) {
			t.Errorf("no chart legend %q:\n%s", legend, out)
		}
	}

	press(m, "a")
	out = frame(m)
	for _, name := range []string{"seed1-adaptformer", "seed2-full", "seed3-linear"} {
		if !strings.Contains(out, name) {
			t.Errorf("after a: no line for %s:\n%s", name, out)
		}
	}
	if strings.Contains(out, "n=3") || !strings.Contains(out, "a mean of seeds") {
		t.Errorf("after a: still pooled, or the footer does not offer the means back:\n%s", out)
	}
	for _, pooled := range []bool{false, true} {
		for _, panel := range []string{"side by side", "parameters", "overlay"} {
			press(m, "tab")
			out := frame(m)
			if !strings.Contains(out, "["+panel+"]") || strings.Count(out, "\n") != 36 {
				t.Errorf("pooled %v: want the %s panel on 36 lines:\n%s", pooled, panel, out)
			}
			if panel == "side by side" && pooled && !strings.Contains(out, "adaptformer ×3 · loss") {
				t.Errorf("pooled side by side: no column for the adaptformer mean:\n%s", out)
			}
			if panel == "parameters" && !strings.Contains(out, "which parameters train") {
				t.Errorf("pooled %v: no parameter table:\n%s", pooled, out)
			}
		}
		if !pooled {
			press(m, "a")
		}
	}
	if !strings.Contains(frame(m), "n=3") {
		t.Errorf("a again: not pooled:\n%s", frame(m))
	}

	// Reopening starts pooled again; runs without several seeds of a mode
	// are not pooled, and a says there is nothing to average.
	press(m, "a", "esc", "c")
	if !strings.Contains(frame(m), "n=3") {
		t.Errorf("reopened: not pooled by default")
	}
	m2 := newTestModel(t, seedStore(t), newFakeQueue(), 80, 24)
	press(m2, "G", "c", "a")
	if out := frame(m2); strings.Contains(out, "n=") || !m2.noticeErr || !strings.Contains(m2.notice, "nothing to average") {
		t.Errorf("a without seeds: notice %q\n%s", m2.notice, out)
	}
}

// TestSweepGolden is the sweep's runs table and its compare view, pooled
// and per run (testdata/TestSweepGolden; go test -update rewrites them).
func TestSweepGolden(t *testing.T) {
	store := sweepStore(t)
	q := newFakeQueue()
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"runs-100x30", 100, 30, nil},
		{"compare-80x24", 80, 24, []string{"down", "c"}},
		{"compare-140x40", 140, 40, []string{"down", "c"}},
		{"compare-side-140x40", 140, 40, []string{"down", "c", "tab"}},
		{"compare-params-80x24", 80, 24, []string{"down", "c", "tab", "tab"}},
		{"compare-each-140x40", 140, 40, []string{"down", "c", "a"}},
		// More runs than columns: the columns span the modes.
		{"compare-each-side-120x40", 120, 40, []string{"down", "c", "a", "tab"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, store, q, tt.w, tt.h)
			golden.RequireEqual(t, []byte(frame(runProgram(t, m, tt.w, tt.h, tt.keys...))))
		})
	}
}

// TestLegendFits: a chart with more curves than its title line can name
// shows their marks rather than a name cut in the middle.
func TestLegendFits(t *testing.T) {
	c := Chart{Title: "train loss"}
	for i := range 9 {
		c.series = append(c.series, Series{Name: fmt.Sprintf("seed%d-adaptformer", i), Dash: i})
	}
	l := c.legend(60)
	if strings.Contains(l, "…") || strings.Contains(l, "seed") || !strings.HasPrefix(l, "train loss ") || strings.Count(l, "━━")+strings.Count(l, "┅┅") < 3 {
		t.Errorf("legend %q: want the title and the marks, uncut", l)
	}
	c.series = c.series[:2]
	if l := c.legend(60); !strings.Contains(l, "seed1-adaptformer") {
		t.Errorf("legend %q: two curves fit with their names", l)
	}
}

// TestQueuedRunSaysWhatItWaitsFor: the charts of a queued run name the run
// it starts after, with that run's progress.
func TestQueuedRunSaysWhatItWaitsFor(t *testing.T) {
	m := newTestModel(t, sweepStore(t), newFakeQueue(), 120, 36)
	var pre, seed *runState
	for _, r := range m.runs {
		switch r.Name() {
		case "pretrain":
			pre = r
		case "seed3-full":
			seed = r
		}
	}
	pre.status, pre.entry.Info.Epoch, pre.entry.Info.Step = trainer.StatusRunning, 1, 30
	seed.status = trainer.StatusQueued
	if got, want := m.emptyMessage(seed, "the first steps"), "queued: starts after pretrain (running, epoch 1.5/3)"; got != want {
		t.Errorf("queued run's chart says %q, want %q", got, want)
	}
	if got := m.compareEmpty([]*runState{seed}); !strings.Contains(got, "1 queued · they start after pretrain") {
		t.Errorf("compare of queued runs says %q", got)
	}
}

// TestPooledMeanFollowsNewData: the means over seeds are cached, and
// computed again when a run of the group gets new points.
func TestPooledMeanFollowsNewData(t *testing.T) {
	m := newTestModel(t, sweepStore(t), newFakeQueue(), 120, 36)
	press(m, "down", "c")
	frame(m)
	if len(m.pooled) != 3 || m.pooled[0].name != "adaptformer" {
		t.Fatalf("pooled items %+v, want adaptformer, full and linear", m.pooled)
	}
	n := len(m.pooled[0].stepX)
	last := m.pooled[0].stepX[n-1]
	id := m.compare[0] // seed1-adaptformer
	m.Update(queueEventsMsg{events: []experiments.QueueEvent{
		{RunID: id, Event: trainer.StepEvent{Epoch: 5, Step: int(last) + 1, Loss: 0.25}},
	}})
	frame(m)
	it := m.pooled[0]
	if len(it.stepX) != n+1 || it.loss[n] != 0.25 {
		t.Errorf("after a new step of %s: %d points ending at %v, want %d ending at 0.25 (the only run there)", id, len(it.stepX), it.loss[len(it.loss)-1], n+1)
	}
}

// Where the experiment column does not fit, a run's name carries its
// experiment's launch time, so runs of one name in two experiments differ.
func TestNarrowListTellsExperimentsApart(t *testing.T) {
	for group, want := range map[string]string{
		"sweep-demo-20261126-120000": "11-26 12:00",
		"seed-20261127-072438-2":     "11-27 07:24#2",
		"seed-demo":                  "",
		"my-recipe-20261127-0724":    "",
	} {
		if got := launchTag(group); got != want {
			t.Errorf("launchTag(%q) = %q, want %q", group, got, want)
		}
	}
	m := newTestModel(t, sweepStore(t), newFakeQueue(), 80, 24)
	if out := m.runsView(80, 20); !strings.Contains(out, "seed1-full") || !strings.Contains(out, "11-26 12:00") {
		t.Errorf("runs at 80 columns name no experiment:\n%s", out)
	}
}

// Only a sweep's seeds pool: runs of one mode from two experiments (other
// pretrained weights) or repeating a seed stay apart, labelled apart.
func TestSeedGroupsPoolOnlyOneExperimentsSeeds(t *testing.T) {
	run := func(group string, seed uint64) *runState {
		cfg := trainer.DefaultConfig()
		cfg.Mode, cfg.Dataset, cfg.Seed, cfg.InitFrom = "full", "cifar10", seed, "x"
		return newRunState(experiments.RunEntry{ID: group + "/r", Group: group, Info: trainer.RunInfo{Config: cfg}})
	}
	const a, b = "seed-20261127-073350", "seed-20261127-073423"
	groups := seedGroups([]*runState{run(a, 1), run(b, 1), run(a, 2), run(a, 2)})
	var got []string
	for _, g := range groups {
		got = append(got, fmt.Sprintf("%s n=%d", g.label, len(g.runs)))
	}
	want := []string{"full 11-27 07:33 n=2", "full 11-27 07:34 n=1", "full 11-27 07:33 n=1"}
	if !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
}
