package zfnet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
)

func row(t *testing.T, rep *nn.Report, name string) nn.Row {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no row %q", name)
	return nn.Row{}
}

// TestFigure3 checks the sizes Fig. 3 of Zeiler & Fergus 2014 prints under
// each layer, at its 224×224 input, against our network and against
// PyTorch's (testdata/zfnet_pytorch.txt).
func TestFigure3(t *testing.T) {
	rep, err := ZFNet().Analyze()
	require.NoError(t, err)
	py := golden(t, "zfnet_pytorch.txt")
	for _, tc := range []struct {
		layer string
		side  int
		maps  int
	}{
		{"conv1", 110, 96}, // "96 different 1st layer filters ... stride of 2 ... 110 by 110"
		{"pool1", 55, 96},  // "max within 3x3 regions, using stride 2 ... 55 by 55"
		{"conv2", 26, 256}, // Fig. 3: 26×26×256
		{"pool2", 13, 256}, // 13×13×256
		{"conv3", 13, 384}, // 13×13×384
		{"conv4", 13, 384}, // 13×13×384
		{"conv5", 13, 256}, // 13×13×256
		{"pool5", 6, 256},  // 6×6×256, "9216" values into layer 6
	} {
		t.Run(tc.layer, func(t *testing.T) {
			r := row(t, rep, tc.layer)
			want := nn.Shape{tc.maps, tc.side, tc.side}
			assert.True(t, r.Out.Equal(want), "output: got %v, want %v (Fig. 3)", r.Out, want)
			assert.Equal(t, py[tc.layer], int64(r.Out[1]), "side: got %d, want PyTorch's %d", r.Out[1], py[tc.layer])
			t.Logf("%s: %v = Zeiler & Fergus 2014 Fig. 3; side %d = PyTorch (testdata/zfnet_pytorch.txt)", tc.layer, r.Out, py[tc.layer])
		})
	}
	t.Run("alternatives", func(t *testing.T) {
		// Why pad 1 and ceil mode: without them the figure's sizes are missed.
		for _, tc := range []struct {
			name string
			m    nn.Module
			in   int
			want int
		}{
			{"conv1 pad 1", nn.NewConv2D("conv1", 3, 96, 7, nn.Stride(2), nn.Pad(1)), 224, 110}, // (224+2−7)/2+1 = 110.5 → 110
			{"conv1 pad 0", nn.NewConv2D("conv1", 3, 96, 7, nn.Stride(2)), 224, 109},            // (224−7)/2+1 = 109.5 → 109
			{"pool1 ceil", nn.NewMaxPool2D("pool1", 3, nn.Stride(2), nn.CeilMode()), 110, 55},   // 54.5 → 55
			{"pool1 floor", nn.NewMaxPool2D("pool1", 3, nn.Stride(2)), 110, 54},                 // 54.5 → 54
			{"pool2 ceil", nn.NewMaxPool2D("pool2", 3, nn.Stride(2), nn.CeilMode()), 26, 13},    // 12.5 → 13
			{"pool2 floor", nn.NewMaxPool2D("pool2", 3, nn.Stride(2)), 26, 12},                  // 12.5 → 12
		} {
			r, err := nn.Analyze(tc.m, nn.Shape{3, tc.in, tc.in})
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.Output[1], "%s on %d: got %d, want %d", tc.name, tc.in, r.Output[1], tc.want)
		}
	})
}

// TestZFNet checks the parameter counts against PyTorch's and the changes
// from AlexNet the paper lists.
func TestZFNet(t *testing.T) {
	py := golden(t, "zfnet_pytorch.txt")
	for _, e := range Models() {
		t.Run(e.Name, func(t *testing.T) {
			rep, err := e.Build().Analyze()
			require.NoError(t, err)
			assert.Equal(t, py[e.Name], rep.Params, "parameters: got %s, want PyTorch's %s", nn.Comma(rep.Params), nn.Comma(py[e.Name]))
			assert.Equal(t, 8, rep.Depth, "weighted layers: got %d, want 8", rep.Depth)
			t.Logf("%s: %s parameters = PyTorch's count of the same layers (testdata/zfnet_pytorch.txt); depth %d (Zeiler & Fergus 2014 Fig. 3: 5 conv + 3 fc)", e.Name, nn.Comma(rep.Params), rep.Depth)
		})
	}
	rep, err := ZFNet().Analyze()
	require.NoError(t, err)
	// 96·(3·7·7+1) = 14,208 against AlexNet's 96·(3·11·11+1) = 34,944.
	assert.Equal(t, int64(14_208), row(t, rep, "conv1").Params)
	// One tower: conv2 reads all 96 conv1 maps (AlexNet: 48), 256·(96·25+1).
	assert.Equal(t, int64(614_656), row(t, rep, "conv2").Params)
	// PyTorch's count of the same layers (testdata/zfnet_pytorch.txt).
	assert.Equal(t, int64(62_357_608), rep.Params)

	wide, err := ZFNet512().Analyze()
	require.NoError(t, err)
	for _, tc := range []struct {
		layer string
		maps  int
	}{{"conv3", 512}, {"conv4", 1024}, {"conv5", 512}} { // Table 3: "512, 1024, 512 maps"
		assert.Equal(t, tc.maps, row(t, wide, tc.layer).Out[0], "zfnet-512 %s maps", tc.layer)
	}
	// fc6 now reads 512·6·6 = 18,432 values.
	assert.Equal(t, int64(18_432*4096+4096), row(t, wide, "fc6").Params)
}

// TestReceptiveField: "the receptive field grows with depth" in numbers:
// each layer's units see more of the 224×224 image.
func TestReceptiveField(t *testing.T) {
	rep, err := ZFNet().Analyze()
	require.NoError(t, err)
	for _, tc := range []struct {
		layer        string
		size, stride int
	}{
		{"conv1", 7, 2},    // the 7×7 kernel
		{"pool1", 11, 4},   // 7 + 2·2
		{"conv2", 27, 8},   // 11 + 4·4
		{"pool2", 43, 16},  // 27 + 2·8
		{"conv3", 75, 16},  // 43 + 2·16
		{"conv4", 107, 16}, // 75 + 2·16
		{"conv5", 139, 16}, // 107 + 2·16
		{"pool5", 171, 32}, // 139 + 2·16: fc6 sees 171×171 windows
	} {
		r := row(t, rep, tc.layer)
		assert.Equal(t, tc.size, r.RF.Size, "%s receptive field: got %d, want %d", tc.layer, r.RF.Size, tc.size)
		assert.Equal(t, tc.stride, r.RF.Stride, "%s jump: got %d, want %d", tc.layer, r.RF.Stride, tc.stride)
	}
}

func TestBuildAllocatesNothing(t *testing.T) {
	for _, e := range Models() {
		for _, p := range nn.AllParams(e.Build().Net) {
			assert.Nil(t, p.Data, "%s: %s allocated by Build", e.Name, p.Key)
		}
	}
}

// golden reads "name number" lines of testdata/name.
func golden(t *testing.T, name string) map[string]int64 {
	t.Helper()
	m, err := testfile.Counts("testdata/" + name)
	require.NoError(t, err)
	return m
}

func lines(t *testing.T, name string) []string {
	t.Helper()
	out, err := testfile.Lines("testdata/" + name)
	require.NoError(t, err)
	return out
}
