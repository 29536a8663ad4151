package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/adaptformer/adaptformer/experiments"
	"github.com/adaptformer/adaptformer/trainer"
)

// BenchmarkChartRender draws a 10,000-step loss curve with its smoothed
// version at 80x20: the cost of one redraw of the run view's loss chart.
func BenchmarkChartRender(b *testing.B) {
	st := NewStyles(lipgloss.NewRenderer(nil), false)
	xs := make([]float64, 10000)
	ys := make([]float64, 10000)
	for i := range xs {
		xs[i], ys[i] = float64(i+1), 2.3/float64(1+i/100)+0.1*wiggle(i)
	}
	c := Chart{Title: "loss", Axis: st.Axis, Label: st.Label}
	c.SetSize(80, 20)
	c.SetSmoothing(0.6)
	series := []Series{{X: xs, Y: ys, Style: st.Series(0), Faint: st.Faint(0), Smooth: true}}
	b.ReportAllocs()
	for b.Loop() {
		c.SetSeries(series)
		_ = c.View()
	}
}

// BenchmarkApplyBatch applies a batch of 1,000 step events, as the queue
// relay delivers them while training runs flat out.
func BenchmarkApplyBatch(b *testing.B) {
	batch := make([]experiments.QueueEvent, 1000)
	for i := range batch {
		batch[i] = experiments.QueueEvent{RunID: "r", Event: trainer.StepEvent{Step: i + 1, Loss: 1, LR: 0.01, ImagesPerSec: 1000}}
	}
	b.ReportAllocs()
	for b.Loop() {
		m := New(Options{Store: nil, NoResumePrompt: true})
		m.Update(queueEventsMsg{events: batch})
	}
}

// BenchmarkRunsTable renders the runs table of 200 runs at 140x40.
func BenchmarkRunsTable(b *testing.B) {
	m := New(Options{NoResumePrompt: true})
	m.Update(queueEventsMsg{})
	for i := range 200 {
		id := fmt.Sprintf("run-%03d", i)
		m.applyEvent(id, trainer.StatusEvent{Status: trainer.StatusFinished})
	}
	m.width, m.height = 140, 40
	b.ReportAllocs()
	for b.Loop() {
		_ = m.runsView(140, 37)
	}
}
