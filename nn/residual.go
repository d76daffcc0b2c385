package nn

// Residual is y = After(Shortcut(x) + s·Branch(x)) (He et al. 2016):
//   - Shortcut nil is the identity; a 1×1 conv (+BN) is a projection
//     (option B/C); ZeroPadShortcut is option A.
//   - After is the post-addition activation of the original block (ReLU);
//     nil in the pre-activation block (He et al. 2016b), whose identity path
//     stays clean.
//   - Survival < 1 is stochastic depth (Huang et al. 2016): in training the
//     branch is kept with probability Survival (s = 1) or dropped (the block
//     is the identity, s = 0); in eval s = Survival.
//
// Paths: a residual block has the branch's paths plus the shortcut's.
type Residual struct {
	Base
	Branch   Module
	Shortcut Module // nil: identity
	After    Module // nil: nothing after the sum
	Survival float64

	dropped bool // the branch was dropped in the last training Forward
	scale   float32
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
	s := l.Stride
	out := Shape{l.Out, (in.Shape[1] + s - 1) / s, (in.Shape[2] + s - 1) / s}
	return a.Leaf(l, in, LeafInfo{Type: "ZeroPadShortcut", Out: out, Window: &Window{K: 1, S: s}}), nil
}
