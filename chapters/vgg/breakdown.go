package vgg

import (
	"fmt"
	"io"
	"text/tabwriter"

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

// WriteBreakdown prints the shares as a table with percentages of the totals.
func WriteBreakdown(w io.Writer, shares []Share, rep *nn.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "block\tactivations\t%%\tparams\t%%\t\n")
	for _, s := range shares {
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%s\t%.2f\t\n", s.Group,
			nn.Comma(s.Acts), percent(s.Acts, rep.Activations), nn.Comma(s.Params), percent(s.Params, rep.Params))
	}
	fmt.Fprintf(tw, "total\t%s\t100.0\t%s\t100.00\t\n", nn.Comma(rep.Activations), nn.Comma(rep.Params))
	return tw.Flush()
}

func percent(a, b int64) float64 { return 100 * float64(a) / float64(b) }
