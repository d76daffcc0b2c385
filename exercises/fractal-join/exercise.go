// Package fractaljoin is an exercise of the variants chapter
// (FractalNet): the join layer and drop-path (Larsson, Maire &
// Shakhnarovich 2017 §2: "a join layer ... computes the element-wise
// mean of its inputs"; §3.1: "a join layer ... computing the mean of
// only the active inputs").
//
//	go test ./exercises/fractal-join
//	go run ./cmd/book hint fractal-join
package fractaljoin

// Join returns the element-wise mean of the inputs whose keep is true
// (drop-path dropped the others): all inputs have the same length, and
// at least one is kept. It returns a new slice.
func Join(inputs [][]float32, keep []bool) []float32 {
	return nil
}
