package nn

import (
	"fmt"
	"sync"

	"github.com/cnnbook/cnnbook/nn/internal/conv"
	"github.com/cnnbook/cnnbook/nn/internal/gemm"
	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// Conv2D is a 2-D convolution (cross-correlation, as in PyTorch) with
// stride, zero padding, dilation and groups.
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW)
//	y[n,o,i,j] = b[o] + Σ_{c∈group(o), u, v} W[o, c−g·In/G, u, v] · x[n, c, i·s−p+u·d, j·s−p+v·d]
//
// Forward and Backward run it as matrix products (im2col + GEMM, Chellapilla
// et al. 2006); Conv2DReference is the sum above as nested loops.
type Conv2D struct {
	Base
	Window2D
	In, Out, G int
	Weight     *Param // (Out, In/G, KH, KW)
	Bias       *Param // (Out) or nil

	x       *Tensor // cached input
	scratch convScratch
}

// NewConv2D declares a convolution from in to out channels with a k×k kernel.
func NewConv2D(name string, in, out, k int, opts ...Opt) *Conv2D {
	c := newConfig(k, opts)
	if c.groups < 1 || in%c.groups != 0 || out%c.groups != 0 {
		panic(fmt.Sprintf("nn: %s: groups %d must divide in %d and out %d", name, c.groups, in, out))
	}
	l := &Conv2D{Base: Base{name}, Window2D: c.Window2D, In: in, Out: out, G: c.groups}
	l.Weight = NewParam("weight", InitHe, out, in/c.groups, c.KH, c.KW)
	if !c.noBias {
		l.Bias = NewParam("bias", InitZeros, out)
	}
	return l
}

// geom is the im2col geometry of one image and one group.
// It panics when the dilated kernel is larger than the padded input (the
// formula's truncating division would otherwise give 1 for a span in
// (−s, 0), where PyTorch raises).
func (l *Conv2D) geom(h, w int) conv.Geom {
	if h+2*l.PH < l.DH*(l.KH-1)+1 || w+2*l.PW < l.DW*(l.KW-1)+1 {
		panic(ShapeErrorf("nn", l.Name(), "the %d×%d kernel (dilation %d×%d) does not fit the padded %d×%d input (padding %d×%d)",
			l.KH, l.KW, l.DH, l.DW, h, w, l.PH, l.PW))
	}
	oh, ow := l.OutSize(h, w)
	return conv.Geom{C: l.In / l.G, H: h, W: w, KH: l.KH, KW: l.KW, SH: l.SH, SW: l.SW,
		PH: l.PH, PW: l.PW, DH: l.DH, DW: l.DW, OH: oh, OW: ow}
}

// Forward computes, for each image n and group g, one matrix product:
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW);  K = (In/G)·KH·KW, P = OH·OW
//	col = im2col(x[n, group g])                 (K, P)
//	y[n, group g] = W_g · col + b               (Out/G, K)·(K, P) → (Out/G, P)
//
// A 1×1, stride-1, unpadded conv skips im2col: col is x[n, group g] itself.
// A depthwise conv (In/G = 1) runs direct loops instead (conv_depthwise.go).
func (l *Conv2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	if ch != l.In {
		panic(ShapeErrorf("nn", l.Name(), "expects %d input channels, receives %d (input shape %v)", l.In, ch, x.Shape))
	}
	g := l.geom(h, w)
	if l.Weight.Data == nil {
		panic("nn: " + l.Name() + ": weight is not initialised (call InitParams or load weights)")
	}
	l.x = x
	cpg, opg := l.In/l.G, l.Out/l.G
	k, p := cpg*l.KH*l.KW, g.OH*g.OW
	y := NewTensor(n, l.Out, g.OH, g.OW)
	wd := l.Weight.Data
	direct := isPointwise(g)
	colLen := k * p
	if direct || cpg == 1 {
		colLen = 0
	}
	l.scratch.run(n*l.G, 2*int64(opg)*int64(k)*int64(p), colLen, 0, nil, func(ws *convWork, _ []float32, t int) {
		ni, gi := t/l.G, t%l.G
		xg := x.Data[(ni*l.In+gi*cpg)*h*w : (ni*l.In+(gi+1)*cpg)*h*w]
		if cpg == 1 && !direct { // depthwise: see conv_depthwise.go
			for o := gi * opg; o < (gi+1)*opg; o++ {
				depthwiseForward(g, xg, wd[o*k:(o+1)*k], y.Data[(ni*l.Out+o)*p:(ni*l.Out+o+1)*p])
			}
			return
		}
		col := xg
		if !direct {
			col = ws.col
			conv.Im2Col(g, xg, col)
		}
		yg := y.Data[(ni*l.Out+gi*opg)*p : (ni*l.Out+(gi+1)*opg)*p]
		gemm.Sgemm(false, false, opg, p, k, 1, wd[gi*opg*k:(gi+1)*opg*k], k, col, p, 0, yg, p)
	})
	if l.Bias != nil {
		addBias(y.Data, l.Bias.Data, n, l.Out, p)
	}
	return y
}

// Backward runs the two transposed products of Forward, per image and group:
//
//	dy: (N, Out, OH, OW) → dx: (N, In, H, W)
//	dB[o] += Σ_{n,i,j} dy[n,o,i,j]
//	dW_g  += dy_g · colᵀ       (Out/G, P)·(P, K), col = im2col(x) recomputed
//	dcol   = W_gᵀ · dy_g       (K, Out/G)·(Out/G, P)
//	dx_g   = col2im(dcol)      (im2col's adjoint: overlapping taps add)
func (l *Conv2D) Backward(dy *Tensor) *Tensor {
	if l.x == nil {
		panic("nn: " + l.Name() + ": Conv2D.Backward before Forward")
	}
	x := l.x
	n, h, w := x.Shape[0], x.Shape[2], x.Shape[3]
	g := l.geom(h, w)
	cpg, opg := l.In/l.G, l.Out/l.G
	k, p := cpg*l.KH*l.KW, g.OH*g.OW
	if len(dy.Data) != n*l.Out*p {
		panic(fmt.Sprintf("nn: %s: Conv2D.Backward: dy shape %v, the last Forward gave (%d, %d, %d, %d)", l.Name(), dy.Shape, n, l.Out, g.OH, g.OW))
	}
	grad := gradBuf(l.Weight) // nil: a frozen weight gets no gradient
	dx := NewTensor(x.Shape...)
	wd := l.Weight.Data
	direct := isPointwise(g)
	colLen := 2 * k * p // col and dcol
	if direct || cpg == 1 {
		colLen = 0
	}
	l.scratch.run(n*l.G, 4*int64(opg)*int64(k)*int64(p), colLen, len(wd), grad, func(ws *convWork, dW []float32, t int) {
		ni, gi := t/l.G, t%l.G
		xg := x.Data[(ni*l.In+gi*cpg)*h*w : (ni*l.In+(gi+1)*cpg)*h*w]
		dxg := dx.Data[(ni*l.In+gi*cpg)*h*w : (ni*l.In+(gi+1)*cpg)*h*w]
		dyg := dy.Data[(ni*l.Out+gi*opg)*p : (ni*l.Out+(gi+1)*opg)*p]
		wg := wd[gi*opg*k : (gi+1)*opg*k]
		var dWg []float32 // nil for a frozen weight
		if len(dW) > 0 {
			dWg = dW[gi*opg*k : (gi+1)*opg*k]
		}
		if cpg == 1 && !direct {
			for ol := 0; ol < opg; ol++ {
				var dWo []float32
				if dWg != nil {
					dWo = dWg[ol*k : (ol+1)*k]
				}
				depthwiseBackward(g, xg, wg[ol*k:(ol+1)*k], dyg[ol*p:(ol+1)*p], dxg, dWo)
			}
			return
		}
		if direct {
			if dWg != nil {
				gemm.Sgemm(false, true, opg, k, p, 1, dyg, p, xg, p, 1, dWg, k)
			}
			gemm.Sgemm(true, false, k, p, opg, 1, wg, k, dyg, p, 0, dxg, p)
			return
		}
		col, dcol := ws.col[:k*p], ws.col[k*p:]
		conv.Im2Col(g, xg, col)
		if dWg != nil {
			gemm.Sgemm(false, true, opg, k, p, 1, dyg, p, col, p, 1, dWg, k)
		}
		gemm.Sgemm(true, false, k, p, opg, 1, wg, k, dyg, p, 0, dcol, p)
		conv.Col2Im(g, dcol, dxg)
	})
	if l.Bias != nil {
		if dB := gradBuf(l.Bias); dB != nil {
			biasGrad(dB, dy.Data, n, l.Out, p)
		}
	}
	return dx
}

func (l *Conv2D) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Analyze checks the channels and the window; MACs = Out·OH·OW·(In/G)·KH·KW.
func (l *Conv2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) == 3 && in.Shape[0] != l.In {
		return Flow{}, a.Errorf("expects %s, receives %d (input %v)", plural(l.In, "input channel"), in.Shape[0], in.Shape)
	}
	oh, ow, err := l.Window2D.out(a, in.Shape)
	if err != nil {
		return Flow{}, err
	}
	macs := a.Count("MACs", int64(l.Out), int64(oh), int64(ow), int64(l.In/l.G), int64(l.KH), int64(l.KW))
	return a.Leaf(l, in, LeafInfo{Type: "Conv2d", Out: Shape{l.Out, oh, ow}, MACs: macs, Weighted: true, Window: l.rfWindow()}), nil
}

// OutSize is the output height and width for an H×W input: the window
// arithmetic Analyze uses (Window2D.outHW).
func (l *Conv2D) OutSize(h, w int) (int, int) { return l.outHW(h, w) }

// isPointwise reports whether im2col is the identity (1×1 kernel, stride
// 1, no padding, so OH·OW = H·W): the input plane is already the column
// matrix.
func isPointwise(g conv.Geom) bool {
	return g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PH == 0 && g.PW == 0
}

// addBias adds b[o] to every pixel of channel o of an (n, c, p) tensor.
func addBias(y, b []float32, n, c, p int) {
	for ni := 0; ni < n; ni++ {
		for o := 0; o < c; o++ {
			bo := b[o]
			plane := y[(ni*c+o)*p : (ni*c+o+1)*p]
			for i := range plane {
				plane[i] += bo
			}
		}
	}
}

// biasGrad accumulates dB[o] += Σ_{n,p} dy[n,o,p] (float64 per plane).
func biasGrad(dB, dy []float32, n, c, p int) {
	for o := 0; o < c; o++ {
		var s float64
		for ni := 0; ni < n; ni++ {
			for _, v := range dy[(ni*c+o)*p : (ni*c+o+1)*p] {
				s += float64(v)
			}
		}
		dB[o] += float32(s)
	}
}

// convScratch is a conv layer's reusable memory: one workspace per
// concurrently running chunk of tasks, allocated on first use and grown
// only when a larger shape arrives, so steady-state passes allocate no
// column buffers.
type convScratch struct {
	mu   sync.Mutex
	free []*convWork
}

// convWork is one chunk's workspace: the column buffer(s) and a private
// weight-gradient accumulator (used when chunks run in parallel).
type convWork struct {
	col, dW []float32
}

func (s *convScratch) get(colLen, dWLen int) *convWork {
	s.mu.Lock()
	var w *convWork
	if k := len(s.free); k > 0 {
		w, s.free = s.free[k-1], s.free[:k-1]
	} else {
		w = &convWork{}
	}
	s.mu.Unlock()
	w.col = grow(w.col, colLen)
	w.dW = grow(w.dW, dWLen)
	return w
}

func (s *convScratch) put(w *convWork) {
	s.mu.Lock()
	s.free = append(s.free, w)
	s.mu.Unlock()
}

// grow returns buf resized to n, reallocating only if its capacity is short.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// convGrainFlops is the least work (in flops) worth a goroutine of its own;
// below it the tasks run serially and each GEMM parallelises inside.
const convGrainFlops = 1 << 22

// run calls fn for every task t in [0, tasks) — one per (image, group) —
// in contiguous chunks, in parallel when the tasks are big enough. Each
// chunk gets a workspace with colLen floats of column buffer. If grad is
// non-nil, fn must accumulate its weight gradient into the slice it is
// handed: grad itself when the tasks run serially, else a zeroed private
// buffer that is added to grad afterwards in chunk order, so the sum is
// the same from run to run.
func (s *convScratch) run(tasks int, flopsPerTask int64, colLen, dWLen int, grad []float32, fn func(ws *convWork, dW []float32, t int)) {
	grain := 1
	if flopsPerTask < convGrainFlops {
		grain = int(convGrainFlops/max(flopsPerTask, 1)) + 1
	}
	if tasks <= grain || par.Workers() == 1 {
		ws := s.get(colLen, 0)
		for t := 0; t < tasks; t++ {
			fn(ws, grad, t)
		}
		s.put(ws)
		return
	}
	var mu sync.Mutex
	var done []chunkWork
	if grad == nil {
		dWLen = 0
	}
	par.For(tasks, grain, func(lo, hi int) {
		ws := s.get(colLen, dWLen)
		dW := ws.dW
		clear(dW)
		for t := lo; t < hi; t++ {
			fn(ws, dW, t)
		}
		mu.Lock()
		done = append(done, chunkWork{lo, ws})
		mu.Unlock()
	})
	// Reduce in chunk order (deterministic), then hand the workspaces back.
	for len(done) > 0 {
		first := 0
		for i := range done {
			if done[i].lo < done[first].lo {
				first = i
			}
		}
		ws := done[first].ws
		for i, v := range ws.dW {
			grad[i] += v
		}
		s.put(ws)
		done = append(done[:first], done[first+1:]...)
	}
}

type chunkWork struct {
	lo int
	ws *convWork
}
