package results

// Lesion is what `book experiment lesion` recorded (results/lesion/lesion.json):
// Veit, Wilber & Belongie 2016's lesion study on MNIST, a residual network
// and its plain twin with blocks deleted at test time.
type Lesion struct {
	Command    string      `json:"command"`
	Seed       uint64      `json:"seed"`        // of the training runs and of the draws
	TestImages int         `json:"test_images"` // the first TestImages of MNIST's test split
	Draws      int         `json:"draws"`       // random subsets per k
	Nets       []LesionNet `json:"nets"`
}

// LesionNet is one network's lesion record.
type LesionNet struct {
	Model    string  `json:"model"` // its run: results/lesion/<model>-seed<S>.json, .safetensors
	Residual bool    `json:"residual"`
	Blocks   int     `json:"blocks"` // deletable blocks
	Full     float64 `json:"full"`   // accuracy with every block
	// Single[i] is the accuracy with block i deleted (layer1's blocks first).
	Single []float64 `json:"single"`
	// Random holds, for each k, the draws of k blocks deleted at once.
	Random []LesionK `json:"random"`
}

// LesionK is one k of the random deletions: the blocks of each draw and
// the accuracy without them.
type LesionK struct {
	K       int       `json:"k"`
	Deleted [][]int   `json:"deleted"`
	Acc     []float64 `json:"acc"`
}
