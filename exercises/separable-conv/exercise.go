// Package separableconv is an exercise of the variants chapter
// (MobileNet): a depthwise separable convolution with nothing but loops
// (Howard et al. 2017 §3.1, Fig. 2); exercise mobilenet-separable counts
// what it saves.
//
//	go test ./exercises/separable-conv
//	go run ./cmd/book hint separable-conv
package separableconv

// SeparableConv computes a k×k depthwise convolution of x (m channels of
// h×w), one k×k filter per channel, stride 1, k/2 pixels of zero padding
// (k odd), then a 1×1 pointwise convolution from m to n channels; no
// biases, nothing between the two. Layouts as in nn: x[(ch·h + i)·w + j],
// dw[(ch·k + u)·k + v] (m×1×k×k, nn's weight of a Conv2D with m groups),
// pw[o·m + ch] (n×m×1×1). The depthwise filter correlates:
// d[ch][i][j] = Σ_{u,v} dw[ch][u][v] · x[ch][i+u−k/2][j+v−k/2]. It returns
// n·h·w values in a new slice.
func SeparableConv(x, dw, pw []float32, m, n, k, h, w int) []float32 {
	return nil
}
