package tui

import (
	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// queueEvent is one trainer event of one run, as the queue relays it.
type queueEvent = experiments.QueueEvent

// Queue is what the dashboard asks of an experiments.Queue: it launches,
// pauses, resumes, stops and re-freezes runs, and relays their events. The
// dashboard never trains anything itself. *experiments.Queue is one; tests
// use a fake.
type Queue interface {
	Submit(r experiments.Recipe) ([]string, error)
	SubmitConfig(name string, cfg trainer.Config) (string, error)
	Events() <-chan queueEvent
	Pause(id string) error
	Resume(id string) error
	Stop(id string) error
	Cancel(id string) error
	SetMode(id string, mode string) error
	Live(id string) bool
	Shutdown() error
}

// The queue the dashboard uses in the program.
var _ Queue = (*experiments.Queue)(nil)
