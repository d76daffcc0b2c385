package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Models lists the chapter's networks in the order of the notes' section
// 7: pre-activation and wide ResNets, ResNeXt, stochastic depth,
// FractalNet, DenseNet, MobileNet.
func Models() []nn.Entry {
	var out []nn.Entry
	for _, d := range PreActDepths {
		doc := fmt.Sprintf("He et al. 2016b, full pre-activation, CIFAR-10, %d layers", d)
		if d == 110 {
			doc += " (two-layer units)"
		} else {
			doc += " (bottleneck units)"
		}
		out = append(out, nn.Entry{Name: fmt.Sprintf("preact-resnet%d", d), Doc: doc,
			Build: func() *nn.Model { return PreActResNet(d) }})
	}
	for _, w := range WRNTable {
		out = append(out, nn.Entry{Name: fmt.Sprintf("wrn-%d-%d", w.Depth, w.K),
			Doc:   fmt.Sprintf("Zagoruyko & Komodakis 2016, Wide ResNet, CIFAR-10, depth %d, width k = %d", w.Depth, w.K),
			Build: func() *nn.Model { return WRN(w.Depth, w.K) }})
	}
	out = append(out,
		nn.Entry{Name: "wide_resnet50_2", Doc: "torchvision 0.14's wide_resnet50_2 (ResNet-50 with every bottleneck twice as wide)",
			Build: WideResNet50},
		nn.Entry{Name: "resnext50_32x4d", Doc: "torchvision 0.14's resnext50_32x4d (Xie et al. 2017, cardinality 32, width 4)",
			Build: func() *nn.Model { return ResNeXt50(32, 4) }},
		nn.Entry{Name: "resnet110-sd", Doc: "Huang et al. 2016, ResNet-110 with stochastic depth (linear decay to p_L = 0.5), CIFAR-10",
			Build: StochasticDepth110},
		nn.Entry{Name: FractalNet20.Name, Doc: "Larsson et al. 2017, FractalNet, B = 5 blocks of C = 3 columns, drop-path and dropout, CIFAR-10",
			Build: func() *nn.Model { return Fractal(FractalNet20) }},
	)
	for _, cfg := range []DenseConfig{DenseNet121, DenseNet169, DenseNet201} {
		out = append(out, nn.Entry{Name: cfg.Name,
			Doc:   fmt.Sprintf("torchvision 0.14's %s (Huang et al. 2017, k = %d, blocks %v)", cfg.Name, cfg.Growth, cfg.Blocks),
			Build: func() *nn.Model { return DenseNet(cfg) }})
	}
	out = append(out, nn.Entry{Name: DenseNetBC100.Name, Doc: "Huang et al. 2017, DenseNet-BC (L = 100, k = 12), CIFAR-10",
		Build: func() *nn.Model { return DenseNet(DenseNetBC100) }})
	for _, r := range MobileNetTables {
		doc := fmt.Sprintf("Howard et al. 2017, MobileNet v1, width α = %g, resolution %d", r.Alpha, r.Resolution)
		if r.Standard {
			doc = "Howard et al. 2017 Table 4, \"Conv MobileNet\": MobileNet v1 with full 3×3 convolutions"
		}
		out = append(out, nn.Entry{Name: MobileNetName(r.Alpha, r.Resolution, r.Standard), Doc: doc,
			Build: func() *nn.Model { return MobileNet(r.Alpha, r.Resolution, r.Standard) }})
	}
	return out
}
