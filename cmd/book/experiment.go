package main

import (
	"fmt"
	"io"
	"os"

	"github.com/cnnbook/cnnbook/experiments"
)

// experimentCmd is `book experiment NAME [-o DIR] [-quick] [-q]`, or the
// list of experiments without NAME.
func experimentCmd(args []string, stdout io.Writer) error {
	fs := newFlags("experiment")
	dir := outputFlag(fs, "results root; the experiment writes under DIR/NAME (default results)")
	quick := fs.Bool("quick", false, "a small version (tiny subsets, one seed), as the tests run it")
	quiet := fs.Bool("q", false, "no progress output")
	pos, err := parseInterspersed(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		for _, e := range experiments.All() {
			fmt.Fprintf(stdout, "%-18s %s\n", e.Name, e.Doc)
		}
		return nil
	}
	if len(pos) != 1 {
		return fmt.Errorf("experiment takes one name, got %q", pos)
	}
	e, err := experiments.Lookup(pos[0])
	if err != nil {
		return err
	}
	if *dir == "" {
		*dir = "results"
	}
	opt := experiments.Options{Dir: *dir, Quick: *quick}
	if !*quiet {
		opt.Progress = os.Stderr
	}
	return e.Run(opt)
}
