package book

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// examplePkg is the Example functions of one package directory, read
// from its _test.go files with go/parser and go/doc: the same functions
// go test runs and whose // Output: it compares.
type examplePkg struct {
	fset     *token.FileSet
	examples map[string]*doc.Example // by function name: "ExampleNames"
	names    []string                // sorted
}

// examples parses dir (relative to the repository root) once.
func (b *builder) examples(dir string) (*examplePkg, error) {
	if p, ok := b.pkgs[dir]; ok {
		return p, nil
	}
	abs := filepath.Join(b.root, filepath.FromSlash(dir))
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, fmt.Errorf("package directory %s: %v", dir, err)
	}
	p := &examplePkg{fset: token.NewFileSet(), examples: map[string]*doc.Example{}}
	var files []*ast.File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(abs, e.Name()))
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(p.fset, filepath.ToSlash(filepath.Join(dir, e.Name())), src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	for _, ex := range doc.Examples(files...) {
		name := "Example" + ex.Name
		p.examples[name] = ex
		p.names = append(p.names, name)
	}
	sort.Strings(p.names)
	b.pkgs[dir] = p
	return p, nil
}

// outputComment finds the // Output: comment that ends an example body
// (the regexp godoc and pkgsite use to cut it from the listing).
var outputComment = regexp.MustCompile(`(?i)//[[:space:]]*(unordered )?output:`)

// exampleSource prints an Example's body as a reader would type it:
// gofmt-formatted, without the braces, one indent level less, and without
// the // Output: comment (shown apart, as verified output).
func exampleSource(fset *token.FileSet, ex *doc.Example) (string, error) {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, &printer.CommentedNode{Node: ex.Code, Comments: ex.Comments}); err != nil {
		return "", err
	}
	code := buf.String()
	if _, ok := ex.Code.(*ast.BlockStmt); ok {
		code = strings.TrimSuffix(strings.TrimPrefix(code, "{"), "}")
		lines := strings.Split(code, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "\t")
		}
		code = strings.Join(lines, "\n")
	}
	if loc := outputComment.FindStringIndex(code); loc != nil {
		code = code[:loc[0]]
	}
	return strings.Trim(code, "\n \t"), nil
}

// exampleHTML renders the listing of Example name of package dir: its doc
// comment as the caption, its source highlighted, and the output go test
// verified. An Example without an // Output: comment is compiled by go
// test but never run, so it is refused: the book shows only what was
// checked.
func (b *builder) exampleHTML(pg *pageState, dir, name string) (string, error) {
	p, err := b.examples(dir)
	if err != nil {
		return "", err
	}
	ex, ok := p.examples[name]
	if !ok {
		if len(p.names) == 0 {
			return "", fmt.Errorf("%s has no Example functions", dir)
		}
		return "", fmt.Errorf("%s has no %s (it has %s)", dir, name, strings.Join(p.names, ", "))
	}
	if ex.Output == "" && !ex.EmptyOutput {
		return "", fmt.Errorf("%s in %s has no // Output: comment, so go test does not check it", name, dir)
	}
	code, err := exampleSource(p.fset, ex)
	if err != nil {
		return "", fmt.Errorf("%s: %v", name, err)
	}
	hl, err := highlightGo(code)
	if err != nil {
		return "", fmt.Errorf("%s: %v", name, err)
	}
	pos := p.fset.Position(ex.Code.Pos())
	id := "example-" + name
	if err := pg.claim(id); err != nil {
		return "", err
	}
	pg.examples[name] = id
	pkg := dir[strings.LastIndex(dir, "/")+1:]
	var out strings.Builder
	fmt.Fprintf(&out, `<figure class="listing" id="%s">`+"\n", id)
	fmt.Fprintf(&out, `<figcaption><a class="anchor" href="#%s">%s.%s</a>`, id, html.EscapeString(pkg), html.EscapeString(name))
	if d := strings.TrimSpace(ex.Doc); d != "" {
		fmt.Fprintf(&out, ` <span class="doc">%s</span>`, html.EscapeString(strings.Join(strings.Fields(d), " ")))
	}
	out.WriteString("</figcaption>\n")
	out.WriteString(hl)
	label := "Output"
	if ex.Unordered {
		label = "Output (any order)"
	}
	fmt.Fprintf(&out, `<div class="output-label">%s <span class="verified">checked by <code>go test -run '^%s$' ./%s</code></span> <span class="where">%s:%d</span></div>`+"\n",
		label, html.EscapeString(name), html.EscapeString(dir), html.EscapeString(pos.Filename), pos.Line)
	fmt.Fprintf(&out, "<pre class=\"output\">%s</pre>\n</figure>\n", html.EscapeString(strings.TrimRight(ex.Output, "\n")))
	return out.String(), nil
}

// highlightGo renders Go source as <pre class="chroma"> with CSS classes.
func highlightGo(code string) (string, error) {
	it, err := lexers.Get("go").Tokenise(nil, code)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))
	if err := f.Format(&buf, styles.Get(chromaStyle), it); err != nil {
		return "", err
	}
	return buf.String(), nil
}
