package book

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// drawLeNetTraining plots the committed lenet5 runs (results/): test and
// validation error per epoch, one line per seed. The book never trains:
// the curves are what `book train lenet5 -seed S` recorded.
func drawLeNetTraining(b *builder) (*plot.Plot, string, error) {
	runs, err := results.Seeds("lenet5")
	if err != nil {
		return nil, "", err
	}
	p := plot.New()
	style(p)
	p.Title.Text = "LeNet-5 (ReLU, max-pool) on MNIST, one line per seed"
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "error (%)"
	p.Y.Min = 0
	p.Legend.Top = true
	var finals []float64
	for i, r := range runs {
		test := make(plotter.XYs, len(r.Epochs))
		val := make(plotter.XYs, len(r.Epochs))
		for j, e := range r.Epochs {
			test[j] = plotter.XY{X: float64(e.Epoch), Y: 100 * (1 - e.TestAcc)}
			val[j] = plotter.XY{X: float64(e.Epoch), Y: 100 * (1 - e.ValAcc)}
		}
		c := chapterColors[(5+i)%len(chapterColors)]
		lt, err := plotter.NewLine(test)
		if err != nil {
			return nil, "", err
		}
		lt.Color, lt.Width = c, vg.Points(1.6)
		lv, err := plotter.NewLine(val)
		if err != nil {
			return nil, "", err
		}
		lv.Color, lv.Width, lv.Dashes = c, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
		pts, err := plotter.NewScatter(test)
		if err != nil {
			return nil, "", err
		}
		pts.Color, pts.Shape, pts.Radius = c, draw.CircleGlyph{}, vg.Points(2)
		p.Add(lt, lv, pts)
		p.Legend.Add(fmt.Sprintf("seed %d", r.Seed), lt, pts)
		finals = append(finals, r.FinalTestAcc)
	}
	s, err := results.SpreadOf(finals)
	if err != nil {
		return nil, "", err
	}
	last := runs[0].Epochs[len(runs[0].Epochs)-1]
	caption := fmt.Sprintf("From results/lenet5-seed*.json, written by go run ./cmd/book train lenet5 -seed S. "+
		"Solid: error on the %s test images after each epoch; dashed: on the %s validation images held out of the training set (the recipe was tuned on these). "+
		"Final test accuracy over %d seeds: %.2f %% (from %.2f to %.2f %%), after %d epochs of about %.0f s each on 2 cores (%.0f training images/s, %s kernel).",
		nn.Comma(int64(runs[0].TestImages)), nn.Comma(int64(runs[0].ValImages)), s.N, 100*s.Mean, 100*s.Min, 100*s.Max, len(runs[0].Epochs), runs[0].Seconds()/float64(len(runs[0].Epochs)), last.ImagesPS, runs[0].Kernel)
	return p, caption, nil
}
