package googlenet

// Row is one line of Szegedy et al. 2015 Table 1 ("GoogLeNet incarnation
// of the Inception architecture"): the module it describes, its output
// and the channel columns, with the table's own "params" and "ops"
// figures kept as printed (cited, not computed: TestTable1 sets our
// counts beside them).
type Row struct {
	Name string   // "conv1", "conv2", "inception3a", …, "fc"
	Keys []string // our modules it covers (conv2 is the table's "convolution 3×3, depth 2": conv2 + conv3)
	Out  [3]int   // Table 1 "output size" (H, W, C); fc: 1×1×1000
	// #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj (inception rows)
	C1, C3r, C3, C5r, C5, PP int
	Depth                    int     // Table 1 "depth": layers with parameters on the row's longest path
	ParamsK                  float64 // Table 1 "params", in K as printed
	OpsM                     float64 // Table 1 "ops", in M as printed
}

// Inception reports whether the row is an Inception module.
func (r Row) Inception() bool { return r.C1 > 0 }

// Table1 is the weighted rows of Table 1 in order (the pooling, dropout
// and softmax rows hold no parameters and are left out).
var Table1 = []Row{
	{Name: "conv1", Keys: []string{"conv1"}, Out: [3]int{112, 112, 64}, Depth: 1, ParamsK: 2.7, OpsM: 34},
	{Name: "conv2", Keys: []string{"conv2", "conv3"}, Out: [3]int{56, 56, 192}, C3r: 64, C3: 192, Depth: 2, ParamsK: 112, OpsM: 360},
	{Name: "inception3a", Out: [3]int{28, 28, 256}, C1: 64, C3r: 96, C3: 128, C5r: 16, C5: 32, PP: 32, Depth: 2, ParamsK: 159, OpsM: 128},
	{Name: "inception3b", Out: [3]int{28, 28, 480}, C1: 128, C3r: 128, C3: 192, C5r: 32, C5: 96, PP: 64, Depth: 2, ParamsK: 380, OpsM: 304},
	{Name: "inception4a", Out: [3]int{14, 14, 512}, C1: 192, C3r: 96, C3: 208, C5r: 16, C5: 48, PP: 64, Depth: 2, ParamsK: 364, OpsM: 73},
	{Name: "inception4b", Out: [3]int{14, 14, 512}, C1: 160, C3r: 112, C3: 224, C5r: 24, C5: 64, PP: 64, Depth: 2, ParamsK: 437, OpsM: 88},
	{Name: "inception4c", Out: [3]int{14, 14, 512}, C1: 128, C3r: 128, C3: 256, C5r: 24, C5: 64, PP: 64, Depth: 2, ParamsK: 463, OpsM: 100},
	{Name: "inception4d", Out: [3]int{14, 14, 528}, C1: 112, C3r: 144, C3: 288, C5r: 32, C5: 64, PP: 64, Depth: 2, ParamsK: 580, OpsM: 119},
	{Name: "inception4e", Out: [3]int{14, 14, 832}, C1: 256, C3r: 160, C3: 320, C5r: 32, C5: 128, PP: 128, Depth: 2, ParamsK: 840, OpsM: 170},
	{Name: "inception5a", Out: [3]int{7, 7, 832}, C1: 256, C3r: 160, C3: 320, C5r: 32, C5: 128, PP: 128, Depth: 2, ParamsK: 1072, OpsM: 54},
	{Name: "inception5b", Out: [3]int{7, 7, 1024}, C1: 384, C3r: 192, C3: 384, C5r: 48, C5: 128, PP: 128, Depth: 2, ParamsK: 1388, OpsM: 71},
	{Name: "fc", Keys: []string{"fc"}, Out: [3]int{1, 1, 1000}, Depth: 1, ParamsK: 1000, OpsM: 1},
}

// KeysOf is the modules a row covers.
func (r Row) KeysOf() []string {
	if r.Keys != nil {
		return r.Keys
	}
	return []string{r.Name}
}
