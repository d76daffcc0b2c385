package vgg

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/cnnbook/cnnbook/nn"
)

// Share is what one block of a VGG holds: its parameters and the float32
// activations its layers output for one image (as nn.Report counts them:
// ReLU and Dropout run in place and add none).
type Share struct {
	Group  string // "conv1" … "conv5", "avgpool", "fc6", "fc7", "fc8"
	Params int64
	Acts   int64
}

// Breakdown splits m's analysis at its own input size by block (see
// Name.Group): the table behind "early layers hold memory, late layers
// hold parameters". The shares sum to the report's totals.
func Breakdown(m *nn.Model) ([]Share, *nn.Report, error) {
	rep, err := m.Analyze()
	if err != nil {
		return nil, nil, err
	}
	group := map[string]string{}
	for _, n := range Names(m) {
		group[n.Key] = n.Group
	}
	var out []Share
	for _, row := range rep.Rows {
		if g, ok := group[row.Name]; ok && (len(out) == 0 || out[len(out)-1].Group != g) {
			out = append(out, Share{Group: g})
		}
		if len(out) == 0 {
			return nil, nil, fmt.Errorf("vgg: %s: layer %s comes before any named layer", m.Name, row.Name)
		}
		out[len(out)-1].Params += row.Params
		out[len(out)-1].Acts += row.Acts
	}
	return out, rep, nil
}

// SumShares adds up the shares of the named groups.
func SumShares(shares []Share, groups ...string) (params, acts int64) {
	for _, s := range shares {
		for _, g := range groups {
			if s.Group == g {
				params += s.Params
				acts += s.Acts
			}
		}
	}
	return params, acts
}

// WriteBreakdown prints the shares as a table with percentages of the
// totals: block names left-aligned, numbers right-aligned, no margin.
func WriteBreakdown(w io.Writer, shares []Share, rep *nn.Report) error {
	width := len("total")
	for _, s := range shares {
		width = max(width, utf8.RuneCountInString(s.Group))
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(block string, cells ...string) {
		// tabwriter aligns every column one way; pad the names first.
		fmt.Fprintf(tw, "%s\t%s\t\n", block+strings.Repeat(" ", width-utf8.RuneCountInString(block)), strings.Join(cells, "\t"))
	}
	row("block", "activations", "%", "params", "%")
	for _, s := range shares {
		row(s.Group, nn.Comma(s.Acts), fmt.Sprintf("%.1f", percent(s.Acts, rep.Activations)),
			nn.Comma(s.Params), fmt.Sprintf("%.2f", percent(s.Params, rep.Params)))
	}
	row("total", nn.Comma(rep.Activations), "100.0", nn.Comma(rep.Params), "100.00")
	if err := tw.Flush(); err != nil {
		return err
	}
	// AlignRight pads the first cell too: drop that two-space margin.
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if _, err := io.WriteString(w, strings.TrimPrefix(line, "  ")); err != nil {
			return err
		}
	}
	return nil
}

func percent(a, b int64) float64 { return 100 * float64(a) / float64(b) }
