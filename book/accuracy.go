package book

import (
	_ "embed"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// accuracyTSV is the committed table of ImageNet top-1 accuracies the
// comparison chart plots, written by accuracy/gen.py from torchvision
// 0.14's weight metadata (IMAGENET1K_V1, single crop) and, only for
// models torchvision lacks, from the papers.
//
//go:embed accuracy/accuracy.tsv
var accuracyTSV string

const accuracyHeader = "model\ttop1\tsource\twhere\tprotocol\tparams"

// accuracyRow is one row of accuracy.tsv.
type accuracyRow struct {
	Model    string  // our registered model, the identical architecture
	Top1     float64 // percent
	Source   string  // "torchvision 0.14.1a0 ResNet50_Weights.IMAGENET1K_V1" or a paper
	Where    string  // the metadata key, or a table of the paper
	Protocol string
	Params   int64 // torchvision's num_params; 0 for a paper row
}

// Paper says whether the value is a paper's rather than torchvision's.
func (r accuracyRow) Paper() bool { return r.Params == 0 }

// accuracyRows parses accuracy.tsv.
func accuracyRows() (map[string]accuracyRow, error) {
	lines := strings.Split(strings.TrimSuffix(accuracyTSV, "\n"), "\n")
	if lines[0] != accuracyHeader {
		return nil, fmt.Errorf("book/accuracy/accuracy.tsv:1: header %q, want %q", lines[0], accuracyHeader)
	}
	out := map[string]accuracyRow{}
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("book/accuracy/accuracy.tsv:%d: %d fields, want 6", i+2, len(f))
		}
		top1, err := strconv.ParseFloat(f[1], 64)
		if err != nil || top1 <= 0 || top1 >= 100 {
			return nil, fmt.Errorf("book/accuracy/accuracy.tsv:%d: top-1 %q is not a percentage", i+2, f[1])
		}
		var params int64
		if f[5] != "" {
			if params, err = strconv.ParseInt(f[5], 10, 64); err != nil {
				return nil, fmt.Errorf("book/accuracy/accuracy.tsv:%d: params %q: %v", i+2, f[5], err)
			}
		}
		if f[2] == "" || f[3] == "" || f[4] == "" {
			return nil, fmt.Errorf("book/accuracy/accuracy.tsv:%d: %s: source, where and protocol are required", i+2, f[0])
		}
		if _, dup := out[f[0]]; dup {
			return nil, fmt.Errorf("book/accuracy/accuracy.tsv:%d: %s twice", i+2, f[0])
		}
		out[f[0]] = accuracyRow{Model: f[0], Top1: top1, Source: f[2], Where: f[3], Protocol: f[4], Params: params}
	}
	return out, nil
}

// accuracyModels are the bubbles of the comparison chart and where each
// label goes (points from the bubble's centre; left: the label ends
// there). Every one needs a row of accuracy.tsv (TestAccuracyRows).
var accuracyModels = []struct {
	name   string
	dx, dy float64
	left   bool
}{
	{"alexnet", 10, -3, false},
	{"alexnet-tv", 10, -3, false},
	{"vgg11", -12, 4, true},
	{"vgg13", 0, -20, true},
	{"vgg16", -14, 2, true},
	{"vgg19", 14, -3, false},
	{"googlenet-tv", -8, 5, true},
	{"resnet18", 8, -12, false},
	{"resnet34", -10, -3, true},
	{"resnet50-tv", 8, -10, false},
	{"resnet101-tv", 10, -6, false},
	{"resnet152-tv", 12, -10, false},
	{"wide_resnet50_2", 12, 8, false},
	{"resnext50_32x4d", -8, 8, true},
	{"densenet121", -8, -3, true},
	{"densenet169", -8, -2, true},
	{"densenet201", 10, 0, false},
	{"mobilenet-v1", -8, -3, true},
}

// bubbleRadius makes a bubble's area proportional to the parameters:
// 10 points of radius for 100 million.
func bubbleRadius(params int64) vg.Length {
	return vg.Points(10 * math.Sqrt(float64(params)/100e6))
}

// drawAccuracyMACs is the notes' "모델별 정확도, 연산량 모델 크기 비교":
// ImageNet top-1 accuracy against the multiply-accumulates of one image,
// each bubble's area proportional to the parameters. Accuracy comes from
// accuracy.tsv, MACs and parameters from nn.Analyze of the same
// architecture.
func drawAccuracyMACs(b *builder) (*plot.Plot, string, error) {
	rows, err := accuracyRows()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "ImageNet top-1 accuracy against compute"
	p.X.Label.Text = "multiply-accumulates per image (billions, log scale)"
	p.Y.Label.Text = "top-1 accuracy (%)"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.X.Min, p.X.Max = 0.3, 40
	p.Y.Min, p.Y.Max = 54, 81
	nPaper := 0
	for _, am := range accuracyModels {
		m := b.byName[am.name]
		if m == nil {
			return nil, "", fmt.Errorf("accuracy chart: no model %q", am.name)
		}
		row, ok := rows[am.name]
		if !ok {
			return nil, "", fmt.Errorf("accuracy chart: %s has no row in book/accuracy/accuracy.tsv", am.name)
		}
		r := m.Report
		xy := plotter.XYs{{X: float64(r.MACs) / 1e9, Y: row.Top1}}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, "", err
		}
		c := chapterColors[m.Chapter]
		if row.Paper() {
			nPaper++
			s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: bubbleRadius(r.InferenceParams), Shape: draw.RingGlyph{}}
		} else {
			fill := color.NRGBA{c.R, c.G, c.B, 0xb0} // RGBA is premultiplied: translucency needs NRGBA
			s.GlyphStyle = draw.GlyphStyle{Color: fill, Radius: bubbleRadius(r.InferenceParams), Shape: draw.CircleGlyph{}}
		}
		p.Add(s)
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: []string{am.name}})
		if err != nil {
			return nil, "", err
		}
		l.Offset = vg.Point{X: vg.Points(am.dx), Y: vg.Points(am.dy)}
		l.TextStyle[0].Font = sans(7.5)
		l.TextStyle[0].Color = color.Gray{0x33}
		if am.left {
			l.TextStyle[0].XAlign = text.XRight
		}
		p.Add(l)
	}
	// The size key: three reference bubbles in the empty lower right.
	for i, n := range []int64{10e6, 50e6, 100e6} {
		xy := plotter.XYs{{X: 8 * math.Pow(1.6, float64(i)), Y: 57}}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, "", err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x80}, Radius: bubbleRadius(n), Shape: draw.RingGlyph{}}
		p.Add(s)
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: []string{fmt.Sprintf("%dM", n/1e6)}})
		if err != nil {
			return nil, "", err
		}
		l.Offset = vg.Point{Y: bubbleRadius(n) + vg.Points(2)}
		l.TextStyle[0].Font = sans(7.5)
		l.TextStyle[0].XAlign = text.XCenter
		p.Add(l)
	}
	key, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: 8, Y: 55}}, Labels: []string{"bubble area = parameters"}})
	if err != nil {
		return nil, "", err
	}
	key.TextStyle[0].Font = sans(8)
	p.Add(key)
	tv, _ := plotter.NewScatter(plotter.XYs{{}})
	tv.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x60}, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	pp, _ := plotter.NewScatter(plotter.XYs{{}})
	pp.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x60}, Radius: vg.Points(4), Shape: draw.RingGlyph{}}
	p.Legend.Add("torchvision 0.14, IMAGENET1K_V1 acc@1", tv)
	p.Legend.Add("paper value (not in torchvision)", pp)
	p.Legend.Add("bubble area = parameters")
	p.Legend.Left = true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), vg.Points(110) // above the AlexNets
	caption := fmt.Sprintf("The notes' comparison chart, redrawn: %d networks of the book. The accuracy is torchvision 0.14's documented "+
		"acc@1 of its IMAGENET1K_V1 weights for the identical architecture (book/accuracy/accuracy.tsv, written by gen.py; "+
		"the parameter counts agree with ours), or the paper's own value, drawn as a ring, for the %d torchvision lacks. "+
		"Multiply-accumulates and parameters are nn.Analyze's at 224×224. The notes say the diameter shows the size; here the area does.",
		len(accuracyModels), nPaper)
	return p, caption, nil
}
