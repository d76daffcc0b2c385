package googlenet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

const chapter = "googlenet"

// AlexNetParams counts the parameters of AlexNet as Krizhevsky et al. 2012
// publish it (Fig. 2, two GPUs: conv2, conv4 and conv5 see only their own
// GPU's half of the channels), declared here with nn because chapters do
// not import each other. 60,965,224 — the paper's "60 million parameters".
func AlexNetParams() int64 {
	net := nn.Seq("alexnet",
		nn.NewConv2D("conv1", 3, 96, 11, nn.Stride(4)),
		nn.NewConv2D("conv2", 96, 256, 5, nn.Pad(2), nn.Groups(2)),
		nn.NewConv2D("conv3", 256, 384, 3, nn.Pad(1)),
		nn.NewConv2D("conv4", 384, 384, 3, nn.Pad(1), nn.Groups(2)),
		nn.NewConv2D("conv5", 384, 256, 3, nn.Pad(1), nn.Groups(2)),
		nn.NewLinear("fc6", 256*6*6, 4096),
		nn.NewLinear("fc7", 4096, 4096),
		nn.NewLinear("fc8", 4096, 1000))
	var n int64
	for _, p := range nn.AllParams(net) {
		n += p.Size()
	}
	return n
}

// Claims returns the GoogLeNet entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() []claims.Claim {
	m := New(Options{})
	rep, err := m.Analyze()
	if err != nil {
		panic(err)
	}
	st, err := Inspect(m)
	if err != nil {
		panic(err)
	}
	var weights int64 // conv and linear weights of the inference graph, biases excluded
	for _, p := range nn.AllParams(m.Net) {
		if p.Name == "weight" && !strings.HasPrefix(p.Key, "aux") {
			weights += p.Size()
		}
	}
	alex := AlexNetParams()
	ratio := float64(alex) / float64(rep.InferenceParams)
	moduleLayers := 0
	for _, d := range st.ModuleDepth {
		moduleLayers += d
	}
	var tableDepths []string // Table 1's "depth" column, the inception rows
	tableModules, tableTotal := 0, 0
	for _, r := range Table1 {
		tableTotal += r.Depth
		if r.Inception() {
			tableModules += r.Depth
			tableDepths = append(tableDepths, fmt.Sprint(r.Depth))
		}
	}

	naive, reduced := Fig2(Table1[2], Table1[1].C3) // inception3a on 192×28×28
	nr, err := nn.Analyze(naive, nn.Shape{192, 28, 28})
	if err != nil {
		panic(err)
	}
	rr, err := nn.Analyze(reduced, nn.Shape{192, 28, 28})
	if err != nil {
		panic(err)
	}
	body, err := nn.Analyze(NaiveBody(), nn.Shape{192, 28, 28})
	if err != nil {
		panic(err)
	}
	reducedBody, err := nn.Analyze(Body(), nn.Shape{192, 28, 28})
	if err != nil {
		panic(err)
	}
	tv, err := NewTorchvision(Options{}).Analyze()
	if err != nil {
		panic(err)
	}

	// The head that global average pooling replaced: fc on the flattened 7×7×1024 map.
	flatFC := int64(7*7*1024)*1000 + 1000
	var fc int64
	for _, r := range rep.Rows {
		if r.Name == "fc" {
			fc = r.Params
		}
	}

	pos := make([]string, len(st.PoolBefore))
	for i, p := range st.PoolBefore {
		pos[i] = fmt.Sprintf("%d (%s)", p, strings.TrimPrefix(st.Inceptions[p-1], "inception"))
	}

	q := func(quote string) (int, string) { return claims.LineOf(quote), quote }
	var out []claims.Claim
	add := func(c claims.Claim) { c.Chapter = chapter; out = append(out, c) }

	l, s := q("전체 파라미터 수는 5m으로")
	add(claims.Claim{ID: "googlenet/params-5m", Line: l, NotesQuote: s,
		Claimed: "5M parameters", Numeric: true, Tolerance: 0.1,
		ClaimedValue: 5e6, ComputedValue: float64(rep.InferenceParams),
		Computed: fmt.Sprintf("%s inference parameters (Table 1 as published; %s with the two aux heads; %s conv/fc weights without biases)",
			nn.Comma(rep.InferenceParams), nn.Comma(rep.Params), nn.Comma(weights)),
		SourceQuote: "GoogleNet employed only 5 million parameters, which represented a 12× reduction with respect to its predecessor AlexNet, which used 60 million parameters.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2016, https://arxiv.org/abs/1512.00567, in stored transcriptions (search tool, files 38100552993, 23479655060)",
		Cited:  "GoogLeNet: 5 million parameters, 12× fewer than AlexNet's 60 million (Szegedy et al. 2016)",
		Source: "Szegedy et al. 2016, Rethinking the Inception Architecture, §1",
		Reason: fmt.Sprintf("the notes repeat the authors' round figure; counting Table 1's network gives %s inference parameters, %s of them weights "+
			"(torchvision's variant, with 3×3 in place of the 5×5 convs: %s), so about 7M, not 5M",
			nn.Comma(rep.InferenceParams), nn.Comma(weights), nn.Comma(tv.InferenceParams))})

	l, s = q("알렉스넷보다 12배 적으면서도")
	add(claims.Claim{ID: "googlenet/12x-fewer", Line: l, NotesQuote: s,
		Claimed: "12× fewer parameters than AlexNet", Numeric: true, Tolerance: 0.1,
		ClaimedValue: 12, ComputedValue: ratio,
		Computed:    fmt.Sprintf("AlexNet %s / GoogLeNet %s = %.1f×", nn.Comma(alex), nn.Comma(rep.InferenceParams), ratio),
		SourceQuote: "Our GoogLeNet submission to ILSVRC 2014 actually uses 12× fewer parameters than the winning architecture of Krizhevsky et al [9] from two years ago, while being significantly more accurate.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: "12× fewer parameters than AlexNet", Source: "Szegedy et al. 2015, §1",
		Reason: fmt.Sprintf("12 = 60M/5M, the round figures; the counted networks differ by %.1f×", ratio)})

	l, s = q("22계층으로 구성된다")
	add(claims.Claim{ID: "googlenet/22-layers", Line: l, NotesQuote: s,
		Claimed: "22 layers", Numeric: true, ClaimedValue: 22, ComputedValue: float64(rep.Depth),
		Computed:    fmt.Sprintf("%d weighted layers on the longest path (nn.Report.Depth)", rep.Depth),
		SourceQuote: "The network is 22 layers deep when counting only layers with parameters (or 27 layers if we also count pooling).", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: "22 layers with parameters (27 with pooling)", Source: "Szegedy et al. 2015, §5"})

	l, s = q("9개 인셉션 모듈은 18계층")
	add(claims.Claim{ID: "googlenet/inception-18-layers", Line: l, NotesQuote: s,
		Claimed: "9 modules × 2 layers = 18", Numeric: true, ClaimedValue: 18, ComputedValue: float64(moduleLayers),
		Computed: fmt.Sprintf("%d modules of depth %v: %d layers; + 3 stem convs + fc = %d", len(st.ModuleDepth), st.ModuleDepth, moduleLayers, rep.Depth),
		Cited: fmt.Sprintf("Table 1's depth column: %s for the nine inception rows (%d), %d in all",
			strings.Join(tableDepths, ", "), tableModules, tableTotal),
		Source: "Szegedy et al. 2015, Table 1"})

	l, s = q("1, 3, 8번째 인셉션 모듈 전에 맥스 풀링")
	add(claims.Claim{ID: "googlenet/maxpool-positions", Line: l, NotesQuote: s,
		Claimed: "max-pools before modules 1, 3 and 8", Agrees: slices.Equal(st.PoolBefore, []int{1, 3, 8}),
		Computed: "max-pools before modules " + strings.Join(pos, ", "),
		Cited:    "Table 1: max pool 3×3/2 rows before inception (3a), (4a), (5a)", Source: "Szegedy et al. 2015, Table 1"})

	l, s = q("2개의 보조 분류기를 사용")
	add(claims.Claim{ID: "googlenet/two-aux", Line: l, NotesQuote: s,
		Claimed: "2 auxiliary classifiers", Numeric: true, ClaimedValue: 2, ComputedValue: float64(len(st.Aux)),
		Computed:    fmt.Sprintf("%d heads (%s) after %s", len(st.Aux), strings.Join(st.Aux, ", "), strings.Join(st.AuxAfter, ", ")),
		SourceQuote: "These classifiers take the form of smaller convolutional networks put on top of the output of the Inception (4a) and (4d) modules.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited:  "two auxiliary classifiers, on inception (4a) and (4d)",
		Source: "Szegedy et al. 2015, §5"})

	l, s = q("훈련 용도로만 사용하고, 테스트할 때는 사용하지 않음")
	add(claims.Claim{ID: "googlenet/aux-train-only", Line: l, NotesQuote: s,
		Claimed: "aux heads only in training", Agrees: st.AuxParams > 0 && rep.Params-st.AuxParams == rep.InferenceParams,
		Computed: fmt.Sprintf("params %s, inference params %s: the heads' %s run only when Ctx.Train",
			nn.Comma(rep.Params), nn.Comma(rep.InferenceParams), nn.Comma(st.AuxParams)),
		SourceQuote: "During training, their loss gets added to the total loss of the network with a discount weight (the losses of the auxiliary classifiers were weighted by 0.3). At inference time, these auxiliary networks are discarded.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: "the auxiliary networks are discarded at inference", Source: "Szegedy et al. 2015, §5"})

	l, s = q("하위 계층에 그레디언트를 원활히 공급하는 역할")
	add(claims.Claim{ID: "googlenet/aux-purpose", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "the auxiliary heads feed gradient to the lower layers and regularise the model",
		SourceQuote: "By adding auxiliary classifiers connected to these intermediate layers, we would expect to encourage discrimination in the lower stages in the classifier, increase the gradient signal that gets propagated back, and provide additional regularization.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited:  "auxiliary classifiers were expected to encourage discrimination in lower stages, strengthen the gradient and regularize (2015); the follow-up found they do not speed up early training and act as regularizers (2016)",
		Source: "Szegedy et al. 2015 §5; Szegedy et al. 2016, Rethinking the Inception Architecture, §4"})

	l, s = q("AvgPool - 1 X 1 conv - FC - FC - softmax")
	aux := strings.Join(st.AuxLayers, " - ")
	add(claims.Claim{ID: "googlenet/aux-layout", Line: l, NotesQuote: s,
		Claimed: "AvgPool - 1×1 conv - FC - FC", Agrees: aux == "AvgPool - Conv1x1 - ReLU - Flatten - FC - ReLU - Dropout - FC",
		Computed: aux, Cited: "5×5/3 average pool, 1×1 conv 128, fc 1024, dropout 70%, linear + softmax", Source: "Szegedy et al. 2015, §5"})

	layouts, modules := Branches(m)
	tvLayouts, tvModules := Branches(NewTorchvision(Options{}))
	roles := func(layouts [][]string, modules [][]string) string {
		var parts []string
		for i, l := range layouts {
			parts = append(parts, fmt.Sprintf("%d modules (%s…%s): %s", len(modules[i]),
				strings.TrimPrefix(modules[i][0], "inception"), strings.TrimPrefix(modules[i][len(modules[i])-1], "inception"),
				strings.Join(l, " | ")))
		}
		return strings.Join(parts, "; ")
	}
	l, s = q("인셉션 모듈은 4가지 역할로 구성된다")
	add(claims.Claim{ID: "googlenet/four-branches", Line: l, NotesQuote: s,
		Claimed: "four roles: 1×1 conv, 3×3 conv, 5×5 conv, max-pool",
		Agrees:  len(layouts) == 1 && slices.Equal(layouts[0], []string{"1×1", "1×1 → 3×3", "1×1 → 5×5", "max-pool 3×3 → 1×1"}),
		Computed: fmt.Sprintf("googlenet, all %s; googlenet-tv, all %s",
			roles(layouts, modules), roles(tvLayouts, tvModules)),
		Cited:  "Fig. 2(b): 1×1 convolutions | 1×1 → 3×3 convolutions | 1×1 → 5×5 convolutions | 3×3 max pooling → 1×1 convolutions, concatenated; torchvision's 5×5 branch uses a 3×3 kernel",
		Source: "Szegedy et al. 2015 §4, Fig. 2; torchvision 0.14 models/googlenet.py (pytorch/vision#906)",
		Reason: "each role's larger convolution comes after a 1×1 reduction and the max-pool before a 1×1 projection (entry googlenet/reduce-placement)"})

	inf, train := Linears(rep)
	tvInf, tvTrain := Linears(tv)
	l, s = q("출력 계층을 제외하고 모든 계층을 컨볼루션계층으로 구성한다")
	add(claims.Claim{ID: "googlenet/one-fc", Line: l, NotesQuote: s,
		Claimed: "from GoogLeNet on, every layer but the output layer is a convolution",
		Agrees:  len(inf) == 1 && len(tvInf) == 1,
		Computed: fmt.Sprintf("googlenet's inference graph holds %d fully connected layer (%s) and googlenet-tv's %d (%s); the auxiliary heads add %d more (%s), which run only in training",
			len(inf), strings.Join(inf, ", "), len(tvInf), strings.Join(tvInf, ", "), len(train), strings.Join(train, ", ")),
		SourceQuote: "A fully connected layer with 1024 units and rectified linear activation. … A linear layer with softmax loss as the classifier (predicting the same 1000 classes as the main classifier, but removed at inference time).", QuoteKind: claims.Paraphrase,
		Cited:  "Table 1: one linear row (1×1×1000) after avg pool and dropout (40%); each auxiliary classifier has a fully connected layer of 1024 units and a linear classifier, removed at inference",
		Source: "Szegedy et al. 2015, Table 1 and §5",
		Reason: fmt.Sprintf("true of the network at inference; in training the two auxiliary heads add %d fully connected layers (googlenet-tv: %d)", len(train), len(tvTrain))})

	l, s = q("데이터의 채널 수가 과도하게 증가하는 문제")
	add(claims.Claim{ID: "googlenet/naive-channels-grow", Line: l, NotesQuote: s,
		Claimed: "the naive module blows up the channels", Agrees: nr.Output[0] > rr.Output[0] && body.Output[0] > 4*1024,
		Computed: fmt.Sprintf("inception3a on 192×28×28: naive %d channels vs %d; nine naive modules end with %d channels (vs 1,024), %s params (vs %s)",
			nr.Output[0], rr.Output[0], body.Output[0], nn.Comma(body.Params), nn.Comma(reducedBody.Params)),
		SourceQuote: "The merging of the output of the pooling layer with the outputs of convolutional layers would lead to an inevitable increase in the number of outputs from stage to stage.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: "merging the pooling branch's outputs with the convolutions' makes the number of outputs grow from stage to stage", Source: "Szegedy et al. 2015, §4"})

	l, s = q("채널 수와 연산량을 대폭 줄였다")
	add(claims.Claim{ID: "googlenet/bottleneck-cuts", Line: l, NotesQuote: s,
		Claimed: "bottlenecks cut channels and compute", Agrees: rr.MACs < nr.MACs && rr.Output[0] < nr.Output[0],
		Computed: fmt.Sprintf("inception3a: %s MACs with 1×1 reductions vs %s naive (%.1f× fewer), %d vs %d output channels",
			nn.Comma(rr.MACs), nn.Comma(nr.MACs), float64(nr.MACs)/float64(rr.MACs), rr.Output[0], nr.Output[0]),
		SourceQuote: "This leads to the second idea of the proposed architecture: judiciously applying dimension reductions and projections wherever the computational requirements would increase too much otherwise.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: fmt.Sprintf("dimension reductions wherever the computation would otherwise grow too much; Table 1: inception (3a) %gM ops, %d output channels",
			Table1[2].OpsM, Table1[2].Out[2]),
		Source: "Szegedy et al. 2015, §4 and Table 1"})

	l, s = q("맥스풀링은 연산 후 병목 계층을 두어")
	add(claims.Claim{ID: "googlenet/reduce-placement", Line: l, NotesQuote: s,
		Claimed: "1×1 before the 3×3/5×5 convs, after the max-pool", Agrees: st.ReduceFirst && st.PoolProjection,
		Computed: fmt.Sprintf("all %d modules: 3×3/5×5 branches start with a 1×1 conv (%v); pool branches end with one (%v)",
			len(st.Inceptions), st.ReduceFirst, st.PoolProjection),
		SourceQuote: "“#3×3 reduce” and “#5×5 reduce” stands for the number of 1×1 filters in the reduction layer used before the 3×3 and 5×5 convolutions. One can see the number of 1×1 filters in the projection layer after the built-in max-pooling in the pool proj column.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited:  "the #3×3 reduce and #5×5 reduce columns are the 1×1 filters before the 3×3 and 5×5 convolutions; pool proj the 1×1 filters after the built-in max-pooling",
		Source: "Szegedy et al. 2015, §5 (Table 1's columns)"})

	l, s = q("완전연결계층 대신 평균 풀링을 사용해서 파라미터수를 줄임")
	add(claims.Claim{ID: "googlenet/avgpool-head", Line: l, NotesQuote: s,
		Claimed: "average pooling instead of FC saves parameters", Agrees: fc < flatFC,
		Computed: fmt.Sprintf("global average pool + fc: %s params; an fc on the flattened 7×7×1024 map: %s (%.0f×)",
			nn.Comma(fc), nn.Comma(flatFC), float64(flatFC)/float64(fc)),
		SourceQuote: "It was found that a move from fully connected layers to average pooling improved the top-1 accuracy by about 0.6%, however the use of dropout remained essential even after removing the fully connected layers.", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited: fmt.Sprintf("average pooling before the classifier, after Network in Network, which improved the top-1 accuracy by about 0.6%%; Table 1: linear %gK params",
			Table1[len(Table1)-1].ParamsK),
		Source: "Szegedy et al. 2015, §5 and Table 1"})

	l, s = q("네트워크 속 네트워크 구조로 설계")
	add(claims.Claim{ID: "googlenet/network-in-network", Line: l, NotesQuote: s, SourceAgrees: claims.Yes,
		Claimed:     "GoogLeNet is a network-in-network design: network modules stacked",
		SourceQuote: "In this paper, we will focus on an efficient deep neural network architecture for computer vision, codenamed Inception, which derives its name from the Network in network paper by Lin et al [12] in conjunction with the famous “we need to go deeper” internet meme [1].", QuoteKind: claims.Verbatim, CheckedAgainst: "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)",
		Cited:  "the paper describes Network-in-Network (Lin et al. 2013) among its foundations and uses its 1×1 convolutions heavily, mainly as dimension reductions; the name Inception comes from that paper and an internet meme",
		Source: "Szegedy et al. 2015 §1, §2; Lin et al. 2013 (Network In Network)",
		Reason: "NIN is Lin et al.'s network of stacked micro-networks (mlpconv layers) with a global-average-pooling head; GoogLeNet stacks Inception modules in the same sense and takes both the 1×1 convolution and the pooled head"})

	l, s = q("희소연결구조를 갖는 편이")
	add(claims.Claim{ID: "googlenet/sparse-dense", Line: l, Last: claims.LineOf("하드웨어 효율연산을 위해 조밀 연산을 하도록"), NotesQuote: s, SourceAgrees: claims.Yes,
		Claimed: "sparse connections suit accuracy and compute, dense computation suits hardware; the Inception module has both",
		Cited:   "the main idea of the Inception architecture is to find how an optimal local sparse structure can be approximated and covered by readily available dense components; it cites Arora et al.'s result for sparse networks and notes that current hardware computes non-uniform sparse data structures very inefficiently",
		Source:  "Szegedy et al. 2015 §3 (Motivation and High Level Considerations), §4 (Architectural Details)"})

	l, s = q("인셉션 모듈의 효과가 없어서 일반적인 구조 형성")
	add(claims.Claim{ID: "googlenet/stem-rationale", Line: l, NotesQuote: s, SourceAgrees: claims.No,
		Claimed: "the stem is a plain conv/pool network because Inception modules have no effect there",
		Cited:   "for technical reasons (memory efficiency during training) it seemed beneficial to use Inception modules only at higher layers and keep the lower layers convolutional in the traditional way; the paper calls this not strictly necessary, a reflection of infrastructural inefficiencies of its implementation",
		Source:  "Szegedy et al. 2015 §4 (Architectural Details)",
		Reason:  "the paper's reason is memory efficiency in training, not that the modules do nothing low in the network, and it says the choice is not necessary"})
	return out
}
