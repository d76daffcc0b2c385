package all

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// The seeded forward output of every registered model, recorded before
// the architecture moved between packages (issue 8) and compared after
// every step: the torchvision golden files cover only the torchvision-keyed
// models, this covers all of them (CIFAR ResNets, pre-activation, WRN,
// stochastic depth, FractalNet, DenseNet-BC, MobileNet, the paper models).
//
// Each model is built, initialised from its parameters' own Init schemes
// (seededInitParams) and run in eval mode on one seeded input of the
// smallest square size (≥ seededMinSide) its layers accept, so the whole
// registry runs in seconds (seededRecordOf names the two exceptions). The file keeps per model the input, the output shape and five
// fingerprints of the output y (Σy, Σ|y|, ‖y‖₂, y·r for a seeded ±1 vector
// r, and y₀): small enough to commit, and a changed weight order, init,
// layer or wiring moves them by O(1) relative.
//
// Regenerate (only when a model deliberately changes): go test ./chapters/all -run TestSeededForward -update-seeded
var updateSeeded = flag.Bool("update-seeded", false, "rewrite testdata/seeded.tsv from the current models")

const (
	seededFile    = "testdata/seeded.tsv"
	seededInit    = 8  // the issue number that asked for the record
	seededInput   = 80 // seed of the input tensor, a different stream
	seededMinSide = 16 // smallest input side tried: below, most nets see only padding
)

// seededTol is the relative tolerance of the fingerprints. The same
// arithmetic summed in another order (a faster GEMM, another blocking)
// moves a float32 output by about depth·√K·2⁻²⁴ relative (K ≤ 4,608
// products per dot, depth ≤ 1,202 layers: ≈ 5·10⁻³ at the very worst,
// ≈ 10⁻⁵ typically); a different weight, init order or wiring moves the
// fingerprints by O(1) (TestSeededForwardDetects shows one). 10⁻² sits
// between the two.
const seededTol = 1e-2

type seededRecord struct {
	name      string
	input     []int // with the batch axis
	train     bool
	output    []int
	sum, l1   float64
	l2, dot   float64
	first     float64
	nonFinite int
}

func (r seededRecord) String() string {
	mode := "eval"
	if r.train {
		mode = "train"
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s\t%.9g\t%.9g\t%.9g\t%.9g\t%.9g",
		r.name, shapeCSV(r.input), mode, shapeCSV(r.output), r.sum, r.l1, r.l2, r.dot, r.first)
}

func shapeCSV(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func parseCSV(s string) ([]int, error) {
	var out []int
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// seededInitParams fills every tensor of m from its own Init scheme with
// the scheme's scale (a normal scheme's σ as a uniform of the same σ, ±√3·σ)
// but from hash values, not nn.InitParams' random stream: element i of the
// tensor keyed k is weights.HashValue(HashSeed(k)+seed, i, …), about twenty
// times cheaper than a normal draw (VGG's 138 million weights), and
// allocates no gradients.
func seededInitParams(m nn.Module, seed uint64) {
	for _, p := range nn.AllParams(m) {
		p.Data = make([]float32, p.Size())
		var a float64 // the uniform bound
		fanIn, fanSum := float64(max(p.FanIn, 1)), float64(max(p.FanIn+p.FanOut, 1))
		switch p.Init {
		case nn.InitZeros:
			continue
		case nn.InitOnes, nn.InitConstant:
			v := float32(1)
			if p.Init == nn.InitConstant {
				v = float32(p.Scale)
			}
			for i := range p.Data {
				p.Data[i] = v
			}
			continue
		case nn.InitHe:
			a = math.Sqrt(3) * math.Sqrt(2/fanIn)
		case nn.InitLeCun:
			a = math.Sqrt(3) * math.Sqrt(1/fanIn)
		case nn.InitXavier:
			a = math.Sqrt(6 / fanSum)
		case nn.InitUniform:
			a = p.Scale
		case nn.InitNormal:
			a = math.Sqrt(3) * p.Scale
		default:
			panic(fmt.Sprintf("seededInitParams: %s: init %d has no case here", p.Key, p.Init))
		}
		h := weights.HashSeed(p.Key) + seed
		for i := range p.Data {
			p.Data[i] = weights.HashValue(h, int64(i), -a, a)
		}
	}
}

// seededForward builds, initialises and runs one model on the recorded
// input shape (with its batch axis) in the given mode, returning its
// fingerprints.
func seededForward(e nn.Entry, in []int, train bool, initSeed uint64) (seededRecord, error) {
	m := e.Build()
	seededInitParams(m.Net, initSeed)
	rng := nn.NewRNG(seededInput)
	x := nn.NewTensor(in...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	c := nn.Eval
	if train {
		c = &nn.Ctx{Train: true, Rng: nn.NewRNG(seededInput + 2)}
	}
	y, err := nn.Run(m.Net, c, x)
	if err != nil {
		return seededRecord{}, err
	}
	r := seededRecord{name: e.Name, input: in, train: train, output: y.Shape, first: float64(y.Data[0])}
	rr := nn.NewRNG(seededInput + 1)
	for _, v := range y.Data {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			r.nonFinite++
		}
		r.sum += f
		r.l1 += math.Abs(f)
		r.l2 += f * f
		if rr.IntN(2) == 0 {
			r.dot += f
		} else {
			r.dot -= f
		}
	}
	r.l2 = math.Sqrt(r.l2)
	return r, nil
}

// seededRecordOf chooses a model's recorded run: eval mode on one sample
// of the smallest accepted side, or, for the very deep nets whose eval
// output under this init leaves float32's range (in eval mode nothing
// renormalises a residual sum, which grows past 2¹²⁸ over 500 blocks) or
// vanishes to 0 (a plain net of 1,202 layers), training mode on a batch of
// two, where BatchNorm's batch statistics keep every layer's scale.
func seededRecordOf(e nn.Entry) (seededRecord, error) {
	m := e.Build()
	c, h, _ := m.Input.CHW()
	side := h
	for s := min(seededMinSide, h); s <= h; s++ {
		if _, err := nn.Analyze(m.Net, nn.Shape{c, s, s}); err == nil {
			side = s
			break
		}
	}
	r, err := seededForward(e, []int{1, c, side, side}, false, seededInit)
	if err != nil || (r.nonFinite == 0 && r.l1 > 0) {
		return r, err
	}
	r, err = seededForward(e, []int{2, c, side, side}, true, seededInit)
	if err == nil && r.nonFinite > 0 {
		err = fmt.Errorf("%d non-finite outputs in training mode too", r.nonFinite)
	}
	return r, err
}

func readSeeded(t *testing.T) map[string]seededRecord {
	t.Helper()
	f, err := os.Open(seededFile)
	require.NoError(t, err, "run with -update-seeded to record it")
	defer f.Close()
	out := map[string]seededRecord{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.HasPrefix(sc.Text(), "#") {
			continue // header
		}
		c := strings.Split(sc.Text(), "\t")
		require.Len(t, c, 9, "%s:%d", seededFile, line)
		var r seededRecord
		r.name = c[0]
		in, err := parseCSV(c[1])
		require.NoError(t, err, "%s:%d", seededFile, line)
		r.input = in
		require.Contains(t, []string{"eval", "train"}, c[2], "%s:%d: mode", seededFile, line)
		r.train = c[2] == "train"
		r.output, err = parseCSV(c[3])
		require.NoError(t, err, "%s:%d", seededFile, line)
		vals := make([]float64, 5)
		for i := range vals {
			vals[i], err = strconv.ParseFloat(c[4+i], 64)
			require.NoError(t, err, "%s:%d", seededFile, line)
		}
		r.sum, r.l1, r.l2, r.dot, r.first = vals[0], vals[1], vals[2], vals[3], vals[4]
		out[r.name] = r
	}
	require.NoError(t, sc.Err())
	return out
}

// closeRel reports whether got is want within seededTol of scale.
func closeRel(got, want, scale float64) bool {
	return math.Abs(got-want) <= seededTol*scale
}

// compareSeeded lists the fingerprints of got that differ from want.
func compareSeeded(got, want seededRecord) []string {
	var bad []string
	if !nn.Shape(got.output).Equal(want.output) {
		bad = append(bad, fmt.Sprintf("output %v, recorded %v", got.output, want.output))
		return bad
	}
	// Σy, y·r and y₀ are compared on the scale of Σ|y| (a sum near 0 has no
	// relative precision); the norms on their own scale.
	check := func(what string, g, w, scale float64) {
		if !closeRel(g, w, scale) {
			bad = append(bad, fmt.Sprintf("%s %.9g, recorded %.9g (tolerance %g·%.3g)", what, g, w, seededTol, scale))
		}
	}
	check("Σy", got.sum, want.sum, want.l1)
	check("Σ|y|", got.l1, want.l1, want.l1)
	check("‖y‖₂", got.l2, want.l2, want.l2)
	check("y·r", got.dot, want.dot, want.l1)
	check("y₀", got.first, want.first, want.l2)
	return bad
}

func TestSeededForward(t *testing.T) {
	models := Models()
	if *updateSeeded {
		var b strings.Builder
		b.WriteString("model\tinput\tmode\toutput\tsum\tl1\tl2\tdot\tfirst\n")
		for _, e := range models {
			r, err := seededRecordOf(e)
			require.NoError(t, err, e.Name)
			b.WriteString(r.String() + "\n")
		}
		require.NoError(t, atomicfile.Write(seededFile, 0o644, func(w io.Writer) error {
			_, err := io.WriteString(w, b.String())
			return err
		}))
	}
	want := readSeeded(t)
	ran := 0
	for _, e := range models {
		w, ok := want[e.Name]
		if !assert.True(t, ok, "%s: no recorded seeded output (a new model: record it with -update-seeded)", e.Name) {
			continue
		}
		got, err := seededForward(e, w.input, w.train, seededInit)
		if !assert.NoError(t, err, e.Name) {
			continue
		}
		ran++
		assert.Zero(t, got.nonFinite, "%s: non-finite outputs", e.Name)
		for _, b := range compareSeeded(got, w) {
			t.Errorf("%s at %v: %s", e.Name, w.input, b)
		}
	}
	assert.Equal(t, len(want), ran, "every recorded model ran (a recorded model left the registry?)")
	t.Logf("%d models: seeded forward outputs as recorded in %s", ran, seededFile)
}

// The fingerprints catch a real change: the same model with another init
// seed (every weight changed) differs from the record beyond the tolerance.
func TestSeededForwardDetects(t *testing.T) {
	want := readSeeded(t)
	for _, name := range []string{"lenet5", "resnet20"} {
		e, err := Lookup(name)
		require.NoError(t, err)
		got, err := seededForward(e, want[name].input, want[name].train, seededInit+1)
		require.NoError(t, err)
		assert.NotEmpty(t, compareSeeded(got, want[name]), "%s: another init seed went unnoticed", name)
	}
}
