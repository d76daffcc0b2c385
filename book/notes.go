package book

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// notesEmbeds says what stands in the book for each image the notes embed
// (Obsidian's ![[file]]): a figure or diagram of the book, or, where the
// book has none, a sentence saying what the image showed and where the
// book teaches it. An embed missing here is a build error.
var notesEmbeds = map[string]struct{ Href, Text string }{
	"assets/스크린샷 2024-05-28 22.10.27.png": {"googlenet.html#diagram-inception-modules",
		"Image: the Inception module with 1×1 reductions. The book draws it from the module: see the diagram “The Inception module”."},
	"스크린샷 2024-05-29 14.25.00.png": {"googlenet.html#diagram-googlenet-stack",
		"Image: GoogLeNet's layers. The book draws them from the model: see the diagram “GoogLeNet: stem, nine Inception modules, two auxiliary heads”."},
	"assets/Pasted image 20240529143108.png": {"resnet.html#diagram-residual-blocks",
		"Image: the residual block. The book draws the blocks of its models: see the diagram “Residual blocks”."},
	"assets/스크린샷 2024-05-29 14.33.21.png": {"resnet.html#the-problem-deeper-was-worse",
		"Image: training and test error of 20- and 56-layer plain networks on CIFAR-10 (He et al. 2016, Fig. 1). Not reproduced: the book cannot train them to convergence here; it explains the result in “The problem: deeper was worse”."},
	"assets/스크린샷 2024-05-29 14.41.19.png": {"resnet.html#diagram-residual-blocks",
		"Image: what a residual block learns, F(x) = H(x) − x. See the diagram “Residual blocks” and “The idea: make the identity easy”."},
	"assets/Pasted image 20240529152549.png": {"resnet.html#figure-resnet110-paths",
		"Image: a residual network unrolled into its paths (Veit et al. 2016). The book counts the paths of ResNet-110: see the figure of its path lengths."},
	"스크린샷 2024-05-29 15.33.17.png": {"variants.html#figure-accuracy-macs",
		"Image: the comparison chart of accuracy, operations and size. The book redraws it from its models and torchvision's accuracies: see the chart “ImageNet top-1 accuracy against multiply-accumulates”."},
}

var (
	embedRe   = regexp.MustCompile(`!\[\[([^\]]+)\]\]`)
	notesMath = regexp.MustCompile(`\$([^$]+)\$`)
	headingRe = regexp.MustCompile(`^(#{1,6}) `)
)

// notesLine renders one line of the notes: HTML-escaped, its formulas as
// MathML, its embeds replaced by what stands for them in the book.
func notesLine(l string) (string, error) {
	var out strings.Builder
	var err error
	last := 0
	// Embeds first, then formulas in the text between them.
	for _, m := range embedRe.FindAllStringSubmatchIndex(l, -1) {
		out.WriteString(notesText(l[last:m[0]], &err))
		file := l[m[2]:m[3]]
		e, ok := notesEmbeds[file]
		if !ok {
			return "", fmt.Errorf("the notes embed %q, which book/notes.go's notesEmbeds does not place", file)
		}
		fmt.Fprintf(&out, `<a class="embed" href="%s" lang="en">%s</a>`, e.Href, html.EscapeString(e.Text))
		last = m[1]
	}
	out.WriteString(notesText(l[last:], &err))
	return out.String(), err
}

// notesText escapes s and typesets its $…$ formulas.
func notesText(s string, errp *error) string {
	var out strings.Builder
	last := 0
	for _, m := range notesMath.FindAllStringSubmatchIndex(s, -1) {
		out.WriteString(html.EscapeString(s[last:m[0]]))
		mml, err := texToMathML(strings.TrimSpace(s[m[2]:m[3]]), false)
		if err != nil {
			if *errp == nil {
				*errp = fmt.Errorf("formula %q: %v", s[m[2]:m[3]], err)
			}
			mml = html.EscapeString(s[m[0]:m[1]])
		}
		out.WriteString(mml)
		last = m[1]
	}
	out.WriteString(html.EscapeString(s[last:]))
	return out.String()
}

// notesPage is notes.html: the study notes as they are, line by line, so
// that every ledger entry can point at its line; lines with entries link
// back to them; each heading links to the section of the book that
// teaches it (chapters/claims/notesmap.tsv); formulas are MathML and
// embedded images are replaced by what stands for them in the book.
func (b *builder) notesPage() (string, error) {
	byLine := map[int][]claims.Claim{}
	for _, c := range b.claims {
		byLine[c.Line] = append(byLine[c.Line], c)
	}
	rows, err := claims.NotesMap()
	if err != nil {
		return "", err
	}
	anchor := map[int]string{}
	for _, r := range rows {
		for l := r.First; l <= r.Last; l++ {
			anchor[l] = r.Anchor
		}
	}
	var out strings.Builder
	out.WriteString(`<p>The study notes this book follows, verbatim (<code>chapters/claims/notes.ko.md</code>, in Korean), with their formulas typeset. Each heading links to the section of the book that teaches it; each image the notes embed is replaced by a link to what stands for it in the book. A line with a ledger entry is marked; its quote is highlighted and the badges link to the entries.</p>` + "\n")
	out.WriteString(`<div class="notes-text" lang="ko">` + "\n")
	for i, l := range strings.Split(strings.TrimRight(claims.Notes, "\n"), "\n") {
		n := i + 1
		cs := byLine[n]
		class := "ln"
		if len(cs) > 0 {
			class += " has-claim"
		}
		text, err := notesLine(l)
		if err != nil {
			return "", fmt.Errorf("notes line %d: %v", n, err)
		}
		for _, c := range cs {
			q := html.EscapeString(c.NotesQuote)
			if q != "" && strings.Contains(text, q) && !strings.Contains(text, "<mark>"+q) {
				text = strings.Replace(text, q, "<mark>"+q+"</mark>", 1)
			}
		}
		if h := headingRe.FindStringSubmatch(l); h != nil {
			class += fmt.Sprintf(" h h%d", len(h[1]))
			if a := anchor[n]; a != "" {
				text = fmt.Sprintf(`<a class="to-book" href="%s">%s</a>`, a, text)
			} else {
				return "", fmt.Errorf("notes line %d is a heading with no anchor in chapters/claims/notesmap.tsv", n)
			}
		}
		fmt.Fprintf(&out, `<div class="%s" id="L%d"><a class="n" href="#L%d">%d</a><span class="t">%s</span>`, class, n, n, n, text)
		if len(cs) > 0 {
			out.WriteString(`<span class="refs">`)
			for _, c := range cs {
				fmt.Fprintf(&out, ` <a class="badge %s" href="ledger.html#%s" lang="en">%s</a>`, c.Verdict(), claimID(c.ID), html.EscapeString(c.ID))
			}
			out.WriteString("</span>")
		}
		out.WriteString("</div>\n")
	}
	out.WriteString("</div>\n")
	return out.String(), nil
}
