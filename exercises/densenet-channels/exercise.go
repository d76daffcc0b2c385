// Package densenetchannels is an exercise of the variants chapter
// (DenseNet): how channels grow in dense blocks and shrink in
// transitions.
//
//	go test ./exercises/densenet-channels
//	go run ./cmd/book hint densenet-channels
package densenetchannels

// Channels follows the channels through a DenseNet-BC (Huang et al. 2017
// §3): it returns the channels entering each dense block, then the
// channels leaving the last one, len(blocks)+1 numbers. The stem gives
// init channels; each of the blocks[b] layers of a dense block adds
// growth channels (its output is concatenated to its input); between two
// blocks a transition keeps ⌊theta·m⌋ of m channels.
//
// DenseNet-121: init 64, growth 32, blocks 6, 12, 24, 16, theta 0.5 →
// [64 128 256 512 1024]: the classifier reads 1,024 features.
func Channels(init, growth int, blocks []int, theta float64) []int {
	return nil
}
