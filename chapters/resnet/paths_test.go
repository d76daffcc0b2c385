package resnet

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinomialPaths: on the CIFAR networks (identity and option-A
// shortcuts, which hold no weighted layer) the analysis' path polynomial
// is Veit et al. 2016's binomial: 3n blocks, 2^(3n) paths, C(3n, k) of
// them through k residual branches. Lengths in layers are 2 + 2k (conv1
// and fc on every path, two convs per branch taken).
func TestBinomialPaths(t *testing.T) {
	for _, depth := range CIFARDepths {
		t.Run(fmt.Sprintf("resnet%d", depth), func(t *testing.T) {
			m := CIFAR(depth, true)
			r := m.MustAnalyze()
			blocks := ResidualBlocks(m.Net)
			assert.Equal(t, 3*(depth-2)/6, blocks, "blocks: want 3n")
			assert.Equal(t, pow2(blocks).String(), r.PathCount().String(), "paths: want 2^%d", blocks)
			lengths, err := BlockLengths(r.Paths, 2, 2)
			require.NoError(t, err)
			require.Len(t, lengths, blocks+1)
			for k, c := range lengths {
				want := new(big.Int).Binomial(int64(blocks), int64(k))
				if c.Cmp(want) != 0 {
					t.Errorf("paths through %d of %d blocks: got %s, want C(%d,%d) = %s", k, blocks, c, blocks, k, want)
				}
			}
			t.Logf("resnet%d: %d blocks, 2^%d paths, C(%d, k) through k blocks = Veit et al. 2016 §5", depth, blocks, blocks, blocks)
		})
	}
}

// TestPathCounts: the two counts the text quotes. ResNet-110 has 54
// blocks (the network Veit et al. 2016 unravel in their experiments),
// hence 2^54 paths; ResNet-1202 has 600 blocks, hence 2^600, a 181-digit
// integer that only a big-integer polynomial can hold.
func TestPathCounts(t *testing.T) {
	r110 := CIFAR(110, true).MustAnalyze()
	assert.Equal(t, "18014398509481984", r110.PathCount().String(), "resnet110: want 2^54")
	r1202 := CIFAR(1202, true).MustAnalyze()
	want := new(big.Int).Lsh(big.NewInt(1), 600)
	assert.Equal(t, want.String(), r1202.PathCount().String(), "resnet1202: want 2^600")
	assert.Len(t, want.String(), 181, "2^600 has ⌊600·log10 2⌋+1 = 181 digits")
	t.Logf("resnet110: %s paths = 2^54; resnet1202: 2^600, %d digits (Veit et al. 2016 §3: n blocks unravel into 2^n paths)",
		nn.Comma(r110.PathCount().Int64()), len(r1202.PathCount().String()))
	assert.True(t, strings.HasPrefix(want.String(), "41495155688809929585"), "2^600 = 4.1495…·10^180")
}

// TestVeitShare: Veit et al. 2016 plot this binomial for the 54-block
// ResNet-110 (the distribution of path lengths, Fig. 6a): most paths are of
// medium length, 19 to 35 blocks, the band 27 ± 8 around the mean. The
// binomial gives the share of that band exactly.
func TestVeitShare(t *testing.T) {
	r := CIFAR(110, true).MustAnalyze()
	lengths, err := BlockLengths(r.Paths, 2, 2)
	require.NoError(t, err)
	share := Share(lengths, 19, 35)
	assert.Greater(t, share, 0.95, "share of paths through 19..35 of 54 blocks: got %.4f, want > 0.95", share)
	// Σ_{k=19}^{35} C(54,k) / 2^54 = 0.980166 (Python: math.comb).
	assert.InDelta(t, 0.980166, share, 1e-6, "share of paths through 19..35 blocks")
	assert.InDelta(t, 1.0, Share(lengths, 0, 54), 1e-12, "all paths")
}

// TestProjectionPaths: the ImageNet models still have 2^blocks paths, but
// a projection shortcut is itself a weighted layer, so path lengths are no
// longer 2 + (2 or 3)·k and BlockLengths says so.
func TestProjectionPaths(t *testing.T) {
	for _, a := range Table1 {
		m := ImageNet(a.Depth, StrideAt1x1)
		r := m.MustAnalyze()
		blocks := 0
		for _, n := range a.Blocks {
			blocks += n
		}
		assert.Equal(t, blocks, ResidualBlocks(m.Net), "resnet%d blocks", a.Depth)
		assert.Equal(t, pow2(blocks).String(), r.PathCount().String(), "resnet%d paths: want 2^%d", a.Depth, blocks)
		per := 2
		if a.Bottleneck {
			per = 3
		}
		_, err := BlockLengths(r.Paths, 2, per)
		assert.Error(t, err, "resnet%d: projection shortcuts add lengths of their own", a.Depth)
	}
	_, err := BlockLengths(nn.PolyOne().Shift(3), 2, 2)
	assert.EqualError(t, err, "resnet: 1 paths of length 3 are not 2 + 2·k layers")
}
