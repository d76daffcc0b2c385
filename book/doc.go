// Package book builds the HTML book and its figures from the repository:
// `go run ./cmd/book` calls Build and Site.Write and writes docs/ and
// figures/.
//
// # Pages
//
// The site has one page per chapter, made from the chapter's README.md
// (chapters/NAME/README.md → NAME.html); index.html, from index.md in this
// directory and the chapters' headings; models.html, every registered
// model analysed by nn.Analyze; exercises.html, every exercise of
// exercises.All by chapter (see below); ledger.html, the notes' claims
// ledger with its verdicts counted; sources.html, every cited number;
// notes.html, the study notes line by line, the target of every ledger
// entry's line, with their formulas typeset, each embedded image replaced
// by the book figure that stands for it (notes.go) and each heading linked
// to the section that teaches it (chapters/claims/notesmap.tsv);
// glossary.html, the Korean–English terms of glossary.tsv, whose first use
// in each chapter links there; one stylesheet, the figures (each also in a
// narrow rendering for phones) and two scripts.
//
// Nothing is loaded from elsewhere: no CDN, no web fonts. Maths is MathML,
// typeset at build time by TreeBlood. The one script, book.js, runs the
// search box over search-index.js (a plain script setting
// window.bookIndex, so search works from file://) and the menu button
// that folds the chapter list on narrow screens. Every page has a pager
// in reading order. TestBrowser checks the pages in headless Chromium at
// 390×844 and 1280×800.
//
// # Directives
//
// The book renders only what tests verified. A chapter's prose pulls its
// evidence from code through directives: a fenced block whose info string
// is "book", one directive per line (GitHub shows the block as it is):
//
//	```book
//	example chapters/vgg ExampleNames
//	summary vgg16
//	```
//
// The verbs are
//
//	example PKG ExampleName  the Example function's body, read with go/parser
//	                         and go/doc from PKG's _test.go files (PKG is a
//	                         directory of the repository), and its // Output:
//	                         block, which go test compares; an Example with no
//	                         output comment is refused
//	summary MODEL [C,H,W]    nn.Analyze's per-layer table with its totals
//	models CHAPTER           one row per model of the chapter
//	ledger CHAPTER           the chapter's ledger entries
//	exercises CHAPTER        the chapter's exercises, linked to exercises.html
//	figure NAME              a figure of figures.go (an SVG from gonum/plot)
//	diagram NAME             a diagram of diagrams.go: inline SVG drawn from a
//	                         registered model's module tree, every box with the
//	                         output shape nn.Analyze computes for it
//
// A directive that names a missing package, example, model, chapter or
// figure is a build error naming the Markdown file and line, as are a
// formula TreeBlood cannot typeset and a relative link to a file the
// book does not publish. Build reports every such error, not only the
// first.
//
// # Inline directives
//
// A number in the prose is never typed: a code span inserts it.
//
//	`book:value CHAPTER/NAME`  a value a chapter computes: its Values function
//	                           (chapters/CHAPTER/values.go, gathered by
//	                           chapters/all.Values) returns claims.Value{ID, Text,
//	                           Source}; the page shows Text, Source as a tooltip
//	`book:cite ROW`            a cited value: row ROW of chapters/claims/sources.tsv
//	                           (id, value, source, where, protocol, note), linked
//	                           to that row on sources.html
//
// TestNoTypedNumbers fails on any number of three or more significant
// digits in a chapter's Markdown outside a directive or a code block.
//
// In the prose, a code span that names a ledger entry (`vgg/memory-96m`),
// a model (`vgg16`) or an Example shown on the page links to it, and
// links between chapter READMEs become links between pages. Maths goes
// between $…$ (inline) and $$…$$ (display), as on GitHub.
//
// # Exercises
//
// exercises.html shows each exercise of the catalog (exercises.All) under
// its chapter: its package's doc comment and every exported declaration
// of the reader's file with its doc, read with go/doc, and the three
// commands that check it, report its status and give a hint. Only the
// files a reader edits are read: never a _test.go file (the check and the
// solution) nor a file named solution*; the hints stay with `book hint`.
// Each chapter page ends with its exercises, linked to that page, unless
// its README placed them with the exercises directive.
//
// # Freshness
//
// docs/ and figures/ are committed. TestFresh builds the book into a
// temporary directory and requires every file to equal the committed one
// byte for byte: the build is deterministic (sorted maps, no dates, and
// gonum/plot's SVG output is stable), so a difference means the sources
// changed and `go run ./cmd/book` was not run.
package book
