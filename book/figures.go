package book

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"math/big"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/chapters/vgg"
	"github.com/cnnbook/cnnbook/nn"
)

// figure is one plot of the book, drawn by gonum/plot from the same
// analysis the tests check, and written as figures/NAME.svg.
type figure struct {
	Name  string
	Title string
	W, H  vg.Length
	// NW is the width of the narrow rendering when narrowWidth is too
	// small for the figure's labels (0: narrowWidth); it then scrolls
	// sideways on a phone.
	NW vg.Length
	// Draw returns the plot and its caption (plain text: every number in
	// it is computed from the same data as the plot).
	Draw func(b *builder) (*plot.Plot, string, error)
}

var figures = []figure{
	{"params-macs", "Parameters and multiply-accumulates of the ImageNet models", 7.5 * vg.Inch, 5.2 * vg.Inch, 0, drawParamsMACs},
	{"accuracy-macs", "ImageNet top-1 accuracy against multiply-accumulates, bubble area = parameters", 7.5 * vg.Inch, 5.4 * vg.Inch, 6.6 * vg.Inch, drawAccuracyMACs},
	{"vgg16-memory-params", "VGG-16: where the memory and the parameters are", 7 * vg.Inch, 6 * vg.Inch, 0, drawVGGMemory},
	{"lenet5-training", "LeNet-5 trained on MNIST: error per epoch", 7 * vg.Inch, 4 * vg.Inch, 0, drawLeNetTraining},
	{"lenet-layers", "LeNet-5: parameters and multiply-accumulates per layer", 7 * vg.Inch, 3.6 * vg.Inch, 0, drawLeNetLayers},
	{"zfnet-alexnet", "ZFNet against AlexNet: the work of each layer", 7 * vg.Inch, 4 * vg.Inch, 0, drawZFNetAlexNet},
	{"inception-costs", "What the 1×1 reductions save, module by module", 7 * vg.Inch, 4.4 * vg.Inch, 0, drawInceptionCosts},
	{"resnet110-paths", "ResNet-110: the lengths of its paths", 7 * vg.Inch, 4 * vg.Inch, 0, drawResNetPaths},
	{"receptive-field", "Receptive field, layer by layer", 7 * vg.Inch, 4.5 * vg.Inch, 0, drawReceptiveField},
	{"lesion-single", "Lesion study: one block deleted", 7 * vg.Inch, 4 * vg.Inch, 0, drawLesionSingle},
	{"lesion-random", "Lesion study: k blocks deleted at random", 7 * vg.Inch, 4 * vg.Inch, 0, drawLesionRandom},
	{"degradation", "Degradation: training loss of plain and residual networks", 7 * vg.Inch, 4 * vg.Inch, 0, drawDegradation},
	{"degradation-grads", "Degradation: the plain networks' gradient norms", 7 * vg.Inch, 4 * vg.Inch, 0, drawDegradationGrads},
	{"stochastic-depth", "Stochastic depth on MNIST: training time per epoch", 7 * vg.Inch, 4 * vg.Inch, 0, drawStochasticDepth},
	{"training-recipe", "The training recipe, one ingredient at a time", 7 * vg.Inch, 4 * vg.Inch, 0, drawTrainingRecipe},
}

func figureByName(name string) (figure, bool) {
	for _, f := range figures {
		if f.Name == name {
			return f, true
		}
	}
	return figure{}, false
}

// figureNames lists the figures for messages.
func figureNames() string {
	var n []string
	for _, f := range figures {
		n = append(n, f.Name)
	}
	return strings.Join(n, ", ")
}

// renderFigure draws a figure as SVG, wide and narrow. The SVG names
// Liberation Sans, the font gonum/plot measured the text with; readers
// without it get a metrically similar sans-serif rather than the
// browser's default serif.
func (b *builder) renderFigure(f figure) (svg, narrow []byte, caption string, err error) {
	// narrowFonts is read by every sans call of a Draw: one figure at a
	// time, even if two builds run at once.
	figureMu.Lock()
	defer figureMu.Unlock()
	svg, caption, err = b.drawFigure(f, f.W, f.H)
	if err != nil {
		return nil, nil, "", err
	}
	narrowFonts = true
	defer func() { narrowFonts = false }()
	nw := narrowWidth
	if f.NW > 0 {
		nw = f.NW
	}
	narrow, _, err = b.drawFigure(f, nw, f.H*1.25)
	return svg, narrow, caption, err
}

func (b *builder) drawFigure(f figure, w, h vg.Length) ([]byte, string, error) {
	p, caption, err := f.Draw(b)
	if err != nil {
		return nil, "", fmt.Errorf("figure %s: %v", f.Name, err)
	}
	if narrowFonts {
		// The figcaption carries the title; on a phone the plot's own
		// title, in large type, would be wider than the plot.
		p.Title.Text = ""
	}
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return nil, "", fmt.Errorf("figure %s: %v", f.Name, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, "", fmt.Errorf("figure %s: %v", f.Name, err)
	}
	out := strings.ReplaceAll(buf.String(), "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;")
	return []byte(out), caption, nil
}

// figureHTML renders the `figure NAME` directive: the SVG (drawn once per
// build) and its computed caption.
func (b *builder) figureHTML(pg *pageState, name string) (string, error) {
	if f, ok := imageFigureByName(name); ok {
		return b.imageFigureHTML(pg, f)
	}
	f, ok := figureByName(name)
	if !ok {
		return "", fmt.Errorf("no figure %q (figures: %s)", name, figureNames())
	}
	r, err := b.figure(f)
	if err != nil {
		return "", err
	}
	id := "figure-" + name
	if err := pg.claim(id); err != nil {
		return "", err
	}
	pg.figures = append(pg.figures, name)
	return fmt.Sprintf(`<figure class="plot" id="%s"><div class="pscroll"><picture><source media="(max-width: 40rem)" srcset="figures/%s-narrow.svg"><img src="figures/%s.svg" alt="%s" width="%d" height="%d"></picture></div>`+
		`<figcaption><a class="anchor" href="#%s">%s.</a> %s</figcaption></figure>`+"\n",
		id, name, name, html.EscapeString(f.Title), int(f.W.Points()), int(f.H.Points()), id, html.EscapeString(f.Title), html.EscapeString(r.caption)), nil
}

// drawnFigure is a figure rendered during this build.
type drawnFigure struct {
	svg, narrow []byte
	caption     string
}

func (b *builder) figure(f figure) (*drawnFigure, error) {
	if d, ok := b.drawn[f.Name]; ok {
		return d, nil
	}
	svg, narrow, caption, err := b.renderFigure(f)
	if err != nil {
		return nil, err
	}
	d := &drawnFigure{svg, narrow, caption}
	b.drawn[f.Name] = d
	return d, nil
}

// shortTitle is a chapter title up to its colon: "VGG: small filters,
// many layers" → "VGG".
func shortTitle(t string) string {
	if i := strings.Index(t, ":"); i > 0 {
		return t[:i]
	}
	return t
}

// chapterColors tells the chapters apart in plots (Okabe & Ito's
// colour-blind-safe palette).
var chapterColors = []color.RGBA{
	{0x99, 0x99, 0x99, 0xff}, // lenet
	{0xe6, 0x9f, 0x00, 0xff}, // alexnet: orange
	{0xcc, 0x79, 0xa7, 0xff}, // zfnet: reddish purple
	{0x00, 0x72, 0xb2, 0xff}, // vgg: blue
	{0x00, 0x9e, 0x73, 0xff}, // googlenet: bluish green
	{0xd5, 0x5e, 0x00, 0xff}, // resnet: vermilion
	{0x56, 0xb4, 0xe9, 0xff}, // variants: sky blue
}

// sans is the plots' typeface: Liberation Sans (gonum/plot embeds the
// Liberation fonts to measure text; its default is the serif).
//
// While narrowFonts is set (the narrow rendering of a figure, drawn one
// at a time by renderFigure), every text is at least narrowMinFont
// points: 16 CSS pixels, the body text of narrow screens.
func sans(size float64) font.Font {
	if narrowFonts {
		size = max(size*1.15, narrowMinFont)
	}
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
}

// The narrow rendering of every figure: narrowWidth wide (shown at its
// natural size on a phone, scrolling sideways by a little) and each text
// at least narrowMinFont.
const (
	narrowWidth   = 4.6 * vg.Inch
	narrowMinFont = 12.0 // points = 16 px
)

var (
	narrowFonts bool
	figureMu    sync.Mutex // held while a figure is drawn (renderFigure)
)

// style sets the book's fonts and grid on a plot.
func style(p *plot.Plot) {
	p.Title.TextStyle.Font = sans(12)
	p.Title.Padding = vg.Points(6)
	p.X.Label.TextStyle.Font = sans(10.5)
	p.Y.Label.TextStyle.Font = sans(10.5)
	p.X.Tick.Label.Font = sans(9)
	p.Y.Tick.Label.Font = sans(9)
	p.Legend.TextStyle.Font = sans(9)
	p.Legend.Padding = vg.Points(2)
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{0xe0}
	g.Horizontal.Color = color.Gray{0xe0}
	p.Add(g)
}

// paramsMACs lists the models of the parameters-against-MACs figure, one
// per architecture in the paper's form (the torchvision and BatchNorm
// twins would sit on top of them), and where each label goes: dx, dy in
// points from the dot, and whether the label ends (rather than starts)
// there. The placement is the only hand-tuned part of the figure.
var paramsMACs = []struct {
	name   string
	dx, dy float64
	left   bool
}{
	{"alexnet", -6, -3, true},
	{"zfnet", 6, -3, false},
	{"zfnet-512", 6, -3, false},
	{"vgg11", -6, -3, true},
	{"vgg13", 0, -14, true},
	{"vgg16", 4, 6, true},
	{"vgg19", 6, -3, false},
	{"googlenet", -6, -3, true},
	{"resnet18", -6, -3, true},
	{"resnet34", -6, -5, true},
	{"resnet50", -6, 2, true},
	{"resnet101", -6, -3, true},
	{"resnet152", 6, -10, false},
	{"wide_resnet50_2", 6, 2, false},
	{"resnext50_32x4d", 6, -4, false},
	{"densenet121", 6, -3, false},
	{"densenet169", 6, -3, false},
	{"densenet201", 6, -8, false},
	{"mobilenet-v1", 6, -3, false},
	{"mobilenet-v1-128", -6, -3, true},
	{"mobilenet-v1-0.5", 6, -3, false},
	{"mobilenet-v1-0.25", 6, -3, false},
	{"mobilenet-v1-conv", 6, 3, false},
}

// drawParamsMACs sets the inference parameters of ImageNet models against their
// multiply-accumulates for one image at their own input size, log-log.
func drawParamsMACs(b *builder) (*plot.Plot, string, error) {
	p := plot.New()
	style(p)
	p.Title.Text = "Size against compute: ImageNet models, one image each"
	p.X.Label.Text = "multiply-accumulates (billions)"
	p.Y.Label.Text = "inference parameters (millions)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.X.Min, p.X.Max = 0.02, 50
	p.Y.Min, p.Y.Max = 0.3, 300
	byChapter := map[int]plotter.XYs{}
	var lo, hi *model
	for _, pm := range paramsMACs {
		m := b.byName[pm.name]
		if m == nil {
			return nil, "", fmt.Errorf("no model %q", pm.name)
		}
		r := m.Report
		if len(r.Output) != 1 || r.Output[0] != 1000 {
			return nil, "", fmt.Errorf("%s: output %v, not ImageNet's 1,000 classes", pm.name, r.Output)
		}
		xy := plotter.XY{X: float64(r.MACs) / 1e9, Y: float64(r.InferenceParams) / 1e6}
		byChapter[m.Chapter] = append(byChapter[m.Chapter], xy)
		if lo == nil || r.InferenceParams < lo.Report.InferenceParams {
			lo = m
		}
		if hi == nil || r.InferenceParams > hi.Report.InferenceParams {
			hi = m
		}
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{xy}, Labels: []string{pm.name}})
		if err != nil {
			return nil, "", err
		}
		l.Offset = vg.Point{X: vg.Points(pm.dx), Y: vg.Points(pm.dy)}
		l.TextStyle[0].Font = sans(7.5)
		l.TextStyle[0].Color = color.Gray{0x33}
		if pm.left {
			l.TextStyle[0].XAlign = text.XRight
		}
		p.Add(l)
	}
	for ci := range chapters {
		pts, ok := byChapter[ci]
		if !ok {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, "", err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: chapterColors[ci], Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		p.Add(s)
		p.Legend.Add(shortTitle(b.titles[ci]), s)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	caption := fmt.Sprintf("Each dot is a network of the book in its paper's form, at its own input size (nn.Analyze; auxiliary heads, "+
		"which run only in training, left out). Both axes are logarithmic. The sizes range from %s parameters (%s) to %s (%s). "+
		"No accuracy here: the notes' comparison chart, accuracy against multiply-accumulates, is the figure of chapter 7.",
		nn.Comma(lo.Report.InferenceParams), lo.Entry.Name, nn.Comma(hi.Report.InferenceParams), hi.Entry.Name)
	return p, caption, nil
}

// drawVGGMemory sets each layer's share of VGG-16's activation memory
// beside its share of the parameters (vgg.Names, the layers of Table 1).
func drawVGGMemory(b *builder) (*plot.Plot, string, error) {
	m := b.byName["vgg16"]
	if m == nil {
		return nil, "", fmt.Errorf("no model vgg16")
	}
	rep := m.Report
	rows := map[string]nn.Row{}
	for _, r := range rep.Rows {
		rows[r.Name] = r
	}
	names := vgg.Names(m.Model)
	n := len(names)
	acts, params := make(plotter.Values, n), make(plotter.Values, n)
	labels := make([]string, n)
	for i, nm := range names {
		j := n - 1 - i // conv1_1 at the top
		r := rows[nm.Key]
		acts[j] = 100 * float64(r.Acts) / float64(rep.Activations)
		params[j] = 100 * float64(r.Params) / float64(rep.Params)
		labels[j] = nm.Paper
	}
	p := plot.New()
	style(p)
	p.Title.Text = "VGG-16 at 224×224: each layer's share of the totals"
	p.X.Label.Text = "% of the total"
	w := vg.Points(7)
	ba, err := plotter.NewBarChart(acts, w)
	if err != nil {
		return nil, "", err
	}
	bp, err := plotter.NewBarChart(params, w)
	if err != nil {
		return nil, "", err
	}
	for _, bc := range []*plotter.BarChart{ba, bp} {
		bc.Horizontal = true
		bc.LineStyle.Width = 0
	}
	ba.Color, bp.Color = chapterColors[4], chapterColors[5]
	ba.Offset, bp.Offset = w/2, -w/2
	p.Add(ba, bp)
	p.NominalY(labels...)
	p.Y.Tick.Label.Font = sans(8)
	p.X.Min = 0
	p.Legend.Add(fmt.Sprintf("activations (%s floats, %.1f MB, for one image)", nn.Comma(rep.Activations), float64(rep.ActivationBytes())/1e6), ba)
	p.Legend.Add(fmt.Sprintf("parameters (%s)", nn.Comma(rep.Params)), bp)
	p.Legend.Top = true
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(8), -vg.Points(150) // beside conv3–pool5, whose bars are short
	shares, _, err := vgg.Breakdown(m.Model)
	if err != nil {
		return nil, "", err
	}
	earlyP, earlyA := vgg.SumShares(shares, "conv1", "conv2")
	lateP, lateA := vgg.SumShares(shares, "fc6", "fc7", "fc8")
	pct := func(a, t int64) float64 { return 100 * float64(a) / float64(t) }
	caption := fmt.Sprintf("Early layers hold the memory, late layers the parameters: conv1 and conv2 output %.1f%% of the activations "+
		"and hold %.2f%% of the parameters; fc6–fc8 hold %.1f%% of the parameters and output %.2f%% of the activations "+
		"(vgg.Breakdown, the table of ExampleBreakdown). A ReLU runs in place and adds no memory.",
		pct(earlyA, rep.Activations), pct(earlyP, rep.Params), pct(lateP, rep.Params), pct(lateA, rep.Activations))
	return p, caption, nil
}

// drawResNetPaths is Veit et al.'s Fig. 6(a) for ResNet-110: how many of
// the 2^54 input-to-output paths pass through k of the 54 residual
// branches, read off the analysis' path polynomial.
func drawResNetPaths(b *builder) (*plot.Plot, string, error) {
	m := b.byName["resnet110"]
	if m == nil {
		return nil, "", fmt.Errorf("no model resnet110")
	}
	lengths, err := resnet.BlockLengths(m.Report.Paths, 2, 2)
	if err != nil {
		return nil, "", err
	}
	total := new(big.Float).SetInt(m.Report.PathCount())
	const lo, hi = 19, 35 // the band TestVeitShare checks
	in, out := make(plotter.Values, len(lengths)), make(plotter.Values, len(lengths))
	peak := 0
	for k, c := range lengths {
		f, _ := new(big.Float).Quo(new(big.Float).SetInt(c), total).Float64()
		if k >= lo && k <= hi {
			in[k] = 100 * f
		} else {
			out[k] = 100 * f
		}
		if c.Cmp(lengths[peak]) > 0 {
			peak = k
		}
	}
	p := plot.New()
	style(p)
	p.Title.Text = fmt.Sprintf("ResNet-110: its 2^%d paths by the residual branches they cross", m.Report.PathCount().BitLen()-1)
	p.X.Label.Text = fmt.Sprintf("residual branches on the path (of %d)", len(lengths)-1)
	p.Y.Label.Text = "% of all paths"
	w := vg.Points(5)
	bi, err := plotter.NewBarChart(in, w)
	if err != nil {
		return nil, "", err
	}
	bo, err := plotter.NewBarChart(out, w)
	if err != nil {
		return nil, "", err
	}
	bi.Color, bo.Color = chapterColors[5], color.Gray{0xaa}
	bi.LineStyle.Width, bo.LineStyle.Width = 0, 0
	p.Add(bo, bi)
	share := resnet.Share(lengths, lo, hi)
	p.Legend.Add(fmt.Sprintf("%d to %d branches: %.1f%% of the paths", lo, hi, 100*share), bi)
	p.Legend.Top = true
	ticks := []plot.Tick{}
	for k := 0; k < len(lengths); k += 6 {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: fmt.Sprint(k)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -1, float64(len(lengths))
	peakShare, _ := new(big.Float).Quo(new(big.Float).SetInt(lengths[peak]), total).Float64()
	// Headroom above the peak for the legend, which covered the tallest
	// bars on the narrow rendering.
	p.Y.Min, p.Y.Max = 0, 100*peakShare*1.3
	caption := fmt.Sprintf("Unravelled, resnet110's %d blocks give 2^%d paths; C(%d, k) of them cross k residual branches, "+
		"a binomial distribution (Veit et al. 2016). The most common length, %d branches, holds %.1f%% of the paths; "+
		"%.1f%% cross %d to %d branches (resnet.BlockLengths on nn.Report.Paths).",
		len(lengths)-1, len(lengths)-1, len(lengths)-1, peak, 100*peakShare, 100*share, lo, hi)
	return p, caption, nil
}

// rfNets are the networks of the receptive-field figure. AlexNet is
// drawn from alexnet-merged, its towers as one (the same windows, so the
// same fields, counted once); a dashed line marks torchvision's
// ResNet-50, whose stride sits on the 3×3.
var rfNets = []struct{ model, label string }{
	{"alexnet-merged", "alexnet"}, {"zfnet", "zfnet"}, {"vgg16", "vgg16"}, {"vgg19", "vgg19"},
	{"resnet50", "resnet50"}, {"resnet50-tv", "resnet50-tv"},
}

// rfSeries is the receptive field after each convolution on the main
// path of m (projection shortcuts, named "downsample", are not on it),
// as the largest so far: in a residual network the field grows along the
// branches.
func rfSeries(r *nn.Report) plotter.XYs {
	var xys plotter.XYs
	best := 0
	for _, row := range r.Rows {
		if _, conv := row.Module.(*nn.Conv2D); !conv || row.TrainOnly || strings.Contains(row.Name, "downsample") {
			continue
		}
		best = max(best, row.RF.Size)
		xys = append(xys, plotter.XY{X: float64(len(xys) + 1), Y: float64(best)})
	}
	return xys
}

// drawReceptiveField draws rfSeries for rfNets, with the input side.
func drawReceptiveField(b *builder) (*plot.Plot, string, error) {
	p := plot.New()
	style(p)
	p.Title.Text = "Receptive field after each convolution"
	p.X.Label.Text = "convolution on the main path"
	p.Y.Label.Text = "receptive field (pixels)"
	var parts []string
	maxX := 0.0
	for _, n := range rfNets {
		name := n.label
		m := b.byName[n.model]
		if m == nil {
			return nil, "", fmt.Errorf("no model %q", n.model)
		}
		xys := rfSeries(m.Report)
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, "", err
		}
		l.Color = chapterColors[m.Chapter]
		l.Width = vg.Points(1.5)
		switch name {
		case "vgg19":
			l.Color = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
		case "resnet50-tv":
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(name, l)
		last := xys[len(xys)-1]
		maxX = math.Max(maxX, last.X)
		parts = append(parts, fmt.Sprintf("%s %d after %d convolutions", name, int(last.Y), int(last.X)))
	}
	side := plotter.XYs{{X: 0, Y: 224}, {X: maxX + 1, Y: 224}}
	sl, err := plotter.NewLine(side)
	if err != nil {
		return nil, "", err
	}
	sl.Color = color.Gray{0x66}
	sl.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(sl)
	p.Legend.Add("224-pixel input side", sl)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
	p.X.Min, p.Y.Min = 0, 0
	var ticks []plot.Tick
	for x := 0; x <= int(maxX)+1; x += 5 {
		ticks = append(ticks, plot.Tick{Value: float64(x), Label: fmt.Sprint(x)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	caption := fmt.Sprintf("A k×k convolution adds (k−1)·J pixels to the field, where J is the product of the strides below it "+
		"(nn.Analyze; Araujo et al. 2019). At the last convolution: %s. A field wider than the image is "+
		"mostly padding; torchvision's ResNet-50 (stride on the 3×3, dashed) ends narrower than the paper's.", strings.Join(parts, ", "))
	return p, caption, nil
}
