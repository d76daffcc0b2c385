// Package nn is cnnbook's one neural-network core: float32 tensors, layers
// with Forward and Backward side by side, containers that express every
// architecture of the book, and a static analysis that reads parameters,
// multiply-accumulates, activation memory, depth, receptive field and the
// paths of a network from its shapes alone.
//
// # Layout
//
// Tensors are dense float32 in NCHW order: element (n, c, h, w) of a
// (N, C, H, W) tensor lives at Data[((n·C + c)·H + h)·W + w]. A Shape is
// the per-sample part, (C, H, W) or (F).
//
// # One module tree
//
// A network is a tree of Modules. Leaves (Conv2D, BatchNorm2D, ReLU, …) own
// Params; containers (Sequential, Residual, Parallel, DenseBlock, Aux) own
// children; FractalBlock (fractal.go) expands FractalNet's rule with its joins and drop-path. Every module has a name and a parameter's key is the dotted
// path of names, as in PyTorch's state_dict ("layer2.0.conv1.weight"); a
// module named "" adds no level. Parameters know their shape before they
// have storage: building VGG-16 for a summary allocates nothing big;
// InitParams or a weight file fills them.
//
// # Forward and backward
//
// Forward(ctx, x) caches what Backward needs; Backward(dy) accumulates
// parameter gradients (+=) and returns dx. ctx.Train selects batch
// statistics, dropout, auxiliary heads, stochastic depth and drop-path;
// eval is deterministic. Run checks shapes with the analysis first, so a
// network that cannot run returns an error naming the layer and the
// arithmetic instead of panicking deep inside.
//
// # Analysis
//
// Analyze walks the same tree the forward pass runs:
//
//   - output shapes with PyTorch's floor (or ceil-mode) semantics; a window
//     that does not tile its input gives a note ("(224+2·0−11)/4+1 = 54.25 →
//     54: the last pixel row and column are never read"), never an error;
//   - parameters (total, trainable, inference-only), MACs of conv and
//     linear layers (biases excluded), activations (leaf outputs at batch 1,
//     in-place ReLU/Dropout excluded);
//   - depth (weighted layers on the longest path), the receptive field
//     (Araujo et al., Distill 2019) and the number of input-to-output paths
//     with their length distribution (Veit et al. 2016) as big integers.
//
// # Speed
//
// Convolutions run as im2col + GEMM over both cores; the kernels live in
// nn/internal behind a plain-Go reference, and Conv2DReference is the
// direct nested-loop sum the fast path is tested against.
package nn
