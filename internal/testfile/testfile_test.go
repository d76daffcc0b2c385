package testfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

func TestLinesAndFields(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.txt")
	if err := os.WriteFile(p, []byte("# header\n\nresnet18  11689512\n  # indented comment\nvgg16 138357544 15470264320\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Fields(p)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"resnet18", "11689512"}, {"vgg16", "138357544", "15470264320"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := Lines(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing file gives no error")
	}
}

func TestKeyLines(t *testing.T) {
	m := nn.Seq("", nn.NewLinear("fc", 3, 2))
	got := KeyLines(m)
	want := []string{"fc.weight 2,3", "fc.bias 2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Dims(nil); got != "" {
		t.Errorf("Dims(nil): got %q, want \"\"", got)
	}
}

func TestCounts(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "counts.txt")
	if err := os.WriteFile(p, []byte("# name count\nalexnet 60965224\nalexnet-tv 61100840\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Counts(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"alexnet": 60965224, "alexnet-tv": 61100840}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"alexnet 1 2\n", "alexnet sixty\n"} {
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Counts(p); err == nil {
			t.Errorf("%q: got no error", bad)
		}
	}
}
