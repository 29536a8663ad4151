package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
)

// init_from resolves a path first, then an exact run ID, then a shipped
// model's name, then a run ID's prefix: a shipped name beats runs that
// merely start with it.
func TestResolveInitFromOrder(t *testing.T) {
	s := newTestStore(t)
	now := time.Now()
	pre := writeRun(t, s, "tiny-tin-20261207-032621/run", trainer.StatusFinished, now)
	exact := writeRun(t, s, "shadow", trainer.StatusFinished, now)
	other := writeRun(t, s, "cifar-20261207-010101/run", trainer.StatusFinished, now)
	reg := pretrained.New(fstest.MapFS{
		"tiny-tin.safetensors": {Data: []byte("w")},
		"shadow.safetensors":   {Data: []byte("w")},
	})
	file := filepath.Join(t.TempDir(), "w.safetensors")
	os.WriteFile(file, []byte("x"), 0o644)

	for _, tc := range []struct{ from, want string }{
		{file, file},
		{pre, pre},
		{"tiny-tin", "tiny-tin"},              // shipped, although a run's ID starts with it
		{"tiny-tin-20261207-032621/run", pre}, // the run, by its ID
		{"shadow", exact},                     // an exact run ID shadows the shipped name
		{"cifar", other},                      // a unique prefix
	} {
		got, err := s.resolveInitFrom(tc.from, reg)
		if err != nil || got != tc.want {
			t.Errorf("resolve %q = %q, %v; want %q", tc.from, got, err, tc.want)
		}
	}
	_, err := s.resolveInitFrom("nothing", reg)
	if err == nil || !strings.Contains(err.Error(), "shipped: shadow, tiny-tin") {
		t.Errorf("unknown name: %v, want the shipped names listed", err)
	}
}
