// Package vgg is the book's chapter on VGG (Simonyan & Zisserman, "Very
// Deep Convolutional Networks for Large-Scale Image Recognition", ICLR
// 2015): the six configurations A, A-LRN, B, C, D and E of the paper's
// Table 1 and torchvision's BatchNorm variants.
//
// # Models
//
//	name       paper config     torchvision 0.14
//	vgg11      A                vgg11
//	vgg11-lrn  A-LRN            (none: same key style)
//	vgg13      B                vgg13
//	vgg16-c    C (1×1 convs)    (none: same key style)
//	vgg16      D                vgg16
//	vgg19      E                vgg19
//	vgg11_bn … vgg19_bn         vgg11_bn … vgg19_bn
//
// The module tree reproduces torchvision's: a Sequential "features" whose
// children are numbered 0, 1, 2, … (conv, [BatchNorm,] ReLU, …, MaxPool),
// an AdaptiveAvgPool2d(7, 7) "avgpool" and a Sequential "classifier"
// (Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear), so
// nn.AllParams(model.Net) gives the keys of torchvision's state_dict
// (features.0.weight … classifier.6.bias). Names maps the paper's layer
// names (conv1_1 … conv5_4, pool1 … pool5, fc6, fc7, fc8) to those keys,
// and Features runs a forward pass up to any named layer: fc7, the
// 4096-wide penultimate layer, is the image descriptor of the paper's
// Appendix B.
//
// # What the chapter shows
//
//   - Table 2's parameter counts (133, 133, 133, 134, 138, 144 million) and
//     torchvision's exact counts (vgg16: 138,357,544);
//   - §2.3: a stack of two 3×3 convs sees 5×5 and three see 7×7, with
//     18C² and 27C² weights against 25C² and 49C²; 1×1 convs (config C)
//     add depth without widening the receptive field;
//   - where the cost lives: the first two blocks hold most of the
//     activation memory, fc6–fc8 most of the parameters (Breakdown).
package vgg
