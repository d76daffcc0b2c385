package variants

import (
	"testing"

	"github.com/cnnbook/cnnbook/nn/nntest"
)

// Every layer of the chapter with a Backward meets nn's standard
// (nntest.CheckGrad: finite differences in float64, the derived tolerance,
// the ×1.01 negative control); TestMain fails if one escapes it.
// countBranch (stochastic.go) is left out: it outputs zeros whatever its
// input, to count how often stochastic depth runs a branch, so its
// gradient is exactly zero and a ×1.01 control cannot fail on it.
func TestMain(m *testing.M) {
	nntest.Main(m, "github.com/cnnbook/cnnbook/chapters/variants", "countBranch")
}
