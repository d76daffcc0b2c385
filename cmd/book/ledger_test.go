package main

import (
	"bytes"
	"encoding/json"
	"testing"
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
	for _, k := range []string{"id", "chapter", "lines", "verdict", "notes_quote", "source_quote", "quote_kind", "claimed", "computed", "cited", "source", "reason"} {
		if _, ok := got.Entries[0][k]; !ok {
			t.Errorf("entry %v lacks %q", got.Entries[0]["id"], k)
		}
	}
	for l, cv := range got.Coverage {
		_, e := cv["entries"]
		_, r := cv["reason"]
		if e == r {
			t.Errorf("line %s: %v, want entries or a reason", l, cv)
		}
	}
}
