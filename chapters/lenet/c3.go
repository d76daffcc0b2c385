package lenet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// TableI is Table I of LeCun et al. 1998 as printed: row r is S2's map r,
// column c is C3's map c, and an X marks that C3's map c reads S2's map r.
// "The first six C3 feature maps take inputs from every contiguous subsets
// of three feature maps in S2. The next six take input from every
// contiguous subset of four. The next three take input from some
// discontinuous subsets of four. Finally, the last one takes input from
// all S2 feature maps." (§II.B)
var TableI = [6]string{
	"X   XXX  XXXX XX",
	"XX   XXX  XXXX X",
	"XXX   XXX  X XXX",
	" XXX  XXXX  X XX",
	"  XXX  XXXX XX X",
	"   XXX  XXXX XXX",
}

// C3Table returns Table I by column: C3Table()[c] lists, ascending, the S2
// maps that C3's map c reads.
func C3Table() [][]int {
	cols := make([][]int, len(TableI[0]))
	for r, row := range TableI {
		for c, mark := range row {
			if mark == 'X' {
				cols[c] = append(cols[c], r)
			}
		}
	}
	return cols
}

// PartialConv2D is a convolution in which each output map reads only the
// input maps its connection table lists: LeNet-5's C3. "Why not connect
// every S2 feature map to every C3 feature map? The reason is twofold.
// First, a non-complete connection scheme keeps the number of connections
// within reasonable bounds. More importantly, it forces a break of
// symmetry in the network." (§II.B). Stride 1, no padding.
//
//	x: (N, In, H, W) → y: (N, Out, H−K+1, W−K+1)
//	y[n,o,i,j] = b[o] + Σ_{t, m = Table[o][t]} Σ_{u,v<K} W[first[o]+t, u, v] · x[n, m, i+u, j+v]
//
// Weight holds one K×K kernel per connection, in table order, so C3 has
// 60·25 + 16 = 1,516 parameters rather than a full layer's 16·6·25 + 16 = 2,416.
type PartialConv2D struct {
	nn.Base
	In, Out, K int
	Table      [][]int   // Table[o]: the input maps of output map o
	Weight     *nn.Param // (connections, K, K)
	Bias       *nn.Param // (Out)
	first      []int     // first[o]: index in Weight of output o's first kernel

	x *nn.Tensor // cached input
}

// NewPartialConv2D declares a K×K convolution from in maps to len(table)
// maps wired by table.
func NewPartialConv2D(name string, in, k int, table [][]int) *PartialConv2D {
	l := &PartialConv2D{Base: nn.Base{ModuleName: name}, In: in, Out: len(table), K: k, Table: table}
	conns := 0
	for o, maps := range table {
		if len(maps) == 0 {
			panic(fmt.Sprintf("lenet: %s: output map %d reads no input map", name, o))
		}
		for _, m := range maps {
			if m < 0 || m >= in {
				panic(fmt.Sprintf("lenet: %s: output map %d reads map %d of %d", name, o, m, in))
			}
		}
		l.first = append(l.first, conns)
		conns += len(maps)
	}
	l.Weight = nn.NewParam("weight", nn.InitUniform, conns, k, k)
	l.Bias = nn.NewParam("bias", nn.InitUniform, l.Out)
	// ±2.4/F_i with the mean fan-in; Init draws each map with its own F_i.
	fanIn(conns*k*k/l.Out, l.Weight, l.Bias)
	return l
}

func (l *PartialConv2D) Params() []*nn.Param { return []*nn.Param{l.Weight, l.Bias} }

// Connections is the number of (output map, input map) pairs: 60 in C3.
func (l *PartialConv2D) Connections() int { return l.Weight.Shape[0] }

// String draws the table as Table I prints it (rows: input maps).
func (l *PartialConv2D) String() string {
	var b strings.Builder
	for m := 0; m < l.In; m++ {
		for o := 0; o < l.Out; o++ {
			mark := ' '
			for _, x := range l.Table[o] {
				if x == m {
					mark = 'X'
				}
			}
			b.WriteRune(mark)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Analyze: MACs = connections·K²·OH·OW (150,000 in C3).
func (l *PartialConv2D) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	if len(in.Shape) != 3 {
		return nn.Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	c, h, w := in.Shape.CHW()
	if c != l.In {
		return nn.Flow{}, a.Errorf("expects %d input maps, receives %d (input %v)", l.In, c, in.Shape)
	}
	oh, err := a.WindowOut(h, l.K, 1, 0, 1, false)
	if err != nil {
		return nn.Flow{}, err
	}
	ow, err := a.WindowOut(w, l.K, 1, 0, 1, false)
	if err != nil {
		return nn.Flow{}, err
	}
	macs := a.Count("MACs", int64(l.Connections()), int64(l.K*l.K), int64(oh), int64(ow))
	return a.Leaf(l, in, nn.LeafInfo{Type: "PartialConv2d", Out: nn.Shape{l.Out, oh, ow}, MACs: macs,
		Weighted: true, Window: &nn.Window{K: l.K, S: 1}}), nil
}

// Forward correlates each output map with the input maps of its table.
//
//	x: (N, In, H, W) → y: (N, Out, H−K+1, W−K+1)
func (l *PartialConv2D) Forward(c *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	if len(x.Shape) != 4 || x.Shape[1] != l.In {
		panic(nn.ShapeErrorf("lenet", l.Name(), "input %v, want (N, %d, H, W)", x.Shape, l.In))
	}
	n, h, w, k := x.Shape[0], x.Shape[2], x.Shape[3], l.K
	oh, ow := h-k+1, w-k+1
	y := nn.NewTensor(n, l.Out, oh, ow)
	l.x = x
	for b := 0; b < n; b++ {
		for o, maps := range l.Table {
			out := y.Data[(b*l.Out+o)*oh*ow : (b*l.Out+o+1)*oh*ow]
			for i := range out {
				out[i] = l.Bias.Data[o]
			}
			for t, m := range maps {
				in := x.Data[(b*l.In+m)*h*w : (b*l.In+m+1)*h*w]
				ker := l.Weight.Data[(l.first[o]+t)*k*k : (l.first[o]+t+1)*k*k]
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						var s float32
						for u := 0; u < k; u++ {
							row := in[(i+u)*w+j:]
							for v := 0; v < k; v++ {
								s += ker[u*k+v] * row[v]
							}
						}
						out[i*ow+j] += s
					}
				}
			}
		}
	}
	return y
}

// Backward:
//
//	dW[first[o]+t, u, v] += Σ_{n,i,j} dy[n,o,i,j] · x[n, m, i+u, j+v]
//	dx[n, m, i+u, j+v]   += W[first[o]+t, u, v] · dy[n,o,i,j]
//	dB[o]                += Σ_{n,i,j} dy[n,o,i,j]
func (l *PartialConv2D) Backward(dy *nn.Tensor) *nn.Tensor {
	x := l.x
	n, h, w, k := x.Shape[0], x.Shape[2], x.Shape[3], l.K
	oh, ow := h-k+1, w-k+1
	dx := nn.ZerosLike(x)
	for b := 0; b < n; b++ {
		for o, maps := range l.Table {
			g := dy.Data[(b*l.Out+o)*oh*ow : (b*l.Out+o+1)*oh*ow]
			if l.Bias.Grad != nil {
				var db float32
				for _, v := range g {
					db += v
				}
				l.Bias.Grad[o] += db
			}
			for t, m := range maps {
				in := x.Data[(b*l.In+m)*h*w : (b*l.In+m+1)*h*w]
				din := dx.Data[(b*l.In+m)*h*w : (b*l.In+m+1)*h*w]
				off := (l.first[o] + t) * k * k
				ker := l.Weight.Data[off : off+k*k]
				var dker []float32
				if l.Weight.Grad != nil {
					dker = l.Weight.Grad[off : off+k*k]
				}
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						gij := g[i*ow+j]
						for u := 0; u < k; u++ {
							row, drow := in[(i+u)*w+j:], din[(i+u)*w+j:]
							for v := 0; v < k; v++ {
								drow[v] += ker[u*k+v] * gij
								if dker != nil {
									dker[u*k+v] += row[v] * gij
								}
							}
						}
					}
				}
			}
		}
	}
	return dx
}
