// Package lenet is the LeNet-5 chapter: the network of LeCun, Bottou,
// Bengio & Haffner, "Gradient-Based Learning Applied to Document
// Recognition" (Proc. IEEE, 1998), in two forms.
//
//   - lenet5-1998: the paper's network on a 32×32 input, with its own
//     layers: trainable sub-sampling (Subsampling, S2 and S4), the partial
//     connection table of C3 (PartialConv2D, TableI) and the Euclidean RBF
//     output with frozen ±1 centres (RBF, Digits). 60,840 parameters, of
//     which 60,000 are trainable.
//   - lenet5: the modern reading with ReLU, max-pooling, a full C3 and a
//     linear output. 61,706 parameters.
//
// Layers are named as in the paper: C1, S2, C3, S4, C5, F6, OUTPUT; the
// squashing function after a layer is its child "f" (C1.f). The tests
// check every per-layer count of §II.B and every custom layer's gradient.
package lenet
