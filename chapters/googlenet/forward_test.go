package googlenet

import (
	"fmt"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

func randomInput(n, size int, seed uint64) *nn.Tensor {
	x := nn.NewTensor(n, 3, size, size)
	rng := nn.NewRNG(seed)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

func auxHeads(m *nn.Model) []*nn.Aux {
	var out []*nn.Aux
	nn.Walk(m.Net, func(_ string, c nn.Module) {
		if a, ok := c.(*nn.Aux); ok {
			out = append(out, a)
		}
	})
	return out
}

// Both networks at 1/16 of Table 1's widths (every layer and key kept):
// the auxiliary heads run in training only, eval is deterministic.
// googlenet runs at 224×224, where the heads' 5×5/3 pool sees 14×14
// (a smaller image would leave fc1 fewer than 4·4·8 inputs); googlenet-tv
// pools adaptively and runs at 96×96.
func TestForwardAux(t *testing.T) {
	for _, tc := range []struct {
		m    *nn.Model
		size int
	}{
		{New(Options{Div: 16, Classes: 10}), 224},
		{NewTorchvision(Options{Div: 16, Classes: 10}), 96},
	} {
		t.Run(tc.m.Name, func(t *testing.T) {
			nn.InitParams(tc.m.Net, nn.NewRNG(1))
			x := randomInput(2, tc.size, 2)
			heads := auxHeads(tc.m)
			if len(heads) != 2 {
				t.Fatalf("got %d aux heads, want 2", len(heads))
			}

			y, err := nn.Run(tc.m.Net, nn.Eval, x)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(y.Shape) != "[2 10]" {
				t.Errorf("eval output: got %v, want [2 10]", y.Shape)
			}
			for _, h := range heads {
				if h.Out != nil {
					t.Errorf("%s ran in eval", h.Name())
				}
			}
			y = y.Clone()
			y2, _ := nn.Run(tc.m.Net, nn.Eval, x)
			for i := range y.Data {
				if y.Data[i] != y2.Data[i] {
					t.Fatalf("eval is not deterministic at %d: %v then %v", i, y.Data[i], y2.Data[i])
				}
			}

			train := &nn.Ctx{Train: true, Rng: nn.NewRNG(3)}
			if _, err := nn.Run(tc.m.Net, train, x); err != nil {
				t.Fatal(err)
			}
			for _, h := range heads {
				if h.Out == nil || fmt.Sprint(h.Out.Shape) != "[2 10]" {
					t.Fatalf("%s in training: got %v, want a [2 10] output", h.Name(), h.Out)
				}
			}

			// Backward with an auxiliary loss gradient: the heads' weights
			// receive gradients and dx reaches the input.
			nn.ZeroGrad(tc.m.Net)
			for _, h := range heads {
				h.DOut = nn.NewTensor(2, 10)
				for i := range h.DOut.Data {
					h.DOut.Data[i] = 0.3 // §5: "their loss gets added to the total loss with a discount weight (0.3)"
				}
			}
			dy := nn.NewTensor(2, 10)
			for i := range dy.Data {
				dy.Data[i] = 1
			}
			dx := tc.m.Net.Backward(dy)
			if fmt.Sprint(dx.Shape) != fmt.Sprint(x.Shape) {
				t.Errorf("dx: got %v, want %v", dx.Shape, x.Shape)
			}
			for _, p := range nn.AllParams(tc.m.Net) {
				if p.Key == "aux1.fc2.weight" || p.Key == "aux2.fc2.weight" {
					var s float64
					for _, g := range p.Grad {
						s += float64(g * g)
					}
					if s == 0 {
						t.Errorf("%s has no gradient after Backward with DOut", p.Key)
					}
				}
			}
		})
	}
}

// Naive and reduced modules run on a small map and give the channel
// counts their analysis promised.
func TestForwardInception(t *testing.T) {
	naive, reduced := Fig2(Table1[2], 192)
	x := nn.NewTensor(1, 192, 6, 6)
	rng := nn.NewRNG(4)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	for _, tc := range []struct {
		name string
		m    nn.Module
		want string
	}{
		{"naive", naive, "[1 416 6 6]"},
		{"reduced", reduced, "[1 256 6 6]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nn.InitParams(tc.m, nn.NewRNG(5))
			y, err := nn.Run(tc.m, nn.Eval, x)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(y.Shape) != tc.want {
				t.Errorf("got %v, want %s", y.Shape, tc.want)
			}
		})
	}
	// The naive module's pool branch passes the input's maxima straight
	// through: its last 192 channels are a 3×3/1 max-pool of x.
	y, _ := nn.Run(naive, nn.Eval, x)
	got := y.Data[(416-192)*36+0] // channel 0 of the pool branch, position (0,0)
	want := max(x.Data[0], x.Data[1], x.Data[6], x.Data[7])
	if got != want {
		t.Errorf("pool branch at (0,0): got %v, want max of the 2×2 corner %v", got, want)
	}
}
