// Package nn is cnnbook's one neural-network core: float32 tensors, layers
// with Forward and Backward side by side, containers that express every
// architecture of the book, and a static analysis that reads parameters,
// multiply-accumulates, activation memory, depth, receptive field and the
// paths of a network from its shapes alone.
//
// nn holds nothing named after a paper's network: each block lives in the
// chapter that introduces it (Inception in chapters/googlenet; BasicBlock,
// Bottleneck and shortcuts A–C in chapters/resnet; pre-activation, dense
// blocks and transitions in chapters/variants, which imports resnet), and
// no package of nn imports a chapter. Bad input is a *ShapeError (errors.go)
// naming the layer. nn/nntest exports the checks every layer is held to,
// in nn and in the chapters: the finite-difference gradient check with its
// ×1.01 negative control, and the torchvision key comparison.
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
// Params; containers (Sequential, Residual, Parallel, DenseConcat, Aux) own
// children; FractalBlock (fractal.go) expands FractalNet's rule with its
// joins and drop-path. Every module has a name and a parameter's key is the dotted
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
//   - parameters: total (every tensor the model holds but buffers such as
//     BatchNorm's running statistics; auxiliary heads and frozen tensors
//     included), trainable (frozen excluded) and inference-only (the eval
//     graph: auxiliary heads excluded), per layer and in total;
//   - MACs: multiply-accumulates of conv and linear layers, biases
//     excluded, eval graph;
//   - activations: float32 elements of every leaf's output at batch 1, the
//     input excluded, in-place ReLU/Dropout outputs excluded and so is
//     Flatten's, a view of its input (torch.flatten); ActivationBytes is
//     4× that;
//   - depth: conv and linear layers on the longest input-to-output path of
//     the eval graph (BatchNorm, pools and activations are not counted:
//     that is how ResNet-18 has 18 and VGG-16 16);
//   - the receptive field size, effective stride and effective padding
//     (Araujo et al., Distill 2019), read at the first global pool,
//     flatten or linear layer; a join takes the largest over its branches;
//   - the number of input-to-output paths and the distribution of their
//     lengths in weighted layers (Veit et al. 2016), as big integers:
//     Sequential multiplies, a join adds, a residual block is branch + 1.
//
// Report.WriteTable prints the per-layer table (layer, output shape,
// params, MACs, RF) whose columns sum to the totals; Report.JSON is the
// same for `book summary -json`. Each Row carries its leaf (Row.Module):
// code asks what a row is by Go type, `_, ok := row.Module.(*nn.Conv2D)`;
// Row.Type is only the printed label (PyTorch's class name).
//
// # Evidence
//
// `go test ./nn/...` holds every layer to three independent standards:
//
//   - finite differences (gradcheck_test.go): central differences of
//     L = Σ r·y accumulated in float64, for the input and every trainable
//     parameter, within a max-normalised error of 3e−3 (the derivation is
//     at gradTol); each check has a negative control, the analytic
//     gradient scaled by 1.01, which must fail for every vector. TestMain
//     fails the package if any type with a Backward escaped such a check;
//   - PyTorch 1.13 (golden_test.go): forward and autograd backward from
//     testdata/gen_golden.py, max |ours − torch| ≤ 1e−5·max |torch| for
//     every tensor (TestGoldenCoverage lists the ops that must be there);
//   - the slow references: Conv2DReference and friends (direct nested-loop
//     sums, float64) against the im2col + GEMM path on awkward shapes,
//     and in nn/internal each kernel against its plain loop.
//
// # Speed
//
// Convolutions run as im2col + GEMM on GOMAXPROCS cores; the kernels live in
// nn/internal behind a plain-Go reference, and Conv2DReference is the
// direct nested-loop sum the fast path is tested against.
package nn
