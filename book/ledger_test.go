package book

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// The verdict is computed, and the chapter page shows it: flip the value
// our code computes for googlenet/22-layers (22 weighted layers, as the
// notes say) to 21, and the entry turns from confirmed to corrected, on
// its own and on the GoogLeNet chapter page, whose counts change too.
func TestLedgerFollowsComputedValue(t *testing.T) {
	b := aBuilder(t)
	const id, slug = "googlenet/22-layers", "googlenet"
	i := slices.IndexFunc(b.claims, func(c claims.Claim) bool { return c.ID == id })
	if i < 0 {
		t.Fatalf("no ledger entry %s", id)
	}
	ch := slices.IndexFunc(chapters, func(c chapter) bool { return c.Slug == slug })
	page := func(cs []claims.Claim) string {
		nb := *b
		nb.claims = cs
		nb.tocs = make([][]tocItem, len(chapters))
		file := "chapters/" + slug + "/README.md"
		data, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		p, errs := nb.chapterPage(ch, newSource(file, data))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return string(p.Body)
	}
	orig := b.claims[i]
	flipped := slices.Clone(b.claims)
	flipped[i].ComputedValue = orig.ComputedValue - 1
	flipped[i].Computed = "21 (flipped by the test)"
	if got := orig.Verdict(); got != claims.Confirmed {
		t.Fatalf("%s: verdict %s, want confirmed before the flip", id, got)
	}
	if got := flipped[i].Verdict(); got != claims.Corrected {
		t.Errorf("%s with computed %g: verdict %s, want corrected", id, flipped[i].ComputedValue, got)
	}
	before, after := page(b.claims), page(flipped)
	article := func(v claims.Verdict) string {
		return `<article class="claim v-` + string(v) + `" id="` + claimID(id) + `">`
	}
	if !strings.Contains(before, article(claims.Confirmed)) {
		t.Errorf("the %s page lacks %s", slug, article(claims.Confirmed))
	}
	if !strings.Contains(after, article(claims.Corrected)) {
		t.Errorf("after the flip the %s page lacks %s", slug, article(claims.Corrected))
	}
	n := counts(b.chapterClaims(slug))
	corrBefore := `<span class="badge corrected">` + strconv.Itoa(n[claims.Corrected]) + ` corrected</span>`
	corrAfter := `<span class="badge corrected">` + strconv.Itoa(n[claims.Corrected]+1) + ` corrected</span>`
	if !strings.Contains(before, corrBefore) || !strings.Contains(after, corrAfter) {
		t.Errorf("the page's counts do not follow the flip: want %q before and %q after", corrBefore, corrAfter)
	}
	t.Logf("%s: computed %g → %g: %s → %s on %s.html", id, orig.ComputedValue, flipped[i].ComputedValue, orig.Verdict(), flipped[i].Verdict(), slug)
}
