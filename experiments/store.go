package experiments

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/adaptformer/adaptformer/trainer"
	"github.com/adaptformer/adaptformer/vit/pretrained"
)

// Statuses the queue gives runs that never started, in addition to the
// trainer's.
const (
	// StatusBlocked is a queued run whose dependency (its pretraining run)
	// failed, was stopped or was cancelled; RunInfo.Message says which.
	StatusBlocked trainer.Status = "blocked"
	// StatusCancelled is a queued run that was cancelled before it started.
	StatusCancelled trainer.Status = "cancelled"
)

// EnvRoot is the environment variable that overrides the default runs root.
const EnvRoot = "ADAPTFORMER_RUNS"

// archiveDir is the directory under the root that archived runs move to.
// Its leading dot keeps it out of List.
const archiveDir = ".archive"

// metaFile holds the store's own per-run data, such as a name given after
// the run started (run.json belongs to the process training the run, which
// would overwrite a change made there).
const metaFile = "store.json"

// interruptGrace is how long a run may sit "queued" without a process
// holding it before the store calls it interrupted: the time between a
// process creating a run directory and its training goroutine locking it.
const interruptGrace = 10 * time.Second

// DefaultRoot is the runs root to use when no flag names one: $ADAPTFORMER_RUNS
// when set, otherwise "runs" in the working directory.
func DefaultRoot(getenv func(string) string) string {
	if getenv != nil {
		if v := strings.TrimSpace(getenv(EnvRoot)); v != "" {
			return v
		}
	}
	return "runs"
}

// Store is a runs root on disk: one directory per run, holding run.json,
// metrics.jsonl, checkpoints/ and summary.txt (see package trainer). Runs
// may sit directly under the root or one level down, in the directory of the
// recipe instance (the group) that created them. A Store holds no state
// beyond its root, so any number of Stores and processes may share a root;
// every method reads the disk afresh.
type Store struct {
	root  string
	grace time.Duration // see interruptGrace
}

// RunEntry is one run as the store sees it.
type RunEntry struct {
	// ID is the run directory's path relative to the root, with forward
	// slashes: "seed-20261126-191500/pretrain", or "my-run" for a run
	// directly under the root. It is what the other methods take.
	ID string
	// Dir is the run directory.
	Dir string
	// Info is run.json, with the name given by Rename if any.
	Info trainer.RunInfo
	// Status is Info.Status, or trainer.StatusInterrupted when run.json
	// says running, paused or queued but no live process holds the run.
	Status trainer.Status
	// Group is the recipe instance the run belongs to (the first element of
	// a nested ID), "" for a run directly under the root.
	Group string
	// Archived is set for runs under the archive (see Archive).
	Archived bool
}

// Name is the run's human name, or its ID when it has none.
func (e RunEntry) Name() string {
	if e.Info.Name != "" {
		return e.Info.Name
	}
	return e.ID
}

// storeMeta is the content of a run's store.json.
type storeMeta struct {
	Name string `json:"name,omitempty"`
}

// OpenStore opens the runs root. A missing root is an empty store until a
// run is written into it.
func OpenStore(root string) (*Store, error) {
	if root == "" {
		return nil, errors.New("open run store: empty root directory")
	}
	// A missing root is an empty store, made by the first run written into
	// it: reading a mistyped path must not create it.
	st, err := os.Stat(root)
	switch {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("open run store: %s is not a directory", root)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open run store: %w", err)
	}
	return &Store{root: filepath.Clean(root), grace: interruptGrace}, nil
}

// Root is the runs root directory.
func (s *Store) Root() string { return s.root }

// Dir is the directory of the run with the given ID (which need not exist).
func (s *Store) Dir(id string) string { return filepath.Join(s.root, filepath.FromSlash(id)) }

// List returns every run under the root except archived ones, newest
// (by creation time) first. A directory whose run.json cannot be read is
// skipped; ListProblems reports those.
func (s *Store) List() ([]RunEntry, error) {
	entries, _, err := s.scan(s.root, false)
	return entries, err
}

// ListArchived returns the archived runs, newest first.
func (s *Store) ListArchived() ([]RunEntry, error) {
	entries, _, err := s.scan(filepath.Join(s.root, archiveDir), true)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return entries, err
}

// ListProblems returns an error for each run directory under the root
// whose run.json is unreadable (corrupt, or from a newer program).
func (s *Store) ListProblems() ([]error, error) {
	_, problems, err := s.scan(s.root, false)
	return problems, err
}

// RunProblem is a run directory the store cannot read (its run.json is
// corrupt, say), which listings leave out and report.
type RunProblem struct {
	ID    string // the run's ID, its path below the root
	Group string // its group ("" for a top-level run)
	Err   error
}

func (p *RunProblem) Error() string { return p.Err.Error() }

func (p *RunProblem) Unwrap() error { return p.Err }

// scan finds run directories at depth 1 and 2 below dir.
func (s *Store) scan(dir string, archived bool) ([]RunEntry, []error, error) {
	top, err := os.ReadDir(dir)
	if err != nil {
		if !archived && errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("list runs in %s: %w", dir, err)
	}
	var entries []RunEntry
	var problems []error
	add := func(rel string) {
		e, err := s.entry(dir, rel, archived)
		if err != nil {
			problems = append(problems, err)
			return
		}
		entries = append(entries, e)
	}
	for _, t := range top {
		if !t.IsDir() || strings.HasPrefix(t.Name(), ".") {
			continue
		}
		if trainer.IsRunDir(filepath.Join(dir, t.Name())) {
			add(t.Name())
			continue
		}
		sub, err := os.ReadDir(filepath.Join(dir, t.Name()))
		if err != nil {
			continue
		}
		for _, r := range sub {
			if r.IsDir() && !strings.HasPrefix(r.Name(), ".") && trainer.IsRunDir(filepath.Join(dir, t.Name(), r.Name())) {
				add(t.Name() + "/" + r.Name())
			}
		}
	}
	slices.SortStableFunc(entries, func(a, b RunEntry) int {
		if c := b.Info.Created.Compare(a.Info.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return entries, problems, nil
}

// entry reads the run at base/rel.
func (s *Store) entry(base, rel string, archived bool) (RunEntry, error) {
	dir := filepath.Join(base, filepath.FromSlash(rel))
	info, err := trainer.ReadRunInfo(dir)
	if err != nil {
		p := &RunProblem{ID: rel, Err: err}
		if g, _, nested := strings.Cut(rel, "/"); nested {
			p.Group = g
		}
		return RunEntry{}, p
	}
	if m, err := readMeta(dir); err == nil && m.Name != "" {
		info.Name = m.Name
	}
	e := RunEntry{ID: rel, Dir: dir, Info: info, Status: info.Status, Archived: archived}
	if g, _, nested := strings.Cut(rel, "/"); nested {
		e.Group = g
	}
	e.Status = effectiveStatus(dir, info, time.Now(), s.grace)
	return e, nil
}

// effectiveStatus is info.Status, or interrupted for a run that says it is
// in progress although no process holds it.
func effectiveStatus(dir string, info trainer.RunInfo, now time.Time, grace time.Duration) trainer.Status {
	switch info.Status {
	case trainer.StatusRunning, trainer.StatusPaused:
		if !trainer.Active(dir) {
			return trainer.StatusInterrupted
		}
	case trainer.StatusQueued:
		if !trainer.Active(dir) && now.Sub(info.Updated) >= grace {
			return trainer.StatusInterrupted
		}
	}
	return info.Status
}

// ResolveInitFrom returns what a run's init_from names, trying in order: a
// path that exists (a weights file, a checkpoint, a run directory), as it
// is; the store's run of exactly that ID, as its directory; the name of a
// shipped model (vit/pretrained), as it is, for the trainer to load from
// the binary; the run Get finds for it (a unique prefix or last part of an
// ID), as its directory. So "tiny-tin" is the shipped model even when runs
// named tiny-tin-<date>-<time> exist, and a file or run of that exact name
// shadows it.
func (s *Store) ResolveInitFrom(from string) (string, error) {
	return s.resolveInitFrom(from, pretrained.Shipped())
}

func (s *Store) resolveInitFrom(from string, shipped pretrained.Registry) (string, error) {
	if _, err := os.Stat(from); err == nil {
		return from, nil
	}
	if id := strings.Trim(filepath.ToSlash(from), "/"); id != "" && validID(id) && trainer.IsRunDir(s.Dir(id)) {
		return s.Dir(id), nil
	}
	if _, ok, err := shipped.Lookup(from); err != nil || ok {
		return from, err
	}
	e, err := s.Get(from)
	if err != nil {
		shippedNames := "none shipped"
		if names := shipped.Names(); len(names) > 0 {
			shippedNames = "shipped: " + strings.Join(names, ", ")
		}
		return "", fmt.Errorf("init_from %s: neither a file, a run of the store nor a shipped model (%s) (%v)", from, shippedNames, err)
	}
	return e.Dir, nil
}

// Get returns the run with the given ID. It also accepts, when exactly one
// run matches, a run's RunInfo.ID, the last element of its ID, or a prefix
// of its ID, so people can type less; archived runs are found too.
func (s *Store) Get(id string) (RunEntry, error) {
	asGiven := id
	id = strings.Trim(filepath.ToSlash(id), "/")
	if id == "" {
		return RunEntry{}, errors.New("get run: empty run ID")
	}
	if !validID(id) {
		return RunEntry{}, fmt.Errorf("get run %q: not a run ID (want a path below the runs root)", id)
	}
	if rel, ok := strings.CutPrefix(id, archiveDir+"/"); ok && trainer.IsRunDir(s.Dir(id)) {
		return s.entry(filepath.Join(s.root, archiveDir), rel, true)
	}
	if trainer.IsRunDir(s.Dir(id)) {
		return s.entry(s.root, id, false)
	}
	live, err := s.List()
	if err != nil {
		return RunEntry{}, err
	}
	archived, _ := s.ListArchived()
	all := append(live, archived...)
	for _, match := range []func(RunEntry) bool{
		func(e RunEntry) bool { return e.ID == id },
		func(e RunEntry) bool { return e.Info.ID == id || pathBase(e.ID) == id },
		func(e RunEntry) bool { return strings.HasPrefix(e.ID, id) },
	} {
		var found []RunEntry
		for _, e := range all {
			if match(e) {
				found = append(found, e)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			ids := make([]string, len(found))
			for i, e := range found {
				ids[i] = e.ID
			}
			return RunEntry{}, fmt.Errorf("run %q is ambiguous: it matches %s", id, strings.Join(ids, ", "))
		}
	}
	return RunEntry{}, fmt.Errorf("no run %q in %s", asGiven, s.root)
}

func pathBase(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// validID rejects IDs that would leave the root.
func validID(id string) bool {
	for _, part := range strings.Split(id, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return !filepath.IsAbs(id)
}

// Group returns the runs of a recipe instance (the runs whose ID starts
// with group + "/"), oldest first: the order the recipe planned them.
func (s *Store) Group(group string) ([]RunEntry, error) {
	group = strings.Trim(filepath.ToSlash(group), "/")
	entries, err := s.List()
	if err != nil {
		return nil, err
	}
	var out []RunEntry
	for _, e := range entries {
		if e.Group == group {
			out = append(out, e)
		}
	}
	slices.Reverse(out)
	return out, nil
}

// Metrics reads every event the run recorded in its metrics.jsonl. An
// incomplete last line (a write in progress) and malformed lines are left
// out.
func (s *Store) Metrics(id string) ([]trainer.Event, error) {
	e, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	events, err := trainer.ReadMetrics(e.Dir)
	if err != nil {
		return events, fmt.Errorf("run %s: %w", e.ID, err)
	}
	return events, nil
}

// Follower reads a run's metrics.jsonl incrementally, for a live view of a
// run that this or another process is training.
type Follower struct {
	dir   string
	err   error
	f     *trainer.MetricsFollower
	reset bool
}

// Follow returns a Follower of the run's metrics from their beginning. An
// unknown run is reported by the first Poll.
func (s *Store) Follow(id string) *Follower {
	e, err := s.Get(id)
	if err != nil {
		return &Follower{err: err}
	}
	return &Follower{dir: e.Dir, f: trainer.NewMetricsFollower(e.Dir)}
}

// Poll returns the events appended since the last Poll: only complete
// lines, each exactly once. When the file was rewritten in between (a
// resumed run rewinds its metrics to its checkpoint), Poll returns the whole
// file again and Reset reports true until the next Poll: the caller should
// replace what it has rather than extend it.
func (f *Follower) Poll() ([]trainer.Event, error) {
	if f.err != nil {
		return nil, f.err
	}
	events, reset, err := f.f.Poll()
	f.reset = reset
	return events, err
}

// Reset reports whether the last Poll started over from the beginning of
// the file.
func (f *Follower) Reset() bool { return f.reset }

// Skipped is the malformed lines of the file that Polls left out since its
// beginning.
func (f *Follower) Skipped() []trainer.MalformedLine {
	if f.f == nil {
		return nil
	}
	return f.f.Skipped()
}

// Dir is the followed run's directory ("" when the run was not found).
func (f *Follower) Dir() string { return f.dir }

// Rename gives the run a new human name. It works while the run trains:
// the name is kept in the store's own store.json beside run.json, and also
// written into run.json when no process holds the run.
func (s *Store) Rename(id, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("rename run: the new name is empty")
	}
	e, err := s.Get(id)
	if err != nil {
		return fmt.Errorf("rename run: %w", err)
	}
	m, _ := readMeta(e.Dir)
	m.Name = name
	if err := writeMeta(e.Dir, m); err != nil {
		return fmt.Errorf("rename run %s: %w", e.ID, err)
	}
	if !trainer.Active(e.Dir) {
		info, err := trainer.ReadRunInfo(e.Dir)
		if err == nil {
			info.Name = name
			err = trainer.WriteRunInfo(e.Dir, info)
		}
		if err != nil {
			return fmt.Errorf("rename run %s: %w", e.ID, err)
		}
	}
	return nil
}

// Archive moves a run that no process holds out of List, into the root's
// .archive directory, keeping its ID.
func (s *Store) Archive(id string) error {
	e, err := s.Get(id)
	if err != nil {
		return fmt.Errorf("archive run: %w", err)
	}
	if e.Archived {
		return fmt.Errorf("archive run %s: already archived", e.ID)
	}
	if trainer.Active(e.Dir) {
		return fmt.Errorf("archive run %s: a process is training it; stop it first", e.ID)
	}
	dst := filepath.Join(s.root, archiveDir, filepath.FromSlash(e.ID))
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("archive run %s: %s already exists", e.ID, dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("archive run %s: %w", e.ID, err)
	}
	if err := os.Rename(e.Dir, dst); err != nil {
		return fmt.Errorf("archive run %s: %w", e.ID, err)
	}
	removeIfEmpty(filepath.Dir(e.Dir), s.root)
	return nil
}

// Unarchive moves an archived run back into List.
func (s *Store) Unarchive(id string) error {
	e, err := s.Get(id)
	if err != nil {
		return fmt.Errorf("unarchive run: %w", err)
	}
	if !e.Archived {
		return fmt.Errorf("unarchive run %s: not archived", e.ID)
	}
	dst := s.Dir(e.ID)
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("unarchive run %s: %s already exists", e.ID, dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("unarchive run %s: %w", e.ID, err)
	}
	if err := os.Rename(e.Dir, dst); err != nil {
		return fmt.Errorf("unarchive run %s: %w", e.ID, err)
	}
	removeIfEmpty(filepath.Dir(e.Dir), filepath.Join(s.root, archiveDir))
	return nil
}

// Delete removes a run that no process holds, with its checkpoints.
func (s *Store) Delete(id string) error {
	e, err := s.Get(id)
	if err != nil {
		return fmt.Errorf("delete run: %w", err)
	}
	if trainer.Active(e.Dir) {
		return fmt.Errorf("delete run %s: a process is training it; stop it first", e.ID)
	}
	if err := os.RemoveAll(e.Dir); err != nil {
		return fmt.Errorf("delete run %s: %w", e.ID, err)
	}
	base := s.root
	if e.Archived {
		base = filepath.Join(s.root, archiveDir)
	}
	removeIfEmpty(filepath.Dir(e.Dir), base)
	return nil
}

// removeIfEmpty removes dir, a group directory, when it is empty and below
// stop.
func removeIfEmpty(dir, stop string) {
	if filepath.Clean(dir) == filepath.Clean(stop) {
		return
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
		os.Remove(dir)
	}
}

func readMeta(dir string) (storeMeta, error) {
	var m storeMeta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return storeMeta{}, fmt.Errorf("read %s: %w", filepath.Join(dir, metaFile), err)
	}
	return m, nil
}

func writeMeta(dir string, m storeMeta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return trainer.WriteFileAtomic(filepath.Join(dir, metaFile), append(b, '\n'))
}
