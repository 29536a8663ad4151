// Package experiments is what a researcher means by an experiment, kept on
// disk so that nothing is lost when the program exits, crashes or starts
// again: a store of run directories, recipes that expand into runs, a queue
// that trains them in order, and exports of their metrics as CSV, JSON and
// plots.
//
// # Store
//
// A Store is a runs root (default ./runs, or $ADAPTFORMER_RUNS): one
// directory per run, as package trainer writes it (run.json, metrics.jsonl,
// checkpoints/, summary.txt), either directly under the root or in the
// directory of the recipe instance that made it:
//
//	runs/
//	  seed-20261126-191500/       a group: one submitted recipe
//	    pretrain/                 run ID seed-20261126-191500/pretrain
//	    transfer-adaptformer/
//	    transfer-full/
//	  micro-full-20261126-200000/ a single run, run ID micro-full-20261126-200000
//	  .archive/                   archived runs, same layout
//
// Readers never see a torn file: run.json is replaced atomically and
// metrics readers skip an incomplete last line. A run whose run.json says
// running, paused or queued while no process holds its lock shows as
// trainer.StatusInterrupted, and Queue.Resume continues it.
//
// # Recipes
//
// A recipe is a TOML file with a kind (seed, transfer, sweep or single), a
// name, and tables of training config keys (trainer.Config's JSON names):
// [defaults] applies to every run, then [pretrain], [transfer] or [run] to
// their runs; [transfer] also takes modes (default ["adaptformer", "full"])
// and, for a sweep, seeds. Keys left out keep DefaultRecipe's values: the
// micro model on the built-in synthetic sets, so that a recipe runs
// anywhere. ExampleRecipe prints a commented file of each kind. Errors
// name the file, the line and the field; unknown keys are errors.
//
// # Queue
//
// A Queue creates a recipe's runs in the store and trains them in order,
// one at a time by default: a transfer run waits for its pretraining run
// and starts from that run's final checkpoint; a run whose dependency
// failed, stopped or was cancelled becomes blocked, with the reason. Its
// Events relay every run's trainer events, tagged with the run ID.
//
// # Exports
//
// Series reads a run's step and epoch records; WriteCSV, WriteJSON and
// WritePlot (PNG or SVG, with gonum.org/v1/plot) export several runs at
// once, and Compare reports the mean and spread of eval top-1 per mode.
package experiments
