package nntest

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// checked is the set of module types (by package path and Go type name)
// that passed a CheckGrad, their own Backward with its 1.01 negative
// control, alone or inside a container that was checked.
var checked = typeSet{m: map[string]bool{}}

type typeSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func typeKey(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() + "." + t.Name()
}

func (s *typeSet) add(m nn.Module) {
	k := typeKey(reflect.TypeOf(m))
	s.mu.Lock()
	s.m[k] = true
	s.mu.Unlock()
}

func (s *typeSet) has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// Checked reports whether a module of type pkgPath.name went through a
// CheckGrad in this test binary.
func Checked(pkgPath, name string) bool { return checked.has(pkgPath + "." + name) }

// BackwardTypes lists the receiver types of every Backward method declared
// in the non-test .go files of dir.
func BackwardTypes(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var types []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "Backward" || len(fn.Recv.List) != 1 {
				continue
			}
			rt := fn.Recv.List[0].Type
			if st, ok := rt.(*ast.StarExpr); ok {
				rt = st.X
			}
			if id, ok := rt.(*ast.Ident); ok {
				types = append(types, id.Name)
			}
		}
	}
	sort.Strings(types)
	return types, nil
}

// Uncovered lists the types of the package pkgPath (sources in the current
// directory) whose Backward no CheckGrad of this test binary covered.
func Uncovered(pkgPath string) ([]string, error) {
	types, err := BackwardTypes(".")
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, name := range types {
		if !Checked(pkgPath, name) {
			missing = append(missing, name)
		}
	}
	return missing, nil
}

// Main is a package's TestMain: it runs the tests and then, when all of
// them ran and passed, fails unless every type of pkgPath with a Backward
// method (found by parsing the package's non-test sources in the current
// directory) went through CheckGrad, so that a new layer without a
// finite-difference check fails `go test` of its package. ignore lists
// types whose Backward is not a gradient (a test double).
func Main(m *testing.M, pkgPath string, ignore ...string) {
	flag.Parse()
	code := m.Run()
	all := true // every test ran: no -run, -skip or -list
	for _, f := range []string{"test.run", "test.skip", "test.list"} {
		if fl := flag.Lookup(f); fl != nil && fl.Value.String() != "" {
			all = false
		}
	}
	if code == 0 && all {
		missing, err := Uncovered(pkgPath)
		var left []string
		for _, t := range missing {
			if !contains(ignore, t) {
				left = append(left, t)
			}
		}
		switch {
		case err != nil:
			fmt.Fprintln(os.Stderr, "FAIL: gradient-check coverage:", err)
			code = 1
		case len(left) > 0:
			fmt.Fprintf(os.Stderr, "FAIL: gradient-check coverage: no nntest.CheckGrad (finite differences + 1.01 negative control) covers the Backward of %s\n", strings.Join(left, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
