package book

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
)

// Manifest is the name of the file a build leaves in each directory it
// writes: the list of the files it wrote, one slash-separated path a line
// after a comment line. It is the build's mark on the directory: a later
// build writes into a directory only if it is missing, empty or carries
// this file, and it replaces or removes only the files listed there (and
// the files it writes itself); anything else in the directory is never
// touched.
const Manifest = ".book-manifest"

const manifestHeader = "# written by `book build`: the files below are replaced or removed by the next build; other files here are left alone\n"

// Write writes the site into docsDir and the figures into figuresDir
// (Manifest says which directories it may write into). The files are
// first written whole into a staging directory beside each target
// (".docs.new-*"), then renamed into place one by one, so at every instant
// each file is either the previous build's or the new one, complete, and
// the directory itself never disappears. Staging directories left by a
// killed build are removed by the next one.
func (s *Site) Write(docsDir, figuresDir string) error {
	return s.write(docsDir, figuresDir, false)
}

// WriteRepo writes the site into root/docs and the figures into
// root/figures, the repository's own copies: every file already there is
// taken for the book's (git keeps the history of each), so a file that
// arrived by a merge without being in the manifest is replaced or
// removed like any other. The writing itself is Write's.
func (s *Site) WriteRepo(root string) error {
	return s.write(filepath.Join(root, "docs"), filepath.Join(root, "figures"), true)
}

func (s *Site) write(docsDir, figuresDir string, adopt bool) error {
	trees := []struct {
		dir   string
		files map[string][]byte
		old   map[string]bool
	}{{dir: docsDir, files: s.Docs}, {dir: figuresDir, files: s.Figures}}
	for i := range trees { // refuse before writing anything
		t := &trees[i]
		t.dir = filepath.Clean(t.dir)
		var err error
		if adopt {
			t.old, err = allFiles(t.dir)
		} else {
			t.old, err = checkTree(t.dir, t.files)
		}
		if err != nil {
			return err
		}
	}
	for _, t := range trees {
		if err := writeTree(t.dir, t.files, t.old); err != nil {
			return err
		}
	}
	return nil
}

// afterRename, when set (by tests), is called after each rename into place.
var afterRename func(dir string)

// checkTree returns the files an earlier build wrote into dir, or an
// error if writing files there would touch anything else.
func checkTree(dir string, files map[string][]byte) (map[string]bool, error) {
	old, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if p == Manifest || !fs.ValidPath(p) {
			return nil, fmt.Errorf("book: bad file name %q in the site", p)
		}
		if err := ownedOrAbsent(dir, p, old); err != nil {
			return nil, err
		}
	}
	return old, nil
}

// writeTree writes files into dir, which holds the files old of an
// earlier build (checkTree), as Write describes.
func writeTree(dir string, files map[string][]byte, old map[string]bool) error {
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	removeStaging(parent, base)
	paths := slices.Sorted(maps.Keys(files))

	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	defer atomicfile.Track(stage)()
	defer os.RemoveAll(stage) // empty once everything is renamed
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	for _, p := range paths {
		full := filepath.Join(stage, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := writeSynced(full, files[p]); err != nil {
			return err
		}
	}

	// The manifest in place first lists old and new files, so that a build
	// killed half-way still owns every file it may have renamed in.
	union := maps.Clone(old)
	for _, p := range paths {
		union[p] = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := putManifest(stage, dir, union); err != nil {
		return err
	}
	for _, p := range paths {
		to := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(p)), to); err != nil {
			return err
		}
		if afterRename != nil {
			afterRename(dir)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(old)) { // files the new build no longer makes
		if files[p] != nil {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if fi, err := os.Lstat(full); err == nil && fi.Mode().IsRegular() {
			if err := os.Remove(full); err != nil {
				return err
			}
			removeEmptyParents(dir, filepath.Dir(full))
		}
	}
	return putManifest(stage, dir, maps.Collect(func(yield func(string, bool) bool) {
		for _, p := range paths {
			if !yield(p, true) {
				return
			}
		}
	}))
}

// Writable reports, before anything is built, whether Write may write
// into dir: nil if it is missing, empty or holds a Manifest.
func Writable(dir string) error {
	_, err := readManifest(filepath.Clean(dir))
	return err
}

// allFiles lists the regular files under dir (none if it is missing).
func allFiles(dir string) (map[string]bool, error) {
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || d.Name() == Manifest || d.Name() == ".keep" {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = true
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	return out, err
}

// readManifest returns the files an earlier build wrote into dir: none if
// dir is missing or empty (a .keep placeholder aside), an error if dir
// holds anything without a Manifest.
func readManifest(dir string) (map[string]bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory; not writing the book there", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Name() != ".keep" {
				return nil, fmt.Errorf("%s is not empty and holds no %s of an earlier build (it has %s); not writing into it", dir, Manifest, e.Name())
			}
		}
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	old := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		p := sc.Text()
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		if !fs.ValidPath(p) || p == Manifest {
			return nil, fmt.Errorf("%s: bad entry %q", filepath.Join(dir, Manifest), p)
		}
		old[p] = true
	}
	return old, sc.Err()
}

// ownedOrAbsent checks that writing dir/p replaces nothing but a file an
// earlier build wrote: no file of the user's, and nothing but directories
// on the way to it.
func ownedOrAbsent(dir, p string, old map[string]bool) error {
	full := filepath.Join(dir, filepath.FromSlash(p))
	for d := filepath.Dir(full); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
			return fmt.Errorf("%s is in the way of the book's %s; not replacing it", d, p)
		}
	}
	fi, err := os.Lstat(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !old[p] || !fi.Mode().IsRegular():
		return fmt.Errorf("%s exists and is not a file of an earlier build (not in %s); not replacing it", full, Manifest)
	}
	return nil
}

// putManifest writes the manifest listing files into the staging
// directory and renames it into dir.
func putManifest(stage, dir string, files map[string]bool) error {
	var b strings.Builder
	b.WriteString(manifestHeader)
	for _, p := range slices.Sorted(maps.Keys(files)) {
		b.WriteString(p + "\n")
	}
	tmp := filepath.Join(stage, Manifest)
	if err := writeSynced(tmp, []byte(b.String())); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, Manifest))
}

// removeEmptyParents removes d and its parents up to (not including) dir
// while they are empty.
func removeEmptyParents(dir, d string) {
	for d != dir && strings.HasPrefix(d, dir+string(filepath.Separator)) {
		if os.Remove(d) != nil { // not empty
			return
		}
		d = filepath.Dir(d)
	}
}

// removeStaging removes the staging directories of killed builds of
// parent/base: ".base.new-*", and ".base.new-*.old" of earlier versions.
func removeStaging(parent, base string) {
	es, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range es {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+".new-") {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
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
