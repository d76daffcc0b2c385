package nn

// Window2D is the geometry of a sliding window along height and width.
type Window2D struct {
	KH, KW int // kernel
	SH, SW int // stride
	PH, PW int // zero (conv) or −∞ (max-pool) padding on each side
	DH, DW int // dilation (1 = dense)
	Ceil   bool
}

// Opt configures a conv or pool layer: nn.Stride(4), nn.Pad(2), nn.Groups(2).
type Opt func(*config)

type config struct {
	Window2D
	groups         int
	noBias         bool
	outPad         int  // ConvTranspose2D output_padding
	excludePad     bool // AvgPool2D count_include_pad=False
	strideExplicit bool
}

func newConfig(k int, opts []Opt) config {
	c := config{Window2D: Window2D{KH: k, KW: k, SH: 1, SW: 1, DH: 1, DW: 1}, groups: 1}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Kernel sets a non-square kernel.
func Kernel(kh, kw int) Opt { return func(c *config) { c.KH, c.KW = kh, kw } }

// Stride sets the stride on both axes.
func Stride(s int) Opt { return func(c *config) { c.SH, c.SW, c.strideExplicit = s, s, true } }

// Stride2 sets different strides for height and width.
func Stride2(sh, sw int) Opt { return func(c *config) { c.SH, c.SW, c.strideExplicit = sh, sw, true } }

// Pad sets the padding on both axes.
func Pad(p int) Opt { return func(c *config) { c.PH, c.PW = p, p } }

// Pad2 sets different paddings for height and width.
func Pad2(ph, pw int) Opt { return func(c *config) { c.PH, c.PW = ph, pw } }

// Dilation sets the dilation on both axes.
func Dilation(d int) Opt { return func(c *config) { c.DH, c.DW = d, d } }

// Groups splits channels into g groups (g = channels: depthwise).
func Groups(g int) Opt { return func(c *config) { c.groups = g } }

// NoBias leaves out the bias (convs followed by BatchNorm).
func NoBias() Opt { return func(c *config) { c.noBias = true } }

// CeilMode rounds the output size up (pools), as PyTorch's ceil_mode=True.
func CeilMode() Opt { return func(c *config) { c.Ceil = true } }

// OutputPadding adds rows/columns to one side of a transposed conv output.
func OutputPadding(p int) Opt { return func(c *config) { c.outPad = p } }

// ExcludePad makes an average pool divide by the pixels it covers only
// (PyTorch count_include_pad=False).
func ExcludePad() Opt { return func(c *config) { c.excludePad = true } }

// out computes the output size of the window over a (C,H,W) input,
// recording tiling notes, or an error naming the arithmetic.
func (w Window2D) out(a *Analyzer, in Shape) (oh, ow int, err error) {
	if len(in) != 3 {
		return 0, 0, a.Errorf("expects a C×H×W feature map, got %v", in)
	}
	_, h, wd := in.CHW()
	if oh, err = a.WindowOut(h, w.KH, w.SH, w.PH, w.DH, w.Ceil); err != nil {
		return 0, 0, err
	}
	if ow, err = a.WindowOut(wd, w.KW, w.SW, w.PW, w.DW, w.Ceil); err != nil {
		return 0, 0, err
	}
	a.tilingNote(h, wd, w.KH, w.KW, w.SH, w.SW, w.PH, w.PW, w.DH, w.DW, w.Ceil)
	return oh, ow, nil
}

// rfWindow is the receptive-field window (square kernels only matter for
// the RF of the paper networks; for non-square kernels the larger axis is used).
func (w Window2D) rfWindow() *Window {
	kh, kw := w.DH*(w.KH-1)+1, w.DW*(w.KW-1)+1
	if kw > kh {
		return &Window{K: kw, S: w.SW, P: w.PW}
	}
	return &Window{K: kh, S: w.SH, P: w.PH}
}
