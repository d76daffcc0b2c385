package googlenet

import "github.com/cnnbook/cnnbook/nn"

// Fig2 returns the two Inception modules of Szegedy et al. 2015 Fig. 2 for
// a Table 1 row fed in channels:
//
//	(a) naive:          1×1 (C1) | 3×3 (C3) | 5×5 (C5) | 3×3 max-pool        → C1+C3+C5+in channels
//	(b) with reduction: 1×1 (C1) | 1×1 (C3r) → 3×3 (C3) | 1×1 (C5r) → 5×5 (C5) | max-pool → 1×1 (PP)
//	                                                                        → C1+C3+C5+PP channels
//
// §4: in (a) "the number of output filters equals to the number of
// filters in the previous stage" for the pooling branch, so "the number of
// outputs increase from stage to stage"; (b) applies "1×1 convolutions …
// to compute reductions before the expensive 3×3 and 5×5 convolutions".
func Fig2(r Row, in int) (naive, reduced *nn.Parallel) {
	return NaiveInception(r.Name, in, r.C1, r.C3, r.C5),
		Inception(r.Name, in, r.C1, r.C3r, r.C3, r.C5r, r.C5, r.PP, InceptionOpts{})
}

// NaiveBody is GoogLeNet's body (inception3a … inception5b with the
// max-pools between them) built from naive modules with Table 1's C1, C3
// and C5, on the stem's 192×28×28 output: what §4 means by "a blow up
// in the number of outputs". Analyse it at Shape{192, 28, 28}.
func NaiveBody() nn.Module { return body(true) }

// Body is the same stretch of GoogLeNet with Table 1's modules (Fig. 2b).
func Body() nn.Module { return body(false) }

// body chains Table 1's inception rows from the stem's 192 channels, with
// the 3×3/2 max-pools before inception4a and inception5a, each module
// naive (Fig. 2a: the pool branch passes its in channels on) or reduced
// (Fig. 2b).
func body(naive bool) nn.Module {
	b := nn.Seq("")
	in := Table1[1].C3 // the stem's 192 channels
	for _, r := range Table1 {
		if !r.Inception() {
			continue
		}
		if r.Name == "inception4a" || r.Name == "inception5a" {
			b.Append(pool("maxpool"))
		}
		a, reduced := Fig2(r, in)
		if naive {
			b.Append(a)
			in += r.C1 + r.C3 + r.C5
		} else {
			b.Append(reduced)
			in = r.C1 + r.C3 + r.C5 + r.PP
		}
	}
	return b
}
