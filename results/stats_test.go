package results

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpreadOf checks the interval against Student's t table: for 3
// values t_{0.975, 2} = 4.303 (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
func TestSpreadOf(t *testing.T) {
	s, err := SpreadOf([]float64{1, 2, 3})
	require.NoError(t, err)
	assert.InDelta(t, 2, s.Mean, 1e-12)
	assert.InDelta(t, 1, s.SD, 1e-12) // sample standard deviation (n − 1)
	assert.InDelta(t, 4.303/1.7320508, s.Hi-s.Mean, 1e-3)
	assert.Equal(t, 1.0, s.Min)
	assert.Equal(t, 3.0, s.Max)

	one, err := SpreadOf([]float64{0.5})
	require.NoError(t, err)
	assert.Equal(t, Spread{N: 1, Mean: 0.5, Lo: 0.5, Hi: 0.5, Min: 0.5, Max: 0.5}, one)
	_, err = SpreadOf(nil)
	assert.Error(t, err)
}
