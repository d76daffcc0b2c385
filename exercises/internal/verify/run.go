package verify

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// A mode is what an exercise's TestExercise checks; the build tags
// choose it (mode_*.go).
type mode int

const (
	Learner   mode = iota // default: the reader's function in exercise.go
	Solutions             // -tags solutions: the reference solution must pass
	Mistakes              // -tags mistakes: every typical mistake must fail, naming itself
)

// Case is one exercise's TestExercise: the function to check and how.
type Case[F any] struct {
	Func   string        // the function of exercise.go
	Yours  F             // the reader's function: ex.Func
	Check  func(F) error // nil when the answer is right; else says why not
	Banned []Ban         // calls that would be the answer instead of computing it
	// Ref is the reference solution and the typical mistakes, wired in
	// by the exercise's reference_test.go only under -tags solutions or
	// mistakes: the learner's build never links them.
	Ref *Reference[F]
}

// Reference is an exercise's reference solution and typical mistakes,
// from exercises/solutions/ID.
type Reference[F any] struct {
	Solution F
	Mistakes []Mistake[F]
}

// Mistake is a plausible wrong answer: its check must fail with a
// message that contains Says (the message names the mistake).
type Mistake[F any] struct {
	Name   string // "rounding up"
	Says   string // a part of the check's message for it
	Answer F
}

// Ban is a call an exercise refuses: the function the reader is asked to
// write, already written elsewhere (googlenet.Inception for the
// Inception exercise, nn.Analyze for a counting one).
type Ban struct {
	Pkg  string // import path
	Name string // exported name in it; "" for any
	Why  string // the message's reason
}

// Run is every exercise's TestExercise. In the learner's build it checks
// the reader's function (Exercise's table: not started SKIP, solved PASS,
// wrong FAIL); under -tags solutions the reference solution; under -tags
// mistakes each typical mistake, failing the test with each one's
// message so that CI can read them.
func Run[F any](t *testing.T, c Case[F]) {
	t.Helper()
	switch Mode {
	case Solutions:
		if c.Ref == nil {
			t.Fatalf("no reference solution wired in (reference_test.go under -tags solutions)")
		}
		if err := Call(func() error { return c.Check(c.Ref.Solution) }); err != nil {
			t.Fatalf("the reference solution fails its own check: %v", err)
		}
	case Mistakes:
		if c.Ref == nil || len(c.Ref.Mistakes) == 0 {
			t.Fatalf("UNCAUGHT: no typical mistakes wired in (reference_test.go under -tags mistakes)")
		}
		for _, m := range c.Ref.Mistakes {
			err := Call(func() error { return c.Check(m.Answer) })
			switch {
			case err == nil:
				t.Errorf("UNCAUGHT mistake %q: the check accepts it", m.Name)
			case !strings.Contains(err.Error(), m.Says):
				t.Errorf("UNTAUGHT mistake %q: the check says %q, which does not contain %q", m.Name, err, m.Says)
			default:
				t.Errorf("mistake %q → %v", m.Name, err)
			}
		}
	default:
		if len(c.Banned) > 0 {
			if err := Banned(".", c.Banned); err != nil {
				t.Fatal(err)
			}
		}
		Exercise(t, c.Func, func() error { return c.Check(c.Yours) })
	}
}

// Banned reports the first call of a banned function in the non-test Go
// files of dir (the reader's exercise.go and any file they add), with its
// position and the reason.
func Banned(dir string, bans []Ban) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil // the compiler says it better
		}
		names := map[string]string{} // local name → import path; "." for dot imports
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = path
		}
		var found error
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			for _, b := range bans {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if id, ok := n.X.(*ast.Ident); ok && (b.Name == "" || n.Sel.Name == b.Name) && names[id.Name] == b.Pkg {
						found = fmt.Errorf("%s: uses %s.%s: %s", shortPos(fset, n.Pos()), id.Name, n.Sel.Name, b.Why)
					}
				case *ast.Ident:
					if b.Name != "" && n.Name == b.Name && names["."] == b.Pkg {
						found = fmt.Errorf("%s: uses %s (dot-imported from %s): %s", shortPos(fset, n.Pos()), b.Name, b.Pkg, b.Why)
					}
				}
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// shortPos is "exercise.go:12".
func shortPos(fset *token.FileSet, p token.Pos) string {
	pos := fset.Position(p)
	return fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
}

// Known is a known mistake's answer, for Teach.
type Known struct {
	Answer any    // what the mistake gives
	Says   string // "this is what rounding up gives: …"
}

// Teach returns ": " + Says of the first known mistake whose answer is
// got (reflect.DeepEqual), or "": a check appends it to its "got X, want
// Y", so that its message names the mistake when it recognises one.
func Teach(got any, known ...Known) string {
	for _, k := range known {
		if reflect.DeepEqual(got, k.Answer) {
			return ": " + k.Says
		}
	}
	return ""
}
