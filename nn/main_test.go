package nn

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
)

// gradChecked is the set of module types (by Go type name) that passed a
// checkGrad, their own Backward with its 1.01 negative control, either
// alone or inside a container that was checked.
var gradChecked = typeSet{m: map[string]bool{}}

type typeSet struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *typeSet) add(m Module) {
	t := reflect.TypeOf(m)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s.mu.Lock()
	s.m[t.Name()] = true
	s.mu.Unlock()
}

func (s *typeSet) has(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[name]
}

// TestMain runs the tests and then, when all of them ran and passed,
// checks that every type of this package with a Backward method (found by
// parsing the package's non-test sources) went through checkGrad: a new
// layer without a finite-difference check fails `go test ./nn`.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	all := true // every test ran: no -run, -skip or -list
	for _, f := range []string{"test.run", "test.skip", "test.list"} {
		if fl := flag.Lookup(f); fl != nil && fl.Value.String() != "" {
			all = false
		}
	}
	if code == 0 && all {
		if err := checkEveryBackwardIsGradChecked(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: gradient-check coverage:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// backwardTypes lists the receiver types of every Backward method declared
// in the package's non-test .go files.
func backwardTypes() ([]string, error) {
	files, err := filepath.Glob("*.go")
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

func checkEveryBackwardIsGradChecked() error {
	types, err := backwardTypes()
	if err != nil {
		return err
	}
	if len(types) < 10 {
		return fmt.Errorf("found only %d types with a Backward (%v): is the parser looking at the right files?", len(types), types)
	}
	var missing []string
	for _, name := range types {
		if !gradChecked.has(name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no checkGrad (finite differences + 1.01 negative control) covers the Backward of %s", strings.Join(missing, ", "))
	}
	return nil
}

// The coverage check itself: it finds the package's layers, and it would
// notice one that no test checks.
func TestBackwardTypesFound(t *testing.T) {
	types, err := backwardTypes()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Conv2D", "ConvTranspose2D", "MaxPool2D", "MaxUnpool2D", "AvgPool2D", "AdaptiveAvgPool2D",
		"LRN", "BatchNorm2D", "Activation", "Dropout", "Linear", "Flatten", "Sequential", "Residual", "ZeroPadShortcut",
		"Parallel", "DenseBlock", "FractalBlock", "DropPathScope", "Aux"} {
		if sort.SearchStrings(types, want) == len(types) || types[sort.SearchStrings(types, want)] != want {
			t.Errorf("Backward of %s not found by the coverage parser (found %v)", want, types)
		}
	}
	empty := typeSet{m: map[string]bool{}}
	if empty.has("Conv2D") {
		t.Errorf("an empty set claims Conv2D was checked")
	}
}
