package nn

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// summaryNet has every kind of row the printer must get right: convs with
// and without bias, BatchNorm (whose buffers are not parameters), a frozen
// weight, an auxiliary head (params in the total, no MACs), a residual
// block with a projection, parallel branches and a dense block.
func summaryNet() Module {
	frozen := NewLinear("fc2", 16, 5)
	frozen.Weight.Frozen = true
	return Seq("net",
		NewConv2D("conv1", 3, 8, 3, Stride(2), Pad(1)),
		NewBatchNorm2D("bn1", 8),
		NewReLU("relu"),
		NewAux("aux1", Seq("", NewAdaptiveAvgPool2D("pool", 2, 2), NewFlatten("flatten"), NewLinear("fc", 32, 4))),
		// a residual block with a projection (chapters/resnet's BasicBlock with option B)
		NewResidual("layer1",
			Seq("", NewConv2D("conv1", 8, 12, 3, Stride(2), Pad(1), NoBias()), NewBatchNorm2D("bn1", 12), NewReLU("relu"),
				NewConv2D("conv2", 12, 12, 3, Pad(1), NoBias()), NewBatchNorm2D("bn2", 12)),
			Seq("downsample", NewConv2D("0", 8, 12, 1, Stride(2), NoBias()), NewBatchNorm2D("1", 12)),
			NewReLU("relu")),
		// four concatenated branches (chapters/googlenet's Inception, the paper's)
		NewParallel("mix", JoinConcat,
			Seq("branch1", NewConv2D("conv", 12, 4, 1), NewReLU("relu")),
			Seq("branch2", Seq("0", NewConv2D("conv", 12, 4, 1), NewReLU("relu")), Seq("1", NewConv2D("conv", 4, 6, 3, Pad(1)), NewReLU("relu"))),
			Seq("branch3", Seq("0", NewConv2D("conv", 12, 2, 1), NewReLU("relu")), Seq("1", NewConv2D("conv", 2, 3, 5, Pad(2)), NewReLU("relu"))),
			Seq("branch4", NewMaxPool2D("0", 3, Stride(1), Pad(1), CeilMode()), Seq("1", NewConv2D("conv", 12, 3, 1), NewReLU("relu")))),
		// a DenseConcat of two layers (as chapters/variants' DenseNetBlock)
		NewDenseConcat("dense", summaryBottleneck("denselayer1", 16), summaryBottleneck("denselayer2", 20)),
		NewGlobalAvgPool("avgpool"),
		NewFlatten("flatten"),
		NewLinear("fc1", 24, 16),
		frozen)
}

// summaryBottleneck is a BN-ReLU-1×1 (8)-BN-ReLU-3×3 (4) layer of a dense
// block with growth 4 and bottleneck factor 2.
func summaryBottleneck(name string, in int) Module {
	return Seq(name, NewBatchNorm2D("norm1", in), NewReLU("relu1"), NewConv2D("conv1", in, 8, 1, NoBias()),
		NewBatchNorm2D("norm2", 8), NewReLU("relu2"), NewConv2D("conv2", 8, 4, 3, Pad(1), NoBias()))
}

var spaces2 = regexp.MustCompile(`\s{2,}`)

// num reads "1,234" as 1234.
func num(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	require.NoError(t, err, "number %q", s)
	return v
}

// The printed table: one row per leaf, and its params and MACs columns
// add up to the totals printed under it; the JSON summary's layers too.
func TestSummaryTableSums(t *testing.T) {
	r, err := Analyze(summaryNet(), Shape{3, 16, 16})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, r.WriteTable(&buf))
	lines := strings.Split(buf.String(), "\n")
	require.Equal(t, []string{"layer", "type", "output", "params", "MACs", "RF"}, spaces2.Split(strings.TrimSpace(lines[0]), -1), "header")

	var params, macs int64
	var rows int
	var totalParams, totalMACs int64 = -1, -1
	for i, line := range lines[1:] {
		switch {
		case strings.HasPrefix(line, "params "):
			totalParams = num(t, strings.Fields(line)[1])
		case strings.HasPrefix(line, "MACs "):
			totalMACs = num(t, strings.Fields(line)[1])
		case i < len(r.Rows):
			f := spaces2.Split(strings.TrimSpace(line), -1)
			require.Len(t, f, 6, "row %q", line)
			row := r.Rows[i]
			name := row.Name
			if row.TrainOnly {
				name += " (train)"
			}
			assert.Equal(t, name, f[0])
			assert.Equal(t, row.Type, f[1])
			assert.Equal(t, row.Out.String(), f[2])
			assert.Equal(t, row.RF.Size, int(num(t, f[5])), "RF of %s", row.Name)
			params += num(t, f[3])
			macs += num(t, f[4])
			rows++
		}
	}
	assert.Equal(t, len(r.Rows), rows, "one printed row per leaf")
	assert.Equal(t, totalParams, params, "the params column sums to the printed total")
	assert.Equal(t, totalMACs, macs, "the MACs column sums to the printed total")
	assert.Equal(t, r.Params, totalParams)
	assert.Equal(t, r.MACs, totalMACs)
	assert.Less(t, r.InferenceParams, r.Params, "the auxiliary head is in the total, not in inference")
	assert.Less(t, r.Trainable, r.Params, "the frozen weight is in the total, not in trainable")

	// Every tensor the model holds, buffers aside, is in exactly one row.
	var held int64
	for _, p := range AllParams(summaryNet()) {
		if !p.Buffer {
			held += p.Size()
		}
	}
	assert.Equal(t, held, r.Params, "params: everything the model holds")

	// The JSON summary carries the same rows.
	var s SummaryJSON
	b, err := json.Marshal(r.JSON("net"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &s))
	require.Len(t, s.Layers, len(r.Rows))
	var jp, jm, ja int64
	for _, l := range s.Layers {
		jp, jm, ja = jp+l.Params, jm+l.MACs, ja+l.Activations
	}
	assert.Equal(t, s.Params, jp, "JSON: per-layer params sum to the total")
	assert.Equal(t, s.MACs, jm, "JSON: per-layer MACs sum to the total")
	assert.Equal(t, s.Activations, ja, "JSON: per-layer activations sum to the total")
}

// Shapes before storage: the analysis of a network whose weights were
// never initialised allocates none of them.
func TestAnalyzeAllocatesNoWeights(t *testing.T) {
	m := summaryNet()
	_, err := Analyze(m, Shape{3, 16, 16})
	require.NoError(t, err)
	for _, p := range AllParams(m) {
		assert.Nil(t, p.Data, "%s allocated by Analyze", p.Key)
	}
}
