package vit

import "fmt"

// MemoryEstimate is about how much memory a model needs, in bytes: enough
// to refuse a configuration that cannot fit before allocating it (a Go
// program that runs out of memory dies with a stack trace), not an exact
// account.
type MemoryEstimate struct {
	Params      int64 // values and gradients, plus an optimizer's two buffers when training
	Activations int64 // what a pass keeps: every block's activations and the backward scratch when training
}

// Total is Params + Activations.
func (e MemoryEstimate) Total() int64 { return e.Params + e.Activations }

// EstimateMemory estimates what a model of cfg needs for passes over batch
// images, training (forward and backward) or only evaluating.
func EstimateMemory(cfg Config, batch int, train bool) (MemoryEstimate, error) {
	m, err := build(cfg, 0, true)
	if err != nil {
		return MemoryEstimate{}, err
	}
	c := m.cfg
	var params int64
	for _, p := range m.params {
		params += int64(p.size)
	}
	copies := int64(2) // values and gradients
	if train {
		copies += 2 // momentum, or Adam's two moments
	}
	D, F, H, T := int64(c.Dim), int64(c.Hidden()), int64(c.Heads), int64(c.Tokens())
	R := int64(0)
	if c.Adapter.Enabled {
		R = int64(c.Adapter.Bottleneck)
	}
	K := int64(c.InChans * c.PatchSize * c.PatchSize)
	M := int64(batch) * T
	// Floats per token: one block's activations (blockActs), the shared
	// buffers, and in training the backward scratch and a set per block.
	block := 8*D + 2*F + H*T + R
	perToken := K + 3*D + F + block
	if train {
		perToken += int64(c.Depth-1)*block + 8*D + F + R + H*T
	}
	return MemoryEstimate{Params: 4 * copies * params, Activations: 4 * M * perToken}, nil
}

// CheckMemory returns an error when the estimate for cfg and batch exceeds
// the machine's memory (total bytes; 0 when unknown skips the check).
func CheckMemory(cfg Config, batch int, train bool, total uint64) error {
	if total == 0 {
		return nil
	}
	e, err := EstimateMemory(cfg, batch, train)
	if err != nil {
		return err
	}
	if e.Total() <= int64(total) {
		return nil
	}
	what := "to evaluate"
	if train {
		what = "to train"
	}
	return fmt.Errorf("the model needs about %s %s batches of %d (parameters %s, activations %s), more than this machine's %s of memory",
		gib(e.Total()), what, batch, gib(e.Params), gib(e.Activations), gib(int64(total)))
}

func gib(n int64) string { return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30)) }
