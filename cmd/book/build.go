package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/cnnbook/cnnbook/book"
	"github.com/cnnbook/cnnbook/exercises"
)

// build writes the book: the site to -o (default docs/ at the repository
// root) and the figures to -figures (default figures/). A directory
// given by a flag is written only if it is missing, empty or holds an
// earlier build's book.Manifest, and only the build's files are replaced
// (book.Site.Write); the repository's own docs/ and figures/ are the
// book's whole (book.Site.WriteRepo).
func build(args []string, stdout io.Writer) error {
	fs := newFlags("build")
	out := outputFlag(fs, "site directory (default: docs/ at the repository root); written only if missing, empty or an earlier build's")
	figs := fs.String("figures", "", "figures directory (default: figures/ at the repository root)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("build takes no arguments, got %q", fs.Args())
	}
	start := time.Now()
	root, err := exercises.Root(".")
	if err != nil {
		return err
	}
	for _, d := range []string{*out, *figs} { // refuse a foreign directory before the build's work
		if d != "" {
			if err := book.Writable(d); err != nil {
				return err
			}
		}
	}
	site, err := book.Build(root)
	if err != nil {
		return err
	}
	if *out == "" && *figs == "" {
		err = site.WriteRepo(root) // the repository's own docs/ and figures/
		*out, *figs = filepath.Join(root, "docs"), filepath.Join(root, "figures")
	} else {
		if *out == "" {
			*out = filepath.Join(root, "docs")
		}
		if *figs == "" {
			*figs = filepath.Join(root, "figures")
		}
		err = site.Write(*out, *figs)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s and %d figures to %s in %.1fs\n",
		len(site.Docs), *out, len(site.Figures), *figs, time.Since(start).Seconds())
	return nil
}
