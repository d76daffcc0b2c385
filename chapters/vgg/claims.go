package vgg

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

const chapter = "vgg"

// Claims returns the VGG entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() []claims.Claim {
	vgg16 := New("vgg16", D, Options{}).MustAnalyze()
	vgg19 := New("vgg19", E, Options{}).MustAnalyze()

	var depths []string
	var distinct = map[int]bool{}
	for _, c := range Configs() {
		d := New(c.Name, c, Options{}).MustAnalyze().Depth
		depths = append(depths, fmt.Sprintf("%s %d", c.Name, d))
		distinct[d] = true
	}
	four := len(distinct) == 4 && distinct[11] && distinct[13] && distinct[16] && distinct[19]

	rf5, w5 := StackRF(2, 3), StackWeights(2, 3)
	big5 := StackWeights(1, 5)
	rf7, w7, big7 := StackRF(3, 3), StackWeights(3, 3), StackWeights(1, 7)

	m16 := New("vgg16", D, Options{})
	groups := map[string]bool{}
	for _, n := range Names(m16) {
		if strings.HasPrefix(n.Group, "conv") {
			groups[n.Group] = true
		}
	}
	shares, rep16, err := Breakdown(m16)
	if err != nil {
		panic(err)
	}
	earlyP, earlyA := SumShares(shares, "conv1", "conv2")
	lateP, lateA := SumShares(shares, "fc6", "fc7", "fc8")
	earlyShare, lateShare := percent(earlyA, rep16.Activations), percent(lateP, rep16.Params)

	// Alternative memory conventions for the 96 MB entry.
	withInput := vgg16.Activations + vgg16.Input.Elems()
	var relu int64
	for _, r := range vgg16.Rows {
		if act, ok := r.Module.(*nn.Activation); ok && act.Kind == nn.ActReLU {
			relu += r.Out.Elems()
		}
	}
	var avgpool int64 // torchvision's AdaptiveAvgPool2d(7, 7): the identity at 224, counted as a layer
	for _, r := range vgg16.Rows {
		if r.Name == "avgpool" {
			avgpool = r.Out.Elems()
		}
	}
	mb := func(floats int64) float64 { return float64(4*floats) / 1e6 }

	q := func(quote string) (int, string) { return claims.LineOf(quote), quote }
	var out []claims.Claim
	add := func(c claims.Claim) { c.Chapter = chapter; out = append(out, c) }

	l, s := q("총 6가지 종류의 모델로 구성된다")
	add(claims.Claim{ID: "vgg/six-configurations", Line: l, NotesQuote: s,
		Claimed: "6 kinds of VGG", Numeric: true, ClaimedValue: 6, ComputedValue: float64(len(Configs())),
		Computed: fmt.Sprintf("%d configurations (Table 1 columns), depths %s", len(Configs()), strings.Join(depths, ", ")),
		Cited:    "A, A-LRN, B, C, D, E", Source: "Simonyan & Zisserman 2015, Table 1",
		Reason: "Table 1 has six columns but only four depths: A-LRN is A plus one LRN layer, and C is D with the third conv of blocks 3–5 made 1×1"})

	l, s = q("11계층부터 13계층, 16게층, 19계층까지")
	add(claims.Claim{ID: "vgg/depths", Line: l, NotesQuote: s,
		Claimed: "11, 13, 16 and 19 layers", Agrees: four,
		Computed: "weighted layers on the longest path (nn.Report.Depth): " + strings.Join(depths, ", "),
		Cited:    "Table 1 header: A 11, A-LRN 11, B 13, C 16, D 16, E 19 weight layers",
		Source:   "Simonyan & Zisserman 2015, Table 1",
		Reason:   "the depth counts conv and fully connected layers, as Table 1's \"weight layers\""})

	l, s = q("두 계층에 각각 3인 컨볼루션 필터를 사용할 수도 있다")
	add(claims.Claim{ID: "vgg/stacked-3x3-rf", Line: l, NotesQuote: s,
		Claimed: "two 3×3 layers see as far as one 5×5", Numeric: true, ClaimedValue: 5, ComputedValue: float64(rf5),
		Computed:    fmt.Sprintf("receptive field of two stacked 3×3 convs: %d; of three: %d", rf5, rf7),
		SourceQuote: "It is easy to see that a stack of two 3 × 3 conv. layers (without spatial pooling in between) has an effective receptive field of 5 × 5", QuoteKind: claims.Verbatim, CheckedAgainst: "Simonyan & Zisserman 2015, https://arxiv.org/abs/1409.1556, in stored transcriptions (search tool, files 57121432083, 23280008633)",
		Cited: "two stacked 3×3 layers see 5×5", Source: "Simonyan & Zisserman 2015, §2.3"})

	l, s = q("작은 필터를 사용해서 여러 계층으로 쌓는 방식이 파라미터 수를 줄이는 방식")
	add(claims.Claim{ID: "vgg/stacked-3x3-weights", Line: l, NotesQuote: s,
		Claimed: "stacked small filters need fewer parameters", Agrees: w5 < big5 && w7 < big7,
		Computed: fmt.Sprintf("per C² weights: two 3×3 %d vs one 5×5 %d; three 3×3 %d vs one 7×7 %d", w5, big5, w7, big7),
		Cited:    "3(3²C²) = 27C² vs 7²C² = 49C²", Source: "Simonyan & Zisserman 2015, §2.3"})

	l, s = q("5개의 그룹 CONV1,CONV2,CONV3,CONV4,CONV5")
	add(claims.Claim{ID: "vgg/five-blocks", Line: l, NotesQuote: s,
		Claimed: "5 conv groups", Numeric: true, ClaimedValue: 5, ComputedValue: float64(len(groups)),
		Computed:    fmt.Sprintf("%d blocks between max-pools in vgg16's module tree", len(groups)),
		SourceQuote: "Spatial pooling is carried out by five max-pooling layers, which follow some of the conv. layers (not all the conv. layers are followed by max-pooling).", QuoteKind: claims.Verbatim, CheckedAgainst: "Simonyan & Zisserman 2015, https://arxiv.org/abs/1409.1556, in stored transcriptions (search tool, files 57121432083, 23280008633)",
		Cited:  "five max-pooling layers; Table 1 draws five conv groups separated by maxpool rows",
		Source: "Simonyan & Zisserman 2015, §2.1 and Table 1"})

	l, s = q("FC7의 특징은 이미지를 설명하는 콘텍스트 벡터로")
	add(claims.Claim{ID: "vgg/fc7-context-vector", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "fc7 is used as the image's context vector",
		SourceQuote: "we remove the last fully-connected layer (which performs 1000-way ILSVRC classification), and use 4096-D activations of the penultimate layer as image features", QuoteKind: claims.Verbatim, CheckedAgainst: "Simonyan & Zisserman 2015, https://arxiv.org/abs/1409.1556, in stored transcriptions (search tool, files 57121432083, 23280008633)",
		Cited:  "the 4096-D activations of the penultimate layer (fc7) serve as image features for other datasets",
		Source: "Simonyan & Zisserman 2015, Appendix B",
		Reason: "Features(model, x, \"fc7\") computes that vector (after relu7); how it is used downstream is not computable here"})

	l, s = q("초기계층은 메모리 사용량이 많고, 후반 계층은 파라미터가 집중되어있다")
	add(claims.Claim{ID: "vgg/memory-early-params-late", Line: l, NotesQuote: s,
		Claimed: "early layers hold the memory, late layers the parameters", Agrees: earlyShare > 50 && lateShare > 50,
		Computed: fmt.Sprintf("vgg16 at 224: conv1–conv2 blocks hold %.1f%% of the activations and %.2f%% of the parameters; fc6–fc8 hold %.1f%% of the parameters and %.2f%% of the activations",
			earlyShare, percent(earlyP, rep16.Params), lateShare, percent(lateA, rep16.Activations)),
		Cited:  "most of the memory (and compute time) is used in the early conv layers, most of the parameters are in the last FC layers; the first FC layer alone holds 100M of the 140M weights",
		Source: "CS231n notes, Convolutional Neural Networks, \"VGGNet in detail\""})

	l, s = q("메모리 사용량 96m")
	add(claims.Claim{ID: "vgg/memory-96m", Line: l, NotesQuote: s,
		Claimed: "96 MB of memory per image", Numeric: true, Tolerance: 0.1,
		ClaimedValue: 96, ComputedValue: mb(vgg16.Activations),
		Computed: fmt.Sprintf("%s activation floats = %.1f MB (float32, batch 1, forward only, in-place ReLU/Dropout and the input not counted; %s of them the output of torchvision's avgpool, the identity at 224)",
			nn.Comma(vgg16.Activations), mb(vgg16.Activations), nn.Comma(avgpool)),
		SourceQuote: "TOTAL memory: 24M * 4 bytes ~= 93MB / image (only forward! ~*2 for bwd)", QuoteKind: claims.Verbatim, CheckedAgainst: "CS231n notes, https://cs231n.github.io/convolutional-networks/, in stored copies (search tool, files 37146145140, 20673538148)",
		Cited:  "CS231n: 24M values × 4 bytes, about 93MB per image, forward only",
		Source: "CS231n notes, Convolutional Neural Networks, \"VGGNet in detail\"",
		Reason: fmt.Sprintf("96 MB is CS231n's 24M × 4 bytes, but CS231n's own per-layer list (input, conv and pool outputs, fc) sums to about 15.2M values; "+
			"we count %s floats (%.1f MB), %s counting the input and leaving out torchvision's avgpool, which the paper does not have (%.1f MB: CS231n's own list of layers), and %s (%.1f MB) if every ReLU output were kept separately: no convention we tried gives 24M",
			nn.Comma(vgg16.Activations), mb(vgg16.Activations), nn.Comma(withInput-avgpool), mb(withInput-avgpool),
			nn.Comma(vgg16.Activations+relu), mb(vgg16.Activations+relu))})

	l, s = q("파라미터 수 : 138M")
	add(claims.Claim{ID: "vgg/params-138m", Line: l, NotesQuote: s,
		Claimed: "138M parameters", Numeric: true, Tolerance: 0.005,
		ClaimedValue: 138e6, ComputedValue: float64(vgg16.Params),
		Computed: nn.Comma(vgg16.Params) + " parameters in vgg16",
		Cited:    "138,357,544 (torchvision 0.14 vgg16); 138 million (Table 2, config D)", Source: "torchvision 0.14; Simonyan & Zisserman 2015, Table 2"})

	l, s = q("19계층을 사용한 경우는 파라미터수는 많지만")
	add(claims.Claim{ID: "vgg/vgg19-more-params", Line: l, NotesQuote: s,
		Claimed: "VGG19 has more parameters than VGG16", Agrees: vgg19.Params > vgg16.Params,
		Computed: fmt.Sprintf("vgg19 %s vs vgg16 %s (+%.1f%%)", nn.Comma(vgg19.Params), nn.Comma(vgg16.Params),
			percent(vgg19.Params-vgg16.Params, vgg16.Params)),
		SourceQuote: "The error rate of our architecture saturates when the depth reaches 19 layers, but even deeper models might be beneficial for larger datasets.", QuoteKind: claims.Verbatim, CheckedAgainst: "Simonyan & Zisserman 2015, https://arxiv.org/abs/1409.1556, in stored transcriptions (search tool, files 57121432083, 23280008633)",
		Cited:  "Table 2: 138M (D) and 144M (E) parameters; the error saturates at 19 layers",
		Source: "Simonyan & Zisserman 2015, Table 2 and §4.1",
		Reason: "only the parameter half is computed; the accuracy half needs training"})
	return out
}
