package nn

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// RF is the receptive field of one output unit in input pixels, in the
// notation of Araujo, Norris & Sim, "Computing Receptive Fields of
// Convolutional Neural Networks", Distill 2019: size r, effective stride
// (jump) J and effective padding P. A layer with kernel k (dilated:
// d·(k−1)+1), stride s and padding p maps
//
//	r_out = r_in + (k−1)·J_in,  J_out = J_in·s,  P_out = P_in + p·J_in.
//
// Branches that join take the largest branch's; if their jumps differ the
// analysis says so in a note (see Analyzer.Join).
type RF struct {
	Size, Stride, Padding int
}

// Flow is what the analysis carries from layer to layer: the per-sample
// shape, the receptive field, the depth (weighted layers on the longest
// path so far) and the path-length polynomial (coefficient i = number of
// input-to-here paths that pass through i weighted layers; Veit et al. 2016).
type Flow struct {
	Shape Shape
	RF    RF
	Depth int
	Paths Poly
	// Unflat is the feature-map shape a Flatten saw, so that a linear layer
	// fed the wrong count can name where it came from (256×7×7).
	Unflat Shape
}

// StartFlow is the flow at a network's input.
func StartFlow(in Shape) Flow {
	return Flow{Shape: in, RF: RF{Size: 1, Stride: 1}, Paths: PolyOne()}
}

// Row is one leaf module in a summary.
//
// Ask what a row is by its module's Go type, not by its label:
//
//	if _, ok := row.Module.(*nn.Conv2D); ok { … }
//
// Type is only the label the tables print (PyTorch's class name, so that
// a summary reads like torchvision's); two modules may share a label.
type Row struct {
	Name      string // dotted path: "features.0", "layer1.0.conv1"
	Type      string // display label: "Conv2d", "ReLU", ... (compare Module, not this)
	Module    Module // the leaf itself
	Out       Shape
	Params    int64 // parameters (buffers excluded), frozen included
	Trainable int64
	MACs      int64 // eval graph; 0 for training-only rows
	Acts      int64 // output elements at batch 1; 0 for in-place leaves
	RF        RF    // receptive field of one output unit of this leaf
	TrainOnly bool  // part of an auxiliary head
}

// Report is the static analysis of a network for one input shape.
type Report struct {
	Input           Shape
	Output          Shape
	Rows            []Row
	Params          int64 // every parameter the model holds (aux heads, frozen)
	Trainable       int64
	InferenceParams int64 // the eval graph only
	MACs            int64 // conv and linear multiply-accumulates, biases excluded
	Activations     int64 // float32 elements of leaf outputs, batch 1
	Depth           int   // weighted layers on the longest input→output path
	RF              RF    // at the first global pool / flatten / linear input
	Paths           Poly  // path-length distribution of the eval graph
	Notes           []string

	rfTaken bool
}

// ActivationBytes is Activations in bytes (float32).
func (r *Report) ActivationBytes() int64 { return 4 * r.Activations }

// PathCount is the number of input-to-output paths.
func (r *Report) PathCount() *big.Int { return r.Paths.Count() }

// Analyzer walks a module tree from shapes alone. Containers call Child
// for each child; leaves call Leaf.
type Analyzer struct {
	rep       *Report
	path      []string
	root      string
	trainOnly int
	err       error // the first failure of Leaf or Count (see fail)
}

// Analyze runs the static analysis of m for one sample of shape in.
// Nothing is allocated beyond the report: weights need not exist.
func Analyze(m Module, in Shape) (*Report, error) {
	a := &Analyzer{rep: &Report{Input: append(Shape(nil), in...)}, root: m.Name()}
	if len(in) == 0 {
		return nil, a.Errorf("empty input shape")
	}
	for _, d := range in {
		if d < 1 {
			return nil, a.Errorf("input shape %v: every axis needs at least 1 element", in)
		}
	}
	if a.elems("input", in); a.err != nil {
		return nil, a.err
	}
	out, err := m.Analyze(a, StartFlow(in))
	if err == nil {
		err = a.err
	}
	if err != nil {
		return nil, err
	}
	r := a.rep
	r.Output = out.Shape
	r.Depth = out.Depth
	r.Paths = out.Paths
	if !r.rfTaken {
		r.RF = out.RF
	}
	return r, nil
}

// Child analyses child c of the current module, extending the name path.
func (a *Analyzer) Child(c Module, in Flow) (Flow, error) {
	a.path = append(a.path, c.Name())
	defer func() { a.path = a.path[:len(a.path)-1] }()
	out, err := c.Analyze(a, in)
	if err == nil && a.err != nil { // stop at the first overflow
		err = a.err
	}
	return out, err
}

// TrainOnly analyses c as a training-only subgraph (an auxiliary head):
// its parameters count in the totals but not in the inference graph.
func (a *Analyzer) TrainOnly(c Module, in Flow) error {
	a.trainOnly++
	defer func() { a.trainOnly-- }()
	_, err := a.Child(c, in)
	return err
}

// Path is the dotted name of the module being analysed.
func (a *Analyzer) Path() string { return joinKey(a.path...) }

// Errorf returns a *ShapeError naming the current layer.
func (a *Analyzer) Errorf(format string, args ...any) error {
	return &ShapeError{Path: a.label(), Msg: fmt.Sprintf(format, args...)}
}

// Note records a remark about the current layer (never an error).
func (a *Analyzer) Note(format string, args ...any) {
	if a.trainOnly > 0 {
		return
	}
	a.rep.Notes = append(a.rep.Notes, fmt.Sprintf("%s: %s", a.label(), fmt.Sprintf(format, args...)))
}

func (a *Analyzer) label() string {
	if p := a.Path(); p != "" {
		return p
	}
	if a.root != "" {
		return a.root
	}
	return "input"
}

// Window is the sliding window of a conv or pool layer, for the receptive
// field.
type Window struct {
	K, S, P int // effective (dilated) kernel, stride, padding along one axis
}

// LeafInfo describes what a leaf does to its input, for the analysis.
type LeafInfo struct {
	Type     string
	Out      Shape
	MACs     int64
	Weighted bool    // a weight layer (conv, linear): counts toward depth and path length
	InPlace  bool    // ReLU, Dropout: output overwrites input, not counted in activations
	Window   *Window // nil for pointwise layers
	Global   bool    // global/adaptive pool, flatten, linear: the RF is read here
}

// Leaf records leaf m (the module being analysed) and returns its output flow.
func (a *Analyzer) Leaf(m Module, in Flow, li LeafInfo) Flow {
	r := a.rep
	var params, trainable int64
	for _, p := range m.Params() {
		if p.Buffer {
			continue
		}
		a.total("parameters", &params, p.Size())
		if p.Trainable() {
			a.total("trainable parameters", &trainable, p.Size())
		}
	}
	if li.Global && !r.rfTaken && a.trainOnly == 0 {
		r.RF, r.rfTaken = in.RF, true
	}
	out := Flow{Shape: li.Out, RF: in.RF, Depth: in.Depth, Paths: in.Paths}
	if w := li.Window; w != nil {
		out.RF = RF{
			Size:    in.RF.Size + (w.K-1)*in.RF.Stride,
			Stride:  in.RF.Stride * w.S,
			Padding: in.RF.Padding + w.P*in.RF.Stride,
		}
	}
	if li.Weighted {
		out.Depth++
		out.Paths = in.Paths.Shift(1)
	}
	row := Row{Name: a.Path(), Type: li.Type, Module: m, Out: li.Out, Params: params, Trainable: trainable, RF: out.RF}
	a.total("parameters", &r.Params, params)
	a.total("trainable parameters", &r.Trainable, trainable)
	acts := a.elems("output elements", li.Out)
	if a.trainOnly > 0 {
		row.TrainOnly = true
	} else {
		row.MACs = li.MACs
		a.total("MACs", &r.MACs, li.MACs)
		a.total("inference parameters", &r.InferenceParams, params)
		if !li.InPlace {
			row.Acts = acts
			a.total("activations", &r.Activations, row.Acts)
		}
	}
	r.Rows = append(r.Rows, row)
	return out
}

// Join merges the flows of parallel branches into one output of shape
// out: the receptive field is the largest branch's, the depth the longest,
// and the paths add up. Branches that reach the join with different
// effective strides (possible: a 1×1/2 and an unpadded 5×5/1 conv both
// take 8×8 to 4×4) still run, so that is a note, not an error: one
// (size, stride, padding) triple cannot describe both (Araujo et al. 2019
// assume aligned paths), and the largest branch's is kept.
func (a *Analyzer) Join(flows []Flow, out Shape) (Flow, error) {
	j := Flow{Shape: out, Paths: Poly{}}
	for i, f := range flows {
		if i > 0 && f.RF.Stride != flows[0].RF.Stride {
			a.Note("branches reach the join with different effective strides (%d and %d): the receptive field kept is the largest branch's", flows[0].RF.Stride, f.RF.Stride)
		}
		if f.RF.Size > j.RF.Size {
			j.RF = f.RF
		}
		j.Depth = max(j.Depth, f.Depth)
		j.Paths = j.Paths.Add(f.Paths)
	}
	return j, nil
}

// WindowOut computes one spatial axis of a sliding window with PyTorch's
// semantics (torch.nn.Conv2d / MaxPool2d docs):
//
//	out = floor_or_ceil((in + 2p − d·(k−1) − 1) / s) + 1
//
// and, in ceil mode, drops a last window that would start in the right
// padding. A window that does not tile the input is a note, not an error;
// a kernel larger than the padded input is an error. axis is "row" or "column".
func (a *Analyzer) WindowOut(in, k, s, p, d int, ceil bool) (int, error) {
	if k < 1 || s < 1 || p < 0 || d < 1 {
		return 0, a.Errorf("invalid window: kernel %d, stride %d, padding %d, dilation %d", k, s, p, d)
	}
	ke := d*(k-1) + 1
	if in > math.MaxInt-2*p {
		return 0, a.Errorf("padded input %s+2·%d exceeds 2⁶³−1: too large to count", Comma(int64(in)), p)
	}
	if in+2*p < ke {
		if d > 1 {
			return 0, a.Errorf("kernel %d (dilated to %d) is larger than the padded input %d+2·%d = %d", k, ke, in, p, in+2*p)
		}
		return 0, a.Errorf("kernel %d is larger than the padded input %d+2·%d = %d", k, in, p, in+2*p)
	}
	return windowOut(in, k, s, p, d, ceil), nil
}

// tilingNote records what a window that does not tile its input leaves
// out. For 11×11/4 on 224: "(224+2·0−11)/4+1 = 54.25 → 54: the last pixel
// row and column are never read". In ceil mode it says how far the last
// window overhangs instead.
func (a *Analyzer) tilingNote(h, w, kh, kw, sh, sw, ph, pw, dh, dw int, ceil bool) {
	he, hd := axisNote(h, kh, sh, ph, dh, ceil)
	we, wd := axisNote(w, kw, sw, pw, dw, ceil)
	switch {
	case he == "" && we == "":
	case he == we && hd("row", "rows") == wd("row", "rows"):
		both := strings.Replace(hd("row and column", "rows and columns"), " is never", " are never", 1)
		a.Note("%s: %s", he, both)
	default:
		if he != "" {
			a.Note("height %s: %s", he, hd("row", "rows"))
		}
		if we != "" {
			a.Note("width %s: %s", we, wd("column", "columns"))
		}
	}
}

// axisNote returns the arithmetic of one axis and a describer that names
// the lost rows or columns given the axis words (singular, plural); both
// empty when the window tiles the input.
func axisNote(in, k, s, p, d int, ceil bool) (string, func(one, many string) string) {
	ke := d*(k-1) + 1
	span := in + 2*p - ke
	left := span % s
	if left == 0 {
		return "", func(string, string) string { return "" }
	}
	expr := fmt.Sprintf("(%d+2·%d−%d)/%d+1 = %s", in, p, ke, s, frac(span, s))
	if ceil {
		out := (span+s-1)/s + 1
		if (out-1)*s >= in+p { // PyTorch drops a window that starts in the right padding
			return fmt.Sprintf("%s → %d (ceil mode, the window starting in the padding is dropped)", expr, out-1),
				func(string, string) string { return "the floor would give the same size" }
		}
		return fmt.Sprintf("%s → %d (ceil mode)", expr, out), func(_, many string) string {
			return fmt.Sprintf("the last window reads only %d of its %d %s", ke+left-s, ke, many)
		}
	}
	pad := min(left, p)
	pix := left - pad
	return fmt.Sprintf("%s → %d", expr, span/s+1), func(one, many string) string {
		switch {
		case pix == 0 && pad == 1:
			return fmt.Sprintf("the last padding %s is never read (no pixel is lost)", one)
		case pix == 0:
			return fmt.Sprintf("the last %d padding %s are never read (no pixel is lost)", pad, many)
		case pad == 0 && pix == 1:
			return fmt.Sprintf("the last pixel %s is never read", one)
		case pad == 0:
			return fmt.Sprintf("the last %d pixel %s are never read", pix, many)
		default:
			return fmt.Sprintf("the last %d padding and %d pixel %s are never read", pad, pix, many)
		}
	}
}

// frac renders a/b+1 with up to two decimals ("54.25").
func frac(a, b int) string {
	s := fmt.Sprintf("%.2f", float64(a)/float64(b)+1)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
