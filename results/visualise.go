package results

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
)

// The visualise experiment's record (`book experiment visualise`, ZFNet
// §3.2 on MNIST): results/visualise/visualise.json, beside the trained
// net's own run record and weights (zfnet-mnist-seed1.json and
// .safetensors).
//
//go:embed visualise
var visualiseFiles embed.FS

// VisualiseFile is the record's name under results/visualise/.
const VisualiseFile = "visualise.json"

// Visualise is what the experiment measured on the trained net.
type Visualise struct {
	Model   string `json:"model"`
	Seed    uint64 `json:"seed"`
	Command string `json:"command"`
	// Run is the training run's record (the same as the run's own file).
	Run Run `json:"run"`

	// Filters are the first layer's filters, (Out, In·K·K) row-major.
	Filters    [][]float32 `json:"filters"`
	FilterSize int         `json:"filter_size"`

	Settling []Settling `json:"settling"`
	Top      []TopLayer `json:"top"`

	Invariance []Invariance `json:"invariance"`
	Occlusion  []Occlusion  `json:"occlusion"`
}

// Settling is one layer's distance from its final weights after each
// epoch: Rel[e] = ‖W_{e+1} − W_final‖ / ‖W_final‖ (the last is 0).
type Settling struct {
	Layer string    `json:"layer"`
	Rel   []float64 `json:"rel"`
}

// TopLayer is the top activations of several feature maps of one layer.
type TopLayer struct {
	Layer string `json:"layer"` // the rectified map read ("relu2")
	Maps  int    `json:"maps"`  // how many maps the layer has
	// RF is the side of one unit's receptive field in the input (before
	// clipping to the image).
	RF  int       `json:"rf"`
	Top []TopMaps `json:"top"`
}

// TopMaps is one feature map's strongest activations over the test set.
type TopMaps struct {
	Map int   `json:"map"`
	Hit []Hit `json:"hits"` // strongest first, at most one per image
}

// Hit is one activation and what the deconvnet made of it.
type Hit struct {
	Image int     `json:"image"` // test set index
	Label int     `json:"label"`
	Act   float64 `json:"act"`
	I     int     `json:"i"` // the unit's row and column in the map
	J     int     `json:"j"`
	// Box is the receptive field clipped to the image: rows Y0 ≤ r < Y1,
	// columns X0 ≤ c < X1.
	Y0, X0, Y1, X1 int
	// Patch is the input pixels in Box (0 … 255, row-major); Proj is the
	// deconvnet's projection in Box, mapped to 0 … 255 with 128 for zero
	// and 0 or 255 for the largest magnitude (each projection is
	// stretched on its own, as ZFNet's Fig. 2 shows them).
	Patch []byte `json:"patch"`
	Proj  []byte `json:"proj"`
}

// Invariance is one image under one family of transformations (ZFNet
// Fig. 5): at each amount, the distance of the layer-1 and top-layer
// feature vectors from the untransformed image's, relative to the
// latter's norm, and the probability of the true class.
type Invariance struct {
	Image  int       `json:"image"`
	Label  int       `json:"label"`
	Kind   string    `json:"kind"` // "shift" (pixels, vertical), "rotation" (degrees), "scale" (factor)
	Amount []float64 `json:"amount"`
	Low    []float64 `json:"low"`  // ‖f₁(Tx) − f₁(x)‖ / ‖f₁(x)‖, f₁ the first rectified layer
	High   []float64 `json:"high"` // the same at the last pooled layer (the classifier's input)
	Prob   []float64 `json:"prob"` // p(true class | Tx)
	Pred   []int     `json:"pred"` // the most probable class
}

// Occlusion is one image with a grey square slid over it (ZFNet Fig. 7):
// at each position (row-major, Side×Side positions, the square's top-left
// corner at Stride·(r, c)), the true-class probability, the most
// probable class and the strongest top-layer map's total activation.
type Occlusion struct {
	Image   int       `json:"image"`
	Label   int       `json:"label"`
	Square  int       `json:"square"`
	Stride  int       `json:"stride"`
	Side    int       `json:"side"`
	Pixels  []byte    `json:"pixels"` // the 28×28 image
	Prob    []float64 `json:"prob"`
	Pred    []int     `json:"pred"`
	Map     int       `json:"map"` // the top-layer map strongest on the unoccluded image
	MapAct  []float64 `json:"map_act"`
	Base    float64   `json:"base"`     // p(true class) unoccluded
	BaseMap float64   `json:"base_map"` // the map's activation unoccluded
}

// LoadVisualise returns the committed record of `book experiment visualise`.
func LoadVisualise() (*Visualise, error) {
	b, err := fs.ReadFile(visualiseFiles, "visualise/"+VisualiseFile)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("results: no committed visualise record (run: go run ./cmd/book experiment visualise)")
	}
	if err != nil {
		return nil, err
	}
	return decodeVisualise("visualise/"+VisualiseFile, b)
}

// ReadVisualise reads a visualise record from disk.
func ReadVisualise(p string) (*Visualise, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return decodeVisualise(p, b)
}

func decodeVisualise(name string, b []byte) (*Visualise, error) {
	var v Visualise
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("results: %s: %w", name, err)
	}
	if len(v.Settling) == 0 || len(v.Top) == 0 || len(v.Filters) == 0 {
		return nil, fmt.Errorf("results: %s: incomplete (settling %d, top %d, filters %d)", name, len(v.Settling), len(v.Top), len(v.Filters))
	}
	return &v, nil
}

// WriteVisualise writes v as JSON, atomically.
func WriteVisualise(p string, v *Visualise) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return atomicfile.Write(p, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
