// Package vggparams is the reference solution of the exercise
// vgg-params, and its typical mistakes. Try the exercise before reading
// on: `book hint vgg-params` first.
package vggparams

import (
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/vgg-params"
)

// Params: a k×k convolution from in to out channels has k²·in·out
// weights and out biases; a fully connected layer from in to out has
// in·out weights and out biases. Five pools take 224 to 7, so fc6 reads
// 512·7·7 = 25,088 values: 102,764,544 weights, three quarters of VGG-16.
func Params(blocks [5][]int) int64 {
	var n int64
	in := 3
	for b, block := range blocks {
		out := ex.Widths[b]
		for _, k := range block {
			n += int64(k*k*in*out + out)
			in = out
		}
	}
	side := 224 >> 5
	for _, fc := range [][2]int{{in * side * side, 4096}, {4096, 4096}, {4096, 1000}} {
		n += int64(fc[0]*fc[1] + fc[1])
	}
	return n
}

type f = func([5][]int) int64

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Params,
	Mistakes: []verify.Mistake[f]{
		{Name: "no biases", Says: "the count without biases", Answer: func(blocks [5][]int) int64 {
			n := Params(blocks) - 4096 - 4096 - 1000
			for b, block := range blocks {
				n -= int64(len(block) * ex.Widths[b])
			}
			return n
		}},
		{Name: "fc6 reading 512 values (after a global pool)", Says: "fc6 reading 512 values", Answer: func(blocks [5][]int) int64 {
			return Params(blocks) - 4096*512*48
		}},
	},
}
