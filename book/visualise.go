package book

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/cnnbook/cnnbook/results"
)

// The figures of `book experiment visualise` (ZFNet §3.2 on MNIST), drawn
// from results/visualise/visualise.json: curves by gonum/plot (SVG, in
// figures), image grids as PNG (imageFigures). The book never trains and
// never runs the net: every pixel was computed by the experiment.

func init() {
	figures = append(figures,
		figure{"zfnet-settling", "ZFNet-style net on MNIST: how far each layer's weights are from their final values", 7 * vg.Inch, 4 * vg.Inch, 0, drawSettling},
		figure{"zfnet-invariance-shift", "Invariance to vertical shifts (ZFNet Fig. 5 on MNIST)", 7 * vg.Inch, 3.6 * vg.Inch, 0, drawInvariance("shift")},
		figure{"zfnet-invariance-scale", "Invariance to scaling (ZFNet Fig. 5 on MNIST)", 7 * vg.Inch, 3.6 * vg.Inch, 0, drawInvariance("scale")},
		figure{"zfnet-invariance-rotation", "Invariance to rotation (ZFNet Fig. 5 on MNIST)", 7 * vg.Inch, 3.6 * vg.Inch, 0, drawInvariance("rotation")},
	)
}

// imageFigure is a figure that is a picture (a PNG), not a plot.
type imageFigure struct {
	Name, Title string
	Draw        func() (image.Image, string, error)
}

var imageFigures = []imageFigure{
	{"zfnet-filters", "The first layer's filters after training", drawFilters},
	{"zfnet-deconv", "Top activations projected back to pixels, beside the patches that caused them (ZFNet Fig. 2 on MNIST)", drawDeconv},
	{"zfnet-occlusion", "Occlusion: the true class's probability as a grey square slides over the digit (ZFNet Fig. 7 on MNIST)", drawOcclusion},
}

func imageFigureByName(name string) (imageFigure, bool) {
	for _, f := range imageFigures {
		if f.Name == name {
			return f, true
		}
	}
	return imageFigure{}, false
}

// drawnImage is an image figure rendered during this build.
type drawnImage struct {
	png     []byte
	w, h    int
	caption string
}

func (b *builder) imageFigure(f imageFigure) (*drawnImage, error) {
	if d, ok := b.drawnImages[f.Name]; ok {
		return d, nil
	}
	img, caption, err := f.Draw()
	if err != nil {
		return nil, fmt.Errorf("figure %s: %v", f.Name, err)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("figure %s: %v", f.Name, err)
	}
	d := &drawnImage{buf.Bytes(), img.Bounds().Dx(), img.Bounds().Dy(), caption}
	if b.drawnImages == nil {
		b.drawnImages = map[string]*drawnImage{}
	}
	b.drawnImages[f.Name] = d
	return d, nil
}

func (b *builder) imageFigureHTML(pg *pageState, f imageFigure) (string, error) {
	d, err := b.imageFigure(f)
	if err != nil {
		return "", err
	}
	id := "figure-" + f.Name
	if err := pg.claim(id); err != nil {
		return "", err
	}
	pg.figures = append(pg.figures, f.Name)
	return fmt.Sprintf(`<figure class="picture" id="%s"><div class="pscroll"><img src="figures/%s.png" alt="%s" width="%d" height="%d"></div>`+
		`<figcaption><a class="anchor" href="#%s">%s.</a> %s</figcaption></figure>`+"\n",
		id, f.Name, html.EscapeString(f.Title), d.w, d.h, id, html.EscapeString(f.Title), html.EscapeString(d.caption)), nil
}

// addImageFigures puts every image figure into the site.
func (b *builder) addImageFigures(site *Site) error {
	for _, f := range imageFigures {
		d, err := b.imageFigure(f)
		if err != nil {
			return err
		}
		site.Figures[f.Name+".png"] = d.png
		site.Docs["figures/"+f.Name+".png"] = d.png
	}
	return nil
}

// whiteCanvas is a white RGBA image to draw grids on.
func whiteCanvas(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return img
}

// tile draws a h×w grid of values (through col), scaled by nearest
// neighbour so that its longer side is side pixels, centred in a
// side×side square at (x, y), with a thin grey frame.
func tile(dst *image.RGBA, x, y, side, h, w int, col func(r, c int) color.Color) {
	th, tw := side*h/max(h, w), side*w/max(h, w)
	ox, oy := x+(side-tw)/2, y+(side-th)/2
	frame := color.Gray{0xc8}
	for i := -1; i <= tw; i++ {
		dst.Set(ox+i, oy-1, frame)
		dst.Set(ox+i, oy+th, frame)
	}
	for i := -1; i <= th; i++ {
		dst.Set(ox-1, oy+i, frame)
		dst.Set(ox+tw, oy+i, frame)
	}
	for py := 0; py < th; py++ {
		for px := 0; px < tw; px++ {
			dst.Set(ox+px, oy+py, col(py*h/th, px*w/tw))
		}
	}
}

// label writes text at (x, y) (top-left), in basicfont's 7×13 face drawn
// at twice its size.
func label(dst *image.RGBA, x, y int, text string) {
	face := basicfont.Face7x13
	w := font.MeasureString(face, text).Ceil()
	small := image.NewRGBA(image.Rect(0, 0, w, 13))
	draw.Draw(small, small.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.NewUniform(color.Gray{0x30}), Face: face, Dot: fixed.P(0, 10)}
	d.DrawString(text)
	for r := 0; r < 13; r++ {
		for c := 0; c < w; c++ {
			v := small.At(c, r)
			draw.Draw(dst, image.Rect(x+2*c, y+2*r, x+2*c+2, y+2*r+2), image.NewUniform(v), image.Point{}, draw.Src)
		}
	}
}

// ink shows an MNIST pixel (0 paper … 255 ink) as dark ink on white.
func ink(u byte) color.Color { return color.Gray{255 - u} }

// signed shows a value mapped to 0 … 255 with 128 for zero as grey.
func signed(q byte) color.Color { return color.Gray{q} }

// heat is a sequential colour map for t in [0, 1]: dark blue (low)
// through teal and green to yellow (high), after viridis.
func heat(t float64) color.Color {
	stops := [][3]float64{{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}
	t = math.Min(math.Max(t, 0), 1) * float64(len(stops)-1)
	i := min(int(t), len(stops)-2)
	f := t - float64(i)
	var c [3]uint8
	for k := range c {
		c[k] = uint8(math.Round(stops[i][k]*(1-f) + stops[i+1][k]*f))
	}
	return color.RGBA{c[0], c[1], c[2], 255}
}

func drawFilters() (image.Image, string, error) {
	v, err := results.LoadVisualise()
	if err != nil {
		return nil, "", err
	}
	const side, gap, perRow = 64, 10, 8
	n := len(v.Filters)
	rows := (n + perRow - 1) / perRow
	img := whiteCanvas(perRow*(side+gap)+gap, rows*(side+gap)+gap)
	k := v.FilterSize
	for f, w := range v.Filters {
		var m float32
		for _, x := range w {
			m = max(m, float32(math.Abs(float64(x))))
		}
		tile(img, gap+(f%perRow)*(side+gap), gap+(f/perRow)*(side+gap), side, k, k, func(r, c int) color.Color {
			return color.Gray{uint8(math.Round(128 + 127*float64(w[r*k+c]/m)))}
		})
	}
	caption := fmt.Sprintf("From results/visualise/visualise.json (go run ./cmd/book experiment visualise): the %d filters of conv1, %d×%d each, after %d epochs; "+
		"each is stretched on its own so that its largest weight is black or white and zero is grey.", n, k, k, len(v.Run.Epochs))
	return img, caption, nil
}

func drawDeconv() (image.Image, string, error) {
	v, err := results.LoadVisualise()
	if err != nil {
		return nil, "", err
	}
	const side, gap, perRow = 44, 3, 3
	maxHits := 0
	for _, l := range v.Top {
		for _, m := range l.Top {
			maxHits = max(maxHits, len(m.Hit))
		}
	}
	g := int(math.Ceil(math.Sqrt(float64(maxHits)))) // hits per grid row
	grid := g*(side+gap) - gap
	block := 2*grid + 8 // projections, then patches
	width := perRow*block + (perRow-1)*24 + 20
	height := 10
	for _, l := range v.Top {
		height += 34 + ((len(l.Top)+perRow-1)/perRow)*(grid+14)
	}
	img := whiteCanvas(width, height)
	y := 10
	var rfs []string
	for _, l := range v.Top {
		label(img, 10, y, fmt.Sprintf("%s: %d of %d maps, receptive field %d px", l.Layer, len(l.Top), l.Maps, l.RF))
		rfs = append(rfs, fmt.Sprintf("%s %d", l.Layer, l.RF))
		y += 34
		for mi, m := range l.Top {
			x := 10 + (mi%perRow)*(block+24)
			yy := y + (mi/perRow)*(grid+14)
			for hi, h := range m.Hit {
				hh, ww := h.Y1-h.Y0, h.X1-h.X0
				tx, ty := x+(hi%g)*(side+gap), yy+(hi/g)*(side+gap)
				tile(img, tx, ty, side, hh, ww, func(r, c int) color.Color { return signed(h.Proj[r*ww+c]) })
				tile(img, tx+grid+8, ty, side, hh, ww, func(r, c int) color.Color { return ink(h.Patch[r*ww+c]) })
			}
		}
		y += ((len(l.Top) + perRow - 1) / perRow) * (grid + 14)
	}
	caption := fmt.Sprintf("From results/visualise/visualise.json. For each layer of the trained net, the %d maps whose %d-th strongest activation over the %s test images is largest; "+
		"for each map, left: the deconvnet's projection of each of its %d strongest activations (one per image; grey is zero, each projection stretched on its own), "+
		"right: the input patch under that unit's receptive field (clipped to the image; receptive fields %s px).",
		len(v.Top[0].Top), maxHits, fmt.Sprint(v.Run.TestImages), maxHits, strings.Join(rfs, ", "))
	return img, caption, nil
}

func drawOcclusion() (image.Image, string, error) {
	v, err := results.LoadVisualise()
	if err != nil {
		return nil, "", err
	}
	if len(v.Occlusion) == 0 {
		return nil, "", fmt.Errorf("no occlusion in results/visualise/visualise.json")
	}
	const side, gap = 144, 20 // 144: a whole number of pixels per cell of a 12×12 map
	img := whiteCanvas(4*(side+gap)+gap, 44+len(v.Occlusion)*(side+gap+26))
	label(img, gap, 10, "input")
	label(img, gap+(side+gap), 10, "p(true)")
	label(img, gap+2*(side+gap), 10, "relu4 map")
	label(img, gap+3*(side+gap), 10, "prediction")
	palette := []color.RGBA{{0xe6, 0x9f, 0x00, 255}, {0x56, 0xb4, 0xe9, 255}, {0x00, 0x9e, 0x73, 255}, {0xf0, 0xe4, 0x42, 255}, {0x00, 0x72, 0xb2, 255},
		{0xd5, 0x5e, 0x00, 255}, {0xcc, 0x79, 0xa7, 255}, {0x99, 0x99, 0x99, 255}, {0x33, 0x33, 0x33, 255}, {0xa6, 0x76, 0x1d, 255}}
	for k, o := range v.Occlusion {
		y := 44 + k*(side+gap+26)
		tile(img, gap, y, side, 28, 28, func(r, c int) color.Color { return ink(o.Pixels[r*28+c]) })
		tile(img, gap+(side+gap), y, side, o.Side, o.Side, func(r, c int) color.Color { return heat(o.Prob[r*o.Side+c]) })
		var hi float64
		for _, a := range o.MapAct {
			hi = max(hi, a)
		}
		tile(img, gap+2*(side+gap), y, side, o.Side, o.Side, func(r, c int) color.Color {
			if hi == 0 {
				return heat(0)
			}
			return heat(o.MapAct[r*o.Side+c] / hi)
		})
		tile(img, gap+3*(side+gap), y, side, o.Side, o.Side, func(r, c int) color.Color { return palette[o.Pred[r*o.Side+c]%10] })
		// The digits of the predicted-class map, where the prediction is wrong.
		s := side / o.Side // the tile's cells are side/o.Side pixels, up to rounding
		ox := gap + 3*(side+gap) + (side-s*o.Side)/2
		oy := y + (side-s*o.Side)/2
		for p, c := range o.Pred {
			if c != o.Label && s >= 10 {
				d := font.Drawer{Dst: img, Src: image.White, Face: basicfont.Face7x13, Dot: fixed.P(ox+(p%o.Side)*s+(s-7)/2, oy+(p/o.Side)*s+(s+9)/2)}
				d.DrawString(fmt.Sprint(c))
			}
		}
		label(img, gap, y+side+4, fmt.Sprintf("test image %d", o.Image))
		label(img, gap+2*(side+gap), y+side+4, fmt.Sprintf("map %d", o.Map))
	}
	o := v.Occlusion[0]
	caption := fmt.Sprintf("From results/visualise/visualise.json. A %d×%d square of the mean pixel slides over each of the first %d test images %d px at a time (%d×%d positions; each cell of the maps is one position of the square's top-left corner). "+
		"Second column: the probability of the true class (dark: low, yellow: high, on a 0–1 scale); third: the total activation of the relu4 map strongest on the unoccluded image, relative to its largest; "+
		"fourth: the most probable class, one colour per class, the digit written where it is wrong.",
		o.Square, o.Square, len(v.Occlusion), o.Stride, o.Side, o.Side)
	return img, caption, nil
}

func drawSettling(b *builder) (*plot.Plot, string, error) {
	v, err := results.LoadVisualise()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Distance of each layer's weights from their final values"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "‖W(epoch) − W(final)‖ / ‖W(final)‖"
	p.Legend.Top = true
	for i, s := range v.Settling {
		xy := make(plotter.XYs, len(s.Rel)-1) // the last is 0 by definition
		for e := range xy {
			xy[e] = plotter.XY{X: float64(e + 1), Y: s.Rel[e]}
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, "", err
		}
		c := chapterColors[(i+1)%len(chapterColors)]
		l.Color, l.Width, pts.Color = c, vg.Points(1.6), c
		p.Add(l, pts)
		p.Legend.Add(strings.TrimSuffix(s.Layer, ".weight"), l, pts)
	}
	caption := fmt.Sprintf("From results/visualise/visualise.json: after each of %d epochs (passes over %s training images), the distance of each layer's weights from their values after the last epoch, relative to the latter's size. "+
		"The learning rate is divided by 10 at 60 %% and 85 %% of the steps.", len(v.Run.Epochs), fmt.Sprint(v.Run.TrainImages))
	return p, caption, nil
}

func drawInvariance(kind string) func(b *builder) (*plot.Plot, string, error) {
	return func(b *builder) (*plot.Plot, string, error) {
		v, err := results.LoadVisualise()
		if err != nil {
			return nil, "", err
		}
		var invs []results.Invariance
		for _, inv := range v.Invariance {
			if inv.Kind == kind {
				invs = append(invs, inv)
			}
		}
		if len(invs) == 0 {
			return nil, "", fmt.Errorf("no %s invariance in results/visualise/visualise.json", kind)
		}
		p := plot.New()
		style(p)
		p.Title.Text = map[string]string{"shift": "Vertical shift", "scale": "Scaling", "rotation": "Rotation"}[kind]
		p.X.Label.Text = map[string]string{"shift": "shift (pixels, + is down)", "scale": "scale factor", "rotation": "rotation (degrees, + is anticlockwise)"}[kind]
		p.Y.Label.Text = "relative distance; probability"
		p.Legend.Top = true
		mean := func(get func(results.Invariance) []float64) plotter.XYs {
			xy := make(plotter.XYs, len(invs[0].Amount))
			for a := range xy {
				var s float64
				for _, inv := range invs {
					s += get(inv)[a]
				}
				xy[a] = plotter.XY{X: invs[0].Amount[a], Y: s / float64(len(invs))}
			}
			return xy
		}
		for i, inv := range invs {
			xy := make(plotter.XYs, len(inv.Amount))
			for a := range xy {
				xy[a] = plotter.XY{X: inv.Amount[a], Y: inv.Prob[a]}
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, "", err
			}
			l.Color, l.Width = color.Gray{0xb0}, vg.Points(0.8)
			p.Add(l)
			if i == 0 {
				p.Legend.Add("p(true class), each image", l)
			}
		}
		for _, s := range []struct {
			name string
			get  func(results.Invariance) []float64
			c    int
		}{
			{"layer 1 (relu1): feature distance", func(i results.Invariance) []float64 { return i.Low }, 1},
			{"top layer (pool4): feature distance", func(i results.Invariance) []float64 { return i.High }, 3},
			{"p(true class), mean", func(i results.Invariance) []float64 { return i.Prob }, 5},
		} {
			l, pts, err := plotter.NewLinePoints(mean(s.get))
			if err != nil {
				return nil, "", err
			}
			l.Color, l.Width, pts.Color = chapterColors[s.c], vg.Points(1.8), chapterColors[s.c]
			p.Add(l, pts)
			p.Legend.Add(s.name, l, pts)
		}
		var labels []string
		for _, inv := range invs {
			labels = append(labels, fmt.Sprintf("%d (a %d)", inv.Image, inv.Label))
		}
		caption := fmt.Sprintf("From results/visualise/visualise.json: test images %s, each transformed (bilinear resampling about the centre, background outside). "+
			"Feature distance: ‖f(Tx) − f(x)‖ / ‖f(x)‖ for the first rectified layer and for the last pooled layer (the classifier's input), averaged over the %d images; "+
			"grey: each image's probability of its true class.", strings.Join(labels, ", "), len(invs))
		return p, caption, nil
	}
}
