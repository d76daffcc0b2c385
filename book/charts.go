package book

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/nn"
)

// pairBars is a horizontal bar chart of two series over the same labels,
// the first label at the top; log puts the values on a log scale.
func pairBars(title, xlabel string, labels []string, a, b []float64, aName, bName string, ca, cb int) (*plot.Plot, error) {
	n := len(labels)
	va, vb := make(plotter.Values, n), make(plotter.Values, n)
	ls := make([]string, n)
	for i := range labels {
		j := n - 1 - i
		va[j], vb[j], ls[j] = a[i], b[i], labels[i]
	}
	p := plot.New()
	style(p)
	p.Title.Text = title
	p.X.Label.Text = xlabel
	w := vg.Points(8)
	ba, err := plotter.NewBarChart(va, w)
	if err != nil {
		return nil, err
	}
	bb, err := plotter.NewBarChart(vb, w)
	if err != nil {
		return nil, err
	}
	for _, bc := range []*plotter.BarChart{ba, bb} {
		bc.Horizontal = true
		bc.LineStyle.Width = 0
	}
	ba.Color, bb.Color = chapterColors[ca], chapterColors[cb]
	ba.Offset, bb.Offset = w/2, -w/2
	p.Add(ba, bb)
	p.NominalY(ls...)
	p.X.Min = 0
	hi := 0.0
	for i := range a {
		hi = max(hi, a[i], b[i])
	}
	p.X.Max = 1.05 * hi
	p.Legend.Add(aName, ba)
	p.Legend.Add(bName, bb)
	return p, nil // legend at the bottom right, where the classifiers' bars are short
}

// pairDots is pairBars on a log scale: two dots per label (bars cannot
// start at zero on a log axis).
func pairDots(title, xlabel string, labels []string, a, b []float64, aName, bName string, ca, cb int) (*plot.Plot, error) {
	n := len(labels)
	p := plot.New()
	style(p)
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	ls := make([]string, n)
	xa, xb := make(plotter.XYs, n), make(plotter.XYs, n)
	for i := range labels {
		j := n - 1 - i
		ls[j] = labels[i]
		xa[i] = plotter.XY{X: a[i], Y: float64(j) + 0.12}
		xb[i] = plotter.XY{X: b[i], Y: float64(j) - 0.12}
	}
	for _, s := range []struct {
		xy   plotter.XYs
		c    int
		name string
	}{{xa, ca, aName}, {xb, cb, bName}} {
		sc, err := plotter.NewScatter(s.xy)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: chapterColors[s.c], Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		p.Legend.Add(s.name, sc)
	}
	p.NominalY(ls...)
	p.Legend.Left = true
	// An empty band below the last row holds the legend: in the row itself
	// it covered the last label's dots on the narrow rendering.
	p.Y.Min = -1.4
	return p, nil
}

// drawLeNetLayers sets LeNet-5's parameters beside its multiply-accumulates,
// layer by layer: weight sharing makes the convolutions cheap to store and
// expensive to run.
func drawLeNetLayers(b *builder) (*plot.Plot, string, error) {
	m := b.byName["lenet5-1998"]
	if m == nil {
		return nil, "", fmt.Errorf("no model lenet5-1998")
	}
	var labels []string
	var params, macs []float64
	for _, r := range m.Report.Rows {
		if r.Params == 0 {
			continue
		}
		labels = append(labels, r.Name)
		params = append(params, float64(r.Params))
		macs = append(macs, float64(r.MACs))
	}
	p, err := pairDots("LeNet-5 (1998), layer by layer", "count (log scale)", labels, params, macs, "parameters", "multiply-accumulates per image", 3, 5)
	if err != nil {
		return nil, "", err
	}
	rows := map[string]nn.Row{}
	for _, r := range m.Report.Rows {
		rows[r.Name] = r
	}
	c1, c5 := rows["C1"], rows["C5"]
	caption := fmt.Sprintf("From nn.Analyze of lenet5-1998. C1 holds %s parameters and performs %s multiply-accumulates (%.0f per parameter: each 5×5 kernel is reused at every position); "+
		"C5, whose 5×5 kernels see the whole 5×5 map, uses each parameter about once (%s parameters, %s multiply-accumulates).",
		nn.Comma(c1.Params), nn.Comma(c1.MACs), float64(c1.MACs)/float64(c1.Params), nn.Comma(c5.Params), nn.Comma(c5.MACs))
	return p, caption, nil
}

// weighted lists a report's conv and linear rows: name, MACs, params.
func weighted(r *nn.Report) (names []string, macs, params []float64) {
	for _, row := range r.Rows {
		switch row.Module.(type) {
		case *nn.Conv2D, *nn.Linear:
			names = append(names, row.Name)
			macs = append(macs, float64(row.MACs))
			params = append(params, float64(row.Params))
		}
	}
	return names, macs, params
}

// drawZFNetAlexNet compares the multiply-accumulates of AlexNet (one
// tower) and ZFNet layer by layer: ZFNet's 7×7 stride-2 conv1 keeps more
// resolution, which costs in conv1 and conv2.
func drawZFNetAlexNet(b *builder) (*plot.Plot, string, error) {
	a, z := b.byName["alexnet-merged"], b.byName["zfnet"]
	if a == nil || z == nil {
		return nil, "", fmt.Errorf("need models alexnet-merged and zfnet")
	}
	an, am, _ := weighted(a.Report)
	zn, zm, _ := weighted(z.Report)
	if fmt.Sprint(an) != fmt.Sprint(zn) {
		return nil, "", fmt.Errorf("alexnet-merged's weighted layers %v differ from zfnet's %v", an, zn)
	}
	for i := range am {
		am[i] /= 1e6
		zm[i] /= 1e6
	}
	p, err := pairBars("Multiply-accumulates per layer", "millions per image", an, am, zm, "alexnet-merged (227×227)", "zfnet (224×224)", 1, 2)
	if err != nil {
		return nil, "", err
	}
	caption := fmt.Sprintf("nn.Analyze of both models at their own input. ZFNet's smaller, denser first filters (7×7, stride 2 against 11×11, stride 4) give conv1 %.2f× AlexNet's work and conv2 %.2f×; "+
		"from conv3 on, the two networks do the same work. In all: %s against %s multiply-accumulates.",
		zm[0]/am[0], zm[1]/am[1], nn.Comma(z.Report.MACs), nn.Comma(a.Report.MACs))
	return p, caption, nil
}

// drawInceptionCosts builds each Inception module of Table 1 in both forms
// of Fig. 2 at its place in googlenet and compares their
// multiply-accumulates.
func drawInceptionCosts(b *builder) (*plot.Plot, string, error) {
	m, err := b.modelOf("googlenet")
	if err != nil {
		return nil, "", err
	}
	var labels []string
	var naive, reduced []float64
	for _, row := range googlenet.Table1 {
		if !row.Inception() {
			continue
		}
		_, in, err := locate(m, row.Name)
		if err != nil {
			return nil, "", err
		}
		nv, rd := googlenet.Fig2(row, in[0])
		rn, err := analyzeAt(nv, in)
		if err != nil {
			return nil, "", err
		}
		rr, err := analyzeAt(rd, in)
		if err != nil {
			return nil, "", err
		}
		labels = append(labels, row.Name)
		naive = append(naive, float64(rn.MACs)/1e6)
		reduced = append(reduced, float64(rr.MACs)/1e6)
	}
	p, err := pairBars("Inception modules: naive against reduced", "multiply-accumulates (millions per image)", labels, naive, reduced, "naive (Fig. 2a)", "with 1×1 reductions (Fig. 2b)", 1, 4)
	if err != nil {
		return nil, "", err
	}
	var sn, sr float64
	for i := range naive {
		sn += naive[i]
		sr += reduced[i]
	}
	caption := fmt.Sprintf("Each of the %d modules of Table 1 built both ways at its own input in googlenet (each naive module fed the input the real one gets). "+
		"The reductions cut the modules' work from %s to %s million multiply-accumulates, %.1f× less.", len(labels), nn.Comma(int64(math.Round(sn))), nn.Comma(int64(math.Round(sr))), sn/sr)
	return p, caption, nil
}
