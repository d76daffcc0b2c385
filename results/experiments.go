package results

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
)

// The experiments' records (`book experiment NAME`, results/NAME/), each
// embedded from its own directory: the summary NAME.json that the book
// reads and the per-run records of the networks it trained.
var (
	//go:embed lesion/*.json
	lesionFiles embed.FS
	//go:embed degradation/*.json
	degradationFiles embed.FS
	//go:embed stochastic-depth/*.json
	stochasticFiles embed.FS
	//go:embed training-recipe/*.json
	recipeFiles embed.FS
)

// experimentFile decodes file from an experiment's embedded directory.
func experimentFile(fsys fs.FS, name, file string, v any) error {
	b, err := fs.ReadFile(fsys, name+"/"+file)
	if err != nil {
		return fmt.Errorf("results: no committed %s/%s (run it: go run ./cmd/book experiment %s)", name, file, name)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("results: %s/%s: %w", name, file, err)
	}
	return nil
}

// experimentRun reads one training run an experiment recorded.
func experimentRun(fsys fs.FS, name, model string, seed uint64) (*Run, error) {
	file := Name(model, seed) + ".json"
	b, err := fs.ReadFile(fsys, name+"/"+file)
	if err != nil {
		return nil, fmt.Errorf("results: no committed %s/%s (run it: go run ./cmd/book experiment %s)", name, file, name)
	}
	return decode(name+"/"+file, b)
}

// LesionRecord is the committed record of `book experiment lesion`.
func LesionRecord() (*Lesion, error) {
	var l Lesion
	if err := experimentFile(lesionFiles, "lesion", "lesion.json", &l); err != nil {
		return nil, err
	}
	if len(l.Nets) == 0 {
		return nil, fmt.Errorf("results: lesion/lesion.json records no network")
	}
	return &l, nil
}

// LesionRun is the training run of one of the lesion study's networks.
func LesionRun(model string, seed uint64) (*Run, error) {
	return experimentRun(lesionFiles, "lesion", model, seed)
}

// DegradationRecord is the committed record of `book experiment degradation`.
func DegradationRecord() (*Degradation, error) {
	var d Degradation
	if err := experimentFile(degradationFiles, "degradation", "degradation.json", &d); err != nil {
		return nil, err
	}
	if len(d.Runs) == 0 {
		return nil, fmt.Errorf("results: degradation/degradation.json records no run")
	}
	return &d, nil
}

// StochasticDepthRecord is the committed record of `book experiment stochastic-depth`.
func StochasticDepthRecord() (*StochasticDepth, error) {
	var s StochasticDepth
	if err := experimentFile(stochasticFiles, "stochastic-depth", "stochastic-depth.json", &s); err != nil {
		return nil, err
	}
	if len(s.Runs) == 0 {
		return nil, fmt.Errorf("results: stochastic-depth/stochastic-depth.json records no run")
	}
	return &s, nil
}

// TrainingRecipeRecord is the committed record of `book experiment training-recipe`.
func TrainingRecipeRecord() (*TrainingRecipe, error) {
	var t TrainingRecipe
	if err := experimentFile(recipeFiles, "training-recipe", "training-recipe.json", &t); err != nil {
		return nil, err
	}
	if len(t.Settings) == 0 {
		return nil, fmt.Errorf("results: training-recipe/training-recipe.json records no setting")
	}
	return &t, nil
}
