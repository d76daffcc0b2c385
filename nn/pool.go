package nn

import (
	"fmt"
	"math"

	"github.com/cnnbook/cnnbook/nn/internal/par"
	"github.com/cnnbook/cnnbook/nn/internal/vec"
)

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

// Forward takes each window's maximum and records where it was.
//
//	x: (N, C, H, W) → y: (N, C, OH, OW), Switches: N·C·OH·OW flat h·W+w indices
//	y[n,c,i,j] = max_{u,v} x[n, c, i·s−p+u·d, j·s−p+v·d]   (padding = −∞)
//
// Ties go to the first maximum in row-major window order and a NaN wins
// (the last one, if several), as in PyTorch's CPU kernel
// ("val > maxval || isnan(val)").
func (l *MaxPool2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	oh, ow := l.outHW(h, w)
	y := NewTensor(n, ch, oh, ow)
	l.inShape = append(l.inShape[:0], x.Shape...)
	if cap(l.Switches) >= len(y.Data) {
		l.Switches = l.Switches[:len(y.Data)]
	} else {
		l.Switches = make([]int32, len(y.Data))
	}
	sw := l.Switches
	win := l.Window2D // a local copy: the loop reads no field through l
	forPlanes(n*ch, oh*ow*win.KH*win.KW, func(lo, hi int) {
		maxPoolPlanes(win, x.Data, y.Data, sw, h, w, oh, ow, lo, hi)
	})
	return y
}

// maxPoolPlanes is MaxPool2D.Forward for planes [lo, hi) of x (each h×w)
// into y and the switches sw (each oh×ow).
func maxPoolPlanes(win Window2D, x, y []float32, sw []int32, h, w, oh, ow, lo, hi int) {
	if win.KH == 2 && win.KW == 2 && win.SH == 2 && win.SW == 2 && win.PH == 0 && win.PW == 0 &&
		win.DH == 1 && win.DW == 1 && 2*oh <= h && 2*ow <= w {
		maxPool2x2(x, y, sw, h, w, oh, ow, lo, hi)
		return
	}
	maxPoolGeneric(win, x, y, sw, h, w, oh, ow, lo, hi)
}

// maxPool2x2 is maxPoolPlanes for LeNet's and VGG's 2×2 windows of
// stride 2 that all lie inside the image: the four values of a window
// compared in the order the general loop visits them (row by row), with
// its rule: a larger value or a NaN takes over, so the first of equal
// maxima and the last NaN win (vec.MaxPool2x2Row: AVX2 blends, 8
// windows a step). Through the general loop's tap ranges it was 19% of a
// LeNet-5 training step, and 20% as a scalar loop of the four compares,
// whose branches the CPU cannot predict (BenchmarkLeNet5TrainStep's
// profiles, 3 Dec 2026).
func maxPool2x2(x, y []float32, sw []int32, h, w, oh, ow, lo, hi int) {
	for pl := lo; pl < hi; pl++ {
		xp := x[pl*h*w : (pl+1)*h*w]
		yp, sp := y[pl*oh*ow:(pl+1)*oh*ow], sw[pl*oh*ow:(pl+1)*oh*ow]
		for i := range oh {
			vec.MaxPool2x2Row(yp[i*ow:(i+1)*ow], sp[i*ow:(i+1)*ow], xp[2*i*w:], w, 2*i*w)
		}
	}
}

// maxPoolGeneric is maxPoolPlanes for any window.
func maxPoolGeneric(win Window2D, x, y []float32, sw []int32, h, w, oh, ow, lo, hi int) {
	for pl := lo; pl < hi; pl++ {
		xp := x[pl*h*w : (pl+1)*h*w]
		yp, sp := y[pl*oh*ow:(pl+1)*oh*ow], sw[pl*oh*ow:(pl+1)*oh*ow]
		for i := 0; i < oh; i++ {
			h0, h1 := tapRange(i*win.SH-win.PH, win.KH, win.DH, h)
			for j := 0; j < ow; j++ {
				w0, w1 := tapRange(j*win.SW-win.PW, win.KW, win.DW, w)
				best, arg := float32(math.Inf(-1)), h0*w+w0
				for hi := h0; hi < h1; hi += win.DH {
					if win.DW == 1 {
						for k, v := range xp[hi*w+w0 : hi*w+w1] {
							if v > best || v != v {
								best, arg = v, hi*w+w0+k
							}
						}
						continue
					}
					row := xp[hi*w : hi*w+w1]
					for wi := w0; wi < w1; wi += win.DW {
						if v := row[wi]; v > best || v != v {
							best, arg = v, hi*w+wi
						}
					}
				}
				yp[i*ow+j], sp[i*ow+j] = best, int32(arg)
			}
		}
	}
}

// Backward routes each gradient to the input its maximum came from.
//
//	dy: (N, C, OH, OW) → dx: (N, C, H, W)
//	dx[n,c,Switches[n,c,i,j]] += dy[n,c,i,j]
func (l *MaxPool2D) Backward(dy *Tensor) *Tensor {
	if l.inShape == nil {
		panic("nn: " + l.Name() + ": MaxPool2D.Backward before Forward")
	}
	dx := NewTensor(l.inShape...)
	plane := l.inShape[2] * l.inShape[3]
	if len(dy.Data) != len(l.Switches) {
		panic(fmt.Sprintf("nn: %s: MaxPool2D.Backward: dy has %d elements, the last Forward gave %d", l.Name(), len(dy.Data), len(l.Switches)))
	}
	opl := len(dy.Data) / max(l.inShape[0]*l.inShape[1], 1)
	forPlanes(l.inShape[0]*l.inShape[1], opl, func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dxp := dx.Data[pl*plane : (pl+1)*plane]
			for k := pl * opl; k < (pl+1)*opl; k++ {
				dxp[l.Switches[k]] += dy.Data[k]
			}
		}
	})
	return dx
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

	sw      []int32 // the switches of the last Forward
	inShape []int
}

// NewMaxUnpool2D declares an unpooling into an outH×outW map using the
// switches of pool.
func NewMaxUnpool2D(name string, pool *MaxPool2D, outH, outW int) *MaxUnpool2D {
	return &MaxUnpool2D{Base: Base{name}, Pool: pool, OutH: outH, OutW: outW}
}

func (l *MaxUnpool2D) switches() []int32 {
	if l.Switches != nil {
		return l.Switches
	}
	if l.Pool == nil || l.Pool.Switches == nil {
		panic(ShapeErrorf("nn", l.Name(), "MaxUnpool2D has no switches (run its MaxPool2D first or set Switches)"))
	}
	return l.Pool.Switches
}

// Forward writes each value at its switch and zeros elsewhere.
//
//	x: (N, C, H, W) → y: (N, C, OutH, OutW)
//	y[n,c,Switches[n,c,i,j]] = x[n,c,i,j]
//
// Two windows that share a maximum write the same value twice (PyTorch
// assigns, it does not add).
func (l *MaxUnpool2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	sw := l.switches()
	if len(sw) != len(x.Data) {
		panic(ShapeErrorf("nn", l.Name(), "MaxUnpool2D: %d switches for an input of %d elements (%v)", len(sw), len(x.Data), x.Shape))
	}
	plane := l.OutH * l.OutW
	y := NewTensor(n, ch, l.OutH, l.OutW)
	l.sw = sw
	l.inShape = append(l.inShape[:0], x.Shape...)
	for pl := 0; pl < n*ch; pl++ {
		yp := y.Data[pl*plane : (pl+1)*plane]
		for k := pl * h * w; k < (pl+1)*h*w; k++ {
			s := sw[k]
			if s < 0 || int(s) >= plane {
				panic(ShapeErrorf("nn", l.Name(), "MaxUnpool2D: switch %d outside the %d×%d output", s, l.OutH, l.OutW))
			}
			yp[s] = x.Data[k]
		}
	}
	return y
}

// Backward gathers: each input's gradient is the output gradient at its
// switch (PyTorch's max_unpool2d backward).
//
//	dy: (N, C, OutH, OutW) → dx: (N, C, H, W)
//	dx[n,c,i,j] = dy[n,c,Switches[n,c,i,j]]
func (l *MaxUnpool2D) Backward(dy *Tensor) *Tensor {
	if l.sw == nil {
		panic("nn: " + l.Name() + ": MaxUnpool2D.Backward before Forward")
	}
	n, ch := dy.Shape[0], dy.Shape[1]
	hw := len(l.sw) / max(n*ch, 1)
	dx := NewTensor(n, ch, l.inShape[2], l.inShape[3])
	plane := l.OutH * l.OutW
	for pl := 0; pl < n*ch; pl++ {
		dyp := dy.Data[pl*plane : (pl+1)*plane]
		for k := pl * hw; k < (pl+1)*hw; k++ {
			dx.Data[k] = dyp[l.sw[k]]
		}
	}
	return dx
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

// avgWindow is PyTorch's avg_pool2d window for output (i, j) along one
// axis: the window [t0, t1) is first clipped to the padded input
// [−p, in+p) — its length there is the count_include_pad divisor, so a
// ceil-mode window overhanging the padding counts only the padded part —
// then to the input [0, in), whose length is the ExcludePad divisor.
func avgWindow(start, k, p, in int) (t0, t1, padded int) {
	t1 = min(start+k, in+p)
	padded = t1 - start
	return max(start, 0), min(t1, in), padded
}

// Forward averages each window.
//
//	x: (N, C, H, W) → y: (N, C, OH, OW)
//	y[n,c,i,j] = Σ_{window ∩ input} x / divisor
//
// with divisor = the window's size within the padded input (PyTorch's
// count_include_pad=True) or its size within the input (ExcludePad).
func (l *AvgPool2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	if l.DH != 1 || l.DW != 1 {
		panic(ShapeErrorf("nn", l.Name(), "AvgPool2D has no dilation (PyTorch's AvgPool2d neither)"))
	}
	oh, ow := l.outHW(h, w)
	y := NewTensor(n, ch, oh, ow)
	l.inShape = append(l.inShape[:0], x.Shape...)
	forPlanes(n*ch, oh*ow*l.KH*l.KW, func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			xp, yp := x.Data[pl*h*w:(pl+1)*h*w], y.Data[pl*oh*ow:(pl+1)*oh*ow]
			for i := 0; i < oh; i++ {
				h0, h1, ph := avgWindow(i*l.SH-l.PH, l.KH, l.PH, h)
				for j := 0; j < ow; j++ {
					w0, w1, pw := avgWindow(j*l.SW-l.PW, l.KW, l.PW, w)
					var s float32
					for hi := h0; hi < h1; hi++ {
						for _, v := range xp[hi*w+w0 : hi*w+w1] {
							s += v
						}
					}
					yp[i*ow+j] = s / float32(l.divisor(h0, h1, w0, w1, ph, pw))
				}
			}
		}
	})
	return y
}

func (l *AvgPool2D) divisor(h0, h1, w0, w1, ph, pw int) int {
	d := ph * pw
	if l.ExcludePad {
		d = (h1 - h0) * (w1 - w0)
	}
	return max(d, 1) // an empty window sums to 0
}

// Backward spreads each gradient evenly over its window's input pixels.
//
//	dy: (N, C, OH, OW) → dx: (N, C, H, W)
//	dx[n,c,h,w] += Σ_{windows ∋ (h,w)} dy[n,c,i,j] / divisor(i,j)
func (l *AvgPool2D) Backward(dy *Tensor) *Tensor {
	if l.inShape == nil {
		panic("nn: " + l.Name() + ": AvgPool2D.Backward before Forward")
	}
	n, ch, h, w := l.inShape[0], l.inShape[1], l.inShape[2], l.inShape[3]
	oh, ow := dy.Shape[2], dy.Shape[3]
	dx := NewTensor(l.inShape...)
	forPlanes(n*ch, oh*ow*l.KH*l.KW, func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dxp, dyp := dx.Data[pl*h*w:(pl+1)*h*w], dy.Data[pl*oh*ow:(pl+1)*oh*ow]
			for i := 0; i < oh; i++ {
				h0, h1, ph := avgWindow(i*l.SH-l.PH, l.KH, l.PH, h)
				for j := 0; j < ow; j++ {
					w0, w1, pw := avgWindow(j*l.SW-l.PW, l.KW, l.PW, w)
					g := dyp[i*ow+j] / float32(l.divisor(h0, h1, w0, w1, ph, pw))
					for hi := h0; hi < h1; hi++ {
						row := dxp[hi*w+w0 : hi*w+w1]
						for k := range row {
							row[k] += g
						}
					}
				}
			}
		}
	})
	return dx
}

func (l *AvgPool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if l.DH != 1 || l.DW != 1 {
		return Flow{}, a.Errorf("an average pool has no dilation (got %d×%d)", l.DH, l.DW)
	}
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

// adaptiveCell is PyTorch's adaptive-pool cell i of n over an axis of
// length in: [floor(i·in/n), ceil((i+1)·in/n)).
func adaptiveCell(i, n, in int) (lo, hi int) {
	return i * in / n, ((i+1)*in + n - 1) / n
}

// Forward averages each cell.
//
//	x: (N, C, H, W) → y: (N, C, OH, OW)
//	y[n,c,i,j] = mean of x[n,c,h,w] over h ∈ cell(i, OH, H), w ∈ cell(j, OW, W)
func (l *AdaptiveAvgPool2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	y := NewTensor(n, ch, l.OH, l.OW)
	l.inShape = append(l.inShape[:0], x.Shape...)
	forPlanes(n*ch, h*w, func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			xp, yp := x.Data[pl*h*w:(pl+1)*h*w], y.Data[pl*l.OH*l.OW:(pl+1)*l.OH*l.OW]
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
	})
	return y
}

// Backward spreads each gradient evenly over its cell.
//
//	dy: (N, C, OH, OW) → dx: (N, C, H, W)
//	dx[n,c,h,w] += Σ_{cells ∋ (h,w)} dy[n,c,i,j] / |cell(i,j)|
func (l *AdaptiveAvgPool2D) Backward(dy *Tensor) *Tensor {
	if l.inShape == nil {
		panic("nn: " + l.Name() + ": AdaptiveAvgPool2D.Backward before Forward")
	}
	n, ch, h, w := l.inShape[0], l.inShape[1], l.inShape[2], l.inShape[3]
	dx := NewTensor(l.inShape...)
	forPlanes(n*ch, h*w, func(lo, hi int) {
		for pl := lo; pl < hi; pl++ {
			dxp, dyp := dx.Data[pl*h*w:(pl+1)*h*w], dy.Data[pl*l.OH*l.OW:(pl+1)*l.OH*l.OW]
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
	})
	return dx
}

func (l *AdaptiveAvgPool2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	if in.Shape[1] < 1 || in.Shape[2] < 1 {
		return Flow{}, a.Errorf("empty input %v", in.Shape)
	}
	if l.OH < 1 || l.OW < 1 {
		return Flow{}, a.Errorf("output size %d×%d: both sides must be at least 1", l.OH, l.OW)
	}
	if in.Shape[1]%l.OH != 0 || in.Shape[2]%l.OW != 0 {
		a.Note("%d×%d → %d×%d: the cells overlap or differ in size (%s)", in.Shape[1], in.Shape[2], l.OH, l.OW,
			fmt.Sprintf("%d/%d is not whole", in.Shape[1], l.OH))
	}
	return a.Leaf(l, in, LeafInfo{Type: "AdaptiveAvgPool2d", Out: Shape{in.Shape[0], l.OH, l.OW}, Global: true}), nil
}

// dims4 returns the four axes of an NCHW tensor, or panics naming the layer.
func dims4(name string, x *Tensor) (n, c, h, w int) {
	if len(x.Shape) != 4 {
		panic(ShapeErrorf("nn", name, "expects an (N, C, H, W) tensor, got shape %v", x.Shape))
	}
	return x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
}

// outHW is the output size of the window over an H×W input: Analyzer.WindowOut's
// arithmetic (floor or ceil, a ceil-mode window starting in the right
// padding dropped) without its checks, which Analyze makes.
func (w Window2D) outHW(h, wd int) (int, int) {
	return windowOut(h, w.KH, w.SH, w.PH, w.DH, w.Ceil), windowOut(wd, w.KW, w.SW, w.PW, w.DW, w.Ceil)
}

// windowOut is the arithmetic of Analyzer.WindowOut, which checks its
// arguments first; here a kernel larger than the padded input panics.
func windowOut(in, k, s, p, d int, ceil bool) int {
	span := in + 2*p - (d*(k-1) + 1)
	if span < 0 {
		panic(ShapeErrorf("nn", "", "kernel %d (dilation %d) is larger than the padded input %d+2·%d", k, d, in, p))
	}
	out := span/s + 1
	if ceil && span%s != 0 {
		out++
		if (out-1)*s >= in+p { // PyTorch: the last window must start inside the input or left padding
			out--
		}
	}
	return out
}

// tapRange is the dilated window's taps that fall inside [0, in): starting
// at start, k taps d apart; it returns the first valid tap and a bound to
// step to by d.
func tapRange(start, k, d, in int) (lo, hi int) {
	lo = start
	for lo < 0 {
		lo += d
	}
	hi = min(start+(k-1)*d+1, in)
	return lo, hi
}

// forPlanes runs fn over [0, planes) feature-map planes, in parallel when
// the work (planes × work per plane, in inner-loop steps) is worth
// goroutines: a chunk gets at least parGrainWork steps.
func forPlanes(planes, work int, fn func(lo, hi int)) {
	par.For(planes, parGrainWork/max(work, 1)+1, fn)
}

// parGrainWork is the smallest amount of inner-loop work (~ns each) worth
// a goroutine: a goroutine's start and join cost a few µs.
const parGrainWork = 1 << 15
