package nntest

import (
	"math/rand/v2"

	"github.com/cnnbook/cnnbook/nn"
)

// RandInput is a tensor of N(0, 1) values from a seeded PCG (the same
// values as nn's own tests' randInput).
func RandInput(seed uint64, shape ...int) *nn.Tensor {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := nn.NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}
