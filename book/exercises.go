package book

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc"
	"go/doc/comment"
	"go/format"
	"go/parser"
	"go/token"
	"html"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/cnnbook/cnnbook/exercises"
)

// exerciseDoc is one exercise as the book shows it: its catalog entry and
// the documentation of its package, read with go/doc from exercise.go
// alone. The solution (exercises/solutions/ID) and the check (exercise_test.go)
// stay out of the book, and the hints stay with `book hint`.
//
// What is shown is the task, not the reader's work: the package doc, the
// function's signature and doc, and the exported declarations the task
// names (receptive-field's Layer, vgg-params's Widths). Never a function
// body, nor a helper a reader adds, so that solving an exercise does not
// make the committed book stale (TestFresh).
type exerciseDoc struct {
	exercises.Exercise
	chapter int // index into chapters
	pkg     *doc.Package
	decls   []declDoc // the function and what it names, in source order
}

// declDoc is one exported declaration of an exercise's package.
type declDoc struct {
	name string
	pos  token.Pos
	code string // gofmt-printed, without doc comment or function body
	doc  string
}

// exerciseFiles says which files of an exercise directory the book
// reads: exercise.go, where the task is; never a test file (the check,
// the solution) nor a file a reader adds.
func exerciseFiles(name string) bool {
	return name == "exercise.go"
}

// exercises reads every exercise of the catalog once, in the catalog's
// order. An exercise of no chapter, without a directory or without its
// function is an error.
func (b *builder) exercises() ([]*exerciseDoc, error) {
	if b.exs != nil {
		return b.exs, nil
	}
	var out []*exerciseDoc
	var errs []string
	for _, e := range exercises.All {
		d, err := b.readExercise(e)
		if err != nil {
			errs = append(errs, fmt.Sprintf("exercise %s: %v", e.ID, err))
			continue
		}
		out = append(out, d)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	b.exs = out
	return out, nil
}

// readExercise parses the reader's files of exercise e with go/doc.
func (b *builder) readExercise(e exercises.Exercise) (*exerciseDoc, error) {
	ci := chapterOf(e.Chapter)
	if ci < 0 {
		return nil, fmt.Errorf("no chapter %q", e.Chapter)
	}
	abs := filepath.Join(b.root, filepath.FromSlash(e.Dir()))
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, ent := range entries {
		if ent.IsDir() || !exerciseFiles(ent.Name()) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(abs, ent.Name()))
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, e.Dir()+"/"+ent.Name(), src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s has no exercise.go", e.Dir())
	}
	pkg, err := doc.NewFromFiles(fset, files, e.ImportPath())
	if err != nil {
		return nil, err
	}
	d := &exerciseDoc{Exercise: e, chapter: ci, pkg: pkg}
	add := func(name string, decl ast.Decl, text string) error {
		var buf bytes.Buffer
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			c := *decl
			c.Doc, c.Body = nil, nil
			decl = &c
		case *ast.GenDecl:
			c := *decl
			c.Doc = nil
			decl = &c
		}
		if err := format.Node(&buf, fset, decl); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		d.decls = append(d.decls, declDoc{name: name, pos: decl.Pos(), code: buf.String(), doc: text})
		return nil
	}
	var errs []error
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			errs = append(errs, add(strings.Join(v.Names, ","), v.Decl, v.Doc))
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			name := f.Name
			if f.Recv != "" {
				name = strings.TrimPrefix(f.Recv, "*") + "." + f.Name
			}
			errs = append(errs, add(name, f.Decl, f.Doc))
		}
	}
	values(pkg.Consts)
	values(pkg.Vars)
	funcs(pkg.Funcs)
	for _, t := range pkg.Types {
		errs = append(errs, add(t.Name, t.Decl, t.Doc))
		values(t.Consts)
		values(t.Vars)
		funcs(t.Funcs)
		funcs(t.Methods)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	task := d.decl(e.Func)
	if task == nil {
		return nil, fmt.Errorf("%s/exercise.go declares no exported %s (the catalog's Func)", e.Dir(), e.Func)
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(task.code+" "+task.doc, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) {
		words[w] = true
	}
	named := d.decls[:0]
	for _, decl := range d.decls {
		if decl.name == e.Func || decl.names(words) {
			named = append(named, decl)
		}
	}
	d.decls = named
	sort.Slice(d.decls, func(i, j int) bool { return d.decls[i].pos < d.decls[j].pos })
	return d, nil
}

// names reports whether words holds one of the declaration's names.
func (d declDoc) names(words map[string]bool) bool {
	for _, n := range strings.Split(d.name, ",") {
		if words[n] {
			return true
		}
	}
	return false
}

// decl returns the declaration called name, or nil.
func (d *exerciseDoc) decl(name string) *declDoc {
	for i := range d.decls {
		if d.decls[i].name == name {
			return &d.decls[i]
		}
	}
	return nil
}

// exerciseAnchor is the id of an exercise on exercises.html: its ID.
func exerciseAnchor(id string) string { return id }

// exercisesChapterAnchor is the id of a chapter's section on exercises.html.
func exercisesChapterAnchor(slug string) string { return "chapter-" + slug }

// declAnchor is the id of a declaration of an exercise: "receptive-field.Layer".
func declAnchor(id, name string) string { return id + "." + name }

// commentHTML renders a doc comment parsed by go/doc/comment, as pkgsite
// would: paragraphs, code blocks, lists, headings (as h4, ids prefixed
// with the exercise's), links to the package's own declarations on this
// page and to pkg.go.dev for others. (comment.Printer's HTML leaves <p>
// unclosed, which TestLinks's balance check rightly refuses.) A code
// block of nothing but `go test`/`go run` command lines is left out, with
// the sentence that introduces it (one that ends in a colon or in no
// punctuation at all): the page shows each exercise's commands itself.
func (d *exerciseDoc) commentHTML(text string) string {
	c := d.pkg.Parser().Parse(text)
	var keep []comment.Block
	for _, blk := range c.Content {
		if code, ok := blk.(*comment.Code); ok && commandBlock(code.Text) {
			if n := len(keep); n > 0 {
				if p, ok := keep[n-1].(*comment.Paragraph); ok && introduces(p) {
					keep = keep[:n-1]
				}
			}
			continue
		}
		keep = append(keep, blk)
	}
	var out strings.Builder
	for _, blk := range keep {
		d.blockHTML(&out, blk, true)
	}
	return out.String()
}

// blockHTML writes one block of a doc comment. A list item's paragraphs
// are bare when the list is tight (no blank lines between its items).
func (d *exerciseDoc) blockHTML(out *strings.Builder, blk comment.Block, para bool) {
	switch blk := blk.(type) {
	case *comment.Paragraph:
		if para {
			out.WriteString("<p>")
		}
		d.textHTML(out, blk.Text)
		if para {
			out.WriteString("</p>\n")
		}
	case *comment.Code:
		fmt.Fprintf(out, "<pre>%s</pre>\n", html.EscapeString(strings.TrimRight(blk.Text, "\n")))
	case *comment.Heading:
		fmt.Fprintf(out, `<h4 id="%s-%s">`, d.ID, blk.DefaultID())
		d.textHTML(out, blk.Text)
		out.WriteString("</h4>\n")
	case *comment.List:
		tag := "ul"
		if len(blk.Items) > 0 && blk.Items[0].Number != "" {
			tag = "ol"
		}
		fmt.Fprintf(out, "<%s>\n", tag)
		for _, it := range blk.Items {
			out.WriteString("<li>")
			for _, c := range it.Content {
				d.blockHTML(out, c, blk.BlankBetween())
			}
			out.WriteString("</li>\n")
		}
		fmt.Fprintf(out, "</%s>\n", tag)
	}
}

// textHTML writes the text of a paragraph or heading.
func (d *exerciseDoc) textHTML(out *strings.Builder, ts []comment.Text) {
	for _, t := range ts {
		switch t := t.(type) {
		case comment.Plain:
			out.WriteString(html.EscapeString(string(t)))
		case comment.Italic:
			out.WriteString("<i>" + html.EscapeString(string(t)) + "</i>")
		case *comment.Link:
			fmt.Fprintf(out, `<a href="%s">`, html.EscapeString(t.URL))
			d.textHTML(out, t.Text)
			out.WriteString("</a>")
		case *comment.DocLink:
			fmt.Fprintf(out, `<a href="%s"><code>`, html.EscapeString(d.docLinkURL(t)))
			d.textHTML(out, t.Text)
			out.WriteString("</code></a>")
		}
	}
}

// docLinkURL sends [Name] to the declaration on this page and
// [pkg.Name] to pkg.go.dev.
func (d *exerciseDoc) docLinkURL(l *comment.DocLink) string {
	if l.ImportPath == "" || l.ImportPath == d.ImportPath() {
		name := l.Name
		if l.Recv != "" {
			name = l.Recv + "." + l.Name
		}
		return "#" + declAnchor(d.ID, name)
	}
	return l.DefaultURL("https://pkg.go.dev")
}

// commandBlock reports whether a code block is only command lines.
func commandBlock(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if !strings.HasPrefix(l, "go test ") && !strings.HasPrefix(l, "go run ") {
			return false
		}
		n++
	}
	return n > 0
}

// introduces reports whether a paragraph leads into the block after it:
// it ends in a colon, or mid-sentence ("then check it with").
func introduces(p *comment.Paragraph) bool {
	if len(p.Text) == 0 {
		return false
	}
	s, ok := p.Text[len(p.Text)-1].(comment.Plain)
	if !ok {
		return false
	}
	r := []rune(strings.TrimSpace(string(s)))
	if len(r) == 0 {
		return false
	}
	last := r[len(r)-1]
	return last == ':' || unicode.IsLetter(last) || unicode.IsDigit(last)
}

// commands are the three commands of an exercise, with what each does.
func commands(id string) [][2]string {
	return [][2]string{
		{"go test ./exercises/" + id, "check it: got X, want Y"},
		{"go run ./cmd/book exercises " + id, "its status, and hints seen"},
		{"go run ./cmd/book hint " + id, "the next hint"},
	}
}

// exerciseHTML renders one exercise: its title, its package's doc, every
// exported declaration of the reader's file with its doc (the function
// to write first among them), and the commands.
func (b *builder) exerciseHTML(d *exerciseDoc) (string, error) {
	var out strings.Builder
	id := exerciseAnchor(d.ID)
	fmt.Fprintf(&out, `<section class="exercise" id="%s">`+"\n", id)
	fmt.Fprintf(&out, `<h3>%s <a class="anchor" href="#%s">¶</a></h3>`+"\n", html.EscapeString(d.Title), id)
	fmt.Fprintf(&out, `<p class="meta"><code>%s</code> · write <a href="#%s"><code>%s</code></a> in <code>%s/exercise.go</code> · %d hints</p>`+"\n",
		html.EscapeString(d.ID), declAnchor(d.ID, d.Func), html.EscapeString(d.Func), html.EscapeString(d.Dir()), len(d.Hints))
	out.WriteString(`<div class="pkgdoc">` + "\n" + d.commentHTML(d.pkg.Doc) + "</div>\n")
	for _, decl := range d.decls {
		hl, err := highlightGo(strings.TrimSpace(decl.code))
		if err != nil {
			return "", fmt.Errorf("exercise %s: %s: %v", d.ID, decl.name, err)
		}
		class := "decl"
		if decl.name == d.Func {
			class += " task"
		}
		fmt.Fprintf(&out, `<div class="%s" id="%s">`+"\n%s", class, declAnchor(d.ID, decl.name), hl)
		if strings.TrimSpace(decl.doc) != "" {
			out.WriteString(`<div class="doc">` + "\n" + d.commentHTML(decl.doc) + "</div>\n")
		}
		out.WriteString("</div>\n")
	}
	out.WriteString(`<pre class="commands">`)
	w := 0
	for _, c := range commands(d.ID) {
		w = max(w, len(c[0]))
	}
	for _, c := range commands(d.ID) {
		fmt.Fprintf(&out, "%s%s  <span class=\"c\"># %s</span>\n", html.EscapeString(c[0]), strings.Repeat(" ", w-len(c[0])), html.EscapeString(c[1]))
	}
	out.WriteString("</pre>\n</section>\n")
	return out.String(), nil
}

// exercisesPage renders exercises.html: the introduction (exercises.md,
// with the same directives as a chapter), then every exercise of the
// catalog, grouped by chapter in the book's order.
func (b *builder) exercisesPage() (*page, []error) {
	title, body, toc, errs := b.markdown(newSource("book/exercises.md", exercisesMD))
	exs, err := b.exercises()
	if err != nil {
		return nil, append(errs, err)
	}
	var out strings.Builder
	out.Write(body)
	for i, c := range chapters {
		var mine []*exerciseDoc
		for _, d := range exs {
			if d.chapter == i {
				mine = append(mine, d)
			}
		}
		if len(mine) == 0 {
			continue
		}
		id := exercisesChapterAnchor(c.Slug)
		fmt.Fprintf(&out, `<h2 id="%s"><a href="%s.html">%d. %s</a> <a class="anchor" href="#%s">¶</a></h2>`+"\n", id, c.Slug, i+1, html.EscapeString(b.titles[i]), id)
		item := tocItem{Title: fmt.Sprintf("%d. %s", i+1, b.titles[i]), ID: id}
		for _, d := range mine {
			h, err := b.exerciseHTML(d)
			if err != nil {
				return nil, append(errs, err)
			}
			out.WriteString(h)
			item.Items = append(item.Items, tocItem{Title: d.Title, ID: exerciseAnchor(d.ID)})
		}
		toc = append(toc, item)
	}
	return &page{File: "exercises.html", Title: title, Body: template.HTML(out.String()), TOC: toc, Section: "exercises", Chapter: -1}, errs
}

// chapterExercisesID is the id of a chapter page's list of exercises,
// whether a README's directive or the page's end put it there.
const chapterExercisesID = "chapter-exercises"

// exercisesEnd ends a chapter page with the chapter's exercises, unless
// its README showed them with the directive; "" for a chapter without
// exercises. It returns the section's entry for the page's contents.
func (b *builder) exercisesEnd(slug string, pg *pageState) (string, *tocItem, error) {
	if pg.ids[chapterExercisesID] {
		return "", nil, nil
	}
	list, err := b.chapterExercisesHTML(slug)
	if err != nil || list == "" {
		return "", nil, err
	}
	id := chapterExercisesID
	var out strings.Builder
	fmt.Fprintf(&out, `<section class="chapter-exercises" id="%s">`+"\n", id)
	fmt.Fprintf(&out, `<h2>Exercises for this chapter <a class="anchor" href="#%s">¶</a></h2>`+"\n", id)
	fmt.Fprintf(&out, `<p>Write a Go function; <code>go test</code> checks it against an answer computed independently. The tasks are on <a href="exercises.html#%s">the exercises page</a>.</p>`+"\n", exercisesChapterAnchor(slug))
	out.WriteString(list)
	out.WriteString("</section>\n")
	return out.String(), &tocItem{Title: "Exercises for this chapter", ID: id}, nil
}

// chapterExercisesHTML lists a chapter's exercises, each linked to its
// section of exercises.html, with the command that checks it: what the
// directive `exercises CHAPTER` shows and what ends a chapter page whose
// README does not use it. A chapter without exercises gives "".
func (b *builder) chapterExercisesHTML(slug string) (string, error) {
	ci := chapterOf(slug)
	if ci < 0 {
		return "", fmt.Errorf("no chapter %q", slug)
	}
	exs, err := b.exercises()
	if err != nil {
		return "", err
	}
	var out strings.Builder
	n := 0
	for _, d := range exs {
		if d.chapter != ci {
			continue
		}
		if n == 0 {
			out.WriteString(`<ul class="exercise-list">` + "\n")
		}
		n++
		fmt.Fprintf(&out, `<li><a href="exercises.html#%s">%s</a> <code>go test ./exercises/%s</code></li>`+"\n",
			exerciseAnchor(d.ID), html.EscapeString(d.Title), html.EscapeString(d.ID))
	}
	if n == 0 {
		return "", nil
	}
	out.WriteString("</ul>\n")
	return out.String(), nil
}

// exercisesDirective is the directive `exercises CHAPTER`: the chapter's
// list, placed where the README wants it (and then not again at the
// page's end). A chapter without exercises is an error: there is nothing
// to show.
func (b *builder) exercisesDirective(pg *pageState, slug string) (string, error) {
	list, err := b.chapterExercisesHTML(slug)
	if err != nil {
		return "", err
	}
	if list == "" {
		return "", fmt.Errorf("chapter %s has no exercises (exercises/catalog.go lists them)", slug)
	}
	if err := pg.claim(chapterExercisesID); err != nil {
		return "", err
	}
	return `<div class="chapter-exercises" id="` + chapterExercisesID + `">` + "\n" + list + "</div>\n", nil
}
