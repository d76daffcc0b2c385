package safetensors_test

import (
	"bytes"
	"fmt"

	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// A BatchNorm layer's state as PyTorch saves it, written and read back.
func Example() {
	var buf bytes.Buffer
	err := safetensors.Write(&buf, []safetensors.Tensor{
		{Name: "bn1.weight", Shape: []int{2}, F32: []float32{1, 0.5}},
		{Name: "bn1.running_var", Shape: []int{2}, F32: []float32{1.5, 2}},
		{Name: "bn1.num_batches_tracked", Shape: []int{}, I64: []int64{0}},
	}, map[string]string{"format": "pt"})
	if err != nil {
		panic(err)
	}
	f, err := safetensors.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		panic(err)
	}
	for _, t := range f.Tensors {
		fmt.Printf("%-24s %s %v bytes [%d, %d)\n", t.Name, t.DType, t.Shape, t.Begin, t.End)
	}
	w, _ := f.Float32("bn1.weight")
	fmt.Println(w)
	// Output:
	// bn1.num_batches_tracked  I64 [] bytes [0, 8)
	// bn1.running_var          F32 [2] bytes [8, 16)
	// bn1.weight               F32 [2] bytes [16, 24)
	// [1 0.5]
}
