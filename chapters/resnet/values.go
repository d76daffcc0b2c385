package resnet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// chapter's models and their analysis (`book:value resnet/NAME`). Table 1's
// and Table 6's printed figures come from the tables the tests check the
// models against (Table1, Table6).
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "resnet/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }
	analyze := func(m *nn.Model) (*nn.Report, error) {
		r, err := m.Analyze()
		if err != nil {
			return nil, fmt.Errorf("resnet values: %s: %w", m.Name, err)
		}
		return r, nil
	}
	// macsUnder sums the MACs of the rows under a module path.
	macsUnder := func(r *nn.Report, prefix string) int64 {
		var s int64
		for _, row := range r.Rows {
			if strings.HasPrefix(row.Name, prefix+".") {
				s += row.MACs
			}
		}
		return s
	}

	// The ImageNet models of Table 1.
	paper := map[int]*nn.Report{}
	var ours, printed, params []string
	for _, a := range Table1 {
		r, err := analyze(ImageNet(a.Depth, StrideAt1x1))
		if err != nil {
			return nil, err
		}
		paper[a.Depth] = r
		ours = append(ours, fmt.Sprintf("%.2f", float64(r.MACs)/1e9))
		printed = append(printed, fmt.Sprintf("%.1f", a.FLOPs/1e9))
		params = append(params, nn.Comma(r.Params))
		add(fmt.Sprintf("resnet%d-depth", a.Depth), fmt.Sprint(r.Depth), fmt.Sprintf("nn.Analyze(resnet%d).Depth", a.Depth))
		add(fmt.Sprintf("resnet%d-params", a.Depth), nn.Comma(r.Params), fmt.Sprintf("nn.Analyze(resnet%d).Params", a.Depth))
	}
	add("table1-macs", strings.Join(ours, ", "), "nn.Analyze MACs of resnet18 … resnet152 (paper stride placement), ×10⁹")
	add("table1-flops", strings.Join(printed, ", "), "He et al. 2016 Table 1, \"FLOPs\" row (resnet.Table1), ×10⁹")
	add("imagenet-params", strings.Join(params, ", "), "nn.Analyze Params of resnet18 … resnet152 (= torchvision 0.14, TestImageNetCounts)")
	a152, _ := ArchOf(152)
	var blocks []string
	nb := 0
	for _, b := range a152.Blocks {
		blocks = append(blocks, fmt.Sprint(b))
		nb += b
	}
	add("resnet152-blocks", strings.Join(blocks, "+")+" = "+fmt.Sprint(nb), "Table1: blocks of conv2_x … conv5_x in the 152-layer column")

	add("input", fmt.Sprintf("%d×%d", paper[50].Input[1], paper[50].Input[2]), "resnet50's input")
	var widths []string
	for i := 1; i <= 4; i++ {
		c := nn.Find(ImageNet(34, StrideAt1x1).Net, fmt.Sprintf("layer%d.0.conv1", i)).(*nn.Conv2D)
		widths = append(widths, fmt.Sprint(c.Out))
	}
	add("stage-widths", strings.Join(widths, ", "), "resnet34: output channels of layer1 … layer4")
	add("vgg-fc-width", fmt.Sprint(nn.Find(VGGStyleHead(2048, 7, 1000), "fc6").(*nn.Linear).Out), "VGGStyleHead's fc6 units")
	add("bottleneck-channels", fmt.Sprint(nn.Find(ImageNet(50, StrideAt1x1).Net, "layer1.1.conv3").(*nn.Conv2D).Out), "resnet50 layer1.1.conv3's output channels")

	// Fig. 5: a 256-d bottleneck block and a 64-d basic block at 56×56,
	// read off the second block of layer1 in resnet50 and resnet34; a basic
	// block as wide as the bottleneck's ends costs (256/64)² as much.
	r34 := paper[34]
	bneck := macsUnder(paper[50], "layer1.1")
	basic64 := macsUnder(r34, "layer1.1")
	basic256 := basic64 * (256 / 64) * (256 / 64)
	num("bottleneck-macs", bneck, "nn.Analyze(resnet50): MACs under layer1.1 (256-d bottleneck at 56×56)")
	num("basic64-macs", basic64, "nn.Analyze(resnet34): MACs under layer1.1 (64-d basic block at 56×56)")
	add("basic256-ratio", fmt.Sprintf("%.1f", float64(basic256)/float64(bneck)), "a 256-d basic block (16 × the 64-d one's MACs) ÷ the bottleneck's")

	// Stride placement: the paper's and torchvision's v1.5.
	tv50, err := analyze(ImageNet(50, StrideAt3x3))
	if err != nil {
		return nil, err
	}
	r50 := paper[50]
	num("v15-extra-macs", tv50.MACs-r50.MACs, "nn.Analyze MACs: resnet50-tv − resnet50")
	add("resnet50-tv-gmacs", fmt.Sprintf("%.2f", float64(tv50.MACs)/1e9), "nn.Analyze(resnet50-tv).MACs ×10⁹")
	add("resnet50-rf", fmt.Sprint(r50.RF.Size), "nn.Analyze(resnet50).RF.Size at the global pool")
	add("resnet50-tv-rf", fmt.Sprint(tv50.RF.Size), "nn.Analyze(resnet50-tv).RF.Size at the global pool")
	add("v15-rf-loss", fmt.Sprint(r50.RF.Size-tv50.RF.Size), "resnet50 RF − resnet50-tv RF")

	// The head: global average pool + fc against a VGG-style head.
	h := HeadOf(r50)
	vggHead, err := nn.Analyze(VGGStyleHead(2048, 7, 1000), nn.Shape{2048, 7, 7})
	if err != nil {
		return nil, err
	}
	num("head-params", h.Linears[0].Params, "nn.Analyze(resnet50), row fc")
	num("vgg-head-params", vggHead.Params, "nn.Analyze(VGGStyleHead(2048, 7, 1000))")
	add("vgg-head-ratio", fmt.Sprintf("%.0f", float64(vggHead.Params)/float64(r50.Params)), "VGG-style head ÷ all of resnet50's parameters")
	add("gap-channels", fmt.Sprint(h.Feed.Out[0]), "nn.Analyze(resnet50): channels at the global pool")

	// CIFAR-10 (§4.2, Table 6).
	cifar := map[int]*nn.Report{}
	for _, d := range CIFARDepths {
		r, err := analyze(CIFAR(d, true))
		if err != nil {
			return nil, err
		}
		cifar[d] = r
		num(fmt.Sprintf("resnet%d-params", d), r.Params, fmt.Sprintf("nn.Analyze(resnet%d).Params (CIFAR-10)", d))
		row := Table6Of(d)
		add(fmt.Sprintf("resnet%d-table6-params", d), fmt.Sprintf("%.*fM", row.Decimal, row.ParamsM), "He et al. 2016 Table 6 \"# params\" (resnet.Table6)")
		add(fmt.Sprintf("resnet%d-error", d), fmt.Sprintf("%.2f%%", row.Error), "He et al. 2016 Table 6 \"error (%)\" (resnet.Table6)")
	}
	add("resnet1202-depth", fmt.Sprint(cifar[1202].Depth), "nn.Analyze(resnet1202).Depth")
	add("resnet1202-vs-110", fmt.Sprintf("%.1f", float64(cifar[1202].Params)/float64(cifar[110].Params)), "resnet1202 ÷ resnet110 parameters")
	embedded := ResidualBlocks(CIFAR(56, true).Net) - ResidualBlocks(CIFAR(20, true).Net)
	add("embed-blocks", fmt.Sprint(embedded), "residual blocks of resnet56 − resnet20")

	// Paths (Veit et al. 2016).
	n110 := ResidualBlocks(CIFAR(110, true).Net)
	n1202 := ResidualBlocks(CIFAR(1202, true).Net)
	add("resnet110-blocks", fmt.Sprint(n110), "residual blocks of resnet110")
	add("resnet110-paths", commaBig(cifar[110].PathCount()), "nn.Analyze(resnet110).PathCount()")
	add("resnet1202-blocks", fmt.Sprint(n1202), "residual blocks of resnet1202")
	add("resnet1202-path-digits", fmt.Sprint(len(cifar[1202].PathCount().String())), "decimal digits of nn.Analyze(resnet1202).PathCount()")
	lengths, err := BlockLengths(cifar[110].Paths, 2, 2)
	if err != nil {
		return nil, err
	}
	add("resnet110-share", fmt.Sprintf("%.1f%%", 100*Share(lengths, 19, 35)), "Share(BlockLengths(resnet110), 19, 35)")

	// BatchNorm after every convolution, over the chapter's models.
	var convs, withBN, models int
	for _, e := range Models() {
		r, err := analyze(e.Build())
		if err != nil {
			return nil, err
		}
		c, f := ConvsFollowedByBN(r)
		convs, withBN, models = convs+c, withBN+f, models+1
	}
	num("convs", int64(convs), "Conv2d rows of the chapter's models (ConvsFollowedByBN)")
	num("convs-bn", int64(withBN), "Conv2d rows followed by a BatchNorm2d")
	add("models", fmt.Sprint(models), "len(Models())")

	// Gradient norms in plain56 at He initialisation (TestPlainGradientNorms).
	grads, err := ConvGradNorms(CIFAR(56, false).Net, nn.Shape{3, 8, 8}, 8, 2016)
	if err != nil {
		return nil, err
	}
	add("plain56-grad-ratio", claims.Decade(grads[0].Norm/grads[len(grads)-1].Norm), "ConvGradNorms(plain56, batch 8 of 3×8×8, seed 2016): first conv ÷ last conv, to the nearest power of ten (the kernels differ by 1.4%: claims.Decade)")
	trained, err := TrainedValues()
	if err != nil {
		return nil, err
	}
	return append(out, trained...), nil
}
