package tui

import (
	"slices"
	"strings"
)

// action is what a key does.
type action int

const (
	actNone action = iota
	actQuit
	actHelp
	actNew
	actOpen
	actBack
	actPause
	actMark
	actFreeze
	actCompare
	actStop
	actResume
	actTab
	actFilter
	actUp
	actDown
	actPageUp
	actPageDown
	actTop
	actBottom
	actSmoothMore
	actSmoothLess
	actSmoothToggle
	actPoolSeeds
	actYes
	actNo
)

// screen is one of the dashboard's views.
type screen int

const (
	screenRuns screen = iota
	screenRun
	screenCompare
	screenNew
	screenHelp
	screenPrompt // the question asked at start about interrupted runs
)

func (s screen) String() string {
	return [...]string{"runs", "run", "compare", "new", "help", "prompt"}[s]
}

// binding is one row of the key table: the keys, where they work, what
// they do, and how the help view describes them.
type binding struct {
	keys    []string
	screens []screen // empty: everywhere except the form
	action  action
	help    string
}

// keyTable is the one key table: Update dispatches through it and the help
// view and the footer are generated from it, so they cannot disagree.
func keyTable() []binding {
	lists := []screen{screenRuns, screenRun, screenCompare}
	return []binding{
		{[]string{"?"}, nil, actHelp, "show or hide this help"},
		{[]string{"q", "ctrl+c"}, nil, actQuit, "quit: running runs are checkpointed, offered on next start"},
		{[]string{"n"}, lists, actNew, "new experiment"},
		{[]string{"enter"}, []screen{screenRuns}, actOpen, "open the selected run"},
		{[]string{"esc"}, []screen{screenRuns, screenRun, screenCompare, screenHelp}, actBack, "back; in the runs table, clear the filter"},
		{[]string{"p"}, lists, actPause, "pause or resume the selected run (compare: the compared runs)"},
		{[]string{" "}, []screen{screenRun}, actPause, "in the run view: pause or resume the run"},
		{[]string{" "}, []screen{screenRuns}, actMark, "in the runs table: mark the run for comparison (c)"},
		{[]string{"f"}, lists, actFreeze, "freeze toggle full<->adaptformer: queued run or next launch"},
		{[]string{"c"}, []screen{screenRuns, screenRun}, actCompare, "compare the marked runs, or the run's experiment"},
		{[]string{"x"}, lists, actStop, "stop the run (checkpointed, r resumes) or cancel if queued (compare: all)"},
		{[]string{"r"}, lists, actResume, "resume an interrupted or stopped run from its checkpoint (compare: all)"},
		{[]string{"tab"}, []screen{screenRun, screenCompare}, actTab, "switch panels: curves, parameters; compare: overlay, side by side, parameters"},
		{[]string{"a"}, []screen{screenCompare}, actPoolSeeds, "compare: a curve per mode, the mean over its seeds; or every run"},
		{[]string{"/"}, []screen{screenRuns}, actFilter, "filter by name, recipe, mode, dataset or status"},
		{[]string{"up", "k"}, nil, actUp, "move up"},
		{[]string{"down", "j"}, nil, actDown, "move down"},
		{[]string{"pgup"}, nil, actPageUp, "page up"},
		{[]string{"pgdown"}, nil, actPageDown, "page down"},
		{[]string{"home", "g"}, nil, actTop, "first row"},
		{[]string{"end", "G"}, nil, actBottom, "last row"},
		{[]string{"]"}, []screen{screenRun, screenCompare}, actSmoothMore, "smooth the loss more (EMA weight up)"},
		{[]string{"["}, []screen{screenRun, screenCompare}, actSmoothLess, "smooth the loss less"},
		{[]string{"s"}, []screen{screenRun, screenCompare}, actSmoothToggle, "smoothing on or off"},
		{[]string{"y"}, []screen{screenPrompt}, actYes, "yes"},
		{[]string{"n", "esc"}, []screen{screenPrompt}, actNo, "no"},
	}
}

// lookup returns the action of key on screen s.
func lookup(s screen, key string) action {
	for _, b := range keyTable() {
		if !slices.Contains(b.keys, key) {
			continue
		}
		if len(b.screens) == 0 && s != screenNew || slices.Contains(b.screens, s) {
			return b.action
		}
	}
	return actNone
}

// keyNames is how keys are written in the help: "space" rather than " ".
func keyNames(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k
		if k == " " {
			names[i] = "space"
		}
	}
	return strings.Join(names, "/")
}

// footerKeys are the few bindings the footer of a screen shows.
func footerKeys(s screen) [][2]string {
	switch s {
	case screenRuns:
		return [][2]string{{"n", "new"}, {"enter", "open"}, {"p", "pause"}, {"x", "stop"}, {"r", "resume"}, {"c", "compare"}, {"space", "mark"}, {"f", "freeze"}, {"/", "filter"}, {"?", "help"}, {"q", "quit"}}
	case screenRun:
		return [][2]string{{"esc", "back"}, {"p", "pause"}, {"x", "stop"}, {"r", "resume"}, {"tab", "panel"}, {"c", "compare"}, {"[ ]", "smooth"}, {"s", "EMA"}, {"?", "help"}, {"q", "quit"}}
	case screenCompare:
		return [][2]string{{"esc", "back"}, {"tab", "panel"}, {"a", "seeds"}, {"p", "pause all"}, {"x", "stop all"}, {"r", "resume all"}, {"[ ]", "smooth"}, {"s", "EMA on/off"}, {"?", "help"}, {"q", "quit"}}
	case screenNew:
		return [][2]string{{"tab", "next field"}, {"shift+tab", "previous"}, {"enter", "next/launch"}, {"esc", "cancel"}}
	case screenHelp:
		return [][2]string{{"esc", "back"}, {"?", "close"}, {"q", "quit"}}
	case screenPrompt:
		return [][2]string{{"y", "resume"}, {"n", "leave interrupted"}}
	}
	return nil
}
