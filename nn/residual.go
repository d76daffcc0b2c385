package nn

// Residual is y = After(Shortcut(x) + s·Branch(x)) (He et al. 2016):
//   - Shortcut nil is the identity; a 1×1 conv (+BN) is a projection
//     (option B/C); ZeroPadShortcut is option A.
//   - After is the post-addition activation of the original block (ReLU);
//     nil in the pre-activation block (He et al. 2016b), whose identity path
//     stays clean.
//   - Survival < 1 is stochastic depth (Huang et al. 2016): in training the
//     branch is kept with probability Survival (s = 1) or dropped (s = 0: it
//     does not run and the block is After(Shortcut(x)), the identity for an
//     identity shortcut whose input is already past a ReLU); in eval
//     s = Survival.
//
// Paths: a residual block has the branch's paths plus the shortcut's.
type Residual struct {
	Base
	Branch   Module
	Shortcut Module // nil: identity
	After    Module // nil: nothing after the sum
	Survival float64

	dropped bool    // the branch was dropped in the last training Forward
	scale   float32 // s of the last Forward
	inShape []int
}

// NewResidual declares a residual block with survival probability 1.
func NewResidual(name string, branch, shortcut, after Module) *Residual {
	return &Residual{Base: Base{name}, Branch: branch, Shortcut: shortcut, After: after, Survival: 1}
}

func (r *Residual) Children() []Module {
	var cs []Module
	for _, c := range []Module{r.Branch, r.Shortcut, r.After} {
		if c != nil {
			cs = append(cs, c)
		}
	}
	return cs
}

func (r *Residual) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if !(r.Survival > 0 && r.Survival <= 1) {
		return Flow{}, a.Errorf("survival probability %g is not in (0, 1]", r.Survival)
	}
	b, err := a.Child(r.Branch, in)
	if err != nil {
		return Flow{}, err
	}
	s := in
	if r.Shortcut != nil {
		if s, err = a.Child(r.Shortcut, in); err != nil {
			return Flow{}, err
		}
	}
	if !b.Shape.Equal(s.Shape) {
		return Flow{}, a.Errorf("residual branch gives %v but the shortcut gives %v: they cannot be added", b.Shape, s.Shape)
	}
	out, err := a.Join([]Flow{b, s}, b.Shape)
	if err != nil {
		return Flow{}, err
	}
	if r.After != nil {
		return a.Child(r.After, out)
	}
	return out, nil
}

// Forward adds the branch to the shortcut. With Survival < 1 one uniform
// number is drawn from c.Rng per training pass (before any child runs).
//
//	x: (N, C, H, W) → Shortcut(x), Branch(x): (N, C', H', W') → y: (N, C', H', W')
//	training, Survival < 1: u ~ U[0,1); kept (u < Survival): s = 1; dropped: s = 0,
//	                        the branch does not run and y = After(Shortcut(x))
//	eval:                   s = Survival (the expected branch, Huang et al. 2016 §3)
//	y = After(Shortcut(x) + s·Branch(x))
func (r *Residual) Forward(c *Ctx, x *Tensor) *Tensor {
	r.dropped, r.scale, r.inShape = false, 1, x.Shape
	if r.Survival < 1 {
		if c.Train {
			if c.Rng == nil {
				panic("nn: stochastic depth in training needs Ctx.Rng")
			}
			r.dropped = c.Rng.Float64() >= r.Survival
		} else {
			r.scale = float32(r.Survival)
		}
	}
	s := x
	if r.Shortcut != nil {
		s = r.Shortcut.Forward(c, x)
	}
	y := s.Clone()
	if !r.dropped {
		b := r.Branch.Forward(c, x)
		if len(b.Data) != len(y.Data) {
			panic(ShapeErrorf("nn", r.ModuleName, "residual branch gives %v but the shortcut gives %v", b.Shape, s.Shape))
		}
		for i, v := range b.Data {
			y.Data[i] += r.scale * v
		}
	}
	if r.After != nil {
		y = r.After.Forward(c, y)
	}
	return y
}

// Backward sends the gradient of the sum down both paths.
//
//	dy: (N, C', H', W') → dx: (N, C, H, W)
//	d = After'(dy) (dy if no After)
//	dx = Shortcut'(d) + Branch'(s·d)     (no branch term when it was dropped)
func (r *Residual) Backward(dy *Tensor) *Tensor {
	d := dy
	if r.After != nil {
		d = r.After.Backward(dy)
	}
	dx := NewTensor(r.inShape...)
	if r.Shortcut != nil {
		copy(dx.Data, r.Shortcut.Backward(d).Data)
	} else {
		copy(dx.Data, d.Data)
	}
	if r.dropped {
		return dx
	}
	db := d
	if r.scale != 1 {
		db = ZerosLike(d)
		for i, v := range d.Data {
			db.Data[i] = r.scale * v
		}
	}
	for i, v := range r.Branch.Backward(db).Data {
		dx.Data[i] += v
	}
	return dx
}

// ZeroPadShortcut is the parameter-free "option A" shortcut of He et al.
// 2016 §4.2 (CIFAR): subsample by Stride and pad the new channels with zeros.
//
//	x: (N, In, H, W) → y: (N, Out, ⌈H/s⌉, ⌈W/s⌉), y[:, :In] = x[:, :, ::s, ::s], y[:, In:] = 0
type ZeroPadShortcut struct {
	Base
	In, Out, Stride int
	inShape         []int
}

// NewZeroPadShortcut declares an option-A shortcut.
func NewZeroPadShortcut(name string, in, out, stride int) *ZeroPadShortcut {
	return &ZeroPadShortcut{Base: Base{name}, In: in, Out: out, Stride: stride}
}

func (l *ZeroPadShortcut) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 || in.Shape[0] != l.In {
		return Flow{}, a.Errorf("expects %d channels, receives %v", l.In, in.Shape)
	}
	if l.Out < l.In {
		return Flow{}, a.Errorf("option A can only add channels (%d → %d)", l.In, l.Out)
	}
	if l.Stride < 1 {
		return Flow{}, a.Errorf("stride %d: must be at least 1", l.Stride)
	}
	s := l.Stride
	out := Shape{l.Out, (in.Shape[1] + s - 1) / s, (in.Shape[2] + s - 1) / s}
	return a.Leaf(l, in, LeafInfo{Type: "ZeroPadShortcut", Out: out, Window: &Window{K: 1, S: s}}), nil
}

// Forward subsamples and pads channels with zeros.
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW), OH = ⌈H/s⌉, OW = ⌈W/s⌉
//	y[n, c, i, j] = x[n, c, i·s, j·s] for c < In, 0 for c ≥ In
func (l *ZeroPadShortcut) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	if ch != l.In {
		panic(ShapeErrorf("nn", l.ModuleName, "ZeroPadShortcut expects %d channels, got input %v", l.In, x.Shape))
	}
	s := l.Stride
	oh, ow := (h+s-1)/s, (w+s-1)/s
	l.inShape = x.Shape
	y := NewTensor(n, l.Out, oh, ow)
	for b := 0; b < n; b++ {
		for cc := 0; cc < ch; cc++ {
			src := x.Data[(b*ch+cc)*h*w:]
			dst := y.Data[(b*l.Out+cc)*oh*ow:]
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					dst[i*ow+j] = src[i*s*w+j*s]
				}
			}
		}
	}
	return y
}

// Backward scatters the first In channels back to the sampled pixels.
//
//	dy: (N, Out, OH, OW) → dx: (N, In, H, W), dx[n, c, i·s, j·s] = dy[n, c, i, j], 0 elsewhere
func (l *ZeroPadShortcut) Backward(dy *Tensor) *Tensor {
	n, ch, h, w := l.inShape[0], l.inShape[1], l.inShape[2], l.inShape[3]
	oh, ow := dy.Shape[2], dy.Shape[3]
	s := l.Stride
	dx := NewTensor(l.inShape...)
	for b := 0; b < n; b++ {
		for cc := 0; cc < ch; cc++ {
			src := dy.Data[(b*l.Out+cc)*oh*ow:]
			dst := dx.Data[(b*ch+cc)*h*w:]
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					dst[i*s*w+j*s] = src[i*ow+j]
				}
			}
		}
	}
	return dx
}
