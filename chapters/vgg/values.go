package vgg

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// six configurations and their analysis (`book:value vgg/NAME`).
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }
	var rfs, millions []string
	for _, c := range Configs() {
		r, err := New(c.Name, c, Options{}).Analyze()
		if err != nil {
			return nil, fmt.Errorf("vgg values: config %s: %w", c.Name, err)
		}
		rfs = append(rfs, fmt.Sprintf("%d (%s)", r.RF.Size, c.Name))
		millions = append(millions, fmt.Sprintf("%.0f", float64(r.Params)/1e6))
		add("rf-"+strings.ToLower(c.Name), fmt.Sprint(r.RF.Size), "nn.Analyze(config "+c.Name+").RF.Size at pool5")
	}
	add("rfs", strings.Join(rfs, ", "), "nn.Analyze RF.Size at pool5, configs A … E")
	add("table2-millions", strings.Join(millions, ", "), "parameters of configs A … E rounded to millions (Table 2's figures)")

	m16 := New("vgg16", D, Options{})
	shares, rep, err := Breakdown(m16)
	if err != nil {
		return nil, err
	}
	num("vgg16-params", rep.Params, "nn.Analyze(vgg16).Params")
	num("vgg16-acts", rep.Activations, "nn.Analyze(vgg16).Activations (float32 values, batch 1)")
	add("vgg16-acts-mb", fmt.Sprintf("%.1f MB", float64(rep.ActivationBytes())/1e6), "nn.Analyze(vgg16).ActivationBytes() ÷ 10⁶")
	add("vgg16-gmacs", fmt.Sprintf("%.1f", float64(rep.MACs)/1e9), "nn.Analyze(vgg16).MACs ÷ 10⁹")
	earlyP, earlyA := SumShares(shares, "conv1", "conv2")
	lateP, lateA := SumShares(shares, "fc6", "fc7", "fc8")
	pct := func(a, b int64) string { return fmt.Sprintf("%.2g%%", 100*float64(a)/float64(b)) }
	add("early-acts", pct(earlyA, rep.Activations), "conv1+conv2 blocks' activations ÷ all (vgg16)")
	add("early-params", pct(earlyP, rep.Params), "conv1+conv2 blocks' parameters ÷ all (vgg16)")
	add("late-params", pct(lateP, rep.Params), "fc6–fc8 parameters ÷ all (vgg16)")
	add("late-acts", pct(lateA, rep.Activations), "fc6–fc8 activations ÷ all (vgg16)")
	add("input", fmt.Sprintf("%d×%d", m16.Input[1], m16.Input[2]), "vgg16's input")
	add("fc-width", fmt.Sprint(nn.Find(m16.Net, "classifier.0").(*nn.Linear).Out), "vgg16 classifier.0 (fc6) units")
	var ws []string
	for _, w := range Widths {
		ws = append(ws, fmt.Sprint(w))
	}
	add("widths", strings.Join(ws, ", "), "vgg.Widths: channels of blocks 1–5 (Table 1)")
	add("last-width", fmt.Sprint(Widths[4]), "vgg.Widths[4]")
	fc6 := nn.Find(m16.Net, "classifier.0").(*nn.Linear)
	num("fc6-inputs", int64(fc6.In), "vgg16 fc6's inputs (512·7·7)")
	num("fc6-params", int64(fc6.In+1)*int64(fc6.Out), "vgg16 fc6: (inputs + 1) × units")

	// Stacks of 3×3 against one large filter, per C² (C channels in and out).
	for _, n := range []int{2, 3} {
		add(fmt.Sprintf("stack%d-rf", n), fmt.Sprint(StackRF(n, 3)), fmt.Sprintf("StackRF(%d, 3)", n))
	}
	return out, nil
}
