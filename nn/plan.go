package nn

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/cnnbook/cnnbook/nn/internal/conv"
	"github.com/cnnbook/cnnbook/nn/internal/gemm"
	"github.com/cnnbook/cnnbook/nn/internal/par"
	"github.com/cnnbook/cnnbook/nn/internal/vec"
)

// Plan runs a model on batches of one fixed shape without allocating:
// every activation, gradient, column buffer and pooling switch is sized
// once from the static shapes when the plan is built (or, for the part
// of a batch each core takes, on the first call) and reused by every
// later call. Forward keeps returning fresh tensors; a Plan is the opt-in
// fast path beside it:
//
//	p, err := NewPlan(model.Net, model.Input, 64, false) // inference
//	y := p.Forward(x)                                    // owned by p until the next call
//
//	p, err := NewPlan(model.Net, model.Input, 64, true)  // training
//	loss, err := p.Step(x, labels)                       // gradients in Param.Grad
//	opt.Step()
//
// What a plan does that Forward does not:
//
//   - in an inference plan, a BatchNorm2D right after a Conv2D is folded
//     into a copy of the convolution's weights and bias
//     (W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε) + β); the model's
//     parameters and state_dict are never altered;
//   - a ReLU right after a Conv2D or Linear (or a folded BatchNorm, or as
//     a residual block's After) is fused into that layer's output loop,
//     and in training its backward into the layer's backward;
//   - a 1×1, stride-1, unpadded convolution is one GEMM on the input
//     with no copy;
//   - in an inference plan, a convolution's weights are packed for the
//     GEMM kernel once, and its bias, ReLU and (as the last layer of a
//     residual branch) the block's shortcut and ReLU are added in the
//     GEMM's epilogue, tile by tile (plan_conv.go);
//   - in an inference plan a depthwise convolution (MobileNet's) runs
//     direct vectorised loops with its BatchNorm folded and ReLU fused
//     (plan_depthwise.go);
//   - in an inference plan, a Parallel whose branches are concatenated
//     (GoogLeNet's Inception modules) runs its branches' ops one after
//     another and copies their outputs side by side;
//   - the batch is split across the cores (par.Workers()), each part
//     running the whole network on its images with GEMMs on one core:
//     small layers (LeNet-5's are 6×784×25 products per image) are too
//     small to split inside. Weight gradients are summed over the parts
//     in part order, so a step is deterministic for a given core count.
//     A BatchNorm in training needs the whole batch's statistics: the
//     parts meet at a barrier to add their sums (bnTrainOp);
//   - in training, a convolution's images go through im2col, the GEMMs
//     and col2im in chunks sized for the L2 cache (colChunk), and the
//     element-wise loops (masks, BatchNorm, SGD) run in AVX2
//     (nn/internal/vec).
//
// Modules the plan has no op for (LRN, Parallel in training or with
// concurrent branches, groups > 1 but not depthwise in inference,
// stochastic-depth residual blocks and dropout in training, …) run
// through their own Forward and Backward inside the plan ("fallback"),
// which allocates as usual and keeps the batch on one part. Ctx is used
// for those (its Rng for dropout); it defaults to Eval or a training
// Ctx.
type Plan struct {
	Ctx *Ctx

	m       Module
	in      Shape
	n       int
	train   bool
	ops     []planOp
	elems   []int // per-sample elements of each slot; slot 0 is the input
	outSlot int
	outSh   Shape
	params  []*Param // trainable parameters the ops update, by id
	shared  bool     // some op keeps state in a module: one part only
	// Sizes of the parts' conv buffers, for one chunk of images (see
	// colChunk): the largest column matrix that is not cached, the
	// largest dcol (training) and (Out, chunk·P) product; and per image,
	// each conv's cached column matrix (training).
	colLen, dcolLen, tmpLen int
	colSizes                []int
	redLen                  int   // floats of a part's reduction buffers (BatchNorm's batch sums)
	statC                   []int // channels of each bnTrainOp, by sid

	parts  [][]*planPart // parts[w]: the batch split w ways (built on first use)
	gather []float32     // Forward's output when the batch is split
	gout   Tensor
}

// maxCachedCol is the largest column matrix (in floats, for the whole
// batch) a training plan keeps from a conv's forward pass for its
// backward: 8 MiB. LeNet-5's at batch 64 are under 2 MiB; ResNet-20's at
// batch 128 are 75 MiB per layer (144 × 128·32·32), 1.4 GB over the
// network, where recomputing im2col is cheaper than the memory traffic.
var maxCachedCol = 1 << 21 // a variable so that the tests can take both paths

// colChunk is the most floats of column matrix a training conv unfolds
// at once: its images go through im2col, the GEMMs and col2im in chunks
// of colChunk/(K·P) images (at least one), so that the column matrix,
// its (Out, chunk·P) product and dcol stay in the core's L2 (1 MiB on
// Zen 5, 2 MiB on recent Xeons) between the passes that write and read
// them, instead of streaming a whole batch's (75 MiB per ResNet-20 layer
// at batch 128) through memory. 2^17 floats is 512 KiB. A variable so
// that the tests can take the one-image and several-image paths.
var colChunk = 1 << 17

// planPart is one core's share of the batch and its private memory.
type planPart struct {
	off, n int         // images [off, off+n) of the batch
	act    [][]float32 // per slot, n·elems
	grad   [][]float32 // per slot (training)
	sw     [][]int32   // max-pool switches, per output slot
	col    []float32   // column matrix (inference), n·colLen
	cols   [][]float32 // each conv's column matrix (training)
	dcol   []float32   // n·dcolLen
	tmp    []float32   // n·tmpLen: a conv's (Out, n·P) product or gradient
	pgrad  [][]float32 // weight gradients by param id: Param.Grad for part 0
	out    Tensor      // the header Forward returns
	loss   float64
	stats  [][]float64  // per bnTrainOp (by sid): its μ and 1/σ for the backward pass, and its sums
	red    [2][]float64 // this part's partial sums for allReduce, double-buffered
	gen    int          // allReduce calls so far (which red buffer is in use)
	grp    *partGroup
}

// partGroup is the parts of one split of the batch. They run
// concurrently (par.Split starts one goroutine each) and meet at a
// barrier where a statistic of the whole batch is needed: a BatchNorm's
// mean and variance in training.
type partGroup struct {
	parts      []*planPart
	mu         sync.Mutex
	cond       sync.Cond
	count, gen int
	broken     bool // a part panicked: the others must not wait for it
}

// wait blocks until every part of the group has called it (once more).
// If a part has panicked, it panics too instead of waiting forever.
func (g *partGroup) wait() {
	g.mu.Lock()
	defer g.mu.Unlock()
	gen := g.gen
	g.count++
	if g.count == len(g.parts) {
		g.count = 0
		g.gen++
		g.cond.Broadcast()
		return
	}
	for gen == g.gen && !g.broken {
		g.cond.Wait()
	}
	if g.broken {
		panic("nn: plan: another part of the batch panicked")
	}
}

// abortOnPanic, deferred by each part's goroutine, marks the group
// broken (waking the parts at a barrier) and re-panics; par.Split then
// re-raises the first panic on the caller. A plan whose part panicked is
// left in an undefined state.
func (g *partGroup) abortOnPanic() {
	if r := recover(); r != nil {
		g.mu.Lock()
		g.broken = true
		g.cond.Broadcast()
		g.mu.Unlock()
		panic(r)
	}
}

// allReduce sets out[i] to the sum over the group's parts, in part
// order, of each part's vals[i], the same in every part (so a split
// batch stays deterministic for a given core count). Every part of the
// group must call it with the same len(vals). The two buffers alternate:
// a part can only write the buffer of call k+2 after every part has
// arrived at the barrier of call k+1, that is after it finished reading
// call k's.
func (pt *planPart) allReduce(vals, out []float64) {
	if len(pt.grp.parts) == 1 {
		copy(out, vals)
		return
	}
	b := pt.gen % 2
	pt.gen++
	copy(pt.red[b], vals)
	pt.grp.wait()
	clear(out)
	for _, q := range pt.grp.parts {
		for i, v := range q.red[b][:len(out)] {
			out[i] += v
		}
	}
}

// planOp is one step of a plan, run on one part.
type planOp interface {
	fwd(p *Plan, pt *planPart)
	bwd(p *Plan, pt *planPart)
}

// NewPlan builds a plan for m on batches of n samples of shape in, for
// inference (train false: eval semantics, as Forward with Eval) or
// training (Step). It checks the shapes with Analyze and that every
// tensor of m is allocated.
func NewPlan(m Module, in Shape, n int, train bool) (*Plan, error) {
	if n < 1 {
		return nil, fmt.Errorf("%s: a plan needs a batch of at least 1, got %d", m.Name(), n)
	}
	rep, err := Analyze(m, in)
	if err != nil {
		return nil, err
	}
	for _, p := range AllParams(m) {
		if p.Data == nil {
			return nil, fmt.Errorf("%s: %s is not initialised (call InitParams or load weights)", m.Name(), p.Key)
		}
	}
	p := &Plan{m: m, in: in, n: n, train: train, Ctx: Eval}
	if train {
		p.Ctx = &Ctx{Train: true}
	}
	p.elems = []int{int(in.Elems())}
	out, sh, err := p.compileChecked(m, in)
	if err != nil {
		return nil, err
	}
	if !sh.Equal(rep.Output) {
		return nil, fmt.Errorf("%s: plan gives %v, Analyze %v (a bug)", m.Name(), sh, rep.Output)
	}
	p.outSlot, p.outSh = out, sh
	return p, nil
}

// compileChecked compiles m's layers, returning a layer's *ShapeError
// (Analyze has checked the shapes already, so one here is a bug in the
// plan's own shape rules, reported rather than crashing the caller).
func (p *Plan) compileChecked(m Module, in Shape) (out int, sh Shape, err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*ShapeError)
			if !ok {
				panic(r)
			}
			err = se
		}
	}()
	out, sh = p.compile(flattenSeq(m, nil), 0, in)
	return out, sh, nil
}

// flattenSeq lists the layers of nested Sequentials in order (a plan
// needs no names), so that fusion sees C1's conv and ReLU side by side.
func flattenSeq(m Module, out []Module) []Module {
	if s, ok := m.(*Sequential); ok {
		for _, l := range s.Layers {
			out = flattenSeq(l, out)
		}
		return out
	}
	return append(out, m)
}

func (p *Plan) slot(elems int) int {
	p.elems = append(p.elems, elems)
	return len(p.elems) - 1
}

func (p *Plan) param(q *Param) int {
	if q == nil || !q.Trainable() {
		return -1
	}
	for i, r := range p.params {
		if r == q {
			return i
		}
	}
	p.params = append(p.params, q)
	return len(p.params) - 1
}

func isReLU(m Module) bool {
	a, ok := m.(*Activation)
	return ok && a.Kind == ActReLU
}

// compile appends the ops of layers, reading slot in of per-sample shape
// sh, and returns the output slot and shape.
func (p *Plan) compile(layers []Module, in int, sh Shape) (int, Shape) {
	for i := 0; i < len(layers); i++ {
		l := layers[i]
		next := func(j int) Module {
			if i+j < len(layers) {
				return layers[i+j]
			}
			return nil
		}
		switch t := l.(type) {
		case *Conv2D:
			if op, used := p.compileDepthwise(t, in, sh, next); op != nil {
				i += used
				p.ops = append(p.ops, op)
				in, sh = op.out, op.outShape()
				continue
			}
			if t.G != 1 || len(sh) != 3 {
				break
			}
			op := &convOp{l: t, in: in, w: t.Weight.Data, wID: p.param(t.Weight), needDx: in != 0}
			if t.Bias != nil {
				op.b, op.bID = t.Bias.Data, p.param(t.Bias)
			} else {
				op.bID = -1
			}
			_, h, w := sh.CHW()
			op.g = t.geom(h, w)
			op.k, op.p = t.In*t.KH*t.KW, op.g.OH*op.g.OW
			op.direct = isPointwise(op.g)
			if bn, ok := next(1).(*BatchNorm2D); ok && !p.train && bn.C == t.Out {
				op.fold(bn)
				i++
			}
			if isReLU(next(1)) {
				op.relu = true
				i++
			}
			op.cid, op.nc = -1, 1
			if !op.direct {
				if p.train {
					op.nc = max(1, min(p.n, colChunk/(op.k*op.p)))
				}
				np := op.nc * op.p
				if p.train && op.k*op.p*p.n <= maxCachedCol {
					op.cid = len(p.colSizes)
					p.colSizes = append(p.colSizes, op.k*op.p)
				} else {
					p.colLen = max(p.colLen, op.k*np) // recomputed in bwd
				}
				if p.train && op.needDx {
					p.dcolLen = max(p.dcolLen, op.k*np)
				}
				p.tmpLen = max(p.tmpLen, t.Out*np)
			}
			sh = Shape{t.Out, op.g.OH, op.g.OW}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, p.inferConv(op))
			in = op.out
			continue
		case *Linear:
			op := &linearOp{l: t, in: in, wID: p.param(t.Weight), bID: -1, needDx: in != 0}
			if t.Bias != nil {
				op.bID = p.param(t.Bias)
			}
			if isReLU(next(1)) {
				op.relu = true
				i++
			}
			sh = Shape{t.Out}
			op.out = p.slot(t.Out)
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *Activation:
			if t.Kind != ActReLU {
				break
			}
			op := &reluOp{in: in, out: p.slot(int(sh.Elems()))}
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *Flatten:
			sh = Shape{int(sh.Elems())} // same slot: a flatten is a view
			continue
		case *Dropout:
			if !p.train {
				continue // the identity in eval
			}
		case *MaxPool2D:
			if len(sh) != 3 {
				break
			}
			c, h, w := sh.CHW()
			oh, ow := t.outHW(h, w)
			op := &maxPoolOp{win: t.Window2D, in: in, c: c, h: h, w: w, oh: oh, ow: ow}
			sh = Shape{c, oh, ow}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, p.inferPool(op))
			in = op.out
			continue
		case *AdaptiveAvgPool2D:
			if len(sh) != 3 {
				break
			}
			c, h, w := sh.CHW()
			op := &adaptiveOp{l: t, in: in, c: c, h: h, w: w}
			sh = Shape{c, t.OH, t.OW}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *ZeroPadShortcut:
			if len(sh) != 3 || sh[0] != t.In {
				break
			}
			_, h, w := sh.CHW()
			st := t.Stride
			op := &zeroPadOp{in: in, cin: t.In, cout: t.Out, s: st, h: h, w: w, oh: (h + st - 1) / st, ow: (w + st - 1) / st}
			sh = Shape{t.Out, op.oh, op.ow}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *BatchNorm2D:
			if len(sh) != 3 {
				break
			}
			if p.train {
				// Batch statistics span the whole batch: one part only.
				// Batch statistics span the whole batch: the parts meet
				// at a barrier to sum them (bnTrainOp).
				op := &bnTrainOp{l: t, in: in, c: sh[0], hw: sh[1] * sh[2], wID: p.param(t.Weight), bID: p.param(t.Bias), needDx: in != 0}
				if m := p.n * op.hw; m < 2 {
					panic(ShapeErrorf("nn", t.ModuleName, "BatchNorm2D needs more than 1 value per channel in training, got %d (batch %d × %d×%d)", m, p.n, sh[1], sh[2]))
				}
				if isReLU(next(1)) {
					op.relu = true
					i++
				}
				op.out = p.slot(int(sh.Elems()))
				op.sid = len(p.statC)
				p.statC = append(p.statC, op.c)
				p.redLen = max(p.redLen, 2*op.c)
				p.ops = append(p.ops, op)
				in = op.out
				continue
			}
			op := &bnOp{in: in, c: sh[0], hw: sh[1] * sh[2]}
			op.scale, op.shift = bnAffine(t)
			if isReLU(next(1)) {
				op.relu = true
				i++
			}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *Residual:
			if (p.train && t.Survival < 1) || (t.After != nil && !isReLU(t.After)) {
				break
			}
			op := &residualOp{in: in, scale: 1, relu: t.After != nil}
			if t.Survival < 1 {
				op.scale = float32(t.Survival)
			}
			outer := p.ops
			p.ops = nil
			op.s, op.sSlot = in, in
			var ssh Shape = sh
			if t.Shortcut != nil {
				op.sSlot, ssh = p.compile(flattenSeq(t.Shortcut, nil), in, sh)
				op.s = -1
			}
			op.short = p.ops
			p.ops = nil
			var bsh Shape
			op.bSlot, bsh = p.compile(flattenSeq(t.Branch, nil), in, sh)
			op.branch = p.ops
			p.ops = outer
			if !bsh.Equal(ssh) {
				panic(ShapeErrorf("nn", t.ModuleName, "residual branch gives %v but the shortcut gives %v", bsh, ssh))
			}
			sh = bsh
			op.out = p.slot(int(sh.Elems()))
			if p.train && op.s < 0 {
				op.save = p.slot(p.elems[in]) // the branch's dx while the shortcut's is computed
			}
			if p.train && len(op.branch) > 0 && readsDy(op.branch[len(op.branch)-1]) && op.bSlot != in {
				op.aliasGrad = true
			}
			p.fuseResidual(op)
			p.ops = append(p.ops, op)
			in = op.out
			continue
		case *Parallel:
			// Inference, concatenated branches run one after another
			// (GoogLeNet's Inception modules): the branches' layers get
			// ops of their own instead of running as one fallback.
			if p.train || t.Concurrent || t.Join != JoinConcat || len(sh) != 3 || len(t.Branches) == 0 {
				break
			}
			op := &parallelOp{}
			outer := p.ops
			var c int
			var osh Shape
			for _, br := range t.Branches {
				p.ops = nil
				slot, bsh := p.compile(flattenSeq(br, nil), in, sh)
				op.branches = append(op.branches, p.ops)
				op.slots = append(op.slots, slot)
				if osh != nil && (len(bsh) != 3 || !bsh[1:].Equal(osh[1:])) {
					panic(ShapeErrorf("nn", t.ModuleName, "cannot concatenate branch outputs %v and %v", osh, bsh))
				}
				osh = bsh
				c += bsh[0]
			}
			p.ops = outer
			sh = Shape{c, osh[1], osh[2]}
			op.out = p.slot(int(sh.Elems()))
			p.ops = append(p.ops, op)
			in = op.out
			continue
		}
		// Fallback: the module's own Forward and Backward.
		r, err := Analyze(l, sh)
		if err != nil {
			var se *ShapeError
			if errors.As(err, &se) {
				panic(ShapeErrorf("nn", se.Path, "%s", se.Msg))
			}
			panic(ShapeErrorf("nn", l.Name(), "%v", err))
		}
		op := &fallbackOp{m: l, in: in, inSh: sh, outSh: r.Output, needDx: in != 0}
		sh = r.Output
		op.out = p.slot(int(sh.Elems()))
		p.ops = append(p.ops, op)
		p.shared = true
		in = op.out
	}
	return in, sh
}

// bnAffine is BatchNorm2D in eval as y = scale·x + shift per channel,
// in float64 as the layer computes it.
func bnAffine(bn *BatchNorm2D) (scale, shift []float64) {
	scale, shift = make([]float64, bn.C), make([]float64, bn.C)
	for c := range bn.C {
		inv := 1 / math.Sqrt(float64(bn.RunningVar.Data[c])+bn.Eps)
		g := float64(bn.Weight.Data[c])
		scale[c] = g * inv
		shift[c] = float64(bn.Bias.Data[c]) - float64(bn.RunningMean.Data[c])*g*inv
	}
	return scale, shift
}

// split returns the batch cut into w parts, building their memory on
// first use.
func (p *Plan) split(w int) []*planPart {
	for len(p.parts) <= w {
		p.parts = append(p.parts, nil)
	}
	if p.parts[w] != nil {
		return p.parts[w]
	}
	parts := make([]*planPart, w)
	grp := &partGroup{parts: parts}
	grp.cond.L = &grp.mu
	for i := range parts {
		lo, hi := i*p.n/w, (i+1)*p.n/w
		pt := &planPart{off: lo, n: hi - lo}
		pt.act = make([][]float32, len(p.elems))
		pt.sw = make([][]int32, len(p.elems))
		for s, e := range p.elems {
			if s > 0 {
				pt.act[s] = make([]float32, pt.n*e)
			}
		}
		if p.train {
			pt.grad = make([][]float32, len(p.elems))
			for s, e := range p.elems {
				if s > 0 {
					pt.grad[s] = make([]float32, pt.n*e)
				}
			}
			pt.pgrad = make([][]float32, len(p.params))
			for id, q := range p.params {
				if i > 0 {
					pt.pgrad[id] = make([]float32, len(q.Data))
				}
			}
		}
		pt.col = make([]float32, p.colLen)
		pt.dcol = make([]float32, p.dcolLen)
		pt.tmp = make([]float32, p.tmpLen)
		pt.red = [2][]float64{make([]float64, p.redLen), make([]float64, p.redLen)}
		for _, c := range p.statC {
			pt.stats = append(pt.stats, make([]float64, 6*c))
		}
		pt.grp = grp
		for _, c := range p.colSizes {
			pt.cols = append(pt.cols, make([]float32, pt.n*c))
		}
		p.allocSwitches(p.ops, pt)
		if p.train {
			aliasGrads(p.ops, pt)
		}
		pt.out = Tensor{Shape: append([]int{pt.n}, p.outSh...)}
		parts[i] = pt
	}
	p.parts[w] = parts
	return parts
}

// aliasGrads points each residual block's branch output gradient at the
// block's (residualOp.aliasGrad).
func aliasGrads(ops []planOp, pt *planPart) {
	for _, op := range ops {
		if o, ok := op.(*residualOp); ok {
			aliasGrads(o.short, pt)
			aliasGrads(o.branch, pt)
			if o.aliasGrad {
				pt.grad[o.bSlot] = pt.grad[o.out]
			}
		}
	}
}

func (p *Plan) allocSwitches(ops []planOp, pt *planPart) {
	for _, op := range ops {
		switch o := op.(type) {
		case *maxPoolOp:
			pt.sw[o.out] = make([]int32, pt.n*p.elems[o.out])
		case *residualOp:
			p.allocSwitches(o.short, pt)
			p.allocSwitches(o.branch, pt)
		case *parallelOp:
			for _, b := range o.branches {
				p.allocSwitches(b, pt)
			}
		}
	}
}

// workers is the number of parts to split a batch into.
func (p *Plan) workers() int {
	if p.shared {
		return 1
	}
	return max(1, min(par.Workers(), p.n))
}

// checkInput returns a *ShapeError naming the plan's model when x is not
// the (n, in...) batch the plan was built for.
func (p *Plan) checkInput(x *Tensor) error {
	if len(x.Data) != p.n*p.elems[0] || len(x.Shape) != len(p.in)+1 || x.Shape[0] != p.n || !Shape(x.Shape[1:]).Equal(p.in) {
		return ShapeErrorf("nn", p.m.Name(), "the plan was built for batches of %d × %v, got input %v", p.n, p.in, Shape(x.Shape))
	}
	return nil
}

// Forward runs the plan on x, (n, in...), and returns the output, which
// the plan owns: it is overwritten by the next call. A training plan
// runs in training mode (as Forward with a training Ctx).
func (p *Plan) Forward(x *Tensor) *Tensor {
	if err := p.checkInput(x); err != nil {
		panic(err) // a typed *ShapeError, as a layer's Forward panics
	}
	parts := p.split(p.workers())
	if len(parts) == 1 {
		p.forwardPart(parts[0], x)
	} else {
		par.Split(len(parts), func(i int) {
			defer parts[i].grp.abortOnPanic()
			p.forwardPart(parts[i], x)
		})
	}
	if len(parts) == 1 {
		pt := parts[0]
		pt.out.Data = pt.act[p.outSlot]
		if p.outSlot == 0 {
			pt.out.Data = x.Data
		}
		return &pt.out
	}
	// Several parts: gather their outputs.
	e := p.elems[p.outSlot]
	if len(p.gather) != p.n*e {
		p.gather = make([]float32, p.n*e)
		p.gout = Tensor{Shape: append([]int{p.n}, p.outSh...), Data: p.gather}
	}
	for _, pt := range parts {
		copy(p.gather[pt.off*e:], pt.act[p.outSlot])
	}
	return &p.gout
}

// Output is the output of the last Forward or Step (a Step's logits, as
// its forward pass left them), owned by the plan like Forward's.
func (p *Plan) Output() *Tensor {
	parts := p.split(p.workers())
	if len(parts) == 1 && p.outSlot != 0 {
		pt := parts[0]
		pt.out.Data = pt.act[p.outSlot]
		return &pt.out
	}
	e := p.elems[p.outSlot]
	if len(p.gather) != p.n*e {
		p.gather = make([]float32, p.n*e)
		p.gout = Tensor{Shape: append([]int{p.n}, p.outSh...), Data: p.gather}
	}
	for _, pt := range parts {
		copy(p.gather[pt.off*e:], pt.act[p.outSlot])
	}
	return &p.gout
}

func (p *Plan) forwardPart(pt *planPart, x *Tensor) {
	pt.act[0] = x.Data[pt.off*p.elems[0] : (pt.off+pt.n)*p.elems[0]]
	for _, op := range p.ops {
		op.fwd(p, pt)
	}
}

// Step runs one training step's computation on a batch: it zeroes the
// gradients of the trainable parameters, runs the forward pass, the
// softmax cross-entropy loss against labels (SoftmaxCrossEntropy's
// mean) and the backward pass, leaving dL/dθ in every Param.Grad. An
// optimiser's Step then updates the weights. It returns the loss.
func (p *Plan) Step(x *Tensor, labels []int) (float64, error) {
	if !p.train {
		return 0, fmt.Errorf("%s: Step on an inference plan (build it with train = true)", p.m.Name())
	}
	if err := p.checkInput(x); err != nil {
		return 0, err
	}
	k := p.elems[p.outSlot]
	if len(labels) != p.n {
		return 0, fmt.Errorf("%s: %d labels for a batch of %d", p.m.Name(), len(labels), p.n)
	}
	for i, l := range labels {
		if l < 0 || l >= k {
			return 0, fmt.Errorf("%s: label %d of sample %d is outside 0…%d", p.m.Name(), l, i, k-1)
		}
	}
	for _, q := range p.params {
		if len(q.Grad) != len(q.Data) {
			q.Grad = make([]float32, len(q.Data))
		}
		clear(q.Grad)
	}
	if p.shared {
		ZeroGrad(p.m) // the fallback modules' own parameters
	}
	parts := p.split(p.workers())
	for id, q := range p.params {
		parts[0].pgrad[id] = q.Grad
	}
	if len(parts) == 1 {
		p.stepPart(parts[0], x, labels)
	} else {
		par.Split(len(parts), func(i int) {
			defer parts[i].grp.abortOnPanic()
			p.stepPart(parts[i], x, labels)
		})
	}
	var loss float64
	for i, pt := range parts {
		loss += pt.loss
		if i == 0 {
			continue
		}
		for id, g := range pt.pgrad {
			dst := p.params[id].Grad
			for j, v := range g {
				dst[j] += v
			}
		}
	}
	return loss / float64(p.n), nil
}

// stepPart runs Step's forward, loss and backward on one part.
func (p *Plan) stepPart(pt *planPart, x *Tensor, labels []int) {
	if pt.off > 0 {
		for _, g := range pt.pgrad {
			clear(g)
		}
	}
	p.forwardPart(pt, x)
	pt.loss = crossEntropyInto(pt.act[p.outSlot], pt.grad[p.outSlot], labels[pt.off:pt.off+pt.n], p.elems[p.outSlot], p.n)
	for i := len(p.ops) - 1; i >= 0; i-- {
		p.ops[i].bwd(p, pt)
	}
}

// crossEntropyInto is SoftmaxCrossEntropy for the rows of z (k logits
// each) into d, with the mean taken over a whole batch of total samples;
// it returns the sum of the rows' losses.
func crossEntropyInto(z, d []float32, labels []int, k, total int) float64 {
	inv := 1 / float64(total)
	var loss float64
	for b, lab := range labels {
		zb, db := z[b*k:(b+1)*k], d[b*k:(b+1)*k]
		m := math.Inf(-1)
		for _, v := range zb {
			m = max(m, float64(v))
		}
		var s float64
		for _, v := range zb {
			s += math.Exp(float64(v) - m)
		}
		lse := m + math.Log(s)
		loss -= float64(zb[lab]) - lse
		for j, v := range zb {
			db[j] = float32(math.Exp(float64(v)-lse) * inv)
		}
		db[lab] -= float32(inv)
	}
	return loss
}

// dotNTMaxOut is the most output channels for which a training conv's
// weight gradient dW += dY·colᵀ runs as vec.DotNT's dot products of
// contiguous rows rather than through Sgemm, whose packing transposes
// both operands: for LeNet's C1 (6 channels) DotNT made the whole step
// about 10% faster; for 16 channels and more (LeNet's C3, ResNet-20's
// layers) Sgemm was as fast or faster, by 13% on ResNet-20
// (BenchmarkLeNet5TrainStep/plan and BenchmarkTrainStep/resnet20, the
// binaries of each choice alternating, 3 Dec 2026).
var dotNTMaxOut = 8

// convOp is a Conv2D (groups 1) with an optional folded BatchNorm and
// fused ReLU.
type convOp struct {
	l            *Conv2D
	in, out      int
	g            conv.Geom
	k, p         int // rows of col (In·KH·KW) and pixels per output plane
	w, b         []float32
	wID, bID     int
	relu, direct bool
	needDx       bool
	cid          int // index of the cached column matrix in planPart.cols, or -1
	nc           int // images per chunk (training; see colChunk)
}

// fold replaces the weights the op uses by copies with bn folded in.
func (o *convOp) fold(bn *BatchNorm2D) {
	scale, shift := bnAffine(bn)
	w := make([]float32, len(o.w))
	b := make([]float32, o.l.Out)
	for c := range o.l.Out {
		for i, v := range o.w[c*o.k : (c+1)*o.k] {
			w[c*o.k+i] = float32(float64(v) * scale[c])
		}
		var b0 float64
		if o.b != nil {
			b0 = float64(o.b[c])
		}
		b[c] = float32(b0*scale[c] + shift[c])
	}
	o.w, o.b = w, b
	o.wID, o.bID = -1, -1
}

// cols is the column matrix of images [i0, i0+c) of the part, side by
// side (row stride c·P): the op's own cache in training (backward reuses
// it), else the part's shared buffer.
func (o *convOp) cols(pt *planPart, i0, c int) []float32 {
	if o.cid >= 0 {
		return pt.cols[o.cid][i0*o.k*o.p : (i0+c)*o.k*o.p]
	}
	return pt.col[:c*o.k*o.p]
}

// fwd convolves the part's images in chunks of nc, each chunk one GEMM
// W·[col_1 … col_c] with the images' columns side by side (row stride
// c·P), so that the product is wide enough to run at the kernel's speed
// even for LeNet's small layers while the column matrix stays in cache
// (colChunk); a chunk's (Out, c, P) result is scattered to NCHW with the
// bias and ReLU on the way, or for one image written in place. A 1×1
// convolution reads each image as its own column matrix.
func (o *convOp) fwd(p *Plan, pt *planPart) {
	l := o.l
	inE, outE := p.elems[o.in], p.elems[o.out]
	x, y := pt.act[o.in], pt.act[o.out]
	if o.direct {
		for i := range pt.n {
			yi := y[i*outE : (i+1)*outE]
			gemm.Sgemm(false, false, l.Out, o.p, o.k, 1, o.w, o.k, x[i*inE:(i+1)*inE], o.p, 0, yi, o.p)
			biasReLU(yi, o.b, l.Out, o.p, o.relu)
		}
		return
	}
	for i0 := 0; i0 < pt.n; i0 += o.nc {
		c := min(o.nc, pt.n-i0)
		np := c * o.p
		col := o.cols(pt, i0, c)
		for i := range c {
			conv.Im2ColLd(o.g, x[(i0+i)*inE:(i0+i+1)*inE], col[i*o.p:], np)
		}
		if c == 1 {
			yi := y[i0*outE : (i0+1)*outE]
			gemm.Sgemm(false, false, l.Out, o.p, o.k, 1, o.w, o.k, col, o.p, 0, yi, o.p)
			biasReLU(yi, o.b, l.Out, o.p, o.relu)
			continue
		}
		t := pt.tmp[:l.Out*np]
		gemm.Sgemm(false, false, l.Out, np, o.k, 1, o.w, o.k, col, np, 0, t, np)
		for ch := range l.Out {
			var bv float32
			if o.b != nil {
				bv = o.b[ch]
			}
			for i := range c {
				vec.Norm(y[(i0+i)*outE+ch*o.p:(i0+i)*outE+(ch+1)*o.p], t[ch*np+i*o.p:ch*np+(i+1)*o.p], 0, 1, bv, o.relu)
			}
		}
	}
}

// biasReLU adds b[c] (if b is not nil) to plane c of y (c planes of p)
// and applies max(0, ·) if relu.
func biasReLU(y, b []float32, c, p int, relu bool) {
	if b == nil && !relu {
		return
	}
	for ch := range c {
		var bv float32
		if b != nil {
			bv = b[ch]
		}
		plane := y[ch*p : (ch+1)*p]
		vec.Norm(plane, plane, 0, 1, bv, relu)
	}
}

// bwd runs the forward pass's chunks backwards: it gathers a chunk's dy
// into (Out, c·P) with the ReLU mask and the bias gradient on the way
// (for one image, masks dy in place), then runs two GEMMs for the chunk:
// dW += dY·colᵀ (col cached by fwd, or unfolded again) and dcol = Wᵀ·dY,
// scattered back onto each image by col2im. The first layer computes no
// dx.
func (o *convOp) bwd(p *Plan, pt *planPart) {
	l := o.l
	inE, outE := p.elems[o.in], p.elems[o.out]
	dy, yv := pt.grad[o.out], pt.act[o.out]
	var dW, db []float32
	if o.wID >= 0 {
		dW = pt.pgrad[o.wID]
	}
	if o.bID >= 0 {
		db = pt.pgrad[o.bID]
	}
	if o.direct {
		if o.relu {
			vec.ReLUMask(dy, yv)
		}
		for i := range pt.n {
			x := pt.act[o.in][i*inE : (i+1)*inE]
			dyi := dy[i*outE : (i+1)*outE]
			if db != nil {
				for c := range l.Out {
					db[c] += float32(vec.Sum64(dyi[c*o.p : (c+1)*o.p]))
				}
			}
			if dW != nil {
				gemm.Sgemm(false, true, l.Out, o.k, o.p, 1, dyi, o.p, x, o.p, 1, dW, o.k)
			}
			if o.needDx {
				gemm.Sgemm(true, false, o.k, o.p, l.Out, 1, o.w, o.k, dyi, o.p, 0, pt.grad[o.in][i*inE:(i+1)*inE], o.p)
			}
		}
		return
	}
	for i0 := 0; i0 < pt.n; i0 += o.nc {
		c := min(o.nc, pt.n-i0)
		np := c * o.p
		var t []float32
		if c == 1 {
			t = dy[i0*outE : (i0+1)*outE]
			if o.relu {
				vec.ReLUMask(t, yv[i0*outE:(i0+1)*outE])
			}
			if db != nil {
				for ch := range l.Out {
					db[ch] += float32(vec.Sum64(t[ch*o.p : (ch+1)*o.p]))
				}
			}
		} else {
			t = pt.tmp[:l.Out*np]
			for ch := range l.Out {
				var s float64
				for i := range c {
					at := (i0+i)*outE + ch*o.p
					s += vec.MaskSum64(t[ch*np+i*o.p:ch*np+(i+1)*o.p], dy[at:at+o.p], yv[at:at+o.p], o.relu)
				}
				if db != nil {
					db[ch] += float32(s)
				}
			}
		}
		col := o.cols(pt, i0, c)
		if o.cid < 0 { // not cached: unfold again
			for i := range c {
				conv.Im2ColLd(o.g, pt.act[o.in][(i0+i)*inE:(i0+i+1)*inE], col[i*o.p:], np)
			}
		}
		switch {
		case dW == nil:
		case l.Out <= dotNTMaxOut:
			vec.DotNT(dW, o.k, t, np, col, np, l.Out, o.k, np)
		default:
			gemm.Sgemm(false, true, l.Out, o.k, np, 1, t, np, col, np, 1, dW, o.k)
		}
		if !o.needDx {
			continue
		}
		dcol := pt.dcol[:o.k*np]
		gemm.Sgemm(true, false, o.k, np, l.Out, 1, o.w, o.k, t, np, 0, dcol, np)
		for i := range c {
			conv.Col2ImSetLd(o.g, dcol[i*o.p:], np, pt.grad[o.in][(i0+i)*inE:(i0+i+1)*inE])
		}
	}
}

// linearOp is a Linear with an optional fused ReLU.
type linearOp struct {
	l            *Linear
	in, out      int
	wID, bID     int
	relu, needDx bool
}

func (o *linearOp) fwd(p *Plan, pt *planPart) {
	l := o.l
	x, y := pt.act[o.in], pt.act[o.out]
	gemm.Sgemm(false, true, pt.n, l.Out, l.In, 1, x, l.In, l.Weight.Data, l.In, 0, y, l.Out)
	var b []float32
	if l.Bias != nil {
		b = l.Bias.Data
	}
	for i := range pt.n {
		row := y[i*l.Out : (i+1)*l.Out]
		for j := range row {
			v := row[j]
			if b != nil {
				v += b[j]
			}
			if o.relu {
				v = max(v, 0)
			}
			row[j] = v
		}
	}
}

func (o *linearOp) bwd(p *Plan, pt *planPart) {
	l := o.l
	dy := pt.grad[o.out]
	if o.relu {
		vec.ReLUMask(dy, pt.act[o.out])
	}
	if o.wID >= 0 {
		gemm.Sgemm(true, false, l.Out, l.In, pt.n, 1, dy, l.Out, pt.act[o.in], l.In, 1, pt.pgrad[o.wID], l.In)
	}
	if o.bID >= 0 {
		db := pt.pgrad[o.bID]
		for i := range pt.n {
			for j, v := range dy[i*l.Out : (i+1)*l.Out] {
				db[j] += v
			}
		}
	}
	if o.needDx {
		gemm.Sgemm(false, false, pt.n, l.In, l.Out, 1, dy, l.Out, l.Weight.Data, l.In, 0, pt.grad[o.in], l.In)
	}
}

// reluOp is a ReLU on its own.
type reluOp struct{ in, out int }

func (o *reluOp) fwd(p *Plan, pt *planPart) {
	vec.Norm(pt.act[o.out], pt.act[o.in], 0, 1, 0, true)
}

func (o *reluOp) bwd(p *Plan, pt *planPart) {
	if o.in == 0 {
		return
	}
	copy(pt.grad[o.in], pt.grad[o.out])
	vec.ReLUMask(pt.grad[o.in], pt.act[o.out])
}

// maxPoolOp is a MaxPool2D that keeps its switches in the part.
type maxPoolOp struct {
	win             Window2D
	in, out         int
	c, h, w, oh, ow int
}

func (o *maxPoolOp) fwd(p *Plan, pt *planPart) {
	maxPoolPlanes(o.win, pt.act[o.in], pt.act[o.out], pt.sw[o.out], o.h, o.w, o.oh, o.ow, 0, pt.n*o.c)
}

func (o *maxPoolOp) bwd(p *Plan, pt *planPart) {
	if o.in == 0 {
		return
	}
	dx, dy, sw := pt.grad[o.in], pt.grad[o.out], pt.sw[o.out]
	clear(dx)
	plane, opl := o.h*o.w, o.oh*o.ow
	for pl := range pt.n * o.c {
		dxp := dx[pl*plane : (pl+1)*plane]
		for k := pl * opl; k < (pl+1)*opl; k++ {
			dxp[sw[k]] += dy[k]
		}
	}
}

// adaptiveOp is an AdaptiveAvgPool2D.
type adaptiveOp struct {
	l       *AdaptiveAvgPool2D
	in, out int
	c, h, w int
}

func (o *adaptiveOp) fwd(p *Plan, pt *planPart) {
	l, h, w := o.l, o.h, o.w
	x, y := pt.act[o.in], pt.act[o.out]
	for pl := range pt.n * o.c {
		xp, yp := x[pl*h*w:(pl+1)*h*w], y[pl*l.OH*l.OW:(pl+1)*l.OH*l.OW]
		for i := 0; i < l.OH; i++ {
			h0, h1 := adaptiveCell(i, l.OH, h)
			for j := 0; j < l.OW; j++ {
				w0, w1 := adaptiveCell(j, l.OW, w)
				var s float32
				for hi := h0; hi < h1; hi++ {
					for _, v := range xp[hi*w+w0 : hi*w+w1] {
						s += v
					}
				}
				yp[i*l.OW+j] = s / float32((h1-h0)*(w1-w0))
			}
		}
	}
}

func (o *adaptiveOp) bwd(p *Plan, pt *planPart) {
	if o.in == 0 {
		return
	}
	l, h, w := o.l, o.h, o.w
	dx, dy := pt.grad[o.in], pt.grad[o.out]
	clear(dx)
	for pl := range pt.n * o.c {
		dxp, dyp := dx[pl*h*w:(pl+1)*h*w], dy[pl*l.OH*l.OW:(pl+1)*l.OH*l.OW]
		for i := 0; i < l.OH; i++ {
			h0, h1 := adaptiveCell(i, l.OH, h)
			for j := 0; j < l.OW; j++ {
				w0, w1 := adaptiveCell(j, l.OW, w)
				g := dyp[i*l.OW+j] / float32((h1-h0)*(w1-w0))
				for hi := h0; hi < h1; hi++ {
					row := dxp[hi*w+w0 : hi*w+w1]
					for k := range row {
						row[k] += g
					}
				}
			}
		}
	}
}

// bnOp is a BatchNorm2D in eval not folded into a conv (inference only).
type bnOp struct {
	in, out      int
	c, hw        int
	scale, shift []float64
	relu         bool
}

func (o *bnOp) fwd(p *Plan, pt *planPart) {
	x, y := pt.act[o.in], pt.act[o.out]
	for pl := range pt.n * o.c {
		c := pl % o.c
		s, t := o.scale[c], o.shift[c]
		yp := y[pl*o.hw : (pl+1)*o.hw]
		for j, v := range x[pl*o.hw : (pl+1)*o.hw] {
			r := float32(float64(v)*s + t)
			if o.relu {
				r = max(r, 0)
			}
			yp[j] = r
		}
	}
}

func (o *bnOp) bwd(p *Plan, pt *planPart) {
	panic("nn: plan: BatchNorm2D backward in an inference plan")
}

// residualOp is a Residual block in eval: y = After(Shortcut(x) +
// s·Branch(x)) with After a ReLU or nothing.
type residualOp struct {
	in, out       int
	s             int // the shortcut's slot when it is the identity, else -1
	sSlot, bSlot  int
	short, branch []planOp
	scale         float32
	relu          bool
	save          int  // training, projection shortcut: a slot for the branch's dx
	fused         bool // inference: the branch's last conv adds the shortcut (plan_conv.go)
	// aliasGrad (training): the branch's output gradient is the block's,
	// the same memory (planPart.grad), instead of a copy: the branch's
	// last op only reads it (see readsDy).
	aliasGrad bool
}

// readsDy reports that op's backward pass reads its output gradient
// without writing it (a fused ReLU masks it in place), so that a
// residual block can hand the branch its own gradient.
func readsDy(op planOp) bool {
	switch o := op.(type) {
	case *bnTrainOp:
		return !o.relu
	case *convOp:
		return !o.relu
	}
	return false
}

func (o *residualOp) fwd(p *Plan, pt *planPart) {
	for _, op := range o.short {
		op.fwd(p, pt)
	}
	for _, op := range o.branch {
		op.fwd(p, pt)
	}
	if o.fused {
		return
	}
	vec.AddScaled(pt.act[o.out], pt.act[o.sSlot], pt.act[o.bSlot], o.scale, o.relu)
}

// bwd: d = dy·[y > 0] goes down both paths. The branch's ops set
// grad[in]; the identity shortcut adds d to it, a projection's ops set
// grad[in] too, so the branch's share is kept aside and added back.
func (o *residualOp) bwd(p *Plan, pt *planPart) {
	d := pt.grad[o.out]
	if o.relu {
		vec.ReLUMask(d, pt.act[o.out])
	}
	if !o.aliasGrad {
		copy(pt.grad[o.bSlot], d)
	}
	for i := len(o.branch) - 1; i >= 0; i-- {
		o.branch[i].bwd(p, pt)
	}
	dx := pt.grad[o.in] // nil for the network's input: no dx wanted
	if o.s >= 0 {
		vec.Add(dx, d[:len(dx)])
		return
	}
	save := pt.grad[o.save]
	copy(save, dx)
	copy(pt.grad[o.sSlot], d)
	for i := len(o.short) - 1; i >= 0; i-- {
		o.short[i].bwd(p, pt) // a projection's weights learn even when dx is not wanted
	}
	vec.Add(dx, save[:len(dx)])
}

// fallbackOp runs a module the plan has no op for through its own
// Forward and Backward.
type fallbackOp struct {
	m           Module
	in, out     int
	inSh, outSh Shape
	needDx      bool
}

func (o *fallbackOp) fwd(p *Plan, pt *planPart) {
	x := FromData(pt.act[o.in], append([]int{pt.n}, o.inSh...)...)
	y := o.m.Forward(p.Ctx, x)
	copy(pt.act[o.out], y.Data)
}

func (o *fallbackOp) bwd(p *Plan, pt *planPart) {
	dy := FromData(pt.grad[o.out], append([]int{pt.n}, o.outSh...)...)
	dx := o.m.Backward(dy)
	if o.needDx {
		copy(pt.grad[o.in], dx.Data)
	}
}

// bnTrainOp is a BatchNorm2D in training (BatchNorm2D.Forward and
// Backward with the batch statistics, the running statistics updated as
// there), with an optional fused ReLU. When the batch is split, each
// part sums its own images and the parts add their sums at a barrier
// (planPart.allReduce), so the statistics span the whole batch, as they
// do on one core. x̂ = (x − μ)/σ is not stored: the backward pass
// computes its sums and terms from x, μ and 1/σ (one pass over the
// activations fewer in the forward pass, and no x̂ in memory).
type bnTrainOp struct {
	l            *BatchNorm2D
	in, out      int
	c, hw        int
	wID, bID     int
	relu, needDx bool
	sid          int // index of the part's statistics (planPart.stats)
}

// splitMean is μ rounded to float32: the hi of μ = hi + lo, where x − hi
// is exact for x within a factor 2 of hi (Sterbenz's lemma).
func splitMean(mu float64) float32 { return float32(mu) }

// scratch returns the part's μ and 1/σ for this op and two 2C buffers
// for its sums.
func (o *bnTrainOp) scratch(pt *planPart) (mean, invStd, part, total []float64) {
	st := pt.stats[o.sid]
	return st[:o.c], st[o.c : 2*o.c], st[2*o.c : 4*o.c], st[4*o.c : 6*o.c]
}

func (o *bnTrainOp) fwd(p *Plan, pt *planPart) {
	l, n, hw := o.l, pt.n, o.hw
	x, y := pt.act[o.in], pt.act[o.out]
	mean, invStd, part, total := o.scratch(pt)
	m := float64(p.n * hw) // the whole batch's values per channel
	// One pass for Σx and Σx², in float64: E[x²] − E[x]² loses about
	// log10(μ²/σ²) of float64's 16 digits, nothing at the scale of
	// activations (BatchNorm2D.Forward makes two passes, the mean and
	// then the deviations from it; a third pass over every activation
	// was 6% of a ResNet-20 step).
	for c := range o.c {
		var s, ss float64
		for b := range n {
			xc := x[(b*o.c+c)*hw : (b*o.c+c+1)*hw]
			s1, s2 := vec.SumDot64(xc, xc)
			s += s1
			ss += s2
		}
		part[c], part[o.c+c] = s, ss
	}
	pt.allReduce(part, total)
	for c := range o.c {
		mean[c] = total[c] / m
		variance := max(0, total[o.c+c]/m-mean[c]*mean[c])
		inv := 1 / math.Sqrt(variance+l.Eps)
		if pt.off == 0 { // one part updates the running statistics
			mom := l.Momentum
			rm, rv := &l.RunningMean.Data[c], &l.RunningVar.Data[c]
			*rm = float32((1-mom)*float64(*rm) + mom*mean[c])
			*rv = float32((1-mom)*float64(*rv) + mom*variance*m/(m-1))
		}
		invStd[c] = inv
		// y = γ·x̂ + β = (x − μ)·(γ/σ) + β, with μ = hi + lo split so that
		// x − hi is exact for x near μ and lo goes into the constant: a
		// float32 μ alone would be off by up to 2⁻²⁴·|μ|, which for
		// |μ|/σ ≈ 10⁵ is a third of a standard deviation
		// (TestPlanBatchNormOffset).
		hi, g := splitMean(mean[c]), float64(l.Weight.Data[c])*inv
		lo := mean[c] - float64(hi)
		for b := range n {
			off := (b*o.c + c) * hw
			vec.Norm(y[off:off+hw], x[off:off+hw], hi, float32(g), float32(float64(l.Bias.Data[c])-lo*g), o.relu)
		}
	}
}

func (o *bnTrainOp) bwd(p *Plan, pt *planPart) {
	l, n, hw := o.l, pt.n, o.hw
	dy, x := pt.grad[o.out], pt.act[o.in]
	mean, invStd, part, total := o.scratch(pt)
	if o.relu {
		vec.ReLUMask(dy, pt.act[o.out])
	}
	m := float64(p.n * hw)
	for c := range o.c {
		var sdy, sdyx float64
		for b := range n {
			off := (b*o.c + c) * hw
			s, d := vec.SumDot64(dy[off:off+hw], x[off:off+hw])
			sdy += s
			sdyx += d
		}
		part[c], part[o.c+c] = sdy, sdyx
	}
	pt.allReduce(part, total)
	for c := range o.c {
		inv := invStd[c]
		// Σ dy·x̂ = (Σ dy·x − μ·Σ dy)/σ, summed in float64.
		sdy, sdyh := total[c], (total[o.c+c]-mean[c]*total[c])*inv
		if pt.off == 0 { // the other parts' gradients are added to part 0's
			if o.wID >= 0 {
				pt.pgrad[o.wID][c] += float32(sdyh)
			}
			if o.bID >= 0 {
				pt.pgrad[o.bID][c] += float32(sdy)
			}
		}
		if !o.needDx {
			continue
		}
		// dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)) = k·dy + a + b·x̂,
		// with x̂ = (x − μ)/σ: k·dy + (a − b·lo/σ) + (b/σ)·(x − hi), μ =
		// hi + lo as in fwd.
		k := float64(l.Weight.Data[c]) * inv
		a, b := -k*sdy/m, -k*sdyh/m
		hi := splitMean(mean[c])
		lo := mean[c] - float64(hi)
		dx := pt.grad[o.in]
		for bi := range n {
			off := (bi*o.c + c) * hw
			vec.BNBackward(dx[off:off+hw], dy[off:off+hw], x[off:off+hw], float32(k), float32(a-b*inv*lo), float32(b*inv), hi)
		}
	}
}

// zeroPadOp is a ZeroPadShortcut (option A).
type zeroPadOp struct {
	in, out      int
	cin, cout, s int
	h, w, oh, ow int
}

func (o *zeroPadOp) fwd(p *Plan, pt *planPart) {
	x, y := pt.act[o.in], pt.act[o.out]
	for b := range pt.n {
		for c := range o.cout {
			dst := y[(b*o.cout+c)*o.oh*o.ow : (b*o.cout+c+1)*o.oh*o.ow]
			if c >= o.cin {
				clear(dst)
				continue
			}
			src := x[(b*o.cin+c)*o.h*o.w:]
			for i := range o.oh {
				for j := range o.ow {
					dst[i*o.ow+j] = src[i*o.s*o.w+j*o.s]
				}
			}
		}
	}
}

func (o *zeroPadOp) bwd(p *Plan, pt *planPart) {
	if o.in == 0 {
		return
	}
	dx, dy := pt.grad[o.in], pt.grad[o.out]
	clear(dx)
	for b := range pt.n {
		for c := range o.cin {
			src := dy[(b*o.cout+c)*o.oh*o.ow:]
			dst := dx[(b*o.cin+c)*o.h*o.w:]
			for i := range o.oh {
				for j := range o.ow {
					dst[i*o.s*o.w+j*o.s] = src[i*o.ow+j]
				}
			}
		}
	}
}

// parallelOp is a Parallel with concatenated branches in an inference
// plan: each branch's ops, then the branches' outputs copied side by
// side along the channels, image by image.
type parallelOp struct {
	branches [][]planOp
	slots    []int // each branch's output slot
	out      int
}

func (o *parallelOp) fwd(p *Plan, pt *planPart) {
	for _, ops := range o.branches {
		for _, op := range ops {
			op.fwd(p, pt)
		}
	}
	y, outE := pt.act[o.out], p.elems[o.out]
	off := 0
	for _, s := range o.slots {
		e, src := p.elems[s], pt.act[s]
		for i := range pt.n {
			copy(y[i*outE+off:i*outE+off+e], src[i*e:(i+1)*e])
		}
		off += e
	}
}

func (o *parallelOp) bwd(p *Plan, pt *planPart) {
	panic("nn: plan: Parallel backward in an inference plan")
}
