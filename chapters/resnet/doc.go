// Package resnet is the chapter on residual networks (He, Zhang, Ren & Sun,
// "Deep Residual Learning for Image Recognition", CVPR 2016).
//
// It builds its networks from nn's layers and containers and from its own
// blocks (blocks.go: BasicBlock, Bottleneck, the shortcuts A–C, with
// torchvision's key names), which chapters/variants builds on. It declares
// every network of the paper as an nn module tree:
//
//   - the five ImageNet models of Table 1, resnet18 … resnet152, built by
//     ImageNet. Their module names are torchvision 0.14's (conv1, bn1,
//     layer1.0.conv1, …, fc), so their parameter keys equal
//     torchvision's state_dict keys; PaperNames maps Table 1's stage names
//     (conv2_x …) to them. The bottleneck models come in two forms that
//     hold the same parameters: the paper's, with a stage's stride on the
//     first 1×1 convolution of its first block, and torchvision's "v1.5"
//     (resnet50-tv, resnet101-tv, resnet152-tv), with the stride on the 3×3.
//   - the CIFAR-10 networks of §4.2, resnet20 … resnet1202 (6n+2 layers,
//     16-32-64 channels, parameter-free "option A" shortcuts), and their
//     plain twins plain20 … plain1202 (the same layers without shortcuts,
//     the degradation experiment of Fig. 6), built by CIFAR.
//
// Every ResNet-family model, here and in chapters/variants (pre-activation,
// wide, ResNeXt, stochastic depth), is built by one builder, Build(Spec)
// (builder.go): stem, stages of blocks with their widths, strides, groups
// and shortcut kind, head. ImageNet and CIFAR are Specs.
//
// Building a model allocates no weights: nn.Analyze on resnet1202 is a
// shape-only walk. The chapter's tests hold the numbers of the text: the
// parameter counts (torchvision's, exactly, and Table 6's), the
// multiply-accumulates against Table 1's "FLOPs" under both stride
// conventions, the 2^n paths through n residual blocks and their binomial
// length distribution (Veit et al. 2016), and the claims ledger of the
// study notes (Claims).
package resnet
