package zfnet

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/nn"
)

// support returns, for a (1, C, H, W) projection, the bounding box of its
// non-zero pixels (any channel) and their number; ok is false if none.
func support(y *nn.Tensor) (r0, r1, c0, c1, n int, ok bool) {
	c, h, w := y.Shape[1], y.Shape[2], y.Shape[3]
	r0, c0 = h, w
	r1, c1 = -1, -1
	for ch := 0; ch < c; ch++ {
		for i := 0; i < h; i++ {
			for j := 0; j < w; j++ {
				if y.Data[(ch*h+i)*w+j] != 0 {
					r0, r1, c0, c1 = min(r0, i), max(r1, i), min(c0, j), max(c1, j)
					n++
				}
			}
		}
	}
	return r0, r1, c0, c1, n, n > 0
}

// TestProjectSupport: for a stack of convolutions with positive weights
// fed a positive image, every pixel an activation depends on contributes
// a positive amount, so its projection is non-zero exactly on its
// receptive field (clipped to the image). The box comes from the
// analysis: unit i of a layer with receptive field r, jump J and padding
// P sees rows i·J − P … i·J − P + r − 1. Every kernel here is at least as
// large as its stride, so the field has no holes.
func TestProjectSupport(t *testing.T) {
	stack := nn.Seq("stack",
		nn.NewConv2D("conv1", 2, 3, 3, nn.Pad(1)), nn.NewReLU("relu1"),
		nn.NewConv2D("conv2", 3, 4, 5, nn.Stride(2), nn.Pad(2)), nn.NewReLU("relu2"),
		nn.NewConv2D("conv3", 4, 2, 3, nn.Stride(2)), nn.NewReLU("relu3"))
	const side = 21
	rep, err := nn.Analyze(stack, nn.Shape{2, side, side})
	require.NoError(t, err)
	// r = 3 → 3+4·1 = 7 → 7+2·2 = 11; J = 1 → 2 → 4; P = 1 → 1+2·1 = 3 → 3.
	require.Equal(t, nn.RF{Size: 11, Stride: 4, Padding: 3}, rep.RF)
	require.True(t, rep.Output.Equal(nn.Shape{2, 5, 5}))

	rng := nn.NewRNG(1)
	for _, p := range nn.AllParams(stack) {
		p.Alloc()
		for i := range p.Data {
			if p.Name == "weight" {
				p.Data[i] = float32(0.1 + rng.Float64()) // positive
			}
		}
	}
	x := nn.NewTensor(1, 2, side, side)
	for i := range x.Data {
		x.Data[i] = float32(0.5 + rng.Float64())
	}
	box := func(i int) (int, int) {
		lo := i*rep.RF.Stride - rep.RF.Padding
		return max(lo, 0), min(lo+rep.RF.Size-1, side-1)
	}
	for _, u := range [][2]int{{0, 0}, {2, 2}, {4, 1}, {4, 4}} {
		t.Run(strconv.Itoa(u[0])+","+strconv.Itoa(u[1]), func(t *testing.T) {
			y, err := Project(stack, x, "relu3", 1, u[0], u[1])
			require.NoError(t, err)
			r0, r1, c0, c1, n, ok := support(y)
			require.True(t, ok, "projection is empty")
			w0, w1 := box(u[0])
			v0, v1 := box(u[1])
			assert.Equal(t, [4]int{w0, w1, v0, v1}, [4]int{r0, r1, c0, c1}, "support rows and columns: got %d…%d × %d…%d, want the receptive field %d…%d × %d…%d", r0, r1, c0, c1, w0, w1, v0, v1)
			// Dense inside the box, in both input channels.
			assert.Equal(t, 2*(w1-w0+1)*(v1-v0+1), n, "non-zero pixels: got %d, want the whole box in both channels", n)
		})
	}
}

// TestProjectZFNet projects a conv5 activation of a randomly initialised
// ZFNet on a 128×128 image (128 → 62 → 31 → 14 → 7): the projection is
// non-empty and lies inside the unit's receptive field. The unit is the
// top-left one, whose field (rows and columns 0…89) leaves most of the
// image out; of its 256 channels, the most active.
func TestProjectZFNet(t *testing.T) {
	net := ZFNet().Net.(*nn.Sequential)
	features := nn.Seq("features", net.Layers[:15]...) // conv1 … pool5
	rng := nn.NewRNG(2)
	for _, p := range nn.AllParams(features) {
		if p.Name == "weight" {
			p.Init = nn.InitHe // activations of a useful size
		}
		p.Fill(rng)
	}
	const side = 128
	x := nn.NewTensor(1, 3, side, side)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	upto := nn.Seq("", net.Layers[:14]...) // through relu5
	rep, err := nn.Analyze(upto, nn.Shape{3, side, side})
	require.NoError(t, err)
	y := upto.Forward(nn.Eval, x)
	hw := y.Shape[2] * y.Shape[3]
	ch := 0
	for c := range y.Shape[1] {
		if y.Data[c*hw] > y.Data[ch*hw] {
			ch = c
		}
	}
	require.Greater(t, y.Data[ch*hw], float32(0), "no channel fires at (0, 0)")

	p, err := Project(features, x, "relu5", ch, 0, 0)
	require.NoError(t, err)
	require.Equal(t, x.Shape, p.Shape)
	r0, r1, c0, c1, n, ok := support(p)
	require.True(t, ok, "projection of relu5[%d, 0, 0] is empty", ch)
	// Rows and columns 0·16 − 49 … 0·16 − 49 + 139 − 1, clipped: 0…89.
	rf := rep.RF
	require.Equal(t, nn.RF{Size: 139, Stride: 16, Padding: 49}, rf)
	hi := rf.Size - rf.Padding - 1
	assert.True(t, r0 >= 0 && r1 <= hi && c0 >= 0 && c1 <= hi,
		"support rows %d…%d, columns %d…%d: want inside the receptive field 0…%d", r0, r1, c0, c1, hi)
	t.Logf("relu5[%d, 0, 0] → %d non-zero values in rows %d…%d, columns %d…%d", ch, n, r0, r1, c0, c1)
}

// TestProjectPyTorch compares a projection with PyTorch's (conv2d,
// max_pool2d with indices, max_unpool2d, relu, conv_transpose2d;
// testdata/gen_pytorch.py) on a small conv-ReLU-pool stack whose weights
// and input follow integer formulas both sides evaluate exactly.
func TestProjectPyTorch(t *testing.T) {
	ramp := func(n int, mult, mod, off int64, scale float64) []float32 {
		d := make([]float32, n)
		for k := range d {
			d[k] = float32((float64((int64(k)*mult+off)%mod)/float64(mod) - 0.5) * scale)
		}
		return d
	}
	const side = 61
	stack := nn.Seq("stack",
		nn.NewConv2D("conv1", 3, 4, 7, nn.Stride(2), nn.Pad(1)), nn.NewReLU("relu1"),
		nn.NewMaxPool2D("pool1", 3, nn.Stride(2), nn.CeilMode()),
		nn.NewConv2D("conv2", 4, 5, 5, nn.Stride(2)), nn.NewReLU("relu2"),
		nn.NewMaxPool2D("pool2", 3, nn.Stride(2), nn.CeilMode()))
	c1, c2 := stack.Layers[0].(*nn.Conv2D), stack.Layers[3].(*nn.Conv2D)
	c1.Weight.Data, c1.Bias.Data = ramp(4*3*7*7, 7919, 211, 1, 0.4), []float32{3, 3, 3, 3}
	c2.Weight.Data, c2.Bias.Data = ramp(5*4*5*5, 104729, 223, 2, 0.4), []float32{10, 10, 10, 10, 10}
	x := nn.NewTensor(1, 3, side, side)
	for k := range x.Data {
		x.Data[k] = float32(float64(int64(k)*31%97) / 97)
	}

	ls := lines(t, "deconv_golden.txt")
	head := strings.Fields(ls[0])
	ch, _ := strconv.Atoi(head[0])
	i, _ := strconv.Atoi(head[1])
	j, _ := strconv.Atoi(head[2])
	want := make([]float64, len(x.Data))
	for _, l := range ls[1:] {
		f := strings.Fields(l)
		k, _ := strconv.Atoi(f[0])
		want[k], _ = strconv.ParseFloat(f[1], 64)
	}

	got, err := Project(stack, x, "pool2", ch, i, j)
	require.NoError(t, err)
	var scale float64
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	bad := 0
	for k, v := range got.Data {
		// float32 sums in a different order: agree to 1e-5 of the largest value.
		if math.Abs(float64(v)-want[k]) > 1e-5*scale {
			if bad++; bad <= 5 {
				t.Errorf("pixel %d: got %.7g, want PyTorch's %.7g", k, v, want[k])
			}
		}
		if (v == 0) != (want[k] == 0) {
			t.Errorf("pixel %d: got %g, want PyTorch's %g (support differs)", k, v, want[k])
		}
	}
	if bad > 5 {
		t.Errorf("%d pixels differ", bad)
	}
}

func TestProjectErrors(t *testing.T) {
	net := ZFNet().Net.(*nn.Sequential)
	x := nn.NewTensor(1, 3, 64, 64)
	_, err := Project(net, x, "conv9", 0, 0, 0)
	assert.EqualError(t, err, `zfnet: no layer "conv9" in zfnet`)
	_, err = Project(net, nn.NewTensor(2, 3, 64, 64), "conv1", 0, 0, 0)
	assert.Error(t, err)
	_, err = Project(net, nn.NewTensor(1, 3, 5, 5), "conv2", 0, 0, 0)
	assert.ErrorContains(t, err, "larger than the padded input")
}

// TestTransposeIsNotInverse: the deconvnet filters with the transpose of
// each convolution, which does not undo it: for a random 3→8 3×3 conv,
// Wᵀ(Wx) is 59% off x even at the best scale (claim zfnet/deconv-is-transpose).
func TestTransposeIsNotInverse(t *testing.T) {
	res := transposeResidual()
	assert.InDelta(t, 0.59, res, 0.005, "best-scale residual of Wᵀ(Wx) against x: got %.3f, want 0.59", res)
}
