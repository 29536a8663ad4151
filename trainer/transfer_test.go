package trainer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Pretrain, then transfer with --init-from the pretraining run in
// adaptformer mode: the head (another class count) is re-initialised and
// reported, and every frozen parameter ends bit-identical to the pretrained
// one, while the adapters and the head did train.
func TestInitFromAndFrozenParams(t *testing.T) {
	base := t.TempDir()
	pre := smallConfig()
	pre.Epochs = 1
	preDir := filepath.Join(base, "pretrain")
	trainToEnd(t, preDir, pre)

	tr := smallConfig()
	tr.Epochs = 1
	tr.Dataset = "synthetic-transfer"
	tr.Mode = "adaptformer"
	tr.InitFrom = preDir
	dir := filepath.Join(base, "transfer")
	r, err := New(dir, tr, WithParent("pretrain"))
	if err != nil {
		t.Fatal(err)
	}
	initMsg := trainToEndSaying(t, r)
	if !strings.Contains(initMsg, "head.weight") || !strings.Contains(initMsg, "skipped") {
		t.Errorf("running status message %q: want the skipped head listed", initMsg)
	}
	info := r.Info()
	if info.InitFrom == "" || info.Parent != "pretrain" || info.Trainable >= info.Params {
		t.Errorf("info: init_from %q parent %q trainable %d of %d", info.InitFrom, info.Parent, info.Trainable, info.Params)
	}

	before, _, err := latestCheckpoint(preDir, false)
	if err != nil {
		t.Fatal(err)
	}
	after, _, err := latestCheckpoint(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	old := map[string][]byte{}
	for _, p := range before.Params {
		old[p.Name] = p.Data
	}
	var frozen, trained int
	for _, p := range after.Params {
		trainable := strings.Contains(p.Name, ".adaptmlp.") || strings.HasPrefix(p.Name, "head.")
		same := bytes.Equal(old[p.Name], p.Data)
		switch {
		case !trainable && !same:
			t.Errorf("frozen %s changed in adaptformer mode", p.Name)
		case !trainable:
			frozen++
		case trainable && !same && p.Name != "head.weight" && p.Name != "head.bias":
			trained++
		}
	}
	if frozen == 0 || trained == 0 {
		t.Errorf("%d frozen parameters kept, %d adapter parameters trained: want both", frozen, trained)
	}
	if len(after.Optim) == 0 {
		t.Fatal("no optimizer state")
	}
	for name := range after.Optim {
		if !strings.Contains(name, ".adaptmlp.") && !strings.HasPrefix(name, "head.") {
			t.Errorf("optimizer state for frozen parameter: %s", name)
		}
	}
}

// --init-from refuses, before training, a training checkpoint whose checksum
// fails (as resuming does) and a checkpoint of another model (another
// width: only the head may differ), and names a newer corrupt checkpoint it
// passed over in a run directory.
func TestInitFromRefusesBadCheckpoints(t *testing.T) {
	base := t.TempDir()
	pre := smallConfig()
	pre.Epochs = 1
	pre.CheckpointEvery = 2
	preDir := filepath.Join(base, "pretrain")
	trainToEnd(t, preDir, pre)
	paths, err := listCheckpoints(preDir)
	if err != nil || len(paths) < 2 {
		t.Fatalf("%d checkpoints (%v), want several", len(paths), err)
	}
	good, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0x40 // a bit of the last tensor's data
	flipPath := filepath.Join(base, "flipped.safetensors")
	os.WriteFile(flipPath, flipped, 0o644)

	wide := smallConfig()
	wide.Epochs = 1
	wide.Preset = "tiny"
	wideDir := filepath.Join(base, "wide")
	trainToEnd(t, wideDir, wide)

	for _, tc := range []struct {
		name, from, want string
	}{
		{"flipped bit", flipPath, "checksum mismatch"},
		{"another model", wideDir, "a checkpoint of another model"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig()
			cfg.InitFrom = tc.from
			r, err := New(filepath.Join(base, "from-"+strings.ReplaceAll(tc.name, " ", "-")), cfg)
			if err != nil {
				t.Fatal(err)
			}
			r.Start()
			drain(r)
			if err := r.Wait(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run error %v, want it to say %q", err, tc.want)
			}
			if r.Info().Step != 0 {
				t.Errorf("trained %d steps", r.Info().Step)
			}
		})
	}

	// The run directory's newest checkpoint is corrupt: the older one loads,
	// and the message says which was passed over and why.
	os.WriteFile(paths[0], flipped, 0o644)
	cfg := smallConfig()
	cfg.Epochs = 1
	cfg.InitFrom = preDir
	r, err := New(filepath.Join(base, "from-run"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	initMsg := trainToEndSaying(t, r)
	if want := "skipped a newer corrupt checkpoint " + paths[0]; !strings.Contains(initMsg, want) || !strings.Contains(initMsg, filepath.Base(paths[1])) {
		t.Errorf("running status message %q: want it to load %s and say %q", initMsg, filepath.Base(paths[1]), want)
	}
}

// trainToEndSaying trains r to the end and returns the message of its
// first running status: where its weights came from.
func trainToEndSaying(t *testing.T, r *Run) string {
	t.Helper()
	r.Start()
	var msg string
	for e := range r.Events() {
		if s, ok := e.(StatusEvent); ok && s.Status == StatusRunning && msg == "" {
			msg = s.Message
		}
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	return msg
}
