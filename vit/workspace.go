package vit

import "gorgonia.org/tensor"

// blockActs holds one block's activations, kept from Forward for Backward.
// Blocks that Backward will not reach share one set, so evaluation and linear
// probing need the memory of a single block. The last block computes the
// class tokens only after attention: its rows marked N below are B, one per
// image, instead of M = B*T.
type blockActs struct {
	x     []float32 // block input, the residual stream [M, D]
	xc    []float32 // the last block's class-token rows of x [B, D]
	qkv   []float32 // [M, 3D], columns (q|k|v, head, head_dim)
	att   []float32 // softmax(q·kᵀ/√d) per (image, head) [B, H, T, T] (last block: [B, H, T])
	ao    []float32 // attention output before proj [N, D]
	xmid  []float32 // x + attn branch [N, D]
	fc1   []float32 // fc1 output before GELU [N, F]
	g     []float32 // GELU output after dropout [N, F], kept when fc2's weight trains (else nil)
	m     []float32 // MLP branch output, the sequential adapter's input [N, D]
	r     []float32 // adapter ReLU output after dropout [N, R]
	u     []float32 // adapter up_proj output before the scale [N, D]
	mean1 []float32 // norm1 statistics [M]
	rstd1 []float32
	mean2 []float32 // norm2 statistics [N]
	rstd2 []float32
}

// workspace holds every buffer of a forward and backward pass for batches of
// up to capacity images, reused from step to step.
type workspace struct {
	allocator
	capacity int
	shared   *blockActs
	sets     []*blockActs // per block; nil until a pass keeps that block

	patches []float32 // im2col of the input [M, C*P*P]; the class-token rows stay zero
	xout    []float32 // the last block's output, class tokens only [B, D]
	tmp     []float32 // forward scratch [M, D]
	ln      []float32 // a LayerNorm output [M, D], recomputed in Backward
	g       []float32 // GELU output after dropout [M, F], recomputed in Backward
	lnf     []float32 // norm(xout) [B, D]
	lnfMean []float32
	lnfRstd []float32
	keep    []float32 // per-image drop-path factors [B]
	logits  []float32 // [B, classes]
	bias    []float32 // a block's constant output bias [D]
	epi     *epilogues
	ops     *rowOps

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
	ones                    []float32 // [M] of 1: column sums as GEMMs
	onesPatch               []float32 // [M], 0 on class-token rows
	dots                    []float64 // per-chunk partial dot products
}

// allocator creates activation buffers as float32 Dense tensors, which it
// keeps (the model's activations are Dense values, like its parameters);
// the passes work on their backing slices.
type allocator struct {
	tensors []*tensor.Dense
}

// dense allocates a zeroed tensor of the given shape and returns its data.
func (al *allocator) dense(shape ...int) []float32 {
	n := 1
	for _, d := range shape {
		n *= d
	}
	t := newDense(make([]float32, n), shape...)
	al.tensors = append(al.tensors, t)
	return t.Data().([]float32)
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
	al := &allocator{}
	ws := &workspace{
		capacity: batch,
		sets:     make([]*blockActs, c.Depth),
		patches:  al.dense(M, K),
		xout:     al.dense(batch, D),
		tmp:      al.dense(M, D),
		ln:       al.dense(M, D),
		g:        al.dense(M, c.Hidden()),
		lnf:      al.dense(batch, D),
		lnfMean:  al.dense(batch),
		lnfRstd:  al.dense(batch),
		keep:     al.dense(batch),
		logits:   al.dense(batch, c.NumClasses),
		bias:     al.dense(D),
		epi:      newEpilogues(),
		ops:      &rowOps{pool: m.pool},
	}
	ws.allocator = *al
	m.ws = ws
	return ws
}

// acts returns the activation set block l writes in a pass that keeps the
// blocks from layer keepFrom up.
func (m *Model) acts(l, keepFrom int) *blockActs {
	ws := m.ws
	if l+1 < keepFrom {
		if ws.shared == nil {
			ws.shared = m.newBlockActs(ws.capacity, false) // fits the last block too
		}
		return ws.shared
	}
	if ws.sets[l] == nil {
		ws.sets[l] = m.newBlockActs(ws.capacity, l == m.cfg.Depth-1)
	}
	return ws.sets[l]
}

// newBlockActs allocates a block's activations; last sizes them for the
// last block, whose rows after attention are the class tokens only.
func (m *Model) newBlockActs(batch int, last bool) *blockActs {
	al := &m.ws.allocator
	c := m.cfg
	T := c.Tokens()
	M, D, F := batch*T, c.Dim, c.Hidden()
	N, queries := M, T
	if last {
		N, queries = batch, 1
	}
	a := &blockActs{
		x:     al.dense(M, D),
		xc:    al.dense(batch, D),
		qkv:   al.dense(M, 3, D),
		att:   al.dense(batch, c.Heads, queries, T),
		ao:    al.dense(N, D),
		xmid:  al.dense(N, D),
		fc1:   al.dense(N, F),
		mean1: al.dense(M),
		rstd1: al.dense(M),
		mean2: al.dense(N),
		rstd2: al.dense(N),
	}
	if ad := c.Adapter; ad.Enabled {
		a.r = al.dense(N, ad.Bottleneck)
		if ad.Placement == PlacementSequential {
			a.m = al.dense(N, D)
		}
		if ad.Learnable {
			a.u = al.dense(N, D)
		}
	}
	return a
}

// ensureBackward allocates the backward scratch.
func (ws *workspace) ensureBackward(c Config) {
	if ws.dx != nil {
		return
	}
	al := &ws.allocator
	T := c.Tokens()
	B := ws.capacity
	M, D := B*T, c.Dim
	ws.dx = al.dense(M, D)
	ws.dln = al.dense(M, D)
	ws.dao = al.dense(M, D)
	ws.dproj = al.dense(M, D)
	ws.dm = al.dense(M, D)
	ws.dqkv = al.dense(M, 3, D)
	ws.dh = al.dense(M, c.Hidden())
	if c.Adapter.Enabled {
		ws.dr = al.dense(M, c.Adapter.Bottleneck)
	}
	ws.datt = al.dense(B, c.Heads, T, T)
	ws.dlnf = al.dense(B, D)
	ws.dxcls = al.dense(B, D)
	ws.posSum = al.dense(T, D)
	ws.ones = al.dense(M)
	ws.onesPatch = al.dense(M)
	for r := range ws.ones {
		ws.ones[r] = 1
		if r%T != 0 {
			ws.onesPatch[r] = 1
		}
	}
	ws.dots = make([]float64, (M*D+dotChunk-1)/dotChunk)
}

// WorkspaceBytes reports the memory the model holds for activations and
// gradients of activations (0 before the first Forward). It grows with the
// largest batch seen and with the number of blocks Backward must reach.
func (m *Model) WorkspaceBytes() int {
	if m.ws == nil {
		return 0
	}
	n := 0
	for _, t := range m.ws.tensors {
		n += 4 * t.Shape().TotalSize()
	}
	return n + 8*len(m.ws.dots)
}
