package vit

import (
	"fmt"
	"strings"
)

// MemoryEstimate is about how much memory a model needs, in bytes: enough
// to refuse a configuration that cannot fit before allocating it (a Go
// program that runs out of memory dies with a stack trace), not an exact
// account.
type MemoryEstimate struct {
	Params      int64 // values and gradients, and the optimizer's buffers of the trainable ones
	Activations int64 // what a training step keeps for its backward pass, and its scratch
}

// Total is Params + Activations.
func (e MemoryEstimate) Total() int64 { return e.Params + e.Activations }

// EstimateMemory estimates what a model of cfg, trained as spec says with
// an optimizer that keeps optBuffers floats per trainable parameter (SGD
// with momentum 1, AdamW 2), needs for training steps over batch images.
// It follows what Forward keeps: every block from the lowest trainable
// layer up, and the GELU output only where fc2's weight trains.
func EstimateMemory(cfg Config, spec FreezeSpec, batch, optBuffers int) (MemoryEstimate, error) {
	m, err := build(cfg, 0, true)
	if err != nil {
		return MemoryEstimate{}, err
	}
	if err := m.Freeze(spec); err != nil {
		return MemoryEstimate{}, err
	}
	c := m.cfg
	var total, trainable int64
	fc2Trains := false
	for _, p := range m.params {
		total += int64(p.size)
		if p.Trainable {
			trainable += int64(p.size)
			fc2Trains = fc2Trains || strings.HasSuffix(p.Name, ".mlp.fc2.weight")
		}
	}
	D, F, H, T := int64(c.Dim), int64(c.Hidden()), int64(c.Heads), int64(c.Tokens())
	R := int64(0)
	if c.Adapter.Enabled {
		R = int64(c.Adapter.Bottleneck)
	}
	K := int64(c.InChans * c.PatchSize * c.PatchSize)
	// Floats per token (see workspace): the buffers every pass shares, a
	// block's activations (blockActs) for each kept block and one set the
	// others share, and the backward scratch.
	block := 8*D + F + H*T + R
	if fc2Trains {
		block += F
	}
	kept := int64(min(c.Depth, max(0, c.Depth-max(m.lowestTrainableLayer(), 1)+1)))
	perToken := K + 2*D + F + 8*D + F + R + H*T
	if kept > 0 {
		// The last block keeps its input and keys and values per token,
		// the rest for the class token alone.
		perToken += (kept-1)*block + 4*D
	}
	if kept < int64(c.Depth) {
		perToken += block
	}
	M := int64(batch) * T
	return MemoryEstimate{
		Params:      4 * (2*total + int64(optBuffers)*trainable),
		Activations: 4 * M * perToken,
	}, nil
}

// CheckMemory returns an error when EstimateMemory's total exceeds the
// machine's memory (total bytes; 0, unknown, skips the check).
func CheckMemory(cfg Config, spec FreezeSpec, batch, optBuffers int, total uint64) error {
	if total == 0 {
		return nil
	}
	e, err := EstimateMemory(cfg, spec, batch, optBuffers)
	if err != nil {
		return err
	}
	if e.Total() <= int64(total) {
		return nil
	}
	return fmt.Errorf("the model needs about %s to train batches of %d (parameters %s, activations %s), more than this machine's %s of memory",
		gib(e.Total()), batch, gib(e.Params), gib(e.Activations), gib(int64(total)))
}

func gib(n int64) string { return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30)) }
