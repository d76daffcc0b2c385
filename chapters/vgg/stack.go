package vgg

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// §2.3's argument, computed rather than asserted: "a stack of two 3×3
// conv. layers (without spatial pooling in between) has an effective
// receptive field of 5×5; three such layers have a 7×7 effective
// receptive field", while "a single 7×7 conv. layer would require
// 7²C² = 49C² parameters" against 3(3²C²) = 27C² for the stack.

// stackC is the channel count of the stacks: the counts are per C², so
// any C gives the same answer; 8 keeps the analysis tiny.
const stackC = 8

// stack declares n k×k convs C → C with "same" padding and no bias,
// named conv1 … convN so that each has its own key.
func stack(n, k int) nn.Module {
	s := nn.Seq("")
	for i := 0; i < n; i++ {
		s.Append(nn.NewConv2D(fmt.Sprintf("conv%d", i+1), stackC, stackC, k, nn.Pad(k/2), nn.NoBias()))
	}
	return s
}

// StackRF is the receptive field of n stacked stride-1 k×k convs, read
// from nn.Analyze: 1 + n·(k−1).
func StackRF(n, k int) int {
	r, err := nn.Analyze(stack(n, k), nn.Shape{stackC, 32, 32})
	if err != nil {
		panic(err)
	}
	return r.RF.Size
}

// StackWeights is the number of weights of n stacked k×k convs from C to
// C channels, in units of C² (biases left out, as in §2.3): n·k².
func StackWeights(n, k int) int64 {
	r, err := nn.Analyze(stack(n, k), nn.Shape{stackC, 32, 32})
	if err != nil {
		panic(err)
	}
	return r.Params / (stackC * stackC)
}
