package experiments

import (
	"fmt"
	"math"
	"slices"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// The rectified layers whose maps the experiment reads, and the layer
// whose output is the top-layer feature vector (the classifier's input).
var (
	visLayers = []string{"relu1", "relu2", "relu3", "relu4"}
	visTop    = "pool4"
)

// analyse measures the trained net m: filters, top activations and their
// projections, settling, invariance and occlusion.
func analyse(m *nn.Model, run *results.Run, snaps *snapshots, sz visualiseSize) (*results.Visualise, error) {
	test, err := mnist.Load(mnist.Test)
	if err != nil {
		return nil, err
	}
	net := m.Net.(*nn.Sequential)
	v := &results.Visualise{Model: run.Model, Seed: run.Seed, Run: *run}
	v.Settling = settling(snaps, len(run.Epochs))

	c1 := net.Layers[0].(*nn.Conv2D)
	v.FilterSize = c1.KH
	k := c1.In * c1.KH * c1.KW
	for o := 0; o < c1.Out; o++ {
		v.Filters = append(v.Filters, slices.Clone(c1.Weight.Data[o*k:(o+1)*k]))
	}

	if v.Top, err = topActivations(net, test, sz); err != nil {
		return nil, err
	}
	for i := 0; i < sz.invImages; i++ {
		for _, kind := range []string{"shift", "rotation", "scale"} {
			amounts := map[string][]float64{"shift": sz.shifts, "rotation": sz.angles, "scale": sz.scales}[kind]
			inv, err := invariance(net, test, i, kind, amounts)
			if err != nil {
				return nil, err
			}
			v.Invariance = append(v.Invariance, inv)
		}
	}
	for i := 0; i < sz.occImages; i++ {
		o, err := occlusion(net, test, i, sz.square, sz.stride)
		if err != nil {
			return nil, err
		}
		v.Occlusion = append(v.Occlusion, o)
	}
	return v, nil
}

var visFormat = mnist.Format{Pad: 0, Scaling: mnist.Standard}

// layerIndex finds a layer of net by name.
func layerIndex(net *nn.Sequential, name string) (int, error) {
	for k, l := range net.Layers {
		if l.Name() == name {
			return k, nil
		}
	}
	return 0, fmt.Errorf("visualise: no layer %q in %s", name, net.Name())
}

// forwardAll runs x through net in evaluation mode and returns the output
// of every layer.
func forwardAll(net *nn.Sequential, x *nn.Tensor) ([]*nn.Tensor, error) {
	if _, err := nn.Analyze(net, x.Sample()); err != nil {
		return nil, err
	}
	outs := make([]*nn.Tensor, len(net.Layers))
	y := x
	for k, l := range net.Layers {
		y = l.Forward(nn.Eval, y)
		outs[k] = y
	}
	return outs, nil
}

// receptiveBox is the input rows (or columns) a..b, inclusive, that unit
// i of layer stop's output sees, before clipping: each conv or pool with
// kernel k, stride s and padding p maps outputs a..b to inputs
// a·s − p … b·s − p + k − 1.
func receptiveBox(net *nn.Sequential, stop, i int) (int, int) {
	a, b := i, i
	for k := stop; k >= 0; k-- {
		var w nn.Window2D
		switch l := net.Layers[k].(type) {
		case *nn.Conv2D:
			w = l.Window2D
		case *nn.MaxPool2D:
			w = l.Window2D
		default:
			continue
		}
		a, b = a*w.SH-w.PH, b*w.SH-w.PH+(w.KH-1)*w.DH
	}
	return a, b
}

type hit struct {
	img, i, j int
	act       float32
}

// topActivations finds, for every map of every layer of visLayers, the
// images whose strongest unit in that map is strongest (one per image),
// keeps the sz.maps maps whose sz.top-th activation is largest, and
// projects each hit back to the input with the deconvnet (zfnet.Project).
func topActivations(net *nn.Sequential, test *mnist.Set, sz visualiseSize) ([]results.TopLayer, error) {
	idx := make([]int, len(visLayers))
	for l, name := range visLayers {
		k, err := layerIndex(net, name)
		if err != nil {
			return nil, err
		}
		idx[l] = k
	}
	best := make([][][]hit, len(visLayers)) // layer → map → hits, strongest first
	for _, b := range mnist.Batches(mnist.Range(0, min(sz.topImages, test.N)), 500) {
		x, _ := test.BatchFormat(b, visFormat)
		outs, err := forwardAll(net, x)
		if err != nil {
			return nil, err
		}
		for l, k := range idx {
			y := outs[k]
			c, h, w := y.Shape[1], y.Shape[2], y.Shape[3]
			if best[l] == nil {
				best[l] = make([][]hit, c)
			}
			for n := range b {
				for ch := 0; ch < c; ch++ {
					plane := y.Data[(n*c+ch)*h*w : (n*c+ch+1)*h*w]
					arg := 0
					for p, a := range plane {
						if a > plane[arg] {
							arg = p
						}
					}
					best[l][ch] = insertTop(best[l][ch], hit{b[n], arg / w, arg % w, plane[arg]}, sz.top)
				}
			}
		}
	}
	var out []results.TopLayer
	for l, name := range visLayers {
		maps := best[l]
		order := make([]int, len(maps))
		for i := range order {
			order[i] = i
		}
		// The maps whose weakest kept hit is strongest: maps that respond
		// strongly on many images, not a dead map's zeros.
		kth := func(ch int) float32 {
			if h := maps[ch]; len(h) > 0 {
				return h[len(h)-1].act
			}
			return 0
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch ka, kb := kth(a), kth(b); {
			case ka > kb:
				return -1
			case ka < kb:
				return 1
			}
			return 0
		})
		lo, hi := receptiveBox(net, idx[l], 0)
		tl := results.TopLayer{Layer: name, Maps: len(maps), RF: hi - lo + 1}
		for _, ch := range order[:min(sz.maps, len(order))] {
			tm := results.TopMaps{Map: ch}
			for _, h := range maps[ch] {
				r, err := project(net, test, name, idx[l], ch, h)
				if err != nil {
					return nil, err
				}
				tm.Hit = append(tm.Hit, r)
			}
			tl.Top = append(tl.Top, tm)
		}
		out = append(out, tl)
	}
	return out, nil
}

// insertTop keeps the n strongest hits, strongest first (an earlier image
// first on a tie).
func insertTop(hs []hit, h hit, n int) []hit {
	at := len(hs)
	for at > 0 && hs[at-1].act < h.act {
		at--
	}
	if at >= n {
		return hs
	}
	hs = slices.Insert(hs, at, h)
	if len(hs) > n {
		hs = hs[:n]
	}
	return hs
}

// project runs the deconvnet from one hit and crops the projection and
// the input to the unit's receptive field.
func project(net *nn.Sequential, test *mnist.Set, layer string, stop, ch int, h hit) (results.Hit, error) {
	x, labels := test.BatchFormat([]int{h.img}, visFormat)
	p, err := zfnet.Project(net, x, layer, ch, h.i, h.j)
	if err != nil {
		return results.Hit{}, err
	}
	y0, y1 := receptiveBox(net, stop, h.i)
	x0, x1 := receptiveBox(net, stop, h.j)
	y0, x0 = max(y0, 0), max(x0, 0)
	y1, x1 = min(y1+1, mnist.Rows), min(x1+1, mnist.Cols)
	r := results.Hit{Image: h.img, Label: labels[0], Act: float64(h.act), I: h.i, J: h.j, Y0: y0, X0: x0, Y1: y1, X1: x1}
	var m float32
	for _, v := range p.Data {
		m = max(m, float32(math.Abs(float64(v))))
	}
	img := test.Image(h.img)
	for row := y0; row < y1; row++ {
		for col := x0; col < x1; col++ {
			r.Patch = append(r.Patch, img[row*mnist.Cols+col])
			q := 128.0
			if m > 0 {
				q = 128 + 127*float64(p.Data[row*mnist.Cols+col]/m)
			}
			r.Proj = append(r.Proj, byte(math.Round(min(max(q, 0), 255))))
		}
	}
	return r, nil
}

// transform resamples a 28×28 image (values 0 … 1) bilinearly under a
// transformation about its centre: "shift" moves it down by a pixels,
// "rotation" turns it by a degrees anticlockwise, "scale" magnifies it a
// times. Outside the image is background (0).
func transform(img []float32, kind string, a float64) []float32 {
	const n = mnist.Rows
	c := float64(n-1) / 2
	out := make([]float32, n*n)
	sin, cos := math.Sincos(a * math.Pi / 180)
	for r := 0; r < n; r++ {
		for q := 0; q < n; q++ {
			// The source point (sy, sx) of output pixel (r, q).
			y, x := float64(r)-c, float64(q)-c
			var sy, sx float64
			switch kind {
			case "shift":
				sy, sx = y-a, x
			case "rotation":
				sy, sx = cos*y-sin*x, sin*y+cos*x
			case "scale":
				sy, sx = y/a, x/a
			}
			sy, sx = sy+c, sx+c
			y0, x0 := math.Floor(sy), math.Floor(sx)
			fy, fx := sy-y0, sx-x0
			at := func(yy, xx float64) float64 {
				if yy < 0 || xx < 0 || yy >= n || xx >= n {
					return 0
				}
				return float64(img[int(yy)*n+int(xx)])
			}
			v := (1-fy)*((1-fx)*at(y0, x0)+fx*at(y0, x0+1)) + fy*((1-fx)*at(y0+1, x0)+fx*at(y0+1, x0+1))
			out[r*n+q] = float32(v)
		}
	}
	return out
}

// standardise maps [0, 1] pixels to the net's input (visFormat).
func standardise(px []float32) []float32 {
	out := make([]float32, len(px))
	for i, v := range px {
		out[i] = (v - mnist.Mean) / mnist.Std
	}
	return out
}

func unitImage(test *mnist.Set, i int) []float32 {
	px := make([]float32, mnist.Rows*mnist.Cols)
	for j, u := range test.Image(i) {
		px[j] = float32(u) / 255
	}
	return px
}

// softmax of row n of logits (N, K).
func softmaxRow(logits *nn.Tensor, n int) []float64 {
	k := logits.Shape[1]
	row := logits.Data[n*k : (n+1)*k]
	m := math.Inf(-1)
	for _, v := range row {
		m = max(m, float64(v))
	}
	p := make([]float64, k)
	var s float64
	for j, v := range row {
		p[j] = math.Exp(float64(v) - m)
		s += p[j]
	}
	for j := range p {
		p[j] /= s
	}
	return p
}

func argmax(p []float64) int {
	best := 0
	for j, v := range p {
		if v > p[best] {
			best = j
		}
	}
	return best
}

// invariance transforms test image i by each amount (amount 0, or 1 for
// scale, is the image itself) and compares the features and output with
// the untransformed image's (ZFNet Fig. 5).
func invariance(net *nn.Sequential, test *mnist.Set, i int, kind string, amounts []float64) (results.Invariance, error) {
	low, err := layerIndex(net, visLayers[0])
	if err != nil {
		return results.Invariance{}, err
	}
	high, err := layerIndex(net, visTop)
	if err != nil {
		return results.Invariance{}, err
	}
	img := unitImage(test, i)
	const n = mnist.Rows * mnist.Cols
	x := nn.NewTensor(len(amounts)+1, 1, mnist.Rows, mnist.Cols)
	copy(x.Data, standardise(img))
	for a, amt := range amounts {
		copy(x.Data[(a+1)*n:], standardise(transform(img, kind, amt)))
	}
	outs, err := forwardAll(net, x)
	if err != nil {
		return results.Invariance{}, err
	}
	label := int(test.Labels[i])
	inv := results.Invariance{Image: i, Label: label, Kind: kind, Amount: amounts}
	rel := func(y *nn.Tensor, a int) float64 {
		k := len(y.Data) / y.Shape[0]
		ref, got := y.Data[:k], y.Data[(a+1)*k:(a+2)*k]
		var d, r float64
		for j := range ref {
			e := float64(got[j]) - float64(ref[j])
			d += e * e
			r += float64(ref[j]) * float64(ref[j])
		}
		return math.Sqrt(d / r)
	}
	logits := outs[len(outs)-1]
	for a := range amounts {
		inv.Low = append(inv.Low, rel(outs[low], a))
		inv.High = append(inv.High, rel(outs[high], a))
		p := softmaxRow(logits, a+1)
		inv.Prob = append(inv.Prob, p[label])
		inv.Pred = append(inv.Pred, argmax(p))
	}
	return inv, nil
}

// occlusion slides a square of the training set's mean pixel (0 after
// standardisation: ZFNet's "grey square", the mean of its inputs) over
// test image i (ZFNet Fig. 7).
func occlusion(net *nn.Sequential, test *mnist.Set, i, square, stride int) (results.Occlusion, error) {
	top, err := layerIndex(net, visLayers[len(visLayers)-1])
	if err != nil {
		return results.Occlusion{}, err
	}
	const side = mnist.Rows
	pos := (side-square)/stride + 1
	img := standardise(unitImage(test, i))
	x := nn.NewTensor(pos*pos+1, 1, side, side)
	copy(x.Data, img)
	for p := 0; p < pos*pos; p++ {
		d := x.Data[(p+1)*side*side : (p+2)*side*side]
		copy(d, img)
		r0, c0 := (p/pos)*stride, (p%pos)*stride
		for r := r0; r < r0+square; r++ {
			for c := c0; c < c0+square; c++ {
				d[r*side+c] = 0
			}
		}
	}
	outs, err := forwardAll(net, x)
	if err != nil {
		return results.Occlusion{}, err
	}
	label := int(test.Labels[i])
	o := results.Occlusion{Image: i, Label: label, Square: square, Stride: stride, Side: pos, Pixels: slices.Clone(test.Image(i))}
	y := outs[top]
	c, hw := y.Shape[1], y.Shape[2]*y.Shape[3]
	sum := func(n, ch int) float64 {
		var s float64
		for _, v := range y.Data[(n*c+ch)*hw : (n*c+ch+1)*hw] {
			s += float64(v)
		}
		return s
	}
	for ch := 0; ch < c; ch++ {
		if sum(0, ch) > sum(0, o.Map) {
			o.Map = ch
		}
	}
	logits := outs[len(outs)-1]
	o.Base, o.BaseMap = softmaxRow(logits, 0)[label], sum(0, o.Map)
	for p := 0; p < pos*pos; p++ {
		pr := softmaxRow(logits, p+1)
		o.Prob = append(o.Prob, pr[label])
		o.Pred = append(o.Pred, argmax(pr))
		o.MapAct = append(o.MapAct, sum(p+1, o.Map))
	}
	return o, nil
}
