package variants

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChannelPlan: DenseNet-BC (L = 100, k = 12) for CIFAR. The stem makes
// 2k = 24 maps; a block of 16 layers adds 16·12 = 192; a transition
// halves (θ = 0.5): 24 → 216 → 108 → 300 → 150 → 342 at 32, 32, 16, 16, 8
// pixels. Each layer's 1×1 bottleneck makes 4k = 48 maps. Huang et al.
// 2017 Table 2: "DenseNet-BC (L = 100, k = 12) … 0.8M" parameters.
func TestChannelPlan(t *testing.T) {
	rows, err := ChannelPlan(DenseNetBC100)
	require.NoError(t, err)
	want := []struct {
		stage         string
		in, out, size int
	}{
		{"conv0", 3, 24, 32},
		{"denseblock1", 24, 216, 32},
		{"transition1", 216, 108, 16},
		{"denseblock2", 108, 300, 16},
		{"transition2", 300, 150, 8},
		{"denseblock3", 150, 342, 8},
	}
	require.Len(t, rows, len(want))
	for i, w := range want {
		r := rows[i]
		t.Run(w.stage, func(t *testing.T) {
			assert.Equal(t, w.stage, r.Stage)
			assert.Equal(t, [3]int{w.in, w.out, w.size}, [3]int{r.In, r.Out, r.Size}, "in, out channels and size")
			if r.Expected != 0 {
				assert.Equal(t, r.Expected, r.Out, "the plan's arithmetic")
			}
			t.Logf("%s: %d → %d channels at %d×%d = Huang et al. 2017 §3 (k = 12, θ = 0.5, L = 100)", r.Stage, r.In, r.Out, r.Size, r.Size)
			if r.Layers > 0 {
				assert.Equal(t, 48, r.Bottle, "bottleneck width 4k")
				assert.Equal(t, r.In+15*12, r.LayerIn[1], "the 16th layer reads the block input and 15 earlier outputs")
			}
		})
	}
	r := analyze(t, DenseNet(DenseNetBC100))
	assert.Equal(t, "0.8", millions(r.Params, 1), "params (M): got %d, want Table 2's 0.8M", r.Params)
	assert.Equal(t, 100, r.Depth, "depth: 1 + 3·16·2 + 2 transitions + fc")
}

// TestTorchvisionDenseNetPlan: the 1,024, 1,664 and 1,920 features
// torchvision's densenet121/169/201 hand their classifier (64 + 6·32 =
// 256 → 128 → 128 + 12·32 = 512 → 256 → … ).
func TestTorchvisionDenseNetPlan(t *testing.T) {
	for _, c := range []struct {
		cfg  DenseConfig
		want int
	}{{DenseNet121, 1024}, {DenseNet169, 1664}, {DenseNet201, 1920}} {
		t.Run(c.cfg.Name, func(t *testing.T) {
			rows, err := ChannelPlan(c.cfg)
			require.NoError(t, err)
			assert.Equal(t, c.want, rows[len(rows)-1].Out)
			fc := nn.Find(DenseNet(c.cfg).Net, "classifier").(*nn.Linear)
			assert.Equal(t, c.want, fc.In)
		})
	}
}

// TestDenseBlockPaths: layer ℓ of a dense block reads x_0 … x_{ℓ−1}, so
// the paths reaching x_ℓ are the sum of those reaching each earlier x:
// P(x_ℓ) = 2^(ℓ−1) and the block output (the concatenation of x_0 … x_L)
// has Σ = 2^L paths — as many as L residual blocks. A path passes through
// any subset of the layers, in order, so C(L, j) paths cross j layers
// (2j convolutions each). L(L+1)/2 direct connections (abstract).
func TestDenseBlockPaths(t *testing.T) {
	for _, L := range []int{1, 2, 6, 16, 48} {
		t.Run(fmt.Sprintf("L=%d", L), func(t *testing.T) {
			b := DenseNetBlock("block", L, 16, 4, 4)
			r, err := nn.Analyze(b, nn.Shape{16, 8, 8})
			require.NoError(t, err)
			want := new(big.Int).Lsh(big.NewInt(1), uint(L))
			assert.Equal(t, 0, want.Cmp(r.PathCount()), "paths: got %s, want 2^%d", r.PathCount(), L)
			lengths := r.Paths.Lengths()
			for j := 0; j <= L; j++ {
				binom := new(big.Int).Binomial(int64(L), int64(j))
				got, ok := lengths[2*j]
				require.True(t, ok, "no path of %d convolutions", 2*j)
				assert.Equal(t, 0, binom.Cmp(got), "paths through %d layers: got %s, want C(%d,%d) = %s", j, got, L, j, binom)
			}
			conns, err := Connections(b, nn.Shape{16, 8, 8})
			require.NoError(t, err)
			assert.Equal(t, L*(L+1)/2, conns, "direct connections: got ours, want L(L+1)/2")
		})
	}
}

// TestConcatPreserves: a dense block's output begins with its input,
// untouched (the concatenation keeps it); a residual block's output does
// not (the sum mixes it with the branch).
func TestConcatPreserves(t *testing.T) {
	dense, residual := ConcatCheck(5)
	assert.Zero(t, dense, "dense block: max |y[:, :C₀] − x| got %g, want 0", dense)
	assert.Greater(t, residual, 0.1, "residual block: max |y − x| got %g, want > 0", residual)
}

// TestDenseNetForward: densenet-bc-100-12 runs forward and backward at
// 8×8 (the transitions halve it to 2×2; the global pool takes any size).
func TestDenseNetForward(t *testing.T) {
	m := DenseNet(DenseNetBC100)
	nn.InitParams(m.Net, nn.NewRNG(1))
	x := nn.NewTensor(2, 3, 8, 8)
	for i := range x.Data {
		x.Data[i] = float32(i%5) - 2
	}
	y, err := nn.Run(m.Net, &nn.Ctx{Train: true, Rng: nn.NewRNG(2)}, x)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 10}, y.Shape)
	assert.Equal(t, x.Shape, m.Net.Backward(nn.ZerosLike(y)).Shape)
}
