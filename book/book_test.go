package book

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The book is built once per test binary (about a second: shapes only, no
// forward pass of a big network) and shared by the tests below.
var (
	builtOnce sync.Once
	built     *Site
	builtErr  error
)

func site(t *testing.T) *Site {
	t.Helper()
	builtOnce.Do(func() { built, builtErr = Build("..") })
	if builtErr != nil {
		t.Fatalf("Build: %v", builtErr)
	}
	return built
}

// readTree reads every file under dir by slash path, .keep placeholders
// aside.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".keep" {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// TestFresh is the promise that the committed book is the book the
// sources build: written to a temporary directory, every file equals the
// committed one byte for byte, and no file is missing or extra.
func TestFresh(t *testing.T) {
	s := site(t)
	tmp := t.TempDir()
	if err := s.Write(filepath.Join(tmp, "docs"), filepath.Join(tmp, "figures")); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"docs", "figures"} {
		got, want := readTree(t, filepath.Join(tmp, dir)), readTree(t, filepath.Join("..", dir))
		var names []string
		for n := range got {
			names = append(names, n)
		}
		for n := range want {
			if _, ok := got[n]; !ok {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			if dir == "docs" && otherGo(t, n) {
				continue
			}
			g, inGot := got[n]
			w, inWant := want[n]
			switch {
			case !inWant:
				t.Errorf("%s/%s: built but not committed; run go run ./cmd/book", dir, n)
			case !inGot:
				t.Errorf("%s/%s: committed but no longer built; run go run ./cmd/book", dir, n)
			case !bytes.Equal(g, w):
				t.Errorf("%s/%s is stale (%s); run go run ./cmd/book", dir, n, firstDiff(g, w))
			}
		}
	}
}

// firstDiff describes where two files first differ: "line 12: built …, committed …".
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	clip := func(s string) string {
		if r := []rune(s); len(r) > 80 {
			s = string(r[:80]) + "…"
		}
		return s
	}
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: built %q, committed %q", i+1, clip(a), clip(b))
		}
	}
	return "same lines, different bytes"
}

// TestDeterministic builds the book a second time: the same bytes, so
// that TestFresh fails only when the sources changed.
func TestDeterministic(t *testing.T) {
	s := site(t)
	again, err := Build("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, tree := range []struct {
		name      string
		got, want map[string][]byte
	}{{"docs", again.Docs, s.Docs}, {"figures", again.Figures, s.Figures}} {
		if len(tree.got) != len(tree.want) {
			t.Errorf("%s: got %d files, want %d", tree.name, len(tree.got), len(tree.want))
		}
		for n, w := range tree.want {
			if !bytes.Equal(tree.got[n], w) {
				t.Errorf("%s/%s differs between two builds (%s)", tree.name, n, firstDiff(tree.got[n], w))
			}
		}
	}
}

// TestFreshGenericKernel: the committed book is also the book the generic
// Go GEMM builds (CNNBOOK_GEMM=generic), and the one the AVX2 kernel
// builds (CNNBOOK_GEMM=avx2; the default is AVX-512 where the CPU has
// it, and when CNNBOOK_GEMM forces another kernel for the whole run the
// AVX-512 one is checked here too), so docs/ does not depend on which kernel the machine that built it
// had (AVX2, AVX-512 or none). It reruns TestFresh in a child process
// per kernel, since the kernel is chosen at start-up; numbers from
// float32 arithmetic are printed only to the digits every kernel agrees
// on (chapters/claims.OneFigure, Decade, Below).
func TestFreshGenericKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the book again in a child process")
	}
	env := os.Getenv("CNNBOOK_GEMM")
	for _, k := range []string{"generic", "avx2", "avx512"} {
		if env == k || (k == "avx512" && (env == "" || env == "auto")) {
			// TestFresh is the check (with no CNNBOOK_GEMM, the kernel
			// is AVX-512 on a CPU that has it).
			continue
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFresh$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CNNBOOK_GEMM="+k)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("TestFresh with CNNBOOK_GEMM=%s: %v\n%s", k, err, out)
		}
	}
}
