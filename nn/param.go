package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Init names a weight-initialisation scheme. Fan-in and fan-out follow
// PyTorch's torch.nn.init._calculate_fan_in_and_fan_out: for a weight of
// shape (out, in, kh, kw) fan_in = in·kh·kw and fan_out = out·kh·kw.
type Init int

const (
	InitZeros    Init = iota // biases, BatchNorm shift, running mean
	InitOnes                 // BatchNorm scale, running variance
	InitHe                   // He et al. 2015: N(0, 2/fan_in)
	InitXavier               // Glorot & Bengio 2010: U(±√(6/(fan_in+fan_out)))
	InitLeCun                // LeCun et al. 1998: N(0, 1/fan_in)
	InitUniform              // U(±Scale); LeNet-1998 uses ±2.4/fan_in (appendix C)
	InitNormal               // N(0, Scale²); AlexNet §5 uses σ = 0.01
	InitConstant             // every element = Scale; AlexNet biases of 1
)

// Param is a named tensor a module owns. Its shape is known when the
// module is built; Data is nil until Init or a weight file fills it, so
// building VGG-16 for a summary allocates nothing big.
type Param struct {
	Name   string // local name: "weight", "bias", "running_mean"
	Shape  []int
	Data   []float32 // len = prod(Shape) once allocated, nil before
	Grad   []float32 // same length as Data once Backward ran; nil for buffers
	Frozen bool      // counted in parameters, never updated (LeNet's RBF centres)
	Buffer bool      // state, not a parameter: BatchNorm running statistics
	Init   Init
	Scale  float64 // for InitUniform, InitNormal, InitConstant
	FanIn  int
	FanOut int
	// HashScale multiplies the bound of the hash weights nn/weights.Hash
	// fills this tensor with (0 means 1). The model builder sets it: ¼ on a
	// residual block's convolutions after its first (ResidualBranchScale).
	HashScale float64
}

// ResidualBranchScale is the HashScale a builder gives a residual block's
// second and later convolutions, so that a tower of random blocks in eval
// mode neither explodes nor drowns its later terms (nn/weights/hash.go
// derives it).
const ResidualBranchScale = 0.25

// LaterInBranch marks c as a residual block's second or later convolution
// (HashScale = ResidualBranchScale) and returns it.
func LaterInBranch(c *Conv2D) *Conv2D {
	c.Weight.HashScale = ResidualBranchScale
	return c
}

// NewParam declares a parameter of the given shape without allocating it.
// Fan-in/fan-out are derived from the shape as PyTorch does.
func NewParam(name string, init Init, shape ...int) *Param {
	p := &Param{Name: name, Shape: append([]int(nil), shape...), Init: init}
	if len(shape) >= 2 {
		rf := 1
		for _, d := range shape[2:] {
			rf *= d
		}
		p.FanIn, p.FanOut = shape[1]*rf, shape[0]*rf
	} else if len(shape) == 1 {
		p.FanIn, p.FanOut = shape[0], shape[0]
	}
	return p
}

// Size is the number of elements.
func (p *Param) Size() int64 {
	n := int64(1)
	for _, d := range p.Shape {
		n *= int64(d)
	}
	return n
}

// Trainable reports whether an optimiser updates this tensor.
func (p *Param) Trainable() bool { return !p.Frozen && !p.Buffer }

// Alloc makes sure Data (and, for trainable params, Grad) exist.
func (p *Param) Alloc() {
	if p.Data == nil {
		p.Data = make([]float32, p.Size())
	}
	if p.Grad == nil && p.Trainable() {
		p.Grad = make([]float32, p.Size())
	}
}

// gradBuf returns p's gradient, allocating it if weights were loaded
// without one, or nil for a tensor no optimiser updates (frozen, buffer):
// Backward accumulates nothing there.
func gradBuf(p *Param) []float32 {
	if !p.Trainable() {
		return nil
	}
	if len(p.Grad) != len(p.Data) {
		p.Grad = make([]float32, len(p.Data))
	}
	return p.Grad
}

// Fill allocates p and draws its values from the scheme in p.Init.
func (p *Param) Fill(rng *rand.Rand) {
	p.Alloc()
	switch p.Init {
	case InitZeros:
		clear(p.Data)
	case InitOnes:
		for i := range p.Data {
			p.Data[i] = 1
		}
	case InitConstant:
		for i := range p.Data {
			p.Data[i] = float32(p.Scale)
		}
	case InitHe:
		normal(rng, p.Data, math.Sqrt(2/float64(max(p.FanIn, 1))))
	case InitLeCun:
		normal(rng, p.Data, math.Sqrt(1/float64(max(p.FanIn, 1))))
	case InitXavier:
		uniform(rng, p.Data, math.Sqrt(6/float64(max(p.FanIn+p.FanOut, 1))))
	case InitUniform:
		uniform(rng, p.Data, p.Scale)
	case InitNormal:
		normal(rng, p.Data, p.Scale)
	default:
		panic(fmt.Sprintf("nn: unknown init %d for %s", p.Init, p.Name))
	}
}

func normal(rng *rand.Rand, d []float32, std float64) {
	for i := range d {
		d[i] = float32(rng.NormFloat64() * std)
	}
}

func uniform(rng *rand.Rand, d []float32, a float64) {
	for i := range d {
		d[i] = float32((2*rng.Float64() - 1) * a)
	}
}

// ZeroGrad clears the gradient.
func (p *Param) ZeroGrad() { clear(p.Grad) }
