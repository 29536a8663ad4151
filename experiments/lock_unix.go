//go:build unix

package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/adaptformer/adaptformer/trainer"
)

// runLock is the queue's hold on a run directory while the run waits in the
// queue: the same advisory lock the trainer takes while it trains, so that
// trainer.Active, and with it every store, sees a queued run as held by a
// live process. The queue lets go just before the trainer takes it.
type runLock struct{ f *os.File }

// lockRun takes dir's lock without waiting.
func lockRun(dir string) (*runLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, trainer.LockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock run %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock run %s: another process holds it", dir)
	}
	return &runLock{f: f}, nil
}

// unlock releases the lock; it is safe on a nil or released lock.
func (l *runLock) unlock() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}
