// Package maxunpool is an exercise of the ZFNet chapter: the deconvnet's
// unpooling (Zeiler & Fergus 2014 §2.1: "we can obtain an approximate
// inverse by recording the locations of the maxima within each pooling
// region in a set of switch variables").
//
//	go test ./exercises/max-unpool
//	go run ./cmd/book hint max-unpool
package maxunpool

// MaxUnpool places each value of y (c channels of oh×ow, row-major) at
// its switch in a zero map of c channels of h×w: switches[(ch·oh + i)·ow
// + j] is the flat index, within channel ch, of the pixel the pooling
// window (i, j) took its maximum from (exercise maxpool-backward makes
// them). Where two windows share a switch the value is written, not
// added, as PyTorch's MaxUnpool2d (and nn.MaxUnpool2D) do. It returns a
// new slice of c·h·w values.
func MaxUnpool(y []float32, switches []int, c, oh, ow, h, w int) []float32 {
	return nil
}
