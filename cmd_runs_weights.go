package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// runsExportWeights writes a run's weights, without its optimizer state, to
// a safetensors file that eval, train --init-from and any safetensors
// reader load.
func runsExportWeights(env *cliEnv, args []string) error {
	fs, root := runsFlags(env, "export-weights", "[flags] RUN",
		"Writes the weights of a checkpoint of RUN (its newest good one by default) to a\n"+
			"safetensors file, atomically: the parameters under their timm names, no\n"+
			"optimizer state, and in the metadata the model config (vit.config), the source\n"+
			"run and checkpoint, the step, the epochs done and the run's training config.\n"+
			"Prints the file's SHA-256 and size. RUN is a run ID or a run directory.")
	out := fs.String("o", "", "write to `FILE` (default: the run ID, / as -, with .safetensors, here)")
	ckpt := fs.String("checkpoint", "", "export this `CKPT` (a path, or a file name in the run's checkpoints/) instead of the newest")
	ema := fs.Bool("ema", false, "export the weight EMA the checkpoint keeps (its ema/ tensors) instead of the trained weights")
	asJSON := fs.Bool("json", false, "print one JSON object: path, checkpoint, step, tensors, size, sha256")
	store, ids, err := parseRunsFlags(fs, root, args)
	if err != nil {
		return helpOK(err)
	}
	if len(ids) != 1 {
		return usagef("want one run, got %d", len(ids))
	}
	dir, id, err := runDirOf(store, ids[0])
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = strings.ReplaceAll(id, "/", "-") + ".safetensors"
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("-o %s: a directory, expected a file name", path)
	}
	res, err := trainer.ExportWeights(dir, path, trainer.ExportOptions{Checkpoint: *ckpt, RunID: id, EMA: *ema})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env, map[string]any{"path": res.Path, "checkpoint": res.Checkpoint, "step": res.Step,
			"tensors": res.Tensors, "size": res.Size, "sha256": res.SHA256})
	}
	rel, err := filepath.Rel(dir, res.Checkpoint)
	if err != nil {
		rel = res.Checkpoint
	}
	fmt.Fprintf(env.stdout, "wrote %s: %d tensors of %s (step %d)\n", res.Path, res.Tensors, rel, res.Step)
	fmt.Fprintf(env.stdout, "sha256 %s\nsize   %d bytes\n", res.SHA256, res.Size)
	return nil
}

// runDirOf finds a run by ID in the store, or as a run directory given by
// its path, and returns its directory and ID.
func runDirOf(store *experiments.Store, arg string) (dir, id string, err error) {
	e, err := store.Get(arg)
	if err == nil {
		return e.Dir, e.ID, nil
	}
	if trainer.IsRunDir(arg) {
		info, rerr := trainer.ReadRunInfo(arg)
		if rerr != nil {
			return "", "", rerr
		}
		return arg, info.ID, nil
	}
	return "", "", err
}
