package vit

import "gorgonia.org/tensor"

// blockActs holds one block's activations, kept from Forward for Backward.
// Blocks that Backward will not reach share one set, so evaluation and linear
// probing need the memory of a single block.
type blockActs struct {
	x     []float32 // block input, the residual stream [M, D]
	qkv   []float32 // [M, 3D], columns (q|k|v, head, head_dim)
	att   []float32 // softmax(q·kᵀ/√d) per (image, head) [B, H, T, T]
	ao    []float32 // attention output before proj [M, D]
	xmid  []float32 // x + attn branch [M, D]
	fc1   []float32 // fc1 output before GELU [M, F]
	m     []float32 // MLP branch output, the sequential adapter's input [M, D]
	r     []float32 // adapter ReLU output after dropout [M, R]
	u     []float32 // adapter up_proj output before the scale [M, D]
	mean1 []float32 // norm1 statistics [M]
	rstd1 []float32
	mean2 []float32 // norm2 statistics [M]
	rstd2 []float32
}

// workspace holds every buffer of a forward and backward pass for batches of
// up to capacity images, reused from step to step.
type workspace struct {
	capacity int
	shared   *blockActs
	sets     []*blockActs // per block; nil until a pass keeps that block

	patches []float32 // im2col of the input [M, C*P*P]; the class-token rows stay zero
	xout    []float32 // the last block's output [M, D]
	tmp     []float32 // forward scratch [M, D]
	ln      []float32 // a LayerNorm output [M, D], recomputed in Backward
	g       []float32 // GELU output after dropout [M, F], recomputed in Backward
	lnfIn   []float32 // class-token rows of xout [B, D]
	lnf     []float32 // norm(lnfIn) [B, D]
	lnfMean []float32
	lnfRstd []float32
	keep    []float32 // per-image drop-path factors [B]
	logits  []float32 // [B, classes]
	bias    []float32 // a block's constant output bias [D]

	logitsT     *tensor.Dense
	logitsBatch int

	// Backward scratch, allocated on the first Backward.
	dx, dln, dao, dproj, dm []float32 // [M, D]
	dqkv                    []float32 // [M, 3D]
	dh                      []float32 // [M, F]
	dr                      []float32 // [M, R]
	datt                    []float32 // [B, H, T, T]
	dlnf, dxcls             []float32 // [B, D]
	posSum                  []float32 // Σ over images of dL/dx0 [T, D]
	lnPartial               []float32 // LayerNorm weight-gradient partial sums
	ones                    []float32 // [M] of 1: column sums as GEMMs
	onesPatch               []float32 // [M], 0 on class-token rows
	dots                    []float64 // per-chunk partial dot products
}

// workspaceFor returns a workspace that fits batch images, allocating a new
// one when the batch outgrows the current one.
func (m *Model) workspaceFor(batch int) *workspace {
	if m.ws != nil && m.ws.capacity >= batch {
		return m.ws
	}
	c := m.cfg
	M := batch * c.Tokens()
	D := c.Dim
	K := c.InChans * c.PatchSize * c.PatchSize
	ws := &workspace{
		capacity: batch,
		sets:     make([]*blockActs, c.Depth),
		patches:  make([]float32, M*K),
		xout:     make([]float32, M*D),
		tmp:      make([]float32, M*D),
		ln:       make([]float32, M*D),
		g:        make([]float32, M*c.Hidden()),
		lnfIn:    make([]float32, batch*D),
		lnf:      make([]float32, batch*D),
		lnfMean:  make([]float32, batch),
		lnfRstd:  make([]float32, batch),
		keep:     make([]float32, batch),
		logits:   make([]float32, batch*c.NumClasses),
		bias:     make([]float32, D),
	}
	m.ws = ws
	return ws
}

// acts returns the activation set block l writes in a pass that keeps the
// blocks from layer keepFrom up.
func (m *Model) acts(l, keepFrom int) *blockActs {
	ws := m.ws
	if l+1 < keepFrom {
		if ws.shared == nil {
			ws.shared = m.newBlockActs(ws.capacity)
		}
		return ws.shared
	}
	if ws.sets[l] == nil {
		ws.sets[l] = m.newBlockActs(ws.capacity)
	}
	return ws.sets[l]
}

func (m *Model) newBlockActs(batch int) *blockActs {
	c := m.cfg
	T := c.Tokens()
	M, D, F := batch*T, c.Dim, c.Hidden()
	a := &blockActs{
		x:     make([]float32, M*D),
		qkv:   make([]float32, M*3*D),
		att:   make([]float32, batch*c.Heads*T*T),
		ao:    make([]float32, M*D),
		xmid:  make([]float32, M*D),
		fc1:   make([]float32, M*F),
		mean1: make([]float32, M),
		rstd1: make([]float32, M),
		mean2: make([]float32, M),
		rstd2: make([]float32, M),
	}
	if ad := c.Adapter; ad.Enabled {
		a.r = make([]float32, M*ad.Bottleneck)
		if ad.Placement == PlacementSequential {
			a.m = make([]float32, M*D)
		}
		if ad.Learnable {
			a.u = make([]float32, M*D)
		}
	}
	return a
}

// ensureBackward allocates the backward scratch.
func (ws *workspace) ensureBackward(c Config) {
	if ws.dx != nil {
		return
	}
	T := c.Tokens()
	B := ws.capacity
	M, D := B*T, c.Dim
	ws.dx = make([]float32, M*D)
	ws.dln = make([]float32, M*D)
	ws.dao = make([]float32, M*D)
	ws.dproj = make([]float32, M*D)
	ws.dm = make([]float32, M*D)
	ws.dqkv = make([]float32, M*3*D)
	ws.dh = make([]float32, M*c.Hidden())
	if c.Adapter.Enabled {
		ws.dr = make([]float32, M*c.Adapter.Bottleneck)
	}
	ws.datt = make([]float32, B*c.Heads*T*T)
	ws.dlnf = make([]float32, B*D)
	ws.dxcls = make([]float32, B*D)
	ws.posSum = make([]float32, T*D)
	ws.lnPartial = make([]float32, 2*D*((M+lnChunk-1)/lnChunk))
	ws.ones = make([]float32, M)
	ws.onesPatch = make([]float32, M)
	for r := range ws.ones {
		ws.ones[r] = 1
		if r%T != 0 {
			ws.onesPatch[r] = 1
		}
	}
	ws.dots = make([]float64, (M*D+dotChunk-1)/dotChunk)
}
