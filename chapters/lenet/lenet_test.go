package lenet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/nn"
)

// connections counts what the paper calls connections: one per
// multiply-accumulate (the report's MACs) plus one per unit for its bias.
func connections(r nn.Row, bias bool) int64 {
	if bias {
		return r.MACs + r.Out.Elems()
	}
	return r.MACs
}

// rowOf returns the report row of the named leaf (the first one: the
// weighted leaf of a paper layer, before its squashing function).
func rowOf(t *testing.T, rep *nn.Report, name string) nn.Row {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no row %q in the report", name)
	return nn.Row{}
}

// TestLeNet1998 checks every layer of LeNet-5 against the counts LeCun et
// al. 1998 §II.B states for it.
func TestLeNet1998(t *testing.T) {
	rep, err := LeNet1998().Analyze()
	require.NoError(t, err)
	for _, tc := range []struct {
		layer       string
		out         nn.Shape
		params      int64
		connections int64
		bias        bool
		source      string
	}{
		// §II.B: "C1 contains 156 trainable parameters, and 122,304 connections."
		{"C1", nn.Shape{6, 28, 28}, 156, 122_304, true, `LeCun et al. 1998 §II.B: "C1 contains 156 trainable parameters, and 122,304 connections"`},
		// "Layer S2 has 12 trainable parameters and 5,880 connections."
		{"S2", nn.Shape{6, 14, 14}, 12, 5_880, true, `LeCun et al. 1998 §II.B: "Layer S2 has 12 trainable parameters and 5,880 connections"`},
		// "Layer C3 has 1,516 trainable parameters and 151,600 connections."
		{"C3", nn.Shape{16, 10, 10}, 1_516, 151_600, true, `LeCun et al. 1998 §II.B: "Layer C3 has 1,516 trainable parameters and 151,600 connections"`},
		// "Layer S4 has 32 trainable parameters and 2,000 connections."
		{"S4", nn.Shape{16, 5, 5}, 32, 2_000, true, `LeCun et al. 1998 §II.B: "Layer S4 has 32 trainable parameters and 2,000 connections"`},
		// "Layer C5 ... has 48,120 trainable connections." (1×1 maps: connections = parameters)
		{"C5", nn.Shape{120, 1, 1}, 48_120, 48_120, true, `LeCun et al. 1998 §II.B: "C5 ... has 48,120 trainable connections"`},
		// "Layer F6, contains 84 units ... and has 10,164 trainable parameters."
		{"F6", nn.Shape{84}, 10_164, 10_164, true, `LeCun et al. 1998 §II.B: "F6 ... has 10,164 trainable parameters"`},
		// 84·10 centres, "chosen by hand and kept fixed"; no bias.
		{"OUTPUT", nn.Shape{10}, 840, 840, false, `LeCun et al. 1998 §II.B: 84 inputs × 10 RBF units, "chosen by hand and kept fixed"`},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			r := rowOf(t, rep, tc.layer)
			assert.True(t, r.Out.Equal(tc.out), "output: got %v, want %v", r.Out, tc.out)
			assert.Equal(t, tc.params, r.Params, "parameters: got %d, want %d", r.Params, tc.params)
			got := connections(r, tc.bias)
			assert.Equal(t, tc.connections, got, "connections (MACs %d + one bias per unit): got %d, want %d", r.MACs, got, tc.connections)
			t.Logf("%s: output %v, %s parameters, %s connections (%s MACs + biases) = %s",
				tc.layer, r.Out, nn.Comma(r.Params), nn.Comma(got), nn.Comma(r.MACs), tc.source)
		})
	}
	t.Run("total", func(t *testing.T) {
		// The 60,000 trainable parameters the paper states for LeNet-5, and
		// its 340,908 connections; the 840 RBF centres are frozen.
		assert.Equal(t, int64(60_840), rep.Params, "parameters: got %d, want 60,840", rep.Params)
		assert.Equal(t, int64(60_000), rep.Trainable, "trainable: got %d, want 60,000", rep.Trainable)
		var conns int64
		for _, l := range []string{"C1", "S2", "C3", "S4", "C5", "F6"} {
			conns += connections(rowOf(t, rep, l), true)
		}
		conns += connections(rowOf(t, rep, "OUTPUT"), false)
		assert.Equal(t, int64(340_908), conns, "connections: got %d, want 340,908", conns)
		t.Logf("LeNet-5: %s parameters, %s trainable, %s connections = LeCun et al. 1998 §II.B (\"340,908 connections\", \"60,000 trainable parameters\")",
			nn.Comma(rep.Params), nn.Comma(rep.Trainable), nn.Comma(conns))
	})
	t.Run("layers", func(t *testing.T) {
		// "LeNet-5 comprises 7 layers, not counting the input, all of which
		// contain trainable parameters": the weighted depth is 7.
		assert.Equal(t, 7, rep.Depth, "depth: got %d, want 7", rep.Depth)
		t.Logf("weighted depth %d = LeCun et al. 1998 §II.B: \"7 layers, not counting the input\"", rep.Depth)
	})
	t.Run("receptive field", func(t *testing.T) {
		// C5's units see the whole 32×32 input (5 + 1·1 + 4·2 + 1·2 + 4·4 = 32).
		assert.Equal(t, 32, rep.RF.Size, "receptive field at F6's input: got %d, want 32", rep.RF.Size)
		t.Logf("receptive field of C5 %d = the 32×32 input (5 + 1·1 + 4·2 + 1·2 + 4·4)", rep.RF.Size)
	})
}

// TestC3Table checks Table I: "60 connections" wiring 16 maps to 6.
func TestC3Table(t *testing.T) {
	tab := C3Table()
	require.Len(t, tab, 16)
	var conns int
	sizes := map[int]int{}
	for _, maps := range tab {
		conns += len(maps)
		sizes[len(maps)]++
	}
	assert.Equal(t, 60, conns, "connections in Table I: got %d, want 60", conns)
	t.Logf("Table I: %d S2→C3 links, maps by inputs read %v = LeCun et al. 1998 §II.B (\"60 connections\")", conns, sizes)
	// §II.B: six maps read 3 contiguous S2 maps, nine read 4, one reads all 6.
	assert.Equal(t, map[int]int{3: 6, 4: 9, 6: 1}, sizes, "maps by number of inputs")
	// The next three read discontinuous subsets of four.
	assert.Equal(t, [][]int{{0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5}}, tab[12:15])
	// 60 kernels of 5×5 and 16 biases.
	c3 := NewPartialConv2D("C3", 6, 5, tab)
	assert.Equal(t, int64(1_516), c3.Weight.Size()+c3.Bias.Size(), "C3 parameters: got %d, want 1,516", c3.Weight.Size()+c3.Bias.Size())
	// String draws the table back as printed.
	want := ""
	for _, row := range TableI {
		want += row + "\n"
	}
	assert.Equal(t, want, c3.String())
}

// TestLeNet5Modern checks the modern reading: 61,706 parameters, all
// trainable. The paper has no such network; the counts are the layer
// formulas out·(in·k² + 1) on LeNet-5's sizes (§II.B), the same layer
// shapes as d2l.ai's LeNet ("Convolutional Neural Networks (LeNet)"),
// which PyTorch counts at 61,706 as well.
func TestLeNet5Modern(t *testing.T) {
	rep, err := LeNet5().Analyze()
	require.NoError(t, err)
	for _, tc := range []struct {
		layer  string
		out    nn.Shape
		params int64
	}{
		{"C1", nn.Shape{6, 28, 28}, 156},    // 6·(25+1)
		{"S2", nn.Shape{6, 14, 14}, 0},      // max-pool: nothing to learn
		{"C3", nn.Shape{16, 10, 10}, 2_416}, // 16·(6·25+1): every S2 map
		{"S4", nn.Shape{16, 5, 5}, 0},       //
		{"C5", nn.Shape{120, 1, 1}, 48_120}, // 120·(400+1)
		{"F6", nn.Shape{84}, 10_164},        // 84·(120+1)
		{"OUTPUT", nn.Shape{10}, 850},       // 10·(84+1)
	} {
		t.Run(tc.layer, func(t *testing.T) {
			r := rowOf(t, rep, tc.layer)
			assert.True(t, r.Out.Equal(tc.out), "output: got %v, want %v", r.Out, tc.out)
			assert.Equal(t, tc.params, r.Params, "parameters: got %d, want %d", r.Params, tc.params)
			t.Logf("%s: output %v, %s parameters = out·(in·k²+1) on §II.B's sizes", tc.layer, r.Out, nn.Comma(r.Params))
		})
	}
	t.Logf("lenet5: %s parameters = d2l.ai's LeNet counted by PyTorch (61,706)", nn.Comma(rep.Params))
	assert.Equal(t, int64(61_706), rep.Params, "parameters: got %d, want 61,706", rep.Params)
	assert.Equal(t, rep.Params, rep.Trainable, "every parameter is trainable")
	assert.Equal(t, 5, rep.Depth, "weighted layers: C1, C3, C5, F6, OUTPUT")
}

// TestKeys checks the paper's layer names as keys.
func TestKeys(t *testing.T) {
	var got []string
	for _, p := range nn.AllParams(LeNet1998().Net) {
		got = append(got, p.Key)
	}
	assert.Equal(t, []string{
		"C1.weight", "C1.bias", "S2.weight", "S2.bias", "C3.weight", "C3.bias",
		"S4.weight", "S4.bias", "C5.weight", "C5.bias", "F6.weight", "F6.bias", "OUTPUT.weight",
	}, got)
}

// TestBuildAllocatesNothing: Build only declares shapes.
func TestBuildAllocatesNothing(t *testing.T) {
	for _, e := range Models() {
		for _, p := range nn.AllParams(e.Build().Net) {
			assert.Nil(t, p.Data, "%s: %s allocated by Build", e.Name, p.Key)
		}
	}
}
