package weights

import (
	"math"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// The hash weights are a pure function of (key, element index), computed
// with integer arithmetic and one or two correctly rounded float64
// operations, so that a Python script (numpy uint64) and Go produce the
// same float32 bits for every element of every tensor. They let a test
// compare our logits with torchvision's for networks of hundreds of
// megabytes while committing neither side's weights.
//
// For the tensor named key and its element i (row-major, from 0):
//
//	s   = FNV-1a-64(key)                  offset 0xcbf29ce484222325, prime 0x100000001b3, over the UTF-8 bytes
//	x   = s + (i+1)·0x9E3779B97F4A7C15    mod 2⁶⁴: the (i+1)-th state of SplitMix64 seeded with s
//	x   = (x ⊕ x≫30)·0xBF58476D1CE4E5B9   mod 2⁶⁴
//	x   = (x ⊕ x≫27)·0x94D049BB133111EB   mod 2⁶⁴
//	z   = x ⊕ x≫31                        (SplitMix64's output, Steele et al. 2014)
//	u   = z ≫ 40                          a 24-bit integer
//	t   = (2u + 1 − 2²⁴) / 2²⁴            an odd multiple of 2⁻²⁴ in (−1, 1), exact in float64
//	v   = float32(mid + half·t)           mid = (lo+hi)/2, half = (hi−lo)/2
//
// With the ranges below, half·t is either exact (BatchNorm ranges, dyadic
// halves) or the one rounding of a product (weights), and mid + half·t is
// exact or adds zero: fused multiply-add gives the same bits.
//
// The range [lo, hi] of a tensor depends on its key and shape only, chosen
// so that random deep networks neither explode nor vanish:
//
//	*.running_var                    [0.5, 2]
//	*.running_mean                   [−0.25, 0.25]
//	*.weight of one dimension        [0.5, 1.5]      BatchNorm γ
//	*.bias beside a 1-D weight       [−0.25, 0.25]   BatchNorm β
//	*.weight of ≥ 2 dimensions       ±√(6/fan_in)    He-uniform: keeps ReLU activations' scale
//	  times the tensor's HashScale   ±¼·√(6/fan_in)  a residual block's later convolutions
//	  (¼ where the builder set it)
//	*.bias beside a ≥ 2-D weight     ±1/√fan_in      PyTorch's default bias bound
//	anything else                    [−1, 1]
//
// where fan_in = shape[1]·shape[2]·… of the weight (PyTorch's
// _calculate_fan_in_and_fan_out). Every BatchNorm statistic is randomised,
// so a test cannot pass by ignoring running_mean or running_var; the issue
// fixes the range of running_var only ([0.5, 2]), the others are ours.
//
// The quarter bound is for residual towers. In eval mode BatchNorm divides
// by its stored statistics, not the activations' own, so nothing
// renormalises the sum of shortcut and branch: with He-uniform everywhere a
// block's branch is as large as its input, the sum grows ≈ 1.4× per block,
// and ResNet-152's logits reached 3·10⁸ at 64×64. At that size every
// additive term past the first few blocks is below the test's tolerance
// (1e−4 of the largest logit): a ResNet-34 or -50 that ignored its
// classifier's bias (±1/√512, ±1/√2048) passed, and so did a ResNet-101 or
// -152 that ignored the running mean or β of any BatchNorm in its later
// half. Scaling the block's convolutions after its first by ¼ (the
// builders mark them with nn.LaterInBranch: conv2 of a basic or
// pre-activation block and of its plain twin, conv2 and conv3 of a
// bottleneck, in ResNeXt and Wide ResNet too; torchvision names them
// layerN.M.conv2, conv3; the stem, the shortcut projections and every
// other model keep He-uniform) makes a branch add ≈ ¼ (BasicBlock) or 1/16
// (Bottleneck) of its input, in the spirit of torchvision's
// zero_init_residual (which zeroes the branch's last BatchNorm γ), and
// leaves every torchvision model's logits of order 10.
//
// What this gives at 64×64 (interop/testdata/gen.py prints it): largest
// logits AlexNet 13, VGG 7–21, GoogLeNet 7, ResNet (and ResNeXt, Wide
// ResNet) 9–20, densenet121–201 3–4; the two inputs' logits differ by 4.6 %
// (densenet169) to 20 % (ResNet-18) of their size;
// a model that ignored its classifier's bias would miss by 7× the tolerance
// (VGG-11) to 84× (the densenets). interop's golden test checks that, and that
// other deliberate mistakes fail by at least 10× (a BatchNorm ε of 1e−3
// for 1e−5 or the reverse, a deep BatchNorm's mean or β ignored, the
// bottleneck stride on the wrong convolution).

// HashSeed is FNV-1a (64-bit) of the key's bytes.
func HashSeed(key string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 0x100000001b3
	}
	return h
}

// HashBits is the 24-bit integer u of element i of the tensor whose
// HashSeed is seed.
func HashBits(seed uint64, i int64) uint32 {
	x := seed + uint64(i+1)*0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	x ^= x >> 31
	return uint32(x >> 40)
}

// HashFill sets dst[i] to the hash value of element i of key in [lo, hi].
func HashFill(dst []float32, key string, lo, hi float64) {
	seed := HashSeed(key)
	for i := range dst {
		dst[i] = HashValue(seed, int64(i), lo, hi)
	}
}

// HashValue is the hash value of element i of the tensor whose HashSeed
// is seed, in [lo, hi]: float32(mid + half·t).
func HashValue(seed uint64, i int64, lo, hi float64) float32 {
	mid, half := (lo+hi)/2, (hi-lo)/2
	t := float64(2*int64(HashBits(seed, i))+1-(1<<24)) / (1 << 24)
	return float32(mid + float64(half*t)) // float64(): no fusion into an FMA
}

// HashRange is the range of the hash values of the tensor named key of
// the given shape; weightShape is the shape of the sibling "weight" tensor
// (same prefix), nil if there is none; scale is the tensor's
// nn.Param.HashScale (0 or 1: none), which its model's builder sets. Which
// tensors are scaled is the builder's knowledge, not read from key names
// (interop/testdata/gen.py, which has only torchvision's keys, recognises
// them by name; interop's golden test checks that the two agree).
func HashRange(key string, shape, weightShape []int, scale float64) (lo, hi float64) {
	name := key[strings.LastIndex(key, ".")+1:]
	switch {
	case name == "running_var":
		return 0.5, 2
	case name == "running_mean":
		return -0.25, 0.25
	case name == "weight" && len(shape) == 1:
		return 0.5, 1.5
	case name == "weight" && len(shape) >= 2:
		a := math.Sqrt(6 / float64(fanIn(shape)))
		if scale != 0 {
			a *= scale // ¼: exact, a power of two
		}
		return -a, a
	case name == "bias" && len(weightShape) == 1:
		return -0.25, 0.25
	case name == "bias" && len(weightShape) >= 2:
		b := 1 / math.Sqrt(float64(fanIn(weightShape)))
		return -b, b
	}
	return -1, 1
}

// fanIn is PyTorch's fan_in of a weight: shape[1]·prod(shape[2:]).
func fanIn(shape []int) int {
	n := shape[1]
	for _, d := range shape[2:] {
		n *= d
	}
	return max(n, 1)
}

// Hash allocates every tensor of m (Data only; no gradients) and fills it
// with its hash values.
func Hash(m nn.Module) {
	ps := nn.AllParams(m)
	shapes := make(map[string][]int, len(ps))
	for _, p := range ps {
		shapes[p.Key] = p.Shape
	}
	for _, p := range ps {
		prefix := p.Key[:strings.LastIndex(p.Key, ".")+1]
		lo, hi := HashRange(p.Key, p.Shape, shapes[prefix+"weight"], p.HashScale)
		if int64(len(p.Data)) != p.Size() {
			p.Data = make([]float32, p.Size())
		}
		HashFill(p.Data, p.Key, lo, hi)
	}
}
