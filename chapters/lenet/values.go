package lenet

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, each computed
// from the analysis of the two models (the book inserts them where the
// Markdown writes `book:value lenet/NAME`).
func Values() ([]claims.Value, error) {
	old, err := LeNet1998().Analyze()
	if err != nil {
		return nil, err
	}
	mod, err := LeNet5().Analyze()
	if err != nil {
		return nil, err
	}
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	num := func(name string, n int64, source string) { add(name, nn.Comma(n), source) }
	row := func(rep *nn.Report, name string) (nn.Row, error) {
		for _, r := range rep.Rows {
			if r.Name == name {
				return r, nil
			}
		}
		return nn.Row{}, fmt.Errorf("lenet values: no row %q in %s's report", name, rep.Input)
	}

	// The paper's per-layer counts (§II.B): parameters, and connections =
	// MACs + one per output unit for its bias (none for the RBF output).
	var conns int64
	for _, l := range []string{"C1", "S2", "C3", "S4", "C5", "F6", "OUTPUT"} {
		r, err := row(old, l)
		if err != nil {
			return nil, err
		}
		c := r.MACs
		if l != "OUTPUT" {
			c += r.Out.Elems()
		}
		conns += c
		src := "nn.Analyze(lenet5-1998), row " + l
		num(lower(l)+"-params", r.Params, src+": parameters")
		num(lower(l)+"-connections", c, src+": MACs + one bias per output unit")
		num(lower(l)+"-macs", r.MACs, src+": multiply-accumulates")
		add(lower(l)+"-shape", r.Out.String(), src+": output shape")
	}
	num("connections", conns, "sum of the seven layers' connections in lenet5-1998")
	num("params", old.Params, "nn.Analyze(lenet5-1998).Params")
	num("trainable", old.Trainable, "nn.Analyze(lenet5-1998).Trainable")
	num("frozen", old.Params-old.Trainable, "lenet5-1998: Params − Trainable (the RBF centres)")
	num("macs", old.MACs, "nn.Analyze(lenet5-1998).MACs")
	add("depth", fmt.Sprint(old.Depth), "nn.Analyze(lenet5-1998).Depth")
	add("rf", fmt.Sprint(old.RF.Size), "nn.Analyze(lenet5-1998).RF.Size at F6's input")

	// C3: Table I's wiring against a full layer.
	tab := C3Table()
	var links int
	for _, maps := range tab {
		links += len(maps)
	}
	add("c3-links", fmt.Sprint(links), "C3Table(): S2→C3 map pairs")
	add("c3-full-links", fmt.Sprint(len(tab)*6), "16 C3 maps × 6 S2 maps")
	fan := map[int]bool{}
	var fans []int
	for _, maps := range tab {
		if n := len(maps) * 25; !fan[n] {
			fan[n] = true
			fans = append(fans, n)
		}
	}
	slices.Sort(fans)
	var words []string
	for _, n := range fans {
		words = append(words, fmt.Sprint(n))
	}
	add("c3-fanins", strings.Join(words[:len(words)-1], ", ")+" or "+words[len(words)-1], "C3Table(): maps read × 25 kernel taps, the fan-ins of C3's units")
	full, err := row(mod, "C3")
	if err != nil {
		return nil, err
	}
	num("c3-full-params", full.Params, "nn.Analyze(lenet5), row C3: every S2 map read")

	// Weight sharing: C1's connections per parameter, and what a fully
	// connected layer with C1's inputs and outputs would hold.
	c1, _ := row(old, "C1")
	add("c1-sharing", fmt.Sprintf("%.0f", float64(c1.MACs+c1.Out.Elems())/float64(c1.Params)), "C1 connections ÷ C1 parameters")
	in := old.Input.Elems()
	num("c1-dense-params", c1.Out.Elems()*(in+1), "C1's output units × (input pixels + 1): a fully connected C1")

	// The modern reading.
	num("modern-params", mod.Params, "nn.Analyze(lenet5).Params")
	num("modern-trainable", mod.Trainable, "nn.Analyze(lenet5).Trainable")
	add("modern-depth", fmt.Sprint(mod.Depth), "nn.Analyze(lenet5).Depth")
	o, err := row(mod, "OUTPUT")
	if err != nil {
		return nil, err
	}
	num("modern-output-params", o.Params, "nn.Analyze(lenet5), row OUTPUT")
	var gone int64
	for _, l := range []string{"S2", "S4"} {
		r, _ := row(old, l)
		gone += r.Params
	}
	num("subsampling-params", gone, "S2 + S4 parameters in lenet5-1998")
	trained, err := TrainedValues()
	if err != nil {
		return nil, err
	}
	paper, err := PaperTrainedValues()
	if err != nil {
		return nil, err
	}
	out = append(out, trained...)
	return append(out, paper...), nil
}

// lower maps a paper layer name to a value name: "C3" → "c3".
func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
