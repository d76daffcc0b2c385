package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// Stochastic depth (Huang, Sun, Liu, Sedra & Weinberger, "Deep Networks
// with Stochastic Depth", ECCV 2016) trains a residual network whose
// blocks are dropped at random: in each training pass block ℓ survives
// with probability p_ℓ; a dropped block does not run and passes its input
// on through its shortcut (§3, Eq. 3 with b_ℓ = 0: H_ℓ = id(H_ℓ−1), the
// ReLU after the addition leaving the already rectified input unchanged).
// At test time every block runs and its residual branch is multiplied by
// its survival probability, the identity path is not (Eq. 5:
// H_ℓ = ReLU(p_ℓ·f_ℓ(H_ℓ−1) + H_ℓ−1)).
// nn.Residual implements both through its Survival field.

// LinearDecay is the survival rule of Huang et al. 2016 §3 (Eq. 4):
//
//	p_ℓ = 1 − (ℓ/L)·(1 − p_L),  ℓ = 1 … L
//
// from p_0 = 1 for the input down to p_L for the last block ("p_L = 0.5
// throughout", §4).
func LinearDecay(blocks int, pL float64) []float64 {
	p := make([]float64, blocks)
	for l := 1; l <= blocks; l++ {
		p[l-1] = 1 - float64(l)/float64(blocks)*(1-pL)
	}
	return p
}

// ExpectedBlocks is the expected number of blocks that run in a training
// pass: Σ p_ℓ. For the linear rule with p_L = 0.5 it is (3L − 1)/4, about
// 40 of the 54 blocks of the 110-layer network (§3, "Implicit model
// ensemble" and the expected depth E(L̃)).
func ExpectedBlocks(p []float64) float64 {
	var e float64
	for _, v := range p {
		e += v
	}
	return e
}

// Residuals lists the residual blocks of m in forward order.
func Residuals(m nn.Module) []*nn.Residual {
	var out []*nn.Residual
	nn.Walk(m, func(_ string, c nn.Module) {
		if r, ok := c.(*nn.Residual); ok {
			out = append(out, r)
		}
	})
	return out
}

// SetSurvival gives the residual blocks of m, in order, the survival
// probabilities p (one per block) and returns how many blocks it set.
func SetSurvival(m nn.Module, p []float64) int {
	rs := Residuals(m)
	if len(rs) != len(p) {
		panic(fmt.Sprintf("variants: %d survival probabilities for %d residual blocks", len(p), len(rs)))
	}
	for i, r := range rs {
		r.Survival = p[i]
	}
	return len(rs)
}

// StochasticDepth110 is the 110-layer CIFAR network Huang et al. 2016
// train with stochastic depth (§4: the 110-layer ResNet of He et al. 2016,
// 54 residual blocks, p_L = 0.5): the post-activation ResNet-110 (6n+2,
// n = 18) with parameter-free shortcuts where the shape changes (subsample
// and zero-pad the new channels, option A), its 54 blocks given
// LinearDecay(54, 0.5).
func StochasticDepth110() *nn.Model {
	m := resnet.CIFAR(110, true) // the ResNet chapter's ResNet-110, renamed
	m.Name = "resnet110-sd"
	m.Net.(*nn.Sequential).ModuleName = m.Name
	SetSurvival(m.Net, LinearDecay(54, 0.5))
	return m
}

// CountPasses is the number of training passes over which the chapter's
// listing counts the blocks stochastic depth runs (ExampleLinearDecay).
const CountPasses = 4000

// CountRuns runs blocks residual blocks with survival probabilities p on
// a tiny input passes times in training and counts how many branches ran
// per pass on average — the measured counterpart of ExpectedBlocks. The
// branches are a counting module, so the dropping is nn.Residual's own.
func CountRuns(p []float64, passes int, seed uint64) float64 {
	counter := &countBranch{Base: nn.Base{ModuleName: "branch"}}
	layers := make([]nn.Module, len(p))
	for i := range layers {
		r := nn.NewResidual(fmt.Sprint(i), counter, nil, nil)
		r.Survival = p[i]
		layers[i] = r
	}
	net := nn.Seq("net", layers...)
	ctx := &nn.Ctx{Train: true, Rng: nn.NewRNG(seed)}
	x := nn.NewTensor(1, 1)
	for i := 0; i < passes; i++ {
		net.Forward(ctx, x)
	}
	return float64(counter.runs) / float64(passes)
}

// countBranch is a residual branch that outputs zeros and counts its runs.
type countBranch struct {
	nn.Base
	runs int
}

func (c *countBranch) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	return a.Leaf(c, in, nn.LeafInfo{Type: "Count", Out: in.Shape}), nil
}

func (c *countBranch) Forward(_ *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	c.runs++
	return nn.ZerosLike(x)
}

func (c *countBranch) Backward(dy *nn.Tensor) *nn.Tensor { return nn.ZerosLike(dy) }

// SurvivalCheck runs one post-activation residual block (resnet.BasicBlock,
// 4 channels, identity shortcut) with survival probability p on a
// rectified input and reports
//
//	dropped: max |y − x| of a training pass in which the block was dropped
//	         (0: the input passes through unchanged);
//	scaled:  max |y − ReLU(x + p·F(x))| in eval (0: the branch is scaled by p);
//	full:    max |y − ReLU(x + F(x))| in eval, the "whole network" the notes
//	         describe (> 0 unless p = 1).
func SurvivalCheck(p float64, seed uint64) (dropped, scaled, full float64) {
	b := resnet.BasicBlock("block", 4, 4, 1, resnet.ShortcutB)
	rng := nn.NewRNG(seed)
	nn.InitParams(b, rng)
	x := nn.NewTensor(2, 4, 5, 5)
	for i := range x.Data {
		x.Data[i] = float32(max(rng.NormFloat64(), 0)) // the output of the previous block's ReLU
	}
	b.Survival = p
	// A training pass with a generator whose first draw is ≥ p drops the block.
	for s := uint64(0); ; s++ {
		r := nn.NewRNG(s)
		if r.Float64() >= p {
			y := b.Forward(&nn.Ctx{Train: true, Rng: nn.NewRNG(s)}, x)
			dropped = maxDiff(y, x)
			break
		}
	}
	y := b.Forward(nn.Eval, x)
	f := b.Branch.Forward(nn.Eval, x)
	want := func(s float32) *nn.Tensor {
		w := nn.ZerosLike(x)
		for i := range w.Data {
			w.Data[i] = max(x.Data[i]+s*f.Data[i], 0)
		}
		return w
	}
	return dropped, maxDiff(y, want(float32(p))), maxDiff(y, want(1))
}
