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

// claim fills the fields every entry shares: the chapter, and the line
// of the notes holding the quote, searched from the ResNet section on
// (the training lists of earlier sections repeat some phrases, such as
// "SGD 모멘텀").
func claim(c claims.Claim) claims.Claim {
	c.Chapter = "resnet"
	if c.Line == 0 {
		c.Line = lineInSection(c.NotesQuote)
	}
	return c
}

// section is the heading of the notes' ResNet section.
const section = "# 6. ResNet"

// lineInSection is the 1-based line of the first occurrence of quote at or
// after the ResNet heading, or 0.
func lineInSection(quote string) int {
	start := claims.LineOf(section)
	for i, l := range strings.Split(claims.Notes, "\n") {
		if i+1 >= start && strings.Contains(l, quote) {
			return i + 1
		}
	}
	return 0
}

// Claims is the chapter's part of the notes' claims ledger. Every Computed
// value comes from analysing (or, for two entries, running) this package's
// models; cited values name their source.
func Claims() []claims.Claim {
	// The models the entries are computed from.
	imagenet := map[int]*nn.Model{}
	reports := map[int]*nn.Report{}
	for _, a := range Table1 {
		imagenet[a.Depth] = ImageNet(a.Depth, StrideAt1x1)
		reports[a.Depth] = imagenet[a.Depth].MustAnalyze()
	}
	r110 := CIFAR(110, true).MustAnalyze()
	m1202 := CIFAR(1202, true)
	r1202 := m1202.MustAnalyze()
	plain56 := CIFAR(56, false).MustAnalyze()

	type built struct {
		name string
		m    *nn.Model
		r    *nn.Report
	}
	var all []built
	for _, e := range Models() {
		m := e.Build()
		all = append(all, built{e.Name, m, m.MustAnalyze()})
	}

	var out []claims.Claim

	// §6 opening: 152 layers.
	out = append(out, claim(claims.Claim{
		ID: "resnet/depth-152", NotesQuote: "레즈넷은 152계층의 매우 깊은 신경망이다",
		Claimed:  "152 layers",
		Computed: fmt.Sprintf("resnet152: %d weighted layers on the longest path (nn.Analyze Depth)", reports[152].Depth),
		Cited:    "152 layers", Source: "He et al. 2016 Table 1",
		Numeric: true, ClaimedValue: 152, ComputedValue: float64(reports[152].Depth),
		Reason: "Depth counts conv1, 3 convolutions in each of the 3+8+36+3 = 50 bottleneck blocks, and fc: 1 + 150 + 1; the projection shortcuts lie on shorter paths.",
	}))

	// 1202 layers on CIFAR-10 "without performance loss".
	t110, t1202 := Table6Of(110), Table6Of(1202)
	out = append(out, claim(claims.Claim{
		ID: "resnet/cifar-1202-depth", NotesQuote: "1202계층까지 구성된다",
		Claimed: "1202 layers",
		Computed: fmt.Sprintf("resnet1202 (n = 200): depth %d, %s parameters (%.1fM)",
			r1202.Depth, nn.Comma(r1202.Params), float64(r1202.Params)/1e6),
		Cited: "1202 layers, 19.4M parameters", Source: "He et al. 2016 §4.2 and Table 6",
		Numeric: true, ClaimedValue: 1202, ComputedValue: float64(r1202.Depth),
		Reason: "6n+2 with n = 200: conv1, 2 convolutions in each of 3·200 blocks, fc.",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/cifar-1202-no-loss", NotesQuote: "성능 손실없이",
		Claimed: "1202 layers without loss of performance",
		Computed: fmt.Sprintf("resnet1202: depth %d, %s parameters, %.1f× resnet110's %s; Table 6 error %.2f%% at %d layers vs %.2f%% at %d",
			r1202.Depth, nn.Comma(r1202.Params), float64(r1202.Params)/float64(r110.Params), nn.Comma(r110.Params),
			t1202.Error, t1202.Depth, t110.Error, t110.Depth),
		Cited:  fmt.Sprintf("test error %.2f%% (1202 layers) vs %.2f%% (110 layers)", t1202.Error, t110.Error),
		Source: "He et al. 2016 §4.2 \"Exploring Over 1000 layers\" and Table 6",
		Agrees: t1202.Error <= t110.Error,
		Reason: "The 1202-layer network trains without optimisation difficulty (training error below 0.1%), but its test error is worse than the 110-layer network's; §4.2 attributes the gap to overfitting of a network that is needlessly large for this small data set. Depth without optimisation difficulty, yes; without performance loss, no.",
	}))

	// §6.1: the degradation experiment.
	degOK, degText, err := degradationOutcome()
	if err != nil {
		panic(err)
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/degradation-both-errors", SourceAgrees: claims.Yes, Experiment: "results/degradation/", Outcome: degOK, NotesQuote: "실험 결과 훈련 결과와 테스트 오류 둘다 증가하는 현상이 나타났다",
		Claimed:  "the 56-layer plain net has higher training and test error than the 20-layer one",
		Computed: degText,
		Cited:    "56-layer plain net: higher training error and higher test error than 20-layer (CIFAR-10)",
		Source:   "He et al. 2016 §1, Fig. 1; §4.2, Fig. 6 (left)",
		Reason:   "the degradation experiment on MNIST repeats Fig. 1 at a smaller scale: the deeper plain network ends with the higher training loss and the lower test accuracy, at every seed",
	}))
	convs, withBN := ConvsFollowedByBN(plain56)
	grads, err := ConvGradNorms(CIFAR(56, false).Net, nn.Shape{3, 8, 8}, 8, 2016)
	if err != nil {
		panic(err)
	}
	first, last := grads[0], grads[len(grads)-1]
	ratio := first.Norm / last.Norm
	out = append(out, claim(claims.Claim{
		ID: "resnet/degradation-vanishing", NotesQuote: "신경망이 깊어지면서 그래디언트 소실이 발생했다고 주장함",
		Claimed: "the deeper net degrades because gradients vanish",
		Computed: fmt.Sprintf("plain56: %d of %d convolutions feed a BatchNorm; at He initialisation (one training pass, batch 8 of 3×8×8) ‖∂L/∂W‖ is about %s at %s and %s at %s: about %s× larger at the input end",
			withBN, convs, claims.OneFigure(first.Norm), first.Name, claims.OneFigure(last.Norm), last.Name, claims.Decade(ratio)),
		SourceQuote: "We argue that this optimization difficulty is unlikely to be caused by vanishing gradients. These plain networks are trained with BN [16], which ensures forward propagated signals to have non-zero variances. We also verify that the backward propagated gradients exhibit healthy norms with BN.", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "not vanishing gradients: with BN neither forward signals nor backward gradients vanish",
		Source: "He et al. 2016 §4.1 (Plain Networks)",
		Agrees: ratio < 0.1, // vanishing: the first layer's gradient an order of magnitude below the last's
		Reason: "The paper argues the opposite: with BN after every convolution neither forward nor backward signals vanish, and it conjectures that deep plain nets have exponentially low convergence rates instead. Measured here at initialisation, plain56's gradient does not vanish toward the input but grows (Yang et al. 2019, \"A Mean Field Theory of Batch Normalization\", explain this growth as a property of BN); TestPlainGradientNorms repeats the measurement on plain20 and plain56 and their residual twins.",
	}))

	// §6.1: the construction that motivates residual learning, run.
	res, err := IdentityEvidence(20, 56, true, 8, 2016)
	if err != nil {
		panic(err)
	}
	plain, err := IdentityEvidence(20, 56, false, 8, 2016)
	if err != nil {
		panic(err)
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/identity-construction", NotesQuote: "최소한 얕은 모델만큼은 성능을 보장할 수 있다",
		Claimed: "a deeper net made of a trained shallow net plus identity layers is at least as good as the shallow net",
		Computed: fmt.Sprintf("%s's weights in %s, its %d added blocks zeroed (Embed): max |y₅₆ − y₂₀| = %g on a random image; the same surgery on %s gives %s an output that no longer depends on its input (%v)",
			res.Shallow, res.Deep, res.Zeroed, res.OutDiff, plain.Shallow, plain.Deep, !plain.InputMatters),
		SourceQuote: "There exists a solution by construction to the deeper model: the added layers are identity mapping, and the other layers are copied from the learned shallower model. The existence of this constructed solution indicates that a deeper model should produce no higher training error than its shallower counterpart.", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "a deeper model built from a shallower one plus identity layers should have no higher training error",
		Source: "He et al. 2016 §1",
		Agrees: res.Zeroed > 0 && res.OutDiff == 0,
		Reason: "In a residual block the identity costs nothing: zero the branch's last BN and the block computes ReLU(x + 0) = x. A plain block has no such setting short of learning an identity through its convolutions, which is the optimisation difficulty the paper describes.",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/identity-gradient", NotesQuote: "입력을 그대로 출력하고 그래디언트도 그대로 전달",
		Claimed: "an identity layer passes the input and the gradient through unchanged",
		Computed: fmt.Sprintf("%s with its %d added blocks as identities: max |∂L/∂x₅₆ − ∂L/∂x₂₀| = %g (L = Σ y, gradients up to %.3g); after the same surgery %s's input gradient is at most %g (%s's up to %.3g)",
			res.Deep, res.Zeroed, res.GradDiff, res.GradMax, plain.Deep, plain.DeepGradMax, plain.Shallow, plain.GradMax),
		Cited:  "identity shortcuts add neither parameters nor computation (§3.2); through identity mappings the gradient of a deep unit reaches any shallower unit directly, the term ∂E/∂x_L of Eq. 5, whatever the weights",
		Source: "He et al. 2016 §3.2; He et al. 2016b (Identity Mappings in Deep Residual Networks) §3, Eq. 5",
		Agrees: res.GradDiff == 0 && res.GradMax > 0,
	}))

	// §6.2: 2^n paths and the "ensemble" reading.
	allPow2, n110 := true, ResidualBlocks(CIFAR(110, true).Net)
	for _, b := range all {
		if b.r.PathCount().Cmp(pow2(ResidualBlocks(b.m.Net))) != 0 {
			allPow2 = false
		}
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/paths-2n", NotesQuote: "N개의 블록이 존재하면 경로는 $2^n$",
		Claimed: "n blocks give 2^n paths",
		Computed: fmt.Sprintf("paths = 2^(residual blocks) in all %d models of the chapter; resnet110: %d blocks, %s paths; resnet1202: %d blocks, a %d-digit count",
			len(all), n110, commaBig(r110.PathCount()), ResidualBlocks(m1202.Net), len(r1202.PathCount().String())),
		Agrees: allPow2,
		Cited:  "a network of n residual blocks with identity shortcuts unravels into 2^n paths, C(n, k) of them through k blocks (a binomial distribution of path lengths)",
		Source: "Veit, Wilber & Belongie 2016 §3 (the unraveled view, Fig. 1) and §5 (the distribution of path lengths)",
		Reason: "nn.Analyze counts paths as a polynomial: a residual block adds its branch's paths to its shortcut's (×2), a sequence multiplies.",
	}))
	diff, paths, det := Unravel(3, 4, 2016)
	out = append(out, claim(claims.Claim{
		ID: "resnet/ensemble-one-path-per-run", NotesQuote: "모델을 실행할 때마다 매번 입력데이터가 다른 경로로 갈 수 있으므로",
		Claimed: "each run sends the input along a different path",
		Computed: fmt.Sprintf("3 residual blocks with linear branches: two eval runs identical: %v; output = sum of all %d path outputs (max difference below %s)",
			det, paths, claims.Below(diff)),
		Cited:  "a residual network is a collection of paths that all contribute to every output; it behaves like an ensemble of these paths",
		Source: "Veit, Wilber & Belongie 2016, the unraveled view (§3) and the lesion study (§4)",
		Agrees: !(det && diff < 1e-4),
		Reason: "Nothing is sampled in a ResNet: every forward pass sends the input along all 2^n paths at once and sums them (exact for linear branches, computed here). The ensemble-like behaviour Veit et al. measure is that of this fixed sum: deleting a block at test time removes half the paths and changes the error little. A different path on each run is stochastic depth (Huang et al. 2016), a training method.",
	}))

	lesOK, lesText, err := lesionOutcome()
	if err != nil {
		panic(err)
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/ensemble-lesion", SourceAgrees: claims.Yes, Experiment: "results/lesion/", Outcome: lesOK, NotesQuote: "여러 모델을 실행하는 것과 같은 앙상블 효과가 있다",
		Claimed:  "a ResNet behaves like an ensemble of models",
		Computed: lesText,
		Cited:    "removing single layers from residual networks at test time does not noticeably affect their performance, while removing a layer from a plain (VGG) network drops it to chance; residual networks behave like ensembles of relatively shallow networks",
		Source:   "Veit, Wilber & Belongie 2016, \"Residual Networks Behave Like Ensembles of Relatively Shallow Networks\", §4 (lesion study), Fig. 3",
		Reason:   "the lesion experiment on MNIST deletes one block at a time at test time: the residual network loses a few points, its plain twin falls toward chance, as Veit et al. found on CIFAR-10 and ImageNet",
	}))

	// §6.3: the five models, stem, head, bottlenecks.
	var depths []int
	for _, a := range Table1 {
		depths = append(depths, reports[a.Depth].Depth)
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/five-models", NotesQuote: "18계층부터 34계층, 50계층, 101계층, 152계층까지 5가지 모델로 구성된다",
		Claimed:  "5 models of 18, 34, 50, 101, 152 layers",
		Computed: fmt.Sprintf("Table 1 networks built by ImageNet: depths %v (nn.Analyze)", depths),
		Agrees:   slices.Equal(depths, []int{18, 34, 50, 101, 152}),
		Cited:    "Table 1 columns: 18-layer, 34-layer, 50-layer, 101-layer, 152-layer",
		Source:   "He et al. 2016 Table 1",
	}))
	stem := imagenet[50].Net.(*nn.Sequential).Layers[0].(*nn.Conv2D)
	out = append(out, claim(claims.Claim{
		ID: "resnet/stem-7x7", NotesQuote: "$7\\times7$컨볼루션 계층으로 구성",
		Claimed: "the stem is a 7×7 convolution",
		Computed: fmt.Sprintf("%s: %d×%d, %d filters, stride %d → %v; then %s %v",
			reports[50].Rows[0].Name, stem.KH, stem.KW, stem.Out, stem.SH, reports[50].Rows[0].Out, reports[50].Rows[3].Name, reports[50].Rows[3].Out),
		Agrees: stem.KH == 7 && stem.KW == 7,
		Cited:  "Table 1, conv1 (output 112×112): 7×7, 64, stride 2",
		Source: "He et al. 2016 Table 1",
		Reason: "Table 1's conv1 is 7×7, 64, stride 2; the 3×3/2 max pool after it is listed at the head of conv2_x.",
	}))
	allGAP := true
	for _, a := range Table1 {
		h := HeadOf(reports[a.Depth])
		allGAP = allGAP && h.GAPSingleFC() && h.Linears[0].Out[0] == 1000
	}
	h50 := HeadOf(reports[50])
	out = append(out, claim(claims.Claim{
		ID: "resnet/gap-fc1000", NotesQuote: "FC계층은 클래스 출력을 위한 FC1000계층만 존재",
		Claimed: "global average pooling, then a single FC1000",
		Computed: fmt.Sprintf("all 5 Table 1 networks end in one Linear fed by a global average pool; resnet50: %s %v → %s %v",
			h50.Feed.Name, h50.Feed.Out, h50.Linears[0].Name, h50.Linears[0].Out),
		Agrees:      allGAP,
		SourceQuote: "The network ends with a global average pooling layer and a 1000-way fully-connected layer with softmax.", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "Table 1, last row of every column: average pool, 1000-d fc, softmax",
		Source: "He et al. 2016 Table 1, §3.3",
	}))
	vgg, err := nn.Analyze(VGGStyleHead(2048, 7, 1000), nn.Shape{2048, 7, 7})
	if err != nil {
		panic(err)
	}
	gapHead := h50.Linears[0].Params
	out = append(out, claim(claims.Claim{
		ID: "resnet/gap-fewer-params", NotesQuote: "전역 평균 풀링을 사용해서 파라미터 수를 대폭 줄임",
		Claimed: "global average pooling instead of FC layers cuts the parameters sharply",
		Computed: fmt.Sprintf("resnet50's head (avgpool + fc): %s parameters; a VGG-style head on its 2048×7×7 map (fc 4096, 4096, 1000): %s, %.0f× more, %.0f× the %s of the whole resnet50",
			nn.Comma(gapHead), nn.Comma(vgg.Params), float64(vgg.Params)/float64(gapHead), float64(vgg.Params)/float64(reports[50].Params), nn.Comma(reports[50].Params)),
		Agrees:      vgg.Params > 10*gapHead,
		SourceQuote: "global average pooling has no parameter to optimize thus overfitting is avoided at this layer", QuoteKind: claims.Paraphrase,
		Cited:  "global average pooling has no parameter to optimize, so overfitting is avoided at this layer (Network in Network); VGG's three fully connected layers hold 123.6M of its 138.4M parameters (torchvision vgg16)",
		Source: "Lin, Chen & Yan 2014 §3.2; torchvision 0.14 vgg16 (chapters/vgg/testdata)",
	}))
	bottleneckDepths := []int{}
	for _, a := range Table1 {
		if nn.Find(imagenet[a.Depth].Net, "layer1.0.conv3") != nil {
			bottleneckDepths = append(bottleneckDepths, a.Depth)
		}
	}
	// He et al. 2016 Fig. 5: a bottleneck block on 256 channels against the
	// basic block on 64 channels ("similar time complexity") and a basic
	// block at the bottleneck's full width; all at conv2_x's 56×56.
	bneck := mustMACs(Bottleneck("b", 256, 64, 256, 1, false, 1), nn.Shape{256, 56, 56})
	basic64 := mustMACs(BasicBlock("b", 64, 64, 1, ShortcutB), nn.Shape{64, 56, 56})
	basic256 := mustMACs(BasicBlock("b", 256, 256, 1, ShortcutB), nn.Shape{256, 56, 56})
	out = append(out, claim(claims.Claim{
		ID: "resnet/bottleneck-50", NotesQuote: "50계층 이상인 경우 계산효율을 위해 병목계층을 추가한 레즈블록을 사용한다",
		Claimed: "from 50 layers on, bottleneck blocks for efficiency",
		Computed: fmt.Sprintf("bottleneck blocks in the networks of depth %v; at 56×56 a 256-d bottleneck block costs %s MACs, a 64-d basic block %s, a 256-d basic block %s (%.1f×)",
			bottleneckDepths, nn.Comma(bneck), nn.Comma(basic64), nn.Comma(basic256), float64(basic256)/float64(bneck)),
		Agrees:      slices.Equal(bottleneckDepths, []int{50, 101, 152}) && bneck < basic256 && bneck <= basic64,
		SourceQuote: "Because of concerns on the training time that we can afford, we modify the building block as a bottleneck design", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "a bottleneck block for training time; the 256-d bottleneck and the 64-d basic block of Fig. 5 have similar time complexity; Table 1 uses bottlenecks in the 50-, 101- and 152-layer columns",
		Source: "He et al. 2016 §4.1 \"Deeper Bottleneck Architectures\", Fig. 5, Table 1",
	}))
	chans := nn.Find(imagenet[50].Net, "layer4.2.conv3").(*nn.Conv2D).Out
	out = append(out, claim(claims.Claim{
		ID: "resnet/gap-vector-size", NotesQuote: "축소된 1차원 벡터의 크기는 채널수와 같다",
		Claimed:     "the pooled vector has one entry per channel",
		Computed:    fmt.Sprintf("resnet50: layer4 ends in %d channels; avgpool gives %v", chans, h50.Feed.Out),
		Agrees:      h50.Feed.Out.Elems() == int64(chans),
		SourceQuote: "take the average of each feature map, and the resulting vector is fed directly into the softmax layer", QuoteKind: claims.Paraphrase,
		Cited:  "global average pooling takes the average of each feature map, one value per map; Table 1: average pool after conv5_x, whose last layer has 2048 filters (50-, 101-, 152-layer)",
		Source: "Lin, Chen & Yan 2014 §3.2; He et al. 2016 Table 1",
	}))

	// §6.4: training.
	totalConvs, totalBN := 0, 0
	for _, b := range all {
		c, f := ConvsFollowedByBN(b.r)
		totalConvs += c
		totalBN += f
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/bn-after-conv", NotesQuote: "컨볼루션 연산 뒤 항상 배치 정규화",
		Claimed:     "BatchNorm after every convolution",
		Computed:    fmt.Sprintf("%s of %s convolutions in the chapter's %d models feed a BatchNorm", nn.Comma(int64(totalBN)), nn.Comma(int64(totalConvs)), len(all)),
		Agrees:      totalBN == totalConvs,
		SourceQuote: "We adopt batch normalization (BN) [16] right after each convolution and before activation, following [16].", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "BN right after each convolution, before the activation",
		Source: "He et al. 2016 §3.4",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/l2-augmentation", SourceAgrees: claims.Yes, NotesQuote: "정규화 기법 :$L_2$와 데이터 확장",
		Claimed: "L2 regularisation and data augmentation",
		Cited:   "weight decay 0.0001 (an L2 penalty); scale augmentation (shorter side sampled in [256, 480]), random 224×224 crops and horizontal flips, per-pixel mean subtraction, standard colour augmentation; no dropout",
		Source:  "He et al. 2016 §3.4",
	}))
	var acts []string
	var inits []nn.Init
	for _, b := range all {
		a, i := ActivationsAndInits(b.m.Net)
		acts, inits = union(acts, a), union(inits, i)
	}
	out = append(out, claim(claims.Claim{
		ID: "resnet/relu-he", Paper: true, SourceAgrees: claims.Yes, NotesQuote: "ReLU, He 초기화",
		Claimed:     "ReLU activations, He initialisation",
		Computed:    fmt.Sprintf("activations in the chapter's models: %s; conv weight inits: %s", strings.Join(acts, ", "), initNames(inits)),
		Agrees:      slices.Equal(acts, []string{"ReLU"}) && slices.Equal(inits, []nn.Init{nn.InitHe}),
		SourceQuote: "We adopt batch normalization (BN) [16] right after each convolution and before activation, following [16]. We initialize the weights as in [13] and train all plain/residual nets from scratch.", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "weights initialised as in He et al. 2015 (the ReLU-aware initialisation); BN after each convolution, before the activation, the activation being ReLU",
		Source: "He et al. 2016 §3.4; He et al. 2015 (Delving Deep into Rectifiers) §2.2",
		Reason: "nn.InitHe draws N(0, 2/fan_in), He et al. 2015's forward form; torchvision's ResNet uses the fan-out form, which that paper (§2.2) shows works as well.",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/sgd-momentum", SourceAgrees: claims.Yes, NotesQuote: "SGD 모멘텀",
		Claimed: "SGD with momentum",
		Cited:   "SGD, momentum 0.9",
		Source:  "He et al. 2016 §3.4",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/batch-256", SourceAgrees: claims.Yes, NotesQuote: "배치 크기 : 256",
		Claimed: "batch size 256",
		Cited:   "mini-batch size of 256 on ImageNet (§3.4); 128 on CIFAR-10 (§4.2)",
		Source:  "He et al. 2016 §3.4, §4.2",
	}))
	r1, r2 := SGDRates(0.1, 0.9, 1e-3, 1, 2)
	out = append(out, claim(claims.Claim{
		ID: "resnet/adaptive-lr", NotesQuote: "학습률 : 적응형 학습률",
		Claimed: "an adaptive learning rate",
		Computed: fmt.Sprintf("nn.SGD (lr 0.1, momentum 0.9), 2 steps: weights with gradients 0.001 and 1 moved %.4g× and %.4g× their gradient — one rate for every weight",
			r1, r2),
		SourceQuote: "The learning rate starts from 0.1 and is divided by 10 when the error plateaus", QuoteKind: claims.Verbatim, CheckedAgainst: "He et al. 2016, https://arxiv.org/abs/1512.03385, in stored transcriptions (search tool, files 69175893683, 3049506720)",
		Cited:  "one global learning rate, 0.1, divided by 10 when the error plateaus; SGD with momentum 0.9 (CIFAR-10: 0.1, divided by 10 at 32k and 48k iterations)",
		Source: "He et al. 2016 §3.4, §4.2",
		Agrees: math.Abs(r1-r2) > 0.01*math.Max(r1, r2),
		Reason: "An adaptive learning-rate method (AdaGrad, RMSprop, Adam) scales each weight's step by its own gradient history. The paper uses plain SGD with momentum, which gives every weight the same rate (computed), on a step schedule: 0.1, divided by 10 when the error plateaus. The plateau rule adapts the one global rate by hand, not per weight.",
	}))

	out = append(out, claim(claims.Claim{
		ID: "resnet/network-in-network", NotesQuote: "_Network in Network(NIN)_ 구조로 설계", SourceAgrees: claims.Undecided,
		Claimed: "ResNet, like GoogLeNet, is a network-in-network (NIN) design",
		Cited:   "the ResNet paper presents residual learning and a VGG-style plain baseline; it does not describe itself as network-in-network. GoogLeNet's paper builds on Lin et al.'s NIN explicitly",
		Source:  "He et al. 2016 §3, §4.1; Szegedy et al. 2015 §2; Lin et al. 2013",
		Reason:  "the term is used loosely: ResNet stacks residual modules as NIN stacks micro-networks, and keeps NIN's global-average-pooling head, but its authors do not call it NIN; the sources do not settle whether the label fits",
	}))
	out = append(out, claim(claims.Claim{
		ID: "resnet/residual-algebra", NotesQuote: "$H(x) = F(x) + x$", Last: claims.LineOf("잔차 $F(x) = H(x) - x$를 학습한다"), SourceAgrees: claims.Yes,
		Claimed: "the block outputs H(x) = F(x) + x, so the learning path learns the residual F(x) = H(x) − x",
		Cited:   "the stacked layers are let to fit F(x) := H(x) − x and the original mapping is recast into F(x) + x (§1, §3.1); a building block is y = F(x, {W_i}) + x (Eq. 1), followed by a ReLU (Fig. 2)",
		Source:  "He et al. 2016 §1, §3.1, §3.2 Eq. 1, Fig. 2",
		Reason:  "in the original block the sum passes a second ReLU, so the block outputs ReLU(F(x) + x); H(x) = F(x) + x holds before it (the pre-activation block of the variants chapter makes it exact)",
	}))
	return out
}

// mustMACs is the MACs of one module at one input.
func mustMACs(m nn.Module, in nn.Shape) int64 {
	r, err := nn.Analyze(m, in)
	if err != nil {
		panic(err)
	}
	return r.MACs
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
