package trainer

import (
	"testing"
	"time"
)

// A consumer that falls behind loses no epoch or status event and sees the
// last step; steps in between may be merged.
func TestEventQueueSlowConsumer(t *testing.T) {
	var q eventQueue
	q.init()
	for i := 1; i <= 1000; i++ {
		q.push(StepEvent{Step: i})
		if i%100 == 0 {
			q.push(EpochEvent{Epoch: i / 100, Step: i})
		}
	}
	q.push(StatusEvent{Status: StatusFinished})
	q.close()

	var epochs, steps int
	var last Event
	for e := range q.channel() {
		time.Sleep(10 * time.Microsecond)
		switch e := e.(type) {
		case EpochEvent:
			epochs++
			if e.Epoch != epochs {
				t.Fatalf("epoch %d arrived as number %d", e.Epoch, epochs)
			}
		case StepEvent:
			steps++
		}
		last = e
	}
	if epochs != 10 {
		t.Errorf("%d epoch events, want 10", epochs)
	}
	if steps == 0 || steps > 20 {
		t.Errorf("%d step events: want them coalesced to at most one per gap", steps)
	}
	if s, ok := last.(StatusEvent); !ok || s.Status != StatusFinished {
		t.Errorf("last event %v, want the finished status", last)
	}
}
