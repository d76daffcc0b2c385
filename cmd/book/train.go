package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cnnbook/cnnbook/train"
)

// trainCmd is `book train MODEL [-epochs N] [-batch B] [-lr LR] [-seed S]
// [-o DIR] [-resume]`; flags may come before or after MODEL.
func trainCmd(args []string, stdout io.Writer) error {
	fs := newFlags("train")
	epochs := fs.Int("epochs", 0, "epochs to train (default: the recipe's)")
	batch := fs.Int("batch", 0, "images per step (default: the recipe's)")
	lr := fs.Float64("lr", 0, "initial learning rate (default: the recipe's)")
	seed := fs.Uint64("seed", 1, "seed of the initial weights, the data order, shifts and dropout")
	dir := outputFlag(fs, "directory for the results files (default results)")
	resume := fs.Bool("resume", false, "continue from the checkpoint of an earlier run of this model and seed")
	images := fs.Int("images", 0, "train on the first N of the 55,000 training images and evaluate on N (default: all)")
	quiet := fs.Bool("q", false, "no progress output")
	pos, err := parseInterspersed(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("train needs exactly one model name (known: %s), got %d", strings.Join(train.RecipeNames(), ", "), len(pos))
	}
	r, err := train.Lookup(pos[0])
	if err != nil {
		return err
	}
	if *epochs != 0 {
		r.Epochs = *epochs
	}
	if *batch != 0 {
		r.Batch = *batch
	}
	if *lr != 0 {
		r.LR = *lr
	}
	if *dir == "" {
		*dir = "results"
	}
	if *images < 0 {
		return fmt.Errorf("train: -images must not be negative, got %d", *images)
	}
	opt := train.Options{Dir: *dir, Resume: *resume, Command: "book train " + strings.Join(args, " "),
		TrainImages: *images, EvalImages: *images}
	if !*quiet {
		opt.Progress = os.Stderr
	}
	res, err := train.Run(r, *seed, opt)
	if err != nil {
		return err
	}
	p := train.PathsOf(*dir, r.Model, *seed)
	var secs float64
	for _, e := range res.Epochs {
		secs += e.Seconds
	}
	last := res.Epochs[len(res.Epochs)-1]
	fmt.Fprintf(stdout, "%s seed %d: test accuracy %.4f after %d epochs (%.0f s, %.0f img/s, %s kernel)\n",
		r.Model, *seed, res.FinalTestAcc, len(res.Epochs), secs, last.ImagesPS, res.Kernel)
	fmt.Fprintf(stdout, "wrote %s and %s\n", p.JSON, p.Weights)
	return nil
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments (the flag package stops at the first
// positional one), and returns the positional arguments in order.
func parseInterspersed(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args, stdout); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}
