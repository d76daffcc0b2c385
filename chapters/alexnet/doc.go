// Package alexnet is the AlexNet chapter: the network of Krizhevsky,
// Sutskever & Hinton, "ImageNet Classification with Deep Convolutional
// Neural Networks" (NIPS 2012), in three forms.
//
//   - alexnet: the paper's two towers, which run concurrently (one per
//     core, as they ran one per GPU), exchanging maps at conv3, fc6, fc7
//     and fc8; LRN after the first two convolutions; 3×227×227 input;
//     60,965,224 parameters.
//   - alexnet-merged: the same network drawn as one tower (groups 1
//     everywhere), 62,378,344 parameters; MergeTowers copies the towers'
//     weights into it with zero off-diagonal blocks.
//   - alexnet-tv: torchvision 0.14's single-tower variant, whose keys are
//     torchvision's, 61,100,840 parameters.
//
// The tests are the chapter's evidence: why the input is 227 and not 224
// (or the notes' 277), where the towers exchange, what the notes' 62
// million parameters count, and that the towers equal the merged network.
package alexnet
