package alexnet

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

const chapter = "alexnet"

// Claims returns the AlexNet entries of the notes' claims ledger. Every
// computed value comes from the models built here and their analysis.
func Claims() []claims.Claim {
	m := AlexNet()
	net := m.Net
	rep := mustAnalyze(net, m.Input)
	merged := mustAnalyze(Merged().Net, m.Input)
	tv := Torchvision()
	tvRep := mustAnalyze(tv.Net, tv.Input)

	conv := func(name string) *nn.Conv2D { return nn.Find(net, "gpu1."+name).(*nn.Conv2D) }
	fc8 := nn.Find(net, "fc8").(*nn.Linear)
	stage1 := net.(*nn.Sequential).Layers[0].(*nn.Parallel)

	// 277 against 227: which sides reach fc6 with its 9,216 inputs.
	fit, exact := Sides(200, 300)
	_, err277 := nn.Analyze(net, nn.Shape{3, 277, 277})
	_, err224 := nn.Analyze(net, nn.Shape{3, 224, 224})

	// conv2…conv5 kernels.
	var kernels []string
	rest3x3 := true
	for _, n := range []string{"conv2", "conv3", "conv4", "conv5"} {
		c := conv(n)
		kernels = append(kernels, fmt.Sprintf("%s %d×%d/%d", n, c.KH, c.KW, c.SH))
		rest3x3 = rest3x3 && c.KH == 3 && c.SH == 1
	}

	// What each max-pool, LRN and dropout follows, and the order of the
	// first stage's layers.
	pools, poolOK := after(net, func(l nn.Module) bool {
		_, ok := l.(*nn.MaxPool2D)
		return ok
	}), true
	nn.Walk(net, func(_ string, l nn.Module) {
		if p, ok := l.(*nn.MaxPool2D); ok {
			poolOK = poolOK && p.KH == 3 && p.SH == 2
		}
	})
	lrns := after(net, func(l nn.Module) bool { _, ok := l.(*nn.LRN); return ok })
	drops := after(net, func(l nn.Module) bool { _, ok := l.(*nn.Dropout); return ok })
	var order []string // the rows' labels, for the claim's text
	var stage []nn.Module
	for _, r := range rep.Rows {
		if strings.HasPrefix(r.Name, "gpu1.") {
			order, stage = append(order, r.Type), append(stage, r.Module)
			if r.Name == "gpu1.pool1" {
				break
			}
		}
	}
	isLRN := func(m nn.Module) bool { _, ok := m.(*nn.LRN); return ok }
	isMaxPool := func(m nn.Module) bool { _, ok := m.(*nn.MaxPool2D); return ok }
	lrnBeforePool := slices.IndexFunc(stage, isLRN) < slices.IndexFunc(stage, isMaxPool)
	dropP := nn.Find(net, "drop6").(*nn.Dropout).P
	lrn := nn.Find(net, "gpu1.norm1").(*nn.LRN)

	// Where the parameters are.
	var fcParams int64
	for _, r := range rep.Rows {
		if _, ok := r.Module.(*nn.Linear); ok {
			fcParams += r.Params
		}
	}
	fcShare := float64(fcParams) / float64(rep.Params)

	exch := Exchanges(net)
	notesExch := []string{"conv3", "conv5", "fc6", "fc7", "fc8"} // fc8 "combines all"

	const man = 10_000 // 만
	literal := int64(20_000 * man)

	q := func(quote string) (int, string) { return claims.LineOf(quote), quote }
	var out []claims.Claim
	add := func(c claims.Claim) { c.Chapter = chapter; out = append(out, c) }

	l, s := q("약 1,400만 개의 이미지")
	add(claims.Claim{ID: "alexnet/imagenet-images", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "ImageNet has about 14 million images",
		SourceQuote: "ImageNet is a dataset of over 15 million labeled high-resolution images belonging to roughly 22,000 categories.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "14,197,122 images in the Fall 2011 release; the paper: over 15 million labeled high-resolution images",
		Source: "image-net.org statistics (Fall 2011 release); Krizhevsky et al. 2012 §2"})

	l, s = q("20000만여개의 카테고리")
	add(claims.Claim{ID: "alexnet/imagenet-categories", Line: l, NotesQuote: s,
		Claimed: "20000만 (read as written: 200 million) categories", Agrees: math.Abs(float64(literal)-21_841) < 0.1*21_841,
		Computed:    fmt.Sprintf("20000만 = 20,000·10⁴ = %s; fc8 classifies %s classes (the ILSVRC subset)", nn.Comma(literal), nn.Comma(int64(fc8.Out))),
		SourceQuote: "ImageNet is a dataset of over 15 million labeled high-resolution images belonging to roughly 22,000 categories.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "roughly 22,000 categories (the paper); 21,841 synsets in the Fall 2011 release; ILSVRC uses 1,000 of them",
		Source: "Krizhevsky et al. 2012 §2; image-net.org statistics; Deng et al. 2009 (the database, 5,247 synsets at the time)",
		Reason: "ImageNet has about 22,000 (2만 2천) categories; 20000만 read as written is 200 million. AlexNet itself is trained on ILSVRC's 1,000 classes"})

	l, s = q("1위를 차지한 최초의 컨볼루션 신경망")
	add(claims.Claim{ID: "alexnet/ilsvrc-2012", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "AlexNet won ILSVRC as the first CNN to do so",
		SourceQuote: "We also entered a variant of this model in the ILSVRC-2012 competition and achieved a winning top-5 test error rate of 15.3%, compared to 26.2% achieved by the second-best entry.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "ILSVRC-2012 winner: top-5 test error 15.3% against 26.2% for the second-best entry",
		Source: "Krizhevsky et al. 2012 §6"})

	l, s = q("2개의 GPU에서 실행되는 병렬처리 구조")
	add(claims.Claim{ID: "alexnet/two-gpus", Line: l, NotesQuote: s,
		Claimed: "two towers, one per GPU", Numeric: true, ClaimedValue: 2, ComputedValue: float64(len(stage1.Branches)),
		Computed:    fmt.Sprintf("%d towers (%s), run concurrently, one per core", len(stage1.Branches), stage1.Branches[0].Name()+", "+stage1.Branches[1].Name()),
		SourceQuote: "Therefore we spread the net across two GPUs.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited: "two GPUs, the net spread across them", Source: "Krizhevsky et al. 2012 §3.2"})

	l, s = q("$277 \\times 277 \\times 3$")
	add(claims.Claim{ID: "alexnet/input-277", Line: l, NotesQuote: s,
		Claimed: "277×277×3 input", Numeric: true, ClaimedValue: 277, ComputedValue: float64(exact[0]),
		Computed: fmt.Sprintf("227: sides %d–%d give fc6 its 9,216 inputs and only %d tiles every window; at 277 %v; at 224 %v",
			fit[0], fit[len(fit)-1], exact[0], err277, err224),
		SourceQuote: "The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3 with a stride of 4 pixels", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "224×224×3 in the text, which the layer arithmetic cannot reach",
		Source: "Krizhevsky et al. 2012 §3.5, Fig. 2",
		Reason: "the arithmetic needs 227: (227−11)/4+1 = 55 maps as Fig. 2 draws; at 277 conv1 gives 67 and fc6 would receive 12,544 values (277 reads as a typo for 227)"})

	l, s = q("그룹별로 48개 컨볼루션 필터")
	add(claims.Claim{ID: "alexnet/conv1-48-per-tower", Line: l, NotesQuote: s,
		Claimed: "48 conv1 filters per group", Numeric: true, ClaimedValue: 48, ComputedValue: float64(conv("conv1").Out),
		Computed:    fmt.Sprintf("gpu1.conv1 and gpu2.conv1 have %d filters each", conv("conv1").Out),
		SourceQuote: "The parallelization scheme that we employ essentially puts half of the kernels (or neurons) on each GPU … The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "96 conv1 kernels (§3.5), half of the kernels on each GPU (§3.2): 48 per GPU, as Fig. 2 draws",
		Source: "Krizhevsky et al. 2012 §3.2, §3.5, Fig. 2"})

	l, s = q("Conv3과 Conv5, FC6, FC7 계층에서 그룹 간 출력을 교환")
	add(claims.Claim{ID: "alexnet/exchange-layers", Line: l, NotesQuote: s,
		Claimed: "the towers exchange at conv3, conv5, fc6, fc7 (and fc8 combines)", Agrees: slices.Equal(exch, notesExch),
		Computed: fmt.Sprintf("layers reading both towers: %s; conv5's kernels are 3×3×%d, its own tower's conv4 maps",
			strings.Join(exch, ", "), conv("conv5").Weight.Shape[1]),
		SourceQuote: "The kernels of the second, fourth, and fifth convolutional layers are connected only to those kernel maps in the previous layer which reside on the same GPU (see Figure 2). The kernels of the third convolutional layer are connected to all kernel maps in the second layer.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "conv2, conv4 and conv5 read their own GPU's maps; conv3 and the fully connected layers read both",
		Source: "Krizhevsky et al. 2012 §3.2, §3.5",
		Reason: "conv5, like conv4, reads only its own tower (3×3×192); the exchanges are conv3, fc6, fc7 and fc8"})

	l, s = q("5~6일 정도 소요")
	add(claims.Claim{ID: "alexnet/training-days", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "5–6 days of training",
		SourceQuote: "We trained the network for roughly 90 cycles through the training set of 1.2 million images, which took five to six days", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "roughly 90 epochs in five to six days on two GTX 580 GPUs",
		Source: "Krizhevsky et al. 2012 §5"})

	l, s = q("8계층 모델")
	add(claims.Claim{ID: "alexnet/eight-layers", Line: l, NotesQuote: s,
		Claimed: "8 layers: 5 conv + 3 fc", Numeric: true, ClaimedValue: 8, ComputedValue: float64(rep.Depth),
		Computed:    fmt.Sprintf("%d weighted layers on the longest path (nn.Report.Depth)", rep.Depth),
		SourceQuote: "the net contains eight layers with weights; the first five are convolutional and the remaining three are fully connected", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524); the hyphen of fully connected differs between copies (files 36978750958: none, 69837587761: fully-connected)",
		Cited:  "eight layers with weights: five convolutional, three fully connected",
		Source: "Krizhevsky et al. 2012 §3.5 (Overall Architecture)"})

	c1 := conv("conv1")
	l, s = q("`11x11, 4` 컨볼루션")
	add(claims.Claim{ID: "alexnet/conv1-11x11-4", Line: l, NotesQuote: s,
		Claimed: "conv1 is 11×11 with stride 4", Agrees: c1.KH == 11 && c1.KW == 11 && c1.SH == 4,
		Computed:    fmt.Sprintf("conv1 %d×%d/%d", c1.KH, c1.KW, c1.SH),
		SourceQuote: "The first convolutional layer filters the 224×224×3 input image with 96 kernels of size 11×11×3 with a stride of 4 pixels", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "96 kernels of 11×11×3, stride 4",
		Source: "Krizhevsky et al. 2012 §3.5"})

	l, s = q("나머지 컨볼루션 계층은 `3x3, 1` 컨볼루션")
	add(claims.Claim{ID: "alexnet/conv2-5x5", Line: l, NotesQuote: s,
		Claimed: "conv2–conv5 are 3×3 with stride 1", Agrees: rest3x3,
		Computed:    strings.Join(kernels, ", "),
		SourceQuote: "The second convolutional layer takes as input the (response-normalized and pooled) output of the first convolutional layer and filters it with 256 kernels of size 5×5×48.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "conv2: 256 kernels of 5×5×48",
		Source: "Krizhevsky et al. 2012 §3.5",
		Reason: "conv2 is 5×5 (padding 2); only conv3, conv4 and conv5 are 3×3"})

	l, s = q("`3x3, 2` 로 맥스 풀링하며 한 픽셀씩 겹치도록")
	add(claims.Claim{ID: "alexnet/overlapping-pool", Line: l, NotesQuote: s,
		Claimed:     "3×3/2 max-pools after conv1, conv2, conv5, overlapping by one pixel",
		Agrees:      poolOK && slices.Equal(pools, []string{"conv1", "conv2", "conv5"}),
		Computed:    fmt.Sprintf("3×3/2 max-pools follow %s: neighbouring windows share 3−2 = 1 row and column", strings.Join(pools, ", ")),
		SourceQuote: "This is what we use throughout our network, with s = 2 and z = 3. This scheme reduces the top-1 and top-5 error rates by 0.4% and 0.3%, respectively", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited: "s = 2, z = 3 throughout: top-1 and top-5 error 0.4% and 0.3% lower than s = z = 2", Source: "Krizhevsky et al. 2012 §3.4"})

	l, s = q("CONV1과 CONV2에서는 지역응답정규화")
	add(claims.Claim{ID: "alexnet/lrn-layers", Line: l, NotesQuote: s,
		Claimed: "LRN after conv1 and conv2", Agrees: slices.Equal(lrns, []string{"conv1", "conv2"}),
		Computed:    fmt.Sprintf("LRN (k=%g, n=%d, α=%g, β=%g) follows %s", lrn.K, lrn.Size, lrn.Alpha, lrn.Beta, strings.Join(lrns, ", ")),
		SourceQuote: "Response-normalization layers follow the first and second convolutional layers.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited: "LRN after conv1 and conv2", Source: "Krizhevsky et al. 2012 §3.5"})

	l, s = q("ReLU의 출력이 무한히 커질 수 있으므로 이를 막기 위한 정규화로 도입")
	add(claims.Claim{ID: "alexnet/lrn-purpose", SourceAgrees: claims.No, Line: l, NotesQuote: s,
		Claimed:     "LRN was introduced to keep unbounded ReLU outputs in check",
		SourceQuote: "ReLUs have the desirable property that they do not require input normalization to prevent them from saturating. … However, we still find that the following local normalization scheme aids generalization. … Response normalization reduces our top-1 and top-5 error rates by 1.4% and 1.2%, respectively.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "LRN aids generalization; ReLUs need no input normalization against saturation; it cut the top-1/top-5 error by 1.4%/1.2%",
		Source: "Krizhevsky et al. 2012 §3.3",
		Reason: "the paper adds LRN for generalization (\"lateral inhibition\"), saying ReLUs need no normalization against saturation"})

	l, s = q("컨볼루션 맥스풀링 정규화 순서")
	add(claims.Claim{ID: "alexnet/conv-relu-lrn-pool", Line: l, NotesQuote: s,
		Claimed: "conv → max-pool → LRN", Agrees: !lrnBeforePool,
		Computed:    "first stage of each tower: " + strings.Join(order, " → "),
		SourceQuote: "Response-normalization layers follow the first and second convolutional layers. Max-pooling layers, of the kind described in Section 3.4, follow both response-normalization layers as well as the fifth convolutional layer.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "LRN follows conv1 and conv2; max-pooling follows both LRN layers and conv5",
		Source: "Krizhevsky et al. 2012 §3.5",
		Reason: "AlexNet normalises before pooling (conv → ReLU → LRN → pool); conv → pool → LRN is ZFNet's order (Zeiler & Fergus 2014, Fig. 3) and CaffeNet's"})

	l, s = q("드랍아웃은 FC6, FC7계층에만")
	add(claims.Claim{ID: "alexnet/dropout-fc6-fc7", Line: l, NotesQuote: s,
		Claimed: "dropout in fc6 and fc7 only", Agrees: slices.Equal(drops, []string{"fc6", "fc7"}),
		Computed:    "dropout follows " + strings.Join(drops, ", "),
		SourceQuote: "We use dropout in the first two fully-connected layers of Figure 2.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited: "dropout in the first two fully connected layers", Source: "Krizhevsky et al. 2012 §4.2"})

	l, s = q("6천200백만 개")
	add(claims.Claim{ID: "alexnet/params-62M", Line: l, NotesQuote: s,
		// The notes give the count under "### 모델구조: 알렉스넷의 병렬처리
		// 구조를 하나의 구조로 합치면" (lines 42–43): the merged network is
		// the quantity they mean, so it is the one compared.
		Claimed: "62 million parameters (6천200백만, meant as 6천2백만) for the merged one-tower AlexNet the notes draw", Numeric: true,
		ClaimedValue: 62e6, ComputedValue: float64(merged.Params), Tolerance: 0.5e6 / float64(merged.Params),
		Computed: fmt.Sprintf("alexnet-merged %s; alexnet (two towers) %s; alexnet-tv %s",
			nn.Comma(merged.Params), nn.Comma(rep.Params), nn.Comma(tvRep.Params)),
		SourceQuote: "The neural network, which has 60 million parameters and 650,000 neurons", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "60 million parameters (the paper, two towers); torchvision 0.14: 61,100,840",
		Source: "Krizhevsky et al. 2012, abstract; torchvision 0.14 (testdata/gen_torchvision.py)",
		Reason: fmt.Sprintf("stated to two figures, 62M means 61.5M–62.5M: the merged one-tower network the notes describe has %.2fM (conv2, conv4 and conv5 read both towers' maps). The paper's two-tower network has %.2fM (\"60 million\")",
			float64(merged.Params)/1e6, float64(rep.Params)/1e6)})

	l, s = q("알렉스넷의 파라미터는 FC계층에 집중")
	add(claims.Claim{ID: "alexnet/params-in-fc", Line: l, NotesQuote: s,
		Claimed: "the parameters sit in the fully connected layers", Agrees: fcShare > 0.5,
		Computed: fmt.Sprintf("fc6–fc8 hold %s of %s parameters (%.1f%%); fc6 alone %.1f%%",
			nn.Comma(fcParams), nn.Comma(rep.Params), 100*fcShare,
			100*float64(rowParams(rep, "fc6"))/float64(rep.Params)),
		Cited:  "fully connected layers hold about 95% of the parameters and 5–10% of the computation, convolutional layers about 5% of the parameters and 90–95% of the computation",
		Source: "Krizhevsky 2014, \"One weird trick for parallelizing convolutional neural networks\" (arXiv:1404.5997)"})

	l, s = q("드롭아웃(p = 0.5)")
	add(claims.Claim{ID: "alexnet/dropout-p", Paper: true, SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed: "dropout probability 0.5", Numeric: true, ClaimedValue: 0.5, ComputedValue: dropP,
		Computed:    fmt.Sprintf("drop6, drop7: p = %g", dropP),
		SourceQuote: "consists of setting to zero the output of each hidden neuron with probability 0.5", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited: "dropout probability 0.5", Source: "Krizhevsky et al. 2012 §4.2"})

	l, s = q("앙상블 (모델 7개)")
	add(claims.Claim{ID: "alexnet/ensemble-7", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "an ensemble of 7 models",
		SourceQuote: "Averaging the predictions of two CNNs that were pre-trained on the entire Fall 2011 release with the aforementioned five CNNs gives an error rate of 15.3%.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "five CNNs plus two pre-trained on the Fall 2011 release: seven, 15.3% top-5 test error",
		Source: "Krizhevsky et al. 2012 §6"})

	l, s = q("- SGD 모멘텀")
	add(claims.Claim{ID: "alexnet/sgd-momentum", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "SGD with momentum",
		SourceQuote: "We trained our models using stochastic gradient descent with a batch size of 128 examples, momentum of 0.9, and weight decay of 0.0005.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "stochastic gradient descent, momentum 0.9, weight decay 0.0005",
		Source: "Krizhevsky et al. 2012 §5"})

	l, s = q("배치크기 128")
	add(claims.Claim{ID: "alexnet/batch-128", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "batch size 128",
		SourceQuote: "We trained our models using stochastic gradient descent with a batch size of 128 examples, momentum of 0.9, and weight decay of 0.0005.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "batch size 128",
		Source: "Krizhevsky et al. 2012 §5"})

	l, s = q("학습률 : $1e-2$")
	add(claims.Claim{ID: "alexnet/lr-0.01", SourceAgrees: claims.Yes, Line: l, NotesQuote: s,
		Claimed:     "learning rate 1e−2",
		SourceQuote: "The learning rate was initialized at 0.01 and reduced three times prior to termination.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "learning rate 0.01, divided by 10 when the validation error stopped improving, three times in all",
		Source: "Krizhevsky et al. 2012 §5"})

	l, s = q("그룹 컨볼루션이란 이름으로 레즈넥스트 모델에 도입")
	add(claims.Claim{ID: "alexnet/grouped-conv-resnext", Line: l, NotesQuote: s, SourceAgrees: claims.Yes,
		Claimed: "AlexNet's split into groups became ResNeXt's grouped convolution, which learns the channel correlations within each group",
		Cited:   "ResNeXt traces grouped convolutions back to AlexNet, whose motivation was to distribute the model over two GPUs; in ResNeXt a grouped convolution implements its aggregated transformations (its Fig. 3c). In AlexNet the two towers learned different features: colour-agnostic kernels on one GPU, colour-specific on the other",
		Source:  "Xie et al. 2017 §2 (Grouped Convolutions), §3.3, Fig. 3; Krizhevsky et al. 2012 §6.1, Fig. 3",
		Reason:  "the variants chapter computes that ResNeXt's block equals a grouped convolution (variants/resnext-grouped)"})

	l, s = q("$L_2$정규화, 데이터 증강")
	add(claims.Claim{ID: "alexnet/l2-augmentation", Line: l, NotesQuote: s, SourceAgrees: claims.Yes,
		Claimed:     "L2 regularisation and data augmentation",
		SourceQuote: "We found that this small amount of weight decay was important for the model to learn. In other words, weight decay here is not merely a regularizer: it reduces the model’s training error.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "weight decay 0.0005, which the paper finds also lowers the training error, not only regularises; augmentation by random 224×224 crops of the 256×256 images with their horizontal reflections, and by altering the RGB intensities along their principal components",
		Source: "Krizhevsky et al. 2012 §4.1, §5"})

	regOK, regText, err := regularisationOutcome()
	if err != nil {
		panic(err)
	}
	l, s = q("등 정규화 기법사용")
	add(claims.Claim{ID: "alexnet/regularisers-help", Line: l, NotesQuote: s, SourceAgrees: claims.Yes,
		Experiment: "results/training-recipe/", Outcome: regOK,
		Claimed:     "dropout, L2 regularisation and data augmentation regularise: the trained network generalises better with them",
		Computed:    regText,
		SourceQuote: "Without this scheme, our network suffers from substantial overfitting, which would have forced us to use much smaller networks. … Without dropout, our network exhibits substantial overfitting.", QuoteKind: claims.Verbatim, CheckedAgainst: "Krizhevsky et al. 2012 (NIPS), https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf, in a stored transcription of its text (search tool, file 17274319524)",
		Cited:  "without dropout the network exhibits substantial overfitting; without data augmentation it suffers from substantial overfitting, which would have forced much smaller networks",
		Source: "Krizhevsky et al. 2012 §4 (Reducing Overfitting), §4.1, §4.2",
		Reason: "at this scale the experiment does not decide: on a small network trained briefly on a few thousand MNIST images none of the three raises the test accuracy beyond the seed-to-seed spread, and dropout lowers it; AlexNet's 60 million parameters on 1.2 million images overfit in a way this run does not, so it cannot refute the paper"})
	return out
}

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

func mustAnalyze(m nn.Module, in nn.Shape) *nn.Report {
	r, err := nn.Analyze(m, in)
	if err != nil {
		panic(fmt.Sprintf("alexnet: %s: %v", m.Name(), err))
	}
	return r
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
