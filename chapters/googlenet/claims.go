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

// Where the verbatim quotes were checked.
const (
	szegedy  = "Szegedy et al. 2015, https://arxiv.org/abs/1409.4842, in a stored transcription (search tool, file 38487626422)"
	szegedy3 = "Szegedy et al. 2016, https://arxiv.org/abs/1512.00567, in stored transcriptions (search tool, files 38100552993, 23479655060)"
)

// evidence is what the GoogLeNet ledger's checks read, built once: the
// analyses of googlenet and googlenet-tv, their structure, and the naive
// and reduced inception modules side by side.
type evidence struct {
	rep, tv                             *nn.Report
	st                                  Structure
	weights                             int64 // conv and linear weights of the inference graph, biases excluded
	alex                                int64
	ratio                               float64
	moduleLayers                        int
	nr, rr, body, reducedBody           *nn.Report
	flatFC, fc                          int64 // an fc on the flattened 7×7×1024 map; ours after the pool
	pos                                 []string
	layouts, modules, tvLayouts, tvMods [][]string
	inf, train, tvInf, tvTrain          []string
}

func newEvidence() (*evidence, error) {
	m := New(Options{})
	e := &evidence{}
	var err error
	if e.rep, err = m.Analyze(); err != nil {
		return nil, err
	}
	if e.st, err = Inspect(m); err != nil {
		return nil, err
	}
	for _, p := range nn.AllParams(m.Net) {
		if p.Name == "weight" && !strings.HasPrefix(p.Key, "aux") {
			e.weights += p.Size()
		}
	}
	e.alex = AlexNetParams()
	e.ratio = float64(e.alex) / float64(e.rep.InferenceParams)
	for _, d := range e.st.ModuleDepth {
		e.moduleLayers += d
	}
	naive, reduced := Fig2(Table1[2], Table1[1].C3) // inception3a on 192×28×28
	in := nn.Shape{192, 28, 28}
	for _, a := range []struct {
		m   nn.Module
		out **nn.Report
	}{{naive, &e.nr}, {reduced, &e.rr}, {NaiveBody(), &e.body}, {Body(), &e.reducedBody}} {
		if *a.out, err = nn.Analyze(a.m, in); err != nil {
			return nil, err
		}
	}
	tvm := NewTorchvision(Options{})
	if e.tv, err = tvm.Analyze(); err != nil {
		return nil, err
	}
	e.flatFC = int64(7*7*1024)*1000 + 1000
	for _, r := range e.rep.Rows {
		if r.Name == "fc" {
			e.fc = r.Params
		}
	}
	for _, p := range e.st.PoolBefore {
		e.pos = append(e.pos, fmt.Sprintf("%d (%s)", p, strings.TrimPrefix(e.st.Inceptions[p-1], "inception")))
	}
	e.layouts, e.modules = Branches(m)
	e.tvLayouts, e.tvMods = Branches(tvm)
	e.inf, e.train = Linears(e.rep)
	e.tvInf, e.tvTrain = Linears(e.tv)
	return e, nil
}

// roles describes the branch layouts of a network's inception modules.
func roles(layouts [][]string, modules [][]string) string {
	var parts []string
	for i, l := range layouts {
		parts = append(parts, fmt.Sprintf("%d modules (%s…%s): %s", len(modules[i]),
			strings.TrimPrefix(modules[i][0], "inception"), strings.TrimPrefix(modules[i][len(modules[i])-1], "inception"),
			strings.Join(l, " | ")))
	}
	return strings.Join(parts, "; ")
}

// tableDepthText is Table 1's depth column: the inception rows and the
// total.
func tableDepthText() string {
	var depths []string
	modules, total := 0, 0
	for _, r := range Table1 {
		total += r.Depth
		if r.Inception() {
			modules += r.Depth
			depths = append(depths, fmt.Sprint(r.Depth))
		}
	}
	return fmt.Sprintf("Table 1's depth column: %s for the nine inception rows (%d), %d in all", strings.Join(depths, ", "), modules, total)
}

// rows is the GoogLeNet part of the notes' claims ledger.
var rows = []claims.Row[*evidence]{
	{ID: "googlenet/params-5m", NotesQuote: "전체 파라미터 수는 5m으로",
		Claimed:     "5M parameters",
		SourceQuote: "GoogleNet employed only 5 million parameters, which represented a 12× reduction with respect to its predecessor AlexNet, which used 60 million parameters.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy3,
		Cited:  "GoogLeNet: 5 million parameters, 12× fewer than AlexNet's 60 million (Szegedy et al. 2016)",
		Source: "Szegedy et al. 2016, Rethinking the Inception Architecture, §1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, Tolerance: 0.1, ClaimedValue: 5e6, ComputedValue: float64(e.rep.InferenceParams),
				Computed: fmt.Sprintf("%s inference parameters (Table 1 as published; %s with the two aux heads; %s conv/fc weights without biases)",
					nn.Comma(e.rep.InferenceParams), nn.Comma(e.rep.Params), nn.Comma(e.weights)),
				Reason: fmt.Sprintf("the notes repeat the authors' round figure; counting Table 1's network gives %s inference parameters, %s of them weights "+
					"(torchvision's variant, with 3×3 in place of the 5×5 convs: %s), so about 7M, not 5M",
					nn.Comma(e.rep.InferenceParams), nn.Comma(e.weights), nn.Comma(e.tv.InferenceParams))}, nil
		}},
	{ID: "googlenet/12x-fewer", NotesQuote: "알렉스넷보다 12배 적으면서도",
		Claimed:     "12× fewer parameters than AlexNet",
		SourceQuote: "Our GoogLeNet submission to ILSVRC 2014 actually uses 12× fewer parameters than the winning architecture of Krizhevsky et al [9] from two years ago, while being significantly more accurate.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited: "12× fewer parameters than AlexNet", Source: "Szegedy et al. 2015, §1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, Tolerance: 0.1, ClaimedValue: 12, ComputedValue: e.ratio,
				Computed: fmt.Sprintf("AlexNet %s / GoogLeNet %s = %.1f×", nn.Comma(e.alex), nn.Comma(e.rep.InferenceParams), e.ratio),
				Reason:   fmt.Sprintf("12 = 60M/5M, the round figures; the counted networks differ by %.1f×", e.ratio)}, nil
		}},
	{ID: "googlenet/22-layers", NotesQuote: "22계층으로 구성된다",
		Claimed:     "22 layers",
		SourceQuote: "The network is 22 layers deep when counting only layers with parameters (or 27 layers if we also count pooling).", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited: "22 layers with parameters (27 with pooling)", Source: "Szegedy et al. 2015, §5",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 22, ComputedValue: float64(e.rep.Depth),
				Computed: fmt.Sprintf("%d weighted layers on the longest path (nn.Report.Depth)", e.rep.Depth)}, nil
		}},
	{ID: "googlenet/inception-18-layers", NotesQuote: "9개 인셉션 모듈은 18계층",
		Claimed: "9 modules × 2 layers = 18",
		Cited:   tableDepthText(),
		Source:  "Szegedy et al. 2015, Table 1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 18, ComputedValue: float64(e.moduleLayers),
				Computed: fmt.Sprintf("%d modules of depth %v: %d layers; + 3 stem convs + fc = %d", len(e.st.ModuleDepth), e.st.ModuleDepth, e.moduleLayers, e.rep.Depth)}, nil
		}},
	{ID: "googlenet/maxpool-positions", NotesQuote: "1, 3, 8번째 인셉션 모듈 전에 맥스 풀링",
		Claimed: "max-pools before modules 1, 3 and 8",
		Cited:   "Table 1: max pool 3×3/2 rows before inception (3a), (4a), (5a)", Source: "Szegedy et al. 2015, Table 1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.st.PoolBefore, []int{1, 3, 8}), Computed: "max-pools before modules " + strings.Join(e.pos, ", ")}, nil
		}},
	{ID: "googlenet/two-aux", NotesQuote: "2개의 보조 분류기를 사용",
		Claimed:     "2 auxiliary classifiers",
		SourceQuote: "These classifiers take the form of smaller convolutional networks put on top of the output of the Inception (4a) and (4d) modules.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  "two auxiliary classifiers, on inception (4a) and (4d)",
		Source: "Szegedy et al. 2015, §5",
		Check: func(e *evidence) (claims.Result, error) {
			st := e.st
			return claims.Result{Numeric: true, ClaimedValue: 2, ComputedValue: float64(len(st.Aux)),
				Computed: fmt.Sprintf("%d heads (%s) after %s", len(st.Aux), strings.Join(st.Aux, ", "), strings.Join(st.AuxAfter, ", "))}, nil
		}},
	{ID: "googlenet/aux-train-only", NotesQuote: "훈련 용도로만 사용하고, 테스트할 때는 사용하지 않음",
		Claimed:     "aux heads only in training",
		SourceQuote: "During training, their loss gets added to the total loss of the network with a discount weight (the losses of the auxiliary classifiers were weighted by 0.3). At inference time, these auxiliary networks are discarded.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited: "the auxiliary networks are discarded at inference", Source: "Szegedy et al. 2015, §5",
		Check: func(e *evidence) (claims.Result, error) {
			r := e.rep
			return claims.Result{Agrees: e.st.AuxParams > 0 && r.Params-e.st.AuxParams == r.InferenceParams,
				Computed: fmt.Sprintf("params %s, inference params %s: the heads' %s run only when Ctx.Train",
					nn.Comma(r.Params), nn.Comma(r.InferenceParams), nn.Comma(e.st.AuxParams))}, nil
		}},
	{ID: "googlenet/aux-purpose", SourceAgrees: claims.Yes, NotesQuote: "하위 계층에 그레디언트를 원활히 공급하는 역할",
		Claimed:     "the auxiliary heads feed gradient to the lower layers and regularise the model",
		SourceQuote: "By adding auxiliary classifiers connected to these intermediate layers, we would expect to encourage discrimination in the lower stages in the classifier, increase the gradient signal that gets propagated back, and provide additional regularization.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  "auxiliary classifiers were expected to encourage discrimination in lower stages, strengthen the gradient and regularize (2015); the follow-up found they do not speed up early training and act as regularizers (2016)",
		Source: "Szegedy et al. 2015 §5; Szegedy et al. 2016, Rethinking the Inception Architecture, §4"},
	{ID: "googlenet/aux-layout", NotesQuote: "AvgPool - 1 X 1 conv - FC - FC - softmax",
		Claimed: "AvgPool - 1×1 conv - FC - FC",
		Cited:   "5×5/3 average pool, 1×1 conv 128, fc 1024, dropout 70%, linear + softmax", Source: "Szegedy et al. 2015, §5",
		Check: func(e *evidence) (claims.Result, error) {
			aux := strings.Join(e.st.AuxLayers, " - ")
			return claims.Result{Agrees: aux == "AvgPool - Conv1x1 - ReLU - Flatten - FC - ReLU - Dropout - FC", Computed: aux}, nil
		}},
	{ID: "googlenet/four-branches", NotesQuote: "인셉션 모듈은 4가지 역할로 구성된다",
		Claimed: "four roles: 1×1 conv, 3×3 conv, 5×5 conv, max-pool",
		Cited:   "Fig. 2(b): 1×1 convolutions | 1×1 → 3×3 convolutions | 1×1 → 5×5 convolutions | 3×3 max pooling → 1×1 convolutions, concatenated; torchvision's 5×5 branch uses a 3×3 kernel",
		Source:  "Szegedy et al. 2015 §4, Fig. 2; torchvision 0.14 models/googlenet.py (pytorch/vision#906)",
		Reason:  "each role's larger convolution comes after a 1×1 reduction and the max-pool before a 1×1 projection (entry googlenet/reduce-placement)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: len(e.layouts) == 1 && slices.Equal(e.layouts[0], []string{"1×1", "1×1 → 3×3", "1×1 → 5×5", "max-pool 3×3 → 1×1"}),
				Computed: fmt.Sprintf("googlenet, all %s; googlenet-tv, all %s", roles(e.layouts, e.modules), roles(e.tvLayouts, e.tvMods))}, nil
		}},
	{ID: "googlenet/one-fc", NotesQuote: "출력 계층을 제외하고 모든 계층을 컨볼루션계층으로 구성한다",
		Claimed:     "from GoogLeNet on, every layer but the output layer is a convolution",
		SourceQuote: "A fully connected layer with 1024 units and rectified linear activation. … A linear layer with softmax loss as the classifier (predicting the same 1000 classes as the main classifier, but removed at inference time).", QuoteKind: claims.Paraphrase,
		Cited:  "Table 1: one linear row (1×1×1000) after avg pool and dropout (40%); each auxiliary classifier has a fully connected layer of 1024 units and a linear classifier, removed at inference",
		Source: "Szegedy et al. 2015, Table 1 and §5",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: len(e.inf) == 1 && len(e.tvInf) == 1,
				Computed: fmt.Sprintf("googlenet's inference graph holds %d fully connected layer (%s) and googlenet-tv's %d (%s); the auxiliary heads add %d more (%s), which run only in training",
					len(e.inf), strings.Join(e.inf, ", "), len(e.tvInf), strings.Join(e.tvInf, ", "), len(e.train), strings.Join(e.train, ", ")),
				Reason: fmt.Sprintf("true of the network at inference; in training the two auxiliary heads add %d fully connected layers (googlenet-tv: %d)", len(e.train), len(e.tvTrain))}, nil
		}},
	{ID: "googlenet/naive-channels-grow", NotesQuote: "데이터의 채널 수가 과도하게 증가하는 문제",
		Claimed:     "the naive module blows up the channels",
		SourceQuote: "The merging of the output of the pooling layer with the outputs of convolutional layers would lead to an inevitable increase in the number of outputs from stage to stage.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited: "merging the pooling branch's outputs with the convolutions' makes the number of outputs grow from stage to stage", Source: "Szegedy et al. 2015, §4",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.nr.Output[0] > e.rr.Output[0] && e.body.Output[0] > 4*1024,
				Computed: fmt.Sprintf("inception3a on 192×28×28: naive %d channels vs %d; nine naive modules end with %d channels (vs 1,024), %s params (vs %s)",
					e.nr.Output[0], e.rr.Output[0], e.body.Output[0], nn.Comma(e.body.Params), nn.Comma(e.reducedBody.Params))}, nil
		}},
	{ID: "googlenet/bottleneck-cuts", NotesQuote: "채널 수와 연산량을 대폭 줄였다",
		Claimed:     "bottlenecks cut channels and compute",
		SourceQuote: "This leads to the second idea of the proposed architecture: judiciously applying dimension reductions and projections wherever the computational requirements would increase too much otherwise.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  fmt.Sprintf("dimension reductions wherever the computation would otherwise grow too much; Table 1: inception (3a) %gM ops, %d output channels", Table1[2].OpsM, Table1[2].Out[2]),
		Source: "Szegedy et al. 2015, §4 and Table 1",
		Check: func(e *evidence) (claims.Result, error) {
			nr, rr := e.nr, e.rr
			return claims.Result{Agrees: rr.MACs < nr.MACs && rr.Output[0] < nr.Output[0],
				Computed: fmt.Sprintf("inception3a: %s MACs with 1×1 reductions vs %s naive (%.1f× fewer), %d vs %d output channels",
					nn.Comma(rr.MACs), nn.Comma(nr.MACs), float64(nr.MACs)/float64(rr.MACs), rr.Output[0], nr.Output[0])}, nil
		}},
	{ID: "googlenet/reduce-placement", NotesQuote: "맥스풀링은 연산 후 병목 계층을 두어",
		Claimed:     "1×1 before the 3×3/5×5 convs, after the max-pool",
		SourceQuote: "“#3×3 reduce” and “#5×5 reduce” stands for the number of 1×1 filters in the reduction layer used before the 3×3 and 5×5 convolutions. One can see the number of 1×1 filters in the projection layer after the built-in max-pooling in the pool proj column.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  "the #3×3 reduce and #5×5 reduce columns are the 1×1 filters before the 3×3 and 5×5 convolutions; pool proj the 1×1 filters after the built-in max-pooling",
		Source: "Szegedy et al. 2015, §5 (Table 1's columns)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.st.ReduceFirst && e.st.PoolProjection,
				Computed: fmt.Sprintf("all %d modules: 3×3/5×5 branches start with a 1×1 conv (%v); pool branches end with one (%v)",
					len(e.st.Inceptions), e.st.ReduceFirst, e.st.PoolProjection)}, nil
		}},
	{ID: "googlenet/avgpool-head", NotesQuote: "완전연결계층 대신 평균 풀링을 사용해서 파라미터수를 줄임",
		Claimed:     "average pooling instead of FC saves parameters",
		SourceQuote: "It was found that a move from fully connected layers to average pooling improved the top-1 accuracy by about 0.6%, however the use of dropout remained essential even after removing the fully connected layers.", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  fmt.Sprintf("average pooling before the classifier, after Network in Network, which improved the top-1 accuracy by about 0.6%%; Table 1: linear %gK params", Table1[len(Table1)-1].ParamsK),
		Source: "Szegedy et al. 2015, §5 and Table 1",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.fc < e.flatFC,
				Computed: fmt.Sprintf("global average pool + fc: %s params; an fc on the flattened 7×7×1024 map: %s (%.0f×)",
					nn.Comma(e.fc), nn.Comma(e.flatFC), float64(e.flatFC)/float64(e.fc))}, nil
		}},
	{ID: "googlenet/network-in-network", NotesQuote: "네트워크 속 네트워크 구조로 설계", SourceAgrees: claims.Yes,
		Claimed:     "GoogLeNet is a network-in-network design: network modules stacked",
		SourceQuote: "In this paper, we will focus on an efficient deep neural network architecture for computer vision, codenamed Inception, which derives its name from the Network in network paper by Lin et al [12] in conjunction with the famous “we need to go deeper” internet meme [1].", QuoteKind: claims.Verbatim, CheckedAgainst: szegedy,
		Cited:  "the paper describes Network-in-Network (Lin et al. 2013) among its foundations and uses its 1×1 convolutions heavily, mainly as dimension reductions; the name Inception comes from that paper and an internet meme",
		Source: "Szegedy et al. 2015 §1, §2; Lin et al. 2013 (Network In Network)",
		Reason: "NIN is Lin et al.'s network of stacked micro-networks (mlpconv layers) with a global-average-pooling head; GoogLeNet stacks Inception modules in the same sense and takes both the 1×1 convolution and the pooled head"},
	{ID: "googlenet/sparse-dense", NotesQuote: "희소연결구조를 갖는 편이", SourceAgrees: claims.Yes,
		Claimed: "sparse connections suit accuracy and compute, dense computation suits hardware; the Inception module has both",
		Cited:   "the main idea of the Inception architecture is to find how an optimal local sparse structure can be approximated and covered by readily available dense components; it cites Arora et al.'s result for sparse networks and notes that current hardware computes non-uniform sparse data structures very inefficiently",
		Source:  "Szegedy et al. 2015 §3 (Motivation and High Level Considerations), §4 (Architectural Details)"},
	{ID: "googlenet/stem-rationale", NotesQuote: "인셉션 모듈의 효과가 없어서 일반적인 구조 형성", SourceAgrees: claims.No,
		Claimed: "the stem is a plain conv/pool network because Inception modules have no effect there",
		Cited:   "for technical reasons (memory efficiency during training) it seemed beneficial to use Inception modules only at higher layers and keep the lower layers convolutional in the traditional way; the paper calls this not strictly necessary, a reflection of infrastructural inefficiencies of its implementation",
		Source:  "Szegedy et al. 2015 §4 (Architectural Details)",
		Reason:  "the paper's reason is memory efficiency in training, not that the modules do nothing low in the network, and it says the choice is not necessary"},
}

// Claims returns the GoogLeNet entries of the notes' claims ledger. Every
// computed value comes from the analysis of the models built here.
func Claims() ([]claims.Claim, error) {
	cs, err := claims.Table(chapter, "", newEvidence, rows)
	if err != nil {
		return nil, err
	}
	// sparse-dense spans the notes' lines up to the hardware sentence.
	for i := range cs {
		if cs[i].ID == "googlenet/sparse-dense" {
			if cs[i].Last = claims.LineOf("하드웨어 효율연산을 위해 조밀 연산을 하도록"); cs[i].Last == 0 {
				return nil, fmt.Errorf("googlenet/sparse-dense: the notes lack its last sentence")
			}
		}
	}
	return cs, nil
}
