package trainer

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleEvents() []Event {
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	return []Event{
		StatusEvent{Time: t0, Status: StatusRunning, Step: 0, Message: "started"},
		StepEvent{Time: t0.Add(time.Second), Epoch: 1, Step: 1, Loss: 4.125, LR: 0.001, ImagesPerSec: 250.5},
		EpochEvent{Time: t0.Add(2 * time.Second), Epoch: 1, Step: 1, TrainLoss: 4.1, TrainTop1: 0.03125, EvalLoss: 4.0, EvalTop1: 0.1, EvalTop5: 0.3, LR: 0.001, Seconds: 1.5},
		ErrorEvent{Time: t0.Add(3 * time.Second), Step: 1, Message: "disk nearly full"},
		StatusEvent{Time: t0.Add(4 * time.Second), Status: StatusFinished, Step: 1},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	for _, e := range sampleEvents() {
		b, err := MarshalRecord(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnmarshalRecord(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip of %s: got %#v", b, got)
		}
	}
	b, _ := MarshalRecord(StepEvent{Step: 3})
	if want := `{"type":"step",`; string(b[:len(want)]) != want {
		t.Errorf("record %s does not start with %s", b, want)
	}
	for _, bad := range []string{`{"type":"nope"}`, `not json`, `{"type":"step","loss":"x"}`} {
		if _, err := UnmarshalRecord([]byte(bad)); err == nil {
			t.Errorf("UnmarshalRecord(%s) succeeded", bad)
		}
	}
}

func TestMetricsWriteRead(t *testing.T) {
	dir := t.TempDir()
	w, err := OpenMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	events := sampleEvents()
	for _, e := range events[:3] {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	// A crash mid-write leaves half a line: readers skip it, and the next
	// writer cuts it off before appending.
	path := filepath.Join(dir, MetricsFile)
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"type":"step","epoch":1,"st`)
	f.Close()
	got, err := ReadMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, events[:3]) {
		t.Fatalf("ReadMetrics = %v, want %v", got, events[:3])
	}
	w, err = OpenMetrics(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events[3:] {
		w.Write(e)
	}
	w.Close()
	if got, _ := ReadMetrics(dir); !reflect.DeepEqual(got, events) {
		t.Fatalf("after reopening: %v, want %v", got, events)
	}

	// A complete but malformed line is skipped (TestReadMetricsMalformed).
	os.WriteFile(path, []byte("{\"type\":\"status\",\"status\":\"running\"}\ngarbage\n"), 0o644)
	if got, err := ReadMetrics(dir); err != nil || len(got) != 1 {
		t.Errorf("with a malformed line: %v, %v; want the other event", got, err)
	}
	if got, err := ReadMetrics(t.TempDir()); err != nil || len(got) != 0 {
		t.Errorf("missing file: %v, %v; want no events and no error", got, err)
	}
}

func TestMetricsFollower(t *testing.T) {
	dir := t.TempDir()
	fl := NewMetricsFollower(dir)
	if ev, reset, err := fl.Poll(); err != nil || reset || len(ev) != 0 {
		t.Fatalf("before the file exists: %v %v %v", ev, reset, err)
	}
	w, _ := OpenMetrics(dir)
	events := sampleEvents()
	w.Write(events[0])
	w.Write(events[1])
	ev, reset, err := fl.Poll()
	if err != nil || reset || !reflect.DeepEqual(ev, events[:2]) {
		t.Fatalf("first poll: %v %v %v", ev, reset, err)
	}
	w.Write(events[2])
	ev, reset, _ = fl.Poll()
	if reset || !reflect.DeepEqual(ev, events[2:3]) {
		t.Fatalf("second poll: %v %v", ev, reset)
	}
	if ev, _, _ := fl.Poll(); len(ev) != 0 {
		t.Fatalf("nothing new: got %v", ev)
	}
	w.Close()

	// A resume rewinds the file by replacing it: the follower starts over.
	if err := rewindMetrics(dir, 0); err != nil {
		t.Fatal(err)
	}
	ev, reset, _ = fl.Poll()
	if !reset || !reflect.DeepEqual(ev, events[:1]) {
		t.Fatalf("after rewind: reset %v, events %v; want reset and only the status event", reset, ev)
	}
}

func TestRewindMetrics(t *testing.T) {
	dir := t.TempDir()
	w, _ := OpenMetrics(dir)
	events := sampleEvents()
	w.Write(events[0])
	w.Write(events[1])
	offset := w.Offset()
	for _, e := range events[2:] {
		w.Write(e)
	}
	w.Close()
	if err := rewindMetrics(dir, offset); err != nil {
		t.Fatal(err)
	}
	got, _ := ReadMetrics(dir)
	want := []Event{events[0], events[1], events[3], events[4]} // the epoch record after the offset is gone
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after rewind: %v, want %v", got, want)
	}
}

// TestReadMetricsMalformed: malformed complete lines anywhere in the file
// are skipped and reported by their byte offsets; the events around them
// are read; an incomplete last line is still left out without a report.
func TestReadMetricsMalformed(t *testing.T) {
	events := sampleEvents()
	var lines []string
	for _, e := range events {
		b, err := MarshalRecord(e)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b)+"\n")
	}
	tests := []struct {
		name     string
		file     []string // lines, joined as they are
		want     []Event
		badLines []int // indices into file of the lines reported
		describe string
	}{
		{"none", lines, events, nil, ""},
		{"one in the middle", []string{lines[0], lines[1], "garbage\n", lines[2]}, events[:3], []int{2}, "skipped 1 malformed line at byte offset "},
		{"cut short mid-file", []string{lines[0], lines[1][:20] + "\n", lines[2], lines[3]}, []Event{events[0], events[2], events[3]}, []int{1}, "skipped 1 malformed line at byte offset "},
		{"unknown type and bad field", []string{lines[0], `{"type":"nope"}` + "\n", lines[1], `{"type":"step","loss":"x"}` + "\n", lines[4]},
			[]Event{events[0], events[1], events[4]}, []int{1, 3}, "skipped 2 malformed lines at byte offsets "},
		{"blank lines", []string{"\n", lines[0], "  \n", lines[1]}, events[:2], nil, ""},
		{"incomplete last line", []string{lines[0], "garbage\n", lines[1], `{"type":"st`}, events[:2], []int{1}, "skipped 1 malformed line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			data := strings.Join(tt.file, "")
			if err := os.WriteFile(filepath.Join(dir, MetricsFile), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			var wantOffsets []int64
			for _, i := range tt.badLines {
				wantOffsets = append(wantOffsets, int64(len(strings.Join(tt.file[:i], ""))))
			}
			got, bad, err := ReadMetricsReport(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("events %v, want %v", got, tt.want)
			}
			var offsets []int64
			for _, b := range bad {
				offsets = append(offsets, b.Offset)
				if b.Err == nil {
					t.Errorf("line at %d: no reason", b.Offset)
				}
			}
			if !reflect.DeepEqual(offsets, wantOffsets) {
				t.Errorf("skipped lines at %v, want %v", offsets, wantOffsets)
			}
			if d := DescribeMalformed(bad); !strings.HasPrefix(d, tt.describe) || (tt.describe == "") != (d == "") {
				t.Errorf("DescribeMalformed = %q, want it to start with %q", d, tt.describe)
			}
			if len(wantOffsets) > 0 && !strings.HasSuffix(DescribeMalformed(bad), fmt.Sprint(wantOffsets[len(wantOffsets)-1])) {
				t.Errorf("DescribeMalformed = %q lacks the offset %d", DescribeMalformed(bad), wantOffsets[len(wantOffsets)-1])
			}
			if plain, err := ReadMetrics(dir); err != nil || !reflect.DeepEqual(plain, tt.want) {
				t.Errorf("ReadMetrics = %v, %v", plain, err)
			}

			// A follower reads past the bad lines, counts each once, and
			// sees what is appended after them.
			fl := NewMetricsFollower(dir)
			ev, _, err := fl.Poll()
			if err != nil || !reflect.DeepEqual(ev, tt.want) || len(fl.Skipped()) != len(wantOffsets) {
				t.Fatalf("follower: %v, %v, %d skipped; want %v, %d skipped", ev, err, len(fl.Skipped()), tt.want, len(wantOffsets))
			}
			if !strings.HasSuffix(data, "\n") {
				return // the incomplete line is still being written
			}
			w, err := OpenMetrics(dir)
			if err != nil {
				t.Fatal(err)
			}
			extra := StepEvent{Epoch: 9, Step: 99}
			w.Write(extra)
			w.Close()
			ev, _, err = fl.Poll()
			if err != nil || !reflect.DeepEqual(ev, []Event{extra}) || len(fl.Skipped()) != len(wantOffsets) {
				t.Errorf("follower after an append: %v, %v, %d skipped; want the new event, %d skipped", ev, err, len(fl.Skipped()), len(wantOffsets))
			}
		})
	}
	if d := DescribeMalformed(make([]MalformedLine, 7)); d != "skipped 7 malformed lines at byte offsets 0, 0, 0, 0, 0, ..." {
		t.Errorf("DescribeMalformed of 7 lines = %q", d)
	}
}
