package testfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
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
