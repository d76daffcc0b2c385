package alexnet_test

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/alexnet"
	"github.com/cnnbook/cnnbook/nn"
)

// The paper's network layer by layer, both towers added up: the five
// convolutions hold 2.3M of the 61.0M parameters but do 666M of the 724M
// multiply-accumulates; the three fully connected layers hold the rest.
func ExampleAlexNet() {
	m := alexnet.AlexNet()
	rep, err := m.Analyze()
	if err != nil {
		panic(err)
	}
	type layer struct {
		name         string
		out          nn.Shape
		params, macs int64
	}
	var layers []*layer
	seen := map[string]*layer{}
	for _, r := range rep.Rows {
		switch r.Module.(type) {
		case *nn.Conv2D, *nn.Linear, *nn.MaxPool2D:
		default:
			continue
		}
		name := r.Name[strings.LastIndex(r.Name, ".")+1:] // gpu1.conv1 → conv1
		l := seen[name]
		if l == nil {
			l = &layer{name: name, out: append(nn.Shape(nil), r.Out...)}
			seen[name] = l
			layers = append(layers, l)
		} else if len(r.Out) == 3 {
			l.out[0] += r.Out[0] // the other tower's maps
		}
		l.params += r.Params
		l.macs += r.MACs
	}
	fmt.Printf("%-5s %10s %11s %12s\n", "layer", "output", "params", "MACs")
	for _, l := range layers {
		fmt.Printf("%-5s %10s %11s %12s\n", l.name, l.out, nn.Comma(l.params), nn.Comma(l.macs))
	}
	fmt.Printf("input %v: params %s, MACs %s, depth %d\n", rep.Input, nn.Comma(rep.Params), nn.Comma(rep.MACs), rep.Depth)
	// Output:
	// layer     output      params         MACs
	// conv1   96×55×55      34,944  105,415,200
	// pool1   96×27×27           0            0
	// conv2  256×27×27     307,456  223,948,800
	// pool2  256×13×13           0            0
	// conv3  384×13×13     885,120  149,520,384
	// conv4  384×13×13     663,936  112,140,288
	// conv5  256×13×13     442,624   74,760,192
	// pool5    256×6×6           0            0
	// fc6         4096  37,752,832   37,748,736
	// fc7         4096  16,781,312   16,777,216
	// fc8         1000   4,097,000    4,096,000
	// input 3×227×227: params 60,965,224, MACs 724,406,816, depth 8
}

// Where the two GPUs talk to each other.
func ExampleExchanges() {
	fmt.Println(alexnet.Exchanges(alexnet.AlexNet().Net))
	// Output:
	// [conv3 fc6 fc7 fc8]
}

// The input the layers need: 224 (the paper's text) and 277 (the notes)
// cannot give fc6 its 256·6·6 = 9,216 inputs; 227 can.
func ExampleSides() {
	net := alexnet.AlexNet().Net
	for _, side := range []int{224, 227, 277} {
		_, err := nn.Analyze(net, nn.Shape{3, side, side})
		fmt.Printf("%d: %v\n", side, err)
	}
	fit, exact := alexnet.Sides(200, 300)
	fmt.Printf("sides that fit: %d…%d; every window tiles at: %v\n", fit[0], fit[len(fit)-1], exact)
	// Output:
	// 224: fc6: expects 9,216 inputs, receives 6,400 (= 256×5×5)
	// 227: <nil>
	// 277: fc6: expects 9,216 inputs, receives 12,544 (= 256×7×7)
	// sides that fit: 227…258; every window tiles at: [227]
}
