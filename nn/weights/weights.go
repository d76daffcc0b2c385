package weights

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// numBatches is the I64 counter PyTorch's BatchNorm keeps beside its
// running statistics. Our BatchNorm uses a fixed momentum, for which
// PyTorch never reads the counter either, so it is written as 0 and
// ignored on load.
const numBatches = "num_batches_tracked"

// maxProblems is how many problems a load error lists before "… and N more".
const maxProblems = 20

// Options tunes Load. The zero value (or nil) is torchvision's convention.
type Options struct {
	// Optional reports whether a key may be absent from the file. Nil
	// means: the tensors of auxiliary heads (nn.Aux subtrees), which
	// torchvision's pretrained GoogLeNet does not ship.
	Optional func(key string) bool
	// Rng initialises optional tensors the file lacks from their Init
	// scheme. Nil leaves them at zero: the eval graph never reads them.
	Rng *rand.Rand
}

// Load reads every tensor of m from the safetensors file at path, by key.
// See Read.
func Load(m nn.Module, path string, opt *Options) error {
	f, err := safetensors.Open(path)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	defer f.Close()
	if err := Read(m, f, opt); err != nil {
		return fmt.Errorf("weights: %s: %w", path, err)
	}
	return nil
}

// Read fills every tensor of m from f, by key (nn.AllParams). Before it
// allocates anything it checks the whole file against the model: a tensor
// the model lacks, a tensor the file lacks (unless optional) and a tensor
// of the wrong dtype or shape are errors naming the key (and both shapes);
// all of them are listed. num_batches_tracked (I64) is accepted beside any
// module that has a running_mean, and ignored.
//
// Every value read must be finite: a NaN or ±Inf (which would turn every
// output into NaN, printed as a probability) is an error naming the
// tensor, the first such index and its value.
//
// Read allocates Data, not gradients: call Param.Alloc before training.
func Read(m nn.Module, f *safetensors.File, opt *Options) error {
	if opt == nil {
		opt = &Options{}
	}
	optional := opt.Optional
	if optional == nil {
		optional = auxKeys(m)
	}
	params := nn.AllParams(m)
	want := make(map[string]nn.NamedParam, len(params))
	for _, p := range params {
		if _, dup := want[p.Key]; dup {
			return fmt.Errorf("the model has two tensors named %q", p.Key)
		}
		want[p.Key] = p
	}
	bn := bnPrefixes(m)
	// A file of far more tensors than the model has is not a checkpoint of
	// it: say so before listing (and allocating) a problem per tensor.
	if n, most := len(f.Tensors), 2*len(params)+maxProblems; n > most {
		return fmt.Errorf("the file holds %s tensors, but the model has %s (and at most as many num_batches_tracked); not its checkpoint",
			nn.Comma(int64(n)), nn.Comma(int64(len(params))))
	}

	var problems []string
	matched := 0
	for _, t := range f.Tensors {
		if p, ok := want[t.Name]; ok {
			matched++
			switch {
			case t.DType != safetensors.F32:
				problems = append(problems, fmt.Sprintf("%q: file has dtype %s, model wants F32", t.Name, t.DType))
			case !nn.Shape(t.Shape).Equal(p.Shape):
				problems = append(problems, fmt.Sprintf("%q: file has shape %v, model wants %v", t.Name, t.Shape, p.Shape))
			}
			continue
		}
		if prefix, ok := strings.CutSuffix(t.Name, numBatches); ok && bn[prefix] {
			if t.DType != safetensors.I64 || t.Elems() != 1 {
				problems = append(problems, fmt.Sprintf("%q: file has %s %v, want one I64", t.Name, t.DType, t.Shape))
			}
			continue
		}
		problems = append(problems, fmt.Sprintf("%q (shape %v): in the file, not in the model", t.Name, t.Shape))
	}
	var absent []nn.NamedParam
	for _, p := range params {
		if _, ok := f.Lookup(p.Key); ok {
			continue
		}
		if !optional(p.Key) {
			problems = append(problems, fmt.Sprintf("%q (shape %v): in the model, not in the file", p.Key, p.Shape))
		}
		absent = append(absent, p)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		n, more := len(problems), ""
		if n > maxProblems {
			more = fmt.Sprintf("\n\t… and %d more", len(problems)-maxProblems)
			problems = problems[:maxProblems]
		}
		plural := "s"
		if n == 1 {
			plural = ""
		}
		hint := ""
		if matched == 0 && len(f.Tensors) > 0 && len(params) > 0 {
			hint = fmt.Sprintf("; no tensor of the file has a key of the model's (file %q…, model %q…)",
				f.Tensors[0].Name, params[0].Key)
			if name := f.Metadata["model"]; name != "" {
				hint += fmt.Sprintf(", and the file says it holds %q", name)
			}
		}
		return fmt.Errorf("the file does not fit the model (%d problem%s%s):\n\t%s%s",
			n, plural, hint, strings.Join(problems, "\n\t"), more)
	}

	for _, p := range params {
		if _, ok := f.Lookup(p.Key); !ok {
			continue
		}
		if int64(len(p.Data)) != p.Size() {
			p.Data = make([]float32, p.Size())
		}
		if err := f.ReadFloat32(p.Key, p.Data); err != nil {
			return err
		}
		if err := finite(p.Key, p.Shape, p.Data); err != nil {
			return err
		}
	}
	for _, p := range absent {
		if opt.Rng != nil {
			p.Fill(opt.Rng)
		} else if int64(len(p.Data)) != p.Size() {
			p.Data = make([]float32, p.Size())
		}
	}
	return nil
}

// Save writes every tensor of m to path (atomically), keyed as
// nn.AllParams, with num_batches_tracked = 0 (I64) beside every module
// that has a running_mean, as PyTorch's state_dict. Metadata may be nil.
func Save(m nn.Module, path string, metadata map[string]string) error {
	ts, err := Tensors(m)
	if err != nil {
		return err
	}
	if err := safetensors.WriteFile(path, ts, metadata); err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	return nil
}

// Tensors lists m's tensors as Save writes them (sharing their data), for
// writing with safetensors.Write to any io.Writer.
func Tensors(m nn.Module) ([]safetensors.Tensor, error) {
	var ts []safetensors.Tensor
	for _, p := range nn.AllParams(m) {
		if int64(len(p.Data)) != p.Size() {
			return nil, fmt.Errorf("weights: %s is not initialised (call nn.InitParams or load weights)", p.Key)
		}
		ts = append(ts, safetensors.Tensor{Name: p.Key, Shape: p.Shape, F32: p.Data})
	}
	for _, prefix := range slices.Sorted(maps.Keys(bnPrefixes(m))) {
		ts = append(ts, safetensors.Tensor{Name: prefix + numBatches, Shape: []int{}, I64: []int64{0}})
	}
	return ts, nil
}

// bnPrefixes are the key prefixes ("layer1.0.bn1.") of the modules that
// own a running_mean: PyTorch's BatchNorm, which also has num_batches_tracked.
func bnPrefixes(m nn.Module) map[string]bool {
	out := make(map[string]bool)
	for _, p := range nn.AllParams(m) {
		if prefix, ok := strings.CutSuffix(p.Key, "running_mean"); ok && p.Buffer {
			out[prefix] = true
		}
	}
	return out
}

// auxKeys reports the keys of tensors inside auxiliary heads.
func auxKeys(m nn.Module) func(string) bool {
	keys := make(map[string]bool)
	nn.Walk(m, func(path string, c nn.Module) {
		if _, ok := c.(*nn.Aux); !ok {
			return
		}
		for _, p := range nn.AllParams(c) {
			keys[joinKey(path, p.Key)] = true
		}
	})
	return func(key string) bool { return keys[key] }
}

func joinKey(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// finite returns an error naming key and the first index of data (laid
// out row-major in shape) that holds a NaN or an infinity.
func finite(key string, shape nn.Shape, data []float32) error {
	for i, v := range data {
		if !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) {
			continue
		}
		idx := make([]string, len(shape))
		for a, r := len(shape)-1, i; a >= 0; a-- {
			idx[a] = strconv.Itoa(r % shape[a])
			r /= shape[a]
		}
		return fmt.Errorf("%q: value %v at [%s] (element %d of %d): weights must be finite", key, v, strings.Join(idx, ","), i, len(data))
	}
	return nil
}
