package trainer

import (
	"bytes"
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
	r.Start()
	var initMsg string
	for e := range r.Events() {
		if s, ok := e.(StatusEvent); ok && s.Status == StatusRunning && initMsg == "" {
			initMsg = s.Message
		}
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
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
