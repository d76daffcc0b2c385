package claims

import (
	"strings"
	"testing"
)

// The verdict follows from the values: a numeric entry is confirmed when
// the notes' number lies within the tolerance of ours, a non-numeric one
// when the chapter found agreement, and an entry without a computed value
// is a citation.
func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Claim
		want Verdict
	}{
		{"numeric exact", Claim{Numeric: true, ClaimedValue: 22, ComputedValue: 22, Computed: "22"}, Confirmed},
		{"numeric off", Claim{Numeric: true, ClaimedValue: 277, ComputedValue: 227, Computed: "227"}, Corrected},
		// 62M against 60.97M: 1.7% apart; within 2% but not within 1%.
		{"numeric within tolerance", Claim{Numeric: true, ClaimedValue: 62e6, ComputedValue: 60_965_224, Tolerance: 0.02, Computed: "x"}, Confirmed},
		{"numeric outside tolerance", Claim{Numeric: true, ClaimedValue: 62e6, ComputedValue: 60_965_224, Tolerance: 0.01, Computed: "x"}, Corrected},
		{"agrees", Claim{Computed: "conv1 11×11/4", Agrees: true}, Confirmed},
		{"disagrees", Claim{Computed: "conv2 5×5/1"}, Corrected},
		{"nothing computed, source agrees", Claim{Cited: "batch 128", Source: "§5", SourceAgrees: Yes}, Cited},
		{"nothing computed, source disagrees", Claim{Cited: "1989", Source: "LeCun 1989", SourceAgrees: No}, Refuted},
		{"nothing computed, sources disagree", Claim{Cited: "x", Source: "y", SourceAgrees: Undecided}, Unsettled},
		// A claim about what a paper did is judged against the paper: our
		// own dropout p = 0.5 proves nothing about it.
		{"about a paper, our setting equal", Claim{Paper: true, Numeric: true, ClaimedValue: 0.5, ComputedValue: 0.5, Computed: "p = 0.5", SourceAgrees: Yes}, Cited},
		{"about a paper, source disagrees", Claim{Paper: true, Numeric: true, ClaimedValue: 0.5, ComputedValue: 0.5, Computed: "p = 0.5", SourceAgrees: No}, Refuted},
		{"experiment agrees", Claim{Experiment: "results/degradation/", Outcome: Yes, SourceAgrees: Yes}, Demonstrated},
		{"experiment disagrees", Claim{Experiment: "results/degradation/", Outcome: No}, Corrected},
		{"experiment does not decide", Claim{Experiment: "results/degradation/", Outcome: Undecided}, Unsettled},
		{"experiment not landed", Claim{Experiment: "results/degradation/", SourceAgrees: Yes}, Cited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Verdict(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// Check and Sourced name the entry and what is missing.
func TestCheckAndSourced(t *testing.T) {
	line := LineOf("22계층으로 구성된다")
	if line == 0 {
		t.Fatal("the notes lack the GoogLeNet depth sentence")
	}
	good := Claim{ID: "x/22", Line: line, NotesQuote: "22계층", Numeric: true, ClaimedValue: 22, ComputedValue: 22,
		Computed: "22", Cited: "22 layers", Source: "Szegedy et al. 2015 §5"}
	if err := good.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	if err := good.Sourced(); err != nil {
		t.Errorf("Sourced: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Claim)
		check func(Claim) error
		want  string
	}{
		{"quote elsewhere", func(c *Claim) { c.Line = 1 }, Claim.Check, "line 1 of the notes does not contain"},
		{"line outside", func(c *Claim) { c.Line = 100000 }, Claim.Check, "outside the notes"},
		{"correction without reason", func(c *Claim) { c.ComputedValue = 21 }, Claim.Check, "corrected without a reason"},
		{"citation without source", func(c *Claim) { c.Numeric, c.Computed, c.Source, c.SourceAgrees = false, "", "", Yes }, Claim.Check, "cited without a value and source"},
		{"citation not judged", func(c *Claim) { c.Numeric, c.Computed = false, "" }, Claim.Check, "SourceAgrees is not set"},
		{"refuted without reason", func(c *Claim) { c.Numeric, c.Computed, c.SourceAgrees = false, "", No }, Claim.Check, "refuted-by-source without a reason"},
		{"quotation marks in Cited", func(c *Claim) { c.Cited = `"22 layers deep"` }, Claim.Check, "Cited holds quotation marks"},
		{"verbatim unchecked", func(c *Claim) { c.SourceQuote, c.QuoteKind = "22 layers deep", Verbatim }, Claim.Check, "without CheckedAgainst"},
		{"quote without kind", func(c *Claim) { c.SourceQuote = "22 layers deep" }, Claim.Check, "without a QuoteKind"},
		{"no cited value", func(c *Claim) { c.Cited = "" }, Claim.Sourced, "no independent value"},
		{"no source", func(c *Claim) { c.Source = "" }, Claim.Sourced, "no independent value"},
		{"no computed value", func(c *Claim) { c.Computed = "" }, Claim.Sourced, "confirmed without a computed value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			err := tc.check(c)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "x/22: ") {
				t.Errorf("got %v, want an error for x/22 containing %q", err, tc.want)
			}
		})
	}
}

// Audit reports entries the test does not expect, expected entries that
// are missing, wrong chapters and wrong verdicts.
func TestAudit(t *testing.T) {
	line := LineOf("22계층으로 구성된다")
	c := Claim{ID: "googlenet/22", Chapter: "googlenet", Line: line, NotesQuote: "22계층", Numeric: true,
		ClaimedValue: 22, ComputedValue: 22, Computed: "22", Cited: "22", Source: "§5"}
	if errs := Audit("googlenet", []Claim{c}, map[string]Verdict{"googlenet/22": Confirmed}); len(errs) != 0 {
		t.Errorf("a good entry: got %v, want no errors", errs)
	}
	errs := Audit("resnet", []Claim{c}, map[string]Verdict{"googlenet/22": Corrected, "resnet/missing": Cited})
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		`googlenet/22: chapter: got "googlenet", want "resnet"`,
		"googlenet/22: verdict: got confirmed, want corrected",
		"resnet/missing: expected but missing",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Audit errors lack %q; got:\n%s", want, got)
		}
	}
	if errs := Audit("googlenet", []Claim{c}, map[string]Verdict{}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "not expected by the test") {
		t.Errorf("an unexpected entry: got %v", errs)
	}
	unsourced := c
	unsourced.Source = ""
	if errs := Audit("googlenet", []Claim{unsourced}, map[string]Verdict{"googlenet/22": Confirmed}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "no independent value") {
		t.Errorf("an entry without a source: got %v", errs)
	}
}

// Corrections are counted whichever evidence made them: our code's
// (corrected) or the cited source's (refuted-by-source).
func TestCorrection(t *testing.T) {
	for _, v := range Verdicts {
		want := v == Corrected || v == Refuted
		if v.Correction() != want {
			t.Errorf("%s: Correction() = %v, want %v", v, v.Correction(), want)
		}
	}
}
