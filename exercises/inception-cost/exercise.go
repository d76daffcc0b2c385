// Package inceptioncost is an exercise of the GoogLeNet chapter: what the
// 1×1 reductions save (Szegedy et al. 2015 §4: "1×1 convolutions are
// used to compute reductions before the expensive 3×3 and 5×5
// convolutions").
//
//	go test ./exercises/inception-cost
//	go run ./cmd/book hint inception-cost
package inceptioncost

// Cost returns the multiply-accumulates (biases not counted) of two
// Inception modules on an in×side×side input, every convolution with
// "same" padding and stride 1:
//
//   - naive (Fig. 2a): a 1×1 convolution to c1 maps, a 3×3 to c3, a 5×5
//     to c5, all reading the in channels, and a 3×3 max pool (no
//     multiply-adds);
//   - reduced (Fig. 2b): the 1×1 to c1; a 1×1 to c3r then a 3×3 to c3; a
//     1×1 to c5r then a 5×5 to c5; the pool then a 1×1 to pp.
//
// Inception (3a) of Table 1: in 192, side 28, c1 64, c3r 96, c3 128, c5r
// 16, c5 32, pp 32 (Table 1 puts it at 128M "ops").
func Cost(in, side, c1, c3r, c3, c5r, c5, pp int) (naive, reduced int64) {
	return 0, 0
}
