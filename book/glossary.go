package book

import (
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// glossaryTSV is the Korean–English glossary: one term a line, "ko, en,
// definition, anchor" (the book page#fragment that teaches it).
//
//go:embed glossary.tsv
var glossaryTSV string

const glossaryHeader = "ko\ten\tdefinition\tanchor"

// term is one glossary entry, with the patterns that find it in English
// prose: the English term and, if it has one, the short form in its
// parentheses ("multiply-accumulates (MACs)" → MACs).
type term struct {
	KO, EN, Def, Anchor string
	ID                  string
	re                  *regexp.Regexp
}

// glossary parses glossary.tsv.
func glossary() ([]term, error) {
	lines := strings.Split(strings.TrimSuffix(glossaryTSV, "\n"), "\n")
	if lines[0] != glossaryHeader {
		return nil, fmt.Errorf("book/glossary.tsv:1: header %q, want %q", lines[0], glossaryHeader)
	}
	var out []term
	ids := map[string]int{}
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 4 || f[0] == "" || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("book/glossary.tsv:%d: want four fields (ko, en, definition, anchor), got %q", i+2, l)
		}
		t := term{KO: f[0], EN: f[1], Def: f[2], Anchor: f[3]}
		main, forms := termForms(t.EN)
		t.ID = "term-" + slug(main)
		if n := ids[t.ID]; n > 0 {
			return nil, fmt.Errorf("book/glossary.tsv:%d: %q has the id of line %d", i+2, t.EN, n)
		}
		ids[t.ID] = i + 2
		t.re = regexp.MustCompile(`(?i)\b(?:` + strings.Join(forms, "|") + `)(?:s|es)?\b`)
		out = append(out, t)
	}
	return out, nil
}

// termForms is how an English term is written in prose: without its
// parenthesis, and the parenthesis as an alternative: at the end it is a
// short form ("multiply-accumulates (MACs)": MACs), inside it replaces the
// word before it ("residual (skip) connection": skip connection).
func termForms(en string) (main string, forms []string) {
	open, close := strings.Index(en, " ("), strings.Index(en, ")")
	if open < 0 || close < open {
		return en, []string{regexp.QuoteMeta(en)}
	}
	paren, rest := en[open+2:close], strings.TrimSpace(en[close+1:])
	main = strings.TrimSpace(en[:open] + " " + rest)
	forms = []string{regexp.QuoteMeta(main)}
	switch {
	case rest == "" && !strings.Contains(paren, " "):
		forms = append(forms, regexp.QuoteMeta(paren))
	case rest != "":
		words := strings.Fields(en[:open])
		words[len(words)-1] = paren
		forms = append(forms, regexp.QuoteMeta(strings.Join(words, " ")+" "+rest))
	}
	return main, forms
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// glossaryPage renders glossary.html.
func (b *builder) glossaryPage() (*page, error) {
	terms, err := glossary()
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	fmt.Fprintf(&out, `<p>The %d terms of the study notes, Korean and English, each with a short definition and the section that teaches it. In a chapter, the first use of a term links here.</p>`+"\n", len(terms))
	out.WriteString(`<dl class="glossary">` + "\n")
	for _, t := range terms {
		fmt.Fprintf(&out, `<dt id="%s"><span lang="ko">%s</span> <span class="en">%s</span></dt><dd>%s`, t.ID, html.EscapeString(t.KO), html.EscapeString(t.EN), html.EscapeString(t.Def))
		if t.Anchor != "" {
			fmt.Fprintf(&out, ` <a href="%s">Where the book teaches it</a>.`, html.EscapeString(t.Anchor))
		}
		out.WriteString("</dd>\n")
	}
	out.WriteString("</dl>\n")
	return &page{File: "glossary.html", Title: "Glossary, Korean–English", Section: "glossary", Body: template.HTML(out.String()), Chapter: -1}, nil
}

// linkTerms links the first use of each glossary term in a chapter's
// running text (paragraphs and list items; never a heading, a link, code
// or a table) to its entry on glossary.html.
func linkTerms(doc ast.Node, src []byte, terms []term) {
	done := map[string]bool{}
	var texts []*ast.Text
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		if n.Kind().String() == "Table" {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		seg := t.Segment
		s := string(seg.Value(src))
		best, bi := -1, -1
		var loc []int
		for i, tm := range terms {
			if done[tm.ID] {
				continue
			}
			if l := tm.re.FindStringIndex(s); l != nil && (best < 0 || l[0] < best) {
				best, bi, loc = l[0], i, l
			}
		}
		if bi < 0 {
			continue
		}
		tm := terms[bi]
		done[tm.ID] = true
		parent := t.Parent()
		before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+loc[0]))
		inner := ast.NewTextSegment(text.NewSegment(seg.Start+loc[0], seg.Start+loc[1]))
		after := ast.NewTextSegment(text.NewSegment(seg.Start+loc[1], seg.Stop))
		after.SetSoftLineBreak(t.SoftLineBreak())
		after.SetHardLineBreak(t.HardLineBreak())
		link := ast.NewLink()
		link.Destination = []byte("glossary.html#" + tm.ID)
		link.Title = []byte(tm.KO + ": " + tm.Def)
		link.SetAttributeString("class", []byte("term"))
		link.AppendChild(link, inner)
		parent.InsertBefore(parent, t, before)
		parent.InsertBefore(parent, t, link)
		parent.ReplaceChild(parent, t, after)
	}
}
