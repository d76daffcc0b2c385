package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMELayout: the README's layout table matches the tree. Every path
// it names exists (`chapters/<name>/` stands for each chapter folder);
// every top-level folder of the module is named; and every Go package is
// named, itself or through a named folder that holds no Go files of its
// own (`nn/internal/`, `internal/`), a chapter through
// `chapters/<name>/`, an exercise through `exercises/` (its row names the
// `exercises/ID/` folders).
func TestREADMELayout(t *testing.T) {
	const root = "../.."
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## Layout\n")
	if start < 0 {
		t.Fatal("README.md has no ## Layout section")
	}
	section := text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	code := regexp.MustCompile("`([^`]+)`")
	var listed []string // folder paths, without the trailing slash
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || strings.TrimSpace(cells[1]) == "path" || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			listed = append(listed, strings.TrimSuffix(m[1], "/"))
		}
	}
	if len(listed) < 10 {
		t.Fatalf("README layout table: %d paths read, want the whole table", len(listed))
	}

	// Every path named exists.
	var expanded []string
	for _, p := range listed {
		if strings.Contains(p, "<name>") {
			dirs, _ := filepath.Glob(filepath.Join(root, strings.ReplaceAll(p, "<name>", "*")))
			if len(dirs) == 0 {
				t.Errorf("README layout: %s matches no folder", p)
			}
			for _, d := range dirs {
				rel, _ := filepath.Rel(root, d)
				expanded = append(expanded, filepath.ToSlash(rel))
			}
			continue
		}
		if fi, err := os.Stat(filepath.Join(root, p)); err != nil || !fi.IsDir() {
			t.Errorf("README layout names %s/, which is not a folder of the tree", p)
		}
		expanded = append(expanded, p)
	}

	// Folders holding Go files (packages), and the top-level folders.
	goDirs := map[string]bool{}
	var top []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(name, ".") && name != ".ci" || name == "testdata") {
				return filepath.SkipDir
			}
			if rel != "." && !strings.Contains(rel, "/") {
				top = append(top, rel)
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") {
			goDirs[path.Dir(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range top {
		if !slices.Contains(expanded, d) && !slices.ContainsFunc(expanded, func(p string) bool { return strings.HasPrefix(p, d+"/") }) {
			t.Errorf("README layout: top-level folder %s/ is not in the table", d)
		}
	}
	covered := func(dir string) bool {
		if slices.Contains(expanded, dir) {
			return true
		}
		for p := path.Dir(dir); p != "."; p = path.Dir(p) {
			if slices.Contains(expanded, p) && (!goDirs[p] || p == "exercises") {
				return true
			}
		}
		return false
	}
	for dir := range goDirs {
		if dir != "." && !covered(dir) {
			t.Errorf("README layout: package %s/ is not in the table", dir)
		}
	}
}
