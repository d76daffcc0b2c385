package zfnet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
)

// Values returns the numbers the chapter's prose shows, computed from the
// two ZFNet models and their analysis (`book:value zfnet/NAME`).
func Values() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	m := ZFNet()
	rep, err := m.Analyze()
	if err != nil {
		return nil, fmt.Errorf("zfnet values: %w", err)
	}
	wide, err := ZFNet512().Analyze()
	if err != nil {
		return nil, fmt.Errorf("zfnet values: %w", err)
	}
	add("params", nn.Comma(rep.Params), "nn.Analyze(zfnet).Params")
	add("wide-params", nn.Comma(wide.Params), "nn.Analyze(zfnet-512).Params")
	add("input", fmt.Sprintf("%d×%d", m.Input[1], m.Input[2]), "zfnet's input")
	var sizes, rfs []string
	seen := map[int]bool{}
	for _, r := range rep.Rows {
		if len(r.Out) == 3 && !seen[r.Out[1]] {
			seen[r.Out[1]] = true
			sizes = append(sizes, fmt.Sprint(r.Out[1]))
		}
		if _, ok := r.Module.(*nn.Conv2D); ok {
			rfs = append(rfs, fmt.Sprint(r.RF.Size))
		}
	}
	add("sizes", strings.Join(sizes[:len(sizes)-1], ", ")+" and "+sizes[len(sizes)-1], "distinct map sizes of nn.Analyze(zfnet)'s rows")
	add("conv-rfs", strings.Join(rfs[:len(rfs)-1], ", ")+" and "+rfs[len(rfs)-1], "receptive fields of conv1 … conv5 (nn.Analyze(zfnet))")
	add("conv5-rf", rfs[len(rfs)-1], "receptive field of conv5")
	add("fc6-rf", fmt.Sprint(rep.RF.Size), "nn.Analyze(zfnet).RF.Size at fc6's input")
	conv1 := nn.Find(m.Net, "conv1").(*nn.Conv2D)
	c1in := m.Input[1]
	add("conv1-nopad", fmt.Sprint((c1in-conv1.KH)/conv1.SH+1), "⌊(224 − 7)/2⌋ + 1 without padding")
	var widths []string
	for _, n := range []string{"conv3", "conv4", "conv5"} {
		widths = append(widths, fmt.Sprint(nn.Find(nn.Module(ZFNet512().Net), n).(*nn.Conv2D).Out))
	}
	add("wide-widths", strings.Join(widths, "-"), "zfnet-512: conv3, conv4, conv5 filters")
	var narrow []string
	for _, n := range []string{"conv3", "conv4", "conv5"} {
		narrow = append(narrow, fmt.Sprint(nn.Find(m.Net, n).(*nn.Conv2D).Out))
	}
	add("widths", strings.Join(narrow, ", "), "zfnet: conv3, conv4, conv5 filters")
	add("transpose-miss", fmt.Sprintf("%.0f%%", 100*transposeResidual()), "transposeResidual(): ‖Wᵀ(Wx)·a − x‖/‖x‖ at the best scale a, random 3→8 3×3 conv")
	trained, err := TrainedValues()
	if err != nil {
		return nil, err
	}
	return append(out, trained...), nil
}
