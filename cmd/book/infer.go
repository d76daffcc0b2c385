package main

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/data/imagenet"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// infer runs a model in eval mode on weights from a safetensors file:
//
//	book infer -model NAME -weights W.safetensors -input X.safetensors -o Y.safetensors
//	book infer -model NAME -weights W.safetensors -image F.jpg [-top 5]
//
// With -input, X's tensor "input" (N, C, H, W) float32 goes through the
// network and the logits are written to Y as "output" (N, classes). With
// -image, the PNG/JPEG is preprocessed as torchvision's ImageNet transform
// (data/imagenet) and the top classes are printed.
func infer(args []string, stdout io.Writer) error {
	fs := newFlags("infer")
	model := fs.String("model", "", "model `NAME` (see book models)")
	wpath := fs.String("weights", "", "safetensors file with the model's tensors, torchvision's keys")
	input := fs.String("input", "", `safetensors file with tensor "input" (N, C, H, W) float32`)
	output := outputFlag(fs, `where to write tensor "output" (the logits), with -input`)
	image := fs.String("image", "", "a PNG or JPEG to classify (resize 256, centre-crop 224, normalise)")
	top := fs.Int("top", 5, "how many classes to print, with -image")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("infer: unexpected argument %q", fs.Arg(0))
	case *model == "" || *wpath == "":
		return errors.New("infer needs -model and -weights (see book infer -h)")
	case (*input == "") == (*image == ""):
		return errors.New("infer needs exactly one of -input and -image")
	case *input != "" && *output == "":
		return errors.New("infer -input needs -o")
	case *image != "" && *output != "":
		return errors.New("infer -image prints its top classes; -o is for -input")
	case *top < 1:
		return fmt.Errorf("infer: -top %d: want at least 1", *top)
	}
	e, err := all.Lookup(*model)
	if err != nil {
		return err
	}
	m := e.Build()
	var x *nn.Tensor // the input first: a bad image fails before the weights are read
	if *input != "" {
		if x, err = readInput(*input); err != nil {
			return err
		}
	} else {
		img, err := imagenet.ReadFile(*image)
		if err != nil {
			return err
		}
		x = imagenet.Transform(img)
	}
	if err := weights.Load(m.Net, *wpath, nil); err != nil {
		return err
	}
	y, err := nn.Run(m.Net, nn.Eval, x)
	if err != nil {
		return fmt.Errorf("%s on input %v: %w", e.Name, x.Shape, err)
	}

	if *input != "" {
		return safetensors.WriteFile(*output, []safetensors.Tensor{{Name: "output", Shape: y.Shape, F32: y.Data}},
			map[string]string{"model": e.Name})
	}
	classes := y.Len() / y.N()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tclass\tname\tprobability")
	for r, p := range imagenet.Top(y.Data[:classes], *top) {
		name := p.Name
		if classes != imagenet.NumClasses {
			name = "-" // not an ImageNet head: no names
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%.4f\n", r+1, p.Class, name, p.Prob)
	}
	return tw.Flush()
}

// readInput reads tensor "input" (N, C, H, W) float32.
func readInput(path string) (*nn.Tensor, error) {
	f, err := safetensors.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, ok := f.Lookup("input")
	if !ok {
		return nil, fmt.Errorf("%s: no tensor \"input\"", path)
	}
	if len(info.Shape) != 4 {
		return nil, fmt.Errorf("%s: tensor \"input\" has shape %v, want (N, C, H, W)", path, info.Shape)
	}
	data, err := f.Float32("input")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nn.FromData(data, info.Shape...), nil
}
