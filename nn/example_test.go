package nn_test

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// One SGD step as torch.optim.SGD: with momentum the first step's buffer
// is the gradient itself (b₁ = g₁ + λθ), so θ₁ = θ₀ − γ(g₁ + λθ₀):
// 1 − 0.1·(1 + 5e−4·1) = 0.89995.
func ExampleSGD() {
	fc := nn.NewLinear("fc", 2, 1)
	nn.InitParams(fc, nn.NewRNG(1))
	copy(fc.Weight.Data, []float32{1, -1})
	x := nn.FromData([]float32{1, 2}, 1, 2)
	y := fc.Forward(&nn.Ctx{Train: true}, x)
	fc.Backward(nn.FromData([]float32{1}, 1, 1)) // dL/dy = 1
	opt := nn.NewSGD(fc, 0.1, 0.9, 5e-4)
	opt.Step()
	fmt.Printf("y %.1f, weight %.5f, bias %.5f\n", y.Data, fc.Weight.Data, fc.Bias.Data)
	// Output: y [-1.0], weight [0.89995 -1.19995], bias [-0.10000]
}
