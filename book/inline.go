package book

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Inline directives are code spans of the prose that the book replaces by
// a number it did not let anyone type:
//
//	`book:value CHAPTER/NAME`  the Text of the claims.Value a chapter's
//	                           Values function computes (chapters/all.Values)
//	`book:cite ROW`            the value of row ROW of chapters/claims/sources.tsv,
//	                           linked to that row on sources.html
//
// On GitHub the spans show as they are written. An unknown name is a
// build error naming the file and line.
const (
	valuePrefix = "book:value "
	citePrefix  = "book:cite "
)

// inlineDirective returns the verb ("value" or "cite") and argument of a
// code span's text, or ok = false if it is not an inline directive.
func inlineDirective(span string) (verb, arg string, ok bool) {
	for _, p := range []string{valuePrefix, citePrefix} {
		if a, found := strings.CutPrefix(span, p); found {
			return strings.TrimSuffix(strings.TrimPrefix(p, "book:"), " "), strings.TrimSpace(a), true
		}
	}
	return "", "", false
}

// codeSpanText is the text of a code span.
func codeSpanText(c *ast.CodeSpan, src []byte) string {
	var b bytes.Buffer
	for t := c.FirstChild(); t != nil; t = t.NextSibling() {
		if t, ok := t.(*ast.Text); ok {
			b.Write(t.Segment.Value(src))
		}
	}
	return b.String()
}

// expandInline replaces every inline directive of doc by its value.
func (b *builder) expandInline(doc ast.Node, s *source) []error {
	var spans []*ast.CodeSpan
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*ast.CodeSpan); ok && entering {
			spans = append(spans, c)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var errs []error
	for _, c := range spans {
		verb, arg, ok := inlineDirective(codeSpanText(c, s.Src))
		if !ok {
			continue
		}
		out, err := b.inlineHTML(verb, arg)
		if err != nil {
			errs = append(errs, s.errorf(s.nodeLine(c), "book:%s %s: %v", verb, arg, err))
			continue
		}
		c.Parent().ReplaceChild(c.Parent(), c, &rawInline{HTML: []byte(out)})
	}
	return errs
}

// inlineHTML renders one inline directive: the value, with its source as
// a tooltip (and, for a citation, a link to its row).
func (b *builder) inlineHTML(verb, arg string) (string, error) {
	switch verb {
	case "value":
		v, ok := b.values[arg]
		if !ok {
			return "", fmt.Errorf("no such value%s (a chapter's Values function defines it: chapters/CHAPTER/values.go)", b.near(arg, b.valueIDs()))
		}
		return fmt.Sprintf(`<span class="val" title="computed: %s">%s</span>`, html.EscapeString(v.Source), html.EscapeString(v.Text)), nil
	case "cite":
		r, ok := b.sources[arg]
		if !ok {
			return "", fmt.Errorf("no row %q in chapters/claims/sources.tsv%s (append one: %s)", arg, b.near(arg, b.sourceIDs()), strings.ReplaceAll(claims.SourcesHeader, "\t", ", "))
		}
		return fmt.Sprintf(`<a class="cite" href="sources.html#%s" title="%s">%s</a>`, sourceAnchor(r.ID), html.EscapeString(citeTitle(r)), html.EscapeString(r.Value)), nil
	}
	return "", fmt.Errorf("unknown inline directive book:%s", verb)
}

// citeTitle is a citation's tooltip: "Krizhevsky et al. 2012, §6: ILSVRC-2012 test set, top-5 error".
func citeTitle(r claims.Source) string {
	return r.Source + ", " + r.Where + ": " + r.Protocol
}

// sourceAnchor is the id of a row on sources.html.
func sourceAnchor(id string) string { return "src-" + id }

func (b *builder) valueIDs() []string {
	var ids []string
	for id := range b.values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (b *builder) sourceIDs() []string {
	var ids []string
	for id := range b.sources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// near lists up to five known ids sharing the unknown one's prefix (its
// chapter, or its first word), for the error message.
func (b *builder) near(id string, known []string) string {
	prefix := id
	if i := strings.IndexAny(id, "/-"); i > 0 {
		prefix = id[:i+1]
	}
	var out []string
	for _, k := range known {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return ""
	}
	more := ""
	if len(out) > 5 {
		more = fmt.Sprintf(", … %d in all", len(out))
		out = out[:5]
	}
	return " (known: " + strings.Join(out, ", ") + more + ")"
}

// sourcesPage renders sources.html: every row of sources.tsv, the target
// of each `book:cite`.
func (b *builder) sourcesPage() *page {
	var out strings.Builder
	out.WriteString(`<p>Every number the book cites rather than computes (a paper's error rate, a year, the size of a data set) comes from one row of <code>chapters/claims/sources.tsv</code>; the prose names the row with <code>book:cite ID</code> and never types the number. Each row says where the value is printed and what it measures.</p>` + "\n")
	out.WriteString(`<div class="scroll"><table class="sources"><thead><tr><th>id</th><th>value</th><th>source</th><th>where</th><th>what it measures</th><th>note</th></tr></thead><tbody>` + "\n")
	for _, r := range b.sourceRows {
		id := sourceAnchor(r.ID)
		fmt.Fprintf(&out, `<tr id="%s"><td><a href="#%s"><code>%s</code></a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>`+"\n",
			id, id, html.EscapeString(r.ID), html.EscapeString(r.Value), html.EscapeString(r.Source), html.EscapeString(r.Where), html.EscapeString(r.Protocol), html.EscapeString(r.Note))
	}
	out.WriteString("</tbody></table></div>\n")
	return &page{File: "sources.html", Title: "Cited numbers", Section: "sources", Body: template.HTML(out.String()), Chapter: -1}
}
