package claims

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckValues(t *testing.T) {
	ok := Value{ID: "lenet/c3-params", Text: "1,516", Source: "row C3"}
	assert.NoError(t, CheckValues("lenet", []Value{ok}))
	for _, tc := range []struct {
		name string
		vs   []Value
		want string
	}{
		{"other chapter", []Value{{ID: "vgg/x", Text: "1", Source: "s"}}, `want an ID "lenet/<name>"`},
		{"no name", []Value{{ID: "lenet/", Text: "1", Source: "s"}}, "want an ID"},
		{"space", []Value{{ID: "lenet/a b", Text: "1", Source: "s"}}, "without spaces"},
		{"twice", []Value{ok, ok}, "defined twice"},
		{"no text", []Value{{ID: "lenet/a", Source: "s"}}, "empty text"},
		{"no source", []Value{{ID: "lenet/a", Text: "1"}}, "no source"},
	} {
		err := CheckValues("lenet", tc.vs)
		if assert.Error(t, err, tc.name) {
			assert.Contains(t, err.Error(), tc.want, tc.name)
		}
	}
}

// The ledger's numbers reach the prose as values: the notes' number, ours
// and the verdict of every numeric entry, named after the entry.
func TestLedgerValues(t *testing.T) {
	cs := []Claim{
		{ID: "alexnet/params-62M", Chapter: "alexnet", Numeric: true, ClaimedValue: 62e6, ComputedValue: 62_378_344, Tolerance: 0.01, Computed: "x"},
		{ID: "alexnet/lrn-purpose", Chapter: "alexnet", SourceAgrees: No},
	}
	vs := LedgerValues(cs)
	if err := CheckValues("alexnet", vs); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
	}
	for id, want := range map[string]string{
		"alexnet/ledger-params-62M-notes":   "62 million",
		"alexnet/ledger-params-62M-ours":    "62.4 million",
		"alexnet/ledger-params-62M-verdict": "confirmed",
	} {
		if got[id] != want {
			t.Errorf("%s: got %q, want %q", id, got[id], want)
		}
	}
	if len(vs) != 3 {
		t.Errorf("%d values, want 3 (the non-numeric entry has none)", len(vs))
	}
	if LedgerNumber(1202) != "1,202" || LedgerNumber(0.5) != "0.5" {
		t.Errorf("LedgerNumber: 1202 → %q, 0.5 → %q", LedgerNumber(1202), LedgerNumber(0.5))
	}
}
