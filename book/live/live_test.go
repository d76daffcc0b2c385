package live

import (
	"math"
	"os"
	"testing"

	"github.com/cnnbook/cnnbook/data/mnist"
)

func loadNet(t testing.TB) *Net {
	t.Helper()
	b, err := os.ReadFile("../../results/lenet5-seed1.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	n, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInputIsTraining: Input gives, bit for bit, the values the training
// batches had (mnist.Set.BatchFormat with lenet5's format).
func TestInputIsTraining(t *testing.T) {
	f := mnist.Format{Pad: Pad, Scaling: mnist.Standard}
	if f.Side() != Side || mnist.Mean != Mean || mnist.Std != Std || mnist.Rows != Field {
		t.Fatalf("live's constants (side %d, mean %v, std %v) differ from data/mnist's (%d, %v, %v)", Side, Mean, Std, f.Side(), mnist.Mean, mnist.Std)
	}
	for _, d := range Digits() {
		s := &mnist.Set{N: 1, Pixels: d.Pixels, Labels: []uint8{uint8(d.Label)}}
		want, _ := s.BatchFormat([]int{0}, f)
		got := Input(d.Pixels)
		for i := range want.Data {
			if math.Float32bits(got.Data[i]) != math.Float32bits(want.Data[i]) {
				t.Fatalf("test digit %d, value %d: Input gives %v, training gave %v", d.Index, i, got.Data[i], want.Data[i])
			}
		}
	}
}

// TestRunAndReference: the fast forward pass and the float64 reference
// agree on every committed digit, and the trained network reads them.
func TestRunAndReference(t *testing.T) {
	n := loadNet(t)
	right := 0
	for _, d := range Digits() {
		x := Input(d.Pixels)
		got, err := n.Run(x)
		if err != nil {
			t.Fatal(err)
		}
		ref := n.Reference(x)
		if len(got.Layers) != 7 {
			t.Fatalf("got %d layer outputs, want 7 (C1 S2 C3 S4 C5 F6 OUTPUT)", len(got.Layers))
		}
		for l, m := range got.Layers {
			var worst, scale float64
			for i, v := range m.Data {
				worst = max(worst, math.Abs(float64(v-ref.Layers[l].Data[i])))
				scale = max(scale, math.Abs(float64(ref.Layers[l].Data[i])))
			}
			// float32 sums of at most 400 products (C5) against float64:
			// 1e-5 of the layer's largest value is a few hundred ulps.
			if worst > 1e-5*max(scale, 1) {
				t.Errorf("digit %d, %s: fast and reference differ by %.3g (largest value %.3g)", d.Index, m.Name, worst, scale)
			}
		}
		if Argmax(got.Probs) == d.Label {
			right++
		}
	}
	t.Logf("the trained LeNet-5 reads %d of the %d committed test digits right", right, len(Digits()))
	if right < len(Digits())-1 {
		t.Errorf("reads %d of %d committed test digits right, want all but at most one (99%% test accuracy)", right, len(Digits()))
	}
}
