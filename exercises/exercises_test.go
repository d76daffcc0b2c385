package exercises

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// TestCatalog: every exercise directory is listed and every listed
// exercise has its three files, its function and hints.
func TestCatalog(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "internal" && e.Name() != "testdata" {
			dirs = append(dirs, e.Name())
		}
	}
	var ids []string
	for _, e := range All {
		ids = append(ids, e.ID)
		for _, f := range []string{"exercise.go", "exercise_test.go", "solution_test.go"} {
			if _, err := os.Stat(filepath.Join(e.ID, f)); err != nil {
				t.Errorf("%s: %v", e.ID, err)
			}
		}
		if _, err := verify.Untouched(filepath.Join(e.ID, verify.StubFile), e.Func); err != nil {
			t.Errorf("%s: %v", e.ID, err)
		}
		if _, err := os.Stat(filepath.Join("..", "chapters", e.Chapter)); err != nil {
			t.Errorf("%s: chapter %q: %v", e.ID, e.Chapter, err)
		}
		if len(e.Hints) < 2 || e.Title == "" {
			t.Errorf("%s: got %d hints and title %q, want at least 2 hints and a title", e.ID, len(e.Hints), e.Title)
		}
	}
	slices.Sort(dirs)
	sorted := slices.Sorted(slices.Values(ids))
	if !slices.Equal(dirs, sorted) {
		t.Errorf("exercise directories %v, catalog %v: they must match", dirs, sorted)
	}
	if len(slices.Compact(sorted)) != len(ids) {
		t.Errorf("duplicate IDs in %v", ids)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !strings.Contains(string(readme), "| `"+id+"` |") {
			t.Errorf("README.md has no row for %s", id)
		}
	}
	if n := len(All); n < 8 || n > 12 {
		t.Errorf("got %d exercises, want 8–12", n)
	}
}

func TestParseTestJSON(t *testing.T) {
	f, err := os.Open("testdata/gotest.json") // go test -json of four toy packages a, b, c, d
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exs := []Exercise{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	res, err := ParseTestJSON(f, exs)
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{
		{"a", Broken, "exercises/a/a.go:2:23: undefined: x"},
		{"b", Wrong, "hello\nF: got 1, want 2"},
		{"c", NotStarted, "F still returns its zero value (the check says: got 0, want 55)"},
		{"d", Solved, ""},
		{"e", Broken, ""}, // not in the output at all
	}
	for i := range want {
		if res[i] != want[i] {
			t.Errorf("got %+v, want %+v", res[i], want[i])
		}
	}
	if _, err := ParseTestJSON(strings.NewReader("FAIL\tsomething\n"), exs); err == nil {
		t.Errorf("plain text: got no error, want one")
	}
}

// TestCheck runs the real `go test` over two untouched exercises: both
// are not started, and the message is the check's complaint.
func TestCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in a child process")
	}
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	var exs []Exercise
	for _, id := range []string{"conv-output-size", "resnet-paths"} {
		e, err := Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		exs = append(exs, e)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Check(ctx, root, exs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.State != NotStarted || !strings.Contains(r.Message, "still returns its zero value") {
			t.Errorf("%s: got %v %q, want not started with the check's message", r.ID, r.State, r.Message)
		}
	}
}

func TestRoot(t *testing.T) {
	root, err := Root("internal/verify")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "exercises", "catalog.go")); err != nil {
		t.Errorf("Root: got %s, which has no exercises/catalog.go", root)
	}
	if _, err := Root(t.TempDir()); err == nil {
		t.Errorf("Root of a temporary directory: got no error, want one")
	}
}

func TestHints(t *testing.T) {
	p := &Progress{Exercises: map[string]*Record{}}
	e := Exercise{ID: "x", Hints: []string{"one", "two", "three"}}
	for i, want := range []string{"one", "two", "three"} {
		n, h, err := p.Hint(e, 0)
		if err != nil || n != i+1 || h != want {
			t.Fatalf("call %d: got %d %q %v, want %d %q", i+1, n, h, err, i+1, want)
		}
	}
	if _, _, err := p.Hint(e, 0); err == nil || !strings.Contains(err.Error(), "exercises/x/solution_test.go") {
		t.Errorf("after the last hint: got %v, want an error pointing to the solution", err)
	}
	if n, h, err := p.Hint(e, 2); err != nil || n != 2 || h != "two" || p.Exercises["x"].HintsSeen != 3 {
		t.Errorf("-n 2: got %d %q %v (seen %d), want hint 2 and still 3 seen", n, h, err, p.Exercises["x"].HintsSeen)
	}
	if _, _, err := p.Hint(e, 4); err == nil {
		t.Errorf("-n 4 of 3: got no error")
	}
	q := &Progress{Exercises: map[string]*Record{}}
	if n, _, _ := q.Hint(e, 2); n != 2 || q.Exercises["x"].HintsSeen != 2 {
		t.Errorf("-n 2 first: got hint %d, seen %d; want 2 and 2", n, q.Exercises["x"].HintsSeen)
	}
	if n, _, _ := q.Hint(e, 0); n != 3 {
		t.Errorf("next after -n 2: got hint %d, want 3", n)
	}
}

func TestProgressSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "progress.json")
	p, err := LoadProgress(path)
	if err != nil || len(p.Exercises) != 0 {
		t.Fatalf("missing file: got %+v %v, want empty progress", p, err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.Note([]Result{{ID: "a", State: Solved}, {ID: "b", State: Wrong}}, now)
	p.Record("c").HintsSeen = 2
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	p.Note([]Result{{ID: "a", State: Solved}}, later)
	if err := p.Save(path); err != nil { // over the existing file
		t.Fatal(err)
	}
	q, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if a := q.Exercises["a"]; a.State != "solved" || !a.Solved.Equal(now) || !a.Checked.Equal(later) {
		t.Errorf("a: got %+v, want solved first at %v, checked at %v", a, now, later)
	}
	if b, c := q.Exercises["b"], q.Exercises["c"]; b.State != "wrong" || !b.Solved.IsZero() || c.HintsSeen != 2 {
		t.Errorf("b, c: got %+v %+v", b, c)
	}
	left, _ := os.ReadDir(filepath.Dir(path))
	if len(left) != 1 {
		t.Errorf("directory holds %d files after two saves, want 1 (no temporary file left)", len(left))
	}
	// A save that cannot rename leaves the old file whole.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(filepath.Join(dir, "blocker", "progress.json")); err == nil {
		t.Errorf("saving under a file: got no error")
	}
	// A damaged file is an error that says how to recover.
	if err := os.WriteFile(path, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadProgress(path); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("damaged file: got %v, want an error saying to delete it", err)
	}
}

func TestProgressPath(t *testing.T) {
	t.Setenv(ProgressEnv, "/somewhere/p.json")
	if p, err := ProgressPath(); err != nil || p != "/somewhere/p.json" {
		t.Errorf("got %q %v, want $%s", p, err, ProgressEnv)
	}
	t.Setenv(ProgressEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	if p, err := ProgressPath(); err != nil || p != filepath.Join("/cfg", "cnnbook", "progress.json") {
		t.Errorf("got %q %v, want /cfg/cnnbook/progress.json", p, err)
	}
}
