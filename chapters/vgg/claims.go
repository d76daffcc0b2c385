package vgg

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

const chapter = "vgg"

// Where the verbatim quotes were checked.
const (
	simonyan = "Simonyan & Zisserman 2015, https://arxiv.org/abs/1409.1556, in stored transcriptions (search tool, files 57121432083, 23280008633)"
	cs231n   = "CS231n notes, https://cs231n.github.io/convolutional-networks/, in stored copies (search tool, files 37146145140, 20673538148)"
)

// evidence is what the VGG ledger's checks read, built once: the
// analyses of the six configurations and the stacking arithmetic.
type evidence struct {
	vgg16, vgg19, rep16 *nn.Report
	depths              []string
	four                bool // the depths are exactly 11, 13, 16, 19
	configs             int
	rf5, rf7            int
	w5, big5, w7, big7  int64
	groups              int
	earlyShare          float64 // % of vgg16's activations in conv1–conv2
	earlyParams         float64 // % of its parameters there
	lateShare, lateActs float64 // % of parameters and of activations in fc6–fc8
	withInput, relu     int64
	avgpool             int64 // torchvision's AdaptiveAvgPool2d(7, 7): the identity at 224, counted as a layer
}

func newEvidence() (*evidence, error) {
	e := &evidence{}
	var err error
	if e.vgg16, err = New("vgg16", D, Options{}).Analyze(); err != nil {
		return nil, err
	}
	if e.vgg19, err = New("vgg19", E, Options{}).Analyze(); err != nil {
		return nil, err
	}
	distinct := map[int]bool{}
	for _, c := range Configs() {
		r, err := New(c.Name, c, Options{}).Analyze()
		if err != nil {
			return nil, err
		}
		e.depths = append(e.depths, fmt.Sprintf("%s %d", c.Name, r.Depth))
		distinct[r.Depth] = true
	}
	e.configs = len(Configs())
	e.four = len(distinct) == 4 && distinct[11] && distinct[13] && distinct[16] && distinct[19]
	e.rf5, e.w5, e.big5 = StackRF(2, 3), StackWeights(2, 3), StackWeights(1, 5)
	e.rf7, e.w7, e.big7 = StackRF(3, 3), StackWeights(3, 3), StackWeights(1, 7)

	m16 := New("vgg16", D, Options{})
	groups := map[string]bool{}
	for _, n := range Names(m16) {
		if strings.HasPrefix(n.Group, "conv") {
			groups[n.Group] = true
		}
	}
	e.groups = len(groups)
	shares, rep16, err := Breakdown(m16)
	if err != nil {
		return nil, err
	}
	e.rep16 = rep16
	earlyP, earlyA := SumShares(shares, "conv1", "conv2")
	lateP, lateA := SumShares(shares, "fc6", "fc7", "fc8")
	e.earlyShare, e.earlyParams = percent(earlyA, rep16.Activations), percent(earlyP, rep16.Params)
	e.lateShare, e.lateActs = percent(lateP, rep16.Params), percent(lateA, rep16.Activations)

	// Alternative memory conventions for the 96 MB entry.
	e.withInput = e.vgg16.Activations + e.vgg16.Input.Elems()
	for _, r := range e.vgg16.Rows {
		if act, ok := r.Module.(*nn.Activation); ok && act.Kind == nn.ActReLU {
			e.relu += r.Out.Elems()
		}
		if r.Name == "avgpool" {
			e.avgpool = r.Out.Elems()
		}
	}
	return e, nil
}

// mb is float32 values in MB.
func mb(floats int64) float64 { return float64(4*floats) / 1e6 }

// rows is the VGG part of the notes' claims ledger.
var rows = []claims.Row[*evidence]{
	{ID: "vgg/six-configurations", NotesQuote: "총 6가지 종류의 모델로 구성된다",
		Claimed: "6 kinds of VGG",
		Cited:   "A, A-LRN, B, C, D, E", Source: "Simonyan & Zisserman 2015, Table 1",
		Reason: "Table 1 has six columns but only four depths: A-LRN is A plus one LRN layer, and C is D with the third conv of blocks 3–5 made 1×1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 6, ComputedValue: float64(e.configs),
				Computed: fmt.Sprintf("%d configurations (Table 1 columns), depths %s", e.configs, strings.Join(e.depths, ", "))}, nil
		}},
	{ID: "vgg/depths", NotesQuote: "11계층부터 13계층, 16게층, 19계층까지",
		Claimed: "11, 13, 16 and 19 layers",
		Cited:   "Table 1 header: A 11, A-LRN 11, B 13, C 16, D 16, E 19 weight layers",
		Source:  "Simonyan & Zisserman 2015, Table 1",
		Reason:  "the depth counts conv and fully connected layers, as Table 1's weight layers do",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.four, Computed: "weighted layers on the longest path (nn.Report.Depth): " + strings.Join(e.depths, ", ")}, nil
		}},
	{ID: "vgg/stacked-3x3-rf", NotesQuote: "두 계층에 각각 3인 컨볼루션 필터를 사용할 수도 있다",
		Claimed:     "two 3×3 layers see as far as one 5×5",
		SourceQuote: "It is easy to see that a stack of two 3 × 3 conv. layers (without spatial pooling in between) has an effective receptive field of 5 × 5", QuoteKind: claims.Verbatim, CheckedAgainst: simonyan,
		Cited: "two stacked 3×3 layers see 5×5", Source: "Simonyan & Zisserman 2015, §2.3",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 5, ComputedValue: float64(e.rf5),
				Computed: fmt.Sprintf("receptive field of two stacked 3×3 convs: %d; of three: %d", e.rf5, e.rf7)}, nil
		}},
	{ID: "vgg/stacked-3x3-weights", NotesQuote: "작은 필터를 사용해서 여러 계층으로 쌓는 방식이 파라미터 수를 줄이는 방식",
		Claimed: "stacked small filters need fewer parameters",
		Cited:   "3(3²C²) = 27C² vs 7²C² = 49C²", Source: "Simonyan & Zisserman 2015, §2.3",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.w5 < e.big5 && e.w7 < e.big7,
				Computed: fmt.Sprintf("per C² weights: two 3×3 %d vs one 5×5 %d; three 3×3 %d vs one 7×7 %d", e.w5, e.big5, e.w7, e.big7)}, nil
		}},
	{ID: "vgg/five-blocks", NotesQuote: "5개의 그룹 CONV1,CONV2,CONV3,CONV4,CONV5",
		Claimed:     "5 conv groups",
		SourceQuote: "Spatial pooling is carried out by five max-pooling layers, which follow some of the conv. layers (not all the conv. layers are followed by max-pooling).", QuoteKind: claims.Verbatim, CheckedAgainst: simonyan,
		Cited:  "five max-pooling layers; Table 1 draws five conv groups separated by maxpool rows",
		Source: "Simonyan & Zisserman 2015, §2.1 and Table 1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 5, ComputedValue: float64(e.groups),
				Computed: fmt.Sprintf("%d blocks between max-pools in vgg16's module tree", e.groups)}, nil
		}},
	{ID: "vgg/fc7-context-vector", SourceAgrees: claims.Yes, NotesQuote: "FC7의 특징은 이미지를 설명하는 콘텍스트 벡터로",
		Claimed:     "fc7 is used as the image's context vector",
		SourceQuote: "we remove the last fully-connected layer (which performs 1000-way ILSVRC classification), and use 4096-D activations of the penultimate layer as image features", QuoteKind: claims.Verbatim, CheckedAgainst: simonyan,
		Cited:  "the 4096-D activations of the penultimate layer (fc7) serve as image features for other datasets",
		Source: "Simonyan & Zisserman 2015, Appendix B",
		Reason: "Features(model, x, fc7) computes that vector (after relu7); how it is used downstream is not computable here, and no VGG is trained here to show what it separates"},
	{ID: "vgg/memory-early-params-late", NotesQuote: "초기계층은 메모리 사용량이 많고, 후반 계층은 파라미터가 집중되어있다",
		Claimed: "early layers hold the memory, late layers the parameters",
		Cited:   "most of the memory (and compute time) is used in the early conv layers, most of the parameters are in the last FC layers; the first FC layer alone holds 100M of the 140M weights",
		Source:  "CS231n notes, Convolutional Neural Networks, VGGNet in detail",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.earlyShare > 50 && e.lateShare > 50,
				Computed: fmt.Sprintf("vgg16 at 224: conv1–conv2 blocks hold %.1f%% of the activations and %.2f%% of the parameters; fc6–fc8 hold %.1f%% of the parameters and %.2f%% of the activations",
					e.earlyShare, e.earlyParams, e.lateShare, e.lateActs)}, nil
		}},
	{ID: "vgg/memory-96m", NotesQuote: "메모리 사용량 96m",
		Claimed:     "96 MB of memory per image",
		SourceQuote: "TOTAL memory: 24M * 4 bytes ~= 93MB / image (only forward! ~*2 for bwd)", QuoteKind: claims.Verbatim, CheckedAgainst: cs231n,
		Cited:  "CS231n: 24M values × 4 bytes, about 93MB per image, forward only",
		Source: "CS231n notes, Convolutional Neural Networks, VGGNet in detail",
		Check: func(e *evidence) (claims.Result, error) {
			v := e.vgg16
			return claims.Result{Numeric: true, Tolerance: 0.1, ClaimedValue: 96, ComputedValue: mb(v.Activations),
				Computed: fmt.Sprintf("%s activation floats = %.1f MB (float32, batch 1, forward only, in-place ReLU/Dropout and the input not counted; %s of them the output of torchvision's avgpool, the identity at 224)",
					nn.Comma(v.Activations), mb(v.Activations), nn.Comma(e.avgpool)),
				Reason: fmt.Sprintf("96 MB is CS231n's 24M × 4 bytes, but CS231n's own per-layer list (input, conv and pool outputs, fc) sums to about 15.2M values; "+
					"we count %s floats (%.1f MB), %s counting the input and leaving out torchvision's avgpool, which the paper does not have (%.1f MB: CS231n's own list of layers), and %s (%.1f MB) if every ReLU output were kept separately: no convention we tried gives 24M",
					nn.Comma(v.Activations), mb(v.Activations), nn.Comma(e.withInput-e.avgpool), mb(e.withInput-e.avgpool),
					nn.Comma(v.Activations+e.relu), mb(v.Activations+e.relu))}, nil
		}},
	{ID: "vgg/params-138m", NotesQuote: "파라미터 수 : 138M",
		Claimed: "138M parameters",
		Cited:   "138,357,544 (torchvision 0.14 vgg16); 138 million (Table 2, config D)", Source: "torchvision 0.14; Simonyan & Zisserman 2015, Table 2",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, Tolerance: 0.005, ClaimedValue: 138e6, ComputedValue: float64(e.vgg16.Params),
				Computed: nn.Comma(e.vgg16.Params) + " parameters in vgg16"}, nil
		}},
	{ID: "vgg/vgg19-more-params", NotesQuote: "19계층을 사용한 경우는 파라미터수는 많지만",
		Claimed:     "VGG19 has more parameters than VGG16",
		SourceQuote: "The error rate of our architecture saturates when the depth reaches 19 layers, but even deeper models might be beneficial for larger datasets.", QuoteKind: claims.Verbatim, CheckedAgainst: simonyan,
		Cited:  "Table 2: 138M (D) and 144M (E) parameters; the error saturates at 19 layers",
		Source: "Simonyan & Zisserman 2015, Table 2 and §4.1",
		Reason: "only the parameter half is computed; the accuracy half needs training",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.vgg19.Params > e.vgg16.Params,
				Computed: fmt.Sprintf("vgg19 %s vs vgg16 %s (+%.1f%%)", nn.Comma(e.vgg19.Params), nn.Comma(e.vgg16.Params),
					percent(e.vgg19.Params-e.vgg16.Params, e.vgg16.Params))}, nil
		}},
}

// Claims returns the VGG entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() ([]claims.Claim, error) { return claims.Table(chapter, "", newEvidence, rows) }
