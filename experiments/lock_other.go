//go:build !unix

package experiments

// runLock is a no-op where advisory file locks are not available.
type runLock struct{}

func lockRun(dir string) (*runLock, error) { return &runLock{}, nil }

func (l *runLock) unlock() {}
