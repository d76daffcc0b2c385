package interop_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// entry is one tensor of torchvision's state_dict (testdata/keys.json).
type entry struct {
	Key   string
	DType string
	Shape []int
}

func (e *entry) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || len(raw) != 3 {
		return fmt.Errorf("keys.json: want [key, dtype, shape], got %s", b)
	}
	if err := json.Unmarshal(raw[0], &e.Key); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[1], &e.DType); err != nil {
		return err
	}
	return json.Unmarshal(raw[2], &e.Shape)
}

// hashFile is the safetensors file that torchvision's state_dict, filled
// by gen.py's hash, would be when saved — computed on demand, so that a
// 550 MB VGG file costs neither memory nor disk. Its ReadAt serves the
// header from memory and every data byte from weights.HashBits.
type hashFile struct {
	header []byte // the 8-byte length and the JSON header
	spans  []span
	size   int64
}

type span struct {
	begin, end int64 // in the file
	seed       uint64
	lo, hi     float64
	i64        bool // num_batches_tracked: zeros
}

// genLaterBlockConv is gen.py's LATER_BLOCK_CONV: torchvision's side has
// only key names, so it recognises a residual block's later convolutions
// by them (BasicBlock's conv2; Bottleneck's conv2 and conv3, in ResNeXt and
// Wide ResNet too), where our builders mark them (nn.LaterInBranch). The
// golden logits agree only if the two choose the same tensors.
var genLaterBlockConv = regexp.MustCompile(`^layer[0-9]+\.[0-9]+\.conv[2-9]\.weight$`)

func newHashFile(entries []entry) *hashFile {
	shapes := map[string][]int{}
	for _, e := range entries {
		shapes[e.Key] = e.Shape
	}
	type hdr struct {
		DType       string   `json:"dtype"`
		Shape       []int    `json:"shape"`
		DataOffsets [2]int64 `json:"data_offsets"`
	}
	h := map[string]hdr{}
	var spans []span
	var at int64
	for _, e := range entries {
		size := int64(4)
		if e.DType == "I64" {
			size = 8
		}
		n := nn.Shape(e.Shape).Elems() * size
		h[e.Key] = hdr{e.DType, e.Shape, [2]int64{at, at + n}}
		prefix := e.Key[:strings.LastIndex(e.Key, ".")+1]
		scale := 0.0
		if genLaterBlockConv.MatchString(e.Key) {
			scale = nn.ResidualBranchScale
		}
		lo, hi := weights.HashRange(e.Key, e.Shape, shapes[prefix+"weight"], scale)
		spans = append(spans, span{begin: at, end: at + n, seed: weights.HashSeed(e.Key),
			lo: lo, hi: hi, i64: e.DType == "I64"})
		at += n
	}
	js, err := json.Marshal(h)
	if err != nil {
		panic(err)
	}
	for len(js)%8 != 0 {
		js = append(js, ' ')
	}
	f := &hashFile{header: append(binary.LittleEndian.AppendUint64(nil, uint64(len(js))), js...)}
	base := int64(len(f.header))
	for i := range spans {
		spans[i].begin += base
		spans[i].end += base
	}
	f.spans, f.size = spans, base+at
	return f
}

// ReadAt fills p with the file's bytes at off.
func (f *hashFile) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		at := off + int64(n)
		if at >= f.size {
			return n, io.EOF
		}
		if at < int64(len(f.header)) {
			n += copy(p[n:], f.header[at:])
			continue
		}
		s := f.find(at)
		if s.i64 {
			for ; n < len(p) && off+int64(n) < s.end; n++ {
				p[n] = 0
			}
			continue
		}
		// element i of the tensor covers file bytes [begin+4i, begin+4i+4)
		rel := off + int64(n) - s.begin
		if rel%4 == 0 { // the aligned bulk: whole elements straight into p
			i, end := rel/4, min(int64(len(p)-n)/4, (s.end-s.begin)/4-rel/4)
			fill(p[n:n+int(4*end)], s, i)
			n += int(4 * end)
			if end > 0 {
				continue
			}
		}
		var b [4]byte // a partial element
		v := weights.HashValue(s.seed, rel/4, s.lo, s.hi)
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		n += copy(p[n:], b[rel%4:])
	}
	return n, nil
}

// fill writes the hash values of elements i, i+1, … of s into b, on two
// goroutines when there is enough work.
func fill(b []byte, s span, i int64) {
	work := func(b []byte, i int64) {
		for j := 0; j+4 <= len(b); j += 4 {
			binary.LittleEndian.PutUint32(b[j:], math.Float32bits(weights.HashValue(s.seed, i+int64(j/4), s.lo, s.hi)))
		}
	}
	if len(b) < 1<<16 {
		work(b, i)
		return
	}
	h := len(b) / 8 * 4 // half, element-aligned
	var wg sync.WaitGroup
	wg.Go(func() { work(b[:h], i) })
	work(b[h:], i+int64(h/4))
	wg.Wait()
}

func (f *hashFile) find(at int64) span {
	lo, hi := 0, len(f.spans)
	for lo < hi { // first span with end > at
		m := (lo + hi) / 2
		if f.spans[m].end > at {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return f.spans[lo]
}
