// Package nntest holds the checks every layer and block of the book is
// held to, exported so that the chapters' layers meet the same standard as
// nn's own (in the spirit of gonum's exported testblas suites): the
// comparison of a block's tensors with torchvision's state_dict keys and
// the forward-shape check against the static analysis.
package nntest
