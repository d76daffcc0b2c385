package variants

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// section is the heading of the notes' section 7.
const section = "# 7. 다양한 모델 등장"

// Where the verbatim quotes were checked.
const (
	heZhang   = "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)"
	zagoruyko = "Zagoruyko & Komodakis 2016, https://arxiv.org/abs/1605.07146, in a stored transcription (search tool, file 11669165094)"
	xie       = "Xie et al. 2017, https://arxiv.org/abs/1611.05431, in a stored ar5iv transcription (search tool, file 71432290228)"
	larsson   = "Larsson et al. 2017, https://arxiv.org/abs/1605.07648, its abstract as stored (search tool, files 49394497827, 36030573907)"
	huang     = "Huang et al. 2017 (CVPR), https://arxiv.org/abs/1608.06993, in stored transcriptions (search tool, files 37958356431, 23674142323)"
	howard    = "Howard et al. 2017, https://arxiv.org/abs/1704.04861, in stored transcriptions (search tool, files 23232202700, 53003903691)"
)

// ledgerEvidence is what the section-7 ledger's checks read, built once:
// the analyses and runs of this package's blocks and models, and the
// committed record of the stochastic-depth experiment.
type ledgerEvidence struct {
	br, af                  string // resnet.BasicBlock's branch and what follows the addition
	relus                   int
	steps                   []string
	clean                   []string
	fullOK, origDirty       bool
	fullBranch              string
	wrn, thin, one          *nn.Report
	perWide, perThin        float64
	fOne, fTen              int
	npaths                  int
	aggPaths                int64
	t2                      []string
	spreadP, spreadM        float64
	forms                   FormsResult
	expected, measured      float64
	sdOK                    claims.Agreement
	sdText                  string
	dropped, scaled, fullSD float64
	fr                      *nn.Report
	doubling                int64
	fractal                 []FractalRow
	shortest, longest       int
	evalDiff                float64
	changed                 int
	conns, denseLayers      int
	bcr                     *nn.Report
	bshort                  int
	denseDiff, residualDiff float64
	mr, cr                  *nn.Report
	dw                      int
	sep, std                int64
}

func newLedgerEvidence() (*ledgerEvidence, error) {
	e := &ledgerEvidence{}
	var err error
	// 7.1 The order of operations in a residual block.
	basic := resnet.BasicBlock("block", 64, 64, 1, resnet.ShortcutB)
	e.br, e.af = Ordering(basic)
	e.relus = strings.Count(e.br, "ReLU") + strings.Count(e.af, "ReLU")
	e.steps = strings.Split(e.br+"-"+e.af, "-")
	for _, o := range FigureFour {
		b := PreActBlock("block", 8, 8, 1, o.Order, resnet.ShortcutB)
		nn.InitParams(b, nn.NewRNG(1))
		x := nn.NewTensor(2, 8, 4, 4)
		rng := nn.NewRNG(2)
		for i := range x.Data {
			x.Data[i] = float32(rng.NormFloat64())
		}
		d := IdentityIsClean(b, x)
		e.clean = append(e.clean, fmt.Sprintf("%s %.3g", o.Label[:3], d))
		switch o.Order {
		case PreActFull:
			branch, after := Ordering(b)
			e.fullOK = strings.EqualFold(branch, "BN-ReLU-conv-BN-ReLU-conv") && after == "" && d == 0
		case PreActOriginal:
			e.origDirty = d > 0
		}
	}
	e.fullBranch, _ = Ordering(PreActBlock("block", 8, 8, 1, PreActFull, resnet.ShortcutB))

	// Wide ResNet.
	if e.wrn, err = WRN(28, 10).Analyze(); err != nil {
		return nil, err
	}
	if e.thin, err = PreActResNet(1001).Analyze(); err != nil {
		return nil, err
	}
	if e.one, err = WRN(28, 1).Analyze(); err != nil {
		return nil, err
	}
	e.perWide, e.perThin = float64(e.wrn.MACs)/float64(e.wrn.Depth), float64(e.thin.MACs)/float64(e.thin.Depth)
	filters := func(m *nn.Model) (int, error) {
		c, ok := nn.Find(m.Net, "layer3.1.conv2").(*nn.Conv2D)
		if !ok {
			return 0, fmt.Errorf("%s has no layer3.1.conv2", m.Name)
		}
		return c.Out, nil
	}
	if e.fOne, err = filters(WRN(28, 1)); err != nil {
		return nil, err
	}
	if e.fTen, err = filters(WRN(28, 10)); err != nil {
		return nil, err
	}

	// ResNeXt.
	g := resnet.Bottleneck("layer1.0", 64, 128, 256, 1, true, 32)
	nn.InitParams(g, nn.NewRNG(3))
	agg := Aggregate(g)
	ar, err := nn.Analyze(agg, nn.Shape{64, 56, 56})
	if err != nil {
		return nil, err
	}
	paths, ok := nn.Find(agg, "paths").(*nn.Parallel)
	if !ok {
		return nil, fmt.Errorf("the aggregated ResNeXt block has no paths")
	}
	e.npaths, e.aggPaths = len(paths.Branches), ar.PathCount().Int64()
	minP, maxP, minM, maxM := int64(1<<62), int64(0), int64(1<<62), int64(0)
	for _, c := range Table2 {
		r, err := ResNeXt50(c.C, c.D).Analyze()
		if err != nil {
			return nil, err
		}
		e.t2 = append(e.t2, fmt.Sprintf("(%d, %d) %.2fM params %.2f GMACs", c.C, c.D, float64(r.Params)/1e6, float64(r.MACs)/1e9))
		minP, maxP = min(minP, r.Params), max(maxP, r.Params)
		minM, maxM = min(minM, r.MACs), max(maxM, r.MACs)
	}
	e.spreadP, e.spreadM = float64(maxP-minP)/float64(minP), float64(maxM-minM)/float64(minM)
	e.forms = CompareForms(256, 32, 4, 256, 1, 8, 2017)

	// Stochastic depth.
	p := LinearDecay(54, 0.5)
	e.expected, e.measured = ExpectedBlocks(p), CountRuns(p, 4000, 2016)
	if e.sdOK, e.sdText, err = stochasticOutcome(); err != nil {
		return nil, err
	}
	e.dropped, e.scaled, e.fullSD = SurvivalCheck(0.5, 7)

	// FractalNet.
	fm := Fractal(FractalNet20)
	if e.fr, err = fm.Analyze(); err != nil {
		return nil, err
	}
	if e.doubling, err = fractalDoubling(FractalNet20); err != nil {
		return nil, err
	}
	if e.fractal, err = FractalTable(fm); err != nil {
		return nil, err
	}
	e.shortest, e.longest = len(e.fr.Paths), 0
	for i, c := range e.fr.Paths {
		if c.Sign() != 0 {
			e.shortest, e.longest = min(e.shortest, i), i
		}
	}
	e.evalDiff, e.changed = DropPathCheck(200, 3)

	// DenseNet.
	bc := DenseNet(DenseNetBC100)
	b1, ok := nn.Find(bc.Net, "features.denseblock1").(*nn.DenseConcat)
	if !ok {
		return nil, fmt.Errorf("densenet-bc-100-12 has no features.denseblock1")
	}
	if e.conns, err = Connections(b1, nn.Shape{24, 32, 32}); err != nil {
		return nil, err
	}
	e.denseLayers = len(b1.Layers)
	if e.bcr, err = bc.Analyze(); err != nil {
		return nil, err
	}
	e.bshort = len(e.bcr.Paths)
	for i, c := range e.bcr.Paths {
		if c.Sign() != 0 {
			e.bshort = i
			break
		}
	}
	e.denseDiff, e.residualDiff = ConcatCheck(5)

	// MobileNet.
	mb := MobileNet(1, 224, false)
	if e.mr, err = mb.Analyze(); err != nil {
		return nil, err
	}
	nn.Walk(mb.Net, func(_ string, l nn.Module) {
		if c, ok := l.(*nn.Conv2D); ok && c.G > 1 && c.G == c.In {
			e.dw++
		}
	})
	if e.cr, err = MobileNet(1, 224, true).Analyze(); err != nil {
		return nil, err
	}
	e.sep, e.std = SeparableCost(512, 512, 3, 14, 1)
	return e, nil
}

// figureFourErrors is He et al. 2016b Table 2's errors, for the cited value.
func figureFourErrors() string {
	var errs []string
	for _, o := range FigureFour {
		errs = append(errs, fmt.Sprintf("%s %.2f%%", o.Label, o.Error))
	}
	return strings.Join(errs, ", ")
}

// table2Top1 is Xie et al. 2017 Table 2's top-1 errors, for the cited value.
func table2Top1() string {
	var top1 []string
	for _, c := range Table2 {
		top1 = append(top1, fmt.Sprintf("(%d, %d) %.1f%%", c.C, c.D, c.Top1))
	}
	return strings.Join(top1, ", ")
}

// ledgerRows is the section-7 part of the notes' claims ledger.
var ledgerRows = []claims.Row[*ledgerEvidence]{
	// 7.1 The order of operations in a residual block.
	{ID: "variants/original-order", NotesQuote: "`Conv - BN - ReLU - Conv - BN`이 실생되고, 두 경로가 더해지면서 `Sum - ReLU`가 실행된다",
		SourceQuote: "We adopt the second nonlinearity after the addition (i.e., σ(y), see Fig. 2). … We adopt batch normalization (BN) [16] right after each convolution and before activation", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:   "the residual function F = W₂σ(W₁x) is added to x and the second nonlinearity follows the addition; BN right after each convolution and before activation",
		Claimed: "the residual path runs conv-BN-ReLU-conv-BN, the sum is followed by a ReLU: two ReLUs per block",
		Source:  "He et al. 2016 §3.2 (Fig. 2) and §3.4; He et al. 2016b Fig. 4(a)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.br == "conv-BN-ReLU-conv-BN" && e.af == "ReLU" && e.relus == 2,
				Computed: fmt.Sprintf("resnet.BasicBlock's tree: branch %s, after the addition %s; %d ReLUs", e.br, e.af, e.relus)}, nil
		}},
	{ID: "variants/neuron-order", NotesQuote: "전통적인 뉴런의 실행 순서인 _가중 합산 후 활성화_ 순서로 설계되었다",
		SourceQuote: "We adopt batch normalization (BN) [16] right after each convolution and before activation", QuoteKind: claims.Verbatim, CheckedAgainst: heZhang,
		Cited:   "BN right after each convolution and before activation (§3.4), the second ReLU after the addition (Fig. 2): every activation follows a weighted layer",
		Claimed: "the original block follows the classic neuron: weighted sum first, activation after",
		Source:  "He et al. 2016 §3.2 (Fig. 2) and §3.4; He et al. 2016b Fig. 4(a)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			st := e.steps
			return claims.Result{Agrees: weightedBeforeActivation(st),
				Computed: fmt.Sprintf("resnet.BasicBlock's operations in order: %s (+ shortcut before the last ReLU); first %s, last %s", strings.Join(st, " → "), st[0], st[len(st)-1])}, nil
		}},
	{ID: "variants/preact-better", SourceAgrees: claims.Yes, NotesQuote: "배치정규화, ReLU를 실행한 후 컨볼루션 연산을 하는 것이 더 좋은 성능을 얻을 수 있다",
		Claimed: "BN and ReLU before the convolution work better",
		Cited:   "CIFAR-10 test error of ResNet-110: " + figureFourErrors() + "; ResNet-164: 5.93% original vs 5.46% full pre-activation",
		Source:  "He et al. 2016b Table 2 (orders of Fig. 4)"},
	{ID: "variants/neuron-order-not-optimal", SourceAgrees: claims.Yes, NotesQuote: "전통적인 뉴런의 실행순서가 반드시 최적의 성능을 보장하는 것은 아님을 시사한다",
		Claimed: "activation before the weighted sum does better, so the classic neuron order is not necessarily optimal",
		Cited: func() string {
			orig, fullPre := FigureFour[PreActOriginal], FigureFour[PreActFull]
			return fmt.Sprintf("CIFAR-10 test error, %s (%s, then %s) vs %s (%s): ResNet-110 %.2f%% vs %.2f%%, ResNet-164 %.2f%% vs %.2f%%; the 1001-layer pre-activation network reaches 4.62%%",
				orig.Label, orig.Branch, orig.After, fullPre.Label, fullPre.Branch, orig.Error, fullPre.Error, orig.Error2, fullPre.Error2)
		}(),
		Source: "He et al. 2016b Tables 2 and 3, abstract"},
	{ID: "variants/full-preact-order", NotesQuote: "`BN - ReLU - conv - BN - RELU - Conv` 다음 항등 매핑을 진행한다",
		Cited:   fmt.Sprintf("Fig. 4(e), full pre-activation: %s on the branch, nothing after the addition; CIFAR-10 error of ResNet-110 %.2f%%, against %.2f%% for (c), which only moves the ReLU", FigureFour[PreActFull].Branch, FigureFour[PreActFull].Error, FigureFour[PreActReLUBeforeAdd].Error),
		Claimed: "changes on the identity path spoil the identity mapping; the block becomes BN-ReLU-conv-BN-ReLU-conv with a clean identity",
		Source:  "He et al. 2016b §4.1, Fig. 4(e)",
		Reason:  "Moving only the second ReLU into the branch is Fig. 4(c): its identity is clean too, but the branch's output is then non-negative and the error rises to 7.84%; the adopted order (e) moves BN and ReLU in front of each convolution.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.fullOK && e.origDirty,
				Computed: fmt.Sprintf("PreActBlock(full pre-activation): branch %s, nothing after the addition; with the branch silenced, max |y − x| per Fig. 4 order: %s",
					e.fullBranch, strings.Join(e.clean, ", "))}, nil
		}},

	// Wide ResNet.
	{ID: "variants/wide-motivation", SourceAgrees: claims.Yes, NotesQuote: "신경망을 깊게만 설계하면 최적화가 어렵고 성능 향상에 한계가 존재하므로",
		Claimed:     "making networks only deeper is hard to optimise and gains little",
		SourceQuote: "However, each fraction of a percent of improved accuracy costs nearly doubling the number of layers, and so training very deep residual networks has a problem of diminishing feature reuse, which makes these networks very slow to train.", QuoteKind: claims.Verbatim, CheckedAgainst: zagoruyko,
		Cited:  "each fraction of a percent of accuracy costs nearly doubling the layers; diminishing feature reuse makes very deep residual networks slow to train",
		Source: "Zagoruyko & Komodakis 2016, abstract"},
	{ID: "variants/wide-parallel", NotesQuote: "넓은 레즈 블록으로 확장해서 계산 효율을 높였다",
		SourceQuote: "we demonstrate that even a simple 16-layer-deep wide residual network outperforms in accuracy and efficiency all previous deep residual networks, including thousand-layer-deep networks", QuoteKind: claims.Verbatim, CheckedAgainst: zagoruyko,
		Cited:   "a 16-layer wide residual network beats all previous deep residual networks, thousand-layer ones included, in accuracy and efficiency",
		Claimed: "wider blocks parallelise better, so computation is more efficient",
		Source:  "Zagoruyko & Komodakis 2016, abstract; §1, §4 (wide networks train several times faster on GPUs than thin deep ones of similar accuracy)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.perWide > 10*e.perThin,
				Computed: fmt.Sprintf("wrn-28-10: %s MACs over %d sequential weighted layers, %.0fM per layer; preact-resnet1001: %s MACs over %d, %.1fM per layer: %.0f× more independent work per step",
					nn.Comma(e.wrn.MACs), e.wrn.Depth, e.perWide/1e6, nn.Comma(e.thin.MACs), e.thin.Depth, e.perThin/1e6, e.perWide/e.perThin)}, nil
		}},
	{ID: "variants/wide-k", NotesQuote: "k배 넓은 $F \\times k$ 필터를 사용한다는 의미다",
		Cited:   "Table 1: the widening factor k multiplies the filters of groups conv2, conv3 and conv4 (16×k, 32×k, 64×k); Table 4: WRN-28-10 has 36.5M parameters",
		Claimed: "a wide block uses k times the filters, F×k",
		Source:  "Zagoruyko & Komodakis 2016 Tables 1 and 4",
		Reason:  "The parameters and multiply-accumulates grow as k², not k: a 3×3 convolution from kF to kF channels holds 9·k²·F² weights (TestWidthSquared).",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			one, ten := e.one, e.wrn
			return claims.Result{Agrees: e.fTen == 10*e.fOne && one.Depth == ten.Depth,
				Computed: fmt.Sprintf("WRN-28-1 vs WRN-28-10: layer3 convolutions %d vs %d filters (×%d), depth %d both; params %s vs %s (×%.1f, k² = 100), MACs ×%.1f",
					e.fOne, e.fTen, e.fTen/e.fOne, one.Depth, nn.Comma(one.Params), nn.Comma(ten.Params),
					float64(ten.Params)/float64(one.Params), float64(ten.MACs)/float64(one.MACs))}, nil
		}},
	{ID: "variants/wide-neurons", NotesQuote: "필터 개수가 늘어나면 액티베이션 맵의 채널수도 k개 늘어나고, 뉴런수도 k배 늘어나므로",
		Cited:   "Table 1: the output maps of conv2, conv3 and conv4 are 16×k, 32×k and 64×k channels at 32×32, 16×16 and 8×8",
		Claimed: "the activation maps' channels and the neurons grow k-fold (k = 10)",
		Source:  "Zagoruyko & Komodakis 2016 Table 1",
		Reason:  "k개 (k more channels) reads as k배: every group's channels are multiplied by k; the stem's 16 channels are not widened, so the ratio is slightly below k.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			ratio := float64(e.wrn.Activations) / float64(e.one.Activations)
			return claims.Result{Numeric: true, ClaimedValue: 10, ComputedValue: ratio, Tolerance: 0.05,
				Computed: fmt.Sprintf("activations (floats at batch 1): WRN-28-1 %s, WRN-28-10 %s: ×%.2f", nn.Comma(e.one.Activations), nn.Comma(e.wrn.Activations), ratio)}, nil
		}},

	// ResNeXt.
	{ID: "variants/resnext-split", NotesQuote: "레즈 블록의 잔차 경로를 여러 개로 분리해서 병렬실행하는 모델이다",
		Cited:   "Fig. 1 (right): a ResNeXt block of cardinality 32, each path 256→1×1,4 → 3×3,4 → 1×1,256, the paths aggregated by summation and added to the shortcut (Eq. 3)",
		Claimed: "ResNeXt splits the residual path into several parallel paths",
		Source:  "Xie et al. 2017 Fig. 1, Eq. 3, §3.3 and Fig. 3(a)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.npaths == 32 && e.aggPaths == 33,
				Computed: fmt.Sprintf("resnext50_32x4d's layer1.0 in aggregated form: %d parallel transformations of width 4 summed, %d input-output paths with the shortcut", e.npaths, e.aggPaths)}, nil
		}},
	{ID: "variants/resnext-homogeneous", SourceAgrees: claims.Yes, NotesQuote: "인셉션 모듈과 같이 분리 - 변환 - 통합 전략을 적용함과 동시에 레즈넷처럼 동일한 블록을 반복함으로써",
		Claimed:     "split-transform-merge like Inception, repeated identical blocks like ResNet, fewer hyper-parameters",
		SourceQuote: "Our network is constructed by repeating a building block that aggregates a set of transformations with the same topology. Our simple design results in a homogeneous, multi-branch architecture that has only a few hyper-parameters to set.", QuoteKind: claims.Verbatim, CheckedAgainst: xie,
		Cited:  "a repeated block aggregating transformations of the same topology: a homogeneous multi-branch architecture with few hyper-parameters",
		Source: "Xie et al. 2017, abstract; §3.2 (the split-transform-merge of Inception modules)"},
	{ID: "variants/resnext-cardinality", NotesQuote: "제 3의 요소로 기수가 존재한다",
		Claimed: "cardinality is a third dimension, more effective than depth or width when scaling",
		Cited:   "top-1 error at that complexity: " + table2Top1() + "; at twice ResNet-101's complexity: deeper (ResNet-200) 21.7%, wider (1×100d) 21.3%, ResNeXt-101 2×64d 20.7%, 64×4d 20.4%",
		Source:  "Xie et al. 2017 Tables 2, 3 and 4",
		Reason:  "The code confirms the premise of the comparison — the five configurations cost the same — and the errors are the paper's (cited).",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.spreadP < 0.03 && e.spreadM < 0.05,
				Computed: fmt.Sprintf("ResNeXt-50 at the (C, d) of Table 2: %s — parameters within %.1f%%, MACs within %.1f%% of each other",
					strings.Join(e.t2, "; "), 100*e.spreadP, 100*e.spreadM)}, nil
		}},
	{ID: "variants/resnext-grouped", NotesQuote: "레즈넥스트의 연산은 사실 그룹 컨볼루션과 동일하다",
		Cited:   "Fig. 3: three equivalent forms of the block; (c) is 1×1,128 → 3×3,128 with 32 groups → 1×1,256, implemented with grouped convolutions",
		Claimed: "ResNeXt's block is a grouped convolution",
		Source:  "Xie et al. 2017 §3.3, Fig. 3 (a)≡(b)≡(c)",
		Reason:  "Equal to float32 rounding (TestAggregatedEqualsGrouped): the 1×1 conv after the groups reads all paths at once, which is the sum of the paths' own 1×1 convs.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			f := e.forms
			return claims.Result{Agrees: f.Same(),
				Computed: fmt.Sprintf("a 32×4d block, grouped form vs 32 summed paths with BN after the sum, same weights: max |difference| below %s in eval, %s in training, %s in the input gradient (outputs up to %.3g); %s params each",
					claims.Below(f.MaxDiffEval), claims.Below(f.MaxDiffTrain), claims.Below(f.MaxDiffGrad), f.MaxAbs, nn.Comma(f.ParamsGrouped))}, nil
		}},

	// Stochastic depth.
	{ID: "variants/sd-shorter", NotesQuote: "훈련하는 동안 네트워크를 짧게 만들어서",
		Claimed: "training runs a shorter network",
		Source:  "Huang et al. 2016 §3 (Eq. 4, expected depth), §4",
		Cited:   "shorter networks in training reduce vanishing gradients and diminishing forward flow and cut training time",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.expected < 54 && e.measured < 54,
				Computed: fmt.Sprintf("resnet110-sd, 54 blocks, p_ℓ = 1 − ℓ/54·0.5: %.2f blocks expected per training pass ((3L−1)/4), %.2f measured over 4,000 passes of nn.Residual; %.1f of 110 weighted layers",
					e.expected, e.measured, 2*e.expected+2)}, nil
		}},
	{ID: "variants/sd-vanishing", NotesQuote: "그래디어늩 손실을 줄여보자는 아이디어로 만들어졌다", SourceAgrees: claims.Yes,
		Claimed: "shortening the network in training eases the gradient's loss, so the deep network trains better",
		Cited:   "stochastic depth reduces training time substantially and improves the test error significantly (110-layer ResNet on CIFAR-10: 6.41% → 5.25%), the shorter training networks easing vanishing gradients and diminishing feature reuse",
		Source:  "Huang et al. 2016, abstract, §1, §4 (Table 1)",
		Reason:  "at this scale the experiment does not decide: the stochastic runs trained faster per epoch but their test accuracy fell, on a 12-block network far shallower than the 110 and 1202 layers where the paper finds vanishing gradients to matter; the paper's gain stands as the source's",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Experiment: "results/stochastic-depth/", Outcome: e.sdOK, Computed: e.sdText}, nil
		}},
	{ID: "variants/sd-test-all", NotesQuote: "훈련할 때는 부분경로를 드롭아웃하고, 테스트할 때는 전체 경로를 사용한다",
		Cited:   "Eq. 5: at test time H_ℓ = ReLU(p_ℓ·f_ℓ(H_{ℓ−1}; W_ℓ) + H_{ℓ−1}): every block runs, its residual function re-calibrated by its survival probability",
		Claimed: "training drops paths, testing uses the whole network",
		Source:  "Huang et al. 2016 §3, Eq. 5",
		Reason:  "Every block runs at test time, but not as trained: each residual branch is multiplied by its survival probability p_ℓ (the identity is not), so that it contributes what it contributed on average in training.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.fullSD <= 1e-6,
				Computed: fmt.Sprintf("a block with p = 0.5 in eval: max |y − ReLU(x + p·F(x))| = %.2g, max |y − ReLU(x + F(x))| = %.3g", e.scaled, e.fullSD)}, nil
		}},
	{ID: "variants/sd-dropped-identity", NotesQuote: "드롭아웃된 계층은 항등 매핑 경로를 통해 데이터를 그대로 통과시킨다",
		Cited:   "Eq. 3 with b_ℓ = 0: the block reduces to the identity, H_ℓ = id(H_{ℓ−1}) (its input is the non-negative output of a ReLU)",
		Claimed: "a dropped block passes its input through the identity",
		Source:  "Huang et al. 2016 §3, Eq. 3 with b_ℓ = 0",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.dropped == 0,
				Computed: fmt.Sprintf("a dropped training pass of a block on a rectified input: max |y − x| = %g", e.dropped)}, nil
		}},

	// FractalNet.
	{ID: "variants/fractal-idea", SourceAgrees: claims.Yes, NotesQuote: "얕은 네트워크에서 깊은 네트워크로의 효율적인 전환이 성능에 더 중요하다",
		Claimed:     "the transition from shallow to deep matters more than residuals",
		SourceQuote: "residual representations may not be fundamental to the success of extremely deep convolutional neural networks. Rather, the key may be the ability to transition, during training, from effectively shallow to deep.", QuoteKind: claims.Verbatim, CheckedAgainst: larsson,
		Cited:  "residual representations may not be fundamental; the key may be the transition from effectively shallow to deep during training",
		Source: "Larsson et al. 2017, abstract"},
	{ID: "variants/fractalnet-paths", NotesQuote: "얕은 경로와 깊은 경로를 모두 갖는 구조를 가지며",
		Claimed: "FractalNet has both shallow and deep paths",
		Cited:   fmt.Sprintf("FractalNet (20 layers, %.1fM params)", FractalParamsM),
		Source:  "Larsson et al. 2017 Table 1, §4 (B = 5, C = 3, channels 64, 128, 256, 512, 512)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			fr, rows := e.fr, e.fractal
			return claims.Result{Agrees: rows[0].ShallowestPath == 1 && rows[0].Depth == 4,
				Computed: fmt.Sprintf("fractalnet-20: each block %d paths through 1 to %d convolutions; the network %s paths of %d to %d weighted layers; %s parameters (%.1fM)",
					rows[0].Paths, rows[0].Depth, fr.PathCount(), e.shortest, e.longest, nn.Comma(fr.Params), float64(fr.Params)/1e6),
				Reason: fmt.Sprintf("Our count of the network the paper describes is %.1fM, %.1f%% below Table 1's 38.6M. The difference is not in the convolutions' extras (conv biases as in the authors' Caffe generator, or BN scales and shifts, move it by 0.01M), and an independent PyTorch implementation (testdata/gen_torchvision.py) and the authors' released generator (gustavla/fractalnet, generation/fractalnet.py) have the same 35 convolutions; a third-party PyTorch reimplementation (khanrc/pt.fractalnet, exp-note-kor.md) reports the same 33.7M against the paper's 38.6M, and with its --doubling option, which widens each block's input by a 1×1 convolution so that every column's first 3×3 convolution reads the block's own width, 38.9M. That layout, counted here on our network, gives %.1fM (%s more): within %.2fM of Table 1. The paper does not describe such a convolution, so the gap stays unexplained by the text, but a doubling layout would account for it.",
					float64(fr.Params)/1e6, 100*(1-float64(fr.Params)/(FractalParamsM*1e6)), float64(fr.Params+e.doubling)/1e6, nn.Comma(e.doubling), math.Abs(FractalParamsM-float64(fr.Params+e.doubling)/1e6))}, nil
		}},
	{ID: "variants/fractal-droppath", NotesQuote: "훈련할 때 부분 경로를 드롭아웃하고 테스트할 때는 전체경로를 사용한다",
		Cited:   "§3.1: local drop-path drops each input of a join with fixed probability, keeping at least one; global drop-path selects a single column for the entire network; §4: 15% local drop rate, half the mini-batches global",
		Claimed: "FractalNet drops paths in training and uses all of them at test time",
		Source:  "Larsson et al. 2017 §3.1 (local and global drop-path), §4",
		Reason:  "Unlike stochastic depth nothing is rescaled at test time: a join is the mean of the inputs that survive, so the full network's mean has the same scale.",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.evalDiff == 0 && e.changed > 0,
				Computed: fmt.Sprintf("a two-column block: eval output vs the mean of both columns, max |difference| %g; %d of 200 training passes (local drop-path 0.5) dropped a column", e.evalDiff, e.changed)}, nil
		}},

	// DenseNet.
	{ID: "variants/dense-connectivity", NotesQuote: "댄스블록은 모든 계층이 이전의 모든 계층과 연결된 구조로 이루어진다",
		SourceQuote: "Whereas traditional convolutional networks with L layers have L connections—one between each layer and its subsequent layer—our network has L(L+1)/2 direct connections.", QuoteKind: claims.Verbatim, CheckedAgainst: huang,
		Cited:   "L(L+1)/2 direct connections in a block of L layers, against L in a plain network",
		Claimed: "every layer of a dense block is connected to all earlier layers",
		Source:  "Huang et al. 2017, abstract",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			l := e.denseLayers
			return claims.Result{Agrees: e.conns == l*(l+1)/2,
				Computed: fmt.Sprintf("densenet-bc-100-12 denseblock1: layer ℓ reads 24 + (ℓ−1)·12 channels, the block input and all ℓ−1 earlier outputs: %d connections for %d layers", e.conns, l)}, nil
		}},
	{ID: "variants/dense-vanishing", SourceAgrees: claims.No, NotesQuote: "그래디언트 소실 문제도 해결된다",
		Claimed:     "dense connections solve the vanishing-gradient problem",
		SourceQuote: "DenseNets have several compelling advantages: they alleviate the vanishing-gradient problem, strengthen feature propagation, encourage feature reuse", QuoteKind: claims.Verbatim, CheckedAgainst: huang,
		Cited:  "DenseNets alleviate the vanishing-gradient problem, strengthen feature propagation, encourage feature reuse and reduce the parameters",
		Source: "Huang et al. 2017, abstract; §3 (implicit deep supervision through the short connections)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			// Nothing computed judges the claim (the verdict follows the
			// source); the path lengths go into the reason.
			return claims.Result{Reason: fmt.Sprintf("The paper says alleviate, not solve. What the structure gives is short paths: in densenet-bc-100-12 (depth %d) the shortest input-to-output path crosses %d weighted layers (nn.Analyze's path polynomial).",
				e.bcr.Depth, e.bshort)}, nil
		}},
	{ID: "variants/dense-concat", NotesQuote: "채널 방향으로 합침(concatenate)으로써 정보를 원래대로 보존한다",
		SourceQuote: "However, the identity function and the output of Hℓ are combined by summation, which may impede the information flow in the network.", QuoteKind: claims.Verbatim, CheckedAgainst: huang,
		Cited:   "§3, Eq. 2: x_ℓ = H_ℓ([x_0, x_1, …, x_{ℓ−1}]), the concatenation of all earlier feature maps; in ResNets the identity and H_ℓ are summed, which may impede the information flow",
		Claimed: "concatenation keeps earlier features intact, where a residual sum mixes them",
		Source:  "Huang et al. 2017 §3 (Dense connectivity, vs ResNet's summation)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.denseDiff == 0 && e.residualDiff > 0,
				Computed: fmt.Sprintf("same input: dense block output's first channels vs the input, max |difference| %g; residual block output vs its input %.3g", e.denseDiff, e.residualDiff)}, nil
		}},

	// MobileNet.
	{ID: "variants/mobilenet-dwsep", NotesQuote: "Depthwise separable convolution을 사용하여 Deep Neural Network를 구축한 모델이다",
		SourceQuote: "Counting depthwise and pointwise convolutions as separate layers, MobileNet has 28 layers.", QuoteKind: claims.Verbatim, CheckedAgainst: howard,
		Cited:   "Table 1: a full 3×3 convolution, 13 depthwise-separable layers (3×3 depthwise, 1×1 pointwise), average pool, FC; 28 layers counting depthwise and pointwise separately",
		Claimed: "MobileNet is built from depthwise separable convolutions",
		Source:  "Howard et al. 2017 Table 1, §3.2 (28 layers)",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			return claims.Result{Agrees: e.dw == 13 && e.mr.Depth == 28,
				Computed: fmt.Sprintf("mobilenet-v1: %d depthwise 3×3 convolutions each followed by a 1×1 pointwise one, after one full 3×3 stem; %d weighted layers", e.dw, e.mr.Depth)}, nil
		}},
	{ID: "variants/mobilenet-cost", NotesQuote: "계산 및 모델의 파라미터 수를 대폭 줄였다",
		Claimed: "depthwise separable convolutions cut the computation and the parameters sharply",
		Cited:   "569 vs 4866 million mult-adds, 4.2 vs 29.3 million parameters, 70.6% vs 71.7% ImageNet accuracy",
		Source:  "Howard et al. 2017 Table 4, Eq. 5",
		Check: func(e *ledgerEvidence) (claims.Result, error) {
			mr, cr := e.mr, e.cr
			return claims.Result{Agrees: cr.MACs > 5*mr.MACs && cr.Params > 5*mr.Params && e.sep*512*9 == e.std*(9+512),
				Computed: fmt.Sprintf("mobilenet-v1 %s MACs, %s params; with full 3×3 convolutions %s MACs (%.1f×), %s params (%.1f×); one 512→512 layer at 14×14: %s vs %s MACs = %.4f = 1/512 + 1/9",
					nn.Comma(mr.MACs), nn.Comma(mr.Params), nn.Comma(cr.MACs), float64(cr.MACs)/float64(mr.MACs),
					nn.Comma(cr.Params), float64(cr.Params)/float64(mr.Params), nn.Comma(e.sep), nn.Comma(e.std), float64(e.sep)/float64(e.std))}, nil
		}},
	// The comparison chart's paragraph stands before section 7's heading.
	{ID: "variants/comparison-chart", NotesQuote: "모델별 정확도, 연산량 모델 크기 비교", SourceAgrees: claims.Yes,
		Lines:   [2]int{claims.LineOf("모델별 정확도, 연산량 모델 크기 비교"), claims.LineOf("y축이 정확도, x축이 연산량")},
		Claimed: "the chart plots accuracy (y) against operations (x), the circles' size giving the model size",
		Cited:   "top-1 accuracy against the operations of one forward pass, the size of each blob proportional to the network's parameters",
		Source:  "Canziani, Paszke & Culurciello 2016 (An Analysis of Deep Neural Network Models for Practical Applications) Fig. 2",
		Reason:  "the book's own chart of the same axes from computed values is the params-macs figure of the models page"},
	{ID: "variants/mobilenet-purpose", NotesQuote: "모바일 및 임베디드 비전 어플리케이션을 위해 개발", SourceAgrees: claims.Yes,
		Claimed: "MobileNet was developed for mobile and embedded vision applications",
		Cited:   "a class of efficient models for mobile and embedded vision applications, with two hyper-parameters (width and resolution multipliers) to trade latency for accuracy",
		Source:  "Howard et al. 2017, abstract, §1"},
}

// Claims is the chapter's part of the notes' claims ledger (section 7).
// Every Computed value comes from analysing or running this package's
// models and blocks, or from the committed stochastic-depth experiment;
// cited values name their source.
func Claims() ([]claims.Claim, error) {
	return claims.Table("variants", section, newLedgerEvidence, ledgerRows)
}

// weightedBeforeActivation reports whether a sequence of operations
// ("conv", "BN", "ReLU") is the classic neuron's order: it starts with a
// weighted sum (conv) and every ReLU comes after a conv.
func weightedBeforeActivation(steps []string) bool {
	if len(steps) == 0 || steps[0] != "conv" {
		return false
	}
	for i, s := range steps {
		if s == "ReLU" && !slices.Contains(steps[:i], "conv") {
			return false
		}
	}
	return true
}

// stochasticOutcome reads the stochastic-depth experiment
// (results/stochastic-depth/stochastic-depth.json): Yes when every
// stochastic run's test accuracy beats every full run's (the paper's gain
// shows despite the seed spread). Otherwise Undecided: a 12-block network
// on a few thousand MNIST images is not the depth at which the paper
// finds vanishing gradients (Huang et al. 2016 §4), so a loss here does not
// refute it.
func stochasticOutcome() (claims.Agreement, string, error) {
	rec, err := results.StochasticDepthRecord()
	if err != nil {
		return claims.NotJudged, "", err
	}
	n := rec.Summary()
	lowestSD, highestFull := 1.0, 0.0
	for _, r := range rec.Runs {
		if r.Stochastic {
			lowestSD = min(lowestSD, r.TestAcc)
		} else {
			highestFull = max(highestFull, r.TestAcc)
		}
	}
	text := fmt.Sprintf("results/stochastic-depth/stochastic-depth.json (%d blocks, %s MNIST training images, %d seeds): test accuracy %.2f%% with every block, %.2f%% with stochastic depth; training time per epoch %.0f%% of the full network's",
		rec.Blocks, nn.Comma(int64(rec.TrainImages)), n.Seeds, 100*n.FullAcc, 100*n.SDAcc, 100*n.TimeRatio)
	if lowestSD > highestFull {
		return claims.Yes, text, nil
	}
	return claims.Undecided, text, nil
}

// fractalDoubling is what khanrc/pt.fractalnet's --doubling layout
// (exp-note-kor.md) adds to a FractalNet: in front of every block that
// widens the channels, a 1×1 convolution (no bias) with batch
// normalisation from the input width to the block's, so that the first
// 3×3 convolution of each column reads the block's width instead of the
// input's. Counted on our blocks: the widened blocks' parameters, minus
// the original blocks', plus the 1×1 convolutions and their BN.
func fractalDoubling(cfg FractalConfig) (int64, error) {
	var extra int64
	in := 3
	for b, w := range cfg.Widths {
		if w != in {
			shape := nn.Shape{in, 8, 8}
			orig, err := nn.Analyze(nn.NewFractalBlock(fmt.Sprintf("b%d", b), cfg.Columns, in, w, fractalUnit(0)), shape)
			if err != nil {
				return 0, err
			}
			wide, err := nn.Analyze(nn.NewFractalBlock(fmt.Sprintf("w%d", b), cfg.Columns, w, w, fractalUnit(0)), nn.Shape{w, 8, 8})
			if err != nil {
				return 0, err
			}
			proj, err := nn.Analyze(nn.Seq("proj", nn.NewConv2D("conv", in, w, 1, nn.NoBias()), nn.NewBatchNorm2D("bn", w)), shape)
			if err != nil {
				return 0, err
			}
			extra += wide.Params - orig.Params + proj.Params
		}
		in = w
	}
	return extra, nil
}
