package book

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/all"
)

var (
	testBuilderOnce sync.Once
	testBuilder     *builder
	testBuilderErr  error
)

// aBuilder is a builder over the repository for rendering snippets.
func aBuilder(t *testing.T) *builder {
	t.Helper()
	testBuilderOnce.Do(func() {
		testBuilder, testBuilderErr = newBuilder("..")
		if testBuilderErr == nil {
			for range chapters {
				testBuilder.titles = append(testBuilder.titles, "t")
			}
		}
	})
	if testBuilderErr != nil {
		t.Fatal(testBuilderErr)
	}
	return testBuilder
}

// TestDirectiveErrors: a directive that cannot be honoured is an error
// that names the Markdown file and the directive's line, and says what
// exists instead.
func TestDirectiveErrors(t *testing.T) {
	b := aBuilder(t)
	const file = "chapters/vgg/README.md"
	for _, tc := range []struct {
		name, md string
		want     []string // substrings of the error, each naming file:line
	}{
		{"missing example", "# T\n\nText.\n\n```book\nexample chapters/vgg ExampleNope\n```\n",
			[]string{file + ":6: example chapters/vgg ExampleNope: chapters/vgg has no ExampleNope (it has ExampleBreakdown, "}},
		{"missing package", "# T\n\n```book\nexample chapters/nope ExampleX\n```\n",
			[]string{file + ":4: example chapters/nope ExampleX: package directory chapters/nope"}},
		{"missing model", "# T\n\n```book\nsummary vgg17\n```\n",
			[]string{file + `:4: summary vgg17: no model "vgg17"`}},
		{"bad input", "# T\n\n```book\nsummary vgg16 3,0,224\n```\n",
			[]string{file + `:4: summary vgg16 3,0,224: input "3,0,224"`}},
		{"input too small", "# T\n\n```book\nsummary vgg16 3,16,16\n```\n",
			[]string{file + ":4: summary vgg16 3,16,16: vgg16 at 3×16×16: "}},
		{"missing figure", "# T\n\n```book\nfigure nope\n```\n",
			[]string{file + `:4: figure nope: no figure "nope" (figures: params-macs, `}},
		{"missing chapter", "# T\n\n```book\nledger nope\nmodels nope\n```\n",
			[]string{file + `:4: ledger nope: no chapter "nope"`, file + `:5: models nope: no chapter "nope"`}},
		{"unknown verb", "# T\n\n```book\n\nplot vgg16\n```\n",
			[]string{file + `:5: unknown directive "plot" (want one of diagram, example, exercises, figure, ledger, live, models, summary)`}},
		{"arity", "# T\n\n```book\nexample chapters/vgg\n```\n",
			[]string{file + `:4: example: got 1 arguments, want "example PKG ExampleName"`}},
		{"empty block", "# T\n\n```book\n```\n",
			[]string{file + ":3: empty book block"}},
		{"every error, not the first", "# T\n\n```book\nfigure a\n```\n\nProse.\n\n```book\nfigure params-macs\nsummary b\n```\n",
			[]string{file + `:4: figure a:`, file + `:11: summary b:`}},
		{"shown twice", "# T\n\n```book\nfigure params-macs\nsummary lenet5\nsummary lenet5\n```\n",
			[]string{file + `:6: summary lenet5: already shown on this page (id "summary-lenet5")`}},
		{"maths", "# T\n\nA formula $\\operatorname{rank} A$ here.\n",
			[]string{file + `:3: maths "\\operatorname{rank} A": TreeBlood cannot typeset it`}},
		{"link", "# T\n\nSee [the script](testdata/gen.py).\n",
			[]string{file + `:3: link "testdata/gen.py": the book publishes only`}},
		{"example without output", "# T\n\n```book\nexample book/testdata/examples ExampleUnchecked\n```\n",
			[]string{file + ":4: example book/testdata/examples ExampleUnchecked: ExampleUnchecked in book/testdata/examples has no // Output: comment, so go test does not check it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, errs := b.markdown(newSource(file, []byte(tc.md)))
			err := errors.Join(errs...)
			if err == nil {
				t.Fatalf("got no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error\n%v\nwant it to contain %q", err, w)
				}
			}
			if n := strings.Count(err.Error(), "\n") + 1; n != len(tc.want) {
				t.Errorf("got %d errors, want %d:\n%v", n, len(tc.want), err)
			}
		})
	}
}

// TestDirectives renders each verb once and checks what the reader sees.
func TestDirectives(t *testing.T) {
	b := aBuilder(t)
	src := "# Title\n\nSee `ExampleStackRF`, `vgg16`, `vgg/memory-96m` and $r = 2k+1$.\n\n" +
		"```book\nexample chapters/vgg ExampleStackRF\nsummary lenet5\nmodels lenet\nledger lenet\nfigure receptive-field\n```\n\n" +
		"$$\nr_{out} = r_{in} + (k-1) J_{in}\n$$\n"
	title, body, toc, errs := b.markdown(newSource("chapters/vgg/README.md", []byte(src)))
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	if title != "Title" {
		t.Errorf("title: got %q, want %q", title, "Title")
	}
	if len(toc) != 0 {
		t.Errorf("toc: got %v, want none (no level-2 headings)", toc)
	}
	html := string(body)
	for _, want := range []string{
		// The listing: the body without braces or the output comment, the verified output.
		`<figure class="listing" id="example-ExampleStackRF">`,
		`§2.3: stacked 3×3 convs reach the receptive field of one large filter with fewer weights`,
		"<pre class=\"output\">layers   receptive field  weights\n2 × 3×3                5     18C²",
		`checked by <code>go test -run '^ExampleStackRF$' ./chapters/vgg</code>`,
		// Code spans link to the listing, the model and the ledger.
		`<a href="#example-ExampleStackRF"><code>ExampleStackRF</code></a>`,
		`<a href="models.html#model-vgg16"><code>vgg16</code></a>`,
		`<a href="ledger.html#claim-vgg-memory-96m"><code>vgg/memory-96m</code></a>`,
		// The summary: rows and the totals LeNet's chapter states (61,706 parameters).
		`<figure class="summary" id="summary-lenet5">`,
		`<tfoot><tr><td></td><td class="l">total</td><td></td><td>10</td><td>61,706</td>`,
		// models, ledger, figure, maths.
		`<a href="models.html#model-lenet5-1998"><code>lenet5-1998</code></a>`,
		`<article class="claim v-confirmed" id="claim-lenet-seven-layers">`,
		`<img src="figures/receptive-field.svg"`,
		`<math `, `<div class="math"><math `,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if strings.Contains(html, "// Output:") {
		t.Errorf("the listing kept its // Output: comment; it belongs in the verified output block")
	}
	if strings.Contains(html, "<merror") {
		t.Errorf("maths rendered with <merror>")
	}
}

// TestChaptersMatchAll: the book's chapter list is chapters/all's, in the
// same order, so every model and every ledger entry has its page.
func TestChaptersMatchAll(t *testing.T) {
	var names []string
	for _, c := range chapters {
		for _, e := range c.Models() {
			names = append(names, e.Name)
		}
	}
	var want []string
	for _, e := range all.Models() {
		want = append(want, e.Name)
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("models by chapter:\ngot  %v\nwant %v (all.Models)", names, want)
	}
	cs, err := all.Claims()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if chapterOf(c.Chapter) < 0 {
			t.Errorf("claim %s: chapter %q has no page", c.ID, c.Chapter)
		}
	}
}

// TestSummaryTotals: the totals row of every model's table is the sum of
// its rows and equals the report's totals.
func TestSummaryTotals(t *testing.T) {
	b := aBuilder(t)
	for _, m := range b.models {
		var params, macs int64
		for _, r := range m.Report.Rows {
			params += r.Params
			macs += r.MACs
		}
		if params != m.Report.Params || macs != m.Report.MACs {
			t.Errorf("%s: rows sum to %d params and %d MACs, want the report's %d and %d", m.Entry.Name, params, macs, m.Report.Params, m.Report.MACs)
		}
	}
}
