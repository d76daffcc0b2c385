package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// A checkpoint is one safetensors file: the model's tensors under their
// keys (as the weights file), the SGD momentum buffers under
// "momentum/<key>", and the run's record so far as JSON in the metadata
// entry "result". It is written atomically after every epoch.
const momentumPrefix = "momentum/"

func writeCheckpoint(path string, m *nn.Model, o *nn.SGD, res *Result) error {
	ts, err := weights.Tensors(m.Net)
	if err != nil {
		return err
	}
	bufs := o.Buffers()
	for _, p := range nn.AllParams(m.Net) {
		if b, ok := bufs[p.Key]; ok {
			ts = append(ts, safetensors.Tensor{Name: momentumPrefix + p.Key, Shape: p.Shape, F32: b})
		}
	}
	js, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if err := safetensors.WriteFile(path, ts, map[string]string{"model": res.Model, "result": string(js)}); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// readCheckpoint restores m's tensors and o's momentum from the checkpoint
// at path and returns the record it holds. A checkpoint of another model
// is an error naming the first tensor that does not fit.
func readCheckpoint(path string, m *nn.Model, o *nn.SGD) (*Result, error) {
	f, err := safetensors.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("nothing to resume: no checkpoint %s (train without -resume first)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	what := ""
	if name := f.Metadata["model"]; name != "" && name != m.Name {
		what = fmt.Sprintf(" (it is a checkpoint of %s)", name)
	}
	params := nn.AllParams(m.Net)
	for _, p := range params {
		info, ok := f.Lookup(p.Key)
		switch {
		case !ok:
			return nil, fmt.Errorf("checkpoint %s does not fit %s%s: first mismatching tensor %q (shape %v) is not in the file", path, m.Name, what, p.Key, p.Shape)
		case info.DType != safetensors.F32 || !nn.Shape(info.Shape).Equal(p.Shape):
			return nil, fmt.Errorf("checkpoint %s does not fit %s%s: first mismatching tensor %q: file has %s %v, model wants F32 %v", path, m.Name, what, p.Key, info.DType, info.Shape, p.Shape)
		}
	}
	if what != "" {
		return nil, fmt.Errorf("checkpoint %s does not fit %s%s", path, m.Name, what)
	}
	for _, p := range params {
		if err := f.ReadFloat32(p.Key, p.Data); err != nil {
			return nil, fmt.Errorf("checkpoint %s: %w", path, err)
		}
		if err := finite(path, p.Key, p.Data); err != nil {
			return nil, err
		}
	}
	bufs := make(map[string][]float32)
	for _, t := range f.Tensors {
		key, ok := strings.CutPrefix(t.Name, momentumPrefix)
		if !ok {
			continue
		}
		b, err := f.Float32(t.Name)
		if err != nil {
			return nil, fmt.Errorf("checkpoint %s: %w", path, err)
		}
		if err := finite(path, t.Name, b); err != nil {
			return nil, err
		}
		bufs[key] = b
	}
	if err := o.SetBuffers(bufs); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	var res Result
	if err := json.Unmarshal([]byte(f.Metadata["result"]), &res); err != nil {
		return nil, fmt.Errorf("checkpoint %s: its record (metadata \"result\") is unreadable: %w", path, err)
	}
	return &res, nil
}

// finite reports the first NaN or infinity of a tensor.
func finite(path, key string, d []float32) error {
	for i, v := range d {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("checkpoint %s: %q holds %v at index %d", path, key, v, i)
		}
	}
	return nil
}
