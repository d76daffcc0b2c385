package nn

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestSoftmaxCrossEntropy(t *testing.T) {
	// Uniform logits over K classes: loss = log K, whatever the label.
	loss, d, err := SoftmaxCrossEntropy(NewTensor(2, 10), []int{3, 7})
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Log(10); math.Abs(loss-want) > 1e-12 {
		t.Errorf("uniform logits: loss got %.15g, want log 10 = %.15g", loss, want)
	}
	// dlogits = (softmax − onehot)/N = (0.1 − [k = y])/2.
	if got, want := d.Data[3], float32((0.1-1)/2); math.Abs(float64(got-want)) > 1e-7 {
		t.Errorf("dlogits[0,3] got %g, want (0.1 − 1)/2 = %g", got, want)
	}
	if got, want := d.Data[10], float32(0.1/2); math.Abs(float64(got-want)) > 1e-7 {
		t.Errorf("dlogits[1,0] got %g, want 0.1/2 = %g", got, want)
	}

	// Large logits: the log-sum-exp shift keeps everything finite.
	// z = (1000, 0), label 1: log(e^1000 + 1) − 0 ≈ 1000;
	// z = (−1000, 1000), label 0: 1000 − (−1000) = 2000; mean 1500.
	loss, d, err = SoftmaxCrossEntropy(FromData([]float32{1000, 0, -1000, 1000}, 2, 2), []int{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1500.0; math.Abs(loss-want) > 1e-9 || math.IsNaN(float64(d.MaxAbs())) {
		t.Errorf("logits ±1000: loss got %g, want %g (mean of 1000 and 2000), dlogits %v", loss, want, d.Data)
	}
	for i, want := range []float32{0.5, -0.5, -0.5, 0.5} {
		if d.Data[i] != want {
			t.Errorf("logits ±1000: dlogits[%d] got %g, want %g = (onehot(argmax) − onehot(label))/2", i, d.Data[i], want)
		}
	}

	for _, tc := range []struct {
		labels []int
		want   string
	}{
		{[]int{0, 10}, "label 10 of sample 1 is outside 0…9"},
		{[]int{-1, 0}, "label -1 of sample 0 is outside 0…9"},
		{[]int{0}, "1 labels for a batch of 2"},
	} {
		_, _, err := SoftmaxCrossEntropy(NewTensor(2, 10), tc.labels)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("labels %v: got error %v, want one containing %q", tc.labels, err, tc.want)
		}
	}
}

// lossModule wraps the loss as a module from logits to a 1-element
// tensor so that gradCheck can check dlogits.
type lossModule struct {
	Base
	labels []int
	d      *Tensor
}

func (l *lossModule) Analyze(a *Analyzer, in Flow) (Flow, error) {
	return a.Leaf(l, in, LeafInfo{Type: "Loss", Out: Shape{1}}), nil
}

func (l *lossModule) Forward(c *Ctx, x *Tensor) *Tensor {
	loss, d, err := SoftmaxCrossEntropy(x, l.labels)
	if err != nil {
		panic(err)
	}
	l.d = d
	return FromData([]float32{float32(loss)}, 1, 1)
}

func (l *lossModule) Backward(dy *Tensor) *Tensor {
	dx := l.d.Clone()
	for i := range dx.Data {
		dx.Data[i] *= dy.Data[0]
	}
	return dx
}

func TestSoftmaxCrossEntropyGrad(t *testing.T) {
	x := randInput(1, 4, 6)
	for i := range x.Data {
		x.Data[i] *= 3
	}
	// The loss is one float32 of order 1: rounding it costs 6e−8 over
	// 2h = 2e−2, so the finite differences are good to ~1e−5.
	checkGrad(t, &lossModule{Base: Base{"loss"}, labels: []int{0, 5, 2, 2}}, x, true, withSample(0))
}

func ExampleSoftmaxCrossEntropy() {
	logits := FromData([]float32{2, 1, 0.1}, 1, 3)
	loss, d, _ := SoftmaxCrossEntropy(logits, []int{0})
	fmt.Printf("loss %.4f\ndlogits %.4f\n", loss, d.Data)
	// Output:
	// loss 0.4170
	// dlogits [-0.3410 0.2424 0.0986]
}
