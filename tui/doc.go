// Package tui is adaptformer's terminal dashboard, built on Bubble Tea.
//
// It lists the runs of a run store, follows each one live, draws its loss
// and accuracy curves next to its per-layer parameter table, compares runs on
// shared axes, and launches, pauses, resumes, stops and re-freezes runs
// through an experiments queue. It never trains anything itself: it sends
// commands to the queue and receives the trainer's events, either from the
// queue (runs of this process) or by following a run directory's
// metrics.jsonl (runs of other processes).
//
// One concern per file: messages.go holds every message type, keys.go the
// one key table that drives both dispatch and the help view, styles.go every
// style; each view (runs table, run, compare, new-experiment form, help) has
// its own file, and chart.go the curve component on ntcharts' line chart.
package tui
