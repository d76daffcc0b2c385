package live

import (
	"math"
	"os"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/experiments"
	"github.com/cnnbook/cnnbook/nn"
)

func loadZF(t testing.TB) *ZF {
	t.Helper()
	b, err := os.ReadFile("../../results/visualise/zfnet-mnist-seed1.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	z, err := LoadZF(b)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestZFInputIsTraining: ZFInput gives, bit for bit, the values the
// visualise experiment trained the net on.
func TestZFInputIsTraining(t *testing.T) {
	f := experiments.VisualiseRecipe().Format
	for _, d := range Digits() {
		s := &mnist.Set{N: 1, Pixels: d.Pixels, Labels: []uint8{uint8(d.Label)}}
		want, _ := s.BatchFormat([]int{0}, f)
		got := ZFInput(d.Pixels)
		if !nn.Shape(got.Shape).Equal(want.Shape) {
			t.Fatalf("ZFInput's shape %v, training's %v", got.Shape, want.Shape)
		}
		for i := range want.Data {
			if math.Float32bits(got.Data[i]) != math.Float32bits(want.Data[i]) {
				t.Fatalf("test digit %d, value %d: ZFInput gives %v, training gave %v", d.Index, i, got.Data[i], want.Data[i])
			}
		}
	}
}

// TestZF: the ZFNet-style net reads the committed digits, its fast and
// reference passes agree, and Project is zfnet.Project at the map's
// strongest activation.
func TestZF(t *testing.T) {
	z := loadZF(t)
	right := 0
	for _, d := range Digits() {
		x := ZFInput(d.Pixels)
		tr, err := z.Run(x)
		if err != nil {
			t.Fatal(err)
		}
		ref := z.Reference(x)
		if len(tr.Layers) != len(ZFLayers) {
			t.Fatalf("%d layers shown, want %d", len(tr.Layers), len(ZFLayers))
		}
		for k, p := range tr.Probs {
			if math.Abs(float64(p-ref.Probs[k])) > 1e-5 {
				t.Errorf("digit %d: p%d %v fast, %v reference", d.Index, k, p, ref.Probs[k])
			}
		}
		if Argmax(tr.Probs) == d.Label {
			right++
		}
	}
	if n := len(Digits()); right < n-1 {
		t.Errorf("the net reads %d of %d committed digits", right, n)
	}

	x := ZFInput(Digits()[0].Pixels)
	tr, _ := z.Run(x)
	for l, name := range ZFLayers {
		m := tr.Layers[l]
		ch := 1
		p, err := z.Project(x, name, ch)
		if err != nil {
			t.Fatal(err)
		}
		plane := m.Data[ch*m.H*m.W : (ch+1)*m.H*m.W]
		for _, v := range plane {
			if v > p.Act {
				t.Errorf("%s map %d: activation %v beats the projected %v", name, ch, v, p.Act)
			}
		}
		want, err := zfnet.Project(z.net, x, name, ch, p.I, p.J)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range want.Data {
			if p.Pixels[i] != v {
				t.Fatalf("%s: pixel %d: %v, zfnet.Project %v", name, i, p.Pixels[i], v)
			}
		}
		w, in, k, _, err := z.Kernel(name, ch)
		if err != nil || len(w) != in*k*k || (l == 0 && (in != 1 || k != 5)) {
			t.Errorf("%s kernel: %d weights, in %d, k %d, err %v", name, len(w), in, k, err)
		}
	}
}
