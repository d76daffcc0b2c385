package nn

import "testing"

// auxNet exposes a network with an auxiliary head as one module whose
// output is [main output, aux head output] per sample, so that gradCheck
// sees the total loss L = Σ r·y_main + Σ r'·y_aux (GoogLeNet §5 adds the
// auxiliary losses to the total loss, weighted by 0.3; here the weights
// are in r').
type auxNet struct {
	Base
	net        *Sequential
	aux        *Aux
	nMain, nAx int
}

func (m *auxNet) Children() []Module                         { return []Module{m.net} }
func (m *auxNet) Analyze(a *Analyzer, in Flow) (Flow, error) { return a.Child(m.net, in) }

func (m *auxNet) Forward(c *Ctx, x *Tensor) *Tensor {
	y := m.net.Forward(c, x)
	n := y.Shape[0]
	out := NewTensor(n, m.nMain+m.nAx)
	for b := 0; b < n; b++ {
		copy(out.Data[b*(m.nMain+m.nAx):], y.Data[b*m.nMain:(b+1)*m.nMain])
		copy(out.Data[b*(m.nMain+m.nAx)+m.nMain:], m.aux.Out.Data[b*m.nAx:(b+1)*m.nAx])
	}
	return out
}

func (m *auxNet) Backward(dy *Tensor) *Tensor {
	n := dy.Shape[0]
	dMain, dAux := NewTensor(n, m.nMain), NewTensor(n, m.nAx)
	for b := 0; b < n; b++ {
		copy(dMain.Data[b*m.nMain:(b+1)*m.nMain], dy.Data[b*(m.nMain+m.nAx):])
		copy(dAux.Data[b*m.nAx:(b+1)*m.nAx], dy.Data[b*(m.nMain+m.nAx)+m.nMain:])
	}
	m.aux.DOut = dAux
	return m.net.Backward(dMain)
}

func TestAux(t *testing.T) {
	aux := NewAux("aux1", Seq("", NewLinear("fc", 4, 3), NewTanh("tanh")))
	net := Seq("", NewLinear("fc1", 5, 4), NewTanh("t1"), aux, NewLinear("fc2", 4, 2))
	m := &auxNet{Base: Base{"net"}, net: net, aux: aux, nMain: 2, nAx: 3}
	initParams(m, 1)
	x := randInput(2, 3, 5)
	checkGrad(t, m, x, true)

	// Eval: the head does not run, the input passes through, and the
	// analysis counts the head's parameters in the total only.
	if y := aux.Forward(Eval, x); y != x || aux.Out != nil {
		t.Errorf("eval: got a new tensor or a head output, want the input unchanged and Out nil")
	}
	r, err := Analyze(net, Shape{5})
	if err != nil {
		t.Fatal(err)
	}
	if head := int64(4*3 + 3); r.Params-r.InferenceParams != head {
		t.Errorf("params minus inference params got %d, want the head's %d", r.Params-r.InferenceParams, head)
	}
}
