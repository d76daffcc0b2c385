package googlenet

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

func analyze(t *testing.T, m *nn.Model) *nn.Report {
	t.Helper()
	r, err := m.Analyze()
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	return r
}

// rowStats sums the weights (biases excluded, as Table 1 counts) and the
// MACs of the modules a Table 1 row covers.
func rowStats(m *nn.Model, rep *nn.Report, r Row) (weights, macs int64, out nn.Shape) {
	for _, k := range r.KeysOf() {
		for _, p := range nn.AllParams(m.Net) {
			if strings.HasPrefix(p.Key, k+".") && p.Name == "weight" {
				weights += p.Size()
			}
		}
		for _, row := range rep.Rows {
			if row.Name == k || strings.HasPrefix(row.Name, k+".") {
				macs += row.MACs
				out = row.Out
			}
		}
	}
	if r.Name != "fc" {
		// the row's output is that of its last module: for an inception
		// module the concatenation of its branches
		for _, row := range rep.Rows {
			if strings.HasPrefix(row.Name, r.KeysOf()[len(r.KeysOf())-1]+".") {
				out = row.Out
			}
		}
		if r.Inception() {
			out = nn.Shape{r.C1 + r.C3 + r.C5 + r.PP, out[1], out[2]}
		}
	}
	return weights, macs, out
}

// Table 1 of Szegedy et al. 2015, row by row, against a direct count of
// the network it describes. Weights of an inception module fed `in`
// channels at H×W:
//
//	in·#1×1 + in·#3×3red + 9·#3×3red·#3×3 + in·#5×5red + 25·#5×5red·#5×5 + in·poolproj
//
// and, every conv keeping the H×W grid, MACs = weights·H·W.
//
// What the comparison shows. The "ops" column is a direct count of this
// kind (weights × output positions, in millions) for every row but two:
// conv1, whose 34M is 2.7K·112², consistent only with the table's own
// 2.7K params, which no 7×7 conv from 3 to 64 channels has (7·7·3·64 =
// 9,408); and 5a (54M printed, 51.1M counted). The "params" column is
// looser: for conv2, 3a, 3b, 4b and the classifier it is the weight count
// in units of 1,024 (112·1,024 = 114,688 exactly; 1000·1,024 = 1,024,000);
// for the other modules it is off by 0.8% (4a) to 7.5% (4c: 463K printed,
// 509,440 = 497.5·1,024 counted) in those units, and conv1's 2.7K is under
// a third of the 9,408 weights. Its column sums to 6,797.7K, the "6.8M" often quoted; a direct
// count of the network is 6,990,272 weights. The channel columns are what
// we build from: they reproduce every output size and the ops column.
func TestTable1(t *testing.T) {
	m := New(Options{})
	rep := analyze(t, m)
	for _, tc := range []struct {
		name      string
		weights   int64 // direct count, biases excluded
		macs      int64
		opsAgree  bool // |MACs/1e6 − Table 1 ops| < 1 (the table truncates or rounds)
		paramsKiB bool // |weights/1024 − Table 1 params| ≤ 1
	}{
		{"conv1", 7 * 7 * 3 * 64, 7 * 7 * 3 * 64 * 112 * 112, false, false},
		{"conv2", 64*64 + 9*64*192, (64*64 + 9*64*192) * 56 * 56, true, true},
		{"inception3a", 192*64 + 192*96 + 9*96*128 + 192*16 + 25*16*32 + 192*32, 163_328 * 28 * 28, true, true},
		{"inception3b", 256*128 + 256*128 + 9*128*192 + 256*32 + 25*32*96 + 256*64, 388_096 * 28 * 28, true, true},
		{"inception4a", 480*192 + 480*96 + 9*96*208 + 480*16 + 25*16*48 + 480*64, 375_552 * 14 * 14, true, false},
		{"inception4b", 512*160 + 512*112 + 9*112*224 + 512*24 + 25*24*64 + 512*64, 448_512 * 14 * 14, true, true},
		{"inception4c", 512*128 + 512*128 + 9*128*256 + 512*24 + 25*24*64 + 512*64, 509_440 * 14 * 14, true, false},
		{"inception4d", 512*112 + 512*144 + 9*144*288 + 512*32 + 25*32*64 + 512*64, 604_672 * 14 * 14, true, false},
		{"inception4e", 528*256 + 528*160 + 9*160*320 + 528*32 + 25*32*128 + 528*128, 867_328 * 14 * 14, true, false},
		{"inception5a", 832*256 + 832*160 + 9*160*320 + 832*32 + 25*32*128 + 832*128, 1_042_432 * 7 * 7, false, false},
		{"inception5b", 832*384 + 832*192 + 9*192*384 + 832*48 + 25*48*128 + 832*128, 1_442_816 * 7 * 7, true, false},
		{"fc", 1024 * 1000, 1024 * 1000, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var row Row
			for _, r := range Table1 {
				if r.Name == tc.name {
					row = r
				}
			}
			weights, macs, out := rowStats(m, rep, row)
			if weights != tc.weights {
				t.Errorf("weights: got %s, want %s", nn.Comma(weights), nn.Comma(tc.weights))
			}
			if macs != tc.macs {
				t.Errorf("MACs: got %s, want %s", nn.Comma(macs), nn.Comma(tc.macs))
			}
			want := nn.Shape{row.Out[2], row.Out[0], row.Out[1]}
			if row.Name == "fc" {
				want = nn.Shape{1000}
			}
			if !out.Equal(want) {
				t.Errorf("output: got %v, want %v (Table 1 %d×%d×%d)", out, want, row.Out[0], row.Out[1], row.Out[2])
			}
			if got := math.Abs(float64(macs)/1e6-row.OpsM) < 1; got != tc.opsAgree {
				t.Errorf("ops: counted %.1fM vs Table 1 %vM: agreement %v, want %v", float64(macs)/1e6, row.OpsM, got, tc.opsAgree)
			}
			if got := math.Abs(float64(weights)/1024-row.ParamsK) <= 1; got != tc.paramsKiB {
				t.Errorf("params: counted %s = %.1f·1024 vs Table 1 %vK: agreement %v, want %v",
					nn.Comma(weights), float64(weights)/1024, row.ParamsK, got, tc.paramsKiB)
			}
			t.Logf("%s: output %v; %s weights = %.1fK vs Szegedy et al. 2015 Table 1 \"params\" %vK; %.1fM MACs vs \"ops\" %vM",
				tc.name, out, nn.Comma(weights), float64(weights)/1024, row.ParamsK, float64(macs)/1e6, row.OpsM)
		})
	}
	t.Run("gaps", func(t *testing.T) {
		lo, hi := math.Inf(1), 0.0
		for _, r := range Table1 {
			if !r.Inception() {
				continue
			}
			weights, _, _ := rowStats(m, rep, r)
			gap := math.Abs(float64(weights)/1024/r.ParamsK - 1)
			if math.Abs(float64(weights)/1024-r.ParamsK) <= 1 {
				continue // the rows that agree
			}
			lo, hi = min(lo, gap), max(hi, gap)
		}
		if got := fmt.Sprintf("%.1f%%–%.1f%%", 100*lo, 100*hi); got != "0.8%–7.5%" {
			t.Errorf("gaps of the disagreeing modules (units of 1,024): got %s, want 0.8%%–7.5%%", got)
		}
	})
	t.Run("sum", func(t *testing.T) {
		var k float64
		for _, r := range Table1 {
			k += r.ParamsK
		}
		if math.Abs(k-6797.7) > 1e-9 {
			t.Errorf("Table 1 params column sums to %vK, want 6,797.7K", k)
		}
	})
}

// Table 1's output sizes 112, 56, 28, 14, 7 need ceil-mode pools: the
// 3×3/2 pool on 112 gives ⌈(112−3)/2⌉+1 = 56, where floor gives 55 (and
// then 27, 13, 6). conv1 is 7×7/2 with padding 3: ⌊(224+6−7)/2⌋+1 = 112.
func TestSizes(t *testing.T) {
	for _, name := range []string{"googlenet", "googlenet-tv"} {
		m, _ := Build(name)
		rep := analyze(t, m)
		out := map[string]nn.Shape{}
		for _, r := range rep.Rows {
			out[r.Name] = r.Out
		}
		for _, tc := range []struct {
			layer string
			want  nn.Shape
		}{
			{"conv1.conv", nn.Shape{64, 112, 112}},
			{"maxpool1", nn.Shape{64, 56, 56}},
			{"maxpool2", nn.Shape{192, 28, 28}},
			{"maxpool3", nn.Shape{480, 14, 14}},
			{"maxpool4", nn.Shape{832, 7, 7}},
			{"avgpool", nn.Shape{1024, 1, 1}},
		} {
			t.Run(name+"/"+tc.layer, func(t *testing.T) {
				if !out[tc.layer].Equal(tc.want) {
					t.Errorf("got %v, want %v (Table 1)", out[tc.layer], tc.want)
				}
				t.Logf("%s %s: %v = Szegedy et al. 2015 Table 1 \"output size\"", name, tc.layer, out[tc.layer])
			})
		}
	}
	t.Run("floor mode", func(t *testing.T) {
		r, err := nn.Analyze(nn.NewMaxPool2D("maxpool1", 3, nn.Stride(2)), nn.Shape{64, 112, 112})
		if err != nil {
			t.Fatal(err)
		}
		if r.Output[1] != 55 {
			t.Errorf("floor-mode 3×3/2 pool on 112: got %d, want 55", r.Output[1])
		}
	})
}

// §5: "The network is 22 layers deep when counting only layers with
// parameters": conv1, conv2 (1×1), conv3 (3×3), two per inception module
// (a reduction and the conv after it) × 9, and the classifier. The aux
// heads hang off the main path and add nothing to its depth.
func TestDepth(t *testing.T) {
	for _, name := range []string{"googlenet", "googlenet-tv"} {
		t.Run(name, func(t *testing.T) {
			m, _ := Build(name)
			rep := analyze(t, m)
			if rep.Depth != 22 {
				t.Errorf("depth: got %d, want 22 (§5)", rep.Depth)
			}
			st, err := Inspect(m)
			if err != nil {
				t.Fatal(err)
			}
			// Table 1's "depth" column: 2 for every inception row; the
			// column sums to the network's depth.
			var want []int
			sum := 0
			for _, r := range Table1 {
				sum += r.Depth
				if r.Inception() {
					want = append(want, r.Depth)
				}
			}
			if !slices.Equal(st.ModuleDepth, want) {
				t.Errorf("module depths: got %v, want Table 1's %v", st.ModuleDepth, want)
			}
			if rep.Depth != sum {
				t.Errorf("depth: got %d, want the sum of Table 1's depth column, %d", rep.Depth, sum)
			}
			// Paths: each module offers 4 branches, so 4⁹ = 262,144 paths.
			if got := rep.PathCount().String(); got != "262144" {
				t.Errorf("paths: got %s, want 4⁹ = 262144", got)
			}
			t.Logf("%s: depth %d = Szegedy et al. 2015 §5 (\"22 layers deep when counting only layers with parameters\") and the sum of Table 1's depth column; module depths %v", name, rep.Depth, st.ModuleDepth)
		})
	}
}

// The max-pools stand before modules 1, 3 and 8 (3a, 4a, 5a; Table 1);
// the aux heads read 4a and 4d (§5) and count in the parameters but not
// in the inference graph.
func TestStructure(t *testing.T) {
	for _, tc := range []struct {
		name      string
		auxParams int64
		layers    string
	}{
		// per head: conv 1×1 in→128 (+bias), fc1 2048→1024, fc2 1024→1000 (§5)
		{"googlenet", (512*128 + 128) + (528*128 + 128) + 2*(2048*1024+1024+1024*1000+1000),
			"AvgPool Conv1x1 ReLU Flatten FC ReLU Dropout FC"},
		// torchvision: BasicConv2d (no bias; BN weight and bias)
		{"googlenet-tv", (512*128 + 2*128) + (528*128 + 2*128) + 2*(2048*1024+1024+1024*1000+1000),
			"AvgPool Conv1x1 BN ReLU Flatten FC ReLU Dropout FC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := Build(tc.name)
			st, err := Inspect(m)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(st.PoolBefore, []int{1, 3, 8}) {
				t.Errorf("max-pools before modules %v, want [1 3 8]", st.PoolBefore)
			}
			if !slices.Equal(st.AuxAfter, []string{"inception4a", "inception4d"}) {
				t.Errorf("aux heads after %v, want [inception4a inception4d]", st.AuxAfter)
			}
			if st.AuxParams != tc.auxParams {
				t.Errorf("aux params: got %s, want %s", nn.Comma(st.AuxParams), nn.Comma(tc.auxParams))
			}
			if got := strings.Join(st.AuxLayers, " "); got != tc.layers {
				t.Errorf("aux head: got %s, want %s", got, tc.layers)
			}
			rep := analyze(t, m)
			for _, r := range rep.Rows {
				if strings.HasPrefix(r.Name, "aux") != r.TrainOnly {
					t.Errorf("%s: TrainOnly %v", r.Name, r.TrainOnly)
				}
			}
		})
	}
}

// Inspect says so when it is given a network it cannot read, instead of
// returning an empty structure or panicking.
func TestInspectRefusesOtherNets(t *testing.T) {
	for _, m := range []*nn.Model{
		{Name: "relu", Net: nn.NewReLU("relu")},
		{Name: "two-branch", Net: nn.Seq("two-branch", nn.NewParallel("inception3a", nn.JoinConcat,
			nn.NewConv2D("a", 3, 4, 1), nn.NewConv2D("b", 3, 4, 1)))},
	} {
		if _, err := Inspect(&nn.Model{Name: m.Name, Input: nn.Shape{3, 8, 8}, Net: m.Net}); err == nil {
			t.Errorf("%s: Inspect returned no error", m.Name)
		} else {
			t.Logf("%s: %v", m.Name, err)
		}
	}
}
