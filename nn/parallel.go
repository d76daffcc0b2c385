package nn

// JoinKind is how parallel branches are merged.
type JoinKind int

const (
	JoinConcat JoinKind = iota // along channels (Inception, DenseNet)
	JoinSum                    // element-wise sum (ResNeXt's aggregated form)
	JoinMean                   // element-wise mean (FractalNet's join)
)

var joinTypes = [...]string{"concat", "sum", "mean"}

// Parallel runs every branch on the same input and joins the outputs.
//
//	x: (N, C, H, W) → branch_i(x): (N, C_i, H', W') → y: concat (N, ΣC_i, H', W') or sum/mean (N, C_1, H', W')
//
// DropPath > 0 is local drop-path (Larsson et al. 2017 §3.1): in training
// each branch is dropped with that probability, at least one kept; a mean
// join averages only the kept branches. Concurrent runs the branches in
// separate goroutines (AlexNet's two towers, one per core).
type Parallel struct {
	Base
	Branches   []Module
	Join       JoinKind
	DropPath   float64
	Concurrent bool

	// Keep, if non-nil, decides which branches survive a training pass
	// (FractalNet's global drop-path picks one column for the whole network).
	Keep func(c *Ctx, n int) []bool

	kept   []bool
	splits []int // channel offsets of the concat
	inputs int
}

// NewParallel declares parallel branches with the given join.
func NewParallel(name string, join JoinKind, branches ...Module) *Parallel {
	return &Parallel{Base: Base{name}, Branches: branches, Join: join}
}

func (p *Parallel) Children() []Module { return p.Branches }

func (p *Parallel) Analyze(a *Analyzer, in Flow) (Flow, error) {
	flows := make([]Flow, len(p.Branches))
	for i, b := range p.Branches {
		f, err := a.Child(b, in)
		if err != nil {
			return Flow{}, err
		}
		flows[i] = f
	}
	if len(flows) == 0 {
		return Flow{}, a.Errorf("no branches")
	}
	first := flows[0].Shape
	out := append(Shape(nil), first...)
	for i, f := range flows[1:] {
		s := f.Shape
		switch p.Join {
		case JoinConcat:
			if len(s) != 3 || len(first) != 3 || s[1] != first[1] || s[2] != first[2] {
				return Flow{}, a.Errorf("cannot concatenate branch %s (%v) with branch %s (%v): spatial sizes differ",
					p.Branches[i+1].Name(), s, p.Branches[0].Name(), first)
			}
			out[0] += s[0]
		default:
			if !s.Equal(first) {
				return Flow{}, a.Errorf("cannot %s branch %s (%v) with branch %s (%v)",
					joinTypes[p.Join], p.Branches[i+1].Name(), s, p.Branches[0].Name(), first)
			}
		}
	}
	return a.Join(flows, out)
}
