package weights_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// A conv-BN block saved with PyTorch's state_dict keys and loaded back.
func ExampleSave() {
	block := nn.Seq("",
		nn.NewConv2D("conv1", 3, 8, 3, nn.NoBias()),
		nn.NewBatchNorm2D("bn1", 8),
	)
	nn.InitParams(block, nn.NewRNG(1))
	dir, _ := os.MkdirTemp("", "weights")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "block.safetensors")
	if err := weights.Save(block, path, map[string]string{"format": "pt"}); err != nil {
		panic(err)
	}

	f, _ := safetensors.Open(path)
	for _, t := range f.Tensors {
		fmt.Println(t.Name, t.DType, t.Shape)
	}
	f.Close()

	other := nn.Seq("", nn.NewConv2D("conv1", 3, 8, 3, nn.NoBias()), nn.NewBatchNorm2D("bn1", 16))
	fmt.Println(weights.Load(other, path, nil) != nil) // bn1 has 16 channels: an error naming each key
	// Output:
	// bn1.num_batches_tracked I64 []
	// bn1.bias F32 [8]
	// bn1.running_mean F32 [8]
	// bn1.running_var F32 [8]
	// bn1.weight F32 [8]
	// conv1.weight F32 [8 3 3 3]
	// true
}

// The hash weights: a pure function of (key, index), the same in Python.
func ExampleHashFill() {
	v := make([]float32, 3)
	weights.HashFill(v, "bn1.running_var", 0.5, 2)
	fmt.Printf("%.6f\n", v)
	// Output:
	// [1.463461 1.680130 1.956168]
}
