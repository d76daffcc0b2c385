package googlenet_test

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/nn"
)

// Fig. 2 side by side at inception3a's input (28×28×192): the 1×1
// reductions cut both the output channels and the compute.
func ExampleFig2() {
	naive, reduced := googlenet.Fig2(googlenet.Table1[2], 192)
	fmt.Printf("%-11s %9s %8s %12s\n", "module", "output", "params", "MACs")
	for _, m := range []struct {
		name string
		m    nn.Module
	}{{"naive (a)", naive}, {"reduced (b)", reduced}} {
		r, _ := nn.Analyze(m.m, nn.Shape{192, 28, 28})
		fmt.Printf("%-11s %9s %8s %12s\n", m.name, r.Output, nn.Comma(r.Params), nn.Comma(r.MACs))
	}
	// Output:
	// module         output   params         MACs
	// naive (a)   416×28×28  387,296  303,464,448
	// reduced (b) 256×28×28  163,696  128,049,152
}

// Table 1's "params" and "ops" beside a direct count of the network it
// describes (weights without biases; MACs of conv and fc).
func ExampleTable1() {
	m := googlenet.New(googlenet.Options{})
	rep, _ := m.Analyze()
	fmt.Printf("%-11s %14s %9s %7s %11s %7s\n", "row", "Table 1 params", "counted", "÷1024", "Table 1 ops", "counted")
	for _, r := range googlenet.Table1 {
		var weights, macs int64
		for _, k := range r.KeysOf() {
			for _, p := range nn.AllParams(nn.Find(m.Net, k)) {
				if p.Name == "weight" {
					weights += p.Size()
				}
			}
			for _, row := range rep.Rows {
				if row.Name == k || strings.HasPrefix(row.Name, k+".") {
					macs += row.MACs
				}
			}
		}
		fmt.Printf("%-11s %14s %9s %7s %11s %7s\n", r.Name, fmt.Sprintf("%gK", r.ParamsK), nn.Comma(weights),
			fmt.Sprintf("%.1fK", float64(weights)/1024), fmt.Sprintf("%gM", r.OpsM), fmt.Sprintf("%.1fM", float64(macs)/1e6))
	}
	// Output:
	// row         Table 1 params   counted   ÷1024 Table 1 ops counted
	// conv1                 2.7K     9,408    9.2K         34M  118.0M
	// conv2                 112K   114,688  112.0K        360M  359.7M
	// inception3a           159K   163,328  159.5K        128M  128.0M
	// inception3b           380K   388,096  379.0K        304M  304.3M
	// inception4a           364K   375,552  366.8K         73M   73.6M
	// inception4b           437K   448,512  438.0K         88M   87.9M
	// inception4c           463K   509,440  497.5K        100M   99.9M
	// inception4d           580K   604,672  590.5K        119M  118.5M
	// inception4e           840K   867,328  847.0K        170M  170.0M
	// inception5a          1072K 1,042,432 1018.0K         54M   51.1M
	// inception5b          1388K 1,442,816 1409.0K         71M   70.7M
	// fc                   1000K 1,024,000 1000.0K          1M    1.0M
}

// The paper's network and torchvision's next to each other.
func ExampleModels() {
	fmt.Printf("%-12s %10s %9s %5s %5s %3s\n", "model", "params", "inference", "MACs", "depth", "RF")
	for _, e := range googlenet.Models() {
		r, _ := e.Build().Analyze()
		fmt.Printf("%-12s %10s %9s %4.2fG %5d %3d\n", e.Name, nn.Comma(r.Params), nn.Comma(r.InferenceParams), float64(r.MACs)/1e9, r.Depth, r.RF.Size)
	}
	// Output:
	// model            params inference  MACs depth  RF
	// googlenet    13,378,280 6,998,552 1.58G    22 715
	// googlenet-tv 13,004,888 6,624,904 1.50G    22 379
}

// The Inception (3a) module of GoogLeNet as in the paper (conv + bias +
// ReLU, a real 5×5): 64 + 128 + 32 + 32 = 256 channels out, and the
// 128M operations of Szegedy et al. 2015 Table 1.
func ExampleInception() {
	m := googlenet.Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, googlenet.InceptionOpts{})
	r, _ := nn.Analyze(m, nn.Shape{192, 28, 28})
	fmt.Printf("output %v, params %s, MACs %s\n", r.Output, nn.Comma(r.Params), nn.Comma(r.MACs))
	for _, p := range nn.AllParams(m)[:4] {
		fmt.Println(p.Key, p.Shape)
	}
	// Output:
	// output 256×28×28, params 163,696, MACs 128,049,152
	// branch1.conv.weight [64 192 1 1]
	// branch1.conv.bias [64]
	// branch2.0.conv.weight [96 192 1 1]
	// branch2.0.conv.bias [96]
}
