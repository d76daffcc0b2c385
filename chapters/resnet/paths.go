package resnet

import (
	"fmt"
	"math/big"

	"github.com/cnnbook/cnnbook/nn"
)

// BlockLengths rewrites a path-length polynomial counted in weighted
// layers (nn.Report.Paths: coefficient i = paths through i convolutions
// or linear layers) as one counted in residual branches: out[k] is the
// number of paths that pass through k branches. Every path is assumed to
// cross fixed weighted layers outside the blocks (the stem conv and fc:
// 2) and perBranch inside each branch it takes (2 in a basic block), so a
// path through k branches has length fixed + perBranch·k; a non-zero
// coefficient at any other length (a projection shortcut, which holds a
// weighted layer of its own) is an error.
//
// Veit, Wilber & Belongie 2016 §3: a network of n residual blocks with
// identity shortcuts unravels into 2^n paths, C(n, k) of which pass
// through k blocks — a binomial distribution of path lengths.
func BlockLengths(p nn.Poly, fixed, perBranch int) ([]*big.Int, error) {
	var out []*big.Int
	for i, c := range p {
		if c.Sign() == 0 {
			continue
		}
		if i < fixed || (i-fixed)%perBranch != 0 {
			return nil, fmt.Errorf("resnet: %s paths of length %d are not %d + %d·k layers", c, i, fixed, perBranch)
		}
		k := (i - fixed) / perBranch
		for len(out) <= k {
			out = append(out, new(big.Int))
		}
		out[k] = c
	}
	return out, nil
}

// Share is the fraction of paths whose length in blocks is in [lo, hi].
func Share(lengths []*big.Int, lo, hi int) float64 {
	in, all := new(big.Int), new(big.Int)
	for k, c := range lengths {
		all.Add(all, c)
		if k >= lo && k <= hi {
			in.Add(in, c)
		}
	}
	f, _ := new(big.Rat).SetFrac(in, all).Float64()
	return f
}
