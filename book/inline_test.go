package book

import (
	"errors"
	"strings"
	"testing"
)

// TestInlineDirectives: a value comes from a chapter's Values, a citation
// from sources.tsv (linked to its row), and an unknown name is an error
// naming the file, the line and the names that exist.
func TestInlineDirectives(t *testing.T) {
	b := aBuilder(t)
	const file = "chapters/lenet/README.md"
	v := b.values["lenet/c3-params"]
	if v.Text == "" {
		t.Fatal("lenet/c3-params is not among the values: the test needs one value that exists")
	}
	src := b.sources["lenet98-year"]
	md := "# T\n\nC3 has `book:value lenet/c3-params` parameters (`book:cite lenet98-year`); `conv1` stays code.\n"
	_, body, _, errs := b.markdown(newSource(file, []byte(md)))
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<span class="val" title="computed: ` + v.Source + `">` + v.Text + `</span>`,
		`<a class="cite" href="sources.html#src-lenet98-year" title="`,
		`">` + src.Value + `</a>`,
		`<code>conv1</code>`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(string(body), "book:") {
		t.Errorf("a directive was left in the page:\n%s", body)
	}
	t.Logf("`book:value lenet/c3-params` → %s (%s); `book:cite lenet98-year` → %s (%s, %s)", v.Text, v.Source, src.Value, src.Source, src.Where)

	for _, tc := range []struct{ md, want string }{
		{"# T\n\nSee `book:value lenet/c3-parms`.\n", file + ":3: book:value lenet/c3-parms: no such value (known: lenet/"},
		{"# T\n\nText\nand `book:cite lenet98-yaer`.\n", file + `:4: book:cite lenet98-yaer: no row "lenet98-yaer" in chapters/claims/sources.tsv (known: lenet98-`},
		{"# T\n\n| a |\n|---|\n| `book:value nope/x` |\n", file + ":5: book:value nope/x: no such value"},
	} {
		_, _, _, errs := b.markdown(newSource(file, []byte(tc.md)))
		err := errors.Join(errs...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want %q", tc.md, err, tc.want)
		}
	}
}
