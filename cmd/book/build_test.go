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

// The reproduction: `build -o site` where site/ holds an
// index.html and a photos/ folder of the user's. It is refused, naming
// site, and every file of the user's is as it was.
func TestBuildRefusesForeignDir(t *testing.T) {
	tmp := t.TempDir()
	site, figs := filepath.Join(tmp, "site"), filepath.Join(tmp, "figs")
	mine := map[string]string{"index.html": "hi\n", "photos/p.jpg": "x\n"}
	for name, body := range mine {
		p := filepath.Join(site, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	var out bytes.Buffer
	err := run([]string{"build", "-o", site, "-figures", figs}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), site+" is not empty") {
		t.Fatalf("got %v, want a refusal naming %s", err, site)
	}
	for name, body := range mine {
		if got, _ := os.ReadFile(filepath.Join(site, name)); string(got) != body {
			t.Errorf("%s: got %q, want it untouched (%q)", name, got, body)
		}
	}
	if _, err := os.Stat(figs); !os.IsNotExist(err) {
		t.Errorf("%s: got %v, want nothing written after the refusal", figs, err)
	}
}
