package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// export writes a model's initialised tensors to a safetensors file, keyed
// as torchvision's state_dict (with num_batches_tracked), loadable in
// PyTorch with model.load_state_dict(safetensors.torch.load_file(W)):
//
//	book export -model NAME [-seed S] -o W.safetensors
//	book export -model NAME -hash -o W.safetensors
//
// -seed picks the initialisation (each layer's Init scheme, nn.NewRNG(S));
// -hash writes instead the integer-hash weights of the golden tests
// (nn/weights.Hash), the same bits as interop/testdata/gen.py.
func export(args []string, stdout io.Writer) error {
	fs := newFlags("export")
	model := fs.String("model", "", "model `NAME` (see book models)")
	seed := fs.Uint64("seed", 1, "initialisation seed")
	hash := fs.Bool("hash", false, "write the golden tests' hash weights instead of a seeded initialisation")
	output := outputFlag(fs, "safetensors file to write")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	case *model == "" || *output == "":
		return errors.New("export needs -model and -o (see book export -h)")
	}
	e, err := all.Lookup(*model)
	if err != nil {
		return err
	}
	m := e.Build()
	meta := map[string]string{"format": "pt", "model": e.Name}
	if *hash {
		weights.Hash(m.Net)
		meta["init"] = "hash"
	} else {
		nn.InitParams(m.Net, nn.NewRNG(*seed))
		meta["init"] = fmt.Sprintf("seed %d", *seed)
	}
	ts, err := weights.Tensors(m.Net) // ps and the num_batches_tracked counters, as weights.Save writes them
	if err != nil {
		return err
	}
	if err := safetensors.WriteFile(*output, ts, meta); err != nil {
		return err
	}
	var n int64
	ps := nn.AllParams(m.Net)
	for _, p := range ps {
		n += p.Size()
	}
	fmt.Fprintf(stdout, "%s: %d tensors (%s values) and %d num_batches_tracked → %s\n",
		e.Name, len(ps), nn.Comma(n), len(ts)-len(ps), *output)
	return nil
}
