//go:build !unix

package trainer

// dirLock is a no-op where advisory file locks are not available.
type dirLock struct{}

func lockDir(dir string) (*dirLock, error) { return &dirLock{}, nil }

func (l *dirLock) unlock() {}

// Active reports whether a process is training the run in dir; without
// file locks it cannot tell and reports false.
func Active(dir string) bool { return false }
