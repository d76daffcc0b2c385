// Package googlenetinception is an exercise of the GoogLeNet chapter:
// build the Inception module with its 1×1 bottlenecks.
//
//	go test ./exercises/googlenet-inception
//	go run ./cmd/book hint googlenet-inception
package googlenetinception

import "github.com/cnnbook/cnnbook/nn"

// Inception3a builds GoogLeNet's inception (3a) module for a 192×28×28
// input from nn's layers (nn.NewConv2D, nn.NewReLU, nn.NewMaxPool2D,
// nn.Seq, nn.NewParallel), as Szegedy et al. 2015 Fig. 2(b) draws it and
// Table 1 sizes it: four branches side by side, concatenated along the
// channels in this order,
//
//	1×1 convolution, 64 maps
//	1×1 "3×3 reduce" to 96 maps, then 3×3 convolution, 128 maps
//	1×1 "5×5 reduce" to 16 maps, then 5×5 convolution, 32 maps
//	3×3 max pool (stride 1), then 1×1 "pool proj", 32 maps
//
// Every convolution has biases and is followed by a ReLU ("All the
// convolutions, including those inside the Inception modules, use
// rectified linear activation", §5), and every branch keeps the 28×28
// size. Table 1 puts the module at 128M operations.
func Inception3a() nn.Module {
	return nil
}
