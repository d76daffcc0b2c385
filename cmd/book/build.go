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
// root) and the figures to -figures (default figures/). A directory is
// written only if it is missing, empty or holds an earlier build's
// book.Manifest, and only the files of the build are replaced
// (book.Site.Write).
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
	if *out == "" {
		*out = filepath.Join(root, "docs")
	}
	if *figs == "" {
		*figs = filepath.Join(root, "figures")
	}
	site, err := book.Build(root)
	if err != nil {
		return err
	}
	if err := site.Write(*out, *figs); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s and %d figures to %s in %.1fs\n",
		len(site.Docs), *out, len(site.Figures), *figs, time.Since(start).Seconds())
	return nil
}
