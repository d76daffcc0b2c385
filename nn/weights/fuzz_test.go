package weights

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// FuzzLoad: whatever the file, loading it into a model returns (all
// tensors filled, or an error) without panicking; on error nothing of the
// model is allocated. The fuzzer mutates the JSON header and the data
// buffer separately (the file is their framing: 8-byte length, header,
// data), so that it explores wrong names, dtypes, shapes and offsets
// rather than mostly breaking the length prefix.
func FuzzLoad(f *testing.F) {
	split := func(file []byte) ([]byte, []byte) {
		n := binary.LittleEndian.Uint64(file)
		return file[8 : 8+n], file[8+n:]
	}
	a := tiny()
	Hash(a)
	ts, _ := Tensors(a)
	var good bytes.Buffer
	safetensors.Write(&good, ts, nil)
	h, d := split(good.Bytes())
	f.Add(h, d)
	var bad bytes.Buffer
	ts[0].Shape = []int{ts[0].Shape[0] * ts[0].Shape[1], ts[0].Shape[2], ts[0].Shape[3]} // misshapen, same size
	safetensors.Write(&bad, ts, nil)
	bh, bd := split(bad.Bytes())
	f.Add(bh, bd)
	f.Add(h, d[:len(d)-3]) // truncated
	f.Fuzz(func(t *testing.T, header, data []byte) {
		file := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
		file = append(append(file, header...), data...)
		sf, err := safetensors.NewReader(bytes.NewReader(file), int64(len(file)))
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
