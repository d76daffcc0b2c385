package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
)

func TestModelsListsEveryName(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"models"}, &out, &out))
	names := strings.Fields(out.String())
	assert.Equal(t, len(all.Models()), len(names))
}

// Every model answers `summary -json` with the schema the book relies on,
// and its per-layer params and MACs sum to the totals.
func TestSummaryJSONEveryModel(t *testing.T) {
	for _, e := range all.Models() {
		t.Run(e.Name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run([]string{"summary", "-json", e.Name}, &out, &out))
			var s struct {
				Model           string                              `json:"model"`
				Input           []int                               `json:"input"`
				Params          int64                               `json:"params"`
				Trainable       int64                               `json:"trainable_params"`
				InferenceParams int64                               `json:"inference_params"`
				MACs            int64                               `json:"macs"`
				Activations     int64                               `json:"activations"`
				ActivationBytes int64                               `json:"activation_bytes"`
				Depth           int                                 `json:"depth"`
				RF              struct{ Size, Stride, Padding int } `json:"receptive_field"`
				Paths           string                              `json:"paths"`
				Notes           []string                            `json:"notes"`
				Layers          []struct {
					Name        string `json:"name"`
					Type        string `json:"type"`
					Output      []int  `json:"output"`
					Params      int64  `json:"params"`
					MACs        int64  `json:"macs"`
					Activations int64  `json:"activations"`
					RF          int    `json:"rf"`
					TrainOnly   bool   `json:"train_only"`
				} `json:"layers"`
			}
			dec := json.NewDecoder(&out)
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&s))
			assert.Equal(t, e.Name, s.Model)
			assert.Len(t, s.Input, 3)
			assert.Equal(t, 4*s.Activations, s.ActivationBytes)
			assert.NotNil(t, s.Notes)
			var params, macs, acts, trainOnly int64
			for _, l := range s.Layers {
				params += l.Params
				macs += l.MACs
				acts += l.Activations
				if l.TrainOnly {
					trainOnly += l.Params
					assert.Zero(t, l.MACs, "layer %s is training-only: no MACs in the eval graph", l.Name)
				}
				assert.Len(t, l.Output, 3, "layer %s", l.Name)
				assert.GreaterOrEqual(t, l.RF, 1, "layer %s", l.Name)
			}
			assert.Equal(t, s.Params, params, "per-layer params sum to the total")
			assert.Equal(t, s.MACs, macs, "per-layer MACs sum to the total")
			assert.Equal(t, s.Activations, acts, "per-layer activations sum to the total")
			assert.Equal(t, s.Params-s.InferenceParams, trainOnly, "inference params = total − the auxiliary heads' rows")
			// The total is everything the model holds: every tensor of the
			// module tree but the buffers (BatchNorm running statistics).
			var held int64
			for _, p := range nn.AllParams(e.Build().Net) {
				if !p.Buffer {
					held += p.Size()
				}
			}
			assert.Equal(t, held, s.Params, "params: every non-buffer tensor of the model")
			assert.LessOrEqual(t, s.InferenceParams, s.Params)
			assert.LessOrEqual(t, s.Trainable, s.Params)
			assert.Regexp(t, `^[1-9][0-9]*$`, s.Paths)
		})
	}
}

func TestSummaryErrors(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"summary", "no-such-net"}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown model "no-such-net"`)

	err = run([]string{"summary", "-input", "3,x,4", "any"}, &out, &out)
	require.Error(t, err)

	if _, lerr := all.Lookup("alexnet"); lerr == nil {
		// AlexNet's fc6 needs 256·6·6 = 9,216 inputs; 224×224 cannot give them.
		err = run([]string{"summary", "-input", "3,224,224", "alexnet"}, &out, &out)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "9,216")
	}
}

// The README's `$ go run ./cmd/book …` listings are the program's real
// output: each command is run and its lines (filtered by a trailing
// `| grep WORD`, errors printed as main prints them) must be the listing's.
func TestREADMEListings(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	blocks := strings.Split(string(b), "```")
	found := 0
	for i := 1; i < len(blocks); i += 2 { // the insides of fenced blocks
		lines := strings.Split(strings.TrimSpace(blocks[i]), "\n")
		const prompt = "$ go run ./cmd/book "
		if !strings.HasPrefix(lines[0], prompt) {
			continue
		}
		found++
		cmd, grep, _ := strings.Cut(strings.TrimPrefix(lines[0], prompt), " | grep ")
		t.Run(cmd, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(strings.Fields(cmd), &out, &out); err != nil {
				fmt.Fprintln(&out, "book:", err)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
				if grep == "" || strings.Contains(l, grep) {
					got = append(got, l)
				}
			}
			assert.Equal(t, lines[1:], got, "README listing of %q", lines[0])
		})
	}
	assert.GreaterOrEqual(t, found, 2, "README listings checked")
}

// TestHelp: book -h, book help, book help SUB and book SUB -h print the
// usage on stdout and succeed (exit 0), for every row of the table; an
// unknown command or flag is one error line pointing at the help.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		var out, errOut bytes.Buffer
		require.NoError(t, run(args, &out, &errOut), "book %v", args)
		for _, c := range commands {
			assert.Contains(t, out.String(), "book "+c.name, "book %v lists %s", args, c.name)
		}
	}
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "-h"}, {"help", c.name}} {
			var out, errOut bytes.Buffer
			require.NoError(t, run(args, &out, &errOut), "book %v", args)
		}
	}
	var out bytes.Buffer
	require.NoError(t, run([]string{"summary", "-h"}, &out, &out))
	assert.Contains(t, out.String(), "usage: book summary [-json] [-input C,H,W] NAME")
	assert.Contains(t, out.String(), "-input")

	err := run([]string{"nope"}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown command "nope"`)
	err = run([]string{"summary", "-x", "lenet5"}, &out, &out)
	require.Error(t, err)
	assert.Equal(t, "summary: flag provided but not defined: -x (see book summary -h)", err.Error())
}

// TestOutputFlag: every command that writes a file takes -o, and -output
// as its alias.
func TestOutputFlag(t *testing.T) {
	dir := t.TempDir()
	for _, flagName := range []string{"-o", "-output"} {
		w := dir + "/w" + flagName + ".safetensors"
		var out bytes.Buffer
		require.NoError(t, run([]string{"export", "-model", "lenet5", flagName, w}, &out, &out))
		_, err := os.Stat(w)
		require.NoError(t, err, "export %s", flagName)
	}
}

// TestExportRefusesDir: `export -o DIR` with an existing directory is an
// error naming DIR (not a temporary file), and nothing is written beside it.
func TestExportRefusesDir(t *testing.T) {
	parent := t.TempDir()
	dir := parent + "/W"
	require.NoError(t, os.Mkdir(dir, 0o755))
	var out bytes.Buffer
	err := run([]string{"export", "-model", "lenet5", "-o", dir}, &out, &out)
	require.Error(t, err)
	assert.Equal(t, dir+" is a directory, not a regular file; not replacing it", err.Error())
	ents, _ := os.ReadDir(parent)
	assert.Len(t, ents, 1, "only W in its parent")
}

// TestSummaryHugeInputs: inputs too large to count (the issue's
// 3,50000000,50000000 printed "MACs -383,505,931,358,012,736" and 26 of
// the models printed negative totals at 3,037,000,500²) are one error
// naming the layer, and whatever does fit prints only non-negative counts.
func TestSummaryHugeInputs(t *testing.T) {
	inputs := []string{"3,50000000,50000000", "3,3037000500,3037000500", "3,1000000000,1000000000",
		"1,9223372036854775807,1", "3,3074457345618258602,1", "3,1,3074457345618258602", "3,100000,100000"}
	for _, e := range all.Models() {
		for _, in := range inputs {
			var out bytes.Buffer
			err := run([]string{"summary", "-json", "-input", in, e.Name}, &out, &out)
			if err != nil {
				if wrapped.MatchString(err.Error()) {
					t.Errorf("%s at %s: error %q carries a wrapped number", e.Name, in, err)
				}
				continue
			}
			if wrapped.MatchString(out.String()) {
				t.Errorf("%s at %s: a negative count in %s", e.Name, in, out.String()[:200])
			}
		}
	}
	var out bytes.Buffer
	err := run([]string{"summary", "-input", "3,50000000,50000000", "alexnet-tv"}, &out, &out)
	require.Error(t, err)
	assert.Equal(t, "alexnet-tv at input 3×50000000×50000000: features.3: MACs 192·6,249,999·6,249,999·64·5·5 exceed 2⁶³−1: too large to count", err.Error())
}

// wrapped matches a large negative number, the mark of a count that wrapped.
var wrapped = regexp.MustCompile(`[-−][0-9]{1,3}(,[0-9]{3}){2,}|[-−][0-9]{7,}`)

// FuzzSummaryInput: any -input string gives an error or a summary whose
// counts are all non-negative, never a panic.
func FuzzSummaryInput(f *testing.F) {
	for _, s := range []string{"3,224,224", "3,50000000,50000000", "1,9223372036854775807,1", "3, 7 ,7", "0,1,1", "3,224", "-3,2,2", "3,+224,224"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, name := range []string{"alexnet-tv", "resnet18", "googlenet", "lenet5"} {
			var out bytes.Buffer
			if err := run([]string{"summary", "-json", "-input", in, name}, &out, &out); err != nil {
				if wrapped.MatchString(err.Error()) && !wrapped.MatchString(in) {
					t.Fatalf("%s -input %q: %v", name, in, err)
				}
				continue
			}
			if wrapped.MatchString(out.String()) {
				t.Fatalf("%s -input %q: a negative count", name, in)
			}
		}
	})
}
