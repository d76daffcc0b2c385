package resnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Models lists the chapter's networks in book order: the five Table 1
// models (the paper's stride placement), torchvision's v1.5 bottleneck
// models, the CIFAR-10 residual networks of Table 6 and their plain twins.
func Models() []nn.Entry {
	var out []nn.Entry
	for _, a := range Table1 {
		depth := a.Depth
		doc := fmt.Sprintf("He et al. 2016 Table 1, %d layers (basic blocks; torchvision 0.14's resnet%d)", depth, depth)
		if a.Bottleneck {
			doc = fmt.Sprintf("He et al. 2016 Table 1, %d layers (bottleneck blocks, stride on the first 1×1 as in the paper)", depth)
		}
		out = append(out, nn.Entry{Name: fmt.Sprintf("resnet%d", depth), Doc: doc,
			Build: func() *nn.Model { return ImageNet(depth, StrideAt1x1) }})
	}
	for _, a := range Table1 {
		if !a.Bottleneck {
			continue
		}
		depth := a.Depth
		out = append(out, nn.Entry{Name: fmt.Sprintf("resnet%d-tv", depth),
			Doc:   fmt.Sprintf("torchvision 0.14's resnet%d (v1.5: stride on the bottleneck's 3×3)", depth),
			Build: func() *nn.Model { return ImageNet(depth, StrideAt3x3) }})
	}
	for _, depth := range CIFARDepths {
		out = append(out, nn.Entry{Name: fmt.Sprintf("resnet%d", depth),
			Doc:   fmt.Sprintf("He et al. 2016 §4.2, CIFAR-10, %d layers (n = %d, option-A shortcuts)", depth, (depth-2)/6),
			Build: func() *nn.Model { return CIFAR(depth, true) }})
	}
	for _, depth := range PlainDepths {
		out = append(out, nn.Entry{Name: fmt.Sprintf("plain%d", depth),
			Doc:   fmt.Sprintf("He et al. 2016 §4.2 / Fig. 6, CIFAR-10 plain net, %d layers (resnet%d without shortcuts)", depth, depth),
			Build: func() *nn.Model { return CIFAR(depth, false) }})
	}
	return out
}
