package nn

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// WriteTable prints the per-layer table (layer, type, output shape,
// params, MACs, receptive field) and the totals. The params and MACs
// columns sum to the totals printed below them (TestSummaryTableSums):
// a row is a leaf, every parameter belongs to exactly one leaf, and an
// auxiliary head's rows, marked "(train)", show their params and no MACs.
func (r *Report) WriteTable(w io.Writer) error {
	// Names and types read best left-aligned and numbers right-aligned;
	// tabwriter aligns every column one way, so the text columns are
	// padded to a common width first.
	names, types := []string{"layer"}, []string{"type"}
	for _, row := range r.Rows {
		name := row.Name
		if row.TrainOnly {
			name += " (train)"
		}
		names, types = append(names, name), append(types, row.Type)
	}
	pad := func(col []string) []string {
		n := 0
		for _, s := range col {
			n = max(n, utf8.RuneCountInString(s))
		}
		for i, s := range col {
			col[i] = s + strings.Repeat(" ", n-utf8.RuneCountInString(s))
		}
		return col
	}
	names, types = pad(names), pad(types)
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\toutput\tparams\tMACs\tRF\t\n", names[0], types[0])
	for i, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t\n", names[i+1], types[i+1], row.Out, Comma(row.Params), Comma(row.MACs), row.RF.Size)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// AlignRight pads every cell on the left, the first one too: drop that
	// margin so the table starts at the left edge.
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if _, err := io.WriteString(w, strings.TrimPrefix(line, "  ")); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "input %v → output %v\n", r.Input, r.Output)
	fmt.Fprintf(w, "params %s (trainable %s, inference %s)\n", Comma(r.Params), Comma(r.Trainable), Comma(r.InferenceParams))
	fmt.Fprintf(w, "MACs %s\n", Comma(r.MACs))
	fmt.Fprintf(w, "activations %s floats (%s bytes)\n", Comma(r.Activations), Comma(r.ActivationBytes()))
	fmt.Fprintf(w, "depth %d, receptive field %d (stride %d, padding %d), paths %s\n",
		r.Depth, r.RF.Size, r.RF.Stride, r.RF.Padding, r.PathCount())
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

// SummaryJSON is the machine-readable summary (`book summary -json`).
type SummaryJSON struct {
	Model           string      `json:"model"`
	Input           []int       `json:"input"`
	Params          int64       `json:"params"`
	Trainable       int64       `json:"trainable_params"`
	InferenceParams int64       `json:"inference_params"`
	MACs            int64       `json:"macs"`
	Activations     int64       `json:"activations"`
	ActivationBytes int64       `json:"activation_bytes"`
	Depth           int         `json:"depth"`
	RF              RFJSON      `json:"receptive_field"`
	Paths           string      `json:"paths"`
	Notes           []string    `json:"notes"`
	Layers          []LayerJSON `json:"layers"`
}

// RFJSON is the receptive field in the JSON summary.
type RFJSON struct {
	Size    int `json:"size"`
	Stride  int `json:"stride"`
	Padding int `json:"padding"`
}

// LayerJSON is one leaf in the JSON summary, the row of the table: a
// vector output [F] is written [F,1,1]; rf is the receptive-field size of
// one output unit; train_only marks an auxiliary head's leaves (their
// params count in the total, their MACs and activations are 0).
type LayerJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Output      []int  `json:"output"`
	Params      int64  `json:"params"`
	MACs        int64  `json:"macs"`
	Activations int64  `json:"activations"`
	RF          int    `json:"rf"`
	TrainOnly   bool   `json:"train_only"`
}

// JSON converts the report for model name.
func (r *Report) JSON(model string) SummaryJSON {
	s := SummaryJSON{
		Model: model, Input: r.Input, Params: r.Params, Trainable: r.Trainable,
		InferenceParams: r.InferenceParams, MACs: r.MACs, Activations: r.Activations,
		ActivationBytes: r.ActivationBytes(), Depth: r.Depth,
		RF:    RFJSON{r.RF.Size, r.RF.Stride, r.RF.Padding},
		Paths: r.PathCount().String(), Notes: r.Notes, Layers: []LayerJSON{},
	}
	if s.Notes == nil {
		s.Notes = []string{}
	}
	for _, row := range r.Rows {
		out := append([]int(nil), row.Out...)
		for len(out) < 3 {
			out = append(out, 1)
		}
		s.Layers = append(s.Layers, LayerJSON{Name: row.Name, Type: row.Type, Output: out, Params: row.Params, MACs: row.MACs,
			Activations: row.Acts, RF: row.RF.Size, TrainOnly: row.TrainOnly})
	}
	return s
}
