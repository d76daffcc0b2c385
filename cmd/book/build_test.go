package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `book build -o DIR -figures DIR` writes the site and the figures where
// it is told, and reports what it wrote.
func TestBuildWritesWhereTold(t *testing.T) {
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "site"), filepath.Join(tmp, "figs")
	var out bytes.Buffer
	if err := run([]string{"build", "-o", docs, "-figures", figs}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(docs, "index.html"), filepath.Join(docs, "ledger.html"), filepath.Join(docs, "style.css"),
		filepath.Join(docs, "figures", "params-macs.svg"), filepath.Join(figs, "params-macs.svg")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%v", err)
		}
	}
	if !strings.HasPrefix(out.String(), "wrote ") {
		t.Errorf("stdout: got %q, want a line starting %q", out.String(), "wrote ")
	}
	if err := run([]string{"build", "extra"}, &out, &out); err == nil {
		t.Errorf("build extra: got no error, want one (build takes no arguments)")
	}
}
