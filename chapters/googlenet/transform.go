package googlenet

import "github.com/cnnbook/cnnbook/nn"

// TransformInput is torchvision's GoogLeNet._transform_input as a leaf
// layer. torchvision's ImageNet pipeline normalises each channel with
// mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225); the weights
// ported from the original GoogLeNet expect (v − 0.5)/0.5 of the raw value
// v ∈ [0, 1] instead. With x = (v − mean)/std, v = x·std + mean, so
//
//	y_c = (v − 0.5)/0.5 = x_c·(std_c/0.5) + (mean_c − 0.5)/0.5
//
// torchvision sets transform_input=True when it loads those weights.
//
//	x: (N, 3, H, W) → y: (N, 3, H, W)
type TransformInput struct {
	nn.Base
	Scale, Shift [3]float32 // per channel: std_c/0.5 and (mean_c − 0.5)/0.5
}

// torchvision ImageNet normalisation (transforms.Normalize in its presets).
var (
	imagenetMean = [3]float64{0.485, 0.456, 0.406}
	imagenetStd  = [3]float64{0.229, 0.224, 0.225}
)

// NewTransformInput declares the transform with torchvision's constants.
func NewTransformInput(name string) *TransformInput {
	l := &TransformInput{Base: nn.Base{ModuleName: name}}
	for c := range 3 {
		l.Scale[c] = float32(imagenetStd[c] / 0.5)
		l.Shift[c] = float32((imagenetMean[c] - 0.5) / 0.5)
	}
	return l
}

// Analyze: a pointwise layer on 3 channels, no parameters.
func (l *TransformInput) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	if len(in.Shape) != 3 || in.Shape[0] != 3 {
		return nn.Flow{}, a.Errorf("expects a 3×H×W image, got %v", in.Shape)
	}
	return a.Leaf(l, in, nn.LeafInfo{Type: "TransformInput", Out: in.Shape}), nil
}

// Forward: y[n,c,h,w] = x[n,c,h,w]·Scale[c] + Shift[c].
func (l *TransformInput) Forward(c *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	if len(x.Shape) != 4 || x.Shape[1] != 3 {
		panic(nn.ShapeErrorf("googlenet", l.Name(), "want (N, 3, H, W), got %v", x.Shape))
	}
	y := nn.ZerosLike(x)
	plane := x.Shape[2] * x.Shape[3]
	for i := 0; i < x.Shape[0]*3; i++ {
		ch := i % 3
		s, b := l.Scale[ch], l.Shift[ch]
		xs, ys := x.Data[i*plane:(i+1)*plane], y.Data[i*plane:(i+1)*plane]
		for j, v := range xs {
			ys[j] = v*s + b
		}
	}
	return y
}

// Backward: dx[n,c,h,w] = dy[n,c,h,w]·Scale[c] (no parameters).
func (l *TransformInput) Backward(dy *nn.Tensor) *nn.Tensor {
	dx := nn.ZerosLike(dy)
	plane := dy.Shape[2] * dy.Shape[3]
	for i := 0; i < dy.Shape[0]*3; i++ {
		s := l.Scale[i%3]
		ds, xs := dy.Data[i*plane:(i+1)*plane], dx.Data[i*plane:(i+1)*plane]
		for j, v := range ds {
			xs[j] = v * s
		}
	}
	return dx
}
