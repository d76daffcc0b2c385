package alexnet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// three AlexNet models and their analysis (`book:value alexnet/NAME`).
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }
	m := AlexNet()
	rep, err := m.Analyze()
	if err != nil {
		return nil, fmt.Errorf("alexnet values: %w", err)
	}
	merged, err := Merged().Analyze()
	if err != nil {
		return nil, fmt.Errorf("alexnet values: %w", err)
	}
	tv, err := Torchvision().Analyze()
	if err != nil {
		return nil, fmt.Errorf("alexnet values: %w", err)
	}
	num("params", rep.Params, "nn.Analyze(alexnet).Params")
	num("merged-params", merged.Params, "nn.Analyze(alexnet-merged).Params")
	num("tv-params", tv.Params, "nn.Analyze(alexnet-tv).Params")
	num("merged-extra", merged.Params-rep.Params, "alexnet-merged − alexnet parameters")
	add("params-m", fmt.Sprintf("%.2f", float64(rep.Params)/1e6), "alexnet parameters ÷ 10⁶")
	add("merged-params-m", fmt.Sprintf("%.2f", float64(merged.Params)/1e6), "alexnet-merged parameters ÷ 10⁶")
	add("depth", fmt.Sprint(rep.Depth), "nn.Analyze(alexnet).Depth")
	add("rf", fmt.Sprint(rep.RF.Size), "nn.Analyze(alexnet).RF.Size at fc6's input")
	add("rf-stride", fmt.Sprint(rep.RF.Stride), "nn.Analyze(alexnet).RF.Stride at fc6's input")
	add("side", fmt.Sprint(m.Input[1]), "alexnet's input side")

	fc, fc6, convMACs := Split(rep)
	add("fc-share", fmt.Sprintf("%.1f%%", 100*float64(fc)/float64(rep.Params)), "Linear rows' parameters ÷ all (alexnet)")
	add("fc6-share", fmt.Sprintf("%.1f%%", 100*float64(fc6)/float64(rep.Params)), "fc6 parameters ÷ all (alexnet)")
	num("fc6-params", fc6, "nn.Analyze(alexnet), row fc6")
	add("conv-macs-m", fmt.Sprintf("%.0fM", float64(convMACs)/1e6), "Conv2d rows' MACs (alexnet), millions")
	add("macs-m", fmt.Sprintf("%.0fM", float64(rep.MACs)/1e6), "nn.Analyze(alexnet).MACs, millions")
	add("conv-macs-share", fmt.Sprintf("%.0f%%", 100*float64(convMACs)/float64(rep.MACs)), "Conv2d MACs ÷ all (alexnet)")

	// The input side: what fc6 receives at 224 and 277, which sides fit.
	fcIn := int64(nn.Find(m.Net, "fc6").(*nn.Linear).In)
	num("fc6-inputs", fcIn, "fc6's input size")
	for _, side := range []int{224, 277} {
		r, err := nn.Analyze(nn.Seq("features", m.Net.(*nn.Sequential).Layers[:2]...), nn.Shape{3, side, side})
		if err != nil {
			return nil, fmt.Errorf("alexnet values: features at %d: %w", side, err)
		}
		num(fmt.Sprintf("fc6-receives-%d", side), r.Output.Elems(), fmt.Sprintf("pool5's output elements at %d×%d", side, side))
		add(fmt.Sprintf("pool5-at-%d", side), fmt.Sprintf("%d×%d", r.Output[1], r.Output[2]), fmt.Sprintf("pool5's map at %d×%d", side, side))
		add(fmt.Sprintf("conv1-at-%d", side), fmt.Sprintf("%g", float64(side-11)/4+1), fmt.Sprintf("(%d − 11)/4 + 1, before the floor", side))
	}
	fit, exact := Sides(200, 300)
	add("sides-fit", fmt.Sprintf("%d to %d", fit[0], fit[len(fit)-1]), "Sides(200, 300): sides that give fc6 its inputs")
	if len(exact) != 1 {
		return nil, fmt.Errorf("alexnet values: want one exact side, got %v", exact)
	}
	add("side-exact", fmt.Sprint(exact[0]), "Sides(200, 300): the side at which every window tiles")
	widths := func(names ...string) string {
		var ws []string
		for _, n := range names {
			ws = append(ws, fmt.Sprint(nn.Find(m.Net, n).(*nn.Conv2D).Out*2))
		}
		return strings.Join(ws, ", ")
	}
	add("conv2-width", widths("gpu1.conv2"), "2 × gpu1.conv2's kernels")
	add("conv345-widths", widths("gpu1.conv3", "gpu1.conv4", "gpu1.conv5"), "2 × gpu1.conv3…conv5's kernels")
	var depths []string
	for _, n := range []string{"gpu1.conv2", "gpu1.conv4", "gpu1.conv5"} {
		depths = append(depths, fmt.Sprint(nn.Find(m.Net, n).(*nn.Conv2D).Weight.Shape[1]))
	}
	add("tower-depths", depths[0]+", "+depths[1]+" and "+depths[2], "input channels of gpu1.conv2, conv4, conv5 kernels")
	tvm := Torchvision()
	var tvw []string
	nn.Walk(tvm.Net, func(_ string, c nn.Module) {
		if cv, ok := c.(*nn.Conv2D); ok {
			tvw = append(tvw, fmt.Sprint(cv.Out))
		}
	})
	add("tv-widths", strings.Join(tvw, "-"), "alexnet-tv: filters of its five convolutions")
	add("fc-width", fmt.Sprint(nn.Find(m.Net, "fc6").(*nn.Linear).Out), "fc6's units")
	add("input", fmt.Sprintf("%d×%d", m.Input[1], m.Input[2]), "alexnet's input")
	lrn := nn.Find(m.Net, "gpu1.norm1").(*nn.LRN)
	add("lrn-n", fmt.Sprint(lrn.Size), "gpu1.norm1.Size")
	add("lrn-k", fmt.Sprintf("%g", lrn.K), "gpu1.norm1.K")
	add("lrn-beta", fmt.Sprintf("%g", lrn.Beta), "gpu1.norm1.Beta")
	add("dropout-p", fmt.Sprintf("%g", nn.Find(m.Net, "drop6").(*nn.Dropout).P), "drop6.P")
	trained, err := TrainedValues()
	if err != nil {
		return nil, err
	}
	return append(out, trained...), nil
}

// Split reads where AlexNet's parameters and work are off its report: the
// parameters of the fully connected layers (fc6–fc8) and of fc6 alone,
// and the multiply-accumulates of the convolutions.
func Split(rep *nn.Report) (fc, fc6, convMACs int64) {
	for _, r := range rep.Rows {
		switch r.Module.(type) {
		case *nn.Linear:
			fc += r.Params
			if r.Name == "fc6" {
				fc6 = r.Params
			}
		case *nn.Conv2D:
			convMACs += r.MACs
		}
	}
	return fc, fc6, convMACs
}
