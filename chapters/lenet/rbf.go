package lenet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// RBF is LeNet-5's output layer of Euclidean radial basis function units
// (LeCun et al. 1998 §II.B, eq. 7): each output is the squared distance
// between the input vector and the unit's parameter vector,
//
//	x: (N, In) → y: (N, Out)
//	y[n,i] = Σ_j (x[n,j] − W[i,j])²
//
// so the most likely class is the smallest output. The parameter vectors
// (the centres) "were chosen by hand and kept fixed (at least
// initially). The components of those parameters vectors were set to −1
// or +1": a stylised 7×12 bitmap of each class ("hence the number 84").
// They are Frozen: counted in the parameters, never trained.
type RBF struct {
	nn.Base
	In, Out int
	Weight  *nn.Param // (Out, In): the centres

	x *nn.Tensor // cached input
}

// NewRBF declares out frozen RBF units over in inputs.
func NewRBF(name string, in, out int) *RBF {
	w := nn.NewParam("weight", nn.InitUniform, out, in)
	w.Frozen, w.Scale = true, 1 // drawn ±1 by nn.InitParams; Init sets the bitmaps
	return &RBF{Base: nn.Base{ModuleName: name}, In: in, Out: out, Weight: w}
}

func (l *RBF) Params() []*nn.Param { return []*nn.Param{l.Weight} }

// Analyze: one subtract-square-accumulate per centre component (840).
func (l *RBF) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	if n := in.Shape.Elems(); n != int64(l.In) {
		return nn.Flow{}, a.Errorf("expects %d inputs, receives %d (= %v)", l.In, n, in.Shape)
	}
	return a.Leaf(l, in, nn.LeafInfo{Type: "RBF", Out: nn.Shape{l.Out}, MACs: int64(l.In) * int64(l.Out),
		Weighted: true, Global: true}), nil
}

// Forward computes the squared distances to the centres.
//
//	x: (N, In) → y: (N, Out)
func (l *RBF) Forward(c *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	n := x.Shape[0]
	if len(x.Data) != n*l.In {
		panic(nn.ShapeErrorf("lenet", l.Name(), "input %v, want %d values per sample", x.Shape, l.In))
	}
	l.x = x
	y := nn.NewTensor(n, l.Out)
	for b := 0; b < n; b++ {
		xb := x.Data[b*l.In : (b+1)*l.In]
		for i := 0; i < l.Out; i++ {
			wi := l.Weight.Data[i*l.In : (i+1)*l.In]
			var s float32
			for j, v := range xb {
				d := v - wi[j]
				s += d * d
			}
			y.Data[b*l.Out+i] = s
		}
	}
	return y
}

// Backward:
//
//	dx[n,j] = Σ_i 2·(x[n,j] − W[i,j]) · dy[n,i]
//	dW[i,j] += −Σ_n 2·(x[n,j] − W[i,j]) · dy[n,i]   (only if not Frozen)
func (l *RBF) Backward(dy *nn.Tensor) *nn.Tensor {
	x := l.x
	n := x.Shape[0]
	dx := nn.ZerosLike(x)
	for b := 0; b < n; b++ {
		xb, db := x.Data[b*l.In:(b+1)*l.In], dx.Data[b*l.In:(b+1)*l.In]
		for i := 0; i < l.Out; i++ {
			g := 2 * dy.Data[b*l.Out+i]
			wi := l.Weight.Data[i*l.In : (i+1)*l.In]
			for j, v := range xb {
				d := (v - wi[j]) * g
				db[j] += d
				if l.Weight.Grad != nil {
					l.Weight.Grad[i*l.In+j] -= d
				}
			}
		}
	}
	return dx
}

// DrawDigits sets the centres to the digit bitmaps (+1 ink, −1 paper),
// allocating them if needed. The layer must have 10 units of 84 inputs.
func (l *RBF) DrawDigits() {
	if l.Out != len(Digits) || l.In != 7*12 {
		panic(fmt.Sprintf("lenet: %s: the digit bitmaps need 10 units of 84 inputs, have %d of %d", l.Name(), l.Out, l.In))
	}
	l.Weight.Alloc()
	for d, bitmap := range Digits {
		for r, row := range bitmap {
			for c, px := range row {
				v := float32(-1)
				if px == '#' {
					v = 1
				}
				l.Weight.Data[d*84+r*7+c] = v
			}
		}
	}
}

// Digits are stylised 7×12 bitmaps of the ten digits, in the spirit of
// Fig. 3 of the paper (which draws the full ASCII set; its exact bitmaps
// are not published as data, so these are drawn here).
var Digits = [10][12]string{
	{".......", "..###..", ".#...#.", ".#...#.", ".#...#.", ".#...#.", ".#...#.", ".#...#.", ".#...#.", "..###..", ".......", "......."},
	{".......", "...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####.", ".......", "......."},
	{".......", "..###..", ".#...#.", ".....#.", ".....#.", "....#..", "...#...", "..#....", ".#.....", ".#####.", ".......", "......."},
	{".......", "..###..", ".#...#.", ".....#.", ".....#.", "...##..", ".....#.", ".....#.", ".#...#.", "..###..", ".......", "......."},
	{".......", "....#..", "...##..", "..#.#..", ".#..#..", "#...#..", "######.", "....#..", "....#..", "....#..", ".......", "......."},
	{".......", ".#####.", ".#.....", ".#.....", ".####..", ".....#.", ".....#.", ".....#.", ".#...#.", "..###..", ".......", "......."},
	{".......", "...##..", "..#....", ".#.....", ".####..", ".#...#.", ".#...#.", ".#...#.", ".#...#.", "..###..", ".......", "......."},
	{".......", ".#####.", ".....#.", ".....#.", "....#..", "....#..", "...#...", "...#...", "..#....", "..#....", ".......", "......."},
	{".......", "..###..", ".#...#.", ".#...#.", "..###..", ".#...#.", ".#...#.", ".#...#.", ".#...#.", "..###..", ".......", "......."},
	{".......", "..###..", ".#...#.", ".#...#.", ".#...#.", "..####.", ".....#.", ".....#.", "....#..", "..##...", ".......", "......."},
}
