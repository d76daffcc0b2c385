package weights

import (
	"bytes"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// FuzzLoad: whatever the file, loading it into a model returns (all
// tensors filled, or an error) without panicking; on error nothing of the
// model is allocated.
func FuzzLoad(f *testing.F) {
	a := tiny()
	Hash(a)
	ts, _ := Tensors(a)
	var good bytes.Buffer
	safetensors.Write(&good, ts, nil)
	f.Add(good.Bytes())
	var bad bytes.Buffer
	ts[0].Shape = []int{ts[0].Shape[0] * ts[0].Shape[1], ts[0].Shape[2], ts[0].Shape[3]} // misshapen, same size
	safetensors.Write(&bad, ts, nil)
	f.Add(bad.Bytes())
	f.Add(good.Bytes()[:good.Len()-3]) // truncated
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := safetensors.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		m := tiny()
		if err := Read(m, sf, nil); err != nil {
			for _, p := range nn.AllParams(m) {
				if p.Data != nil {
					t.Fatalf("%s allocated despite the error %v", p.Key, err)
				}
			}
			return
		}
		for _, p := range nn.AllParams(m) {
			if int64(len(p.Data)) != p.Size() {
				t.Fatalf("%s: %d values after a successful load, want %d", p.Key, len(p.Data), p.Size())
			}
		}
	})
}
