package zfnet

import (
	"math"
	"slices"
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

// adjointGap returns ⟨t(y), x⟩ − ⟨y, c(x)⟩, the inner products in float64.
func adjointGap(c *nn.Conv2D, t *nn.ConvTranspose2D, x, y *nn.Tensor) float64 {
	dot := func(a, b []float32) (s float64) {
		for i := range a {
			s += float64(a[i]) * float64(b[i])
		}
		return s
	}
	return dot(t.Forward(nn.Eval, y).Data, x.Data) - dot(y.Data, c.Forward(nn.Eval, x).Data)
}

// TestDeconvIsTranspose: the deconvnet filters with "transposed versions
// of the same filters" (Zeiler & Fergus 2014 §2.1), and transpose builds
// exactly that, the adjoint: ⟨Wᵀy, x⟩ = ⟨y, Wx⟩ for every x and y. The
// weights, x and y are small integers (−3…3), so every float32 sum in
// either layer is an integer below 2²⁴ and exact in any summation order:
// the identity must hold with no tolerance at all. Convs with stride,
// padding, dilation, groups and odd sizes (output padding); the negative
// control adds 1 to one weight of the transpose and must break it.
func TestDeconvIsTranspose(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *nn.Conv2D
		side int
	}{
		{"3→8 3×3 pad 1", nn.NewConv2D("conv", 3, 8, 3, nn.Pad(1), nn.NoBias()), 8},
		{"ZFNet conv1: 3→96 7×7/2 pad 1", nn.NewConv2D("conv1", 3, 96, 7, nn.Stride(2), nn.Pad(1), nn.NoBias()), 29},
		{"4→6 5×5/2, groups 2, odd side", nn.NewConv2D("conv", 4, 6, 5, nn.Stride(2), nn.Pad(2), nn.Groups(2), nn.NoBias()), 11},
		{"2→3 3×3 dilation 2", nn.NewConv2D("conv", 2, 3, 3, nn.Pad(2), nn.Dilation(2), nn.NoBias()), 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := nn.NewRNG(7)
			small := func(d []float32) {
				for i := range d {
					d[i] = float32(rng.IntN(7) - 3)
				}
			}
			tc.c.Weight.Alloc()
			small(tc.c.Weight.Data)
			rep, err := nn.Analyze(tc.c, nn.Shape{tc.c.In, tc.side, tc.side})
			require.NoError(t, err)
			h, w := rep.Output[1], rep.Output[2]
			tr, err := transpose(tc.c, h, w, tc.side, tc.side)
			require.NoError(t, err)
			for draw := range 3 {
				x, y := nn.NewTensor(1, tc.c.In, tc.side, tc.side), nn.NewTensor(1, tc.c.Out, h, w)
				small(x.Data)
				small(y.Data)
				assert.Zero(t, adjointGap(tc.c, tr, x, y), "draw %d: ⟨Wᵀy, x⟩ − ⟨y, Wx⟩", draw)
				if draw == 0 {
					// Negative control: a transpose that is not quite W's.
					broken, err := transpose(tc.c, h, w, tc.side, tc.side)
					require.NoError(t, err)
					broken.Weight = nn.NewParam("weight", nn.InitZeros, tc.c.Weight.Shape...)
					broken.Weight.Data = slices.Clone(tc.c.Weight.Data)
					broken.Weight.Data[0]++
					assert.NotZero(t, adjointGap(tc.c, broken, x, y), "a transpose with one weight off by 1 passes the adjoint check")
				}
			}
		})
	}
}

// TestTransposeIsNotInverse: the transpose undoes a convolution only when
// WᵀW = a·I, and the residual min_a ‖a·Wᵀ(Wx) − x‖/‖x‖ that the claim
// zfnet/deconv-is-transpose prints tells the two apart. Three checks, no
// number to tune:
//   - a 1×1 conv with orthonormal filters (WᵀW = I) gives 0 (rounding);
//   - the chapter's random 3→8 3×3 conv gives what the same formula gives
//     in float64 from an explicit matrix of the conv;
//   - and that is far above rounding: the transpose is not the inverse.
func TestTransposeIsNotInverse(t *testing.T) {
	// 3→8 1×1 whose filters 0, 1, 2 are the unit vectors e_0, e_1, e_2 and
	// 3…7 zero: orthonormal columns, WᵀW = I.
	ortho := nn.NewConv2D("ortho", 3, 8, 1, nn.NoBias())
	ortho.Weight.Alloc()
	for c := range 3 {
		ortho.Weight.Data[c*3+c] = 1
	}
	rng := nn.NewRNG(3)
	x := nn.NewTensor(1, 3, 8, 8)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	r0 := residualOf(ortho, x)
	// √u: the residual is √(1 − cos²), so a cosine off by u in float32 reads as √u.
	floor := math.Sqrt(math.Ldexp(1, -24)) * 10
	assert.Less(t, r0, floor, "orthonormal 1×1 conv: residual %.3g, want ≈ 0 (WᵀW = I)", r0)

	c, x := transposeCase()
	got := residualOf(c, x)
	want := residual64(c, x)
	// float32 sums of ≤ 72 products per element, relative error ≤ 72·u ≈ 4.3e-6
	// of Σ|products|; through r = √(1 − cos²) ≈ 0.6 that is well under 1e-4.
	assert.InDelta(t, want, got, 1e-4, "residual: float32 layers %.6f, explicit float64 matrix %.6f", got, want)
	assert.Greater(t, got, 100*floor, "random 3×3 conv: residual %.3g is rounding, not a miss", got)
	t.Logf("random 3→8 3×3 conv: Wᵀ(Wx) misses x by %.3f at the best scale (float64: %.6f); orthonormal 1×1: %.2g", got, want, r0)
}

// residual64 computes min_a ‖a·WᵀWx − x‖/‖x‖ in float64 from the explicit
// matrix of conv c (stride 1, square kernel, padding P, no bias, x of
// shape (1, In, H, W)): M[(o,i,j), (ci,p,q)] = w[o, ci, p−i+P, q−j+P].
func residual64(c *nn.Conv2D, x *nn.Tensor) float64 {
	in, h, w, k, p := c.In, x.Shape[2], x.Shape[3], c.KH, c.PH
	n, m := in*h*w, c.Out*h*w
	mat := make([]float64, m*n)
	for o := range c.Out {
		for i := range h {
			for j := range w {
				for ci := range in {
					for di := range k {
						for dj := range k {
							pi, pj := i+di-p, j+dj-p
							if pi < 0 || pi >= h || pj < 0 || pj >= w {
								continue
							}
							mat[((o*h+i)*w+j)*n+(ci*h+pi)*w+pj] = float64(c.Weight.Data[((o*in+ci)*k+di)*k+dj])
						}
					}
				}
			}
		}
	}
	y := make([]float64, m)
	for r := range m {
		for col := range n {
			y[r] += mat[r*n+col] * float64(x.Data[col])
		}
	}
	z := make([]float64, n)
	for r := range m {
		for col := range n {
			z[col] += mat[r*n+col] * y[r]
		}
	}
	var xz, zz, xx float64
	for i, v := range x.Data {
		xz, zz, xx = xz+float64(v)*z[i], zz+z[i]*z[i], xx+float64(v)*float64(v)
	}
	return math.Sqrt(math.Max(0, 1-xz*xz/(xx*zz)))
}
