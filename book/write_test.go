package book

import (
	"os"
	"os/exec"
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
// error naming it, and nothing in it (or in the other directory) is
// touched. The cases are the issue's: a folder that merely holds an
// index.html, and a folder of .svg files.
func TestWriteRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, docs, figs string
		mine             []string
	}{
		{"site", "home", "figures", []string{"home/notes.txt"}},
		{"site-with-index", "site", "figures", []string{"site/index.html", "site/photos/p.jpg"}},
		{"figures", "docs", "pictures", []string{"pictures/photo.jpg"}},
		{"figures-of-svg", "docs", "art", []string{"art/a.svg", "art/logo.svg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			for _, f := range tc.mine {
				p := filepath.Join(tmp, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := writeTestSite("x").Write(filepath.Join(tmp, tc.docs), filepath.Join(tmp, tc.figs))
			dir := filepath.Join(tmp, filepath.Dir(tc.mine[0]))
			if err == nil || !strings.Contains(err.Error(), dir+" is not empty") {
				t.Errorf("got %v, want a refusal naming %s", err, dir)
			}
			for _, f := range tc.mine {
				if got, _ := os.ReadFile(filepath.Join(tmp, f)); string(got) != "mine" {
					t.Errorf("%s: got %q, want it untouched", f, got)
				}
			}
			if got, want := strings.Join(entries(t, tmp), " "), filepath.Dir(tc.mine[0]); got != want {
				t.Errorf("after a refused build the parent holds %q, want %q (nothing written)", got, want)
			}
		})
	}
}

// TestWriteKeepsUserFiles: in a directory an earlier build wrote, a file
// the user added (not in the manifest) survives the next build, and a new
// page whose name a user's file already has is refused.
func TestWriteKeepsUserFiles(t *testing.T) {
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")
	if err := writeTestSite("one").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(docs, "CNAME")
	os.WriteFile(mine, []byte("book.example"), 0o644)
	if err := writeTestSite("two").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(mine); string(got) != "book.example" {
		t.Errorf("user's CNAME after a rebuild: got %q, want it kept", got)
	}
	s := writeTestSite("three")
	s.Docs["CNAME"] = []byte("built")
	if err := s.Write(docs, figs); err == nil || !strings.Contains(err.Error(), mine) {
		t.Errorf("got %v, want a refusal naming %s", err, mine)
	}
	if got, _ := os.ReadFile(filepath.Join(docs, "index.html")); string(got) != "two" {
		t.Errorf("index.html after a refused build: got %q, want %q", got, "two")
	}
}

// TestWriteNeverHalf: at every rename of a build into place the directory
// exists and each file is whole, either the previous build's or the new
// one's; a staging directory left by a killed build (and the ".old" of
// the earlier two-rename swap) is removed by the next build.
func TestWriteNeverHalf(t *testing.T) {
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")
	if err := writeTestSite("one").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{".docs.new-123", ".docs.new-456.old"} {
		os.MkdirAll(filepath.Join(tmp, d, "figures"), 0o755)
		os.WriteFile(filepath.Join(tmp, d, "index.html"), []byte("killed"), 0o644)
	}
	steps := 0
	afterRename = func(dir string) {
		if dir != docs {
			return
		}
		steps++
		got := readTree(t, docs)
		for _, f := range []string{"index.html", "style.css", "figures/a.svg"} {
			if v := string(got[f]); v != string(writeTestSite("one").Docs[f]) && v != string(writeTestSite("two").Docs[f]) {
				t.Errorf("after %d renames %s holds %q, neither build's", steps, f, v)
			}
		}
	}
	defer func() { afterRename = nil }()
	if err := writeTestSite("two").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	if steps != 3 {
		t.Errorf("checked %d renames into docs, want 3", steps)
	}
	if got := strings.Join(entries(t, tmp), " "); got != "docs figures" {
		t.Errorf("after the build the parent holds %q, want %q (leftovers removed)", got, "docs figures")
	}
}

// TestWriteRepo: the repository's own docs/ is the book's whole: a file
// there that no manifest lists (arrived by a merge) is replaced, or
// removed when the build no longer makes it.
func TestWriteRepo(t *testing.T) {
	root := t.TempDir()
	for f, body := range map[string]string{"docs/index.html": "merged", "docs/gone.html": "old page", "figures/old.svg": "<svg/>"} {
		p := filepath.Join(root, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	if err := writeTestSite("new").WriteRepo(root); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, filepath.Join(root, "docs"))
	if string(got["index.html"]) != "new" || got["gone.html"] != nil {
		t.Errorf("docs after WriteRepo: index.html %q, gone.html %q; want %q and removed", got["index.html"], got["gone.html"], "new")
	}
	if _, err := os.Stat(filepath.Join(root, "figures", "old.svg")); !os.IsNotExist(err) {
		t.Errorf("figures/old.svg: got %v, want it removed", err)
	}
}

// TestWriteKilled: a child process dies (os.Exit, no deferred cleanup:
// what SIGKILL leaves) after the second rename into place. The directory
// is whole, each file the old build's or the new one's, the manifest owns
// them all, and the next build removes the staging directory left behind.
func TestWriteKilled(t *testing.T) {
	if dir := os.Getenv("BOOK_WRITE_CHILD"); dir != "" {
		n := 0
		afterRename = func(string) {
			if n++; n == 2 {
				os.Exit(3)
			}
		}
		writeTestSite("two").Write(filepath.Join(dir, "docs"), filepath.Join(dir, "figures"))
		os.Exit(0)
	}
	tmp := t.TempDir()
	docs, figs := filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")
	if err := writeTestSite("one").Write(docs, figs); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteKilled$")
	cmd.Env = append(os.Environ(), "BOOK_WRITE_CHILD="+tmp)
	if err := cmd.Run(); err == nil || cmd.ProcessState.ExitCode() != 3 {
		t.Fatalf("child: %v, want exit status 3 (killed mid-swap)", err)
	}
	got := readTree(t, docs)
	for _, f := range []string{"index.html", "style.css", "figures/a.svg"} {
		if v := string(got[f]); v != string(writeTestSite("one").Docs[f]) && v != string(writeTestSite("two").Docs[f]) {
			t.Errorf("after the kill %s holds %q, neither build's", f, v)
		}
	}
	if names := strings.Join(entries(t, tmp), " "); !strings.Contains(names, ".docs.new-") {
		t.Errorf("after the kill the parent holds %q, want a staging directory left", names)
	}
	if err := writeTestSite("three").Write(docs, figs); err != nil {
		t.Fatalf("the build after the kill: %v", err)
	}
	if got := strings.Join(entries(t, tmp), " "); got != "docs figures" {
		t.Errorf("after the next build the parent holds %q, want %q", got, "docs figures")
	}
}
