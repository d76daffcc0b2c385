package nn

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn/internal/vec"
)

// SGD is stochastic gradient descent with momentum and L2 weight decay,
// step for step as torch.optim.SGD (dampening 0). The PyTorch docs give,
// for each parameter θ with gradient g at step t:
//
//	g ← g + λ·θ                      (weight decay λ)
//	b_t ← μ·b_{t−1} + g   (t > 1),   b_1 ← g      (momentum μ)
//	g ← g + μ·b_t  if Nesterov, else  g ← b_t
//	θ ← θ − γ·g                      (learning rate γ)
//
// This differs from Sutskever et al. 2013 (v ← μ·v − γ·g) only in where γ
// sits, which matters when γ changes mid-training: PyTorch's buffer holds
// gradients, not steps. AlexNet §5's update, v ← 0.9·v − 0.0005·ε·w − ε·∂L/∂w,
// is Sutskever's form.
//
// Frozen parameters and buffers are never touched; a parameter whose Grad
// was never allocated (no Backward reached it) is skipped, as PyTorch
// skips grad None. Arithmetic is float32, element by element, as
// PyTorch's single-tensor path.
type SGD struct {
	LR          float64 // γ
	Momentum    float64 // μ
	WeightDecay float64 // λ
	Nesterov    bool

	// NoDecay, if set, exempts the parameters it returns true for from
	// weight decay (a common choice: biases and BatchNorm γ, β).
	NoDecay func(key string, p *Param) bool

	params []NamedParam
	buf    [][]float32 // momentum buffers b, nil before a parameter's first step
}

// NewSGD prepares SGD over every trainable parameter of m. The parameters
// need not be allocated yet.
func NewSGD(m Module, lr, momentum, weightDecay float64) *SGD {
	o := &SGD{LR: lr, Momentum: momentum, WeightDecay: weightDecay}
	for _, p := range AllParams(m) {
		if p.Trainable() {
			o.params = append(o.params, p)
		}
	}
	o.buf = make([][]float32, len(o.params))
	return o
}

// Step applies one update to every trainable parameter from its Grad.
//
//	θ, g, b: same shape per parameter
//	d = g + λ·θ;  b = d (first step) or μ·b + d;  θ −= γ·(Nesterov ? d + μ·b : b)
func (o *SGD) Step() {
	lr, mu := float32(o.LR), float32(o.Momentum)
	for i, p := range o.params {
		if p.Grad == nil || !p.Trainable() {
			continue
		}
		wd := float32(o.WeightDecay)
		if o.NoDecay != nil && o.NoDecay(p.Key, p.Param) {
			wd = 0
		}
		if mu == 0 {
			for j, g := range p.Grad {
				p.Data[j] -= lr * (g + wd*p.Data[j])
			}
			continue
		}
		b := o.buf[i]
		if b != nil && !o.Nesterov {
			vec.SGDMomentum(p.Data, p.Grad, b, lr, mu, wd) // the loop below, vectorised
			continue
		}
		first := b == nil
		if first {
			b = make([]float32, len(p.Data))
			o.buf[i] = b
		}
		for j, g := range p.Grad {
			d := g + wd*p.Data[j]
			if first {
				b[j] = d
			} else {
				b[j] = mu*b[j] + d
			}
			if o.Nesterov {
				d += mu * b[j]
			} else {
				d = b[j]
			}
			p.Data[j] -= lr * d
		}
	}
}

// ZeroGrad clears the gradient of every parameter the optimiser updates.
func (o *SGD) ZeroGrad() {
	for _, p := range o.params {
		p.ZeroGrad()
	}
}

// Buffers returns the momentum buffer of every parameter that has one
// (after its first Step), by key, sharing storage: what a checkpoint must
// save besides the weights so that a resumed run continues the same
// trajectory (torch.optim.SGD's state_dict()["state"][i]["momentum_buffer"]).
func (o *SGD) Buffers() map[string][]float32 {
	out := make(map[string][]float32)
	for i, p := range o.params {
		if o.buf[i] != nil {
			out[p.Key] = o.buf[i]
		}
	}
	return out
}

// SetBuffers restores momentum buffers saved by Buffers (copied). A key
// the optimiser does not update, or a buffer of the wrong length, is an
// error naming it.
func (o *SGD) SetBuffers(bufs map[string][]float32) error {
	index := make(map[string]int, len(o.params))
	for i, p := range o.params {
		index[p.Key] = i
	}
	for key, b := range bufs {
		i, ok := index[key]
		if !ok {
			return fmt.Errorf("nn: SGD: momentum buffer %q: no such trainable parameter", key)
		}
		if int64(len(b)) != o.params[i].Size() {
			return fmt.Errorf("nn: SGD: momentum buffer %q has %d values, the parameter %d", key, len(b), o.params[i].Size())
		}
		o.buf[i] = append([]float32(nil), b...)
	}
	return nil
}
