// Package trainer turns a model, a dataset and a Config into a Run: training
// in its own goroutine that the dashboard (or the headless `adaptformer
// train`) watches through a channel of events and steers with Pause,
// Unpause, Stop and Checkpoint.
//
// Everything a run does lands in its run directory (see RunInfoFile and
// friends): run.json says what the run is and how far it got,
// metrics.jsonl holds every event, checkpoints/ the last few checkpoints,
// summary.txt the model's parameter table. Any process can read it while
// the run trains (ReadRunInfo, ReadMetrics, MetricsFollower, Active).
//
// A run continued with Resume, after a Stop or after its process was killed
// at any moment, ends with exactly the metrics the same run would have had
// uninterrupted, bit for bit for a fixed thread count: a checkpoint holds
// the parameters, the optimizer state, the position in the data order, the
// dropout RNG state and the epoch's running metrics, and resuming rewinds
// metrics.jsonl to the moment the checkpoint was taken.
package trainer
