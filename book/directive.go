package book

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// A directive is one line of a fenced block whose info string is "book":
//
//	```book
//	example chapters/vgg ExampleNames
//	figure vgg16-memory-params
//	```
//
// Each line is a verb and its arguments, separated by spaces; the block
// is replaced by what the lines produce, in order. GitHub shows the block
// as it is, so a chapter's README stays readable there.
type directive struct {
	Verb string
	Args []string
	Line int // in the Markdown file
}

// verb describes one directive: its argument synopsis, its arity and
// what it renders.
type verb struct {
	synopsis string
	min, max int
	render   func(b *builder, pg *pageState, args []string) (string, error)
}

var verbs = map[string]verb{
	// The Example's body (go/doc, gofmt-printed) and its // Output:
	// block, which go test checks.
	"example": {"example PKG ExampleName", 2, 2, func(b *builder, pg *pageState, a []string) (string, error) {
		return b.exampleHTML(pg, a[0], a[1])
	}},
	// nn.Analyze's per-layer table and totals, at the model's own input
	// or at C,H,W.
	"summary": {"summary MODEL [C,H,W]", 1, 2, func(b *builder, pg *pageState, a []string) (string, error) {
		return b.summaryHTML(pg, a[0], a[1:])
	}},
	// One line per model of a chapter: params, MACs, depth, RF, paths.
	"models": {"models CHAPTER", 1, 1, func(b *builder, _ *pageState, a []string) (string, error) {
		return b.modelsHTML(a[0], false)
	}},
	// The chapter's entries of the claims ledger.
	"ledger": {"ledger CHAPTER", 1, 1, func(b *builder, pg *pageState, a []string) (string, error) {
		if err := pg.claim("ledger-" + a[0]); err != nil { // its entries' ids
			return "", err
		}
		return b.ledgerHTML(a[0])
	}},
	// The chapter's exercises, each linked to exercises.html; a chapter
	// page whose README does not use it ends with the same list.
	"exercises": {"exercises CHAPTER", 1, 1, func(b *builder, pg *pageState, a []string) (string, error) {
		return b.exercisesDirective(pg, a[0])
	}},
	// A diagram of a module tree, inline SVG (see diagrams.go).
	"diagram": {"diagram NAME", 1, 1, func(b *builder, pg *pageState, a []string) (string, error) {
		return b.diagramHTML(pg, a[0])
	}},
	// The panel that opens the live page (live.go).
	"live": {"live [zfnet]", 0, 1, func(b *builder, _ *pageState, a []string) (string, error) {
		return livePanel(strings.Join(a, ""))
	}},
	// A figure drawn by gonum/plot from the models (see figures.go).
	"figure": {"figure NAME", 1, 1, func(b *builder, pg *pageState, a []string) (string, error) {
		return b.figureHTML(pg, a[0])
	}},
}

// verbNames lists the verbs for messages.
func verbNames() string {
	var names []string
	for n := range verbs {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// parseDirectives reads the lines of a book block that starts (its first
// content line) at line first.
func parseDirectives(s *source, fence *ast.FencedCodeBlock) ([]directive, []error) {
	var out []directive
	var errs []error
	lines := fence.Lines()
	if lines.Len() == 0 {
		line := 0
		if fence.Info != nil {
			line = s.line(fence.Info.Segment.Start)
		}
		return nil, []error{s.errorf(line, "empty book block: want one directive per line (%s)", verbNames())}
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := s.line(seg.Start)
		fields := strings.Fields(string(seg.Value(s.Src)))
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		v, ok := verbs[fields[0]]
		if !ok {
			errs = append(errs, s.errorf(line, "unknown directive %q (want one of %s)", fields[0], verbNames()))
			continue
		}
		if n := len(fields) - 1; n < v.min || n > v.max {
			errs = append(errs, s.errorf(line, "%s: got %d arguments, want %q", fields[0], n, v.synopsis))
			continue
		}
		out = append(out, directive{Verb: fields[0], Args: fields[1:], Line: line})
	}
	return out, errs
}

// expandDirectives replaces every book block of doc by its HTML. Errors
// name the file and line of the directive.
func (b *builder) expandDirectives(doc ast.Node, s *source, pg *pageState) []error {
	var fences []*ast.FencedCodeBlock
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if string(f.Language(s.Src)) == "book" {
				fences = append(fences, f)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var errs []error
	for _, f := range fences {
		ds, perrs := parseDirectives(s, f)
		errs = append(errs, perrs...)
		var html strings.Builder
		for _, d := range ds {
			out, err := verbs[d.Verb].render(b, pg, d.Args)
			if err != nil {
				errs = append(errs, s.errorf(d.Line, "%s %s: %v", d.Verb, strings.Join(d.Args, " "), err))
				continue
			}
			html.WriteString(out)
		}
		f.Parent().ReplaceChild(f.Parent(), f, &rawNode{HTML: []byte(html.String())})
	}
	return errs
}

// pageState is what one page has shown so far: listings (for links from
// the prose and unique ids) and figures.
type pageState struct {
	examples map[string]string // "ExampleNames" → "example-ExampleNames"
	figures  []string
	diagrams []string
	terms    []term          // glossary terms to link at their first use (chapter pages)
	ids      map[string]bool // ids the directives gave their output
}

func newPageState() *pageState {
	return &pageState{examples: map[string]string{}, ids: map[string]bool{}}
}

// claim reserves an element id on the page: a listing, table or figure
// shown twice would give two elements one id.
func (pg *pageState) claim(id string) error {
	if pg.ids[id] {
		return fmt.Errorf("already shown on this page (id %q)", id)
	}
	pg.ids[id] = true
	return nil
}
