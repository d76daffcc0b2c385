package mnist

import (
	"fmt"
	"math/rand/v2"

	"github.com/cnnbook/cnnbook/nn"
)

// ValidationSize is how many training images are held out for validation:
// the last 5,000 of the 60,000 (indices 55,000…59,999), as Keras's MNIST
// examples and many courses do. Hyper-parameters are tuned on them; the
// 10,000 test images are only ever reported.
const ValidationSize = 5000

// Holdout splits the training set's indices into the images a model
// trains on and the fixed validation images:
//
//	fit = 0 … N−5,001,   val = N−5,000 … N−1
//
// A set of ValidationSize images or fewer is an error.
func Holdout(train *Set) (fit, val []int, err error) {
	if train.N <= ValidationSize {
		return nil, nil, fmt.Errorf("mnist: %s has %d images, too few to hold out %d for validation", train.Name, train.N, ValidationSize)
	}
	return Range(0, train.N-ValidationSize), Range(train.N-ValidationSize, train.N), nil
}

// Range is the indices lo, lo+1, …, hi−1.
func Range(lo, hi int) []int {
	idx := make([]int, 0, max(hi-lo, 0))
	for i := lo; i < hi; i++ {
		idx = append(idx, i)
	}
	return idx
}

// Shuffle returns a shuffled copy of idx (Fisher–Yates through rng, so a
// seed gives the same order on every machine); idx is not changed.
func Shuffle(idx []int, rng *rand.Rand) []int {
	out := append([]int(nil), idx...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Batches cuts idx into consecutive batches of n (the last may be
// smaller). The batches share idx's storage.
func Batches(idx []int, n int) [][]int {
	if n <= 0 {
		panic(fmt.Sprintf("mnist: batch size %d", n))
	}
	var out [][]int
	for lo := 0; lo < len(idx); lo += n {
		out = append(out, idx[lo:min(lo+n, len(idx))])
	}
	return out
}

// Augment is the data augmentation of the notes' §2.2 (AlexNet's "image
// translations", Krizhevsky et al. 2012 §4.1) at MNIST's scale: each
// image is translated by a random whole number of pixels, dy and dx drawn
// uniformly from −MaxShift … MaxShift. Pixels shifted past the canvas are
// dropped and the uncovered border is background. Equivalently, a random
// 28×28 crop of the image padded by MaxShift, as torchvision's
// RandomCrop(28, padding=MaxShift).
type Augment struct {
	MaxShift int
}

// BatchAugment is BatchFormat with every image shifted as a describes,
// the shifts drawn from rng in order (dy then dx per image). With a zero
// Augment it equals BatchFormat and draws nothing.
//
//	x[n, 0, Pad+r+dy, Pad+c+dx] = value(image[r, c])   where inside the canvas
func (s *Set) BatchAugment(idx []int, f Format, a Augment, rng *rand.Rand) (*nn.Tensor, []int) {
	if a.MaxShift == 0 {
		return s.BatchFormat(idx, f)
	}
	if a.MaxShift < 0 {
		panic(fmt.Sprintf("mnist: negative shift %d", a.MaxShift))
	}
	t := f.table()
	side := f.Side()
	x := nn.NewTensor(len(idx), 1, side, side)
	labels := make([]int, len(idx))
	span := 2*a.MaxShift + 1
	for n, i := range idx {
		if i < 0 || i >= s.N {
			panic(fmt.Sprintf("mnist: image %d of a set of %d", i, s.N))
		}
		labels[n] = int(s.Labels[i])
		dy := rng.IntN(span) - a.MaxShift
		dx := rng.IntN(span) - a.MaxShift
		img := s.Image(i)
		out := x.Data[n*side*side : (n+1)*side*side]
		for j := range out {
			out[j] = t[0]
		}
		for r := range Rows {
			y := f.Pad + r + dy
			if y < 0 || y >= side {
				continue
			}
			for c, u := range img[r*Cols : (r+1)*Cols] {
				if xx := f.Pad + c + dx; xx >= 0 && xx < side {
					out[y*side+xx] = t[u]
				}
			}
		}
	}
	return x, labels
}
