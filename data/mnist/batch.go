package mnist

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Scaling maps a pixel u ∈ {0, …, 255} to the network's input value.
type Scaling int

const (
	Unit     Scaling = iota // u/255 ∈ [0, 1] (torchvision's ToTensor)
	Standard                // (u/255 − Mean)/Std (PyTorch's examples/mnist)
	Paper                   // −0.1 + 1.275·u/255 ∈ [−0.1, 1.175] (LeCun et al. 1998 §II.B)
)

// The training set's pixel mean and standard deviation in [0, 1] units,
// as PyTorch's examples/mnist/main.py uses them:
// transforms.Normalize((0.1307,), (0.3081,)). TestMeanStd recomputes both
// from the 47,040,000 training pixels.
const (
	Mean = 0.1307
	Std  = 0.3081
)

// The paper's input levels: "the background level (white) corresponds to
// a value of -0.1 and the foreground (black) corresponds to 1.175. This
// makes the mean input roughly 0, and the variance roughly 1 which
// accelerates learning" (LeCun et al. 1998 §II.B). On MNIST's training
// pixels the mean is indeed 0.067, but the variance is 0.154, not 1
// (TestMeanStd).
const (
	PaperBackground = -0.1
	PaperForeground = 1.175
)

// Format is how Batch lays images out.
type Format struct {
	Pad     int // background pixels added on every side: 2 gives LeNet-5's 32×32
	Scaling Scaling
}

// LeNet5 is the input of LeNet-5 as the paper feeds it: 32×32 with the
// paper's levels.
var LeNet5 = Format{Pad: 2, Scaling: Paper}

// Side is the height and width of an image in this format.
func (f Format) Side() int { return Rows + 2*f.Pad }

// table is the value of every pixel level u.
func (f Format) table() *[256]float32 {
	var t [256]float32
	for u := range t {
		v := float32(u) / 255
		switch f.Scaling {
		case Unit:
		case Standard:
			v = (v - Mean) / Std
		case Paper:
			v = PaperBackground + (PaperForeground-PaperBackground)*v
		default:
			panic(fmt.Sprintf("mnist: unknown scaling %d", f.Scaling))
		}
		t[u] = v
	}
	return &t
}

// Batch returns images idx as an (N, 1, 28, 28) tensor in [0, 1] and
// their labels.
func (s *Set) Batch(idx []int) (*nn.Tensor, []int) { return s.BatchFormat(idx, Format{}) }

// BatchFormat returns images idx in format f, (N, 1, S, S) with
// S = 28 + 2·f.Pad, and their labels:
//
//	x[n, 0, f.Pad + r, f.Pad + c] = value(Pixels[idx[n]·784 + r·28 + c]), the border value(0)
//
// An index outside [0, s.N) panics.
func (s *Set) BatchFormat(idx []int, f Format) (*nn.Tensor, []int) {
	if f.Pad < 0 {
		panic("mnist: negative padding")
	}
	t := f.table()
	side := f.Side()
	x := nn.NewTensor(len(idx), 1, side, side)
	labels := make([]int, len(idx))
	for n, i := range idx {
		if i < 0 || i >= s.N {
			panic(fmt.Sprintf("mnist: image %d of a set of %d", i, s.N))
		}
		labels[n] = int(s.Labels[i])
		img := s.Image(i)
		out := x.Data[n*side*side : (n+1)*side*side]
		if f.Pad > 0 {
			for j := range out {
				out[j] = t[0]
			}
		}
		for r := range Rows {
			row := out[(f.Pad+r)*side+f.Pad:]
			for c, u := range img[r*Cols : (r+1)*Cols] {
				row[c] = t[u]
			}
		}
	}
	return x, labels
}
