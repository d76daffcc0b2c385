package book

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// page is one HTML file of the site.
type page struct {
	File    string // "vgg.html"
	Title   string
	Kicker  string        // above the title: "Chapter 4"
	Lead    template.HTML // below the title
	Body    template.HTML
	TOC     []tocItem
	Section string        // "chapter", "index", "models", "exercises", "ledger", "notes": the current tab
	Chapter int           // chapter index for chapter pages, else -1
	Lang    string        // the body's language if not English
	Head    template.HTML // extra elements of <head> (the live page's scripts)
}

// navItem is a link in the chapter list or the pager.
type navItem struct {
	Href, Title string
	Num         int
	Current     bool
}

//go:embed layout.html
var layoutHTML string

//go:embed style.css
var styleCSS string

//go:embed index.md
var indexMD []byte

//go:embed exercises.md
var exercisesMD []byte

var layout = template.Must(template.New("layout").Parse(layoutHTML))

// render puts a page into the layout.
func (b *builder) render(p *page) ([]byte, error) {
	data := struct {
		*page
		Chapters   []navItem
		Prev, Next *navItem
	}{page: p}
	for i, c := range chapters {
		data.Chapters = append(data.Chapters, navItem{Href: c.Slug + ".html", Title: b.titles[i], Num: i + 1, Current: p.Section == "chapter" && p.Chapter == i})
	}
	// The pager follows the reading order of every page (b.order).
	for i, f := range b.order {
		if f.Href != p.File {
			continue
		}
		if i > 0 {
			data.Prev = &b.order[i-1]
		}
		if i+1 < len(b.order) {
			data.Next = &b.order[i+1]
		}
	}
	var buf bytes.Buffer
	if err := layout.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// notesSection finds the lines of the notes' section for chapter i: its
// heading "# N. …" up to the next numbered top-level heading.
func notesSection(i int) (from, to int) {
	lines := strings.Split(claims.Notes, "\n")
	heading := regexp.MustCompile(`^# (\d+)\.`)
	for n, l := range lines {
		m := heading.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		switch {
		case m[1] == fmt.Sprint(i+1):
			from = n + 1
		case from > 0 && to == 0:
			to = n
		}
	}
	if from > 0 && to == 0 {
		to = len(lines)
	}
	return from, to
}

// chapterPage renders chapter i from its README, and ends it with the
// chapter's exercises unless the README placed them with a directive.
func (b *builder) chapterPage(i int, s *source) (*page, []error) {
	pg := newPageState()
	terms, err := glossary()
	if err != nil {
		return nil, []error{err}
	}
	pg.terms = terms
	title, body, toc, errs := b.markdownPage(s, pg)
	b.tocs[i] = toc
	c := chapters[i]
	end, item, err := b.exercisesEnd(c.Slug, pg)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %v", s.File, err))
	}
	if end != "" {
		body = append(body, end...)
		toc = append(toc[:len(toc):len(toc)], *item)
	}
	cs := b.chapterClaims(c.Slug)
	n := 0
	for _, m := range b.models {
		if m.Chapter == i {
			n++
		}
	}
	lead := fmt.Sprintf(`<code>chapters/%s</code> · %d models · <a href="ledger.html#ledger-%s">%d ledger entries</a>`, c.Slug, n, c.Slug, len(cs))
	if from, to := notesSection(i); from > 0 {
		lead += fmt.Sprintf(` · follows <a href="notes.html#L%d">the notes, §%d</a> (lines %d–%d)`, from, i+1, from, to)
	}
	return &page{File: c.Slug + ".html", Title: title, Kicker: fmt.Sprintf("Chapter %d", i+1), Lead: template.HTML(lead),
		Body: template.HTML(body), TOC: toc, Section: "chapter", Chapter: i}, errs
}

// indexPage renders index.html: the book's introduction (index.md, with
// the same directives as a chapter), then the table of contents, read off
// the chapters' headings.
func (b *builder) indexPage() (*page, []error) {
	title, body, _, errs := b.markdown(newSource("book/index.md", indexMD))
	var out strings.Builder
	out.Write(body)
	out.WriteString(`<h2 id="contents">Contents <a class="anchor" href="#contents">¶</a></h2>` + "\n<ol class=\"contents\">\n")
	for i, c := range chapters {
		toc := b.tocs[i] // the chapter's sections, as its page lists them
		fmt.Fprintf(&out, `<li><a class="ch" href="%s.html"><span class="num">%d</span> %s</a>`, c.Slug, i+1, html.EscapeString(b.titles[i]))
		if len(toc) > 0 {
			out.WriteString(`<ul class="sections">`)
			for _, t := range toc {
				fmt.Fprintf(&out, `<li><a href="%s.html#%s">%s</a></li>`, c.Slug, t.ID, html.EscapeString(t.Title))
			}
			out.WriteString("</ul>")
		}
		out.WriteString("</li>\n")
	}
	out.WriteString("</ol>\n<ul class=\"contents-more\">\n")
	n := counts(b.claims)
	fmt.Fprintf(&out, `<li><a href="models.html">The models</a>: all %d registered networks with their parameters, multiply-accumulates, depth, receptive field and paths.</li>`+"\n", len(b.models))
	if exs, err := b.exercises(); err == nil {
		fmt.Fprintf(&out, `<li><a href="exercises.html">The exercises</a>: %d functions to write, from a chapter's numbers to a module, each checked by <code>go test</code>.</li>`+"\n", len(exs))
	} else {
		errs = append(errs, err)
	}
	fmt.Fprintf(&out, `<li><a href="ledger.html">The claims ledger</a>: %d statements of the notes, %d confirmed or demonstrated, %d corrected (%d by our code, %d by the cited source), %d cited, %d unsettled.</li>`+"\n",
		len(b.claims), n[claims.Confirmed]+n[claims.Demonstrated], n[claims.Corrected]+n[claims.Refuted], n[claims.Corrected], n[claims.Refuted], n[claims.Cited], n[claims.Unsettled])
	out.WriteString(`<li><a href="notes.html">The study notes</a>, line by line, in Korean.</li>` + "\n")
	fmt.Fprintf(&out, `<li><a href="sources.html">Cited numbers</a>: the %d values the book cites from papers rather than computes, each with where it is printed.</li>`+"\n</ul>\n", len(b.sourceRows))
	return &page{File: "index.html", Title: title, Body: template.HTML(out.String()), Section: "index", Chapter: -1}, errs
}

// modelsPage renders models.html: every registered model, by chapter.
func (b *builder) modelsPage() (*page, []error) {
	var out strings.Builder
	var toc []tocItem
	out.WriteString(`<p>Every network the book builds, analysed at its own input size by <code>nn.Analyze</code> from shapes alone (no weights are allocated): all parameters (auxiliary heads and frozen ones included), those of the inference graph, multiply-accumulates for one image (biases excluded), float32 activations stored by the forward pass, weighted layers on the longest path, the receptive field where the network turns global, and the number of input-to-output paths. <code>go run ./cmd/book summary NAME</code> prints any row's per-layer table.</p>` + "\n")
	pg := newPageState()
	fig, err := b.figureHTML(pg, "params-macs")
	if err != nil {
		return nil, []error{err}
	}
	out.WriteString(fig)
	for i, c := range chapters {
		id := "models-" + c.Slug
		fmt.Fprintf(&out, `<h2 id="%s"><a href="%s.html">%d. %s</a> <a class="anchor" href="#%s">¶</a></h2>`+"\n", id, c.Slug, i+1, html.EscapeString(b.titles[i]), id)
		toc = append(toc, tocItem{Title: fmt.Sprintf("%d. %s", i+1, b.titles[i]), ID: id})
		t, err := b.modelsHTML(c.Slug, true)
		if err != nil {
			return nil, []error{err}
		}
		out.WriteString(t)
	}
	return &page{File: "models.html", Title: "The models", Body: template.HTML(out.String()), TOC: toc, Section: "models", Chapter: -1}, nil
}

// writeChromaCSS writes chroma's classes for style name, each line
// indented.
func writeChromaCSS(buf *bytes.Buffer, name, indent string) {
	var css bytes.Buffer
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&css, styles.Get(name)); err != nil {
		panic(err) // writing to a buffer does not fail
	}
	for _, l := range strings.SplitAfter(css.String(), "\n") {
		if l != "" {
			buf.WriteString(indent + l)
		}
	}
}

// stylesheet is style.css: the book's layout and the highlighting classes
// of both colour schemes, written once.
func stylesheet() []byte {
	var buf bytes.Buffer
	buf.WriteString(styleCSS)
	buf.WriteString("\n/* Code highlighting: chroma's " + chromaStyle + " style (light) */\n")
	writeChromaCSS(&buf, chromaStyle, "")
	buf.WriteString("\n/* chroma's " + chromaStyleDark + " style (dark), after a reset of the classes it leaves unset */\n@media (prefers-color-scheme: dark) {\n")
	buf.WriteString("  .chroma [class] { color: inherit; background-color: transparent; }\n")
	writeChromaCSS(&buf, chromaStyleDark, "  ")
	buf.WriteString("}\n")
	return buf.Bytes()
}
