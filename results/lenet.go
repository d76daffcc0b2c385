package results

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
)

// The lenet experiment's runs (`book experiment lenet`):
// results/lenet/<model>-seed<S>.json and .safetensors.
//
//go:embed lenet
var lenetFiles embed.FS

// LoadLeNet returns the committed run of model at seed written by
// `book experiment lenet` (lenet5-1998).
func LoadLeNet(model string, seed uint64) (*Run, error) {
	name := "lenet/" + Name(model, seed) + ".json"
	b, err := fs.ReadFile(lenetFiles, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("results: no committed %s at seed %d in results/lenet (run: go run ./cmd/book experiment lenet)", model, seed)
	}
	if err != nil {
		return nil, err
	}
	return decode(name, b)
}
