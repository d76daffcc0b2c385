package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// FractalConfig describes a FractalNet for 32×32 CIFAR images (Larsson et
// al. 2017 §4): B blocks of C columns, each block followed by 2×2
// max-pooling, then a linear classifier on the 1×1 map.
type FractalConfig struct {
	Name     string
	Columns  int       // C
	Widths   []int     // channels of each block (B = len(Widths))
	Dropout  []float64 // dropout rate in each block (nil: none)
	Classes  int
	Local    float64 // local drop-path rate (0: none)
	Global   float64 // fraction of global drop-path passes
	DropPath bool    // false: no drop-path at all
}

// FractalNet20 is the 20-layer network of Larsson et al. 2017 Table 1:
// B = 5 blocks of C = 3 columns (5·2^(C−1) = 20 convolutions on the
// deepest path), "the number of filter channels within blocks 1 through 5
// as (64, 128, 256, 512, 512)", dropout rates (0%, 10%, 20%, 30%, 40%)
// per block, local drop-path at 15% and half the passes global (§4,
// "+ drop-path + dropout"), 10 classes.
var FractalNet20 = FractalConfig{
	Name:     "fractalnet-20",
	Columns:  3,
	Widths:   []int{64, 128, 256, 512, 512},
	Dropout:  []float64{0, 0.1, 0.2, 0.3, 0.4},
	Classes:  10,
	Local:    0.15,
	Global:   0.5,
	DropPath: true,
}

// FractalParamsM is Table 1's parameter count of the 20-layer FractalNet
// ("FractalNet (20 layers, 38.6M params)"), in millions.
const FractalParamsM = 38.6

// fractalUnit is the paper's "conv": a 3×3 convolution (pad 1) followed
// by dropout (if any), batch normalisation and ReLU, the order of the
// authors' Caffe generator (gustavla/fractalnet, generation/globals.crox:
// Convolution, Dropout, BatchNorm, ReLU). The convolution has no bias: the
// BN's shift takes its place (Caffe's BatchNorm has no affine parameters
// and its convolutions keep their bias instead; the count differs by one
// number per channel).
func fractalUnit(p float64) func(name string, in, out int) nn.Module {
	return func(name string, in, out int) nn.Module {
		u := nn.Seq(name, nn.NewConv2D("conv", in, out, 3, nn.Pad(1), nn.NoBias()))
		if p > 0 {
			u.Append(nn.NewDropout("dropout", p))
		}
		return u.Append(nn.NewBatchNorm2D("bn", out), nn.NewReLU("relu"))
	}
}

// Fractal builds a FractalNet: block1, pool1, …, blockB, poolB, fc. With
// drop-path the root is an nn.DropPathScope that draws each training pass
// local or global; the blocks share its nn.DropPath. The pools follow the
// join of each block, as the paper's Fig. 1 draws them. (The authors'
// Caffe generator pools every column before the last join instead; max
// pooling does not commute with the mean, so the two differ.)
//
//	x: (N, 3, 32, 32) → block_b at 32/2^(b−1) → pool → … → (N, 512, 1, 1) → fc → (N, classes)
func Fractal(cfg FractalConfig) *nn.Model {
	body := nn.Seq("")
	var drop *nn.DropPath
	if cfg.DropPath {
		drop = nn.NewDropPath(cfg.Local, cfg.Global)
	}
	in := 3
	for b, w := range cfg.Widths {
		p := 0.0
		if cfg.Dropout != nil {
			p = cfg.Dropout[b]
		}
		blk := nn.NewFractalBlock(fmt.Sprintf("block%d", b+1), cfg.Columns, in, w, fractalUnit(p))
		blk.Drop = drop
		body.Append(blk, nn.NewMaxPool2D(fmt.Sprintf("pool%d", b+1), 2, nn.Stride(2)))
		in = w
	}
	body.Append(nn.NewLinear("fc", in, cfg.Classes))
	var net nn.Module = nn.NewDropPathScope(cfg.Name, body, drop, cfg.Columns)
	if drop == nil {
		body.ModuleName = cfg.Name
		net = body
	}
	return &nn.Model{Name: cfg.Name, Input: nn.Shape{3, 32, 32}, Net: net}
}

// Column extracts column j (1-based; the deepest is C) of a FractalNet as
// a plain network sharing its units, pools and classifier: the paper's
// extracted subnetwork (Table 1's "⇒ deepest" rows: the deepest column
// alone, trained with global drop-path so that it works on its own). For
// the deepest column of fractalnet-20 it is a 20-layer plain
// convolutional network. m must be built by Fractal and 1 ≤ j ≤ C.
func Column(m *nn.Model, j int) *nn.Model {
	body := fractalBody(m)
	if body == nil {
		panic(fmt.Sprintf("variants: Column: %s is not a network built by Fractal", m.Name))
	}
	name := fmt.Sprintf("%s-column%d", m.Name, j)
	plain := nn.Seq(name)
	for _, l := range body.Layers {
		if b, ok := l.(*nn.FractalBlock); ok {
			if j < 1 || j > len(b.Columns) {
				panic(fmt.Sprintf("variants: Column: %s has columns 1 … %d, not %d", b.Name(), len(b.Columns), j))
			}
			col := b.Columns[j-1]
			plain.Append(nn.Seq(b.Name(), nn.Seq(col.Name(), col.Layers...)))
			continue
		}
		plain.Append(l)
	}
	return &nn.Model{Name: name, Input: m.Input, Net: plain}
}

// fractalBody is the Sequential of blocks, pools and classifier of a
// network built by Fractal (under its DropPathScope, if any), or nil.
func fractalBody(m *nn.Model) *nn.Sequential {
	switch n := m.Net.(type) {
	case *nn.DropPathScope:
		body, _ := n.Body.(*nn.Sequential)
		return body
	case *nn.Sequential:
		return n
	}
	return nil
}

// FractalRow is one block of a FractalNet in the table of columns, depth
// and paths.
type FractalRow struct {
	Block          string
	In, Out, Size  int   // channels and the block's spatial size
	Units          int   // convolutions in the block (2^C − 1)
	Depth          int   // convolutions on the deepest column (2^(C−1))
	Paths          int64 // input-to-output paths through the block
	Params         int64
	ShallowestPath int // convolutions on the shortest path (column 1: 1)
}

// FractalTable analyses each block of m on its own input.
func FractalTable(m *nn.Model) ([]FractalRow, error) {
	if _, err := m.Analyze(); err != nil {
		return nil, err
	}
	var rows []FractalRow
	shape := m.Input
	body := fractalBody(m)
	if body == nil {
		return nil, fmt.Errorf("variants: FractalTable: %s is not a network built by Fractal", m.Name)
	}
	for _, l := range body.Layers {
		r, err := nn.Analyze(l, shape)
		if err != nil {
			return nil, err
		}
		if b, ok := l.(*nn.FractalBlock); ok {
			units := 0
			for _, c := range b.Columns {
				units += len(c.Layers)
			}
			short := len(r.Paths)
			for i, c := range r.Paths {
				if c.Sign() != 0 {
					short = i
					break
				}
			}
			rows = append(rows, FractalRow{Block: b.Name(), In: shape[0], Out: r.Output[0], Size: shape[1],
				Units: units, Depth: r.Depth, Paths: r.PathCount().Int64(), Params: r.Params, ShallowestPath: short})
		}
		shape = r.Output
	}
	return rows, nil
}

// DropPathCheck runs a two-column fractal block (2 → 2 channels, 3×3
// units) to show what training and test do with its paths:
//
//	evalDiff:  max |eval output − mean of the two columns| (0: the test
//	           network uses every path, averaged, nothing rescaled);
//	changed:   of passes training passes with local drop-path at rate 0.5,
//	           how many dropped one of the columns (the output is then the
//	           other column alone).
func DropPathCheck(passes int, seed uint64) (evalDiff float64, changed int) {
	b := nn.NewFractalBlock("block", 2, 2, 2, func(name string, in, out int) nn.Module {
		return nn.Seq(name, nn.NewConv2D("conv", in, out, 3, nn.Pad(1)), nn.NewReLU("relu"))
	})
	rng := nn.NewRNG(seed)
	nn.InitParams(b, rng)
	b.Drop = nn.NewDropPath(0.5, 0)
	x := nn.NewTensor(1, 2, 4, 4)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	c1, c2 := b.Columns[0].Forward(nn.Eval, x), b.Columns[1].Forward(nn.Eval, x)
	mean := nn.ZerosLike(c1)
	for i := range mean.Data {
		mean.Data[i] = (c1.Data[i] + c2.Data[i]) / 2
	}
	ye := b.Forward(nn.Eval, x)
	evalDiff = maxDiff(ye, mean)
	ctx := &nn.Ctx{Train: true, Rng: rng}
	for i := 0; i < passes; i++ {
		if maxDiff(b.Forward(ctx, x), ye) > 0 {
			changed++
		}
	}
	return evalDiff, changed
}
