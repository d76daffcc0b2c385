// Package resnetpaths is an exercise of the ResNet chapter: a stack of
// residual blocks as an ensemble of paths (Veit, Wilber & Belongie,
// "Residual Networks Behave Like Ensembles of Relatively Shallow
// Networks", NIPS 2016). The study notes: "N개의 블록이 존재하면 경로는
// 2^n" (n blocks give 2^n paths).
//
//	go test ./exercises/resnet-paths
//	go run ./cmd/book hint resnet-paths
package resnetpaths

// PathLengths returns the path-length distribution of n residual blocks
// in a row, each y = x + F(x) with an identity shortcut and a residual
// branch F of w weighted layers (convolutions) one after another: entry i
// is the number of paths from the input to the output that pass through
// exactly i weighted layers, for i = 0 … n·w. n ≤ 60.
//
// For a CIFAR ResNet-110 (54 blocks of two convolutions each, He et al.
// 2016 §4.2: 6n+2 layers with n = 18) that is PathLengths(54, 2).
func PathLengths(n, w int) []int64 {
	return nil
}
