package nn_test

import (
	"slices"
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

// TestMain runs nn's tests and then fails unless every type of nn with a
// Backward went through nntest.CheckGrad (nntest.Main): a new layer without
// a finite-difference check fails `go test ./nn`.
func TestMain(m *testing.M) { nntest.Main(m, "github.com/cnnbook/cnnbook/nn") }

// The coverage check itself: it finds the package's layers, and it would
// notice one that no test checks.
func TestBackwardTypesFound(t *testing.T) {
	types, err := nntest.BackwardTypes(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Conv2D", "ConvTranspose2D", "MaxPool2D", "MaxUnpool2D", "AvgPool2D", "AdaptiveAvgPool2D",
		"LRN", "BatchNorm2D", "Activation", "Dropout", "Linear", "Flatten", "Sequential", "Residual", "ZeroPadShortcut",
		"Parallel", "DenseConcat", "FractalBlock", "DropPathScope", "Aux"} {
		if !slices.Contains(types, want) {
			t.Errorf("Backward of %s not found by the coverage parser (found %v)", want, types)
		}
	}
	if nntest.Checked("github.com/cnnbook/cnnbook/nn", "NoSuchLayer") {
		t.Errorf("a type no test checked counts as checked")
	}
}
