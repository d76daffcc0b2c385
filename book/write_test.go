package book

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTestSite(index string) *Site {
	return &Site{
		Docs:    map[string][]byte{"index.html": []byte(index), "style.css": []byte("body{}"), "figures/a.svg": []byte("<svg/>")},
		Figures: map[string][]byte{"a.svg": []byte("<svg/>")},
	}
}

// entries lists a directory's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteReplaces: a second build replaces the first whole (a file the
// new build no longer makes is gone) and leaves no temporary directory.
func TestWriteReplaces(t *testing.T) {
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")
	first := writeTestSite("one")
	first.Docs["old.html"] = []byte("stale")
	if err := first.Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	if err := writeTestSite("two").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(docs, "index.html")); string(got) != "two" {
		t.Errorf("index.html: got %q, want %q", got, "two")
	}
	if _, err := os.Stat(filepath.Join(docs, "old.html")); !os.IsNotExist(err) {
		t.Errorf("old.html: got %v, want it removed with the previous build", err)
	}
	if got := strings.Join(entries(t, tmp), " "); got != "docs figures" {
		t.Errorf("after two builds the parent holds %q, want %q (no temporary directories)", got, "docs figures")
	}
}

// TestWriteInterrupted: a build that fails while writing leaves the
// previous build as it was, and no temporary directory.
func TestWriteInterrupted(t *testing.T) {
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")
	if err := writeTestSite("good").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	bad := writeTestSite("bad")
	bad.Docs["x"] = []byte("a file")
	bad.Docs["x/y.html"] = []byte("a file under a file: cannot be written")
	if err := bad.Write(docs, figs); err == nil {
		t.Fatal("got no error writing x and x/y.html, want one")
	}
	if got, _ := os.ReadFile(filepath.Join(docs, "index.html")); string(got) != "good" {
		t.Errorf("index.html after a failed build: got %q, want the previous %q", got, "good")
	}
	if got := strings.Join(entries(t, tmp), " "); got != "docs figures" {
		t.Errorf("after a failed build the parent holds %q, want %q", got, "docs figures")
	}
}

// TestWriteRefuses: -o pointed at a directory that is not a book is an
// error, and the directory is untouched.
func TestWriteRefuses(t *testing.T) {
	tmp := t.TempDir()
	for _, tc := range []struct{ name, docs, figs, file string }{
		{"site", "home", "figures", "home/notes.txt"},
		{"figures", "docs", "pictures", "pictures/photo.jpg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(tmp, tc.file)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := writeTestSite("x").Write(filepath.Join(tmp, tc.docs), filepath.Join(tmp, tc.figs))
			if err == nil || !strings.Contains(err.Error(), "does not hold an earlier build") {
				t.Errorf("got %v, want a refusal", err)
			}
			if got, _ := os.ReadFile(p); string(got) != "mine" {
				t.Errorf("%s: got %q, want it untouched", tc.file, got)
			}
		})
	}
}
