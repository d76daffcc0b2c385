// Package residualblockforward is an exercise of the ResNet chapter:
// compute a residual block by hand, with nothing but loops.
//
//	go test ./exercises/residual-block-forward
//	go run ./cmd/book hint residual-block-forward
package residualblockforward

// BasicBlockForward computes one residual block of He et al. 2016
// (Fig. 2, the identity shortcut; BatchNorm and biases left out) on one
// feature map x of c channels and h×w pixels:
//
//	y = ReLU(x + W2 ∗ ReLU(W1 ∗ x))
//
// where ∗ is a 3×3 convolution from c to c channels with stride 1 and
// one pixel of zero padding, so y has x's shape. The layouts (row-major,
// as in the nn package):
//
//	x[ch][i][j]      = x[(ch·h + i)·w + j]                  len c·h·w
//	W[o][ch][u][v]   = w1[((o·c + ch)·3 + u)·3 + v]         len c·c·9 (w2 alike)
//	(W ∗ x)[o][i][j] = Σ_{ch,u,v} W[o][ch][u][v] · x[ch][i+u−1][j+v−1],
//	                   a pixel outside the map counting as 0
//
// It returns a new slice; x, w1 and w2 are not modified.
func BasicBlockForward(x, w1, w2 []float32, c, h, w int) []float32 {
	return nil
}
