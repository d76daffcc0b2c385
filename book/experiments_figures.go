package book

import (
	"fmt"
	"image/color"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The figures of the experiments of the ResNet, variants and AlexNet
// chapters (`book experiment NAME`), drawn from their committed records
// under results/NAME/: the book never trains.

var (
	residualColor = chapterColors[5] // vermilion, the ResNet chapter's
	plainColor    = chapterColors[3] // blue
)

// netLabel names a network of the residual experiments in a legend.
func netLabel(residual bool) string {
	if residual {
		return "residual"
	}
	return "plain"
}

// line adds a line with dots through xy.
func line(p *plot.Plot, xy plotter.XYs, c color.Color, dashed bool) (*plotter.Line, *plotter.Scatter, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, nil, err
	}
	l.Color, l.Width = c, vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, nil, err
	}
	s.Color, s.Shape, s.Radius = c, draw.CircleGlyph{}, vg.Points(2.2)
	p.Add(l, s)
	return l, s, nil
}

// hline adds a thin dashed horizontal line at y from x0 to x1.
func hline(p *plot.Plot, y, x0, x1 float64, c color.Color) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(0.8), []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(l)
	return l, nil
}

// drawLesionSingle: test accuracy with one block deleted, block by block.
func drawLesionSingle(b *builder) (*plot.Plot, string, error) {
	rec, err := results.LesionRecord()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Deleting one block at test time (MNIST)"
	p.X.Label.Text = "block deleted (1–6: first stage, 7–12: second)"
	p.Y.Label.Text = "test accuracy (%)"
	// The legend sits between the residual network's line (near the
	// top) and the plain network's (below 40 %).
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.YOffs, p.Legend.XOffs = -vg.Points(40), vg.Points(8)
	p.Y.Min, p.Y.Max = 0, 100
	var ticks []plot.Tick
	for i := range rec.Nets[0].Single {
		ticks = append(ticks, plot.Tick{Value: float64(i + 1), Label: fmt.Sprint(i + 1)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	var parts []string
	for _, n := range rec.Nets {
		c := plainColor
		if n.Residual {
			c = residualColor
		}
		xy := make(plotter.XYs, len(n.Single))
		for i, a := range n.Single {
			xy[i] = plotter.XY{X: float64(i + 1), Y: 100 * a}
		}
		l, s, err := line(p, xy, c, false)
		if err != nil {
			return nil, "", err
		}
		full, err := hline(p, 100*n.Full, 1, float64(len(n.Single)), c)
		if err != nil {
			return nil, "", err
		}
		p.Legend.Add(netLabel(n.Residual)+": one block deleted", l, s)
		p.Legend.Add(netLabel(n.Residual)+": no block deleted", full)
		sp, err := results.SpreadOf(n.Single)
		if err != nil {
			return nil, "", err
		}
		parts = append(parts, fmt.Sprintf("%s network %.1f %% with every block, %.1f %% on average with one deleted (from %.1f to %.1f %%)",
			netLabel(n.Residual), 100*n.Full, 100*sp.Mean, 100*sp.Min, 100*sp.Max))
	}
	caption := fmt.Sprintf("From results/lesion/lesion.json, written by go run ./cmd/book experiment lesion: two networks of %d deletable blocks trained on MNIST, then each block deleted in turn, accuracy on the first %d test images. A deleted residual block leaves its shortcut; a deleted plain block leaves nothing. The %s; chance is 10 %%.",
		rec.Nets[0].Blocks, rec.TestImages, parts[0]+"; the "+parts[1])
	return p, caption, nil
}

// drawLesionRandom: test accuracy with k blocks deleted at random, every
// draw as a dot, the mean with its 95 % Student-t interval.
func drawLesionRandom(b *builder) (*plot.Plot, string, error) {
	rec, err := results.LesionRecord()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Deleting k blocks at random (MNIST)"
	p.X.Label.Text = "blocks deleted (k)"
	p.Y.Label.Text = "test accuracy (%)"
	p.Y.Min, p.Y.Max = 0, 100
	p.Legend.Top = true
	var parts []string
	for _, n := range rec.Nets {
		c := plainColor
		if n.Residual {
			c = residualColor
		}
		mean := plotter.XYs{{X: 0, Y: 100 * n.Full}}
		var dots plotter.XYs
		var errs plotter.YErrors
		errs = append(errs, struct{ Low, High float64 }{})
		// k = 1: the single deletions are all its cases.
		random := append([]results.LesionK{{K: 1, Acc: n.Single}}, n.Random...)
		for _, d := range random {
			s, err := results.SpreadOf(d.Acc)
			if err != nil {
				return nil, "", err
			}
			mean = append(mean, plotter.XY{X: float64(d.K), Y: 100 * s.Mean})
			errs = append(errs, struct{ Low, High float64 }{100 * (s.Mean - s.Lo), 100 * (s.Hi - s.Mean)})
			for _, a := range d.Acc {
				dots = append(dots, plotter.XY{X: float64(d.K), Y: 100 * a})
			}
		}
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return nil, "", err
		}
		sc.Color, sc.Shape, sc.Radius = color.NRGBA{c.R, c.G, c.B, 0x60}, draw.CircleGlyph{}, vg.Points(1.6)
		p.Add(sc)
		l, s, err := line(p, mean, c, false)
		if err != nil {
			return nil, "", err
		}
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{mean, errs})
		if err != nil {
			return nil, "", err
		}
		eb.Color, eb.LineStyle.Width = c, vg.Points(1)
		p.Add(eb)
		p.Legend.Add(netLabel(n.Residual)+": mean, 95 % interval", l, s)
		p.Legend.Add(netLabel(n.Residual)+": one draw", sc)
		last := n.Random[len(n.Random)-1]
		ls, _ := results.SpreadOf(last.Acc)
		parts = append(parts, fmt.Sprintf("%s %.1f %% (draws from %.1f to %.1f %%)", netLabel(n.Residual), 100*ls.Mean, 100*ls.Min, 100*ls.Max))
	}
	last := rec.Nets[0].Random[len(rec.Nets[0].Random)-1]
	caption := fmt.Sprintf("From results/lesion/lesion.json (go run ./cmd/book experiment lesion): for each k, %d random sets of k of the %d blocks deleted at once (the same sets for both networks; for k = 1, each block once), accuracy on the first %d test images. Dots: single draws; line: their mean with its 95 %% Student-t interval. With %d blocks deleted: %s.",
		rec.Draws, rec.Nets[0].Blocks, rec.TestImages, last.K, parts[0]+", "+parts[1])
	return p, caption, nil
}

// drawDegradation: the training loss of each network after training, one
// dot per seed.
func drawDegradation(b *builder) (*plot.Plot, string, error) {
	rec, err := results.DegradationRecord()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Training loss after training, plain and residual (MNIST)"
	p.Y.Label.Text = "training loss (cross-entropy)"
	p.Y.Min = 0
	groups := degradationGroups(rec)
	var ticks []plot.Tick
	for i, g := range groups {
		c := plainColor
		if g.residual {
			c = residualColor
		}
		var xy plotter.XYs
		for _, r := range g.runs {
			xy = append(xy, plotter.XY{X: float64(i + 1), Y: r.TrainLoss})
		}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, "", err
		}
		s.Color, s.Shape, s.Radius = c, draw.CircleGlyph{}, vg.Points(3.5)
		p.Add(s)
		ticks = append(ticks, plot.Tick{Value: float64(i + 1), Label: fmt.Sprintf("%s, %d layers", netLabel(g.residual), g.layers)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = 0.5, float64(len(groups))+0.5
	caption := fmt.Sprintf("From results/degradation/degradation.json, written by go run ./cmd/book experiment degradation: "+
		"each network trained on %s MNIST training images, one dot per seed; the loss is the softmax cross-entropy on all of those images after training, in evaluation mode. %s",
		comma(rec.TrainImages), degradationSentence(groups))
	return p, caption, nil
}

// degradationGroup is one network of the degradation experiment over its seeds.
type degradationGroup struct {
	residual bool
	layers   int
	runs     []results.DegradationRun
}

// degradationGroups orders the runs plain then residual, shallow then deep.
func degradationGroups(rec *results.Degradation) []degradationGroup {
	var gs []degradationGroup
	for _, residual := range []bool{false, true} {
		var depths []int
		for _, r := range rec.Runs {
			if r.Residual == residual && !containsInt(depths, r.Layers) {
				depths = append(depths, r.Layers)
			}
		}
		sortInts(depths)
		for _, d := range depths {
			g := degradationGroup{residual: residual, layers: d}
			for _, r := range rec.Runs {
				if r.Residual == residual && r.Layers == d {
					g.runs = append(g.runs, r)
				}
			}
			gs = append(gs, g)
		}
	}
	return gs
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// degradationSentence states each network's loss range over its seeds.
func degradationSentence(gs []degradationGroup) string {
	var parts []string
	for _, g := range gs {
		lo, hi := g.runs[0].TrainLoss, g.runs[0].TrainLoss
		for _, r := range g.runs {
			lo, hi = min(lo, r.TrainLoss), max(hi, r.TrainLoss)
		}
		parts = append(parts, fmt.Sprintf("%s %d layers %.4f–%.4f", netLabel(g.residual), g.layers, lo, hi))
	}
	return "Loss over the seeds: " + joinParts(parts) + "."
}

func joinParts(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += "; "
		}
		out += p
	}
	return out
}

func comma(n int) string { return nn.Comma(int64(n)) }

// drawDegradationGrads: the plain networks' gradient norm per
// convolution, at the first step and averaged over training.
func drawDegradationGrads(b *builder) (*plot.Plot, string, error) {
	rec, err := results.DegradationRecord()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Plain networks: gradient norm per convolution (MNIST)"
	p.X.Label.Text = "convolution, from the input (0) to the output (1)"
	p.Y.Label.Text = "‖∂L/∂W‖ (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top = true
	var parts []string
	for _, r := range rec.Runs {
		if r.Residual || r.Seed != rec.Runs[0].Seed || len(r.Grads) == 0 {
			continue
		}
		n := len(r.Convs)
		first := make(plotter.XYs, n)
		mean := make(plotter.XYs, n)
		for i := range n {
			x := float64(i) / float64(max(n-1, 1))
			first[i] = plotter.XY{X: x, Y: r.Grads[0].Norms[i]}
			var s float64
			for _, g := range r.Grads {
				s += g.Norms[i]
			}
			mean[i] = plotter.XY{X: x, Y: s / float64(len(r.Grads))}
		}
		c := plainColor
		if r.Layers == rec.Runs[0].Layers {
			c = chapterColors[6]
		}
		l, sc, err := line(p, mean, c, false)
		if err != nil {
			return nil, "", err
		}
		l0, err := plotter.NewLine(first)
		if err != nil {
			return nil, "", err
		}
		l0.Color, l0.Width, l0.Dashes = c, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l0)
		p.Legend.Add(fmt.Sprintf("plain, %d layers: mean over training", r.Layers), l, sc)
		p.Legend.Add(fmt.Sprintf("plain, %d layers: first step", r.Layers), l0)
		parts = append(parts, fmt.Sprintf("%d layers: first convolution %.2f× the last at the first step, %.2f× averaged over training",
			r.Layers, first[0].Y/first[n-1].Y, mean[0].Y/mean[n-1].Y))
	}
	caption := fmt.Sprintf("From results/degradation/ (go run ./cmd/book experiment degradation): the norm of each convolution's weight gradient in the plain networks, seed %d, sampled every few steps during training. A vanishing gradient would fall towards the input. Ratios: %s.",
		rec.Runs[0].Seed, joinParts(parts))
	return p, caption, nil
}

// drawStochasticDepth: training seconds per epoch with and without
// stochastic depth, with the time the expected work predicts.
func drawStochasticDepth(b *builder) (*plot.Plot, string, error) {
	rec, err := results.StochasticDepthRecord()
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "Stochastic depth: training time per epoch (MNIST)"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "training seconds"
	p.Legend.Top = true
	p.Y.Min = 0
	sd := rec.Summary()
	shown := map[bool]bool{}
	epochs := 0
	for _, r := range rec.Runs {
		c := residualColor
		if r.Stochastic {
			c = chapterColors[6]
		}
		xy := make(plotter.XYs, len(r.EpochSeconds))
		for i, s := range r.EpochSeconds {
			xy[i] = plotter.XY{X: float64(i + 1), Y: s}
		}
		epochs = max(epochs, len(xy))
		l, s, err := line(p, xy, c, false)
		if err != nil {
			return nil, "", err
		}
		if !shown[r.Stochastic] {
			name := "every block"
			if r.Stochastic {
				name = "stochastic depth"
			}
			p.Legend.Add(name+" (one line per seed)", l, s)
			shown[r.Stochastic] = true
		}
	}
	// Room above the lines for the legend.
	top := 0.0
	for _, r := range rec.Runs {
		for _, s := range r.EpochSeconds {
			top = max(top, s)
		}
	}
	p.Y.Max = 1.4 * top
	l, err := hline(p, sd.FullSeconds*rec.ExpectedWork, 1, float64(epochs), chapterColors[6])
	if err != nil {
		return nil, "", err
	}
	p.Legend.Add("every block's mean × expected work", l)
	caption := fmt.Sprintf("From results/stochastic-depth/stochastic-depth.json, written by go run ./cmd/book experiment stochastic-depth: "+
		"the lesion study's residual network of %d blocks trained on %s MNIST images, with every block and with stochastic depth (survival from %.2f down to %.2f), epoch by epoch in turn, %d seeds each. "+
		"Expected blocks per pass %.2f of %d, expected work %.0f %% of a full pass; measured time %.0f %% of the full network's. Test accuracy %.2f %% with every block, %.2f %% with stochastic depth (means over the seeds).",
		rec.Blocks, comma(rec.TrainImages), rec.Survival[0], rec.Survival[len(rec.Survival)-1], sd.Seeds,
		rec.ExpectedBlocks, rec.Blocks, 100*rec.ExpectedWork, 100*sd.TimeRatio, 100*sd.FullAcc, 100*sd.SDAcc)
	return p, caption, nil
}

// drawTrainingRecipe: each ingredient's effect on test accuracy, paired
// by seed against the baseline, with its 95 % interval.
func drawTrainingRecipe(b *builder) (*plot.Plot, string, error) {
	rec, err := results.TrainingRecipeRecord()
	if err != nil {
		return nil, "", err
	}
	effects, err := results.RecipeEffects(rec)
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "The training recipe, one ingredient at a time (MNIST, small training set)"
	p.X.Label.Text = "change in test accuracy from the baseline (percentage points)"
	var ticks []plot.Tick
	var dots plotter.XYs
	var mean plotter.XYs
	var errs plotter.XErrors
	for i, e := range effects {
		y := float64(len(effects) - i)
		ticks = append(ticks, plot.Tick{Value: y, Label: e.Name})
		for _, d := range e.Diffs {
			dots = append(dots, plotter.XY{X: 100 * d, Y: y})
		}
		mean = append(mean, plotter.XY{X: 100 * e.Spread.Mean, Y: y})
		errs = append(errs, struct{ Low, High float64 }{100 * (e.Spread.Mean - e.Spread.Lo), 100 * (e.Spread.Hi - e.Spread.Mean)})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = 0.5, float64(len(effects))+0.5
	c := chapterColors[1]
	sc, err := plotter.NewScatter(dots)
	if err != nil {
		return nil, "", err
	}
	sc.Color, sc.Shape, sc.Radius = color.NRGBA{c.R, c.G, c.B, 0x70}, draw.CircleGlyph{}, vg.Points(2)
	ms, err := plotter.NewScatter(mean)
	if err != nil {
		return nil, "", err
	}
	ms.Color, ms.Shape, ms.Radius = color.Black, draw.CircleGlyph{}, vg.Points(3)
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYs
		plotter.XErrors
	}{mean, errs})
	if err != nil {
		return nil, "", err
	}
	eb.LineStyle.Width = vg.Points(1.2)
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0.5}, {X: 0, Y: float64(len(effects)) + 0.5}})
	if err != nil {
		return nil, "", err
	}
	zero.Color, zero.Width = color.Gray{0x80}, vg.Points(0.8)
	p.Add(zero, sc, eb, ms)
	p.Legend.Add("one seed", sc)
	p.Legend.Add("mean, 95 % interval", ms)
	p.Legend.Top = true
	base, _ := results.SpreadOf(effects[0].Base)
	var shows, not []string
	for _, e := range effects {
		if e.Shows() {
			shows = append(shows, fmt.Sprintf("%s %+.2f", e.Name, 100*e.Spread.Mean))
		} else {
			not = append(not, e.Name)
		}
	}
	caption := fmt.Sprintf("From results/training-recipe/training-recipe.json, written by go run ./cmd/book experiment training-recipe: "+
		"a LeNet-5-sized network trained for %d epochs on the first %s MNIST training images, %d seeds per setting; the baseline (He initialisation and nothing else) reaches %.2f %% test accuracy (95 %% interval %.2f–%.2f %%). "+
		"Each dot is one seed's setting minus the same seed's baseline. Effects whose interval excludes zero (points): %s. Not shown at this scale: %s.",
		rec.Epochs, comma(rec.TrainImages), len(rec.Seeds), 100*base.Mean, 100*base.Lo, 100*base.Hi, orNone(joinParts(shows)), orNone(joinParts(not)))
	return p, caption, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
