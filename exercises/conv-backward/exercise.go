// Package convbackward is an exercise of the LeNet chapter: the backward
// pass of a convolution, which is what made LeNet trainable end to end
// by gradient descent ("back-propagation", LeCun et al. 1989 and 1998
// §II–III: every weight of every layer, shared kernels included, gets
// its gradient from the layer above).
//
//	go test ./exercises/conv-backward
//	go run ./cmd/book hint conv-backward
package convbackward

// ConvBackward returns the gradients of a loss L with respect to the
// input x and the weights w of a convolution y = W ∗ x, given dL/dy: the
// convolution of LeNet's C1 and C3, stride 1, no padding, no bias,
// correlating as nn and PyTorch do:
//
//	y[o][i][j] = Σ_{ch,u,v} w[o][ch][u][v] · x[ch][i+u][j+v]
//
// with x c×h×wd, w o×c×k×k, y and dy o×(h−k+1)×(wd−k+1), all row-major
// (x[(ch·h + i)·wd + j], w[((oc·c + ch)·k + u)·k + v]). dx has x's
// layout and dw has w's. The check compares with nn.Conv2D's Backward and
// with finite differences of L = Σ dy·y.
func ConvBackward(x, w, dy []float32, c, h, wd, o, k int) (dx, dw []float32) {
	return nil, nil
}
