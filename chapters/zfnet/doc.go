// Package zfnet is the ZFNet chapter: the network and the deconvnet of
// Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks"
// (ECCV 2014).
//
//   - zfnet: Fig. 3's network, AlexNet in one tower with a 7×7 stride-2
//     first layer; paddings and ceil-mode pools chosen so that every size
//     the figure prints (110, 55, 26, 13, 6) comes out; 62,357,608
//     parameters.
//   - zfnet-512: conv3–conv5 widened to 512, 1024, 512 maps (Table 3).
//
// Project is the deconvnet of §2.1: it takes one activation of a layer
// back to pixel space by unpooling with the max-pool switches,
// rectifying, and filtering with the transposed weights of each
// convolution. Its tests show the projection lies in the unit's receptive
// field (and fills it for positive weights), and agrees with PyTorch's
// conv_transpose2d and max_unpool2d.
package zfnet
