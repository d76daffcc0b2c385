// Package receptivefield is an exercise of the ZFNet chapter: how much of
// the image one unit sees. ZFNet replaced AlexNet's first layer, 11×11
// with stride 4, by 7×7 with stride 2, because the large first layer
// learnt poorly (Zeiler & Fergus 2014 §4.1).
//
//	go test ./exercises/receptive-field
//	go run ./cmd/book hint receptive-field
package receptivefield

// Layer is a sliding window along one axis: kernel K, stride S, zero
// padding P on each side.
type Layer struct{ K, S, P int }

// ReceptiveField returns, for one unit at the top of the stack of layers
// (applied in order to the image), the side of the input square it reads
// (size, in pixels) and the distance in pixels between the fields of two
// neighbouring units (jump). For AlexNet's conv1 and pool1,
// {11, 4, 0}, {3, 2, 0}: size 19, jump 8. No layers: size 1, jump 1.
func ReceptiveField(layers []Layer) (size, jump int) {
	return 0, 0
}
