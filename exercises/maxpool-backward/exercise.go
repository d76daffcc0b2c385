// Package maxpoolbackward is an exercise of the ZFNet chapter: max
// pooling's switches, which the deconvnet records on the way up to
// reconstruct on the way down (Zeiler & Fergus 2014 §2.1), and which
// route the gradient in training.
//
//	go test ./exercises/maxpool-backward
//	go run ./cmd/book hint maxpool-backward
package maxpoolbackward

// MaxPool pools each of the c channels of x (h×w, row-major) with k×k
// windows at stride s, no padding (ZFNet's and AlexNet's overlapping
// pools are 3×3 at stride 2), out = ⌊(h − k)/s⌋ + 1 by ⌊(w − k)/s⌋ + 1.
// It returns, for every window (c·oh·ow of them, row-major), its
// switch: the flat index i·w + j, within its channel, of the window's
// maximum (the first one in row-major order on a tie, as PyTorch); and
// dx, the gradient with respect to x of a loss whose gradient with
// respect to the pooled output is dy (c·oh·ow values).
func MaxPool(x, dy []float32, c, h, w, k, s int) (switches []int, dx []float32) {
	return nil, nil
}
