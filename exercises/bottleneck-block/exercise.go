// Package bottleneckblock is an exercise of the ResNet chapter: the
// bottleneck block of ResNet-50/101/152 (He et al. 2016 §4.1, Fig. 5
// right), computed with nothing but loops.
//
//	go test ./exercises/bottleneck-block
//	go run ./cmd/book hint bottleneck-block
package bottleneckblock

// BottleneckForward computes one bottleneck block with an identity
// shortcut (BatchNorm and biases left out) on x, c channels of h×w:
//
//	y = ReLU(x + W3 ∗ ReLU(W2 ∗ ReLU(W1 ∗ x)))
//
// W1 is a 1×1 convolution from c to width channels ("reduce"), W2 a 3×3
// from width to width with stride 1 and one pixel of zero padding, W3 a
// 1×1 from width back to c ("restore"); ResNet-50's first block has
// c = 256, width = 64. Layouts as in nn: x[(ch·h + i)·w + j],
// w1[o·c + ch], w2[((o·width + ch)·3 + u)·3 + v], w3[o·width + ch];
// a 3×3 correlates as exercise residual-block-forward does:
// (W2 ∗ t)[o][i][j] = Σ_{ch,u,v} W2[o][ch][u][v] · t[ch][i+u−1][j+v−1].
// It returns a new slice; the arguments are not modified.
func BottleneckForward(x, w1, w2, w3 []float32, c, width, h, w int) []float32 {
	return nil
}
