// Package occlusionmap is the reference solution of the exercise
// occlusion-map, and its typical mistakes. Try the exercise before
// reading on: `book hint occlusion-map` first.
package occlusionmap

import (
	"math"
	"slices"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// Occlusion: one occluded copy per position, run through the network,
// the softmax of the logits read at the label (computed stably: subtract
// the largest logit before exp).
func Occlusion(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64 {
	return occlude(net, img, label, patch, stride, true)
}

func occlude(net nn.Module, img *nn.Tensor, label, patch, stride int, softmax bool) []float64 {
	const side = 32
	n := (side-patch)/stride + 1
	out := make([]float64, n*n)
	for i := range n {
		for j := range n {
			x := nn.FromData(slices.Clone(img.Data), img.Shape...)
			for u := range patch {
				for v := range patch {
					x.Data[(i*stride+u)*side+j*stride+v] = 0
				}
			}
			y, err := nn.Run(net, nil, x)
			if err != nil {
				panic(err)
			}
			if !softmax {
				out[i*n+j] = float64(y.Data[label])
				continue
			}
			top := float64(slices.Max(y.Data))
			var sum float64
			for _, v := range y.Data {
				sum += math.Exp(float64(v) - top)
			}
			out[i*n+j] = math.Exp(float64(y.Data[label])-top) / sum
		}
	}
	return out
}

type f = func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Occlusion,
	Mistakes: []verify.Mistake[f]{
		{Name: "the logit, not the probability", Says: "this is the logit", Answer: func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64 {
			return occlude(net, img, label, patch, stride, false)
		}},
		{Name: "the map transposed", Says: "this is the map transposed", Answer: func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64 {
			m := Occlusion(net, img, label, patch, stride)
			n := int(math.Sqrt(float64(len(m))))
			t := make([]float64, len(m))
			for i := range n {
				for j := range n {
					t[i*n+j] = m[j*n+i]
				}
			}
			return t
		}},
	},
}
