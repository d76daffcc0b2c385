package variants

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// TestFigureFour: each order of PreActBlock has the layers He et al.
// 2016b Fig. 4 draws, read off the module tree, and only (c)–(e) leave
// the identity path clean: with the branch silenced, the block's output is
// its input exactly, negative values included.
func TestFigureFour(t *testing.T) {
	for _, o := range FigureFour {
		t.Run(o.Label, func(t *testing.T) {
			b := PreActBlock("block", 4, 4, 1, o.Order, resnet.ShortcutB)
			branch, after := Ordering(b)
			assert.Equal(t, o.Branch, branch, "branch: got ours, want Fig. 4")
			assert.Equal(t, o.After, after, "after the addition: got ours, want Fig. 4")
			d := CleanProbe(o.Order) // the probe the chapter's listing and the ledger print
			if o.After == "" {
				assert.Zero(t, d, "clean identity: max |y − x| with the branch silenced: got %g, want 0", d)
			} else {
				assert.Greater(t, d, 0.1, "(a)/(b) change x after the addition: max |y − x| got %g, want > 0.1", d)
			}
			t.Logf("%s: branch %s, after the addition %q = He et al. 2016b Fig. 4; with the branch silenced max |y − x| = %.3g", o.Label, branch, after, d)
		})
	}
}

// TestPreActResNet: the pre-activation networks against He et al. 2016b
// Table 3 ("# params": ResNet-110 1.7M, ResNet-164 1.7M, ResNet-1001
// 10.2M) and their depths. The 1001-layer count matches the table without
// its BatchNorm scales and shifts (10.33M with them, 10.18M without): the
// paper's counts appear to leave BN out, which moves the two smaller
// networks by less than the rounding.
func TestPreActResNet(t *testing.T) {
	for _, c := range []struct {
		depth  int
		paper  string // Table 3, millions
		withBN bool   // compare the count with BN parameters
		blocks int
	}{
		{110, "1.7", true, 54},
		{164, "1.7", true, 54},
		{1001, "10.2", false, 333},
	} {
		t.Run(fmt.Sprintf("preact-resnet%d", c.depth), func(t *testing.T) {
			m := PreActResNet(c.depth)
			r := analyze(t, m)
			assert.Equal(t, c.depth, r.Depth, "depth: got ours, want the name's")
			assert.Len(t, Residuals(m.Net), c.blocks, "residual units")
			n := r.Params
			if !c.withBN {
				n -= bnParams(m.Net)
			}
			assert.Equal(t, c.paper, millions(n, 1), "params (M): got ours (%d), want Table 3's", n)
			t.Logf("preact-resnet%d: depth %d, %d units, %s parameters counted (BN included: %v) ≈ %sM = He et al. 2016b Table 3",
				c.depth, r.Depth, len(Residuals(m.Net)), nn.Comma(n), c.withBN, c.paper)
		})
	}
}

// bnParams is the number of BatchNorm scales and shifts in m.
func bnParams(m nn.Module) int64 {
	var n int64
	nn.Walk(m, func(_ string, l nn.Module) {
		if b, ok := l.(*nn.BatchNorm2D); ok {
			n += 2 * int64(b.C)
		}
	})
	return n
}

// TestResNet110Orders: the five Fig. 4 networks of Table 2 are 110 layers
// deep with 54 units; they differ by 192 parameters at most (the BNs of
// (a)–(c)'s two projections).
func TestResNet110Orders(t *testing.T) {
	base := analyze(t, PreActResNet(110)).Params
	for _, o := range FigureFour {
		t.Run(o.Label, func(t *testing.T) {
			m := ResNet110(o.Order)
			r := analyze(t, m)
			assert.Equal(t, 110, r.Depth)
			assert.Len(t, Residuals(m.Net), 54)
			assert.LessOrEqual(t, r.Params-base, int64(192), "params: got %d, want within 192 of (e)'s %d", r.Params, base)
			assert.GreaterOrEqual(t, r.Params, base)
		})
	}
}

// TestPreActForward: a pre-activation network runs forward and backward
// (reduced to 8×8 inputs; the global pool takes any size).
func TestPreActForward(t *testing.T) {
	for _, m := range []*nn.Model{PreActResNet(164), ResNet110(PreActOriginal)} {
		t.Run(m.Name, func(t *testing.T) {
			nn.InitParams(m.Net, nn.NewRNG(1))
			x := nn.NewTensor(2, 3, 8, 8)
			for i := range x.Data {
				x.Data[i] = float32(i%7) - 3
			}
			y, err := nn.Run(m.Net, &nn.Ctx{Train: true, Rng: nn.NewRNG(2)}, x)
			require.NoError(t, err)
			assert.Equal(t, []int{2, 10}, y.Shape)
			dx := m.Net.Backward(nn.ZerosLike(y))
			assert.Equal(t, x.Shape, dx.Shape)
		})
	}
}
