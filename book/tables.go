package book

import (
	"fmt"
	"html"
	"math/big"
	"strconv"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// model is one registered model with its analysis at its own input.
type model struct {
	Entry   nn.Entry
	Chapter int // index into chapters
	Model   *nn.Model
	Report  *nn.Report
}

// modelID is the fragment of a model's row in models.html.
func modelID(name string) string { return "model-" + name }

// summaryLongRows is the length above which a per-layer table is folded
// (the totals stay visible): AlexNet has 38 rows, ResNet-152 464.
const summaryLongRows = 30

// summaryHTML renders nn.Analyze's per-layer table of a model, as
// `book summary` prints it: layer, type, output shape, parameters, MACs
// and receptive field, a totals row whose sums equal the report's
// (TestSummaryTotals), and the report's totals and notes.
func (b *builder) summaryHTML(pg *pageState, name string, input []string) (string, error) {
	m, ok := b.byName[name]
	if !ok {
		return "", fmt.Errorf("no model %q (book models lists the %d names)", name, len(b.models))
	}
	rep := m.Report
	if len(input) == 1 {
		in, err := nn.ParseShape(input[0])
		if err != nil {
			return "", fmt.Errorf("input %w", err)
		}
		if rep, err = nn.Analyze(m.Model.Net, in); err != nil {
			return "", fmt.Errorf("%s at %v: %v", name, in, err)
		}
	}
	var out strings.Builder
	id := "summary-" + name
	if len(input) == 1 {
		id += "-" + strings.ReplaceAll(input[0], ",", "x")
	}
	if err := pg.claim(id); err != nil {
		return "", err
	}
	fmt.Fprintf(&out, `<figure class="summary" id="%s">`+"\n", html.EscapeString(id))
	fmt.Fprintf(&out, `<figcaption><a class="anchor" href="#%s">%s</a> <span class="doc">%s; input %s. From <code>nn.Analyze</code>, shapes only (<code>go run ./cmd/book summary %s</code>).</span></figcaption>`+"\n",
		html.EscapeString(id), html.EscapeString(name), html.EscapeString(m.Entry.Doc), rep.Input, html.EscapeString(name))
	out.WriteString(totalsHTML(rep))
	if len(rep.Rows) > summaryLongRows {
		fmt.Fprintf(&out, "<details><summary>All %d layers</summary>\n", len(rep.Rows))
	}
	out.WriteString(`<div class="scroll"><table class="layers">` + "\n")
	out.WriteString(`<thead><tr><th>#</th><th class="l">layer</th><th class="l">type</th><th>output</th><th>params</th><th>MACs</th><th>RF</th></tr></thead>` + "\n<tbody>\n")
	var params, macs int64
	for i, r := range rep.Rows {
		params += r.Params
		macs += r.MACs
		name, class := r.Name, ""
		if r.TrainOnly {
			name += " (train)"
			class = ` class="train"`
		}
		fmt.Fprintf(&out, "<tr%s><td>%d</td><td class=\"l\"><code>%s</code></td><td class=\"l\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>\n",
			class, i+1, html.EscapeString(name), html.EscapeString(r.Type), r.Out, nn.Comma(r.Params), nn.Comma(r.MACs), r.RF.Size)
	}
	out.WriteString("</tbody>\n")
	fmt.Fprintf(&out, "<tfoot><tr><td></td><td class=\"l\">total</td><td></td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr></tfoot>\n",
		rep.Output, nn.Comma(params), nn.Comma(macs), rep.RF.Size)
	out.WriteString("</table></div>\n")
	if len(rep.Rows) > summaryLongRows {
		out.WriteString("</details>\n")
	}
	if len(rep.Notes) > 0 {
		out.WriteString(`<ul class="notes">` + "\n")
		for _, n := range rep.Notes {
			fmt.Fprintf(&out, "<li>%s</li>\n", html.EscapeString(n))
		}
		out.WriteString("</ul>\n")
	}
	out.WriteString("</figure>\n")
	return out.String(), nil
}

// totalsHTML is a report's totals as a definition list.
func totalsHTML(r *nn.Report) string {
	var out strings.Builder
	out.WriteString(`<dl class="totals">`)
	item := func(k, v string) { fmt.Fprintf(&out, "<div><dt>%s</dt><dd>%s</dd></div>", k, v) }
	item("input → output", fmt.Sprintf("%s → %s", r.Input, r.Output))
	p := nn.Comma(r.Params)
	if r.Trainable != r.Params || r.InferenceParams != r.Params {
		p += fmt.Sprintf(" <small>(trainable %s, inference %s)</small>", nn.Comma(r.Trainable), nn.Comma(r.InferenceParams))
	}
	item("parameters", p)
	item("MACs", fmt.Sprintf("%s <small>(%s)</small>", nn.Comma(r.MACs), giga(r.MACs)))
	item("activations", fmt.Sprintf("%s floats <small>(%.1f MB)</small>", nn.Comma(r.Activations), float64(r.ActivationBytes())/1e6))
	item("depth", strconv.Itoa(r.Depth))
	item("receptive field", fmt.Sprintf("%d <small>(stride %d, padding %d)</small>", r.RF.Size, r.RF.Stride, r.RF.Padding))
	item("paths", bigHTML(r.PathCount()))
	out.WriteString("</dl>\n")
	return out.String()
}

// modelsHTML is one row per model of a chapter: what the `models`
// directive shows, and models.html (page: each row carries the model's
// anchor) for every chapter.
func (b *builder) modelsHTML(slug string, page bool) (string, error) {
	ci := chapterOf(slug)
	if ci < 0 {
		return "", fmt.Errorf("no chapter %q (chapters: %s)", slug, slugs())
	}
	var out strings.Builder
	out.WriteString(`<div class="scroll"><table class="models">` + "\n")
	out.WriteString(`<thead><tr><th class="l">model</th><th>input</th><th>params</th><th>inference params</th><th>MACs</th><th>activations</th><th>depth</th><th>RF</th><th>paths</th></tr></thead>` + "\n<tbody>\n")
	for _, m := range b.models {
		if m.Chapter != ci {
			continue
		}
		r := m.Report
		name := html.EscapeString(m.Entry.Name)
		cell := fmt.Sprintf(`<a href="models.html#%s"><code>%s</code></a>`, modelID(m.Entry.Name), name)
		idAttr := ""
		if page {
			cell = fmt.Sprintf(`<a class="self" href="#%s"><code>%s</code></a>`, modelID(m.Entry.Name), name)
			idAttr = fmt.Sprintf(` id="%s"`, modelID(m.Entry.Name))
		}
		fmt.Fprintf(&out, `<tr%s><td class="l">%s<div class="doc">%s</div></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%s</td></tr>`+"\n",
			idAttr, cell, html.EscapeString(m.Entry.Doc), r.Input, nn.Comma(r.Params), nn.Comma(r.InferenceParams), giga(r.MACs),
			mega(r.Activations), r.Depth, r.RF.Size, bigHTML(r.PathCount()))
	}
	out.WriteString("</tbody></table></div>\n")
	return out.String(), nil
}

// giga renders a count in billions ("15.47 G"), or millions below one
// billion ("724.2 M").
func giga(n int64) string {
	if n >= 1e9 {
		return fmt.Sprintf("%.2f G", float64(n)/1e9)
	}
	return mega(n)
}

// mega renders a count in millions ("15.1 M"), or thousands below a
// million.
func mega(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f M", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f k", float64(n)/1e3)
	}
	return strconv.FormatInt(n, 10)
}

// bigHTML renders a path count: exact up to 15 digits, then as a power of
// two when it is one (2<sup>54</sup>), else rounded with its digit count;
// the exact value is in the title.
func bigHTML(n *big.Int) string {
	s := n.String()
	if len(s) <= 15 {
		return nn.Comma(n.Int64())
	}
	if n.Sign() > 0 && new(big.Int).And(n, new(big.Int).Sub(n, big.NewInt(1))).Sign() == 0 {
		return fmt.Sprintf(`<span title="%s">2<sup>%d</sup></span>`, s, n.BitLen()-1)
	}
	mant, exp, _ := strings.Cut(new(big.Float).SetInt(n).Text('e', 2), "e+")
	return fmt.Sprintf(`<span title="%s">%s×10<sup>%s</sup></span>`, s, mant, strings.TrimLeft(exp, "0"))
}

func slugs() string {
	var s []string
	for _, c := range chapters {
		s = append(s, c.Slug)
	}
	return strings.Join(s, ", ")
}
