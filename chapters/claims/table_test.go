package claims

import (
	"errors"
	"strings"
	"testing"
)

// A ledger table builds its evidence once, runs every row's Check on it,
// locates the quotes, and reports a failing row by its ID instead of
// panicking.
func TestTable(t *testing.T) {
	built := 0
	evidence := func() (int, error) { built++; return 22, nil }
	rows := []Row[int]{
		{ID: "x/22", NotesQuote: "22계층으로 구성된다", Claimed: "22 layers", Cited: "22", Source: "§5",
			Check: func(depth int) (Result, error) {
				return Result{Numeric: true, ClaimedValue: 22, ComputedValue: float64(depth), Computed: "22"}, nil
			}},
		{ID: "x/cited", NotesQuote: "22계층으로 구성된다", Claimed: "22", Cited: "22", Source: "§5", SourceAgrees: Yes},
	}
	cs, err := Table("x", "", evidence, rows)
	if err != nil {
		t.Fatal(err)
	}
	if built != 1 || len(cs) != 2 || cs[0].Verdict() != Confirmed || cs[1].Verdict() != Cited || cs[0].Line != LineOf("22계층으로 구성된다") || cs[0].Chapter != "x" {
		t.Errorf("built %d times; entries %+v", built, cs)
	}
	for _, tc := range []struct {
		name     string
		evidence func() (int, error)
		rows     []Row[int]
		want     string
	}{
		{"evidence fails", func() (int, error) { return 0, errors.New("no model") }, rows, "x: ledger evidence: no model"},
		{"check fails", evidence, []Row[int]{{ID: "x/bad", NotesQuote: "22계층", Check: func(int) (Result, error) { return Result{}, errors.New("no layer fc") }}}, "x/bad: no layer fc"},
		{"quote missing", evidence, []Row[int]{{ID: "x/gone", NotesQuote: "not in the notes"}}, "x/gone: the notes (from line 1) do not contain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Table("x", "", tc.evidence, tc.rows)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
