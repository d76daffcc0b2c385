package nn

// The blocks of the networks the chapters build live with the chapter that
// introduces them (issue 8): GoogLeNet's Inception modules in
// chapters/googlenet (module.go); ResNet's BasicBlock, Bottleneck and
// shortcuts A–C in chapters/resnet (blocks.go); the pre-activation block
// and DenseNet's bottleneck layer, dense block and transition in
// chapters/variants (blocks.go: DenseNetBottleneck, DenseNetBlock,
// Transition). nn keeps the layers and containers they are made of
// (DenseConcat is the dense block's wiring, whatever its layers).
