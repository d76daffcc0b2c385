package vggparams_test

import ex "github.com/cnnbook/cnnbook/exercises/vgg-params"

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution: a k×k convolution from in to out channels has k²·in·out
// weights and out biases; a fully connected layer from in to out has
// in·out weights and out biases. Five pools take 224 to 7, so fc6 reads
// 512·7·7 = 25,088 values: 102,764,544 weights, three quarters of VGG-16.
func solution(blocks [5][]int) int64 {
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
