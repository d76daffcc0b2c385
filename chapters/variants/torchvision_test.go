package variants

import (
	"testing"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTorchvisionKeys: the keys and shapes of every torchvision-defined
// model of the chapter, in order, are torchvision 0.14's state_dict
// (testdata/<model>.keys; num_batches_tracked, a counter we do not keep,
// excluded), so its weights load by key. densenet-bc-100-12 is held to
// torchvision's DenseNet class with the CIFAR stem (gen_torchvision.py).
func TestTorchvisionKeys(t *testing.T) {
	for _, m := range []*nn.Model{ResNeXt50(32, 4), WideResNet50(), DenseNet(DenseNet121), DenseNet(DenseNet169),
		DenseNet(DenseNet201), DenseNet(DenseNetBC100)} {
		t.Run(m.Name, func(t *testing.T) {
			var want []string
			for _, f := range readFields(t, "testdata/"+m.Name+".keys") {
				want = append(want, f[0]+" "+f[1])
			}
			assert.Equal(t, want, testfile.KeyLines(m.Net), "state_dict keys: got ours, want torchvision 0.14's")
		})
	}
}

// TestCounts: every model of the chapter has the parameters and MACs (at
// its own input size, conv and linear, biases excluded) that
// gen_torchvision.py counted with forward hooks on torchvision's model or
// on an independent PyTorch implementation of the paper.
func TestCounts(t *testing.T) {
	counts := readCounts(t)
	for _, e := range Models() {
		t.Run(e.Name, func(t *testing.T) {
			want, ok := counts[e.Name]
			require.True(t, ok, "testdata/counts.txt lacks %s", e.Name)
			r := analyze(t, e.Build())
			assert.Equal(t, want.Params, r.Params, "params: got ours, want PyTorch's")
			assert.Equal(t, want.MACs, r.MACs, "MACs: got ours, want PyTorch's forward hooks")
			assert.Equal(t, r.Params, r.InferenceParams, "no auxiliary heads")
		})
	}
}

// TestTorchvisionParams: the parameter counts torchvision 0.14 documents
// for its weights ("num_params" in the *_Weights.IMAGENET1K_V1 meta).
func TestTorchvisionParams(t *testing.T) {
	for _, c := range []struct {
		m    *nn.Model
		want int64
	}{
		{ResNeXt50(32, 4), 25_028_904}, // ResNeXt50_32X4D_Weights.IMAGENET1K_V1
		{WideResNet50(), 68_883_240},   // Wide_ResNet50_2_Weights.IMAGENET1K_V1
		{DenseNet(DenseNet121), 7_978_856},
		{DenseNet(DenseNet169), 14_149_480},
		{DenseNet(DenseNet201), 20_013_928},
	} {
		t.Run(c.m.Name, func(t *testing.T) {
			assert.Equal(t, c.want, analyze(t, c.m).Params, "params: got ours, want torchvision's documented count")
		})
	}
}
