package lenet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

const chapter = "lenet"

// lecun1998 is where the verbatim quotes of LeCun et al. 1998 were checked.
const lecun1998 = "LeCun et al. 1998, http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf, as quoted identically in two stored files (search tool, files 31528872870 and 9929928194); no full transcription was found"

// evidence is what the LeNet ledger's checks read: the analysis of
// LeNet-5 as the 1998 paper built it.
type evidence struct {
	rep    *nn.Report
	layers []string // the paper's layers: every leaf that holds parameters
	s2     nn.Row
}

func newEvidence() (*evidence, error) {
	rep, err := LeNet1998().Analyze()
	if err != nil {
		return nil, err
	}
	e := &evidence{rep: rep}
	for _, r := range rep.Rows {
		if r.Params > 0 {
			e.layers = append(e.layers, r.Name)
		}
		if r.Name == "S2" {
			e.s2 = r
		}
	}
	if e.s2.Name == "" {
		return nil, fmt.Errorf("lenet5-1998 has no layer S2")
	}
	return e, nil
}

// rows is the LeNet part of the notes' claims ledger.
var rows = []claims.Row[*evidence]{
	{ID: "lenet/seven-layers", NotesQuote: "7계층 모델",
		Claimed:     "7 layers: CONV-POOL-CONV-POOL-FC-FC-FC",
		SourceQuote: "LeNet-5 comprises 7 layers, not counting the input, all of which contain trainable parameters (weights).", QuoteKind: claims.Verbatim, CheckedAgainst: lecun1998,
		Cited:  "7 layers, not counting the input, all with trainable parameters",
		Source: "LeCun et al. 1998, §II.B",
		Reason: "the count holds; the paper calls the fifth layer C5 a convolution (120 5×5 kernels on 5×5 maps give 1×1 outputs, so it acts as a fully connected layer on a 32×32 input)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 7, ComputedValue: float64(e.rep.Depth),
				Computed: fmt.Sprintf("lenet5-1998 has %d weighted layers on its path (nn.Report.Depth): %s", e.rep.Depth, strings.Join(e.layers, ", "))}, nil
		}},
	{ID: "lenet/trainable-subsampling", NotesQuote: "CONV - POOL - CONV - POOL",
		Claimed:     "the 2nd and 4th layers are pooling layers",
		SourceQuote: "The four inputs to a unit in S2 are added, then multiplied by a trainable coefficient, and added to a trainable bias. The result is passed through a sigmoidal function.", QuoteKind: claims.Verbatim, CheckedAgainst: lecun1998,
		Cited:  "S2 sums four inputs, multiplies by a trainable coefficient, adds a trainable bias, then a sigmoid",
		Source: "LeCun et al. 1998, §II.B",
		Reason: "S2 and S4 are trainable sub-sampling layers (12 and 32 parameters), not parameter-free pooling; the max-pool is the modern reading (model lenet5)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.s2.Params == 0,
				Computed: fmt.Sprintf("S2 holds %d trainable parameters (%s, %s MACs): a coefficient and a bias per map", e.s2.Params, e.s2.Type, nn.Comma(e.s2.MACs))}, nil
		}},
	{ID: "lenet/first-cnn", SourceAgrees: claims.No, NotesQuote: "최초의 컨볼루션 신경망",
		Claimed: "LeNet-5 is the first convolutional neural network",
		Cited:   "LeCun et al. 1989 trained a convolutional network by back-propagation on zip codes nine years before LeNet-5; Fukushima's Neocognitron (1980) had the convolution and sub-sampling structure",
		Source:  "LeCun et al. 1989, Neural Computation 1(4):541–551; Fukushima 1980, Biological Cybernetics 36:193–202",
		Reason:  "LeNet-5 (1998) is the best-known early CNN, not the first"},
}

// Claims returns the LeNet entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() ([]claims.Claim, error) { return claims.Table(chapter, "", newEvidence, rows) }
