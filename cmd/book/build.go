package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/cnnbook/cnnbook/book"
	"github.com/cnnbook/cnnbook/exercises"
)

// build writes the book: the site to -o (default docs/ at the repository
// root) and the figures to -figures (default figures/). Each directory is
// replaced whole, or not at all (book.Site.Write).
func build(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	out := fs.String("o", "", "site directory (default: docs/ at the repository root)")
	figs := fs.String("figures", "", "figures directory (default: figures/ at the repository root)")
	if err := fs.Parse(args); err != nil {
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
