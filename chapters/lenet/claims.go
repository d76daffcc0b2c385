package lenet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

const chapter = "lenet"

// Claims returns the LeNet entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() []claims.Claim {
	rep := LeNet1998().MustAnalyze()
	var layers []string // the paper's layers: every leaf that holds parameters
	var s2 nn.Row
	for _, r := range rep.Rows {
		if r.Params > 0 {
			layers = append(layers, r.Name)
		}
		if r.Name == "S2" {
			s2 = r
		}
	}

	q := func(quote string) (int, string) { return claims.LineOf(quote), quote }
	var out []claims.Claim
	add := func(c claims.Claim) { c.Chapter = chapter; out = append(out, c) }

	l, s := q("7계층 모델")
	add(claims.Claim{ID: "lenet/seven-layers", Line: l, NotesQuote: s,
		Claimed: "7 layers: CONV-POOL-CONV-POOL-FC-FC-FC", Numeric: true, ClaimedValue: 7, ComputedValue: float64(rep.Depth),
		Computed: fmt.Sprintf("lenet5-1998 has %d weighted layers on its path (nn.Report.Depth): %s",
			rep.Depth, strings.Join(layers, ", ")),
		SourceQuote: "LeNet-5 comprises 7 layers, not counting the input, all of which contain trainable parameters (weights).", QuoteKind: claims.Verbatim, CheckedAgainst: "LeCun et al. 1998, http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf, as quoted identically in two stored files (search tool, files 31528872870 and 9929928194); no full transcription was found",
		Cited:  "7 layers, not counting the input, all with trainable parameters",
		Source: "LeCun et al. 1998, §II.B",
		Reason: "the count holds; the paper calls the fifth layer C5 a convolution (120 5×5 kernels on 5×5 maps give 1×1 outputs, so it acts as a fully connected layer on a 32×32 input)"})

	l, s = q("CONV - POOL - CONV - POOL")
	add(claims.Claim{ID: "lenet/trainable-subsampling", Line: l, NotesQuote: s,
		Claimed: "the 2nd and 4th layers are pooling layers", Agrees: s2.Params == 0,
		Computed:    fmt.Sprintf("S2 holds %d trainable parameters (%s, %s MACs): a coefficient and a bias per map", s2.Params, s2.Type, nn.Comma(s2.MACs)),
		SourceQuote: "The four inputs to a unit in S2 are added, then multiplied by a trainable coefficient, and added to a trainable bias. The result is passed through a sigmoidal function.", QuoteKind: claims.Verbatim, CheckedAgainst: "LeCun et al. 1998, http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf, as quoted identically in two stored files (search tool, files 31528872870 and 9929928194); no full transcription was found",
		Cited:  "S2 sums four inputs, multiplies by a trainable coefficient, adds a trainable bias, then a sigmoid",
		Source: "LeCun et al. 1998, §II.B",
		Reason: "S2 and S4 are trainable sub-sampling layers (12 and 32 parameters), not parameter-free pooling; the max-pool is the modern reading (model lenet5)"})

	l, s = q("최초의 컨볼루션 신경망")
	add(claims.Claim{ID: "lenet/first-cnn", SourceAgrees: claims.No, Line: l, NotesQuote: s,
		Claimed: "LeNet-5 is the first convolutional neural network",
		Cited:   "LeCun et al. 1989 trained a convolutional network by back-propagation on zip codes nine years before LeNet-5; Fukushima's Neocognitron (1980) had the convolution and sub-sampling structure",
		Source:  "LeCun et al. 1989, Neural Computation 1(4):541–551; Fukushima 1980, Biological Cybernetics 36:193–202",
		Reason:  "LeNet-5 (1998) is the best-known early CNN, not the first"})
	return out
}
