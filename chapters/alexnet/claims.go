package alexnet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

const chapter = "alexnet"

// krizhevsky is where the verbatim quotes of Krizhevsky et al. 2012 were
// checked.
const krizhevsky = "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)"

// evidence is what the AlexNet ledger's checks read, built once: the
// analyses of the two-tower, merged and torchvision AlexNets, what the
// layers follow, and the committed training-recipe ablation.
type evidence struct {
	rep, merged, tvRep *nn.Report
	conv               map[string]*nn.Conv2D // gpu1's convolutions
	fc8Out             int
	towers             []string
	fit, exact         []int
	err277, err224     error
	kernels            []string
	rest3x3            bool
	pools              []string
	poolOK             bool
	lrns, drops        []string
	order              []string
	lrnBeforePool      bool
	dropP              float64
	lrn                *nn.LRN
	fcParams           int64
	fcShare            float64
	fc6Params          int64
	exch               []string
	regOK              claims.Agreement
	regText            string
}

func newEvidence() (*evidence, error) {
	m := AlexNet()
	net := m.Net
	e := &evidence{conv: map[string]*nn.Conv2D{}}
	var err error
	if e.rep, err = nn.Analyze(net, m.Input); err != nil {
		return nil, err
	}
	if e.merged, err = nn.Analyze(Merged().Net, m.Input); err != nil {
		return nil, err
	}
	tv := Torchvision()
	if e.tvRep, err = nn.Analyze(tv.Net, tv.Input); err != nil {
		return nil, err
	}
	for _, n := range []string{"conv1", "conv2", "conv3", "conv4", "conv5"} {
		c, ok := nn.Find(net, "gpu1."+n).(*nn.Conv2D)
		if !ok {
			return nil, fmt.Errorf("alexnet: no convolution gpu1.%s", n)
		}
		e.conv[n] = c
	}
	fc8, ok := nn.Find(net, "fc8").(*nn.Linear)
	if !ok {
		return nil, fmt.Errorf("alexnet: no fc8")
	}
	e.fc8Out = fc8.Out
	seq, ok := net.(*nn.Sequential)
	if !ok || len(seq.Layers) == 0 {
		return nil, fmt.Errorf("alexnet: the net is not a sequence of stages")
	}
	stage1, ok := seq.Layers[0].(*nn.Parallel)
	if !ok {
		return nil, fmt.Errorf("alexnet: the first stage is not a pair of towers")
	}
	for _, b := range stage1.Branches {
		e.towers = append(e.towers, b.Name())
	}

	// 277 against 227: which sides reach fc6 with its 9,216 inputs.
	e.fit, e.exact = Sides(200, 300)
	if len(e.fit) == 0 || len(e.exact) == 0 {
		return nil, fmt.Errorf("alexnet: no input side from 200 to 300 reaches fc6")
	}
	_, e.err277 = nn.Analyze(net, nn.Shape{3, 277, 277})
	_, e.err224 = nn.Analyze(net, nn.Shape{3, 224, 224})

	// conv2…conv5 kernels.
	e.rest3x3 = true
	for _, n := range []string{"conv2", "conv3", "conv4", "conv5"} {
		c := e.conv[n]
		e.kernels = append(e.kernels, fmt.Sprintf("%s %d×%d/%d", n, c.KH, c.KW, c.SH))
		e.rest3x3 = e.rest3x3 && c.KH == 3 && c.SH == 1
	}

	// What each max-pool, LRN and dropout follows, and the order of the
	// first stage's layers.
	e.pools, e.poolOK = after(net, func(l nn.Module) bool {
		_, ok := l.(*nn.MaxPool2D)
		return ok
	}), true
	nn.Walk(net, func(_ string, l nn.Module) {
		if p, ok := l.(*nn.MaxPool2D); ok {
			e.poolOK = e.poolOK && p.KH == 3 && p.SH == 2
		}
	})
	e.lrns = after(net, func(l nn.Module) bool { _, ok := l.(*nn.LRN); return ok })
	e.drops = after(net, func(l nn.Module) bool { _, ok := l.(*nn.Dropout); return ok })
	var stage []nn.Module
	for _, r := range e.rep.Rows {
		if strings.HasPrefix(r.Name, "gpu1.") {
			e.order, stage = append(e.order, r.Type), append(stage, r.Module)
			if r.Name == "gpu1.pool1" {
				break
			}
		}
	}
	isLRN := func(m nn.Module) bool { _, ok := m.(*nn.LRN); return ok }
	isMaxPool := func(m nn.Module) bool { _, ok := m.(*nn.MaxPool2D); return ok }
	e.lrnBeforePool = slices.IndexFunc(stage, isLRN) < slices.IndexFunc(stage, isMaxPool)
	d, ok := nn.Find(net, "drop6").(*nn.Dropout)
	if !ok {
		return nil, fmt.Errorf("alexnet: no drop6")
	}
	e.dropP = d.P
	if e.lrn, ok = nn.Find(net, "gpu1.norm1").(*nn.LRN); !ok {
		return nil, fmt.Errorf("alexnet: no gpu1.norm1")
	}

	// Where the parameters are.
	for _, r := range e.rep.Rows {
		if _, ok := r.Module.(*nn.Linear); ok {
			e.fcParams += r.Params
		}
	}
	e.fcShare = float64(e.fcParams) / float64(e.rep.Params)
	e.fc6Params = rowParams(e.rep, "fc6")
	e.exch = Exchanges(net)
	if e.regOK, e.regText, err = regularisationOutcome(); err != nil {
		return nil, err
	}
	return e, nil
}

// notesExch is where the notes have the towers exchange ("fc8 combines
// all").
var notesExch = []string{"conv3", "conv5", "fc6", "fc7", "fc8"}

// literal is the notes' 20000만 read as written (만 = 10⁴).
const literal = int64(20_000 * 10_000)

// rows is the AlexNet part of the notes' claims ledger.
var rows = []claims.Row[*evidence]{
	{ID: "alexnet/imagenet-images", SourceAgrees: claims.Yes, NotesQuote: "약 1,400만 개의 이미지",
		Claimed:     "ImageNet has about 14 million images",
		SourceQuote: "ImageNet is a dataset of over 15 million labeled high-resolution images belonging to roughly 22,000 categories.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "14,197,122 images in the Fall 2011 release; the paper: over 15 million labeled high-resolution images",
		Source: "image-net.org statistics (Fall 2011 release); Krizhevsky et al. 2012 §2"},
	// How many categories ImageNet has is a fact about the data set: judged
	// by the sources; our arithmetic only reads the notes' number.
	{ID: "alexnet/imagenet-categories", NotesQuote: "20000만여개의 카테고리", Paper: true, SourceAgrees: claims.No,
		Claimed:     "20000만 (read as written: 200 million) categories",
		SourceQuote: "ImageNet is a dataset of over 15 million labeled high-resolution images belonging to roughly 22,000 categories.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "roughly 22,000 categories (the paper); 21,841 synsets in the Fall 2011 release; ILSVRC uses 1,000 of them",
		Source: "Krizhevsky et al. 2012 §2; image-net.org statistics; Deng et al. 2009 (the database, 5,247 synsets at the time)",
		Reason: "ImageNet has about 22,000 (2만 2천) categories; 20000만 read as written is 200 million. AlexNet itself is trained on ILSVRC's 1,000 classes",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Computed: fmt.Sprintf("20000만 = 20,000·10⁴ = %s; fc8 classifies %s classes (the ILSVRC subset)", nn.Comma(literal), nn.Comma(int64(e.fc8Out)))}, nil
		}},
	{ID: "alexnet/ilsvrc-2012", SourceAgrees: claims.Yes, NotesQuote: "1위를 차지한 최초의 컨볼루션 신경망",
		Claimed:     "AlexNet won ILSVRC as the first CNN to do so",
		SourceQuote: "We also entered a variant of this model in the ILSVRC-2012 competition and achieved a winning top-5 test error rate of 15.3%, compared to 26.2% achieved by the second-best entry.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "ILSVRC-2012 winner: top-5 test error 15.3% against 26.2% for the second-best entry",
		Source: "Krizhevsky et al. 2012, abstract and §6"},
	{ID: "alexnet/two-gpus", NotesQuote: "2개의 GPU에서 실행되는 병렬처리 구조",
		Claimed:     "two towers, one per GPU",
		SourceQuote: "Therefore we spread the net across two GPUs.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited: "two GPUs, the net spread across them", Source: "Krizhevsky et al. 2012 §3.2",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 2, ComputedValue: float64(len(e.towers)),
				Computed: fmt.Sprintf("%d towers (%s), run concurrently, one per core", len(e.towers), strings.Join(e.towers, ", "))}, nil
		}},
	{ID: "alexnet/input-277", NotesQuote: "$277 \\times 277 \\times 3$",
		Claimed:     "277×277×3 input",
		SourceQuote: "The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3 with a stride of 4 pixels", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "224×224×3 in the text, which the layer arithmetic cannot reach",
		Source: "Krizhevsky et al. 2012 §3.5, Fig. 2",
		Reason: "the arithmetic needs 227: (227−11)/4+1 = 55 maps as Fig. 2 draws; at 277 conv1 gives 67 and fc6 would receive 12,544 values (277 reads as a typo for 227)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 277, ComputedValue: float64(e.exact[0]),
				Computed: fmt.Sprintf("227: sides %d–%d give fc6 its 9,216 inputs and only %d tiles every window; at 277 %v; at 224 %v",
					e.fit[0], e.fit[len(e.fit)-1], e.exact[0], e.err277, e.err224)}, nil
		}},
	{ID: "alexnet/conv1-48-per-tower", NotesQuote: "그룹별로 48개 컨볼루션 필터",
		Claimed:     "48 conv1 filters per group",
		SourceQuote: "The parallelization scheme that we employ essentially puts half of the kernels (or neurons) on each GPU … The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "96 conv1 kernels (§3.5), half of the kernels on each GPU (§3.2): 48 per GPU, as Fig. 2 draws",
		Source: "Krizhevsky et al. 2012 §3.2, §3.5, Fig. 2",
		Check: func(e *evidence) (claims.Result, error) {
			n := e.conv["conv1"].Out
			return claims.Result{Numeric: true, ClaimedValue: 48, ComputedValue: float64(n),
				Computed: fmt.Sprintf("gpu1.conv1 and gpu2.conv1 have %d filters each", n)}, nil
		}},
	{ID: "alexnet/exchange-layers", NotesQuote: "Conv3과 Conv5, FC6, FC7 계층에서 그룹 간 출력을 교환",
		Claimed:     "the towers exchange at conv3, conv5, fc6, fc7 (and fc8 combines)",
		SourceQuote: "The kernels of the second, fourth, and fifth convolutional layers are connected only to those kernel maps in the previous layer which reside on the same GPU (see Figure 2). The kernels of the third convolutional layer are connected to all kernel maps in the second layer.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "conv2, conv4 and conv5 read their own GPU's maps; conv3 and the fully connected layers read both",
		Source: "Krizhevsky et al. 2012 §3.2, §3.5",
		Reason: "conv5, like conv4, reads only its own tower (3×3×192); the exchanges are conv3, fc6, fc7 and fc8",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.exch, notesExch),
				Computed: fmt.Sprintf("layers reading both towers: %s; conv5's kernels are 3×3×%d, its own tower's conv4 maps",
					strings.Join(e.exch, ", "), e.conv["conv5"].Weight.Shape[1])}, nil
		}},
	{ID: "alexnet/training-days", SourceAgrees: claims.Yes, NotesQuote: "5~6일 정도 소요",
		Claimed:     "5–6 days of training",
		SourceQuote: "We trained the network for roughly 90 cycles through the training set of 1.2 million images, which took five to six days", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "roughly 90 epochs in five to six days on two GTX 580 GPUs",
		Source: "Krizhevsky et al. 2012 §5"},
	{ID: "alexnet/eight-layers", NotesQuote: "8계층 모델",
		Claimed:     "8 layers: 5 conv + 3 fc",
		SourceQuote: "the net contains eight layers with weights; the first five are convolutional and the remaining three are fully connected", QuoteKind: claims.Verbatim,
		CheckedAgainst: krizhevsky + "; the hyphen of fully connected differs between copies (files 36978750958: none, 69837587761: fully-connected)",
		Cited:          "eight layers with weights: five convolutional, three fully connected",
		Source:         "Krizhevsky et al. 2012 §3.5 (Overall Architecture)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 8, ComputedValue: float64(e.rep.Depth),
				Computed: fmt.Sprintf("%d weighted layers on the longest path (nn.Report.Depth)", e.rep.Depth)}, nil
		}},
	{ID: "alexnet/conv1-11x11-4", NotesQuote: "`11x11, 4` 컨볼루션",
		Claimed:     "conv1 is 11×11 with stride 4",
		SourceQuote: "The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3 with a stride of 4 pixels", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "96 kernels of 11×11×3, stride 4",
		Source: "Krizhevsky et al. 2012 §3.5",
		Check: func(e *evidence) (claims.Result, error) {
			c1 := e.conv["conv1"]
			return claims.Result{Agrees: c1.KH == 11 && c1.KW == 11 && c1.SH == 4, Computed: fmt.Sprintf("conv1 %d×%d/%d", c1.KH, c1.KW, c1.SH)}, nil
		}},
	{ID: "alexnet/conv2-5x5", NotesQuote: "나머지 컨볼루션 계층은 `3x3, 1` 컨볼루션",
		Claimed:     "conv2–conv5 are 3×3 with stride 1",
		SourceQuote: "The second convolutional layer takes as input the (response-normalized and pooled) output of the first convolutional layer and filters it with 256 kernels of size 5×5×48.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "conv2: 256 kernels of 5×5×48",
		Source: "Krizhevsky et al. 2012 §3.5",
		Reason: "conv2 is 5×5 (padding 2); only conv3, conv4 and conv5 are 3×3",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.rest3x3, Computed: strings.Join(e.kernels, ", ")}, nil
		}},
	{ID: "alexnet/overlapping-pool", NotesQuote: "`3x3, 2` 로 맥스 풀링하며 한 픽셀씩 겹치도록",
		Claimed:     "3×3/2 max-pools after conv1, conv2, conv5, overlapping by one pixel",
		SourceQuote: "This is what we use throughout our network, with s = 2 and z = 3. This scheme reduces the top-1 and top-5 error rates by 0.4% and 0.3%, respectively", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited: "s = 2, z = 3 throughout: top-1 and top-5 error 0.4% and 0.3% lower than s = z = 2", Source: "Krizhevsky et al. 2012 §3.4",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.poolOK && slices.Equal(e.pools, []string{"conv1", "conv2", "conv5"}),
				Computed: fmt.Sprintf("3×3/2 max-pools follow %s: neighbouring windows share 3−2 = 1 row and column", strings.Join(e.pools, ", "))}, nil
		}},
	{ID: "alexnet/lrn-layers", NotesQuote: "CONV1과 CONV2에서는 지역응답정규화",
		Claimed:     "LRN after conv1 and conv2",
		SourceQuote: "Response-normalization layers follow the first and second convolutional layers.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited: "LRN after conv1 and conv2", Source: "Krizhevsky et al. 2012 §3.5",
		Check: func(e *evidence) (claims.Result, error) {
			l := e.lrn
			return claims.Result{Agrees: slices.Equal(e.lrns, []string{"conv1", "conv2"}),
				Computed: fmt.Sprintf("LRN (k=%g, n=%d, α=%g, β=%g) follows %s", l.K, l.Size, l.Alpha, l.Beta, strings.Join(e.lrns, ", "))}, nil
		}},
	{ID: "alexnet/lrn-purpose", SourceAgrees: claims.No, NotesQuote: "ReLU의 출력이 무한히 커질 수 있으므로 이를 막기 위한 정규화로 도입",
		Claimed:     "LRN was introduced to keep unbounded ReLU outputs in check",
		SourceQuote: "ReLUs have the desirable property that they do not require input normalization to prevent them from saturating. … However, we still find that the following local normalization scheme aids generalization. … Response normalization reduces our top-1 and top-5 error rates by 1.4% and 1.2%, respectively.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "LRN aids generalization; ReLUs need no input normalization against saturation; it cut the top-1/top-5 error by 1.4%/1.2%",
		Source: "Krizhevsky et al. 2012 §3.3",
		Reason: "the paper adds LRN for generalization (lateral inhibition), saying ReLUs need no normalization against saturation"},
	{ID: "alexnet/conv-relu-lrn-pool", NotesQuote: "컨볼루션 맥스풀링 정규화 순서",
		Claimed:     "conv → max-pool → LRN",
		SourceQuote: "Response-normalization layers follow the first and second convolutional layers. Max-pooling layers, of the kind described in Section 3.4, follow both response-normalization layers as well as the fifth convolutional layer.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "LRN follows conv1 and conv2; max-pooling follows both LRN layers and conv5",
		Source: "Krizhevsky et al. 2012 §3.5",
		Reason: "AlexNet normalises before pooling (conv → ReLU → LRN → pool); conv → pool → LRN is ZFNet's order (Zeiler & Fergus 2014, Fig. 3) and CaffeNet's",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: !e.lrnBeforePool, Computed: "first stage of each tower: " + strings.Join(e.order, " → ")}, nil
		}},
	{ID: "alexnet/dropout-fc6-fc7", NotesQuote: "드랍아웃은 FC6, FC7계층에만",
		Claimed:     "dropout in fc6 and fc7 only",
		SourceQuote: "We use dropout in the first two fully-connected layers of Figure 2.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited: "dropout in the first two fully connected layers", Source: "Krizhevsky et al. 2012 §4.2",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.drops, []string{"fc6", "fc7"}), Computed: "dropout follows " + strings.Join(e.drops, ", ")}, nil
		}},
	// The notes give the count under "### 모델구조: 알렉스넷의 병렬처리 구조를
	// 하나의 구조로 합치면" (lines 42–43): the merged network is the quantity
	// they mean, so it is the one compared.
	{ID: "alexnet/params-62M", NotesQuote: "6천200백만 개",
		Claimed:     "62 million parameters (6천200백만, meant as 6천2백만) for the merged one-tower AlexNet the notes draw",
		SourceQuote: "The neural network, which has 60 million parameters and 650,000 neurons", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "60 million parameters (the paper, two towers); torchvision 0.14: 61,100,840",
		Source: "Krizhevsky et al. 2012, abstract; torchvision 0.14 (testdata/gen_torchvision.py)",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 62e6, ComputedValue: float64(e.merged.Params), Tolerance: 0.5e6 / float64(e.merged.Params),
				Computed: fmt.Sprintf("alexnet-merged %s; alexnet (two towers) %s; alexnet-tv %s", nn.Comma(e.merged.Params), nn.Comma(e.rep.Params), nn.Comma(e.tvRep.Params)),
				Reason: fmt.Sprintf("stated to two figures, 62M means 61.5M–62.5M: the merged one-tower network the notes describe has %.2fM (conv2, conv4 and conv5 read both towers' maps). The paper's two-tower network has %.2fM (60 million)",
					float64(e.merged.Params)/1e6, float64(e.rep.Params)/1e6)}, nil
		}},
	{ID: "alexnet/params-in-fc", NotesQuote: "알렉스넷의 파라미터는 FC계층에 집중",
		Claimed: "the parameters sit in the fully connected layers",
		Cited:   "fully connected layers hold about 95% of the parameters and 5–10% of the computation, convolutional layers about 5% of the parameters and 90–95% of the computation",
		Source:  "Krizhevsky 2014, One weird trick for parallelizing convolutional neural networks (arXiv:1404.5997), §2",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Agrees: e.fcShare > 0.5,
				Computed: fmt.Sprintf("fc6–fc8 hold %s of %s parameters (%.1f%%); fc6 alone %.1f%%",
					nn.Comma(e.fcParams), nn.Comma(e.rep.Params), 100*e.fcShare, 100*float64(e.fc6Params)/float64(e.rep.Params))}, nil
		}},
	{ID: "alexnet/dropout-p", Paper: true, SourceAgrees: claims.Yes, NotesQuote: "드롭아웃(p = 0.5)",
		Claimed:     "dropout probability 0.5",
		SourceQuote: "consists of setting to zero the output of each hidden neuron with probability 0.5", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited: "dropout probability 0.5", Source: "Krizhevsky et al. 2012 §4.2",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Numeric: true, ClaimedValue: 0.5, ComputedValue: e.dropP, Computed: fmt.Sprintf("drop6, drop7: p = %g", e.dropP)}, nil
		}},
	{ID: "alexnet/ensemble-7", SourceAgrees: claims.Yes, NotesQuote: "앙상블 (모델 7개)",
		Claimed:     "an ensemble of 7 models",
		SourceQuote: "Averaging the predictions of two CNNs that were pre-trained on the entire Fall 2011 release with the aforementioned five CNNs gives an error rate of 15.3%.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "five CNNs plus two pre-trained on the Fall 2011 release: seven, 15.3% top-5 test error",
		Source: "Krizhevsky et al. 2012 §6"},
	{ID: "alexnet/sgd-momentum", SourceAgrees: claims.Yes, NotesQuote: "- SGD 모멘텀",
		Claimed:     "SGD with momentum",
		SourceQuote: "We trained our models using stochastic gradient descent with a batch size of 128 examples, momentum of 0.9, and weight decay of 0.0005.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "stochastic gradient descent, momentum 0.9, weight decay 0.0005",
		Source: "Krizhevsky et al. 2012 §5"},
	{ID: "alexnet/batch-128", SourceAgrees: claims.Yes, NotesQuote: "배치크기 128",
		Claimed:     "batch size 128",
		SourceQuote: "We trained our models using stochastic gradient descent with a batch size of 128 examples, momentum of 0.9, and weight decay of 0.0005.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "batch size 128",
		Source: "Krizhevsky et al. 2012 §5"},
	{ID: "alexnet/lr-0.01", SourceAgrees: claims.Yes, NotesQuote: "학습률 : $1e-2$",
		Claimed:     "learning rate 1e−2",
		SourceQuote: "The learning rate was initialized at 0.01 and reduced three times prior to termination.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "learning rate 0.01, divided by 10 when the validation error stopped improving, three times in all",
		Source: "Krizhevsky et al. 2012 §5"},
	{ID: "alexnet/grouped-conv-resnext", NotesQuote: "그룹 컨볼루션이란 이름으로 레즈넥스트 모델에 도입", SourceAgrees: claims.Yes,
		Claimed: "AlexNet's split into groups became ResNeXt's grouped convolution, which learns the channel correlations within each group",
		Cited:   "ResNeXt traces grouped convolutions back to AlexNet, whose motivation was to distribute the model over two GPUs; in ResNeXt a grouped convolution implements its aggregated transformations (its Fig. 3c). In AlexNet the two towers learned different features: colour-agnostic kernels on one GPU, colour-specific on the other",
		Source:  "Xie et al. 2017 §2 (Grouped Convolutions), §3.3, Fig. 3; Krizhevsky et al. 2012 §6.1, Fig. 3",
		Reason:  "the variants chapter computes that ResNeXt's block equals a grouped convolution (variants/resnext-grouped)"},
	{ID: "alexnet/l2-augmentation", NotesQuote: "$L_2$정규화, 데이터 증강", SourceAgrees: claims.Yes,
		Claimed:     "L2 regularisation and data augmentation",
		SourceQuote: "We found that this small amount of weight decay was important for the model to learn. In other words, weight decay here is not merely a regularizer: it reduces the model’s training error.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "weight decay 0.0005, which the paper finds also lowers the training error, not only regularises; augmentation by random 224×224 crops of the 256×256 images with their horizontal reflections, and by altering the RGB intensities along their principal components",
		Source: "Krizhevsky et al. 2012 §4.1, §5"},
	{ID: "alexnet/regularisers-help", NotesQuote: "등 정규화 기법사용", SourceAgrees: claims.Yes,
		Claimed:     "dropout, L2 regularisation and data augmentation regularise: the trained network generalises better with them",
		SourceQuote: "Without this scheme, our network suffers from substantial overfitting, which would have forced us to use much smaller networks. … Without dropout, our network exhibits substantial overfitting.", QuoteKind: claims.Verbatim, CheckedAgainst: krizhevsky,
		Cited:  "without dropout the network exhibits substantial overfitting; without data augmentation it suffers from substantial overfitting, which would have forced much smaller networks",
		Source: "Krizhevsky et al. 2012 §4 (Reducing Overfitting), §4.1, §4.2",
		Reason: "at this scale the experiment does not decide: on a small network trained briefly on a few thousand MNIST images none of the three raises the test accuracy beyond the seed-to-seed spread, and dropout lowers it; AlexNet's 60 million parameters on 1.2 million images overfit in a way this run does not, so it cannot refute the paper",
		Check: func(e *evidence) (claims.Result, error) {
			return claims.Result{Experiment: "results/training-recipe/", Outcome: e.regOK, Computed: e.regText}, nil
		}},
}

// Claims returns the AlexNet entries of the notes' claims ledger. Every
// computed value comes from the models built here, their analysis, or the
// committed training-recipe ablation.
func Claims() ([]claims.Claim, error) { return claims.Table(chapter, "", newEvidence, rows) }

// after returns, in order and without repeats, the name of the conv or
// linear layer that each leaf picked by pick follows.
func after(net nn.Module, pick func(nn.Module) bool) []string {
	var out []string
	last := ""
	nn.Walk(net, func(_ string, l nn.Module) {
		if len(l.Children()) > 0 {
			return
		}
		switch l.(type) {
		case *nn.Conv2D, *nn.Linear:
			last = l.Name()
		}
		if pick(l) && !slices.Contains(out, last) {
			out = append(out, last)
		}
	})
	return out
}

func rowParams(rep *nn.Report, name string) int64 {
	for _, r := range rep.Rows {
		if r.Name == name {
			return r.Params
		}
	}
	return 0
}

// regularisationOutcome reads the training-recipe ablation
// (results/training-recipe/training-recipe.json): Yes when dropout, L2
// and augmentation each raise the test accuracy over the baseline with a
// 95 % interval above zero (results.RecipeEffect.Shows). Otherwise
// Undecided, never No: a small network briefly trained on a few thousand
// MNIST images does not overfit as AlexNet did on ImageNet, so the
// ablation cannot refute a claim made at that scale.
func regularisationOutcome() (claims.Agreement, string, error) {
	rec, err := results.TrainingRecipeRecord()
	if err != nil {
		return claims.NotJudged, "", err
	}
	effects, err := results.RecipeEffects(rec)
	if err != nil {
		return claims.NotJudged, "", err
	}
	var parts []string
	helped, found := 0, 0
	for _, e := range effects {
		if !slices.Contains([]string{"dropout", "l2", "augment"}, e.Name) {
			continue
		}
		found++
		if e.Shows() && e.Spread.Mean > 0 {
			helped++
		}
		parts = append(parts, fmt.Sprintf("%s %+.2f points (95%% interval %+.2f to %+.2f)", e.Name, 100*e.Spread.Mean, 100*e.Spread.Lo, 100*e.Spread.Hi))
	}
	if found != 3 {
		return claims.NotJudged, "", fmt.Errorf("alexnet: results/training-recipe/training-recipe.json holds %d of the settings dropout, l2, augment", found)
	}
	text := fmt.Sprintf("results/training-recipe/training-recipe.json (%s MNIST training images, %d epochs, %d seeds): test accuracy against the baseline at the same seed: %s",
		nn.Comma(int64(rec.TrainImages)), rec.Epochs, len(rec.Seeds), strings.Join(parts, "; "))
	if helped == 3 {
		return claims.Yes, text, nil
	}
	return claims.Undecided, text, nil
}
