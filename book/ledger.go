package book

import (
	"fmt"
	"html"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// verdicts in the order the book lists them, with what each means (the
// definitions of package claims).
var verdicts = []struct {
	V       claims.Verdict
	Meaning string
}{
	{claims.Confirmed, "the code computes what the notes say"},
	{claims.Corrected, "the code computes something else; the reason says why"},
	{claims.Demonstrated, "shown by running code: an experiment of results/ agrees with the notes"},
	{claims.Cited, "not computable here; a cited source agrees with the notes"},
	{claims.Refuted, "not computable here; the cited source says otherwise (a correction); the reason says why"},
	{claims.Unsettled, "sources disagree, or the experiment at this scale does not decide; the reason says which"},
}

// claimID is the fragment of a ledger entry: "vgg/memory-96m" →
// "claim-vgg-memory-96m".
func claimID(id string) string { return "claim-" + strings.ReplaceAll(id, "/", "-") }

// claimHTML renders one ledger entry: its id, verdict and line of the
// notes, the Korean quote, and the notes' value beside ours and the cited
// one.
func claimHTML(c claims.Claim) string {
	var out strings.Builder
	v := c.Verdict()
	id := claimID(c.ID)
	fmt.Fprintf(&out, `<article class="claim v-%s" id="%s">`+"\n", v, id)
	first, last := c.Lines()
	where := fmt.Sprintf("notes line %d", first)
	if last > first {
		where = fmt.Sprintf("notes lines %d–%d", first, last)
	}
	fmt.Fprintf(&out, `<header><a class="anchor" href="#%s"><code>%s</code></a> <span class="badge %s">%s</span> <a class="line" href="notes.html#L%d">%s</a></header>`+"\n",
		id, html.EscapeString(c.ID), v, v, first, where)
	fmt.Fprintf(&out, `<blockquote lang="ko">%s</blockquote>`+"\n", html.EscapeString(c.NotesQuote))
	out.WriteString("<dl>")
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(&out, "<dt>%s</dt><dd>%s</dd>", k, val)
		}
	}
	row("notes", html.EscapeString(c.Claimed))
	row("computed", html.EscapeString(c.Computed))
	cited := html.EscapeString(c.Cited)
	if c.Source != "" {
		cited += ` <span class="source">(` + html.EscapeString(c.Source) + `)</span>`
	}
	row("cited", cited)
	switch {
	case c.SourceQuote == "":
	case c.QuoteKind == claims.Verbatim:
		row("source, verbatim", "“"+html.EscapeString(c.SourceQuote)+"” <span class=\"source\">(checked against "+html.EscapeString(c.CheckedAgainst)+")</span>")
	default:
		row("source, in paraphrase", html.EscapeString(c.SourceQuote))
	}
	if c.Experiment != "" {
		outcome := "its results have not landed; the verdict follows the source until they do"
		if c.Outcome != claims.NotJudged {
			outcome = "outcome: " + c.Outcome.String()
		}
		row("experiment", "<code>"+html.EscapeString(c.Experiment)+"</code> ("+outcome+")")
	}
	row(reasonLabel(v), html.EscapeString(c.Reason))
	out.WriteString("</dl>\n</article>\n")
	return out.String()
}

func reasonLabel(v claims.Verdict) string {
	if v.Correction() || v == claims.Unsettled {
		return "why"
	}
	return "note"
}

// counts tallies verdicts.
func counts(cs []claims.Claim) map[claims.Verdict]int {
	n := map[claims.Verdict]int{}
	for _, c := range cs {
		n[c.Verdict()]++
	}
	return n
}

// countsHTML is "12 entries, 4 of them corrections: 8 confirmed, 3
// corrected, …" with badges; a correction is a corrected or a
// refuted-by-source entry.
func countsHTML(cs []claims.Claim) string {
	n := counts(cs)
	var parts []string
	for _, v := range verdicts {
		parts = append(parts, fmt.Sprintf(`<span class="badge %s">%d %s</span>`, v.V, n[v.V], v.V))
	}
	corr := n[claims.Corrected] + n[claims.Refuted]
	return fmt.Sprintf(`<p class="counts">%d entries, %d of them corrections: %s</p>`, len(cs), corr, strings.Join(parts, " "))
}

// chapterClaims returns the ledger entries of chapter slug, in ledger order.
func (b *builder) chapterClaims(slug string) []claims.Claim {
	var out []claims.Claim
	for _, c := range b.claims {
		if c.Chapter == slug {
			out = append(out, c)
		}
	}
	return out
}

// ledgerHTML renders the `ledger CHAPTER` directive.
func (b *builder) ledgerHTML(slug string) (string, error) {
	if chapterOf(slug) < 0 {
		return "", fmt.Errorf("no chapter %q (chapters: %s)", slug, slugs())
	}
	cs := b.chapterClaims(slug)
	if len(cs) == 0 {
		return "", fmt.Errorf("chapter %s has no ledger entries", slug)
	}
	var out strings.Builder
	out.WriteString(`<section class="ledger">` + "\n")
	out.WriteString(countsHTML(cs) + "\n")
	for _, c := range cs {
		out.WriteString(claimHTML(c))
	}
	out.WriteString("</section>\n")
	return out.String(), nil
}

// ledgerPage is ledger.html: the whole ledger with its verdicts counted
// per chapter.
func (b *builder) ledgerPage() (string, []tocItem) {
	var out strings.Builder
	var toc []tocItem
	out.WriteString(`<p>Every checkable statement of the study notes the book follows (<a href="notes.html">the notes</a>, in Korean) is an entry of this ledger: the notes' words and value, the value this book's code computes, an independent value from the papers or torchvision, and a verdict computed from them (<code>claims.Claim.Verdict</code>). Each chapter's <code>TestClaims</code> checks its entries. A source in quotation marks is the paper's words verbatim, checked word for word against the stored copy of the paper named beside it; a paraphrase of a source is shown without them. An experiment's verdict (demonstrated, or unsettled when the run at this scale does not decide) is computed from its committed record under <code>results/</code>.</p>` + "\n")
	out.WriteString("<ul class=\"legend\">\n")
	for _, v := range verdicts {
		fmt.Fprintf(&out, `<li><span class="badge %s">%s</span> %s</li>`+"\n", v.V, v.V, v.Meaning)
	}
	out.WriteString("</ul>\n")
	if cover, err := claims.Coverage(b.claims); err == nil {
		withEntries := 0
		for _, cv := range cover {
			if len(cv.Entries) > 0 {
				withEntries++
			}
		}
		fmt.Fprintf(&out, `<p class="coverage">Coverage: %d lines mapped / %d non-blank lines of the notes (%d to ledger entries, %d with the reason they hold no checkable claim: a heading, an image, a definition, an opinion), by <code>chapters/claims/notesmap.tsv</code>; <code>go run ./cmd/book ledger -json</code> prints the map.</p>`+"\n",
			len(cover), claims.NonBlank(), withEntries, len(cover)-withEntries)
	} else {
		fmt.Fprintf(&out, `<p class="coverage">Coverage: the notes map does not check: %s</p>`+"\n", html.EscapeString(err.Error()))
	}
	out.WriteString(`<h2 id="counts">Verdicts by chapter <a class="anchor" href="#counts">¶</a></h2>` + "\n")
	toc = append(toc, tocItem{Title: "Verdicts by chapter", ID: "counts"})
	out.WriteString(`<div class="scroll"><table class="counts"><thead><tr><th class="l">chapter</th>`)
	for _, v := range verdicts {
		fmt.Fprintf(&out, "<th>%s</th>", v.V)
	}
	out.WriteString("<th>entries</th></tr></thead>\n<tbody>\n")
	for i, c := range chapters {
		cs := b.chapterClaims(c.Slug)
		n := counts(cs)
		fmt.Fprintf(&out, `<tr><td class="l"><a href="#ledger-%s">%d. %s</a></td>`, c.Slug, i+1, html.EscapeString(b.titles[i]))
		for _, v := range verdicts {
			fmt.Fprintf(&out, "<td>%d</td>", n[v.V])
		}
		fmt.Fprintf(&out, "<td>%d</td></tr>\n", len(cs))
	}
	n := counts(b.claims)
	out.WriteString(`</tbody><tfoot><tr><td class="l">total</td>`)
	for _, v := range verdicts {
		fmt.Fprintf(&out, "<td>%d</td>", n[v.V])
	}
	fmt.Fprintf(&out, "<td>%d</td></tr></tfoot></table></div>\n", len(b.claims))
	for i, c := range chapters {
		cs := b.chapterClaims(c.Slug)
		id := "ledger-" + c.Slug
		fmt.Fprintf(&out, `<h2 id="%s">%d. %s <a class="anchor" href="#%s">¶</a></h2>`+"\n", id, i+1, html.EscapeString(b.titles[i]), id)
		fmt.Fprintf(&out, `<p>From <a href="%s.html">chapter %d</a>. %s</p>`+"\n", c.Slug, i+1, strings.TrimPrefix(strings.TrimSuffix(countsHTML(cs), "</p>"), `<p class="counts">`))
		toc = append(toc, tocItem{Title: fmt.Sprintf("%d. %s", i+1, b.titles[i]), ID: id})
		for _, cl := range cs {
			out.WriteString(claimHTML(cl))
		}
	}
	return out.String(), toc
}
