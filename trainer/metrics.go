package trainer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Record types: the "type" field of each metrics.jsonl line.
const (
	RecordStep   = "step"
	RecordEpoch  = "epoch"
	RecordStatus = "status"
	RecordError  = "error"
)

// RecordType is the "type" a metrics.jsonl line of e carries.
func RecordType(e Event) string {
	switch e.(type) {
	case StepEvent, *StepEvent:
		return RecordStep
	case EpochEvent, *EpochEvent:
		return RecordEpoch
	case StatusEvent, *StatusEvent:
		return RecordStatus
	case ErrorEvent, *ErrorEvent:
		return RecordError
	}
	return ""
}

// MarshalRecord encodes e as one metrics.jsonl line without the newline:
// {"type":"step"|"epoch"|"status"|"error", ...the event's fields}.
func MarshalRecord(e Event) ([]byte, error) {
	var v any
	switch e := e.(type) {
	case StepEvent:
		v = struct {
			Type string `json:"type"`
			StepEvent
		}{RecordStep, e}
	case EpochEvent:
		v = struct {
			Type string `json:"type"`
			EpochEvent
		}{RecordEpoch, e}
	case StatusEvent:
		v = struct {
			Type string `json:"type"`
			StatusEvent
		}{RecordStatus, e}
	case ErrorEvent:
		v = struct {
			Type string `json:"type"`
			ErrorEvent
		}{RecordError, e}
	default:
		return nil, fmt.Errorf("encode event: unknown event type %T", e)
	}
	return json.Marshal(v)
}

// UnmarshalRecord decodes one metrics.jsonl line into the event it holds
// (a value: StepEvent, EpochEvent, StatusEvent or ErrorEvent).
func UnmarshalRecord(line []byte) (Event, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return nil, fmt.Errorf("decode metrics record: %w", err)
	}
	var err error
	switch head.Type {
	case RecordStep:
		var e StepEvent
		err = json.Unmarshal(line, &e)
		return e, wrapDecode(err)
	case RecordEpoch:
		var e EpochEvent
		err = json.Unmarshal(line, &e)
		return e, wrapDecode(err)
	case RecordStatus:
		var e StatusEvent
		err = json.Unmarshal(line, &e)
		return e, wrapDecode(err)
	case RecordError:
		var e ErrorEvent
		err = json.Unmarshal(line, &e)
		return e, wrapDecode(err)
	}
	return nil, fmt.Errorf("decode metrics record: unknown type %q", head.Type)
}

func wrapDecode(err error) error {
	if err != nil {
		return fmt.Errorf("decode metrics record: %w", err)
	}
	return nil
}

// MetricsWriter appends events to a run's metrics.jsonl, one whole line per
// write, so a reader or a crash never sees half an event except possibly at
// the very end (which readers skip). Epoch, status and error events are
// fsynced; step events are left to the OS (losing the last few steps to a
// power cut costs nothing: resume rewinds to the checkpoint anyway).
// A MetricsWriter is not safe for concurrent use.
type MetricsWriter struct {
	f      *os.File
	offset int64
	buf    []byte
}

// OpenMetrics opens dir/metrics.jsonl for appending, creating it if needed.
// A last line without a newline (a write cut short by a crash) is cut off
// first, so that the next record starts on its own line.
func OpenMetrics(dir string) (*MetricsWriter, error) {
	path := filepath.Join(dir, MetricsFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open metrics: %w", err)
	}
	end, err := completeLength(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open metrics %s: %w", path, err)
	}
	if err := f.Truncate(end); err != nil {
		f.Close()
		return nil, fmt.Errorf("open metrics %s: %w", path, err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("open metrics %s: %w", path, err)
	}
	return &MetricsWriter{f: f, offset: end}, nil
}

// completeLength is the length of f up to and including its last newline.
func completeLength(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := st.Size()
	const chunk = 4096
	buf := make([]byte, chunk)
	for end := size; end > 0; {
		start := max(0, end-chunk)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// Write appends e as one line. Epoch, status and error events are synced
// to disk before Write returns.
func (w *MetricsWriter) Write(e Event) error {
	b, err := MarshalRecord(e)
	if err != nil {
		return err
	}
	w.buf = append(append(w.buf[:0], b...), '\n')
	n, err := w.f.Write(w.buf)
	w.offset += int64(n)
	if err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	if RecordType(e) != RecordStep {
		if err := w.f.Sync(); err != nil {
			return fmt.Errorf("write metrics: sync: %w", err)
		}
	}
	return nil
}

// Offset is the file length after the last complete record written.
func (w *MetricsWriter) Offset() int64 { return w.offset }

// Sync flushes the file to disk.
func (w *MetricsWriter) Sync() error { return w.f.Sync() }

// Close syncs and closes the file.
func (w *MetricsWriter) Close() error {
	serr := w.f.Sync()
	if err := w.f.Close(); err != nil {
		return err
	}
	return serr
}

// MalformedLine is a complete line of metrics.jsonl that does not decode.
// Readers skip such lines, so that one damaged record (a disk error, a stray
// write) does not hide the rest of the run, and report them.
type MalformedLine struct {
	Offset int64 // of the line's first byte in the file
	Err    error // why it does not decode
}

// DescribeMalformed says which lines were skipped, for a warning:
// "skipped 1 malformed line at byte offset 1234". It is "" for none.
func DescribeMalformed(lines []MalformedLine) string {
	switch len(lines) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("skipped 1 malformed line at byte offset %d", lines[0].Offset)
	}
	const most = 5
	offsets := make([]string, 0, most+1)
	for i, l := range lines {
		if i == most {
			offsets = append(offsets, "...")
			break
		}
		offsets = append(offsets, fmt.Sprint(l.Offset))
	}
	return fmt.Sprintf("skipped %d malformed lines at byte offsets %s", len(lines), strings.Join(offsets, ", "))
}

// ReadMetrics reads every event of dir/metrics.jsonl. An incomplete last
// line (a write in progress, or cut by a crash) is left out, and so are
// malformed complete lines (ReadMetricsReport says which). A missing file
// is no events and no error.
func ReadMetrics(dir string) ([]Event, error) {
	events, _, err := ReadMetricsReport(dir)
	return events, err
}

// ReadMetricsReport is ReadMetrics that also returns the malformed lines
// it skipped, in file order.
func ReadMetricsReport(dir string) ([]Event, []MalformedLine, error) {
	path := filepath.Join(dir, MetricsFile)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("read metrics: %w", err)
	}
	defer f.Close()
	events, _, bad, err := readRecords(f, path, 0)
	return events, bad, err
}

// ReadMetricsFrom reads the complete lines of dir/metrics.jsonl from byte
// offset on and returns their events and the offset just past the last
// complete line, to pass to the next call; malformed lines are skipped. A
// reader that polls it sees every record exactly once, provided the file is
// not rewritten in between (it is only when a run resumes; MetricsFollower
// detects that).
func ReadMetricsFrom(dir string, offset int64) ([]Event, int64, error) {
	path := filepath.Join(dir, MetricsFile)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, offset, nil
		}
		return nil, offset, fmt.Errorf("read metrics: %w", err)
	}
	defer f.Close()
	events, next, _, err := readRecords(f, path, offset)
	return events, next, err
}

// readRecords decodes the complete lines of f from offset on. It returns
// their events, the offset just past the last complete line, and the
// malformed lines it skipped.
func readRecords(f *os.File, path string, offset int64) ([]Event, int64, []MalformedLine, error) {
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, offset, nil, fmt.Errorf("read metrics %s: %w", path, err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, offset, nil, fmt.Errorf("read metrics %s: %w", path, err)
	}
	var events []Event
	var bad []MalformedLine
	pos := 0
	for {
		i := bytes.IndexByte(data[pos:], '\n')
		if i < 0 {
			break // incomplete (or no) last line: not ours yet
		}
		rec := bytes.TrimSpace(data[pos : pos+i])
		if len(rec) > 0 {
			e, err := UnmarshalRecord(rec)
			if err != nil {
				bad = append(bad, MalformedLine{Offset: offset + int64(pos), Err: err})
			} else {
				events = append(events, e)
			}
		}
		pos += i + 1
	}
	return events, offset + int64(pos), bad, nil
}

// MetricsFollower reads a run's metrics.jsonl incrementally, for a live
// view of a run trained by another process: each Poll returns the events
// appended since the previous one. When the file was rewritten (a resumed
// run rewinds it to its checkpoint) Poll starts over and says so, and the
// caller should replace, not extend, what it has.
type MetricsFollower struct {
	dir     string
	offset  int64
	info    os.FileInfo
	skipped []MalformedLine
}

// NewMetricsFollower follows dir/metrics.jsonl from its beginning.
func NewMetricsFollower(dir string) *MetricsFollower { return &MetricsFollower{dir: dir} }

// Poll returns the events appended since the last Poll. reset is true when
// the events are the whole file again because it was replaced or shrank.
func (m *MetricsFollower) Poll() (events []Event, reset bool, err error) {
	path := filepath.Join(m.dir, MetricsFile)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if m.info != nil || m.offset > 0 {
				m.info, m.offset, m.skipped = nil, 0, nil
				return nil, true, nil
			}
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("follow metrics: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, fmt.Errorf("follow metrics: %w", err)
	}
	if m.info != nil && (!os.SameFile(m.info, st) || st.Size() < m.offset) {
		m.offset, m.skipped, reset = 0, nil, true
	}
	m.info = st
	events, next, bad, err := readRecords(f, path, m.offset)
	m.offset = next
	m.skipped = append(m.skipped, bad...)
	return events, reset, err
}

// Skipped is the malformed lines Poll skipped, in file order, since the
// file's beginning (it starts over with a reset).
func (m *MetricsFollower) Skipped() []MalformedLine { return m.skipped }

// Offset is how far the follower has read.
func (m *MetricsFollower) Offset() int64 { return m.offset }

// rewindMetrics drops the step and epoch records after offset from the
// run's metrics.jsonl (the resumed run writes them again, identically),
// keeping the status and error records that came after, and any incomplete
// last line out. The file is replaced atomically.
func rewindMetrics(dir string, offset int64) error {
	path := filepath.Join(dir, MetricsFile)
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("rewind metrics: %w", err)
	}
	if offset > int64(len(b)) {
		offset = int64(len(b))
	}
	out := append([]byte(nil), b[:offset]...)
	rest := b[offset:]
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := rest[:i+1]
		rest = rest[i+1:]
		e, err := UnmarshalRecord(line)
		if err != nil {
			continue
		}
		if t := RecordType(e); t == RecordStatus || t == RecordError {
			out = append(out, line...)
		}
	}
	if len(out) == len(b) {
		return nil
	}
	return WriteFileAtomic(path, out)
}
