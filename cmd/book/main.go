// Command book builds the cnnbook HTML book and runs its models.
//
//	book                          build the book (same as book build)
//	book help [COMMAND]           this list, or one command's flags (also book -h, book COMMAND -h)
//	book build [-o DIR] [-figures DIR]
//	                              write the HTML book to docs/ and its figures to
//	                              figures/ at the repository root, or to DIR
//	book models                   list every model name, one per line
//	book summary [-json] [-input C,H,W] NAME
//	                              per-layer table, or one JSON object
//	book infer -model NAME -weights W.safetensors (-input X.safetensors -o Y.safetensors | -image F [-top 5])
//	                              logits of a batch, or the top classes of one image
//	book export -model NAME [-seed S | -hash] -o W.safetensors
//	                              write the model's initialised (or golden-test hash) weights
//	book train MODEL [-epochs N] [-batch B] [-lr LR] [-seed S] [-o DIR] [-resume] [-images N] [-q]
//	                              train on MNIST (results/MODEL-seedS.json, .safetensors)
//	book experiment [NAME] [-o DIR] [-quick] [-q]
//	                              run an experiment (results/NAME/), or list them
//	book [-progress FILE] exercises [-v] [-progress FILE] [ID ... | next | watch | reset [-y] ID]
//	                              check your answers to the exercises (exercises/README.md);
//	                              next: the first unsolved one; watch: re-check on save; reset: the stub back
//	book hint [-n N] [-progress FILE] ID
//	                              the next hint of an exercise (or hint N)
//
// Every command that writes a file takes its path as -o (-output is
// accepted as an alias). Exit status: 0 on success and for help (-h,
// help); 1 for any error, printed as one line "book: …" on stderr; 130 or
// 143 when interrupted by SIGINT or SIGTERM (the temporary file of a write
// in progress is removed; the previous file is left whole).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/internal/atomicfile"
	"github.com/cnnbook/cnnbook/nn"
)

func main() {
	atomicfile.RemoveOnSignal()
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "book:", err)
		os.Exit(1)
	}
}

// A command is one row of the dispatcher. A new subcommand lives in its
// own file cmd/book/<name>.go and adds one row here.
type command struct {
	name  string // first argument
	usage string // flags and arguments, after "book NAME"
	doc   string // one line
	run   func(args []string, stdout io.Writer) error
}

// commands is the dispatcher's table, in the order help lists them (set
// in init: the commands' help reads the table).
var commands []command

func init() {
	commands = []command{
		{"build", "[-o DIR] [-figures DIR]", "write the HTML book to docs/ and figures/ at the repository root (or to DIR)", build},
		{"models", "", "list every model name, one per line", models},
		{"summary", "[-json] [-input C,H,W] NAME", "per-layer table of a model, or one JSON object", summary},
		{"infer", "-model NAME -weights W.safetensors (-input X.safetensors -o Y.safetensors | -image F [-top 5])", "logits of a batch, or the top classes of one image", infer},
		{"export", "-model NAME [-seed S | -hash] -o W.safetensors", "write a model's initialised (or golden-test hash) weights", export},
		{"train", "MODEL [-epochs N] [-batch B] [-lr LR] [-seed S] [-o DIR] [-resume] [-images N] [-q]", "train a model on MNIST; writes DIR/MODEL-seedS.json, .safetensors and a checkpoint (default DIR: results)", trainCmd},
		{"experiment", "[NAME] [-o DIR] [-quick] [-q]", "run one of the notes' behavioural claims as an experiment on MNIST (no NAME: list them)", experimentCmd},
		{"exercises", "[-v] [-progress FILE] [ID ... | next | watch | reset [-y] ID]", "check your answers to the exercises (exercises/README.md); next: where to go on; watch: re-check on save; reset: the stub back", exercisesCmd},
		{"hint", "[-n N] [-progress FILE] ID", "the next hint of an exercise (or hint N)", hintCmd},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run dispatches args to a command. Help, asked for in any of the usual
// ways, is printed on stdout and is not an error.
func run(args []string, stdout, stderr io.Writer) error {
	args, err := globalFlags(args) // book -progress FILE exercises (exercises.go)
	if err != nil {
		return err
	}
	name := "build"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			if _, ok := lookup(args[0]); ok {
				return run([]string{args[0], "-h"}, stdout, stderr)
			}
			return fmt.Errorf("help: unknown command %q (commands: %s)", args[0], names())
		}
		writeUsage(stdout)
		return nil
	}
	c, ok := lookup(name)
	if !ok {
		return fmt.Errorf("unknown command %q (commands: %s; see book help)", name, names())
	}
	if err := c.run(args, stdout); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

func names() string {
	var ns []string
	for _, c := range commands {
		ns = append(ns, c.name)
	}
	return strings.Join(ns, ", ")
}

// writeUsage prints the list of commands.
func writeUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: book [COMMAND] [flags]   (no command: build)")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n        %s\n", strings.TrimSpace("book "+c.name+" "+c.usage), c.doc)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "book help COMMAND (or book COMMAND -h) lists a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 on success and for help, 1 on an error, 130/143 when interrupted.")
}

// newFlags returns a flag set for command name that prints nothing by
// itself: parseFlags prints the help on stdout, and parse errors come back
// as errors (printed once, as one line, by main).
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args into fs. On -h it prints the command's usage
// and flags on stdout and returns flag.ErrHelp, which run treats as done.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c, _ := lookup(fs.Name())
		fmt.Fprintf(stdout, "usage: book %s %s\n  %s\n\nflags:\n", c.name, c.usage, c.doc)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return err
	case err != nil:
		return fmt.Errorf("%s: %w (see book %s -h)", fs.Name(), err, fs.Name())
	}
	return nil
}

// outputFlag defines -o and its alias -output on fs.
func outputFlag(fs *flag.FlagSet, usage string) *string {
	p := new(string)
	fs.StringVar(p, "o", "", usage)
	fs.StringVar(p, "output", "", "alias of -o")
	return p
}

func models(args []string, stdout io.Writer) error {
	fs := newFlags("models")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("models takes no arguments, got %q", fs.Args())
	}
	for _, e := range all.Models() {
		fmt.Fprintln(stdout, e.Name)
	}
	return nil
}

func summary(args []string, stdout io.Writer) error {
	fs := newFlags("summary")
	asJSON := fs.Bool("json", false, "print one JSON object")
	input := fs.String("input", "", "input shape C,H,W (default: the model's own)")
	if err := parseFlags(fs, args, stdout); err != nil {
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
