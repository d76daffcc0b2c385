package variants

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinearDecay: Huang et al. 2016 Eq. 4 on the 110-layer network: 54
// blocks, p_1 = 1 − 0.5/54, p_54 = p_L = 0.5, and the expected number of
// blocks in a training pass Σp_ℓ = (3L − 1)/4 = 40.25 (§3: "≈ 40").
func TestLinearDecay(t *testing.T) {
	p := LinearDecay(54, 0.5)
	require.Len(t, p, 54)
	assert.InDelta(t, 1-0.5/54, p[0], 1e-12, "p_1")
	assert.InDelta(t, 0.5, p[53], 1e-12, "p_L")
	e := ExpectedBlocks(p)
	assert.InDelta(t, (3*54.0-1)/4, e, 1e-9, "expected blocks: got %g, want (3L−1)/4", e)
	assert.InDelta(t, 40.25, e, 1e-9)

	m := StochasticDepth110()
	rs := Residuals(m.Net)
	require.Len(t, rs, 54, "residual blocks of resnet110-sd")
	for i, r := range rs {
		assert.InDelta(t, p[i], r.Survival, 1e-12, "block %d survival", i+1)
	}
	r := analyze(t, m)
	assert.Equal(t, 110, r.Depth, "depth at test time (every block runs)")
	// The network is He et al. 2016's ResNet-110 (option-A shortcuts):
	// Table 6, "110 | 1.7M" parameters. Survival probabilities hold none.
	assert.Equal(t, "1.7", millions(r.Params, 1), "params (M): got ours (%d), want He et al. 2016 Table 6's", r.Params)
}

// TestCountRuns: nn.Residual's own dropping, run 20,000 times over the 54
// blocks, keeps 40.25 blocks per pass on average. The count per pass has
// variance Σp(1−p) = 8.7, so the mean of 20,000 passes is within 0.1 of
// 40.25 with overwhelming probability (0.1 = 4.8 standard errors).
func TestCountRuns(t *testing.T) {
	got := CountRuns(LinearDecay(54, 0.5), 20000, 2016)
	assert.InDelta(t, 40.25, got, 0.1, "blocks run per training pass: got %.3f, want 40.25", got)
}

// TestSurvival: a dropped block passes its (rectified) input through
// unchanged; at test time the block runs with its branch scaled by p and
// the identity not scaled — which differs from the unscaled "whole
// network".
func TestSurvival(t *testing.T) {
	for _, p := range []float64{0.5, 0.75, 0.99} {
		dropped, scaled, full := SurvivalCheck(p, 7)
		assert.Zero(t, dropped, "p = %g: dropped block, max |y − x| got %g, want 0", p, dropped)
		assert.LessOrEqual(t, scaled, 1e-6, "p = %g: eval vs ReLU(x + p·F(x)), max difference got %g", p, scaled)
		assert.Greater(t, full, 1e-3, "p = %g: eval vs unscaled ReLU(x + F(x)), max difference got %g, want > 0", p, full)
	}
}
