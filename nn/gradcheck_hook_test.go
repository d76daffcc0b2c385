package nn_test

import (
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
)

// init installs the exported gradient check for package nn's own tests
// (see gradcheck_test.go).
func init() {
	nn.GradCheckHook = func(t testing.TB, m nn.Module, x *nn.Tensor, train bool, h float64, sample int, ctx func() *nn.Ctx) {
		t.Helper()
		var opts []nntest.Option
		if h != 0 {
			opts = append(opts, nntest.Step(h))
		}
		if sample >= 0 {
			opts = append(opts, nntest.Sample(sample))
		}
		if ctx != nil {
			opts = append(opts, nntest.Context(ctx))
		}
		nntest.CheckGrad(t, m, x, train, opts...)
	}
}
