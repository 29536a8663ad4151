package vit

import (
	"errors"
	"fmt"
	"math"

	"gorgonia.org/tensor"

	"github.com/adaptformer/adaptformer/vit/kernels"
)

// Backward takes dL/dlogits [B, classes] for the batch of the last Forward
// and accumulates dL/dparam into the Grad of every trainable parameter.
// Frozen parameters cost no weight-gradient GEMM, and the pass stops below
// the lowest layer that holds a trainable parameter.
func (m *Model) Backward(dlogits *tensor.Dense) error {
	st := m.last
	if !st.valid {
		return errors.New("vit: Backward without a Forward")
	}
	if st.freezeGen != m.freezeGen {
		return errors.New("vit: Backward after Freeze changed the trainable parameters; run Forward again")
	}
	c := m.cfg
	B, C, D := st.batch, c.NumClasses, c.Dim
	if dlogits == nil || len(dlogits.Shape()) != 2 || dlogits.Shape()[0] != B || dlogits.Shape()[1] != C {
		var shape []int
		if dlogits != nil {
			shape = dlogits.Shape()
		}
		return fmt.Errorf("vit: dlogits shape %v, want [%d %d] (the last Forward's batch)", shape, B, C)
	}
	if dlogits.Dtype() != tensor.Float32 {
		return fmt.Errorf("vit: dlogits dtype %v, want float32", dlogits.Dtype())
	}
	dl := dlogits.Float32s()
	low := m.lowestTrainableLayer()
	if low > c.Depth+1 {
		return nil // nothing trains
	}
	if low < st.keepFrom {
		return errors.New("vit: Backward needs activations the last Forward did not keep")
	}
	ws := m.ws
	ws.ensureBackward(c)
	pool := m.pool

	// Head: logits = norm(x_cls)·headᵀ + b.
	m.linearBackward(nil, dl, ws.lnf, B, D, C, m.headW, m.headB)
	needDx := low <= c.Depth
	if !needDx && !m.normW.Trainable && !m.normB.Trainable {
		return nil
	}
	pool.Sgemm(false, false, B, D, C, 1, dl, C, m.headW.value, D, 0, ws.dlnf, D)
	var dxcls []float32
	if needDx {
		dxcls = ws.dxcls[:B*D]
		clear(dxcls)
	}
	ws.ops.layerNormBackward(dxcls, gradIf(m.normW), gradIf(m.normB), ws.dlnf, ws.xout, ws.lnfMean, ws.lnfRstd, m.normW.value, B, D)
	if !needDx {
		return nil
	}
	// ws.dxcls now holds dL/d(last block output), class tokens only.

	for l := c.Depth - 1; l >= 0; l-- {
		if !m.blockBackward(m.blocks[l], m.acts(l, st.keepFrom), B, low, st) {
			return nil
		}
	}
	m.embedBackward(B, st)
	return nil
}

// gradIf is the parameter's gradient when it trains, else nil.
func gradIf(p *Param) []float32 {
	if p == nil || !p.Trainable {
		return nil
	}
	return p.grad
}

// linearBackward accumulates the weight and bias gradients of
// y = x·wᵀ + b from dy (rows x outDim), for whichever of w and b train, and
// sets dx = dy·w when dx is non-nil.
func (m *Model) linearBackward(dx, dy, x []float32, rows, inDim, outDim int, w, b *Param) {
	m.linearBackwardThen(dx, dy, x, rows, inDim, outDim, w, b, nil)
}

// linearBackwardThen is linearBackward with then (if not nil) run on each
// finished block of dx.
func (m *Model) linearBackwardThen(dx, dy, x []float32, rows, inDim, outDim int, w, b *Param, then kernels.Epilogue) {
	if w.Trainable {
		m.pool.Sgemm(true, false, outDim, inDim, rows, 1, dy, outDim, x, inDim, 1, w.grad, inDim)
	}
	if b != nil && b.Trainable {
		m.ws.ops.addColSums(b.grad, dy[:rows*outDim], rows, 1)
	}
	if dx != nil {
		m.pool.SgemmBiasThen(false, false, rows, inDim, outDim, 1, dy, outDim, w.value, inDim, 0, dx, inDim, nil, then)
	}
}

func anyTrainable(ps ...*Param) bool {
	for _, p := range ps {
		if p != nil && p.Trainable {
			return true
		}
	}
	return false
}

// blockBackward back-propagates dL/d(block output) through block blk,
// accumulating its parameters' gradients, and leaves dL/d(block input) in
// ws.dx. The output gradient is in ws.dx, or for the last block, whose
// output is the class tokens only, in ws.dxcls. It reports whether the pass
// must continue to the layer below.
func (m *Model) blockBackward(blk *block, a *blockActs, B, low int, st forwardState) bool {
	c := m.cfg
	ws := m.ws
	pool := m.pool
	T, D, F := c.Tokens(), c.Dim, c.Hidden()
	l := blk.index
	last := l == c.Depth-1
	// The rows after attention: all tokens, or the last block's class tokens.
	tok := T
	dx := ws.dx[:B*T*D]
	if last {
		tok = 1
		dx = ws.dxcls[:B*D]
	}
	rows := B * tok
	drop := st.training && c.DropRate > 0
	dropPath := st.training && blk.dropPath > 0
	ad := c.Adapter
	sequential := ad.Enabled && ad.Placement == PlacementSequential

	// What this block must compute: gradients flow to the block input only
	// when something below trains, and through each sub-layer only as far as
	// a trainable parameter needs.
	needDx := low <= l
	needDxmid := needDx || anyTrainable(blk.norm1W, blk.norm1B, blk.qkvW, blk.qkvB, blk.projW, blk.projB)
	needDln2 := needDxmid || anyTrainable(blk.norm2W, blk.norm2B)
	needDfc1 := needDln2 || anyTrainable(blk.fc1W, blk.fc1B)
	needDm := needDfc1 || anyTrainable(blk.fc2W, blk.fc2B)
	needDain := false
	if ad.Enabled {
		switch {
		case sequential:
			needDain = needDm
		case ad.Input == InputNorm2:
			needDain = needDln2
		default:
			needDain = needDxmid
		}
	}

	// Recompute norm2(xmid) where a weight gradient needs it.
	if anyTrainable(blk.fc1W) || (ad.Enabled && ad.Input == InputNorm2 && !sequential && anyTrainable(blk.downW)) {
		ws.ops.layerNormForward(ws.ln, a.mean2, a.rstd2, a.xmid, blk.norm2W.value, blk.norm2B.value, rows, D, c.LNEps)
	}

	// Adapter: out += s * (r·upᵀ + b_up), r = dropout(relu(in·downᵀ + b_down)).
	var dr []float32
	if ad.Enabled {
		R := ad.Bottleneck
		s := m.adapterScale(blk)
		if blk.scale != nil && blk.scale.Trainable {
			blk.scale.grad[0] += float32(ws.ops.dot(dx, a.u[:rows*D], ws.dots))
		}
		if blk.upW.Trainable {
			pool.Sgemm(true, false, D, R, rows, s, dx, D, a.r, R, 1, blk.upW.grad, R)
		}
		if blk.upB.Trainable {
			ws.ops.addColSums(blk.upB.grad, dx[:rows*D], rows, s)
		}
		if needDain || anyTrainable(blk.downW, blk.downB) {
			dr = ws.dr[:rows*R]
			pool.Sgemm(false, false, rows, R, D, s, dx, D, blk.upW.value, R, 0, dr, R)
			// ReLU and dropout: the gradient passes where the output is
			// positive, scaled as the kept values were.
			keep := float32(1)
			if st.training && ad.Dropout > 0 {
				_, keep = dropParams(ad.Dropout)
			}
			ws.ops.reluDropBackward(dr, a.r[:rows*R], keep)
			m.linearBackward(nil, dr, m.adapterInput(a), rows, D, R, blk.downW, blk.downB)
		}
	}

	// MLP branch: dm is the gradient of the MLP output before its masks.
	dm := dx
	if sequential || drop || dropPath {
		dm = ws.dm[:rows*D]
		copy(dm, dx)
		if sequential && needDain {
			// The adapter read the (masked) MLP output.
			pool.Sgemm(false, false, rows, D, ad.Bottleneck, 1, dr, ad.Bottleneck, blk.downW.value, D, 1, dm, D)
		}
		if dropPath {
			dropPathScales(ws.keep[:B], dropKey(st.rng, l, siteDropPathMLP), blk.dropPath)
			ws.ops.scaleRowsByImage(dm, ws.keep[:B], tok, D)
		}
		if drop {
			ws.ops.dropout(dm, rows, D, dropKey(st.rng, l, siteMLP), c.DropRate)
		}
	}
	if needDm {
		var dh []float32
		if needDfc1 {
			dh = ws.dh[:rows*F]
		}
		g := a.g // kept by Forward when fc2's weight trains
		if blk.fc2W.Trainable && g == nil {
			g = ws.g
			m.geluDropout(g, a.fc1, rows, drop, dropKey(st.rng, l, siteGelu))
		}
		if needDfc1 && !drop {
			// GELU's derivative applies to each block of dh as the GEMM
			// finishes it.
			m.linearBackwardThen(dh, dm, g, rows, F, D, blk.fc2W, blk.fc2B, ws.epi.geluGradOf(dh, a.fc1, F))
		} else {
			m.linearBackward(dh, dm, g, rows, F, D, blk.fc2W, blk.fc2B)
		}
		if needDfc1 {
			if drop {
				ws.ops.dropout(dh, rows, F, dropKey(st.rng, l, siteGelu), c.DropRate)
				ws.ops.geluBackward(dh, a.fc1, dh, rows, F)
			}
			var dln []float32
			if needDln2 {
				dln = ws.dln[:rows*D]
			}
			m.linearBackward(dln, dh, ws.ln, rows, D, F, blk.fc1W, blk.fc1B)
		}
	}
	if needDain && !sequential {
		dst := dx // input x: the adapter read xmid, whose gradient dx becomes
		if ad.Input == InputNorm2 {
			dst = ws.dln[:rows*D]
		}
		pool.Sgemm(false, false, rows, D, ad.Bottleneck, 1, dr, ad.Bottleneck, blk.downW.value, D, 1, dst, D)
	}
	if needDln2 {
		var dxmid []float32
		if needDxmid {
			dxmid = dx
		}
		ws.ops.layerNormBackward(dxmid, gradIf(blk.norm2W), gradIf(blk.norm2B), ws.dln, a.xmid, a.mean2, a.rstd2, blk.norm2W.value, rows, D)
	}
	if !needDxmid {
		return false
	}

	// Attention branch: xmid = x + dropout(proj(attn(norm1(x)))).
	dproj := dx
	if drop || dropPath {
		dproj = ws.dproj[:rows*D]
		copy(dproj, dx)
		if dropPath {
			dropPathScales(ws.keep[:B], dropKey(st.rng, l, siteDropPathAttn), blk.dropPath)
			ws.ops.scaleRowsByImage(dproj, ws.keep[:B], tok, D)
		}
		if drop {
			ws.ops.dropout(dproj, rows, D, dropKey(st.rng, l, siteProj), c.DropRate)
		}
	}
	needDln1 := needDx || anyTrainable(blk.norm1W, blk.norm1B)
	needDqkv := needDln1 || anyTrainable(blk.qkvW, blk.qkvB)
	var dao []float32
	if needDqkv {
		dao = ws.dao[:rows*D]
	}
	m.linearBackward(dao, dproj, a.ao, rows, D, D, blk.projW, blk.projB)
	if !needDqkv {
		return needDx
	}
	M := B * T
	var dln []float32
	if needDln1 {
		dln = ws.dln[:M*D]
	}
	if blk.qkvW.Trainable {
		ws.ops.layerNormForward(ws.ln, a.mean1, a.rstd1, a.x, blk.norm1W.value, blk.norm1B.value, M, D, c.LNEps)
	}
	if last {
		m.attentionBackward(a, B, 1)
		m.qkvBackwardCLS(blk, dln, B)
		if needDx {
			// The residual stream's gradient reaches the class tokens only.
			full := ws.dx[:M*D]
			clear(full)
			for b := 0; b < B; b++ {
				copy(full[b*T*D:b*T*D+D], dx[b*D:b*D+D])
			}
			dx = full
		}
	} else {
		m.attentionBackward(a, B, T)
		m.linearBackward(dln, ws.dqkv, ws.ln, M, D, 3*D, blk.qkvW, blk.qkvB)
	}
	if needDln1 {
		var dxin []float32
		if needDx {
			dxin = dx
		}
		ws.ops.layerNormBackward(dxin, gradIf(blk.norm1W), gradIf(blk.norm1B), ws.dln, a.x, a.mean1, a.rstd1, blk.norm1W.value, M, D)
	}
	return needDx
}

// qkvBackwardCLS is the last block's qkv backward: keys and values have a
// gradient on every token, queries on the class tokens only (their rows b*T
// of ws.dqkv; the other query rows are stale and never read). It sets dln =
// dL/d norm1(x) when non-nil; ws.ln must hold norm1(x) when qkv trains.
func (m *Model) qkvBackwardCLS(blk *block, dln []float32, B int) {
	c := m.cfg
	T, D := c.Tokens(), c.Dim
	M := B * T
	pool, ws := m.pool, m.ws
	dqkv, w := ws.dqkv, blk.qkvW.value
	if blk.qkvW.Trainable {
		g := blk.qkvW.grad
		pool.Sgemm(true, false, 2*D, D, M, 1, dqkv[D:], 3*D, ws.ln, D, 1, g[D*D:], D)
		pool.Sgemm(true, false, D, D, B, 1, dqkv, T*3*D, ws.ln, T*D, 1, g[:D*D], D)
	}
	if blk.qkvB != nil && blk.qkvB.Trainable {
		g := blk.qkvB.grad
		pool.Sgemm(false, false, 1, 2*D, M, 1, ws.ones, M, dqkv[D:], 3*D, 1, g[D:], 2*D)
		pool.Sgemm(false, false, 1, D, B, 1, ws.ones, B, dqkv, T*3*D, 1, g[:D], D)
	}
	if dln != nil {
		pool.Sgemm(false, false, M, D, 2*D, 1, dqkv[D:], 3*D, w[D*D:], D, 0, dln, D)
		pool.Sgemm(false, false, B, D, D, 1, dqkv, T*3*D, w[:D*D], D, 1, dln, T*D)
	}
}

// attentionBackward turns ws.dao into ws.dqkv for every (image, head).
// queries is T, or 1 in the last block, whose ws.dao is the compact [B, D]
// of the class tokens: then only the class token's query gets a gradient,
// and every token's key and value.
func (m *Model) attentionBackward(a *blockActs, B, queries int) {
	j := &m.ws.ops.jobs.attention
	*j = attentionJob{m: m, a: a, queries: queries}
	m.pool.ParallelRangeWorker(B*m.cfg.Heads, (*attentionBackwardJob)(j))
}

// attentionBackwardJob is attentionBackward over (image, head) pairs
// [lo, hi).
type attentionBackwardJob attentionJob

func (j *attentionBackwardJob) Range(w *kernels.Worker, lo, hi int) {
	c, a, n, ws := j.m.cfg, j.a, j.queries, j.m.ws
	T, D, H, hd := c.Tokens(), c.Dim, c.Heads, c.HeadDim()
	scale := float32(1 / math.Sqrt(float64(hd)))
	for i := lo; i < hi; i++ {
		b, h := i/H, i%H
		o := b*T*3*D + h*hd
		q, k, v := a.qkv[o:], a.qkv[o+D:], a.qkv[o+2*D:]
		dq, dk, dv := ws.dqkv[o:], ws.dqkv[o+D:], ws.dqkv[o+2*D:]
		p := a.att[i*n*T : (i+1)*n*T]
		dp := ws.datt[i*n*T : (i+1)*n*T]
		do := ws.dao[b*n*D+h*hd:]
		if i+1 < hi {
			// Start loading the next head's operands from memory.
			nb, nh := (i+1)/H, (i+1)%H
			no := nb*T*3*D + nh*hd
			for part := range 3 {
				kernels.PrefetchRows(a.qkv[no+part*D:], T, hd, 3*D)
				kernels.PrefetchRows(ws.dqkv[no+part*D:], T, hd, 3*D)
			}
			kernels.PrefetchRows(ws.dao[nb*n*D+nh*hd:], n, hd, D)
			kernels.PrefetchRows(a.att[(i+1)*n*T:], 1, n*T, n*T)
		}
		w.Sgemm(false, true, n, T, hd, 1, do, D, v, 3*D, 0, dp, T)        // dP = dO·vᵀ
		w.Sgemm(true, false, T, hd, n, 1, p, T, do, D, 0, dv, 3*D)        // dv = Pᵀ·dO
		kernels.SoftmaxRowsBackward(dp, p, dp, n, T, T)                   // dS
		w.Sgemm(false, false, n, hd, T, scale, dp, T, k, 3*D, 0, dq, 3*D) // dq = s·dS·k
		w.Sgemm(true, false, T, hd, n, scale, dp, T, q, 3*D, 0, dk, 3*D)  // dk = s·dSᵀ·q
	}
}

// embedBackward accumulates the gradients of the class token, position
// embedding and patch embedding from ws.dx = dL/dx0.
func (m *Model) embedBackward(B int, st forwardState) {
	c := m.cfg
	ws := m.ws
	T, D := c.Tokens(), c.Dim
	M := B * T
	dx := ws.dx[:M*D]
	if st.training && c.DropRate > 0 {
		ws.ops.dropout(dx, M, D, dropKey(st.rng, 0, sitePos), c.DropRate)
	}
	if m.cls.Trainable || m.pos.Trainable {
		// Σ over images of each token's gradient: the position embedding's
		// gradient, whose first row is also the class token's.
		m.pool.Sgemm(false, false, 1, T*D, B, 1, ws.ones, B, dx, T*D, 0, ws.posSum, T*D)
		if m.pos.Trainable {
			ws.ops.addScaled(m.pos.grad, ws.posSum, 1)
		}
		if m.cls.Trainable {
			for j, g := range ws.posSum[:D] {
				m.cls.grad[j] += g
			}
		}
	}
	K := c.InChans * c.PatchSize * c.PatchSize
	if m.patchW.Trainable {
		m.pool.Sgemm(true, false, D, K, M, 1, dx, D, ws.patches, K, 1, m.patchW.grad, K)
	}
	if m.patchB.Trainable {
		m.weightedBiasGrad(m.patchB.grad, dx, M, D, ws.onesPatch) // class-token rows have no patch
	}
}

// weightedBiasGrad adds onesᵀ·dy to db: the column sums of dy (rows x
// cols) weighted by ones, as one GEMM (the patch bias, whose class-token
// rows weigh 0; plain sums go through rowOps.addColSums).
func (m *Model) weightedBiasGrad(db, dy []float32, rows, cols int, ones []float32) {
	m.pool.Sgemm(false, false, 1, cols, rows, 1, ones, rows, dy, cols, 1, db, cols)
}
