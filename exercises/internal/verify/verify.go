// Package verify is what every exercise's test calls. It tells an
// untouched stub from the reader's attempt by reading exercise.go, so that
// one `go test ./...` on a fresh clone proves both halves of every
// exercise (the verified solution passes, the stub fails) while a reader's
// clone stays green until they try:
//
//	exercise.go    the check of the reader's function       status
//	untouched      must fail (else the check has no teeth)  SKIP "not started"
//	edited         passes                                   PASS "solved"
//	edited         fails                                    FAIL "got X, want Y"
//
// Untouched means the function's body is one return statement of zero
// values (0, "", nil, false, T{}), or empty for a function without
// results: every stub is written that way. Under
// CI (the environment variable CI=true) an edited exercise.go is an error,
// so a solved stub cannot be committed by mistake.
package verify

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// StubFile is the file the reader edits.
const StubFile = "exercise.go"

// NotStarted begins the skip message of an untouched exercise (book
// exercises reads it).
const NotStarted = "not started"

// Exercise checks the reader's function fn of exercise.go with check,
// which calls it and returns nil when the answer is right.
func Exercise(t *testing.T, fn string, check func() error) {
	t.Helper()
	untouched, err := Untouched(StubFile, fn)
	if err != nil {
		t.Fatal(err)
	}
	if !untouched && os.Getenv("CI") == "true" {
		t.Fatalf("%s: %s is not the stub any more (its body is not a single zero return): CI proves that the stub fails, so commit the stub, and solutions under exercises/solutions", StubFile, fn)
	}
	err = Call(check)
	switch {
	case untouched && err == nil:
		t.Fatalf("the untouched stub %s passes its check: the check has no teeth", fn)
	case untouched:
		t.Skipf("%s: %s still returns its zero value (the check says: %v)", NotStarted, fn, err)
	case err != nil:
		t.Fatalf("%s: %v", fn, err)
	}
}

// Solution checks the verified solution: it must pass.
func Solution(t *testing.T, check func() error) {
	t.Helper()
	if err := Call(check); err != nil {
		t.Fatalf("the solution fails its own check: %v", err)
	}
}

// Rejects checks that a plausible wrong answer fails the check, and that
// the failure names what is wrong (the check's teeth beyond the stub).
func Rejects(t *testing.T, mistake string, check func() error) {
	t.Helper()
	err := Call(check)
	if err == nil {
		t.Errorf("the check accepts a wrong answer (%s)", mistake)
		return
	}
	t.Logf("%s → %v", mistake, err)
}

// Call runs f, turning a panic into an error (the reader's code may
// index out of range or return a nil module).
func Call(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, trimStack(debug.Stack()))
		}
	}()
	return f()
}

// trimStack keeps the frames of the reader's code: debug.Stack prints
// each frame as a function line and a tab-indented "file:line" line.
func trimStack(s []byte) string {
	var keep []string
	lines := strings.Split(string(s), "\n")
	for i := 1; i < len(lines); i++ {
		file := lines[i]
		if !strings.HasPrefix(file, "\t") {
			continue
		}
		if strings.Contains(file, "/exercises/") && !strings.Contains(file, "/exercises/internal/") && !strings.Contains(file, "_test.go") {
			keep = append(keep, lines[i-1], file)
		}
	}
	return strings.Join(keep, "\n")
}

// Untouched reports whether function fn of file is still a stub: its body
// is a single return statement whose results are all zero values.
func Untouched(file, fn string) (bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return false, fmt.Errorf("verify: %w", err)
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != fn {
			continue
		}
		if fd.Body != nil && len(fd.Body.List) == 0 && fd.Type.Results == nil {
			return true, nil // a function with no results: an empty body
		}
		if fd.Body == nil || len(fd.Body.List) != 1 {
			return false, nil
		}
		ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) == 0 {
			return false, nil
		}
		for _, r := range ret.Results {
			if !isZero(r) {
				return false, nil
			}
		}
		return true, nil
	}
	return false, fmt.Errorf("verify: %s has no function %s", file, fn)
}

// isZero reports whether e is a literal zero value.
func isZero(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Value == "0" || e.Value == "0.0" || e.Value == `""` || e.Value == "``"
	case *ast.Ident:
		return e.Name == "nil" || e.Name == "false"
	case *ast.CompositeLit:
		return len(e.Elts) == 0
	case *ast.ParenExpr:
		return isZero(e.X)
	}
	return false
}
