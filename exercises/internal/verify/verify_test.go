package verify

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUntouched(t *testing.T) {
	src := `package x

func A() int { return 0 }
func B() (int, int64, string) { return 0, 0, "" }
func C() []int { return nil }
func D() T { return T{} }
func E() int {
	// TODO
	return 0
}
func F() int { return 1 }
func G() int { x := 0; return x }
func H() []int { return []int{1} }
func I() bool { return false }
func J(x []int) {}
func K(x []int) { x[0] = 1 }
`
	file := filepath.Join(t.TempDir(), StubFile)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for fn, want := range map[string]bool{"A": true, "B": true, "C": true, "D": true, "E": true, "F": false, "G": false, "H": false, "I": true, "J": true, "K": false} {
		got, err := Untouched(file, fn)
		if err != nil || got != want {
			t.Errorf("%s: got %v (%v), want %v", fn, got, err, want)
		}
	}
	if _, err := Untouched(file, "Missing"); err == nil || !strings.Contains(err.Error(), "no function Missing") {
		t.Errorf("missing function: got %v, want an error naming it", err)
	}
}

func TestCall(t *testing.T) {
	if err := Call(func() error { return nil }); err != nil {
		t.Errorf("got %v, want nil", err)
	}
	want := errors.New("got 1, want 2")
	if err := Call(func() error { return want }); err != want {
		t.Errorf("got %v, want %v", err, want)
	}
	err := Call(func() error { var s []int; _ = s[3]; return nil })
	if err == nil || !strings.Contains(err.Error(), "panic: runtime error: index out of range") {
		t.Errorf("got %v, want the panic as an error", err)
	}
}

func TestBanned(t *testing.T) {
	dir := t.TempDir()
	bans := []Ban{
		{Pkg: "example.com/nn", Name: "Inception", Why: "write it"},
		{Pkg: "example.com/chapters/googlenet", Why: "the chapter builds it"},
	}
	for _, c := range []struct{ src, want string }{
		{"package x\nimport \"example.com/nn\"\nfunc F() any { return nn.Conv() }\n", ""},
		{"package x\nimport \"example.com/nn\"\nfunc F() any {\n\treturn nn.Inception()\n}\n", "exercise.go:4: uses nn.Inception: write it"},
		{"package x\nimport n2 \"example.com/nn\"\nfunc F() any { return n2.Inception }\n", "uses n2.Inception"},
		{"package x\nimport . \"example.com/nn\"\nfunc F() any { return Inception() }\n", "uses Inception (dot-imported"},
		{"package x\nimport \"example.com/chapters/googlenet\"\nfunc F() any { return googlenet.Module() }\n", "uses googlenet.Module: the chapter builds it"},
	} {
		if err := os.WriteFile(filepath.Join(dir, StubFile), []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		err := Banned(dir, bans)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%q: got %v, want %q", c.src, err, c.want)
		}
	}
}
