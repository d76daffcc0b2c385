package book

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Write replaces docsDir with the site and figuresDir with the figures.
// Each directory is built whole beside the old one and swapped in by
// renaming, so an interrupted build leaves the previous good files. A
// directory that exists but does not look like an earlier build (an
// index.html for the site; only .svg files for the figures) is refused
// rather than replaced.
func (s *Site) Write(docsDir, figuresDir string) error {
	if err := replaceDir(docsDir, s.Docs, func(names []string) bool { return slices.Contains(names, "index.html") }); err != nil {
		return err
	}
	return replaceDir(figuresDir, s.Figures, func(names []string) bool {
		for _, n := range names {
			if !strings.HasSuffix(n, ".svg") {
				return false
			}
		}
		return true
	})
}

// replaceDir writes files into a new directory beside dir, then swaps it
// in: rename dir away, rename the new one to dir, remove the old. ours
// says whether an existing dir's entries (minus a .keep placeholder) are
// an earlier build that may be replaced.
func replaceDir(dir string, files map[string][]byte, ours func(names []string) bool) error {
	dir = filepath.Clean(dir)
	if entries, err := os.ReadDir(dir); err == nil {
		var names []string
		for _, e := range entries {
			if e.Name() != ".keep" {
				names = append(names, e.Name())
			}
		}
		if len(names) > 0 && !ours(names) {
			return fmt.Errorf("%s exists and does not hold an earlier build of the book; not replacing it", dir)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // gone already once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		full := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := writeSynced(full, files[p]); err != nil {
			return err
		}
	}
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the previous build back
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// writeSynced writes a file and flushes it to disk before the rename
// that publishes it.
func writeSynced(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
