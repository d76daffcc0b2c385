package book

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Site is a built book: the files of the HTML site (docs/) and the
// figures (figures/), by slash-separated path relative to each directory.
// The site holds its own copy of the figures under figures/, so that docs/
// can be served or opened on its own.
type Site struct {
	Docs    map[string][]byte
	Figures map[string][]byte
}

// builder holds what every page may draw on: the models and their
// analyses, the ledger, the chapter titles, parsed Example packages and
// drawn figures.
type builder struct {
	root   string // repository root
	md     goldmark.Markdown
	claims []claims.Claim
	ids    map[string]bool // the claims' ids, for linking code spans
	models []*model
	byName map[string]*model
	titles []string    // chapter titles (each README's first heading), by chapter
	tocs   [][]tocItem // chapter sections, by chapter
	pkgs   map[string]*examplePkg
	drawn  map[string]*drawnFigure
	// drawnImages are the image figures (PNG) rendered (visualise.go).
	drawnImages map[string]*drawnImage
	exs         []*exerciseDoc // the exercises' docs, read once (exercises.go)
	// The inline directives' values (inline.go): chapters' computed
	// values by ID, and the rows of sources.tsv.
	values     map[string]claims.Value
	sources    map[string]claims.Source
	sourceRows []claims.Source
	// order is every page in reading order, for the pager.
	order []navItem
}

// Build builds the book from the repository at root: one page per
// chapter (its README.md with directives expanded), the index, the
// ledger, the models, the notes, the stylesheet and the figures. Every
// problem found (a missing example, model or figure, a formula that
// cannot be typeset, a broken link) is reported, each naming its file and
// line; the site is returned only if there is none.
func Build(root string) (*Site, error) {
	b, err := newBuilder(root)
	if err != nil {
		return nil, err
	}
	return b.site()
}

// newBuilder analyses every model and gathers the ledger.
func newBuilder(root string) (*builder, error) {
	b := &builder{
		root:   root,
		md:     newMarkdown(),
		byName: map[string]*model{},
		pkgs:   map[string]*examplePkg{},
		drawn:  map[string]*drawnFigure{},
		tocs:   make([][]tocItem, len(chapters)),
	}
	if err := b.analyze(); err != nil {
		return nil, err
	}
	cs, err := all.Claims()
	if err != nil {
		return nil, err
	}
	b.claims = cs
	vs, err := all.Values()
	if err != nil {
		return nil, err
	}
	// The ledger is the source of the numbers the notes claim.
	vs = append(vs, claims.LedgerValues(cs)...)
	b.values = map[string]claims.Value{}
	for _, v := range vs {
		b.values[v.ID] = v
	}
	b.sourceRows, err = claims.Sources()
	if err != nil {
		return nil, err
	}
	b.sources = map[string]claims.Source{}
	for _, r := range b.sourceRows {
		b.sources[r.ID] = r
	}
	b.ids = map[string]bool{}
	for _, c := range b.claims {
		b.ids[c.ID] = true
	}
	return b, nil
}

// site renders every page and figure.
func (b *builder) site() (*Site, error) {
	root := b.root
	b.titles = nil
	site := &Site{Docs: map[string][]byte{}, Figures: map[string][]byte{}}
	var errs []error

	srcs := make([]*source, len(chapters))
	for i, c := range chapters {
		file := "chapters/" + c.Slug + "/README.md"
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return nil, fmt.Errorf("chapter %s: %v", c.Slug, err)
		}
		srcs[i] = newSource(file, data)
		b.titles = append(b.titles, firstHeading(data))
		if b.titles[i] == "" {
			errs = append(errs, srcs[i].errorf(1, "a chapter README starts with its title, a level-1 heading"))
		}
	}
	var pages []*page
	for i := range chapters {
		p, perrs := b.chapterPage(i, srcs[i])
		errs = append(errs, perrs...)
		pages = append(pages, p)
	}
	idx, ierrs := b.indexPage()
	errs = append(errs, ierrs...)
	models, merrs := b.modelsPage()
	errs = append(errs, merrs...)
	exs, xerrs := b.exercisesPage()
	errs = append(errs, xerrs...)
	ledger, toc := b.ledgerPage()
	notes, err := b.notesPage()
	if err != nil {
		errs = append(errs, err)
	}
	pages = append(pages, idx, models, exs,
		&page{File: "ledger.html", Title: "The claims ledger", Section: "ledger", Body: template.HTML(ledger), TOC: toc, Chapter: -1},
		&page{File: "notes.html", Title: "The study notes", Section: "notes", Body: template.HTML(notes), Chapter: -1},
		b.sourcesPage())
	gl, err := b.glossaryPage()
	if err != nil {
		return nil, err
	}
	pages = append(pages, gl)
	lp, err := b.livePage(site)
	if err != nil {
		return nil, err
	}
	pages = append(pages, lp)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	b.order = readingOrder(pages)
	for _, p := range pages {
		out, err := b.render(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p.File, err)
		}
		site.Docs[p.File] = out
	}
	site.Docs["style.css"] = stylesheet()
	site.Docs["book.js"] = bookJS
	sidx, err := searchIndex(pages)
	if err != nil {
		return nil, err
	}
	site.Docs["search-index.js"] = sidx
	for _, f := range figures {
		d, err := b.figure(f)
		if err != nil {
			return nil, err
		}
		site.Figures[f.Name+".svg"] = d.svg
		site.Docs["figures/"+f.Name+".svg"] = d.svg
		site.Figures[f.Name+"-narrow.svg"] = d.narrow
		site.Docs["figures/"+f.Name+"-narrow.svg"] = d.narrow
	}
	if err := b.addImageFigures(site); err != nil {
		return nil, err
	}
	return site, nil
}

// analyze builds every registered model (shapes only) and analyses it at
// its own input.
func (b *builder) analyze() error {
	for ci, c := range chapters {
		for _, e := range c.Models() {
			m := e.Build()
			r, err := nn.Analyze(m.Net, m.Input)
			if err != nil {
				return fmt.Errorf("model %s: %v", e.Name, err)
			}
			if b.byName[e.Name] != nil {
				return fmt.Errorf("model %s registered twice", e.Name)
			}
			mm := &model{Entry: e, Chapter: ci, Model: m, Report: r}
			b.models = append(b.models, mm)
			b.byName[e.Name] = mm
		}
	}
	return nil
}

// firstHeading is the text of a Markdown file's first "# " line.
func firstHeading(src []byte) string {
	for _, l := range strings.Split(string(src), "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

// markdown renders one Markdown file of the book: directives, maths,
// links between chapters, links from code spans. It returns the title
// (the first level-1 heading, taken out of the body), the body and its
// table of contents.
func (b *builder) markdown(s *source) (title string, body []byte, toc []tocItem, errs []error) {
	return b.markdownPage(s, newPageState())
}

// markdownPage is markdown with the page's state, which the caller reads
// afterwards: what the directives showed.
func (b *builder) markdownPage(s *source, pg *pageState) (title string, body []byte, toc []tocItem, errs []error) {
	doc := b.md.Parser().Parse(text.NewReader(s.Src))
	title = takeTitle(doc, s.Src)
	errs = append(errs, b.expandDirectives(doc, s, pg)...)
	errs = append(errs, b.expandInline(doc, s)...)
	errs = append(errs, expandMath(doc, s)...)
	errs = append(errs, rewriteLinks(doc, s)...)
	linkCodeSpans(doc, s.Src, b.context(pg))
	if pg.terms != nil {
		linkTerms(doc, s.Src, pg.terms)
	}
	toc = pageTOC(doc, s.Src)
	var buf bytes.Buffer
	if err := b.md.Renderer().Render(&buf, s.Src, doc); err != nil {
		errs = append(errs, fmt.Errorf("%s: %v", s.File, err))
	}
	return title, buf.Bytes(), toc, errs
}

// context is what code spans on a page may link to.
func (b *builder) context(pg *pageState) pageContext {
	return pageContext{examples: pg.examples, claims: b.ids, models: b.byName}
}
