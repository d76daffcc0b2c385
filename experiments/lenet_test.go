package experiments

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLeNet1998Loss checks the loss against eq. 9 written out,
// E = y_D + log(e^{−j} + Σ_i e^{−y_i}), its gradient against finite
// differences, and a wrong shape.
func TestLeNet1998Loss(t *testing.T) {
	y := []float64{3, 0.5, 7, 2, 9, 1.5, 4, 6, 8, 0.2, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	labels := []int{1, 9}
	out := nn.NewTensor(2, 10)
	for i, v := range y {
		out.Data[i] = float32(-v) // the model outputs −y
	}
	eq9 := func(y []float64) float64 {
		var e float64
		for n, d := range labels {
			s := math.Exp(-RBFConstant)
			for _, v := range y[n*10 : (n+1)*10] {
				s += math.Exp(-v)
			}
			e += y[n*10+d] + math.Log(s)
		}
		return e / float64(len(labels))
	}
	loss, grad, err := LeNet1998Loss(out, labels)
	require.NoError(t, err)
	assert.InDelta(t, eq9(y), loss, 1e-5, "eq. 9")
	for i := range y {
		h := 1e-4
		yp := append([]float64(nil), y...)
		ym := append([]float64(nil), y...)
		yp[i] += h
		ym[i] -= h
		// The gradient is with respect to the output −y.
		want := -(eq9(yp) - eq9(ym)) / (2 * h)
		assert.InDelta(t, want, float64(grad.Data[i]), 1e-4, "dE/dz[%d]", i)
	}
	_, _, err = LeNet1998Loss(nn.NewTensor(2, 11), labels)
	assert.ErrorContains(t, err, "(N, 10)")
}

// TestLeNet1998Model: the negated model has the same tensors (and so the
// same weights files) as lenet.LeNet1998, and its output is the RBF
// penalties negated.
func TestLeNet1998Model(t *testing.T) {
	a, b := lenet.LeNet1998(), LeNet1998Model()
	var ka, kb []string
	for _, p := range nn.AllParams(a.Net) {
		ka = append(ka, p.Key)
	}
	for _, p := range nn.AllParams(b.Net) {
		kb = append(kb, p.Key)
	}
	assert.Equal(t, ka, kb)
	lenet.Init(a.Net, nn.NewRNG(3))
	lenet.Init(b.Net, nn.NewRNG(3))
	x := nn.NewTensor(2, 1, 32, 32)
	for i := range x.Data {
		x.Data[i] = float32(i%13) / 13
	}
	ya, err := nn.Run(a.Net, nn.Eval, x)
	require.NoError(t, err)
	yb, err := nn.Run(b.Net, nn.Eval, x)
	require.NoError(t, err)
	for i := range ya.Data {
		assert.Equal(t, -ya.Data[i], yb.Data[i])
	}
}

// TestLeNetQuick runs `book experiment lenet -quick`: lenet5-1998 on 300
// images for one epoch, written under DIR/lenet.
func TestLeNetQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("lenet")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	run, err := results.ReadFile(train.PathsOf(filepath.Join(dir, "lenet"), "lenet5-1998", 1).JSON)
	require.NoError(t, err)
	assert.Equal(t, 300, run.TrainImages)
	assert.Len(t, run.Epochs, 1)
}

// TestCommittedLeNet1998 loads the committed lenet5-1998 weights into
// today's model and recomputes the accuracy recorded on the first 1,000
// test images.
func TestCommittedLeNet1998(t *testing.T) {
	dir := filepath.Join("..", "results", "lenet")
	p := train.PathsOf(dir, "lenet5-1998", 1)
	run, err := results.ReadFile(p.JSON)
	require.NoError(t, err)
	r := LeNet1998Recipe()
	m := r.Build()
	require.NoError(t, weights.Load(m.Net, p.Weights, nil))
	test, err := mnist.Load(mnist.Test)
	require.NoError(t, err)
	_, acc, err := train.Evaluate(m, test, mnist.Range(0, run.Check.Images), r.Format, r.Loss)
	require.NoError(t, err)
	assert.Equal(t, run.Check.Acc, acc, "%s: accuracy on the first %d test images", p.Weights, run.Check.Images)
	t.Logf("%s: %.3f on the first %d test images, as recorded (final test accuracy %.4f)", p.Weights, acc, run.Check.Images, run.FinalTestAcc)
}
