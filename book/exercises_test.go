package book

import (
	"bytes"
	"errors"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/cnnbook/cnnbook/exercises"
)

// pageText is what a reader of an HTML page reads: its text nodes joined,
// with runs of white space made one space. Highlighted code comes back
// whole (chroma splits it into one span per token).
func pageText(t *testing.T, data []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestExercisesPage: exercises.html shows every exercise of the catalog,
// under its own chapter, with the task (the function's signature and doc
// comment, from go/doc) and the three commands.
func TestExercisesPage(t *testing.T) {
	s := site(t)
	page := string(s.Docs["exercises.html"])
	text := pageText(t, s.Docs["exercises.html"])
	if len(exercises.All) == 0 {
		t.Fatal("exercises.All is empty")
	}
	for _, e := range exercises.All {
		t.Run(e.ID, func(t *testing.T) {
			sec := `<section class="exercise" id="` + e.ID + `">`
			at := strings.Index(page, sec)
			if at < 0 {
				t.Fatalf("exercises.html lacks %s", sec)
			}
			// Under its chapter: after that chapter's heading, before the next one.
			ci := chapterOf(e.Chapter)
			if ci < 0 {
				t.Fatalf("chapter %q: got no such chapter, want one of the book's", e.Chapter)
			}
			head := strings.Index(page, `<h2 id="`+exercisesChapterAnchor(e.Chapter)+`">`)
			next := len(page)
			for _, c := range chapters[ci+1:] {
				if i := strings.Index(page, `<h2 id="`+exercisesChapterAnchor(c.Slug)+`">`); i >= 0 {
					next = i
					break
				}
			}
			if head < 0 || at < head || at > next {
				t.Errorf("section at byte %d: got it outside chapter %s's part (%d to %d)", at, e.Chapter, head, next)
			}
			end := at + strings.Index(page[at:], "</section>")
			body := page[at:end]
			for _, want := range []string{
				html.EscapeString(e.Title),
				`<div class="decl task" id="` + e.ID + "." + e.Func + `">`,
				`<span class="nf">` + e.Func + `</span>`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("section lacks %q", want)
				}
			}
			for _, c := range commands(e.ID) {
				if !strings.Contains(body, c[0]+" ") {
					t.Errorf("section lacks the command %q", c[0])
				}
			}
			// The task is the function's doc comment: its first sentence is shown.
			d, err := aBuilder(t).readExercise(e)
			if err != nil {
				t.Fatal(err)
			}
			syn := strings.Join(strings.Fields(d.pkg.Synopsis(d.decl(e.Func).doc)), " ")
			if syn == "" || !strings.Contains(text, syn) {
				t.Errorf("got no %q on the page, want the doc comment of %s", syn, e.Func)
			}
		})
	}
	if n := strings.Count(page, `<section class="exercise"`); n != len(exercises.All) {
		t.Errorf("got %d exercises on the page, want the catalog's %d", n, len(exercises.All))
	}
}

// solutionLines are the lines of code of exercise id's solution that
// could give it away: not comments, package or import lines, nor the
// head of a loop or branch ("for _, l := range layers {" is no answer),
// and at least 12 characters without spaces (a bare "return n" or "}" is
// not distinctive).
func solutionLines(t *testing.T, id string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "exercises", "solutions", id, "solution.go"))
	if err != nil {
		t.Fatal(err)
	}
	// The solution comes first; the typical mistakes (Reference) after it.
	src, _, _ := strings.Cut(string(data), "\n// Reference wires")
	var out []string
	for _, l := range strings.Split(src, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if strings.HasPrefix(l, "//") || strings.HasPrefix(l, "package ") || strings.HasPrefix(l, "import ") ||
			strings.HasPrefix(l, "func ") || strings.HasPrefix(l, `"`) || strings.HasPrefix(l, `ex "`) || strings.HasPrefix(l, "type ") || strings.HasPrefix(l, "for ") || strings.HasPrefix(l, "if ") ||
			strings.HasPrefix(l, "} else") || len(strings.ReplaceAll(l, " ", "")) < 12 {
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestExercisesNoSolution: no page of the book gives an exercise away.
// No distinctive line of a reference solution, nor the last hint (nearly
// the answer; `book hint` hands the hints out one at a time), appears on
// any page.
func TestExercisesNoSolution(t *testing.T) {
	s := site(t)
	texts := map[string]string{}
	for _, n := range htmlPages(s) {
		texts[n] = pageText(t, s.Docs[n])
	}
	checked := 0
	for _, e := range exercises.All {
		lines := solutionLines(t, e.ID)
		if len(lines) == 0 {
			t.Errorf("%s: got no distinctive line in its solution.go, want some to look for", e.ID)
		}
		for _, n := range htmlPages(s) {
			for _, l := range lines {
				if strings.Contains(texts[n], l) {
					t.Errorf("%s shows a line of %s's solution: %q", n, e.ID, l)
				}
				checked++
			}
			if last := strings.Join(strings.Fields(e.Hints[len(e.Hints)-1]), " "); strings.Contains(texts[n], last) {
				t.Errorf("%s shows %s's last hint: %q", n, e.ID, last)
			}
		}
	}
	// One line the search must find if the page did read the solution:
	// the check is only as good as this.
	if l := solutionLines(t, "receptive-field"); len(l) == 0 || l[0] != "size, jump = 1, 1" {
		t.Errorf("receptive-field's solution: got first line %q, want %q (the check above looks for such lines)", l, "size, jump = 1, 1")
	}
	if checked < 100 {
		t.Errorf("checked %d (page, line) pairs, want at least 100", checked)
	}
}

// TestExerciseFiles: the book reads exercise.go, never a test (the
// check, the solution) nor a file a reader adds.
func TestExerciseFiles(t *testing.T) {
	for name, want := range map[string]bool{
		"exercise.go": true, "helpers.go": false,
		"exercise_test.go": false, "solution_test.go": false, "solution.go": false, "README.md": false,
	} {
		if got := exerciseFiles(name); got != want {
			t.Errorf("exerciseFiles(%q): got %v, want %v", name, got, want)
		}
	}
}

// TestExerciseShowsTheTask: the page shows the task, not the reader's
// work. A reader who solves receptive-field with an exported helper and
// a helper file changes nothing the book shows (the committed book stays
// fresh on their clone), while the type the task names is shown.
func TestExerciseShowsTheTask(t *testing.T) {
	e, err := exercises.Lookup("receptive-field")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", e.Dir(), "exercise.go"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, filepath.FromSlash(e.Dir()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	solved := strings.Replace(string(src), "\treturn 0, 0\n}", "\treturn Walk(layers)\n}\n\n// Walk is the reader's helper.\nfunc Walk(ls []Layer) (int, int) { return 1, 1 }\n", 1)
	if solved == string(src) {
		t.Fatal("receptive-field's stub: got no \"return 0, 0\" to replace")
	}
	for name, data := range map[string]string{
		"exercise.go": solved,
		"helpers.go":  "// Package receptivefield has the reader's notes.\npackage receptivefield\n\n// Helper is exported.\nfunc Helper() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := &builder{root: tmp}
	d, err := b.readExercise(e)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, decl := range d.decls {
		names = append(names, decl.name)
	}
	if got, want := strings.Join(names, " "), "Layer ReceptiveField"; got != want {
		t.Errorf("declarations shown: got %q, want %q", got, want)
	}
	out, err := b.exerciseHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := aBuilder(t).readExercise(e)
	if err != nil {
		t.Fatal(err)
	}
	want, err := aBuilder(t).exerciseHTML(orig)
	if err != nil {
		t.Fatal(err)
	}
	if out != want {
		t.Errorf("the solved exercise renders differently from the stub:\n%s", firstDiff([]byte(out), []byte(want)))
	}
}

// TestChaptersLinkTheirExercises: every chapter page ends with its
// exercises, each linked to its section of exercises.html (TestLinks
// checks that the targets exist); the index and the top navigation link
// the page.
func TestChaptersLinkTheirExercises(t *testing.T) {
	s := site(t)
	for _, c := range chapters {
		page := string(s.Docs[c.Slug+".html"])
		n := 0
		for _, e := range exercises.All {
			if e.Chapter != c.Slug {
				continue
			}
			n++
			if want := `<a href="exercises.html#` + e.ID + `">`; !strings.Contains(page, want) {
				t.Errorf("%s.html lacks %s", c.Slug, want)
			}
		}
		if n > 0 && !strings.Contains(page, `id="chapter-exercises"`) {
			t.Errorf("%s.html: got no list of its %d exercises", c.Slug, n)
		}
		if !strings.Contains(page, `<a href="exercises.html">Exercises</a>`) {
			t.Errorf("%s.html: the top navigation lacks the exercises", c.Slug)
		}
	}
	if !strings.Contains(string(s.Docs["index.html"]), `<li><a href="exercises.html">The exercises</a>`) {
		t.Errorf("index.html: the contents lack the exercises")
	}
	if !strings.Contains(string(s.Docs["exercises.html"]), `<a href="exercises.html" aria-current="page">Exercises</a>`) {
		t.Errorf("exercises.html: its tab is not marked current")
	}
}

// TestExercisesDirective: a README can place its chapter's exercises with
// the directive; the page then does not end with them a second time.
func TestExercisesDirective(t *testing.T) {
	b := aBuilder(t)
	src := "# T\n\n## Exercises\n\n```book\nexercises vgg\n```\n\nMore prose.\n"
	pg := newPageState()
	_, body, _, errs := b.markdownPage(newSource("chapters/vgg/README.md", []byte(src)), pg)
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	for _, want := range []string{
		`<div class="chapter-exercises" id="chapter-exercises">`,
		`<li><a href="exercises.html#vgg-params">Counting VGG&#39;s parameters layer by layer</a> <code>go test ./exercises/vgg-params</code></li>`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if end, item, err := b.exercisesEnd("vgg", pg); end != "" || item != nil || err != nil {
		t.Errorf("exercisesEnd after the directive: got %q, %v, %v, want nothing", end, item, err)
	}
	end, item, err := b.exercisesEnd("vgg", newPageState())
	if err != nil || !strings.Contains(end, "exercises.html#vgg-stacked-rf") || item == nil || item.ID != chapterExercisesID {
		t.Errorf("exercisesEnd without the directive: got %q, %v, %v, want the list", end, item, err)
	}
}

// TestCommentHTML: doc comments render as pkgsite renders them, balanced,
// without the command blocks (the page shows the commands) and the
// sentence that leads into them.
func TestCommentHTML(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", "package x\n\n// F is a function.\nfunc F() {}\n", parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := doc.NewFromFiles(fset, []*ast.File{f}, "example.com/x")
	if err != nil {
		t.Fatal(err)
	}
	d := &exerciseDoc{Exercise: exercises.Exercise{ID: "x"}, pkg: pkg}
	for _, tc := range []struct{ name, in, want string }{
		{"paragraphs", "One & two.\n\nThree.\n", "<p>One &amp; two.</p>\n<p>Three.</p>\n"},
		{"code", "Layers:\n\n\tconv1 <11>\n", "<p>Layers:</p>\n<pre>conv1 &lt;11&gt;</pre>\n"},
		{"commands after an unfinished sentence", "Task.\n\nWrite F below, then check it with\n\n\tgo test ./exercises/x\n\tgo run ./cmd/book hint x\n", "<p>Task.</p>\n"},
		{"commands after a question", "Which sizes fit?\n\n\tgo test ./exercises/x\n", "<p>Which sizes fit?</p>\n"},
		{"list", "Steps:\n  - one\n  - two\n", "<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"doc link", "Uses [F] and [nn.Conv2D].\n", `<p>Uses <a href="#x.F"><code>F</code></a> and [nn.Conv2D].</p>` + "\n"},
		{"heading", "# Why\n\nBecause.\n", "<h4 id=\"x-hdr-Why\">Why</h4>\n<p>Because.</p>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := d.commentHTML(tc.in)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if err := balanced([]byte(got)); err != nil {
				t.Errorf("%q: %v", got, err)
			}
		})
	}
}
