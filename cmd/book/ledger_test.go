package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// `book ledger -json` is one object: every entry with its fields, and the
// coverage of every non-blank line of the notes.
func TestLedgerJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"ledger", "-json"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Entries  []map[string]any          `json:"entries"`
		Coverage map[string]map[string]any `json:"coverage"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) < 100 || len(got.Coverage) < 200 {
		t.Fatalf("%d entries, %d lines covered: want the whole ledger and every non-blank line", len(got.Entries), len(got.Coverage))
	}
	keys := []string{"id", "chapter", "lines", "verdict", "notes_quote", "source_quote", "quote_kind", "claimed", "computed", "cited", "source", "reason"}
	for _, e := range got.Entries {
		for _, k := range keys {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %v lacks %q", e["id"], k)
			}
		}
		if len(e) != len(keys) {
			t.Errorf("entry %v has %d fields, want exactly %v", e["id"], len(e), keys)
		}
		if k := e["quote_kind"]; k != "verbatim" && k != "paraphrase" {
			t.Errorf("entry %v: quote_kind %v, want verbatim or paraphrase", e["id"], k)
		}
		if l, ok := e["lines"].([]any); !ok || len(l) != 2 || l[0].(float64) > l[1].(float64) {
			t.Errorf("entry %v: lines %v, want [first, last]", e["id"], e["lines"])
		}
	}
	if len(got.Coverage) != claims.NonBlank() {
		t.Errorf("coverage of %d lines, want every one of the notes' %d non-blank lines", len(got.Coverage), claims.NonBlank())
	}
	for l, cv := range got.Coverage {
		_, e := cv["entries"]
		_, r := cv["reason"]
		if e == r {
			t.Errorf("line %s: %v, want entries or a reason", l, cv)
		}
	}
}
