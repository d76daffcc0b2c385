package weights

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// TestHashVectors: the values printed by
// `/usr/bin/python3 interop/testdata/gen.py --vectors` (numpy uint64
// arithmetic), which Go must reproduce bit for bit.
func TestHashVectors(t *testing.T) {
	for _, tc := range []struct {
		key    string
		lo, hi float64
		seed   uint64
		bits   []uint32
		values []uint32 // float32 bits
	}{
		{"features.0.weight", -0.5, 0.5, 0xf70f941a24398456,
			[]uint32{14357228, 8832206, 10727292, 1552568},
			[]uint32{0x3eb625d9, 0x3cd899d0, 0x3e0ebdf2, 0xbed09e8f}},
		{"bn1.running_var", 0.5, 2, 0xe3fa2b7461643d5f,
			[]uint32{10776133, 13199533, 16286966},
			[]uint32{0x3fbb52b4, 0x3fd70e82, 0x3ffa63b9}},
		{"fc.bias", -1 / math.Sqrt(512), 1 / math.Sqrt(512), 0x145e200af8fe4b85,
			[]uint32{8013659, 8065341},
			[]uint32{0xbb017514, 0xbadf39fc}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			if got := HashSeed(tc.key); got != tc.seed {
				t.Errorf("HashSeed: got %#x, want %#x", got, tc.seed)
			}
			v := make([]float32, len(tc.bits))
			HashFill(v, tc.key, tc.lo, tc.hi)
			for i := range tc.bits {
				if got := HashBits(tc.seed, int64(i)); got != tc.bits[i] {
					t.Errorf("HashBits(%d): got %d, want %d", i, got, tc.bits[i])
				}
				if got := math.Float32bits(v[i]); got != tc.values[i] {
					t.Errorf("value %d: got %#x (%g), want %#x", i, got, v[i], tc.values[i])
				}
			}
		})
	}
}

func TestHashRange(t *testing.T) {
	for _, tc := range []struct {
		key           string
		shape, weight []int
		scale         float64 // nn.Param.HashScale, as the builder set it
		lo, hi        float64
	}{
		{"bn1.running_var", []int{64}, []int{64}, 0, 0.5, 2},
		{"bn1.running_mean", []int{64}, []int{64}, 0, -0.25, 0.25},
		{"bn1.weight", []int{64}, []int{64}, 0, 0.5, 1.5},
		{"bn1.bias", []int{64}, []int{64}, 0, -0.25, 0.25},
		// conv1 of ResNet: fan_in = 3·7·7 = 147
		{"conv1.weight", []int{64, 3, 7, 7}, []int{64, 3, 7, 7}, 0, -math.Sqrt(6.0 / 147), math.Sqrt(6.0 / 147)},
		{"fc.bias", []int{1000}, []int{1000, 512}, 0, -1 / math.Sqrt(512), 1 / math.Sqrt(512)},
		// a residual block's later convolutions: a quarter of He-uniform
		// (BasicBlock conv2: fan_in = 256·3·3; Bottleneck conv3: 512·1·1)
		{"layer3.1.conv2.weight", []int{256, 256, 3, 3}, nil, 0.25, -math.Sqrt(6.0/2304) / 4, math.Sqrt(6.0/2304) / 4},
		{"layer4.2.conv3.weight", []int{2048, 512, 1, 1}, nil, 0.25, -math.Sqrt(6.0/512) / 4, math.Sqrt(6.0/512) / 4},
		// … but not a block's first, nor its projection shortcut, nor another
		// model's conv2: the builder marks none of them
		{"layer3.1.conv1.weight", []int{256, 256, 3, 3}, nil, 0, -math.Sqrt(6.0 / 2304), math.Sqrt(6.0 / 2304)},
		{"layer3.0.downsample.0.weight", []int{256, 128, 1, 1}, nil, 0, -math.Sqrt(6.0 / 128), math.Sqrt(6.0 / 128)},
		{"features.denseblock1.denselayer1.conv2.weight", []int{32, 128, 3, 3}, nil, 0, -math.Sqrt(6.0 / 1152), math.Sqrt(6.0 / 1152)},
		{"conv2.conv.weight", []int{64, 64, 1, 1}, nil, 0, -math.Sqrt(6.0 / 64), math.Sqrt(6.0 / 64)},
		{"OUTPUT.centres", []int{10, 84}, nil, 0, -1, 1},
		{"scale", []int{3}, nil, 0, -1, 1},
	} {
		lo, hi := HashRange(tc.key, tc.shape, tc.weight, tc.scale)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: got [%g, %g], want [%g, %g]", tc.key, lo, hi, tc.lo, tc.hi)
		}
	}
}

// tiny is a network with every kind of tensor Load must handle: conv
// weight and bias, BatchNorm with running statistics, a linear layer and
// an auxiliary head.
func tiny() nn.Module {
	return nn.Seq("",
		nn.NewConv2D("conv1", 3, 4, 3, nn.NoBias()),
		nn.NewBatchNorm2D("bn1", 4),
		nn.NewAux("aux1", nn.Seq("", nn.NewFlatten("flat"), nn.NewLinear("fc", 4*5*5, 2))),
		nn.NewConv2D("conv2", 4, 2, 1),
		nn.NewFlatten("flatten"),
		nn.NewLinear("fc", 2*5*5, 3),
	)
}

func keys(m nn.Module) []string {
	var out []string
	for _, p := range nn.AllParams(m) {
		out = append(out, p.Key)
	}
	return out
}

func TestSaveLoad(t *testing.T) {
	a := tiny()
	Hash(a)
	path := filepath.Join(t.TempDir(), "tiny.safetensors")
	if err := Save(a, path, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ti := range f.Tensors {
		names = append(names, ti.Name)
	}
	f.Close()
	slices.Sort(names)
	want := append(keys(a), "bn1.num_batches_tracked")
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("saved keys: got %v, want %v", names, want)
	}

	b := tiny()
	if err := Load(b, path, nil); err != nil {
		t.Fatal(err)
	}
	pb := nn.AllParams(b)
	for i, p := range nn.AllParams(a) {
		if !slices.Equal(p.Data, pb[i].Data) {
			t.Errorf("%s: loaded values differ from saved", p.Key)
		}
		if pb[i].Grad != nil {
			t.Errorf("%s: Load allocated a gradient", p.Key)
		}
	}
}

// TestLoadOptionalAux: a file without the auxiliary head's tensors (as
// torchvision's pretrained GoogLeNet) loads; the head is zero-filled.
func TestLoadOptionalAux(t *testing.T) {
	a := tiny()
	Hash(a)
	ts, err := Tensors(a)
	if err != nil {
		t.Fatal(err)
	}
	var kept []safetensors.Tensor
	for _, x := range ts {
		if !strings.HasPrefix(x.Name, "aux1.") {
			kept = append(kept, x)
		}
	}
	path := filepath.Join(t.TempDir(), "noaux.safetensors")
	if err := safetensors.WriteFile(path, kept, nil); err != nil {
		t.Fatal(err)
	}
	b := tiny()
	if err := Load(b, path, nil); err != nil {
		t.Fatalf("loading without aux tensors: %v", err)
	}
	for _, p := range nn.AllParams(b) {
		if int64(len(p.Data)) != p.Size() {
			t.Errorf("%s: not allocated", p.Key)
		}
	}
	// The same file with aux not optional is an error naming the key.
	err = Load(tiny(), path, &Options{Optional: func(string) bool { return false }})
	if err == nil || !strings.Contains(err.Error(), `"aux1.fc.weight" (shape [2 100]): in the model, not in the file`) {
		t.Errorf("got %v, want an error naming aux1.fc.weight", err)
	}
}

// TestLoadErrors: every mismatch is listed with its key (and both shapes);
// nothing is allocated.
func TestLoadErrors(t *testing.T) {
	a := tiny()
	Hash(a)
	ts, _ := Tensors(a)
	edit := func(fn func(ts []safetensors.Tensor) []safetensors.Tensor) string {
		cp := append([]safetensors.Tensor(nil), ts...)
		path := filepath.Join(t.TempDir(), "w.safetensors")
		if err := safetensors.WriteFile(path, fn(cp), nil); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name string
		path string
		want []string
	}{
		{"wrong shape", edit(func(ts []safetensors.Tensor) []safetensors.Tensor {
			for i := range ts {
				if ts[i].Name == "fc.weight" {
					ts[i].Shape = []int{3, 5, 10}
				}
			}
			return ts
		}), []string{`"fc.weight": file has shape [3 5 10], model wants [3 50]`}},
		{"missing and extra", edit(func(ts []safetensors.Tensor) []safetensors.Tensor {
			for i := range ts {
				if ts[i].Name == "bn1.running_var" {
					ts[i].Name = "bn1.running_variance"
				}
			}
			return ts
		}), []string{`"bn1.running_var" (shape [4]): in the model, not in the file`,
			`"bn1.running_variance" (shape [4]): in the file, not in the model`}},
		{"wrong dtype", edit(func(ts []safetensors.Tensor) []safetensors.Tensor {
			for i := range ts {
				if ts[i].Name == "conv2.bias" {
					ts[i].F32, ts[i].I64 = nil, []int64{1, 2}
				}
			}
			return ts
		}), []string{`"conv2.bias": file has dtype I64, model wants F32`}},
		{"counter", edit(func(ts []safetensors.Tensor) []safetensors.Tensor {
			return append(ts, safetensors.Tensor{Name: "conv1.num_batches_tracked", Shape: []int{}, I64: []int64{0}},
				safetensors.Tensor{Name: "extra", Shape: []int{1}, F32: []float32{0}})
		}), []string{`"conv1.num_batches_tracked" (shape []): in the file, not in the model`,
			`"extra" (shape [1]): in the file, not in the model`}},
		{"counter as F32", edit(func(ts []safetensors.Tensor) []safetensors.Tensor {
			for i := range ts {
				if ts[i].Name == "bn1.num_batches_tracked" {
					ts[i].I64, ts[i].F32 = nil, []float32{3}
				}
			}
			return ts
		}), []string{`"bn1.num_batches_tracked": file has F32 [], want one I64`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tiny()
			err := Load(b, tc.path, nil)
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v\nwant it to contain %s", err, w)
				}
			}
			for _, p := range nn.AllParams(b) {
				if p.Data != nil {
					t.Errorf("%s allocated despite the error", p.Key)
				}
			}
		})
	}
	if err := Load(tiny(), "nonexistent.safetensors", nil); err == nil {
		t.Error("loading a nonexistent file: got no error")
	}
}

func TestSaveUninitialised(t *testing.T) {
	err := Save(tiny(), filepath.Join(t.TempDir(), "x.safetensors"), nil)
	if err == nil || !strings.Contains(err.Error(), "conv1.weight is not initialised") {
		t.Errorf("got %v, want an error naming conv1.weight", err)
	}
}

// TestLoadWrongModel: a file of another model says so, not only key by key.
func TestLoadWrongModel(t *testing.T) {
	a := tiny()
	Hash(a)
	path := filepath.Join(t.TempDir(), "tiny.safetensors")
	if err := Save(a, path, map[string]string{"model": "tiny"}); err != nil {
		t.Fatal(err)
	}
	other := nn.Seq("", nn.NewLinear("classifier", 4, 2))
	err := Load(other, path, nil)
	for _, want := range []string{"no tensor of the file has a key of the model's", `model "classifier.weight"…`,
		`the file says it holds "tiny"`, `"classifier.bias" (shape [2]): in the model, not in the file`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant it to contain %s", err, want)
		}
	}
}

// TestLoadCounter: PyTorch's num_batches_tracked is accepted whatever its
// value (a pretrained file has counted its batches) and whether it is
// there or not, and ignored.
func TestLoadCounter(t *testing.T) {
	a := tiny()
	Hash(a)
	ts, _ := Tensors(a)
	for _, tc := range []struct {
		name string
		edit func([]safetensors.Tensor) []safetensors.Tensor
	}{
		{"counted", func(ts []safetensors.Tensor) []safetensors.Tensor {
			for i := range ts {
				if ts[i].Name == "bn1.num_batches_tracked" {
					ts[i].I64 = []int64{90 * 5005} // 90 epochs × ⌈1,281,167 ImageNet images / batch 256⌉ steps
				}
			}
			return ts
		}},
		{"absent", func(ts []safetensors.Tensor) []safetensors.Tensor {
			return slices.DeleteFunc(ts, func(x safetensors.Tensor) bool { return strings.HasSuffix(x.Name, "num_batches_tracked") })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.safetensors")
			if err := safetensors.WriteFile(path, tc.edit(slices.Clone(ts)), nil); err != nil {
				t.Fatal(err)
			}
			b := tiny()
			if err := Load(b, path, nil); err != nil {
				t.Fatal(err)
			}
			pb := nn.AllParams(b)
			for i, p := range nn.AllParams(a) {
				if !slices.Equal(p.Data, pb[i].Data) {
					t.Errorf("%s: loaded values differ from saved", p.Key)
				}
			}
		})
	}
}

// TestLoadNonFinite: a NaN or an infinity in the file (the issue: infer
// printed "1 0 tench NaN", exit 0) is an error naming the tensor, the
// first bad index and the value.
func TestLoadNonFinite(t *testing.T) {
	for _, tc := range []struct {
		v    float32
		want string
	}{
		{float32(math.NaN()), `"fc.weight": value NaN at [1,2] (element 6 of 12): weights must be finite`},
		{float32(math.Inf(-1)), `"fc.weight": value -Inf at [1,2] (element 6 of 12): weights must be finite`},
	} {
		m := nn.Seq("net", nn.NewLinear("fc", 4, 3))
		nn.InitParams(m, nn.NewRNG(1))
		ts, err := Tensors(m)
		if err != nil {
			t.Fatal(err)
		}
		ts[0].F32[6] = tc.v // fc.weight (3, 4): row 1, column 2
		ts[0].F32[9] = tc.v // a later one is not reported
		path := filepath.Join(t.TempDir(), "w.safetensors")
		if err := safetensors.WriteFile(path, ts, nil); err != nil {
			t.Fatal(err)
		}
		err = Load(nn.Seq("net", nn.NewLinear("fc", 4, 3)), path, nil)
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("got %v, want an error ending %s", err, tc.want)
		}
	}
}

// TestLoadManyTensors: a file of far more tensors than the model has is
// rejected in one line before a problem is listed per tensor.
func TestLoadManyTensors(t *testing.T) {
	ts := make([]safetensors.Tensor, 500)
	for i := range ts {
		ts[i] = safetensors.Tensor{Name: fmt.Sprintf("t%d", i), Shape: []int{0}, F32: []float32{}}
	}
	path := filepath.Join(t.TempDir(), "w.safetensors")
	if err := safetensors.WriteFile(path, ts, nil); err != nil {
		t.Fatal(err)
	}
	err := Load(nn.Seq("net", nn.NewLinear("fc", 4, 3)), path, nil)
	want := "the file holds 500 tensors, but the model has 2 (and at most as many num_batches_tracked); not its checkpoint"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v, want an error ending %q", err, want)
	}
}
