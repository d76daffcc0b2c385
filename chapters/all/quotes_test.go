package all

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Quotes that are quotes: every NotesQuote is the notes' own words (a
// substring of notes.ko.md); every verbatim SourceQuote names its section
// in Source and the copy of the paper it was checked against; and the
// entries the audit found quoting paraphrases or the wrong section now
// quote the paper's words.
func TestQuotes(t *testing.T) {
	cs := ledger(t)
	section := regexp.MustCompile(`§|Table|Fig\.|abstract|Appendix|Eq\.|cs231n|CS231n`)
	verbatim := 0
	for _, c := range cs {
		if c.NotesQuote == "" || !strings.Contains(claims.Notes, c.NotesQuote) {
			t.Errorf("%s: NotesQuote %q is not in notes.ko.md", c.ID, c.NotesQuote)
		}
		if c.QuoteKind != claims.Verbatim {
			continue
		}
		verbatim++
		if !section.MatchString(c.Source) {
			t.Errorf("%s: verbatim quote, but Source %q names no section", c.ID, c.Source)
		}
		if !strings.Contains(c.CheckedAgainst, "http") {
			t.Errorf("%s: CheckedAgainst %q gives no address of the paper", c.ID, c.CheckedAgainst)
		}
	}
	byID := map[string]claims.Claim{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	for id, words := range map[string]string{
		"alexnet/conv1-48-per-tower":    "essentially puts half of the kernels (or neurons) on each GPU",
		"googlenet/naive-channels-grow": "would lead to an inevitable increase in the number of outputs from stage to stage",
		"vgg/vgg19-more-params":         "The error rate of our architecture saturates when the depth reaches 19 layers",
		"vgg/fc7-context-vector":        "use 4096-D activations of the penultimate layer as image features",
		"zfnet/deconv-is-transpose":     "the deconvnet uses transposed versions of the same filters",
		"alexnet/eight-layers":          "the net contains eight layers with weights",
	} {
		c, ok := byID[id]
		if !ok {
			t.Errorf("no entry %s", id)
			continue
		}
		if c.QuoteKind != claims.Verbatim || !strings.Contains(c.SourceQuote, words) {
			t.Errorf("%s: want the verbatim words %q, got %s %q", id, words, c.QuoteKind, c.SourceQuote)
		}
	}
	if !strings.Contains(byID["alexnet/eight-layers"].Source, "§3.5") {
		t.Errorf("alexnet/eight-layers: the quote is §3.5's (Overall Architecture), Source says %q", byID["alexnet/eight-layers"].Source)
	}
	if r := byID["variants/fractalnet-paths"].Reason; !strings.Contains(r, "--doubling") || !strings.Contains(r, "38.9M") {
		t.Errorf("variants/fractalnet-paths: the reason omits khanrc's doubling variant at 38.9M: %q", r)
	}
	t.Logf("%d entries, %d with a verbatim source quote", len(cs), verbatim)
}

// ledger is the whole ledger, or the test fails with Claims' error.
func ledger(t *testing.T) []claims.Claim {
	t.Helper()
	cs, err := Claims()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
