package book

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/alexnet"
	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/nn"
)

// diagramSpec is one diagram of the book: one or more panels (each an
// inline SVG with a subtitle) and a caption, all from module trees.
type diagramSpec struct {
	Name, Title string
	Draw        func(b *builder) ([]panel, string, error)
}

type panel struct {
	Sub string // "(a) basic block, resnet34 layer1.0"
	SVG string
}

var diagrams = []diagramSpec{
	{"lenet5", "LeNet-5 (1998) and C3's connection table", drawLeNet},
	{"alexnet-towers", "AlexNet's two towers and where they exchange", drawAlexNetTowers},
	{"zfnet", "ZFNet layer by layer", drawZFNet},
	{"vgg-configs", "VGG's configurations A–E", drawVGGConfigs},
	{"inception-modules", "The Inception module: naive and with 1×1 reductions", drawInceptionModules},
	{"googlenet-stack", "GoogLeNet: stem, nine Inception modules, two auxiliary heads", drawGoogLeNetStack},
	{"residual-blocks", "Residual blocks: basic and bottleneck", drawResidualBlocks},
	{"resnet-stack", "ResNet-18: stem, four stages of residual blocks, classifier", drawResNetStack},
	{"preact-orders", "Five orderings of BN, ReLU and the addition", drawPreActOrders},
	{"resnext-forms", "ResNeXt: aggregated paths and the grouped convolution", drawResNeXtForms},
	{"dense-block", "A dense block", drawDenseBlock},
	{"fractal-rule", "FractalNet's expansion rule, unrolled", drawFractal},
	{"separable-conv", "Standard against depthwise-separable convolution", drawSeparable},
}

func diagramByName(name string) (diagramSpec, bool) {
	for _, d := range diagrams {
		if d.Name == name {
			return d, true
		}
	}
	return diagramSpec{}, false
}

func diagramNames() string {
	var n []string
	for _, d := range diagrams {
		n = append(n, d.Name)
	}
	return strings.Join(n, ", ")
}

// diagramHTML renders the `diagram NAME` directive.
func (b *builder) diagramHTML(pg *pageState, name string) (string, error) {
	d, ok := diagramByName(name)
	if !ok {
		return "", fmt.Errorf("no diagram %q (diagrams: %s)", name, diagramNames())
	}
	panels, caption, err := d.Draw(b)
	if err != nil {
		return "", fmt.Errorf("diagram %s: %v", name, err)
	}
	id := "diagram-" + name
	if err := pg.claim(id); err != nil {
		return "", err
	}
	pg.diagrams = append(pg.diagrams, name)
	var out strings.Builder
	fmt.Fprintf(&out, `<figure class="diagram" id="%s"><div class="panels">`, id)
	for _, p := range panels {
		out.WriteString(`<div class="panel"><div class="dscroll">` + p.SVG + `</div>`)
		if p.Sub != "" {
			out.WriteString(`<p class="sub">` + html.EscapeString(p.Sub) + `</p>`)
		}
		out.WriteString(`</div>`)
	}
	fmt.Fprintf(&out, `</div><figcaption><a class="anchor" href="#%s">%s.</a> %s</figcaption></figure>`+"\n", id, html.EscapeString(d.Title), html.EscapeString(caption))
	return out.String(), nil
}

// modelOf returns a registered model, built afresh (a diagram may
// allocate a block's weights without touching the builder's copy).
func (b *builder) modelOf(name string) (*nn.Model, error) {
	m := b.byName[name]
	if m == nil {
		return nil, fmt.Errorf("no model %q", name)
	}
	return m.Entry.Build(), nil
}

// locate finds the module at dotted path in the tree of m and the input
// shape it receives, propagating shapes with nn.Analyze as the forward
// pass would: a Sequential's children in turn, a Parallel's branches and
// a Residual's branch and shortcut all from the same input, a dense
// block's layers from the growing concatenation.
func locate(m *nn.Model, path string) (nn.Module, nn.Shape, error) {
	var found nn.Module
	var at nn.Shape
	var walk func(x nn.Module, p string, in nn.Shape) error
	walk = func(x nn.Module, p string, in nn.Shape) error {
		if found != nil {
			return nil
		}
		if p == path {
			found, at = x, in
			return nil
		}
		if path != "" && p != "" && !strings.HasPrefix(path, p+".") {
			return nil
		}
		switch x := x.(type) {
		case *nn.Sequential:
			cur := in
			for _, c := range x.Layers {
				if err := walk(c, joinPath(p, c.Name()), cur); err != nil || found != nil {
					return err
				}
				r, err := analyzeAt(c, cur)
				if err != nil {
					return err
				}
				cur = r.Output
			}
		case *nn.Residual:
			for _, c := range []nn.Module{x.Branch, x.Shortcut} {
				if c != nil {
					if err := walk(c, joinPath(p, c.Name()), in); err != nil {
						return err
					}
				}
			}
		case *nn.Parallel:
			for _, c := range x.Branches {
				if err := walk(c, joinPath(p, c.Name()), in); err != nil {
					return err
				}
			}
		case *nn.DenseConcat:
			cur := in
			for _, c := range x.Layers {
				if err := walk(c, joinPath(p, c.Name()), cur); err != nil || found != nil {
					return err
				}
				r, err := analyzeAt(c, cur)
				if err != nil {
					return err
				}
				cur = append(nn.Shape{cur[0] + r.Output[0]}, cur[1:]...)
			}
		default:
			for _, c := range x.Children() {
				if err := walk(c, joinPath(p, c.Name()), in); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(m.Net, "", m.Input); err != nil {
		return nil, nil, err
	}
	if found == nil {
		return nil, nil, fmt.Errorf("%s has no module %q", m.Name, path)
	}
	return found, at, nil
}

// treePanel draws the module at path of model name.
func (b *builder) treePanel(d *drawer, name, path, sub string) (panel, nn.Module, error) {
	m, err := b.modelOf(name)
	if err != nil {
		return panel{}, nil, err
	}
	mod, in, err := locate(m, path)
	if err != nil {
		return panel{}, nil, err
	}
	n, _, err := d.node(mod, path, in)
	if err != nil {
		return panel{}, nil, err
	}
	n = withInput(n, in)
	return panel{Sub: sub, SVG: svgDiagram(n, sub)}, mod, nil
}

// lastName is the last part of a dotted path: the paper's name of a
// layer whose module is a transparent child ("C1" for C1's conv).
func lastName(path string) string { return path[strings.LastIndex(path, ".")+1:] }

// withInput puts an input box (its shape) above a diagram.
func withInput(n *dnode, in nn.Shape) *dnode {
	return &dnode{kind: "seq", kids: []*dnode{box("k-in", "input "+in.String()), n}}
}

func drawLeNet(b *builder) ([]panel, string, error) {
	m, err := b.modelOf("lenet5-1998")
	if err != nil {
		return nil, "", err
	}
	d := &drawer{fold: true, collapse: func(path string, x nn.Module) (string, string, bool) {
		if c, ok := x.(*nn.Conv2D); ok {
			return fmt.Sprintf("%s: conv %d×%d, %d", lastName(path), c.KH, c.KW, c.Out), "k-conv", true
		}
		if l, ok := x.(*nn.Linear); ok {
			return fmt.Sprintf("%s: FC %d", lastName(path), l.Out), "k-fc", true
		}
		switch l := x.(type) {
		case *lenet.PartialConv2D:
			return fmt.Sprintf("%s: conv %d×%d, %d, Table I", lastName(path), l.K, l.K, l.Out), "k-conv", true
		case *lenet.Subsampling:
			return lastName(path) + ": subsample 2×2", "k-pool", true
		case *lenet.RBF:
			return fmt.Sprintf("%s: RBF %d", lastName(path), l.Out), "k-fc", true
		}
		return "", "", false
	}}
	n, _, err := d.node(m.Net, "", m.Input)
	if err != nil {
		return nil, "", err
	}
	net := panel{Sub: "(a) lenet5-1998, layer by layer", SVG: svgDiagram(withInput(n, m.Input), "LeNet-5")}
	c3, _, err := locate(m, "C3")
	if err != nil {
		return nil, "", err
	}
	var pc *lenet.PartialConv2D
	nn.Walk(c3, func(_ string, x nn.Module) {
		if p, ok := x.(*lenet.PartialConv2D); ok && pc == nil {
			pc = p
		}
	})
	if pc == nil {
		return nil, "", fmt.Errorf("lenet5-1998's C3 holds no lenet.PartialConv2D")
	}
	grid, links := c3Grid(pc)
	caption := fmt.Sprintf("Every box is a module of the model the tests run, with the output shape nn.Analyze computes for it; an activation is drawn inside the box it follows. "+
		"(b) is C3's Table I as the module holds it: a filled cell joins an S2 map (row) to a C3 map (column), %d links of the %d a full layer would have.", links, pc.In*pc.Out)
	return []panel{net, {Sub: "(b) C3's connections (Table I)", SVG: grid}}, caption, nil
}

// c3Grid draws a PartialConv2D's table: input maps as rows, output maps
// as columns.
func c3Grid(pc *lenet.PartialConv2D) (string, int) {
	const cell, left, top = 19.0, 46.0, 26.0
	n := &dnode{kind: "grid", w: left + cell*float64(pc.Out), h: top + cell*float64(pc.In) + 4}
	links := 0
	for _, ins := range pc.Table {
		links += len(ins)
	}
	n.draw = func(c *canvas, x, y float64) {
		for o := 0; o < pc.Out; o++ {
			if o%5 == 0 || o == pc.Out-1 {
				c.text(x+left+cell*(float64(o)+0.5), y+top-8, "middle", "s", fmt.Sprint(o))
			}
		}
		for i := 0; i < pc.In; i++ {
			c.text(x+left-8, y+top+cell*(float64(i)+0.75), "end", "s", fmt.Sprintf("S2 %d", i))
		}
		for o, ins := range pc.Table {
			for _, i := range ins {
				fmt.Fprintf(&c.b, `<rect class="b k-conv" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x+left+cell*float64(o)+1, y+top+cell*float64(i)+1, cell-2, cell-2)
			}
		}
		for i := 0; i <= pc.In; i++ {
			c.linef(x+left, y+top+cell*float64(i), x+left+cell*float64(pc.Out), y+top+cell*float64(i), "g")
		}
		for o := 0; o <= pc.Out; o++ {
			c.linef(x+left+cell*float64(o), y+top, x+left+cell*float64(o), y+top+cell*float64(pc.In), "g")
		}
	}
	return svgDiagram(n, "C3's connection table"), links
}

func drawAlexNetTowers(b *builder) ([]panel, string, error) {
	p, mod, err := b.treePanel(&drawer{fold: true}, "alexnet", "", "alexnet: two towers (one per GPU)")
	if err != nil {
		return nil, "", err
	}
	ex := alexnet.Exchanges(mod)
	caption := fmt.Sprintf("Each tower holds half of every layer's filters and ran on its own GPU. The towers exchange only where a layer reads the concatenation of both: %s; everywhere else a tower reads only its own half. "+
		"Shapes are nn.Analyze's for the model the tests run (ReLU, LRN and dropout are drawn inside the box they follow).", strings.Join(ex, ", "))
	return []panel{p}, caption, nil
}

func drawZFNet(b *builder) ([]panel, string, error) {
	p, _, err := b.treePanel(&drawer{fold: true}, "zfnet", "", "zfnet")
	if err != nil {
		return nil, "", err
	}
	caption := "The registered zfnet as one tower, each box with the shape nn.Analyze computes (ReLU and dropout drawn inside the box they follow). conv1 is 7×7 with stride 2 where AlexNet's is 11×11 with stride 4, the repair the visualisations suggested."
	return []panel{p}, caption, nil
}

// drawVGGConfigs draws Table 1 of Simonyan & Zisserman: one column per
// configuration, read off each registered model's layers; the rows of a
// stage line up across columns.
func drawVGGConfigs(b *builder) ([]panel, string, error) {
	cfgs := []struct{ name, label string }{{"vgg11", "A"}, {"vgg11-lrn", "A-LRN"}, {"vgg13", "B"}, {"vgg16-c", "C"}, {"vgg16", "D"}, {"vgg19", "E"}}
	type col struct {
		stages [][]string // per stage, the layers before its pool
		head   []string
		weight int
	}
	var cols []col
	maxStage := []int{}
	for _, c := range cfgs {
		m := b.byName[c.name]
		if m == nil {
			return nil, "", fmt.Errorf("no model %q", c.name)
		}
		var cl col
		stage := []string{}
		nn.Walk(m.Model.Net, func(_ string, x nn.Module) {
			switch x := x.(type) {
			case *nn.Conv2D:
				stage = append(stage, fmt.Sprintf("conv%d-%d", x.KH, x.Out))
				cl.weight++
			case *nn.LRN:
				stage = append(stage, "LRN")
			case *nn.MaxPool2D:
				cl.stages = append(cl.stages, stage)
				stage = []string{}
			case *nn.Linear:
				cl.head = append(cl.head, fmt.Sprintf("FC-%d", x.Out))
				cl.weight++
			}
		})
		for i, s := range cl.stages {
			if i >= len(maxStage) {
				maxStage = append(maxStage, 0)
			}
			maxStage[i] = max(maxStage[i], len(s))
		}
		cols = append(cols, cl)
	}
	const cw, rh, gap = 92.0, 24.0, 6.0
	rows := 2 // title, depth
	for _, n := range maxStage {
		rows += n + 1
	}
	rows += len(cols[0].head)
	n := &dnode{kind: "grid", w: cw*float64(len(cols)) + gap*float64(len(cols)-1), h: rh * float64(rows)}
	n.draw = func(c *canvas, x, y float64) {
		for ci, cl := range cols {
			cx := x + float64(ci)*(cw+gap)
			c.text(cx+cw/2, y+rh*0.7, "middle", "t", cfgs[ci].label)
			c.text(cx+cw/2, y+rh*1.7, "middle", "s", fmt.Sprintf("%d layers", cl.weight))
			r := 2
			for si, s := range cl.stages {
				for i := 0; i < maxStage[si]; i++ {
					if i < len(s) {
						cls := "k-conv"
						if s[i] == "LRN" {
							cls = "k-norm"
						} else if strings.HasPrefix(s[i], "conv1-") {
							cls = "k-act"
						}
						fmt.Fprintf(&c.b, `<rect class="b %s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3"/>`, cls, cx, y+rh*float64(r)+1, cw, rh-2)
						c.text(cx+cw/2, y+rh*float64(r)+rh*0.72, "middle", "s", s[i])
					}
					r++
				}
				fmt.Fprintf(&c.b, `<rect class="b k-pool" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3"/>`, cx, y+rh*float64(r)+1, cw, rh-2)
				c.text(cx+cw/2, y+rh*float64(r)+rh*0.72, "middle", "s", "maxpool")
				r++
			}
			for _, h := range cl.head {
				fmt.Fprintf(&c.b, `<rect class="b k-fc" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3"/>`, cx, y+rh*float64(r)+1, cw, rh-2)
				c.text(cx+cw/2, y+rh*float64(r)+rh*0.72, "middle", "s", h)
				r++
			}
		}
	}
	caption := "Table 1 of the paper, read off the six registered models (vgg11, vgg11-lrn, vgg13, vgg16-c, vgg16, vgg19): convK-N is a K×K convolution with N filters, each followed by a ReLU; " +
		"rows of one stage line up, so a configuration's extra layers show as cells the others leave empty. C's 1×1 convolutions are shaded differently."
	return []panel{{Sub: "configurations A to E", SVG: svgDiagram(n, "VGG configurations")}}, caption, nil
}

func drawInceptionModules(b *builder) ([]panel, string, error) {
	m, err := b.modelOf("googlenet")
	if err != nil {
		return nil, "", err
	}
	const at = "inception3a"
	_, in, err := locate(m, at)
	if err != nil {
		return nil, "", err
	}
	var row googlenet.Row
	for _, r := range googlenet.Table1 {
		if r.Name == at {
			row = r
		}
	}
	naive, reduced := googlenet.Fig2(row, in[0])
	d := &drawer{fold: true, compact: true}
	var panels []panel
	var macs []int64
	for _, x := range []struct {
		m   nn.Module
		sub string
	}{{naive, "(a) naive"}, {reduced, "(b) with 1×1 reductions"}} {
		n, _, err := d.node(x.m, "", in)
		if err != nil {
			return nil, "", err
		}
		r, err := analyzeAt(x.m, in)
		if err != nil {
			return nil, "", err
		}
		macs = append(macs, r.MACs)
		panels = append(panels, panel{Sub: fmt.Sprintf("%s: %s MACs", x.sub, nn.Comma(r.MACs)), SVG: svgDiagram(withInput(n, in), x.sub)})
	}
	caption := fmt.Sprintf("Fig. 2 of the paper built as modules at %s's place (input %s, Table 1's widths); \"3×3, 128\" is a 3×3 convolution with 128 filters, each followed by a ReLU, under it the output shape nn.Analyze gives. The naive module concatenates the pooled input with the convolutions, so its output is wider than its input; "+
		"the 1×1 reductions shrink the channels before the 3×3 and 5×5 convolutions and after the pool: %.1f× fewer multiply-accumulates.", at, in, float64(macs[0])/float64(macs[1]))
	return panels, caption, nil
}

func drawGoogLeNetStack(b *builder) ([]panel, string, error) {
	d := &drawer{fold: true, collapse: func(path string, x nn.Module) (string, string, bool) {
		if _, ok := x.(*nn.Parallel); ok {
			return x.Name(), "k-conv", true
		}
		return "", "", false
	}}
	p, _, err := b.treePanel(d, "googlenet", "", "googlenet")
	if err != nil {
		return nil, "", err
	}
	caption := "The registered googlenet, top to bottom: each Inception module (a box, Fig. 2 (b) inside) with the shape nn.Analyze gives it; the dashed heads are the auxiliary classifiers, which run only in training and are dropped at test time."
	return []panel{p}, caption, nil
}

func drawResidualBlocks(b *builder) ([]panel, string, error) {
	d := &drawer{}
	a, _, err := b.treePanel(d, "resnet34", "layer1.0", "(a) basic block: resnet34 layer1.0")
	if err != nil {
		return nil, "", err
	}
	c, _, err := b.treePanel(d, "resnet34", "layer2.0", "(b) basic block with a projection: resnet34 layer2.0")
	if err != nil {
		return nil, "", err
	}
	e, _, err := b.treePanel(d, "resnet50", "layer1.0", "(c) bottleneck: resnet50 layer1.0")
	if err != nil {
		return nil, "", err
	}
	caption := "The blocks of the registered models, as the forward pass runs them. The branch computes F(x); the shortcut carries x (a plain line) or, where the shape changes, a 1×1 projection; the sum F(x) + x goes through the last ReLU. The bottleneck's 1×1 convolutions shrink to 64 channels and restore 256 around the 3×3."
	return []panel{a, c, e}, caption, nil
}

// drawResNetStack is the whole of resnet18 (d2l.ai's Fig. 8.6.4), one box
// per residual block, each with the output shape nn.Analyze gives it.
func drawResNetStack(b *builder) ([]panel, string, error) {
	d := &drawer{fold: true, collapse: func(path string, x nn.Module) (string, string, bool) {
		r, ok := x.(*nn.Residual)
		if !ok {
			return "", "", false
		}
		if r.Shortcut != nil {
			return path + ": block, projection", "k-conv", true
		}
		return path + ": basic block", "k-conv", true
	}}
	p, _, err := b.treePanel(d, "resnet18", "", "resnet18")
	if err != nil {
		return nil, "", err
	}
	caption := "The registered resnet18, top to bottom: the stem, four stages of two basic blocks each (every box is a block as in the figure above, with the shape nn.Analyze gives it), the global average pool and one fully connected layer. The first block of stages 2 to 4 halves the map and doubles the channels, so its shortcut is a 1×1 projection; every other shortcut is the identity."
	return []panel{p}, caption, nil
}

func drawPreActOrders(b *builder) ([]panel, string, error) {
	var panels []panel
	d := &drawer{}
	// The second block of the first stage: an identity block in every
	// order (the first block of (d) and (e) is preceded by the shared
	// pre-activation).
	const path = "layer1.1"
	for _, o := range variants.FigureFour {
		m := variants.ResNet110(o.Order)
		mod, in, err := locate(m, path)
		if err != nil {
			return nil, "", err
		}
		if r, ok := mod.(*nn.Residual); !ok || r.Shortcut != nil {
			return nil, "", fmt.Errorf("%s %s is a %T, not a residual block with an identity shortcut", m.Name, path, mod)
		}
		n, _, err := d.node(mod, path, in)
		if err != nil {
			return nil, "", err
		}
		panels = append(panels, panel{Sub: o.Label, SVG: svgDiagram(n, o.Label)})
	}
	caption := "He et al. 2016b Fig. 4, built: the same identity block of ResNet-110 (" + path + ") with BN, ReLU and the addition in the five orders the paper compared. Only (d) and (e) leave the shortcut path clean: nothing after the addition."
	return panels, caption, nil
}

func drawResNeXtForms(b *builder) ([]panel, string, error) {
	m, err := b.modelOf("resnext50_32x4d")
	if err != nil {
		return nil, "", err
	}
	const path = "layer1.0"
	mod, in, err := locate(m, path)
	if err != nil {
		return nil, "", err
	}
	res, ok := mod.(*nn.Residual)
	if !ok {
		return nil, "", fmt.Errorf("resnext50_32x4d %s is a %T", path, mod)
	}
	nn.InitParams(res, rand.New(rand.NewPCG(1, 2))) // Aggregate splits the weights
	agg := variants.Aggregate(res)
	d := &drawer{maxBranches: 4, compact: true}
	g, _, err := d.node(res, path, in)
	if err != nil {
		return nil, "", err
	}
	a, _, err := d.node(agg, path, in)
	if err != nil {
		return nil, "", err
	}
	caption := fmt.Sprintf("The block of resnext50_32x4d (%s) in the grouped form the model uses (b), and the same weights split into %d separate paths summed (a), built by variants.Aggregate; "+
		"the tests check that both forms compute the same output. Only the first paths and the last are drawn; \"1×1, 4\" is a 1×1 convolution with 4 filters, g32 a convolution in 32 groups.", path, len(agg.Branch.(*nn.Sequential).Layers[0].(*nn.Parallel).Branches))
	return []panel{
		{Sub: "(a) aggregated paths", SVG: svgDiagram(withInput(a, in), "aggregated")},
		{Sub: "(b) one grouped convolution", SVG: svgDiagram(withInput(g, in), "grouped")},
	}, caption, nil
}

func drawDenseBlock(b *builder) ([]panel, string, error) {
	d := &drawer{collapse: func(path string, x nn.Module) (string, string, bool) {
		s, ok := x.(*nn.Sequential)
		if !ok || !strings.Contains(path, "denselayer") {
			return "", "", false
		}
		var parts []string
		for _, l := range s.Layers {
			if c, ok := l.(*nn.Conv2D); ok {
				parts = append(parts, fmt.Sprintf("%d×%d, %d", c.KH, c.KW, c.Out))
			}
		}
		return s.Name() + ": " + strings.Join(parts, " → "), "k-conv", true
	}}
	p, mod, err := b.treePanel(d, "densenet121", "features.denseblock1", "densenet121 denseblock1")
	if err != nil {
		return nil, "", err
	}
	db, ok := mod.(*nn.DenseConcat)
	if !ok {
		return nil, "", fmt.Errorf("densenet121 features.denseblock1 is a %T", mod)
	}
	caption := fmt.Sprintf("The first dense block of densenet121: %d layers, each BN-ReLU-1×1 conv then BN-ReLU-3×3 conv, reading the concatenation of the block's input and every earlier layer's output. "+
		"Concatenating step by step is the same as each layer reading all earlier ones, which is how the module computes it; the channels grow by the growth rate at each step.", len(db.Layers))
	return []panel{p}, caption, nil
}

// drawFractal draws a FractalBlock as the paper's Fig. 1: columns side by
// side, column j with 2^(j−1) units, joins (mean) where columns end
// together.
func drawFractal(b *builder) ([]panel, string, error) {
	m, err := b.modelOf("fractalnet-20")
	if err != nil {
		return nil, "", err
	}
	var fb *nn.FractalBlock
	nn.Walk(m.Net, func(_ string, x nn.Module) {
		if f, ok := x.(*nn.FractalBlock); ok && fb == nil {
			fb = f
		}
	})
	if fb == nil {
		return nil, "", fmt.Errorf("fractalnet-20 has no FractalBlock")
	}
	C := len(fb.Columns)
	R := 1 << (C - 1)
	const colW, rowH, joinH, gap = 64.0, 40.0, 26.0, 10.0
	// joins after row r: m = 1 + trailing zeros of r+1 deepest columns
	joinsAfter := func(r int) int {
		n := 1
		for v := r + 1; v%2 == 0 && n < C; v /= 2 {
			n++
		}
		return n
	}
	rowY := make([]float64, R+1) // top of each row
	y := 30.0
	for r := 0; r < R; r++ {
		rowY[r] = y
		y += rowH
		if joinsAfter(r) >= 2 {
			y += joinH
		}
	}
	rowY[R] = y
	n := &dnode{kind: "grid", w: float64(C)*(colW+gap) + 100, h: y + 10}
	n.draw = func(c *canvas, x, y0 float64) {
		for j := 1; j <= C; j++ {
			cx := x + float64(j-1)*(colW+gap)
			c.text(cx+colW/2, y0+18, "middle", "s", fmt.Sprintf("col %d", j))
			span := 1 << (C - j)
			for i := 0; i < len(fb.Columns[j-1].Layers); i++ {
				top := rowY[i*span]
				bot := rowY[(i+1)*span-1] + rowH - 6
				fmt.Fprintf(&c.b, `<rect class="b k-conv" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="4"/>`, cx, y0+top, colW, bot-top)
				c.text(cx+colW/2, y0+(top+bot)/2+5, "middle", "s", "conv")
			}
		}
		for r := 0; r < R; r++ {
			if m := joinsAfter(r); m >= 2 {
				jy := y0 + rowY[r] + rowH
				lx := x + float64(C-m)*(colW+gap)
				rx := x + float64(C)*(colW+gap) - gap
				fmt.Fprintf(&c.b, `<rect class="j" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="9"/>`, lx, jy, rx-lx, joinH-8)
				c.text(rx+6, jy+joinH/2+1, "start", "s", fmt.Sprintf("mean of %d", m))
			}
		}
	}
	units := 0
	for _, col := range fb.Columns {
		units += len(col.Layers)
	}
	caption := fmt.Sprintf("f₁(z) = conv(z), f_{C+1}(z) = [(f_C ∘ f_C)(z)] ⊕ [conv(z)], unrolled for C = %d as fractalnet-20's %s holds it: column j has 2^(j−1) units (%d in all, 2^C − 1), "+
		"and where columns end together one join averages them. Each conv is 3×3 conv, BN, ReLU.", C, fb.Name(), units)
	return []panel{{Sub: fmt.Sprintf("%s of fractalnet-20, C = %d", fb.Name(), C), SVG: svgDiagram(n, "FractalNet block")}}, caption, nil
}

func drawSeparable(b *builder) ([]panel, string, error) {
	std, err := b.modelOf("mobilenet-v1-conv")
	if err != nil {
		return nil, "", err
	}
	sep, err := b.modelOf("mobilenet-v1")
	if err != nil {
		return nil, "", err
	}
	d := &drawer{fold: true}
	s1, in, err := locate(std, "conv2")
	if err != nil {
		return nil, "", err
	}
	dw, in2, err := locate(sep, "conv2_dw")
	if err != nil {
		return nil, "", err
	}
	pw, _, err := locate(sep, "conv2_pw")
	if err != nil {
		return nil, "", err
	}
	pair := nn.Seq("", dw, pw)
	var panels []panel
	var macs []int64
	for _, x := range []struct {
		m   nn.Module
		in  nn.Shape
		sub string
	}{{s1, in, "(a) standard 3×3 convolution (mobilenet-v1-conv conv2)"}, {pair, in2, "(b) depthwise 3×3 then pointwise 1×1 (mobilenet-v1 conv2_dw, conv2_pw)"}} {
		n, _, err := d.node(x.m, "", x.in)
		if err != nil {
			return nil, "", err
		}
		r, err := analyzeAt(x.m, x.in)
		if err != nil {
			return nil, "", err
		}
		macs = append(macs, r.MACs)
		panels = append(panels, panel{Sub: fmt.Sprintf("%s: %s MACs", x.sub, nn.Comma(r.MACs)), SVG: svgDiagram(withInput(n, x.in), x.sub)})
	}
	caption := fmt.Sprintf("The same layer of MobileNet in both forms, at the same input: the depthwise convolution filters each channel on its own, the pointwise one mixes channels; %.1f× fewer multiply-accumulates.", float64(macs[0])/float64(macs[1]))
	return panels, caption, nil
}
