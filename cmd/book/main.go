// Command book builds the cnnbook HTML book and runs its models.
//
//	book                          build the book (same as book build)
//	book build [-o DIR] [-figures DIR]
//	                              write the HTML book to docs/ and its figures to
//	                              figures/ at the repository root, or to DIR
//	book models                   list every model name, one per line
//	book summary [-json] [-input C,H,W] NAME
//	                              per-layer table, or one JSON object
//	book infer -model NAME -weights W.safetensors (-input X.safetensors -output Y.safetensors | -image F [-top 5])
//	                              logits of a batch, or the top classes of one image
//	book export -model NAME [-seed S | -hash] -output W.safetensors
//	                              write the model's initialised (or golden-test hash) weights
//	book exercises [-v] [-progress FILE] [ID ...]
//	                              check your answers to the exercises (exercises/README.md)
//	book hint [-n N] [-progress FILE] ID
//	                              the next hint of an exercise (or hint N)
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "book:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: book [build|models|summary|infer|export|exercises|hint] ...")

func run(args []string, stdout, stderr io.Writer) error {
	cmd := "build"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "models":
		for _, e := range all.Models() {
			fmt.Fprintln(stdout, e.Name)
		}
		return nil
	case "summary":
		return summary(args, stdout)
	case "infer":
		return infer(args, stdout)
	case "export":
		return export(args, stdout)
	case "build":
		return build(args, stdout)
	case "exercises":
		return exercisesCmd(args, stdout)
	case "hint":
		return hintCmd(args, stdout)
	default:
		return fmt.Errorf("unknown command %q; %w", cmd, errUsage)
	}
}

func summary(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one JSON object")
	input := fs.String("input", "", "input shape C,H,W (default: the model's own)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("summary needs exactly one model name, got %d", fs.NArg())
	}
	e, err := all.Lookup(fs.Arg(0))
	if err != nil {
		return err
	}
	m := e.Build()
	in := m.Input
	if *input != "" {
		if in, err = nn.ParseShape(*input); err != nil {
			return fmt.Errorf("-input %w", err)
		}
	}
	rep, err := nn.Analyze(m.Net, in)
	if err != nil {
		return fmt.Errorf("%s at input %v: %w", e.Name, in, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep.JSON(e.Name))
	}
	fmt.Fprintf(stdout, "%s — %s\n", e.Name, e.Doc)
	return rep.WriteTable(stdout)
}
