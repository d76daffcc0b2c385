// Package testfile reads the small text files that the generator scripts
// (PyTorch, torchvision) write under testdata/: one record per line, blank
// lines and lines starting with # skipped. Tests across the chapters share
// it so that each parses its expected values the same way, and renders
// its own state_dict keys in the generators' format (KeyLines).
package testfile

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
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

// Counts reads "name number" lines into a map: the parameter and
// multiply-accumulate counts the generators write.
func Counts(path string) (map[string]int64, error) {
	rows, err := Fields(path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, f := range rows {
		if len(f) != 2 {
			return nil, fmt.Errorf("%s: %q is not \"name number\"", path, strings.Join(f, " "))
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		out[f[0]] = n
	}
	return out, nil
}
