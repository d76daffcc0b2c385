package variants

import (
	"fmt"
	"math"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// chapter's models, blocks and analysis (`book:value variants/NAME`).
// Figures the papers print come from the chapter's tables of them
// (FigureFour, WRNTable, Table2, FractalParamsM, MobileNetTables), which
// the tests set beside our counts.
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "variants/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }
	mill := func(n int64) string { return fmt.Sprintf("%.1fM", float64(n)/1e6) }
	analyze := func(m *nn.Model) (*nn.Report, error) {
		r, err := m.Analyze()
		if err != nil {
			return nil, fmt.Errorf("variants values: %s: %w", m.Name, err)
		}
		return r, nil
	}

	// Pre-activation (He et al. 2016b).
	add("clean-original", fmt.Sprintf("%.2f", CleanProbe(PreActOriginal)), "CleanProbe(original order): max |y − x| with the branch silenced")
	for _, o := range FigureFour {
		add("error-"+o.Label[1:2], fmt.Sprintf("%.2f%%", o.Error), "He et al. 2016b Table 2, ResNet-110, order "+o.Label[:3]+" (variants.FigureFour)")
	}
	var pre []string
	for _, d := range PreActDepths {
		r, err := analyze(PreActResNet(d))
		if err != nil {
			return nil, err
		}
		pre = append(pre, mill(r.Params))
		if d == 1001 {
			var bn int64
			for _, row := range r.Rows {
				if _, ok := row.Module.(*nn.BatchNorm2D); ok {
					bn += row.Params
				}
			}
			add("preact1001-params", mill(r.Params), "nn.Analyze(preact-resnet1001).Params")
			add("preact1001-bn", fmt.Sprintf("%.2fM", float64(bn)/1e6), "BatchNorm2d scales and shifts of preact-resnet1001")
			add("preact1001-nobn", mill(r.Params-bn), "preact-resnet1001 parameters without the BatchNorm ones")
		}
	}
	add("preact-params", strings.Join(pre, ", "), "nn.Analyze Params of preact-resnet110, 164, 1001")

	// Wide ResNet.
	one, err := analyze(WRN(28, 1))
	if err != nil {
		return nil, err
	}
	ten, err := analyze(WRN(28, 10))
	if err != nil {
		return nil, err
	}
	add("wrn-depth", fmt.Sprint(ten.Depth), "nn.Analyze(wrn-28-10).Depth: weighted layers on the longest path")
	add("wrn-x-params", fmt.Sprintf("%.1f", float64(ten.Params)/float64(one.Params)), "wrn-28-10 ÷ wrn-28-1 parameters")
	add("wrn-x-macs", fmt.Sprintf("%.1f", float64(ten.MACs)/float64(one.MACs)), "wrn-28-10 ÷ wrn-28-1 MACs")
	add("wrn-x-acts", fmt.Sprintf("%.2f", float64(ten.Activations)/float64(one.Activations)), "wrn-28-10 ÷ wrn-28-1 activations")
	var wrns []string
	for _, w := range WRNTable {
		r, err := analyze(WRN(w.Depth, w.K))
		if err != nil {
			return nil, err
		}
		wrns = append(wrns, fmt.Sprintf("wrn-%d-%d %s", w.Depth, w.K, mill(r.Params)))
	}
	add("wrn-params", strings.Join(wrns, ", "), "nn.Analyze Params of the WRNs of Table 4")
	thin, err := analyze(PreActResNet(1001))
	if err != nil {
		return nil, err
	}
	perWide, perThin := float64(ten.MACs)/float64(ten.Depth), float64(thin.MACs)/float64(thin.Depth)
	add("wide-per-layer", fmt.Sprintf("%.0fM", perWide/1e6), "wrn-28-10 MACs ÷ its depth")
	add("thin-per-layer", fmt.Sprintf("%.1fM", perThin/1e6), "preact-resnet1001 MACs ÷ its depth")
	add("wide-vs-thin", fmt.Sprintf("%.0f", perWide/perThin), "the two per-layer figures' ratio")
	w50, err := analyze(WideResNet50())
	if err != nil {
		return nil, err
	}
	r50, err := analyze(TorchvisionResNet("resnet50", [4]int{3, 4, 6, 3}, 1, 64))
	if err != nil {
		return nil, err
	}
	add("wide50-ratio", fmt.Sprintf("%.2f", float64(w50.Params)/float64(r50.Params)), "wide_resnet50_2 ÷ resnet50 parameters")

	// ResNeXt.
	lo, hi := math.Inf(1), math.Inf(-1)
	mlo, mhi := math.Inf(1), math.Inf(-1)
	for _, c := range Table2 {
		r, err := analyze(ResNeXt50(c.C, c.D))
		if err != nil {
			return nil, err
		}
		p, m := float64(r.Params)/1e6, float64(r.MACs)/1e9
		lo, hi, mlo, mhi = math.Min(lo, p), math.Max(hi, p), math.Min(mlo, m), math.Max(mhi, m)
	}
	add("resnext-params-range", fmt.Sprintf("%.1f–%.1fM", lo, hi), "nn.Analyze Params over Table 2's five ResNeXt-50 configurations")
	add("resnext-macs-range", fmt.Sprintf("%.2f–%.2f", mlo, mhi), "nn.Analyze MACs ÷ 10⁹ over Table 2's configurations")
	add("resnext-top1-first", fmt.Sprintf("%.1f%%", Table2[0].Top1), "Xie et al. 2017 Table 3, 1×64d (variants.Table2)")
	add("resnext-top1-last", fmt.Sprintf("%.1f%%", Table2[len(Table2)-1].Top1), "Xie et al. 2017 Table 3, 32×4d (variants.Table2)")
	add("resnext-paths", fmt.Sprint(Table2[len(Table2)-1].C), "cardinality of resnext50_32x4d")
	fr := CompareForms(256, 32, 4, 256, 1, 8, 2017) // ExampleCompareForms' block
	add("forms-diff", fmt.Sprintf("%.0e", fr.MaxDiffEval/fr.MaxAbs), "CompareForms: max |grouped − aggregated| ÷ max |y| in eval")

	// Stochastic depth.
	p := LinearDecay(54, 0.5)
	add("sd-blocks", fmt.Sprint(len(p)), "blocks of ResNet-110")
	add("sd-expected", fmt.Sprintf("%.2f", ExpectedBlocks(p)), "ExpectedBlocks(LinearDecay(54, 0.5))")
	add("sd-passes", nn.Comma(CountPasses), "variants.CountPasses, the passes ExampleLinearDecay counts")
	sd, err := analyze(StochasticDepth110())
	if err != nil {
		return nil, err
	}
	add("sd-params", mill(sd.Params), "nn.Analyze(resnet110-sd).Params")

	// FractalNet.
	fm := Fractal(FractalNet20)
	frr, err := analyze(fm)
	if err != nil {
		return nil, err
	}
	rows, err := FractalTable(fm)
	if err != nil {
		return nil, err
	}
	add("fractal-depth", fmt.Sprint(frr.Depth-1), "nn.Analyze(fractalnet-20).Depth − the classifier: convolutions on the longest path")
	num("fractal-paths", frr.PathCount().Int64(), "nn.Analyze(fractalnet-20).PathCount()")
	add("fractal-block-paths", fmt.Sprint(rows[0].Paths), "paths through one block (FractalTable)")
	add("fractal-blocks", fmt.Sprint(len(rows)), "blocks of fractalnet-20")
	short := len(frr.Paths)
	for i, c := range frr.Paths {
		if c.Sign() != 0 {
			short = i
			break
		}
	}
	add("fractal-shortest", fmt.Sprint(short), "shortest path of fractalnet-20, in weighted layers")
	add("fractal-longest", fmt.Sprint(frr.Depth), "longest path of fractalnet-20, in weighted layers")
	add("fractal-params", mill(frr.Params), "nn.Analyze(fractalnet-20).Params")
	add("fractal-paper", fmt.Sprintf("%.1fM", FractalParamsM), "Larsson et al. 2017 Table 1 (variants.FractalParamsM)")
	add("fractal-gap", fmt.Sprintf("%.1fM", FractalParamsM-float64(frr.Params)/1e6), "Table 1's count − ours")
	var units int
	for _, r := range rows {
		units += r.Units
	}
	add("fractal-convs", fmt.Sprint(units), "convolutions of fractalnet-20 (FractalTable)")
	col, err := analyze(Column(fm, FractalNet20.Columns))
	if err != nil {
		return nil, err
	}
	num("column-params", col.Params, "nn.Analyze(Column(fractalnet-20, 3)).Params")
	add("drop-local", fmt.Sprintf("%g", FractalNet20.Local), "FractalNet20.Local")

	// DenseNet.
	bc, err := analyze(DenseNet(DenseNetBC100))
	if err != nil {
		return nil, err
	}
	add("densenet-bc-params", mill(bc.Params), "nn.Analyze(densenet-bc-100-12).Params")
	plan := func(cfg DenseConfig) (string, error) {
		rows, err := ChannelPlan(cfg)
		if err != nil {
			return "", err
		}
		var cs []string
		for i, r := range rows {
			if i == 0 {
				cs = append(cs, fmt.Sprint(r.In))
			}
			if r.Out != r.In || i == 0 {
				cs = append(cs, fmt.Sprint(r.Out))
			}
		}
		return strings.Join(cs, " → "), nil
	}
	for _, cfg := range []DenseConfig{DenseNetBC100, DenseNet121} {
		s, err := plan(cfg)
		if err != nil {
			return nil, err
		}
		add("plan-"+cfg.Name, s, "ChannelPlan("+cfg.Name+"): channels stage by stage")
	}
	d121, err := analyze(DenseNet(DenseNet121))
	if err != nil {
		return nil, err
	}
	num("densenet121-params", d121.Params, "nn.Analyze(densenet121).Params")
	add("densenet121-vs-resnet50", fmt.Sprintf("%.0f%%", 100*float64(d121.Params)/float64(r50.Params)), "densenet121 ÷ resnet50 parameters")

	// MobileNet.
	mb, err := analyze(MobileNet(1, 224, false))
	if err != nil {
		return nil, err
	}
	std, err := analyze(MobileNet(1, 224, true))
	if err != nil {
		return nil, err
	}
	num("mobilenet-params", mb.Params, "nn.Analyze(mobilenet-v1).Params")
	add("mobilenet-mmacs", fmt.Sprintf("%.1fM", float64(mb.MACs)/1e6), "nn.Analyze(mobilenet-v1).MACs ÷ 10⁶")
	add("mobilenet-paper", fmt.Sprintf("%.1fM and %.0fM", MobileNetTables[0].ParamsM, MobileNetTables[0].MultAddsM), "Howard et al. 2017 Table 4 (variants.MobileNetTables)")
	add("conv-mobilenet-params", mill(std.Params), "nn.Analyze(mobilenet-v1-conv).Params")
	add("conv-mobilenet-mmacs", nn.Comma(int64(math.Round(float64(std.MACs)/1e6)))+"M", "nn.Analyze(mobilenet-v1-conv).MACs ÷ 10⁶")
	const n = 512 // conv8 … conv12 of Table 1: 512 → 512 at 14×14
	add("sep-n", fmt.Sprint(n), "output channels of the separable layer the ratio is computed for")
	sep, full := SeparableCost(n, n, 3, 14, 1)
	add("sep-ratio-512", fmt.Sprintf("%.1f", float64(full)/float64(sep)), "SeparableCost(512, 512, 3, 14, 1): standard ÷ separable")
	trained, err := TrainedValues()
	if err != nil {
		return nil, err
	}
	return append(out, trained...), nil
}
