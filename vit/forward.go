package vit

import (
	"math"

	"gorgonia.org/tensor"

	"github.com/adaptformer/adaptformer/vit/kernels"
)

// Forward runs a batch x [B, C, H, W] and returns the logits [B, classes].
// The logits tensor is owned by the model and valid until the next Forward.
// Forward keeps the activations that Backward needs: those of every layer
// from the lowest trainable one up.
func (m *Model) Forward(x *tensor.Dense) (*tensor.Dense, error) {
	return m.forward(x, m.training, m.lowestTrainableLayer())
}

// Infer is the forward pass for evaluation (torch.no_grad() with eval() in
// PyTorch): no dropout whatever the mode, and no block's activations kept
// for Backward, which reports an error after it unless only the head
// trains. Every block then works in the same buffers, which saves memory,
// and GELU overwrites fc1's output in place, which saves a pass over
// memory. Its logits equal those of Forward in evaluation mode, bit for
// bit.
func (m *Model) Infer(x *tensor.Dense) (*tensor.Dense, error) {
	return m.forward(x, false, m.cfg.Depth+1)
}

// forward runs the model, in training mode (dropout) when train is set,
// keeping the activations of the blocks from keepFrom up for Backward.
func (m *Model) forward(x *tensor.Dense, train bool, keepFrom int) (*tensor.Dense, error) {
	input, B, err := m.checkInput(x)
	if err != nil {
		return nil, err
	}
	c := m.cfg
	T, D, C := c.Tokens(), c.Dim, c.NumClasses
	M := B * T
	ws := m.workspaceFor(B)
	pool := m.pool
	state := m.rng
	if train {
		m.rng = splitmix64(m.rng)
	}

	// Patch embedding, class token and position embedding: each token row
	// starts as its bias (or the class token) plus its position, and one GEMM
	// over the im2col patches adds the convolution. The class-token rows of
	// the patch matrix are zero, so the GEMM leaves them alone.
	x0 := m.acts(0, keepFrom).x
	m.im2col(ws.patches, input, B)
	ws.ops.jobs.embed = embedJob{x0: x0, cls: m.cls.value, pos: m.pos.value, bias: m.patchB.value, tokens: T, dim: D}
	pool.ParallelRange(M, rowGrain, &ws.ops.jobs.embed)
	K := c.InChans * c.PatchSize * c.PatchSize
	pool.Sgemm(false, true, M, D, K, 1, ws.patches, K, m.patchW.value, K, 1, x0, D)
	if train && c.DropRate > 0 {
		ws.ops.dropout(x0, M, D, dropKey(state, 0, sitePos), c.DropRate)
	}

	for l, blk := range m.blocks {
		out := ws.xout
		if l+1 < c.Depth {
			out = m.acts(l+1, keepFrom).x
		}
		m.blockForward(blk, m.acts(l, keepFrom), out, B, train, state)
	}

	// Final norm and head, on the class tokens (the last block computed
	// only those).
	ws.ops.layerNormForward(ws.lnf, ws.lnfMean, ws.lnfRstd, ws.xout, m.normW.value, m.normB.value, B, D, c.LNEps)
	m.linear(ws.logits, ws.lnf, B, D, C, m.headW, m.headB)

	m.last = forwardState{valid: true, batch: B, keepFrom: keepFrom, training: train, rng: state, freezeGen: m.freezeGen}
	if ws.logitsT == nil || ws.logitsBatch != B {
		ws.logitsT = newDense(ws.logits[:B*C], B, C)
		ws.logitsBatch = B
	}
	return ws.logitsT, nil
}

// embedJob starts each token row of x0 as its bias (or, for the class
// token, the class token) plus its position embedding.
type embedJob struct {
	x0, cls, pos, bias []float32
	tokens, dim        int
}

func (j *embedJob) Range(lo, hi int) {
	D := j.dim
	for r := lo; r < hi; r++ {
		t := r % j.tokens
		row, p := j.x0[r*D:r*D+D], j.pos[t*D:t*D+D]
		src := j.bias
		if t == 0 {
			src = j.cls
		}
		for i := range row {
			row[i] = src[i] + p[i]
		}
	}
}

// im2col writes each image's patches as rows (b*T + 1 + patch) of dst, with
// columns in the conv weight's (channel, row, column) order.
func (m *Model) im2col(dst, src []float32, B int) {
	m.ws.ops.jobs.im2col = im2colJob{dst: dst, src: src, cfg: m.cfg}
	m.pool.ParallelRange(B, 1, &m.ws.ops.jobs.im2col)
}

// im2colJob is im2col over a range of images.
type im2colJob struct {
	dst, src []float32
	cfg      Config
}

func (j *im2colJob) Range(lo, hi int) {
	c := j.cfg
	P, G, S, C := c.PatchSize, c.Grid(), c.ImageSize, c.InChans
	T, K := c.Tokens(), C*P*P
	for b := lo; b < hi; b++ {
		img := j.src[b*C*S*S : (b+1)*C*S*S]
		for gy := 0; gy < G; gy++ {
			for gx := 0; gx < G; gx++ {
				row := j.dst[(b*T+1+gy*G+gx)*K:]
				for ch := 0; ch < C; ch++ {
					for ky := 0; ky < P; ky++ {
						o := (ch*S+gy*P+ky)*S + gx*P
						copy(row[(ch*P+ky)*P:(ch*P+ky)*P+P], img[o:o+P])
					}
				}
			}
		}
	}
}

// linear computes out = in·wᵀ + b for rows x inDim input and an
// [outDim, inDim] weight; b may be nil.
func (m *Model) linear(out, in []float32, rows, inDim, outDim int, w, b *Param) {
	var bias []float32
	if b != nil {
		bias = b.value
	}
	m.pool.SgemmBias(false, true, rows, outDim, inDim, 1, in, inDim, w.value, inDim, 0, out, outDim, bias)
}

// blockForward runs one transformer block from a.x into out:
//
//	xmid = x + proj(MHSA(norm1(x)))
//	out  = xmid + fc2(gelu(fc1(norm2(xmid)))) + up(relu(down(in))) * scale
//
// where in is x (official), norm2(xmid) (reproduction) or, in sequential
// placement, the MLP output. out may alias a.x.
//
// Only the class tokens of the last block's output reach the head, so the
// last block computes everything after its keys and values for those rows
// alone: its xmid, MLP and adapter activations and its out are [B, D]
// ("compact", one row per image), an exact saving of most of a block.
func (m *Model) blockForward(blk *block, a *blockActs, out []float32, B int, train bool, state uint64) {
	c := m.cfg
	pool := m.pool
	T, D, F := c.Tokens(), c.Dim, c.Hidden()
	M := B * T
	ws := m.ws
	l := blk.index
	drop := train && c.DropRate > 0
	dropPath := train && blk.dropPath > 0

	// Attention branch. The LayerNorm outputs live in shared scratch;
	// Backward recomputes them bit for bit from the kept inputs, which saves
	// memory at the cost of a cheap pass. (The GELU output is kept when
	// fc2's weight trains: see below.)
	ws.ops.layerNormForward(ws.ln, a.mean1, a.rstd1, a.x, blk.norm1W.value, blk.norm1B.value, M, D, c.LNEps)
	xres, tok := a.x, T // the residual stream and its tokens per image
	if l == c.Depth-1 {
		m.qkvForwardCLS(blk, a, B)
		m.attentionForward(a, B, 1)
		for b := 0; b < B; b++ {
			copy(a.xc[b*D:b*D+D], a.x[b*T*D:b*T*D+D])
		}
		xres, tok = a.xc, 1
	} else {
		m.linear(a.qkv, ws.ln, M, D, 3*D, blk.qkvW, blk.qkvB)
		m.attentionForward(a, B, T)
	}
	rows := B * tok
	if !drop && !dropPath {
		pool.SgemmBiasThen(false, true, rows, D, D, 1, a.ao, D, blk.projW.value, D, 0, a.xmid, D, blk.projB.value,
			ws.epi.plus(a.xmid, xres, D))
	} else {
		m.linear(ws.tmp, a.ao, rows, D, D, blk.projW, blk.projB)
		if drop {
			ws.ops.dropout(ws.tmp, rows, D, dropKey(state, l, siteProj), c.DropRate)
		}
		if dropPath {
			dropPathScales(ws.keep[:B], dropKey(state, l, siteDropPathAttn), blk.dropPath)
			ws.ops.scaleRowsByImage(ws.tmp, ws.keep[:B], tok, D)
		}
		ws.ops.addRows(a.xmid, xres, ws.tmp, nil, rows, D)
	}
	// MLP branch.
	ws.ops.layerNormForward(ws.ln, a.mean2, a.rstd2, a.xmid, blk.norm2W.value, blk.norm2B.value, rows, D, c.LNEps)
	// GELU runs on each block of fc1's output as the GEMM finishes it, in
	// place when Backward will not need fc1: writing a second [rows, F]
	// array costs a read of each of its lines from memory first. When fc2's
	// weight gradient will need it, the block keeps it: recomputing it in
	// Backward took a pass over two such arrays, for memory PyTorch spends
	// too.
	g := ws.g
	switch {
	case a == ws.shared:
		g = a.fc1
	case blk.fc2W.Trainable:
		if a.g == nil {
			a.g = ws.allocator.dense(len(a.fc1)/F, F)
		}
		g = a.g
	}
	pool.SgemmBiasThen(false, true, rows, F, D, 1, ws.ln, D, blk.fc1W.value, D, 0, a.fc1, F, blk.fc1B.value,
		ws.epi.geluOf(g, a.fc1, F))
	if drop {
		ws.ops.dropout(g, rows, F, dropKey(state, l, siteGelu), c.DropRate)
	}

	ad := c.Adapter
	s := m.adapterScale(blk)
	// Without masks on the MLP output, fc2 accumulates straight into out; a
	// scale that needs no gradient folds into the up projection's GEMM.
	sequential := ad.Enabled && ad.Placement == PlacementSequential
	foldMLP := !drop && !dropPath && !sequential
	foldUp := ad.Enabled && (blk.scale == nil || !blk.scale.Trainable)
	cvec := m.residualBias(blk, foldMLP, foldUp, s)
	if foldMLP {
		pool.SgemmBiasThen(false, true, rows, D, F, 1, g, F, blk.fc2W.value, F, 0, out, D, cvec,
			ws.epi.plus(out, a.xmid, D))
	} else {
		mo := ws.tmp
		if sequential {
			mo = a.m
		}
		m.linear(mo, g, rows, F, D, blk.fc2W, blk.fc2B)
		if drop {
			ws.ops.dropout(mo, rows, D, dropKey(state, l, siteMLP), c.DropRate)
		}
		if dropPath {
			dropPathScales(ws.keep[:B], dropKey(state, l, siteDropPathMLP), blk.dropPath)
			ws.ops.scaleRowsByImage(mo, ws.keep[:B], tok, D)
		}
		ws.ops.addRows(out, a.xmid, mo, cvec, rows, D)
	}
	if !ad.Enabled {
		return
	}

	// Adapter branch.
	R := ad.Bottleneck
	in := m.adapterInput(a)
	pool.SgemmBiasThen(false, true, rows, R, D, 1, in, D, blk.downW.value, D, 0, a.r, R, blk.downB.value,
		ws.epi.reluOf(a.r, R))
	if train && ad.Dropout > 0 {
		ws.ops.dropout(a.r, rows, R, dropKey(state, l, siteAdapter), ad.Dropout)
	}
	if foldUp {
		pool.Sgemm(false, true, rows, D, R, s, a.r, R, blk.upW.value, R, 1, out, D)
	} else {
		m.linear(a.u, a.r, rows, R, D, blk.upW, blk.upB)
		ws.ops.addScaled(out[:rows*D], a.u[:rows*D], s)
	}
}

// geluDropout sets g = dropout(GELU(fc1)) for rows x Hidden values.
func (m *Model) geluDropout(g, fc1 []float32, rows int, drop bool, key uint64) {
	F := m.cfg.Hidden()
	m.ws.ops.gelu(g, fc1, rows, F)
	if drop {
		m.ws.ops.dropout(g, rows, F, key, m.cfg.DropRate)
	}
}

// adapterInput is the activation the adapter reads; ws.ln must hold
// norm2(xmid) when that is the input.
func (m *Model) adapterInput(a *blockActs) []float32 {
	ad := m.cfg.Adapter
	switch {
	case ad.Placement == PlacementSequential:
		return a.m
	case ad.Input == InputNorm2:
		return m.ws.ln
	default:
		return a.xmid
	}
}

// residualBias is the per-column constant added to a block's output: the
// fc2 bias when fc2 is folded into the output GEMM, and the scaled up_proj
// bias when the adapter scale is folded.
func (m *Model) residualBias(blk *block, foldMLP, foldUp bool, s float32) []float32 {
	v := m.ws.bias
	clear(v)
	if foldMLP {
		copy(v, blk.fc2B.value)
	}
	if foldUp {
		for j, b := range blk.upB.value {
			v[j] += s * b
		}
	}
	return v
}

// qkvForwardCLS computes the last block's keys and values for every token
// but its queries for the class tokens only, the only ones it attends from.
func (m *Model) qkvForwardCLS(blk *block, a *blockActs, B int) {
	c := m.cfg
	T, D := c.Tokens(), c.Dim
	M := B * T
	ln := m.ws.ln
	w := blk.qkvW.value
	beta := float32(0)
	if blk.qkvB != nil {
		m.ws.ops.fillRowsLD(a.qkv[D:], 3*D, blk.qkvB.value[D:], M, 2*D)
		m.ws.ops.fillRowsLD(a.qkv, T*3*D, blk.qkvB.value[:D], B, D)
		beta = 1
	}
	m.pool.Sgemm(false, true, M, 2*D, D, 1, ln, D, w[D*D:], D, beta, a.qkv[D:], 3*D)
	m.pool.Sgemm(false, true, B, D, D, 1, ln, T*D, w[:D*D], D, beta, a.qkv, T*3*D)
}

// attentionForward computes softmax(q·kᵀ/√d)·v for every (image, head), each
// a few small single-threaded GEMMs, spread over the pool. queries is T, or
// 1 in the last block, where only the class token's output is needed: then
// a.ao is the compact [B, D] and a.att keeps one attention row per head.
func (m *Model) attentionForward(a *blockActs, B, queries int) {
	j := &m.ws.ops.jobs.attention
	*j = attentionJob{m: m, a: a, queries: queries}
	m.pool.ParallelRangeWorker(B*m.cfg.Heads, (*attentionForwardJob)(j))
}

// attentionJob holds the operands of attention over (image, head) pairs,
// forward or backward (see rowOps on why a struct).
type attentionJob struct {
	m       *Model
	a       *blockActs
	queries int
}

// attentionForwardJob is attentionForward over pairs [lo, hi).
type attentionForwardJob attentionJob

func (j *attentionForwardJob) Range(w *kernels.Worker, lo, hi int) {
	c, a, queries := j.m.cfg, j.a, j.queries
	T, D, H, hd := c.Tokens(), c.Dim, c.Heads, c.HeadDim()
	scale := float32(1 / math.Sqrt(float64(hd)))
	for i := lo; i < hi; i++ {
		b, h := i/H, i%H
		q := a.qkv[b*T*3*D+h*hd:]
		k, v := q[D:], q[2*D:]
		if i+1 < hi {
			// The next head's q, k and v come from memory: start on
			// them while this head computes.
			nq := a.qkv[(i+1)/H*T*3*D+(i+1)%H*hd:]
			kernels.PrefetchRows(nq, T, hd, 3*D)
			kernels.PrefetchRows(nq[D:], T, hd, 3*D)
			kernels.PrefetchRows(nq[2*D:], T, hd, 3*D)
		}
		s := a.att[i*queries*T : (i+1)*queries*T]
		w.Sgemm(false, true, queries, T, hd, scale, q, 3*D, k, 3*D, 0, s, T)
		kernels.SoftmaxRows(s, queries, T, T)
		w.Sgemm(false, false, queries, hd, T, 1, s, T, v, 3*D, 0, a.ao[b*queries*D+h*hd:], D)
	}
}
