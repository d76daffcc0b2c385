package experiments

import (
	"testing"

	"github.com/cnnbook/cnnbook/nn/nntest"
)

// Every layer of the experiments with a Backward meets nn's standard
// (nntest.CheckGrad: finite differences in float64, the derived tolerance,
// the ×1.01 negative control); TestMain fails if one escapes it.
func TestMain(m *testing.M) { nntest.Main(m, "github.com/cnnbook/cnnbook/experiments") }

// TestNegateGradient: negate's Backward is −dy.
func TestNegateGradient(t *testing.T) {
	nntest.CheckGrad(t, &negate{}, nntest.DistinctInput(1, 0.5, 2, 10), true)
}
