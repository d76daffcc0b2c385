package nn

import "fmt"

// MaxPool2D takes the maximum over each window; padding counts as −∞.
// Forward records the switches (the flat index h·W+w, within its channel
// plane, of each maximum) that MaxUnpool2D and the deconvnet use.
//
//	x: (N, C, H, W) → y: (N, C, OH, OW), switches: (N, C, OH, OW)
type MaxPool2D struct {
	Base
	Window2D
	Switches []int32 // of the last Forward, as PyTorch's return_indices
	inShape  []int
}

// NewMaxPool2D declares a k×k max-pool; the stride defaults to k (PyTorch).
func NewMaxPool2D(name string, k int, opts ...Opt) *MaxPool2D {
	c := newConfig(k, opts)
	if !c.strideExplicit {
		c.SH, c.SW = c.KH, c.KW
	}
	return &MaxPool2D{Base: Base{name}, Window2D: c.Window2D}
}

// Analyze: PyTorch also requires the padding to be at most half the kernel.
func (l *MaxPool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if 2*l.PH > l.KH || 2*l.PW > l.KW {
		return Flow{}, a.Errorf("padding %d should be at most half the kernel %d", l.PH, l.KH)
	}
	oh, ow, err := l.Window2D.out(a, in.Shape)
	if err != nil {
		return Flow{}, err
	}
	return a.Leaf(l, in, LeafInfo{Type: "MaxPool2d", Out: Shape{in.Shape[0], oh, ow}, Window: l.rfWindow()}), nil
}

// MaxUnpool2D puts each value back where its maximum came from (the
// switches of Pool's last Forward, or Switches if set) and zeros elsewhere,
// into an explicit output size (PyTorch's MaxUnpool2d output_size).
//
//	x: (N, C, H, W), switches (N, C, H, W) → y: (N, C, OutH, OutW)
type MaxUnpool2D struct {
	Base
	Pool       *MaxPool2D // where the switches come from
	Switches   []int32    // overrides Pool.Switches when non-nil
	OutH, OutW int
}

// NewMaxUnpool2D declares an unpooling into an outH×outW map using the
// switches of pool.
func NewMaxUnpool2D(name string, pool *MaxPool2D, outH, outW int) *MaxUnpool2D {
	return &MaxUnpool2D{Base: Base{name}, Pool: pool, OutH: outH, OutW: outW}
}

func (l *MaxUnpool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	if l.OutH < in.Shape[1] || l.OutW < in.Shape[2] {
		return Flow{}, a.Errorf("output %d×%d is smaller than the input %d×%d", l.OutH, l.OutW, in.Shape[1], in.Shape[2])
	}
	return a.Leaf(l, in, LeafInfo{Type: "MaxUnpool2d", Out: Shape{in.Shape[0], l.OutH, l.OutW}}), nil
}

// AvgPool2D averages each window. With count_include_pad (PyTorch's
// default) padded zeros count in the divisor; ExcludePad() turns that off.
type AvgPool2D struct {
	Base
	Window2D
	ExcludePad bool
	inShape    []int
}

// NewAvgPool2D declares a k×k average pool; the stride defaults to k.
func NewAvgPool2D(name string, k int, opts ...Opt) *AvgPool2D {
	c := newConfig(k, opts)
	if !c.strideExplicit {
		c.SH, c.SW = c.KH, c.KW
	}
	return &AvgPool2D{Base: Base{name}, Window2D: c.Window2D, ExcludePad: c.excludePad}
}

func (l *AvgPool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if 2*l.PH > l.KH || 2*l.PW > l.KW {
		return Flow{}, a.Errorf("padding %d should be at most half the kernel %d", l.PH, l.KH)
	}
	oh, ow, err := l.Window2D.out(a, in.Shape)
	if err != nil {
		return Flow{}, err
	}
	return a.Leaf(l, in, LeafInfo{Type: "AvgPool2d", Out: Shape{in.Shape[0], oh, ow}, Window: l.rfWindow()}), nil
}

// AdaptiveAvgPool2D averages into a fixed OH×OW grid: output cell i spans
// input rows [floor(i·H/OH), ceil((i+1)·H/OH)), as PyTorch computes it.
// OH = OW = 1 is global average pooling.
type AdaptiveAvgPool2D struct {
	Base
	OH, OW  int
	inShape []int
}

// NewAdaptiveAvgPool2D declares an adaptive average pool to oh×ow.
func NewAdaptiveAvgPool2D(name string, oh, ow int) *AdaptiveAvgPool2D {
	return &AdaptiveAvgPool2D{Base: Base{name}, OH: oh, OW: ow}
}

// NewGlobalAvgPool is AdaptiveAvgPool2D to 1×1 (ResNet, GoogLeNet).
func NewGlobalAvgPool(name string) *AdaptiveAvgPool2D { return NewAdaptiveAvgPool2D(name, 1, 1) }

func (l *AdaptiveAvgPool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	if in.Shape[1] < 1 || in.Shape[2] < 1 {
		return Flow{}, a.Errorf("empty input %v", in.Shape)
	}
	if in.Shape[1]%l.OH != 0 || in.Shape[2]%l.OW != 0 {
		a.Note("%d×%d → %d×%d: the cells overlap or differ in size (%s)", in.Shape[1], in.Shape[2], l.OH, l.OW,
			fmt.Sprintf("%d/%d is not whole", in.Shape[1], l.OH))
	}
	return a.Leaf(l, in, LeafInfo{Type: "AdaptiveAvgPool2d", Out: Shape{in.Shape[0], l.OH, l.OW}, Global: true}), nil
}
