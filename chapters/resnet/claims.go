package resnet

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// section is the heading of the notes' ResNet section: the entries'
// quotes are searched from it on (the training lists of earlier sections
// repeat some phrases, such as "SGD 모멘텀").
const section = "# 6. ResNet"

// heZhang is where the verbatim quotes of He et al. 2016 were checked.
const heZhang = "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)"

// built is one of the chapter's models with its analysis.
type built struct {
	name string
	m    *nn.Model
	r    *nn.Report
}

// ledgerEvidence is what the ResNet ledger's checks read, built once: the
// analyses of the chapter's models, runs of its blocks (identity surgery,
// gradients, the unravelled sum, SGD's rates), and the committed records
// of the degradation and lesion experiments.
type ledgerEvidence struct {
	imagenet         map[int]*nn.Model
	reports          map[int]*nn.Report
	r110, r1202      *nn.Report
	blocks1202       int
	all              []built
	t110, t1202      Table6Row
	degOK            claims.Agreement
	degText          string
	convs, withBN    int
	first, last      ConvGrad
	res, plain       Identity
	allPow2          bool
	n110             int
	unravelDiff      float64
	unravelPaths     int
	deterministic    bool
	lesOK            claims.Agreement
	lesText          string
	depths           []int
	stem             *nn.Conv2D
	allGAP           bool
	h50              Head
	vgg              *nn.Report
	gapHead          int64
	bottleneckDepths []int
	bneck, basic64   int64
	basic256         int64
	chans            int
	totalConvs       int
	totalBN          int
	acts             []string
	inits            []nn.Init
	r1, r2           float64
}

func newLedgerEvidence() (*ledgerEvidence, error) {
	e := &ledgerEvidence{imagenet: map[int]*nn.Model{}, reports: map[int]*nn.Report{}}
	var err error
	for _, a := range Table1 {
		e.imagenet[a.Depth] = ImageNet(a.Depth, StrideAt1x1)
		if e.reports[a.Depth], err = e.imagenet[a.Depth].Analyze(); err != nil {
			return nil, err
		}
	}
	if e.r110, err = CIFAR(110, true).Analyze(); err != nil {
		return nil, err
	}
	m1202 := CIFAR(1202, true)
	if e.r1202, err = m1202.Analyze(); err != nil {
		return nil, err
	}
	e.blocks1202 = ResidualBlocks(m1202.Net)
	plain56, err := CIFAR(56, false).Analyze()
	if err != nil {
		return nil, err
	}
	for _, en := range Models() {
		m := en.Build()
		r, err := m.Analyze()
		if err != nil {
			return nil, err
		}
		e.all = append(e.all, built{en.Name, m, r})
	}
	e.t110, e.t1202 = Table6Of(110), Table6Of(1202)
	if e.degOK, e.degText, err = degradationOutcome(); err != nil {
		return nil, err
	}
	e.convs, e.withBN = ConvsFollowedByBN(plain56)
	grads, err := ConvGradNorms(CIFAR(56, false).Net, nn.Shape{3, 8, 8}, 8, 2016)
	if err != nil {
		return nil, err
	}
	e.first, e.last = grads[0], grads[len(grads)-1]
	if e.res, err = IdentityEvidence(20, 56, true, 8, 2016); err != nil {
		return nil, err
	}
	if e.plain, err = IdentityEvidence(20, 56, false, 8, 2016); err != nil {
		return nil, err
	}
	e.allPow2, e.n110 = true, ResidualBlocks(CIFAR(110, true).Net)
	for _, b := range e.all {
		if b.r.PathCount().Cmp(pow2(ResidualBlocks(b.m.Net))) != 0 {
			e.allPow2 = false
		}
	}
	e.unravelDiff, e.unravelPaths, e.deterministic = Unravel(3, 4, 2016)
	if e.lesOK, e.lesText, err = lesionOutcome(); err != nil {
		return nil, err
	}
	for _, a := range Table1 {
		e.depths = append(e.depths, e.reports[a.Depth].Depth)
	}
	seq, ok := e.imagenet[50].Net.(*nn.Sequential)
	if !ok {
		return nil, fmt.Errorf("resnet50 is not a sequence")
	}
	if e.stem, ok = seq.Layers[0].(*nn.Conv2D); !ok {
		return nil, fmt.Errorf("resnet50 does not start with a convolution")
	}
	e.allGAP = true
	for _, a := range Table1 {
		h := HeadOf(e.reports[a.Depth])
		e.allGAP = e.allGAP && h.GAPSingleFC() && h.Linears[0].Out[0] == 1000
	}
	e.h50 = HeadOf(e.reports[50])
	if e.vgg, err = nn.Analyze(VGGStyleHead(2048, 7, 1000), nn.Shape{2048, 7, 7}); err != nil {
		return nil, err
	}
	e.gapHead = e.h50.Linears[0].Params
	for _, a := range Table1 {
		if nn.Find(e.imagenet[a.Depth].Net, "layer1.0.conv3") != nil {
			e.bottleneckDepths = append(e.bottleneckDepths, a.Depth)
		}
	}
	// He et al. 2016 Fig. 5: a bottleneck block on 256 channels against the
	// basic block on 64 channels ("similar time complexity") and a basic
	// block at the bottleneck's full width; all at conv2_x's 56×56.
	if e.bneck, err = macs(Bottleneck("b", 256, 64, 256, 1, false, 1), nn.Shape{256, 56, 56}); err != nil {
		return nil, err
	}
	if e.basic64, err = macs(BasicBlock("b", 64, 64, 1, ShortcutB), nn.Shape{64, 56, 56}); err != nil {
		return nil, err
	}
	if e.basic256, err = macs(BasicBlock("b", 256, 256, 1, ShortcutB), nn.Shape{256, 56, 56}); err != nil {
		return nil, err
	}
	c, ok := nn.Find(e.imagenet[50].Net, "layer4.2.conv3").(*nn.Conv2D)
	if !ok {
		return nil, fmt.Errorf("resnet50 has no layer4.2.conv3")
	}
	e.chans = c.Out
	for _, b := range e.all {
		c, f := ConvsFollowedByBN(b.r)
		e.totalConvs += c
		e.totalBN += f
	}
	for _, b := range e.all {
		a, i := ActivationsAndInits(b.m.Net)
		e.acts, e.inits = union(e.acts, a), union(e.inits, i)
	}
	e.r1, e.r2 = SGDRates(0.1, 0.9, 1e-3, 1, 2)
	return e, nil
}

// ledgerRows is the ResNet part of the notes' claims ledger.
var ledgerRows = []claims.Row[*ledgerEvidence]{
	// §6 opening: 152 layers.
	{ID: "resnet/depth-152", NotesQuote: "레즈넷은 152계층의 매우 깊은 신경망이다",
		Claimed: "152 layers",
		Cited:   "152 layers", Source: "He et al. 2016 Table 1",
		Reason: "Depth counts conv1, 3 convolutions in each of the 3+8+36+3 = 50 bottleneck blocks, and fc: 1 + 150 + 1; the projection shortcuts lie on shorter paths.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			d := e.reports[152].Depth
			return claims.Result{Numeric: true, ClaimedValue: 152, ComputedValue: float64(d),
				Computed: fmt.Sprintf("resnet152: %d weighted layers on the longest path (nn.Analyze Depth)", d)}, nil
		}},
	// 1202 layers on CIFAR-10 "without performance loss".
	{ID: "resnet/cifar-1202-depth", NotesQuote: "1202계층까지 구성된다",
		Claimed: "1202 layers",
		Cited:   "1202 layers, 19.4M parameters", Source: "He et al. 2016 §4.2 and Table 6",
		Reason: "6n+2 with n = 200: conv1, 2 convolutions in each of 3·200 blocks, fc.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			r := e.r1202
			return claims.Result{Numeric: true, ClaimedValue: 1202, ComputedValue: float64(r.Depth),
				Computed: fmt.Sprintf("resnet1202 (n = 200): depth %d, %s parameters (%.1fM)", r.Depth, nn.Comma(r.Params), float64(r.Params)/1e6)}, nil
		}},
	// What the 1202-layer network achieved is the paper's finding: judged
	// against its Table 6; our analysis only sizes the networks.
	{ID: "resnet/cifar-1202-no-loss", NotesQuote: "성능 손실없이", Paper: true, SourceAgrees: claims.No,
		Claimed: "1202 layers without loss of performance",
		Cited:   fmt.Sprintf("test error %.2f%% (1202 layers) vs %.2f%% (110 layers)", Table6Of(1202).Error, Table6Of(110).Error),
		Source:  "He et al. 2016 §4.2 (Exploring Over 1000 layers) and Table 6",
		Reason:  "The 1202-layer network trains without optimisation difficulty (training error below 0.1%), but its test error is worse than the 110-layer network's; §4.2 attributes the gap to overfitting of a network that is needlessly large for this small data set. Depth without optimisation difficulty, yes; without performance loss, no.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			r := e.r1202
			return claims.Result{Computed: fmt.Sprintf("resnet1202: depth %d, %s parameters, %.1f× resnet110's %s; Table 6 error %.2f%% at %d layers vs %.2f%% at %d",
				r.Depth, nn.Comma(r.Params), float64(r.Params)/float64(e.r110.Params), nn.Comma(e.r110.Params),
				e.t1202.Error, e.t1202.Depth, e.t110.Error, e.t110.Depth)}, nil
		}},
	// §6.1: the degradation experiment.
	{ID: "resnet/degradation-both-errors", SourceAgrees: claims.Yes, NotesQuote: "실험 결과 훈련 결과와 테스트 오류 둘다 증가하는 현상이 나타났다",
		Claimed: "the 56-layer plain net has higher training and test error than the 20-layer one",
		Cited:   "56-layer plain net: higher training error and higher test error than 20-layer (CIFAR-10)",
		Source:  "He et al. 2016 §1, Fig. 1; §4.2, Fig. 6 (left)",
		Reason:  "the degradation experiment on MNIST repeats Fig. 1 at a smaller scale: the deeper plain network ends with the higher training loss and the lower test accuracy, at every seed",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Experiment: "results/degradation/", Outcome: e.degOK, Computed: e.degText}, nil
		}},
	{ID: "resnet/degradation-vanishing", NotesQuote: "신경망이 깊어지면서 그래디언트 소실이 발생했다고 주장함",
		Claimed:     "the deeper net degrades because gradients vanish",
		SourceQuote: "We argue that this optimization difficulty is unlikely to be caused by vanishing gradients. These plain networks are trained with BN [16], which ensures forward propagated signals to have non-zero variances. We also verify that the backward propagated gradients exhibit healthy norms with BN.", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "not vanishing gradients: with BN neither forward signals nor backward gradients vanish",
		Source: "He et al. 2016 §4.1 (Plain Networks)",
		Reason: "The paper argues the opposite: with BN after every convolution neither forward nor backward signals vanish, and it conjectures that deep plain nets have exponentially low convergence rates instead. Measured here at initialisation, plain56's gradient does not vanish toward the input but grows (Yang et al. 2019, A Mean Field Theory of Batch Normalization, explain this growth as a property of BN); TestPlainGradientNorms repeats the measurement on plain20 and plain56 and their residual twins.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			ratio := e.first.Norm / e.last.Norm
			return claims.Result{Agrees: ratio < 0.1, // vanishing: the first layer's gradient an order of magnitude below the last's
				Computed: fmt.Sprintf("plain56: %d of %d convolutions feed a BatchNorm; at He initialisation (one training pass, batch 8 of 3×8×8) ‖∂L/∂W‖ is about %s at %s and %s at %s: about %s× larger at the input end",
					e.withBN, e.convs, claims.OneFigure(e.first.Norm), e.first.Name, claims.OneFigure(e.last.Norm), e.last.Name, claims.Decade(ratio))}, nil
		}},
	// §6.1: the construction that motivates residual learning, run.
	{ID: "resnet/identity-construction", NotesQuote: "최소한 얕은 모델만큼은 성능을 보장할 수 있다",
		Claimed:     "a deeper net made of a trained shallow net plus identity layers is at least as good as the shallow net",
		SourceQuote: "There exists a solution by construction to the deeper model: the added layers are identity mapping, and the other layers are copied from the learned shallower model. The existence of this constructed solution indicates that a deeper model should produce no higher training error than its shallower counterpart.", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "a deeper model built from a shallower one plus identity layers should have no higher training error",
		Source: "He et al. 2016 §1",
		Reason: "In a residual block the identity costs nothing: zero the branch's last BN and the block computes ReLU(x + 0) = x. A plain block has no such setting short of learning an identity through its convolutions, which is the optimisation difficulty the paper describes.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			res, plain := e.res, e.plain
			return claims.Result{Agrees: res.Zeroed > 0 && res.OutDiff == 0,
				Computed: fmt.Sprintf("%s's weights in %s, its %d added blocks zeroed (Embed): max |y₅₆ − y₂₀| = %g on a random image; the same surgery on %s gives %s an output that no longer depends on its input (%v)",
					res.Shallow, res.Deep, res.Zeroed, res.OutDiff, plain.Shallow, plain.Deep, !plain.InputMatters)}, nil
		}},
	{ID: "resnet/identity-gradient", NotesQuote: "입력을 그대로 출력하고 그래디언트도 그대로 전달",
		Claimed: "an identity layer passes the input and the gradient through unchanged",
		Cited:   "identity shortcuts add neither parameters nor computation (§3.2); through identity mappings the gradient of a deep unit reaches any shallower unit directly, the term ∂E/∂x_L of Eq. 5, whatever the weights",
		Source:  "He et al. 2016 §3.2; He et al. 2016b (Identity Mappings in Deep Residual Networks) §3, Eq. 5",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			res, plain := e.res, e.plain
			return claims.Result{Agrees: res.GradDiff == 0 && res.GradMax > 0,
				Computed: fmt.Sprintf("%s with its %d added blocks as identities: max |∂L/∂x₅₆ − ∂L/∂x₂₀| = %g (L = Σ y, gradients up to %.3g); after the same surgery %s's input gradient is at most %g (%s's up to %.3g)",
					res.Deep, res.Zeroed, res.GradDiff, res.GradMax, plain.Deep, plain.DeepGradMax, plain.Shallow, plain.GradMax)}, nil
		}},
	// §6.2: 2^n paths and the "ensemble" reading.
	{ID: "resnet/paths-2n", NotesQuote: "N개의 블록이 존재하면 경로는 $2^n$",
		Claimed: "n blocks give 2^n paths",
		Cited:   "a network of n residual blocks with identity shortcuts unravels into 2^n paths, C(n, k) of them through k blocks (a binomial distribution of path lengths)",
		Source:  "Veit, Wilber & Belongie 2016 §3 (the unraveled view, Fig. 1) and §5 (the distribution of path lengths)",
		Reason:  "nn.Analyze counts paths as a polynomial: a residual block adds its branch's paths to its shortcut's (×2), a sequence multiplies.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.allPow2,
				Computed: fmt.Sprintf("paths = 2^(residual blocks) in all %d models of the chapter; resnet110: %d blocks, %s paths; resnet1202: %d blocks, a %d-digit count",
					len(e.all), e.n110, commaBig(e.r110.PathCount()), e.blocks1202, len(e.r1202.PathCount().String()))}, nil
		}},
	{ID: "resnet/ensemble-one-path-per-run", NotesQuote: "모델을 실행할 때마다 매번 입력데이터가 다른 경로로 갈 수 있으므로",
		Claimed: "each run sends the input along a different path",
		Cited:   "a residual network is a collection of paths that all contribute to every output; it behaves like an ensemble of these paths",
		Source:  "Veit, Wilber & Belongie 2016, the unraveled view (§3) and the lesion study (§4)",
		Reason:  "Nothing is sampled in a ResNet: every forward pass sends the input along all 2^n paths at once and sums them (exact for linear branches, computed here). The ensemble-like behaviour Veit et al. measure is that of this fixed sum: deleting a block at test time removes half the paths and changes the error little. A different path on each run is stochastic depth (Huang et al. 2016), a training method.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: !(e.deterministic && e.unravelDiff < 1e-4),
				Computed: fmt.Sprintf("3 residual blocks with linear branches: two eval runs identical: %v; output = sum of all %d path outputs (max difference below %s)",
					e.deterministic, e.unravelPaths, claims.Below(e.unravelDiff))}, nil
		}},
	{ID: "resnet/ensemble-lesion", SourceAgrees: claims.Yes, NotesQuote: "여러 모델을 실행하는 것과 같은 앙상블 효과가 있다",
		Claimed: "a ResNet behaves like an ensemble of models",
		Cited:   "removing single layers from residual networks at test time does not noticeably affect their performance, while removing a layer from a plain (VGG) network drops it to chance; residual networks behave like ensembles of relatively shallow networks",
		Source:  "Veit, Wilber & Belongie 2016, Residual Networks Behave Like Ensembles of Relatively Shallow Networks, §4 (lesion study), Fig. 3",
		Reason:  "the lesion experiment on MNIST deletes one block at a time at test time: the residual network loses a few points, its plain twin falls toward chance, as Veit et al. found on CIFAR-10 and ImageNet",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Experiment: "results/lesion/", Outcome: e.lesOK, Computed: e.lesText}, nil
		}},
	// §6.3: the five models, stem, head, bottlenecks.
	{ID: "resnet/five-models", NotesQuote: "18계층부터 34계층, 50계층, 101계층, 152계층까지 5가지 모델로 구성된다",
		Claimed: "5 models of 18, 34, 50, 101, 152 layers",
		Cited:   "Table 1 columns: 18-layer, 34-layer, 50-layer, 101-layer, 152-layer",
		Source:  "He et al. 2016 Table 1",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.depths, []int{18, 34, 50, 101, 152}),
				Computed: fmt.Sprintf("Table 1 networks built by ImageNet: depths %v (nn.Analyze)", e.depths)}, nil
		}},
	{ID: "resnet/stem-7x7", NotesQuote: "$7\\times7$컨볼루션 계층으로 구성",
		Claimed: "the stem is a 7×7 convolution",
		Cited:   "Table 1, conv1 (output 112×112): 7×7, 64, stride 2",
		Source:  "He et al. 2016 Table 1",
		Reason:  "Table 1's conv1 is 7×7, 64, stride 2; the 3×3/2 max pool after it is listed at the head of conv2_x.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			st, rows := e.stem, e.reports[50].Rows
			return claims.Result{Agrees: st.KH == 7 && st.KW == 7,
				Computed: fmt.Sprintf("%s: %d×%d, %d filters, stride %d → %v; then %s %v", rows[0].Name, st.KH, st.KW, st.Out, st.SH, rows[0].Out, rows[3].Name, rows[3].Out)}, nil
		}},
	{ID: "resnet/gap-fc1000", NotesQuote: "FC계층은 클래스 출력을 위한 FC1000계층만 존재",
		Claimed:     "global average pooling, then a single FC1000",
		SourceQuote: "The network ends with a global average pooling layer and a 1000-way fully-connected layer with softmax.", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "Table 1, last row of every column: average pool, 1000-d fc, softmax",
		Source: "He et al. 2016 Table 1, §3.3",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			h := e.h50
			return claims.Result{Agrees: e.allGAP,
				Computed: fmt.Sprintf("all 5 Table 1 networks end in one Linear fed by a global average pool; resnet50: %s %v → %s %v", h.Feed.Name, h.Feed.Out, h.Linears[0].Name, h.Linears[0].Out)}, nil
		}},
	{ID: "resnet/gap-fewer-params", NotesQuote: "전역 평균 풀링을 사용해서 파라미터 수를 대폭 줄임",
		Claimed:     "global average pooling instead of FC layers cuts the parameters sharply",
		SourceQuote: "global average pooling has no parameter to optimize thus overfitting is avoided at this layer", QuoteKind: claims.Paraphrase,
		Cited:  "global average pooling has no parameter to optimize, so overfitting is avoided at this layer (Network in Network); VGG's three fully connected layers hold 123.6M of its 138.4M parameters (torchvision vgg16)",
		Source: "Lin, Chen & Yan 2014 §3.2; torchvision 0.14 vgg16 (chapters/vgg/testdata)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.vgg.Params > 10*e.gapHead,
				Computed: fmt.Sprintf("resnet50's head (avgpool + fc): %s parameters; a VGG-style head on its 2048×7×7 map (fc 4096, 4096, 1000): %s, %.0f× more, %.0f× the %s of the whole resnet50",
					nn.Comma(e.gapHead), nn.Comma(e.vgg.Params), float64(e.vgg.Params)/float64(e.gapHead), float64(e.vgg.Params)/float64(e.reports[50].Params), nn.Comma(e.reports[50].Params))}, nil
		}},
	{ID: "resnet/bottleneck-50", NotesQuote: "50계층 이상인 경우 계산효율을 위해 병목계층을 추가한 레즈블록을 사용한다",
		Claimed:     "from 50 layers on, bottleneck blocks for efficiency",
		SourceQuote: "Because of concerns on the training time that we can afford, we modify the building block as a bottleneck design", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "a bottleneck block for training time; the 256-d bottleneck and the 64-d basic block of Fig. 5 have similar time complexity; Table 1 uses bottlenecks in the 50-, 101- and 152-layer columns",
		Source: "He et al. 2016 §4.1 (Deeper Bottleneck Architectures), Fig. 5, Table 1",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.bottleneckDepths, []int{50, 101, 152}) && e.bneck < e.basic256 && e.bneck <= e.basic64,
				Computed: fmt.Sprintf("bottleneck blocks in the networks of depth %v; at 56×56 a 256-d bottleneck block costs %s MACs, a 64-d basic block %s, a 256-d basic block %s (%.1f×)",
					e.bottleneckDepths, nn.Comma(e.bneck), nn.Comma(e.basic64), nn.Comma(e.basic256), float64(e.basic256)/float64(e.bneck))}, nil
		}},
	{ID: "resnet/gap-vector-size", NotesQuote: "축소된 1차원 벡터의 크기는 채널수와 같다",
		Claimed:     "the pooled vector has one entry per channel",
		SourceQuote: "take the average of each feature map, and the resulting vector is fed directly into the softmax layer", QuoteKind: claims.Paraphrase,
		Cited:  "global average pooling takes the average of each feature map, one value per map; Table 1: average pool after conv5_x, whose last layer has 2048 filters (50-, 101-, 152-layer)",
		Source: "Lin, Chen & Yan 2014 §3.2; He et al. 2016 Table 1",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.h50.Feed.Out.Elems() == int64(e.chans),
				Computed: fmt.Sprintf("resnet50: layer4 ends in %d channels; avgpool gives %v", e.chans, e.h50.Feed.Out)}, nil
		}},
	// §6.4: training.
	{ID: "resnet/bn-after-conv", NotesQuote: "컨볼루션 연산 뒤 항상 배치 정규화",
		Claimed:     "BatchNorm after every convolution",
		SourceQuote: "We adopt batch normalization (BN) [16] right after each convolution and before activation, following [16].", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "BN right after each convolution, before the activation",
		Source: "He et al. 2016 §3.4",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.totalBN == e.totalConvs,
				Computed: fmt.Sprintf("%s of %s convolutions in the chapter's %d models feed a BatchNorm", nn.Comma(int64(e.totalBN)), nn.Comma(int64(e.totalConvs)), len(e.all))}, nil
		}},
	{ID: "resnet/l2-augmentation", SourceAgrees: claims.Yes, NotesQuote: "정규화 기법 :$L_2$와 데이터 확장",
		Claimed: "L2 regularisation and data augmentation",
		Cited:   "weight decay 0.0001 (an L2 penalty); scale augmentation (shorter side sampled in [256, 480]), random 224×224 crops and horizontal flips, per-pixel mean subtraction, standard colour augmentation; no dropout",
		Source:  "He et al. 2016 §3.4"},
	{ID: "resnet/relu-he", Paper: true, SourceAgrees: claims.Yes, NotesQuote: "ReLU, He 초기화",
		Claimed:     "ReLU activations, He initialisation",
		SourceQuote: "We adopt batch normalization (BN) [16] right after each convolution and before activation, following [16]. We initialize the weights as in [13] and train all plain/residual nets from scratch.", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "weights initialised as in He et al. 2015 (the ReLU-aware initialisation); BN after each convolution, before the activation, the activation being ReLU",
		Source: "He et al. 2016 §3.4; He et al. 2015 (Delving Deep into Rectifiers) §2.2",
		Reason: "nn.InitHe draws N(0, 2/fan_in), He et al. 2015's forward form; torchvision's ResNet uses the fan-out form, which that paper (§2.2) shows works as well.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: slices.Equal(e.acts, []string{"ReLU"}) && slices.Equal(e.inits, []nn.Init{nn.InitHe}),
				Computed: fmt.Sprintf("activations in the chapter's models: %s; conv weight inits: %s", strings.Join(e.acts, ", "), initNames(e.inits))}, nil
		}},
	{ID: "resnet/sgd-momentum", SourceAgrees: claims.Yes, NotesQuote: "SGD 모멘텀",
		Claimed: "SGD with momentum",
		Cited:   "SGD, momentum 0.9",
		Source:  "He et al. 2016 §3.4"},
	{ID: "resnet/batch-256", SourceAgrees: claims.Yes, NotesQuote: "배치 크기 : 256",
		Claimed: "batch size 256",
		Cited:   "mini-batch size of 256 on ImageNet (§3.4); 128 on CIFAR-10 (§4.2)",
		Source:  "He et al. 2016 §3.4, §4.2"},
	// Which learning rate the paper used is a claim about the paper: judged
	// by its words; nn.SGD's equal rates are shown beside them.
	{ID: "resnet/adaptive-lr", NotesQuote: "학습률 : 적응형 학습률", Paper: true, SourceAgrees: claims.No,
		Claimed:     "an adaptive learning rate",
		SourceQuote: "The learning rate starts from 0.1 and is divided by 10 when the error plateaus", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:  "one global learning rate, 0.1, divided by 10 when the error plateaus; SGD with momentum 0.9 (CIFAR-10: 0.1, divided by 10 at 32k and 48k iterations)",
		Source: "He et al. 2016 §3.4, §4.2",
		Reason: "An adaptive learning-rate method (AdaGrad, RMSprop, Adam) scales each weight's step by its own gradient history. The paper uses plain SGD with momentum, which gives every weight the same rate, on a step schedule: 0.1, divided by 10 when the error plateaus. The plateau rule adapts the one global rate by hand, not per weight.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: math.Abs(e.r1-e.r2) > 0.01*math.Max(e.r1, e.r2),
				Computed: fmt.Sprintf("nn.SGD (lr 0.1, momentum 0.9), 2 steps: weights with gradients 0.001 and 1 moved %.4g× and %.4g× their gradient — one rate for every weight", e.r1, e.r2)}, nil
		}},
	{ID: "resnet/network-in-network", NotesQuote: "_Network in Network(NIN)_ 구조로 설계", SourceAgrees: claims.Undecided,
		Claimed: "ResNet, like GoogLeNet, is a network-in-network (NIN) design",
		Cited:   "the ResNet paper presents residual learning and a VGG-style plain baseline; it does not describe itself as network-in-network. GoogLeNet's paper builds on Lin et al.'s NIN explicitly",
		Source:  "He et al. 2016 §3, §4.1; Szegedy et al. 2015 §2; Lin et al. 2013",
		Reason:  "the term is used loosely: ResNet stacks residual modules as NIN stacks micro-networks, and keeps NIN's global-average-pooling head, but its authors do not call it NIN; the sources do not settle whether the label fits"},
	{ID: "resnet/residual-algebra", NotesQuote: "$H(x) = F(x) + x$", SourceAgrees: claims.Yes,
		Claimed: "the block outputs H(x) = F(x) + x, so the learning path learns the residual F(x) = H(x) − x",
		Cited:   "the stacked layers are let to fit F(x) := H(x) − x and the original mapping is recast into F(x) + x (§1, §3.1); a building block is y = F(x, {W_i}) + x (Eq. 1), followed by a ReLU (Fig. 2)",
		Source:  "He et al. 2016 §1, §3.1, §3.2 Eq. 1, Fig. 2",
		Reason:  "in the original block the sum passes a second ReLU, so the block outputs ReLU(F(x) + x); H(x) = F(x) + x holds before it (the pre-activation block of the variants chapter makes it exact)"},
}

// Claims is the chapter's part of the notes' claims ledger. Every Computed
// value comes from analysing or running this package's models, or from
// the committed degradation and lesion experiments; cited values name
// their source.
func Claims() ([]claims.Claim, error) {
	cs, err := claims.Table("resnet", section, newLedgerEvidence, ledgerRows)
	if err != nil {
		return nil, err
	}
	// residual-algebra spans the notes from H(x) = F(x) + x to the
	// residual the learning path learns.
	for i := range cs {
		if cs[i].ID == "resnet/residual-algebra" {
			if cs[i].Last = claims.LineOf("잔차 $F(x) = H(x) - x$를 학습한다"); cs[i].Last == 0 {
				return nil, fmt.Errorf("resnet/residual-algebra: the notes lack its last sentence")
			}
		}
	}
	return cs, nil
}

// macs is the MACs of one module at one input.
func macs(m nn.Module, in nn.Shape) (int64, error) {
	r, err := nn.Analyze(m, in)
	if err != nil {
		return 0, err
	}
	return r.MACs, nil
}

// commaBig renders a big integer with thousands separators.
func commaBig(n *big.Int) string {
	if n.IsInt64() {
		return nn.Comma(n.Int64())
	}
	return n.String()
}

func union[T comparable](a, b []T) []T {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

func initNames(inits []nn.Init) string {
	names := map[nn.Init]string{nn.InitHe: "He (nn.InitHe)", nn.InitXavier: "Xavier", nn.InitLeCun: "LeCun", nn.InitNormal: "normal", nn.InitUniform: "uniform"}
	var s []string
	for _, i := range inits {
		if n, ok := names[i]; ok {
			s = append(s, n)
		} else {
			s = append(s, fmt.Sprint(i))
		}
	}
	return strings.Join(s, ", ")
}

// degradationOutcome reads the degradation experiment
// (results/degradation/degradation.json): Yes when, at every seed, the
// deeper plain network ends with a higher training loss and a lower test
// accuracy than the shallower one; No when it ends lower on both at every
// seed; Undecided otherwise.
func degradationOutcome() (claims.Agreement, string, error) {
	rec, err := results.DegradationRecord()
	if err != nil {
		return claims.NotJudged, "", err
	}
	type run struct{ loss, acc float64 }
	plain := map[uint64]map[int]run{}
	var depths []int
	for _, r := range rec.Runs {
		if r.Residual {
			continue
		}
		if plain[r.Seed] == nil {
			plain[r.Seed] = map[int]run{}
		}
		plain[r.Seed][r.Layers] = run{r.TrainLoss, r.TestAcc}
		if !slices.Contains(depths, r.Layers) {
			depths = append(depths, r.Layers)
		}
	}
	if len(depths) != 2 {
		return claims.NotJudged, "", fmt.Errorf("resnet: results/degradation/degradation.json holds plain networks of %d depths, want 2", len(depths))
	}
	slices.Sort(depths)
	worse, better := 0, 0
	var parts []string
	seeds := make([]uint64, 0, len(plain))
	for s := range plain {
		seeds = append(seeds, s)
	}
	slices.Sort(seeds)
	for _, seed := range seeds {
		sh, dp := plain[seed][depths[0]], plain[seed][depths[1]]
		if dp.loss > sh.loss && dp.acc < sh.acc {
			worse++
		}
		if dp.loss < sh.loss && dp.acc > sh.acc {
			better++
		}
		parts = append(parts, fmt.Sprintf("seed %d: plain%d training loss %.3f, test accuracy %.2f%%; plain%d %.3f, %.2f%%",
			seed, depths[0], sh.loss, 100*sh.acc, depths[1], dp.loss, 100*dp.acc))
	}
	text := fmt.Sprintf("results/degradation/degradation.json (MNIST, %s training images): %s", nn.Comma(int64(rec.TrainImages)), strings.Join(parts, "; "))
	switch {
	case worse == len(seeds):
		return claims.Yes, text, nil
	case better == len(seeds):
		return claims.No, text, nil
	}
	return claims.Undecided, text, nil
}

// lesionOutcome reads the lesion experiment (results/lesion/lesion.json):
// Yes when deleting a single block costs the residual network less than
// 5 points of accuracy in the median and its plain twin more than half its
// accuracy (Veit et al. 2016 Fig. 3: residual networks barely move, the
// plain VGG falls to chance); No when the residual network falls as far as
// the plain one; Undecided otherwise.
func lesionOutcome() (claims.Agreement, string, error) {
	rec, err := results.LesionRecord()
	if err != nil {
		return claims.NotJudged, "", err
	}
	drop := map[bool]float64{}
	full := map[bool]float64{}
	var parts []string
	for _, n := range rec.Nets {
		if len(n.Single) == 0 {
			return claims.NotJudged, "", fmt.Errorf("resnet: results/lesion/lesion.json: %s has no single-block deletions", n.Model)
		}
		xs := slices.Clone(n.Single)
		slices.Sort(xs)
		med := (xs[(len(xs)-1)/2] + xs[len(xs)/2]) / 2
		drop[n.Residual], full[n.Residual] = n.Full-med, n.Full
		parts = append(parts, fmt.Sprintf("%s: %.1f%% with every block, median %.1f%% with one of its %d blocks deleted (lowest %.1f%%)",
			n.Model, 100*n.Full, 100*med, n.Blocks, 100*xs[0]))
	}
	text := fmt.Sprintf("results/lesion/lesion.json (first %s MNIST test images): %s", nn.Comma(int64(rec.TestImages)), strings.Join(parts, "; "))
	switch {
	case drop[true] < 0.05 && drop[false] > full[false]/2:
		return claims.Yes, text, nil
	case drop[true] >= drop[false]:
		return claims.No, text, nil
	}
	return claims.Undecided, text, nil
}
