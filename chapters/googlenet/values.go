package googlenet

import (
	"fmt"
	"math"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// models and the Inception modules of Fig. 2 (`book:value googlenet/NAME`).
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "googlenet/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }

	// Fig. 2 at inception3a's input.
	r3a := Table1[2]
	in := Table1[1].C3
	naive, reduced := Fig2(r3a, in)
	shape := nn.Shape{in, r3a.Out[0], r3a.Out[1]}
	rn, err := nn.Analyze(naive, shape)
	if err != nil {
		return nil, fmt.Errorf("googlenet values: naive 3a: %w", err)
	}
	rr, err := nn.Analyze(reduced, shape)
	if err != nil {
		return nil, fmt.Errorf("googlenet values: reduced 3a: %w", err)
	}
	add("3a-input", fmt.Sprintf("%d×%d×%d", r3a.Out[0], r3a.Out[1], in), "Table 1: conv2's output, inception3a's input (H×W×C)")
	add("3a-in-channels", fmt.Sprint(in), "Table 1: conv2's output channels")
	add("naive-channels", fmt.Sprint(rn.Output[0]), "nn.Analyze(naive inception3a).Output channels")
	add("reduced-channels", fmt.Sprint(rr.Output[0]), "nn.Analyze(inception3a).Output channels")
	num("naive-macs", rn.MACs, "nn.Analyze(naive inception3a).MACs")
	num("reduced-macs", rr.MACs, "nn.Analyze(inception3a).MACs")
	add("fig2-ratio", fmt.Sprintf("%.1f", float64(rn.MACs)/float64(rr.MACs)), "naive ÷ reduced MACs at inception3a")
	hw := int64(r3a.Out[0] * r3a.Out[1])
	num("naive-5x5-macs", int64(25*in*r3a.C5)*hw, "25·192·32·28·28: the naive 5×5 branch")
	num("reduced-5x5-macs", int64(in*r3a.C5r+25*r3a.C5r*r3a.C5)*hw, "(192·16 + 25·16·32)·28·28: 1×1 reduction then 5×5")
	nb, err := nn.Analyze(NaiveBody(), shape)
	if err != nil {
		return nil, fmt.Errorf("googlenet values: naive body: %w", err)
	}
	b, err := nn.Analyze(Body(), shape)
	if err != nil {
		return nil, fmt.Errorf("googlenet values: body: %w", err)
	}
	num("naive-body-channels", nb.Output[0:1].Elems(), "nn.Analyze(NaiveBody()).Output channels")
	num("body-channels", b.Output[0:1].Elems(), "nn.Analyze(Body()).Output channels")

	// The network.
	m := New(Options{})
	rep, err := m.Analyze()
	if err != nil {
		return nil, err
	}
	add("depth", fmt.Sprint(rep.Depth), "nn.Analyze(googlenet).Depth")
	num("inference-params", rep.InferenceParams, "nn.Analyze(googlenet).InferenceParams")
	num("aux-params", rep.Params-rep.InferenceParams, "nn.Analyze(googlenet): Params − InferenceParams (the two auxiliary heads)")
	add("params-m", fmt.Sprintf("%.1f", float64(rep.InferenceParams)/1e6), "googlenet inference parameters ÷ 10⁶")
	add("gmacs", fmt.Sprintf("%.2f", float64(rep.MACs)/1e9), "nn.Analyze(googlenet).MACs ÷ 10⁹")
	add("input", fmt.Sprintf("%d×%d", m.Input[1], m.Input[2]), "googlenet's input")
	alex := AlexNetParams()
	num("alexnet-params", alex, "AlexNetParams(): the two-tower AlexNet's parameters")
	add("alexnet-ratio", fmt.Sprintf("%.1f", float64(alex)/float64(rep.InferenceParams)), "AlexNet ÷ googlenet inference parameters")
	var k float64
	for _, r := range Table1 {
		k += r.ParamsK
	}
	add("table1-params-sum", fmt.Sprintf("%sK", nn.Comma(int64(k))+fmt.Sprintf("%.1f", k-float64(int64(k)))[1:]), "sum of Table 1's \"params\" column (googlenet.Table1)")
	c1 := nn.Find(m.Net, "conv1")
	var c1w int64
	for _, p := range nn.AllParams(c1) {
		if p.Name == "weight" {
			c1w += p.Size()
		}
	}
	num("conv1-weights", c1w, "conv1's weights (7·7·3·64)")
	last := Table1[len(Table1)-2]
	add("last-channels", nn.Comma(int64(last.Out[2])), "Table 1: inception5b's output channels")

	// The auxiliary head after inception4a, read off the model.
	var auxConv *nn.Conv2D
	var auxFC *nn.Linear
	nn.Walk(m.Net, func(path string, c nn.Module) {
		switch l := c.(type) {
		case *nn.Conv2D:
			if auxConv == nil && strings.HasPrefix(path, "aux1") {
				auxConv = l
			}
		case *nn.Linear:
			if auxFC == nil && strings.HasPrefix(path, "aux1") {
				auxFC = l
			}
		}
	})
	if auxConv == nil || auxFC == nil {
		return nil, fmt.Errorf("googlenet values: no aux1 conv/fc in the model")
	}
	add("aux-conv", fmt.Sprint(auxConv.Out), "aux1's 1×1 convolution filters")
	add("aux-fc", fmt.Sprint(auxFC.Out), "aux1's first fully connected units")
	side := int(math.Sqrt(float64(auxFC.In / auxConv.Out)))
	add("aux-map", fmt.Sprintf("%d×%d×%d", side, side, auxConv.Out), "aux1's fc1 input as a map")
	var sizes []string
	seen := map[int]bool{}
	for _, r := range rep.Rows {
		if len(r.Out) == 3 && r.Out[1] > 1 && !r.TrainOnly && !seen[r.Out[1]] {
			seen[r.Out[1]] = true
			sizes = append(sizes, fmt.Sprint(r.Out[1]))
		}
	}
	add("sizes", strings.Join(sizes[:len(sizes)-1], ", ")+" and "+sizes[len(sizes)-1], "distinct map sizes of nn.Analyze(googlenet)'s rows")
	add("k", nn.Comma(1024), "units of Table 1's \"K\": 1,024 weights")

	tv := NewTorchvision(Options{})
	tr, err := tv.Analyze()
	if err != nil {
		return nil, err
	}
	num("tv-params", tr.Params, "nn.Analyze(googlenet-tv).Params")
	num("tv-inference-params", tr.InferenceParams, "nn.Analyze(googlenet-tv).InferenceParams")
	return out, nil
}
