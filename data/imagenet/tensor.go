package imagenet

import (
	"math"
	"sort"

	"github.com/cnnbook/cnnbook/nn"
)

// The normalisation of torchvision's ImageNet weights
// (transforms/_presets.py, ImageClassification).
var (
	Mean = [3]float32{0.485, 0.456, 0.406}
	Std  = [3]float32{0.229, 0.224, 0.225}
)

// The sizes of the evaluation transform: Resize(256), CenterCrop(224).
const (
	ResizeSize = 256
	CropSize   = 224
)

// Normalize turns an RGB image into a (1, 3, H, W) tensor as torchvision's
// ToTensor + Normalize, in float32 arithmetic:
//
//	t[0, c, y, x] = (u/255 − Mean[c]) / Std[c],  u = channel c of pixel (x, y)
func Normalize(img *RGB) *nn.Tensor {
	t := nn.NewTensor(1, 3, img.H, img.W)
	plane := img.W * img.H
	for i := range plane {
		for c := range 3 {
			u := float32(img.Pix[3*i+c])
			t.Data[c*plane+i] = (u/255 - Mean[c]) / Std[c]
		}
	}
	return t
}

// Transform is torchvision's evaluation transform of an RGB image:
// Resize(256), CenterCrop(224), ToTensor, Normalize. The resize computes
// only the pixels the crop keeps (ResizeCrop), so a long thin image costs
// no more than a square one.
func Transform(img *RGB) *nn.Tensor {
	w, h := ShorterSide(img.W, img.H, ResizeSize)
	return Normalize(ResizeCrop(img, w, h, CropSize, CropSize))
}

// Prediction is one row of a top-k list.
type Prediction struct {
	Class int     // 0 … 999
	Name  string  // Class(Class)
	Prob  float64 // softmax probability
}

// Top returns the k most probable classes of one sample's logits, most
// probable first (ties: lower index first). Probabilities are the softmax
// of the logits, computed in float64 with the maximum subtracted.
func Top(logits []float32, k int) []Prediction {
	m := math.Inf(-1)
	for _, v := range logits {
		m = max(m, float64(v))
	}
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v) - m)
	}
	idx := make([]int, len(logits))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return logits[idx[a]] > logits[idx[b]] })
	k = min(k, len(idx))
	out := make([]Prediction, k)
	for r := range k {
		i := idx[r]
		out[r] = Prediction{Class: i, Name: Class(i), Prob: math.Exp(float64(logits[i])-m) / sum}
	}
	return out
}
