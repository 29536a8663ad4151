package trainer

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/adaptformer/adaptformer/vit"
)

func TestEMADecayAt(t *testing.T) {
	tests := []struct {
		decay  float64
		warmup bool
		n      int
		want   float64
	}{
		{0.9998, false, 0, 0.9998},
		{0.9998, false, 100000, 0.9998},
		{0.9998, true, 0, 0.1},        // (1+0)/(10+0)
		{0.9998, true, 1, 2.0 / 11},   // (1+1)/(10+1)
		{0.9998, true, 990, 0.991},    // 991/1000
		{0.9998, true, 44990, 0.9998}, // 44991/45000 = 0.9998
		{0.9998, true, 1e6, 0.9998},
		{0.5, true, 0, 0.1},
		{0.5, true, 8, 0.5}, // 9/18 = 0.5, capped from there on
		{0.5, true, 100, 0.5},
	}
	for _, tt := range tests {
		e := &EMA{Decay: tt.decay, Warmup: tt.warmup}
		if got := e.DecayAt(tt.n); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("decay %v warmup %v: DecayAt(%d) = %v, want %v", tt.decay, tt.warmup, tt.n, got, tt.want)
		}
	}
}

// Hand-computed: a value of 1, then 2 and 3 after two steps.
func TestEMAHandComputed(t *testing.T) {
	tests := []struct {
		decay  float64
		warmup bool
		want   [2]float64
	}{
		{0.5, false, [2]float64{1.5, 2.25}},    // 0.5*1 + 0.5*2; 0.5*1.5 + 0.5*3
		{0.9998, true, [2]float64{1.9, 2.8}},   // 0.1*1 + 0.9*2; 2/11*1.9 + 9/11*3
		{0.05, true, [2]float64{1.95, 2.9475}}, // capped at 0.05 from the start: 0.05*1 + 0.95*2; 0.05*1.95 + 0.95*3
	}
	for _, tt := range tests {
		p := OptParam{Name: "w", Value: []float32{1}}
		e := NewEMA([]OptParam{p}, tt.decay, tt.warmup)
		for i, w := range []float32{2, 3} {
			p.Value[0] = w
			e.Update()
			if got := float64(e.Average(0)[0]); math.Abs(got-tt.want[i]) > 1e-6 {
				t.Errorf("decay %v warmup %v: after update %d the average is %v, want %v", tt.decay, tt.warmup, i+1, got, tt.want[i])
			}
		}
	}
}

// emaParams is two parameters, one longer than a chunk (so the update is
// split over chunks and threads), with values that change every step.
func emaParams() []OptParam {
	ps := []OptParam{
		{Name: "a", Value: make([]float32, 3)},
		{Name: "b", Value: make([]float32, chunkSize*2+17)},
	}
	for i, p := range ps {
		for j := range p.Value {
			p.Value[j] = float32(math.Sin(float64(7*i + j)))
		}
	}
	return ps
}

// perturb changes the values as an optimizer step would, the same way
// for every copy.
func perturb(ps []OptParam, step int) {
	for _, p := range ps {
		for j := range p.Value {
			p.Value[j] += float32(math.Cos(float64(step*31+j))) * 0.01
		}
	}
}

// The update is ema = d*ema + (1-d)*w with each factor rounded to float32,
// as timm's ModelEmaV2 computes it in PyTorch, value by value, starting
// from the values at creation; the result is the same for any number of
// threads.
func TestEMAUpdate(t *testing.T) {
	for _, warmup := range []bool{false, true} {
		t.Run(fmt.Sprint("warmup=", warmup), func(t *testing.T) {
			ref := emaParams()
			want := make([][]float32, len(ref))
			for i, p := range ref {
				want[i] = slices.Clone(p.Value)
			}
			var emas []*EMA
			var params [][]OptParam
			for _, threads := range []int{1, 2, 5} {
				ps := emaParams()
				e := NewEMA(ps, 0.9, warmup)
				e.Threads = threads
				emas, params = append(emas, e), append(params, ps)
			}
			for step := range 12 {
				d := 0.9
				if warmup {
					d = min(0.9, float64(1+step)/float64(10+step))
				}
				perturb(ref, step)
				for i, p := range ref {
					for j, w := range p.Value {
						want[i][j] = float32(d)*want[i][j] + float32(1-d)*w
					}
				}
				for k, e := range emas {
					perturb(params[k], step)
					e.Update()
				}
			}
			for k, e := range emas {
				if e.Updates() != 12 {
					t.Errorf("threads %d: Updates() = %d, want 12", e.Threads, e.Updates())
				}
				for i := range want {
					if !slices.Equal(e.Average(i), want[i]) {
						t.Errorf("threads %d: average of %s differs from the reference", e.Threads, params[k][i].Name)
					}
				}
			}
		})
	}
}

// Swap exchanges values and averages; twice, it leaves both bit-identical.
func TestEMASwap(t *testing.T) {
	ps := emaParams()
	e := NewEMA(ps, 0.99, true)
	perturb(ps, 1)
	e.Update()
	perturb(ps, 2)
	values := [][]float32{slices.Clone(ps[0].Value), slices.Clone(ps[1].Value)}
	averages := [][]float32{slices.Clone(e.Average(0)), slices.Clone(e.Average(1))}
	e.Swap()
	for i := range ps {
		if !slices.Equal(ps[i].Value, averages[i]) || !slices.Equal(e.Average(i), values[i]) {
			t.Fatalf("after Swap, %s does not hold the average (and the average the value)", ps[i].Name)
		}
	}
	e.Swap()
	for i := range ps {
		if !slices.Equal(ps[i].Value, values[i]) || !slices.Equal(e.Average(i), averages[i]) {
			t.Fatalf("after two Swaps, %s is not as before", ps[i].Name)
		}
	}
}

// Update and Swap allocate nothing: they run every step.
func TestEMAAllocatesNothing(t *testing.T) {
	ps := emaParams()
	e := NewEMA(ps, 0.999, true)
	e.Threads = 2
	e.Update() // builds the chunk list and the thread pool once
	if n := testing.AllocsPerRun(20, e.Update); n != 0 {
		t.Errorf("Update allocates %v times per call, want 0", n)
	}
	if n := testing.AllocsPerRun(20, e.Swap); n != 0 {
		t.Errorf("Swap allocates %v times per call, want 0", n)
	}
}

func TestEMASetState(t *testing.T) {
	ps := emaParams()
	src := NewEMA(ps, 0.9, true)
	perturb(ps, 0)
	src.Update()
	state, n := src.State()

	dst := NewEMA(emaParams(), 0.9, true)
	if err := dst.SetState(state, n); err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		if !slices.Equal(dst.Average(i), src.Average(i)) {
			t.Errorf("%s: the restored average differs", ps[i].Name)
		}
	}
	if dst.Updates() != 1 {
		t.Errorf("Updates() = %d after SetState, want 1", dst.Updates())
	}

	tests := []struct {
		name string
		edit func(map[string][]float32)
		want string
	}{
		{"missing", func(m map[string][]float32) { delete(m, "a") }, "no average for trainable parameter a"},
		{"short", func(m map[string][]float32) { m["b"] = m["b"][:5] }, "the average of b has 5 values, the parameter 65553"},
		{"extra", func(m map[string][]float32) { m["c"] = []float32{1} }, "c belongs to no trainable parameter"},
	}
	for _, tt := range tests {
		m := map[string][]float32{}
		for k, v := range state {
			m[k] = v
		}
		tt.edit(m)
		err := NewEMA(emaParams(), 0.9, true).SetState(m, 1)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: SetState = %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

// BenchmarkEMAUpdate is the cost of one step's EMA update of the tiny
// preset in full mode (every parameter), on all cores.
func BenchmarkEMAUpdate(b *testing.B) {
	mc, err := vit.Preset("tiny")
	if err != nil {
		b.Fatal(err)
	}
	m, err := vit.New(mc, 1)
	if err != nil {
		b.Fatal(err)
	}
	var ps []OptParam
	total := 0
	for _, p := range m.Params() {
		ps = append(ps, OptParam{Name: p.Name, Value: p.Data(), Grad: p.GradData()})
		total += p.Size()
	}
	e := NewEMA(ps, 0.9998, true)
	b.SetBytes(int64(8 * total)) // reads values and averages, writes averages
	for b.Loop() {
		e.Update()
	}
	b.ReportMetric(float64(total), "params")
}

// An epoch record of a run without EMA (every metrics.jsonl written before
// it existed) decodes without one and writes none; one with EMA round-trips.
func TestEpochRecordEMAFields(t *testing.T) {
	old := `{"type":"epoch","time":"2026-11-26T20:02:35Z","epoch":1,"step":39,"train_loss":2.1,"train_top1":0.2,"eval_loss":1.9,"eval_top1":0.3,"eval_top5":0.7,"lr":0.01,"seconds":12}`
	e, err := UnmarshalRecord([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	ep := e.(EpochEvent)
	if ep.HasEMA() || ep.EvalTop1 != 0.3 {
		t.Errorf("old record: %+v, HasEMA %v", ep, ep.HasEMA())
	}
	b, err := MarshalRecord(ep)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "ema") {
		t.Errorf("a record without EMA writes %s", b)
	}

	for _, ema := range []EpochEvent{
		{Epoch: 2, EvalLoss: 1.5, EMAEvalLoss: 1.4, EMAEvalTop1: 0.41, EMAEvalTop5: 0.8},
		{Epoch: 3, EMAEvalTop5: 1}, // every image right: a loss that rounded to 0
	} {
		b, err := MarshalRecord(ema)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalRecord(b)
		if err != nil {
			t.Fatal(err)
		}
		if back != ema || !back.(EpochEvent).HasEMA() {
			t.Errorf("round trip of %s: %+v", b, back)
		}
	}
}
