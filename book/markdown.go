package book

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"regexp"
	"sort"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/gohugoio/hugo-goldmark-extensions/passthrough"
	"github.com/wyatt915/treeblood"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.abhg.dev/goldmark/anchor"
	"go.abhg.dev/goldmark/toc"
)

// chromaStyle is the highlighting style of every code block; the
// stylesheet holds its classes once (see stylesheet).
const (
	chromaStyle     = "github"
	chromaStyleDark = "github-dark"
)

// newMarkdown returns the one Markdown pipeline of the book: GitHub
// Flavoured Markdown, footnotes, heading ids with a ¶ anchor, fenced code
// highlighted with CSS classes, and maths between $…$ (inline) and $$…$$
// (display) passed through untouched for expandMath to turn into MathML.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithStyle(chromaStyle),
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			),
			passthrough.New(passthrough.Config{
				InlineDelimiters: []passthrough.Delimiters{{Open: "$", Close: "$"}},
				BlockDelimiters:  []passthrough.Delimiters{{Open: "$$", Close: "$$"}},
			}),
			&anchor.Extender{Texter: anchor.Text("¶"), Attributer: anchor.Attributes{"class": "anchor"}},
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			// Below the passthrough renderers' priorities (99, 101): ours win.
			util.Prioritized(rawRenderer{}, 10),
		)),
	)
}

// rawNode is finished HTML standing in the tree for what the book
// expanded: a directive (block) or a formula (inline or block).
type rawNode struct {
	ast.BaseBlock
	HTML []byte
}

// rawInline is the inline form of rawNode (goldmark asks Type()).
type rawInline struct {
	ast.BaseInline
	HTML []byte
}

var (
	kindRawBlock  = ast.NewNodeKind("BookRawBlock")
	kindRawInline = ast.NewNodeKind("BookRawInline")
)

func (n *rawNode) Kind() ast.NodeKind           { return kindRawBlock }
func (n *rawNode) Dump(src []byte, level int)   { ast.DumpHelper(n, src, level, nil, nil) }
func (n *rawInline) Kind() ast.NodeKind         { return kindRawInline }
func (n *rawInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (rawRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRawBlock, renderRaw)
	reg.Register(kindRawInline, renderRaw)
	// Maths that expandMath did not replace (it replaces all) would
	// otherwise print its TeX source: render nothing rather than guess.
	reg.Register(passthrough.KindPassthroughInline, renderNothing)
	reg.Register(passthrough.KindPassthroughBlock, renderNothing)
}

type rawRenderer struct{}

func renderRaw(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		switch n := n.(type) {
		case *rawNode:
			w.Write(n.HTML)
			w.WriteByte('\n')
		case *rawInline:
			w.Write(n.HTML)
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderNothing(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// source is one Markdown file being rendered: its path relative to the
// repository root (for messages) and its bytes, with the offsets of its
// line starts so that any node can be reported as file:line.
type source struct {
	File  string
	Src   []byte
	lines []int
}

func newSource(file string, src []byte) *source {
	s := &source{File: file, Src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// line is the 1-based line holding byte offset off.
func (s *source) line(off int) int {
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
}

// errorf returns an error that names the file and line: "chapters/vgg/README.md:42: …".
func (s *source) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", s.File, line, fmt.Sprintf(format, args...))
}

// nodeLine is the first line of a node that has source lines or a
// segment (blocks, text, passthroughs); 0 if it has neither.
func (s *source) nodeLine(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		switch n := n.(type) {
		case *passthrough.PassthroughInline:
			return s.line(n.Segment.Start)
		case *ast.Text:
			return s.line(n.Segment.Start)
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return s.line(n.Lines().At(0).Start)
		}
		if c := n.FirstChild(); c != nil {
			if t, ok := c.(*ast.Text); ok {
				return s.line(t.Segment.Start)
			}
		}
	}
	return 0
}

// expandMath replaces every $…$ and $$…$$ by MathML from TreeBlood (pure
// Go; no script, no CDN). A formula TreeBlood cannot typeset comes back
// with an <merror> element: that is an error naming the line, not a page
// with a red box.
func expandMath(doc ast.Node, s *source) []error {
	type repl struct {
		old ast.Node
		new ast.Node
	}
	var todo []repl
	var errs []error
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var seg text.Segment
		var d *passthrough.Delimiters
		block := false
		switch n := n.(type) {
		case *passthrough.PassthroughInline:
			seg, d = n.Segment, n.Delimiters
		case *passthrough.PassthroughBlock:
			if n.Lines().Len() == 0 {
				return ast.WalkSkipChildren, nil
			}
			seg, d, block = n.Lines().At(0), n.Delimiters, true
		default:
			return ast.WalkContinue, nil
		}
		line := s.line(seg.Start)
		raw := string(seg.Value(s.Src))
		tex := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(raw, d.Open), d.Close))
		mml, err := texToMathML(tex, block)
		if err != nil {
			errs = append(errs, s.errorf(line, "maths %q: %v", tex, err))
			return ast.WalkSkipChildren, nil
		}
		if block {
			todo = append(todo, repl{n, &rawNode{HTML: []byte(`<div class="math">` + mml + `</div>`)}})
		} else {
			todo = append(todo, repl{n, &rawInline{HTML: []byte(mml)}})
		}
		return ast.WalkSkipChildren, nil
	})
	for _, r := range todo {
		r.old.Parent().ReplaceChild(r.old.Parent(), r.old, r.new)
	}
	return errs
}

// texToMathML typesets one formula.
func texToMathML(tex string, block bool) (string, error) {
	if tex == "" {
		return "", fmt.Errorf("empty formula")
	}
	var mml string
	var err error
	if block {
		mml, err = treeblood.DisplayStyle(tex, nil)
	} else {
		mml, err = treeblood.InlineStyle(tex, nil)
	}
	if err != nil {
		return "", err
	}
	if strings.Contains(mml, "<merror") {
		return "", fmt.Errorf("TreeBlood cannot typeset it (its MathML holds an <merror>; \\operatorname, for one, is unsupported)")
	}
	return sortAttrs(strings.TrimSpace(mml)), nil
}

// mathTag is a start tag with its attributes (TreeBlood quotes every
// value with " and escapes none of them with >).
var (
	mathTag  = regexp.MustCompile(`<([a-z]+)((?:\s+[a-zA-Z:-]+="[^"]*")+)(\s*/?)>`)
	mathAttr = regexp.MustCompile(`[a-zA-Z:-]+="[^"]*"`)
)

// sortAttrs puts every tag's attributes in alphabetical order: TreeBlood
// writes them from a map, in a different order on every run, and the
// book must come out byte for byte the same (TestDeterministic).
func sortAttrs(mml string) string {
	return mathTag.ReplaceAllStringFunc(mml, func(tag string) string {
		m := mathTag.FindStringSubmatch(tag)
		attrs := mathAttr.FindAllString(m[2], -1)
		sort.Strings(attrs)
		return "<" + m[1] + " " + strings.Join(attrs, " ") + m[3] + ">"
	})
}

// pageContext is what the prose of one page may link to.
type pageContext struct {
	examples map[string]string // "ExampleNames" → fragment id of its listing on this page
	claims   map[string]bool   // ledger ids
	models   map[string]*model // registered models, by name
}

// linkCodeSpans turns code spans that name something the book shows into
// links: a claim id (`vgg/memory-96m`) to its ledger entry, a model name
// (`vgg16`) to its row of models.html, an Example shown on the page to its
// listing.
func linkCodeSpans(doc ast.Node, src []byte, pc pageContext) {
	var spans []*ast.CodeSpan
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if _, ok := n.(*ast.Link); ok {
			return ast.WalkSkipChildren, nil
		}
		if c, ok := n.(*ast.CodeSpan); ok {
			spans = append(spans, c)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, c := range spans {
		var b bytes.Buffer
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			if t, ok := t.(*ast.Text); ok {
				b.Write(t.Segment.Value(src))
			}
		}
		name := b.String()
		var dest string
		switch {
		case pc.examples[name] != "":
			dest = "#" + pc.examples[name]
		case pc.claims[name]:
			dest = "ledger.html#" + claimID(name)
		case pc.models[name] != nil:
			dest = "models.html#" + modelID(name)
		default:
			continue
		}
		link := ast.NewLink()
		link.Destination = []byte(dest)
		parent := c.Parent()
		parent.ReplaceChild(parent, c, link)
		link.AppendChild(link, c)
	}
}

// rewriteLinks maps the chapter READMEs' relative links, written to work
// on GitHub too, to the book's pages: ../vgg/README.md#counting becomes
// vgg.html#counting, ../../docs/ledger.html becomes ledger.html. Any
// other relative link or image would point at a file the book does not
// publish, and an image from another site would make every reader's
// browser fetch it: errors naming the line.
func rewriteLinks(doc ast.Node, s *source) []error {
	var errs []error
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
			if d := string(n.Destination); strings.Contains(d, "://") || strings.HasPrefix(d, "//") {
				errs = append(errs, s.errorf(s.nodeLine(n), "image %q: the book loads nothing from other sites (commit the image and use a directive)", d))
				return ast.WalkContinue, nil
			}
		default:
			return ast.WalkContinue, nil
		}
		d := string(*dest)
		if strings.HasPrefix(d, "#") || strings.Contains(d, "://") || strings.HasPrefix(d, "mailto:") {
			return ast.WalkContinue, nil
		}
		file, frag, _ := strings.Cut(d, "#")
		target := path.Join(path.Dir(s.File), file) // relative to the repository root
		out := ""
		switch dir := path.Dir(target); {
		case path.Base(target) == "README.md" && path.Dir(dir) == "chapters" && chapterOf(path.Base(dir)) >= 0:
			out = path.Base(dir) + ".html"
		case strings.HasPrefix(target, "docs/") && strings.HasSuffix(target, ".html"):
			out = strings.TrimPrefix(target, "docs/")
		default:
			errs = append(errs, s.errorf(s.nodeLine(n), "link %q: the book publishes only the chapter pages (link their README.md), its own pages (link docs/NAME.html) and figures (use a directive)", d))
			return ast.WalkContinue, nil
		}
		if frag != "" {
			out += "#" + frag
		}
		*dest = []byte(out)
		return ast.WalkContinue, nil
	})
	return errs
}

// tocItem is one heading in a page's table of contents.
type tocItem struct {
	Title string
	ID    string
	Items []tocItem
}

// pageTOC lists the page's second- and third-level headings.
func pageTOC(doc ast.Node, src []byte) []tocItem {
	t, err := toc.Inspect(doc, src, toc.MinDepth(2), toc.MaxDepth(3), toc.Compact(true))
	if err != nil {
		return nil
	}
	var conv func(toc.Items) []tocItem
	conv = func(items toc.Items) []tocItem {
		var out []tocItem
		for _, it := range items {
			// Titles come back as HTML text (the typographer's &rsquo;); the
			// templates escape them again.
			title := html.UnescapeString(strings.TrimSpace(strings.TrimSuffix(string(it.Title), "¶")))
			out = append(out, tocItem{Title: title, ID: string(it.ID), Items: conv(it.Items)})
		}
		return out
	}
	return conv(t.Items)
}

// takeTitle removes the document's first level-1 heading and returns its
// text: the page puts the title in its own header.
func takeTitle(doc ast.Node, src []byte) string {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			var b bytes.Buffer
			ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if entering {
					switch t := n.(type) {
					case *ast.Text:
						b.Write(t.Segment.Value(src))
					case *ast.String:
						b.Write(t.Value)
					}
				}
				return ast.WalkContinue, nil
			})
			doc.RemoveChild(doc, h)
			return strings.TrimSpace(b.String())
		}
	}
	return ""
}
