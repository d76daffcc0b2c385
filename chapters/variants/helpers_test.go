package variants

import (
	"strconv"
	"testing"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/require"
)

// count is one line of testdata/counts.txt, written by
// testdata/gen_torchvision.py with PyTorch 1.13 / torchvision 0.14.
type count struct{ Params, MACs int64 }

// readCounts parses testdata/counts.txt: "model params macs".
func readCounts(t *testing.T) map[string]count {
	t.Helper()
	out := map[string]count{}
	for _, f := range readFields(t, "testdata/counts.txt") {
		require.Len(t, f, 3)
		out[f[0]] = count{atoi(t, f[1]), atoi(t, f[2])}
	}
	return out
}

// readFields reads a testdata file as whitespace-separated fields.
func readFields(t *testing.T, path string) [][]string {
	t.Helper()
	out, err := testfile.Fields(path)
	require.NoError(t, err)
	return out
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return v
}

// analyze is m.Analyze or a test failure.
func analyze(t *testing.T, m *nn.Model) *nn.Report {
	t.Helper()
	r, err := m.Analyze()
	require.NoError(t, err, m.Name)
	return r
}

// millions rounds n/10⁶ to the given decimals, as a paper prints it.
func millions(n int64, decimals int) string {
	return strconv.FormatFloat(float64(n)/1e6, 'f', decimals, 64)
}
