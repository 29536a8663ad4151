package trainer

import (
	"os"
	"path/filepath"
	"reflect"
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

	// A complete but malformed line is an error naming where it is.
	os.WriteFile(path, []byte("{\"type\":\"status\",\"status\":\"running\"}\ngarbage\n"), 0o644)
	if _, err := ReadMetrics(dir); err == nil {
		t.Error("ReadMetrics accepted a malformed line")
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
