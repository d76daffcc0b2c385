// Package testfile reads the small text files that the generator scripts
// (PyTorch, torchvision) write under testdata/: one record per line, blank
// lines and lines starting with # skipped. Tests across the chapters share
// it so that each parses its expected values the same way.
package testfile

import (
	"bufio"
	"os"
	"strings"
)

// Lines returns the non-blank, non-comment lines of the file at path.
func Lines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// Fields returns Lines split into whitespace-separated fields.
func Fields(path string) ([][]string, error) {
	lines, err := Lines(path)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(lines))
	for i, l := range lines {
		out[i] = strings.Fields(l)
	}
	return out, nil
}
