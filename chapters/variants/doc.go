// Package variants is the chapter on the networks that recombined the
// ideas of GoogLeNet and ResNet (section 7 of the study notes): each idea
// gets code that shows it, not only a network that has it. It comes last
// in book order and builds on chapters/resnet's blocks (BasicBlock,
// Bottleneck, shortcuts); its own blocks (blocks.go: the pre-activation
// block in the five orders; DenseNet's bottleneck layer DenseNetBottleneck,
// its dense block DenseNetBlock, wired by nn.DenseConcat, and its
// Transition) live here.
//
//   - Pre-activation ResNet (He, Zhang, Ren & Sun, "Identity Mappings in
//     Deep Residual Networks", ECCV 2016): the five orderings of BN, ReLU
//     and the addition of Fig. 4 as configurations of one block
//     (PreActBlock, FigureFour), a test that only the last three keep
//     the identity path clean, and preact-resnet110/164/1001.
//   - Wide ResNet (Zagoruyko & Komodakis, BMVC 2016): WRN(depth, k) with the
//     width k as a parameter (wrn-28-10 …), parameters growing as k² while
//     the depth stays, and torchvision's wide_resnet50_2.
//   - ResNeXt (Xie, Girshick, Dollár, Tu & He, CVPR 2017): ResNeXt50(C, d)
//     with the cardinality C as a parameter, torchvision's
//     resnext50_32x4d, the configurations of Table 2 counted, and the
//     aggregated form of a block (C branches summed) computing the same
//     output as the grouped-convolution form from the same weights
//     (Aggregate, CompareForms).
//   - Stochastic depth (Huang, Sun, Liu, Sedra & Weinberger, ECCV 2016):
//     survival probabilities decaying linearly to p_L = 0.5 on the
//     110-layer network (resnet110-sd), the expected depth (3L−1)/4, a
//     dropped block passing its input through and the test-time rescaling.
//   - FractalNet (Larsson, Maire & Shakhnarovich, ICLR 2017): the expansion
//     rule as nn.FractalBlock (one join per row averaging every column that
//     ends there), local and global drop-path, the deepest column extracted
//     as a plain network, and fractalnet-20 counted against the paper.
//   - DenseNet (Huang, Liu, van der Maaten & Weinberger, CVPR 2017):
//     torchvision's densenet121/169/201 (its state_dict keys) and
//     DenseNet-BC-100 (k = 12) for CIFAR, the channel plan of growth rate,
//     bottleneck and compression, and the 2^L paths through a dense block.
//   - MobileNet v1 (Howard et al. 2017): mobilenet-v1 with width and
//     resolution multipliers, the depthwise-separable cost ratio
//     1/N + 1/D_K² checked against counted MACs, and a benchmark of its
//     measured speed.
//
// Building a model allocates no weights. The torchvision models
// (resnext50_32x4d, wide_resnet50_2, densenet121/169/201) have
// torchvision 0.14's module names, so their keys are its state_dict keys
// (testdata/*.keys, written by testdata/gen_torchvision.py); every other
// model uses its own keys in the same style. Claims holds the chapter's
// part of the notes' claims ledger.
package variants
