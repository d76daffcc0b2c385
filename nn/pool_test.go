package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arange is 0, 1, 2, … in the given shape.
func arange(shape ...int) *Tensor {
	x := NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(i)
	}
	return x
}

func ones(shape ...int) *Tensor {
	x := NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = 1
	}
	return x
}

// assertClose compares element-wise with an absolute+relative tolerance
// and names the first mismatch.
func assertClose(t *testing.T, got, want []float32, tol float64, what string) {
	t.Helper()
	require.Equal(t, len(want), len(got), "%s: length", what)
	for i := range want {
		if d := math.Abs(float64(got[i]) - float64(want[i])); d > tol*(1+math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			t.Errorf("%s[%d]: got %v, want %v (|diff| %.3g > %.g·(1+|want|))", what, i, got[i], want[i], d, tol)
			return
		}
	}
}

// Expected values below were printed by PyTorch 1.13
// (torch.nn.functional.max_pool2d / avg_pool2d / adaptive_avg_pool2d) on
// the inputs named in each case: arange(k).reshape(1,1,H,W) or ones.
func TestPoolForward(t *testing.T) {
	for _, tc := range []struct {
		name   string
		m      Module
		x      *Tensor
		want   []float32
		wantSw []int32 // max-pool switches (return_indices)
	}{
		{"max 3×3/2 ceil on arange 5×5", NewMaxPool2D("pool", 3, Stride(2), CeilMode()), arange(1, 1, 5, 5),
			[]float32{12, 14, 22, 24}, []int32{12, 14, 22, 24}},
		// Ties go to the first maximum in row-major window order; padding
		// (−∞) never wins, so a padded window's switch is its first pixel.
		{"max 3×3/2 pad 1 ceil on ones (ties)", NewMaxPool2D("pool", 3, Stride(2), Pad(1), CeilMode()), ones(1, 1, 5, 5),
			[]float32{1, 1, 1, 1, 1, 1, 1, 1, 1}, []int32{0, 1, 3, 5, 6, 8, 15, 16, 18}},
		// count_include_pad: the last window (rows 5..7 of the padded 8) is
		// clipped to the padded input (rows 5, 6), so it divides by 2·2 = 4:
		// x[5,5] = 35 → 8.75.
		{"avg 3×3/2 pad 1 ceil, count_include_pad", NewAvgPool2D("pool", 3, Stride(2), Pad(1), CeilMode()), arange(1, 1, 6, 6),
			[]float32{1.5556, 3.3333, 4.6667, 2.6667, 8.3333, 14, 16, 8.5, 16.3333, 26, 28, 14.5, 10.1667, 16, 17, 8.75}, nil},
		{"avg 3×3/2 pad 1 ceil, exclude pad", NewAvgPool2D("pool", 3, Stride(2), Pad(1), CeilMode(), ExcludePad()), arange(1, 1, 6, 6),
			[]float32{3.5, 5, 7, 8, 12.5, 14, 16, 17, 24.5, 26, 28, 29, 30.5, 32, 34, 35}, nil},
		// Without padding, the overhanging last window divides by the
		// pixels it covers: the last column (4+9)/2 = 6.5, the corner
		// x[4,4] = 24 alone.
		{"avg 2×2/2 ceil on 5×5", NewAvgPool2D("pool", 2, CeilMode()), arange(1, 1, 5, 5),
			[]float32{3, 5, 6.5, 13, 15, 16.5, 20.5, 22.5, 24}, nil},
		// Cells [floor(i·7/3), ceil((i+1)·7/3)) = [0,3) [2,5) [4,7) overlap.
		{"adaptive 7×7 → 3×3", NewAdaptiveAvgPool2D("pool", 3, 3), arange(1, 1, 7, 7),
			[]float32{8, 10, 12, 22, 24, 26, 36, 38, 40}, nil},
		// Upsampling 5 → 7: cells [0,1) [0,2) [1,3) [2,3) [2,4) [3,5) [4,5).
		{"adaptive 5 → 7", NewAdaptiveAvgPool2D("pool", 1, 7), arange(1, 1, 1, 5),
			[]float32{0, 0.5, 1.5, 2, 2.5, 3.5, 4}, nil},
		{"global average", NewGlobalAvgPool("pool"), arange(1, 2, 2, 2),
			[]float32{1.5, 5.5}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Analyze(tc.m, tc.x.Sample())
			require.NoError(t, err)
			y, err := Run(tc.m, Eval, tc.x)
			require.NoError(t, err)
			assert.Equal(t, append([]int{tc.x.N()}, r.Output...), y.Shape, "Forward's shape against Analyze's")
			assertClose(t, y.Data, tc.want, 1e-4, "y")
			if tc.wantSw != nil {
				assert.Equal(t, tc.wantSw, tc.m.(*MaxPool2D).Switches, "switches (flat h·W+w, PyTorch return_indices)")
			}
		})
	}
}

// NaN propagates through a max-pool (PyTorch: "val > maxval || isnan(val)").
func TestMaxPoolNaN(t *testing.T) {
	x := arange(1, 1, 2, 2)
	x.Data[1] = float32(math.NaN())
	y := NewMaxPool2D("pool", 2).Forward(Eval, x)
	assert.True(t, math.IsNaN(float64(y.Data[0])), "got %v, want NaN", y.Data[0])
}

// unpool(pool(x)) puts every window maximum back at its own position and
// zeros everywhere else (Zeiler & Fergus 2014 §2.1, "switches").
func TestMaxUnpoolRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name    string
		k, s, p int
		h, w    int
	}{
		{"2×2/2 on 8×6", 2, 2, 0, 8, 6},
		{"3×3/2 overlapping on 9×9", 3, 2, 0, 9, 9},
		{"3×3/2 pad 1 on 7×7", 3, 2, 1, 7, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := distinctInput(5, 1, 2, 3, tc.h, tc.w)
			pool := NewMaxPool2D("pool", tc.k, Stride(tc.s), Pad(tc.p))
			unpool := NewMaxUnpool2D("unpool", pool, tc.h, tc.w)
			y := unpool.Forward(Eval, pool.Forward(Eval, x))
			require.Equal(t, x.Shape, y.Shape)
			maxima := map[int]bool{}
			plane := tc.h * tc.w
			pooled := len(pool.Switches) / 6
			for k, s := range pool.Switches {
				maxima[k/pooled*plane+int(s)] = true
			}
			for i, v := range y.Data {
				if maxima[i] {
					assert.Equal(t, x.Data[i], v, "y[%d]: a window maximum goes back where it came from", i)
				} else {
					assert.Zero(t, v, "y[%d]: not a maximum, want 0", i)
				}
			}
			// Every kept value is the maximum of some window containing it.
			oh, ow := pool.outHW(tc.h, tc.w)
			for pl := 0; pl < 6; pl++ {
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						best := float32(math.Inf(-1))
						for u := 0; u < tc.k; u++ {
							for v := 0; v < tc.k; v++ {
								hi, wi := i*tc.s-tc.p+u, j*tc.s-tc.p+v
								if hi >= 0 && hi < tc.h && wi >= 0 && wi < tc.w {
									best = max(best, x.Data[pl*plane+hi*tc.w+wi])
								}
							}
						}
						s := pool.Switches[(pl*oh+i)*ow+j]
						assert.Equal(t, best, x.Data[pl*plane+int(s)], "plane %d window (%d,%d)", pl, i, j)
					}
				}
			}
		})
	}
}

// Unpool with explicit Switches (the deconvnet reuses recorded switches)
// and an output larger than the pooled input's source.
func TestMaxUnpoolExplicitSwitches(t *testing.T) {
	u := &MaxUnpool2D{Base: Base{"unpool"}, Switches: []int32{0, 5, 10, 15}, OutH: 4, OutW: 4}
	y := u.Forward(Eval, arange(1, 1, 2, 2))
	want := make([]float32, 16)
	want[5], want[10], want[15] = 1, 2, 3
	assert.Equal(t, want, y.Data)
	dx := u.Backward(arange(1, 1, 4, 4))
	assert.Equal(t, []float32{0, 5, 10, 15}, dx.Data, "Backward gathers dy at the switches")
	assert.PanicsWithError(t, "nn: unpool: MaxUnpool2D: switch 16 outside the 4×4 output", func() {
		(&MaxUnpool2D{Base: Base{"unpool"}, Switches: []int32{16}, OutH: 4, OutW: 4}).Forward(Eval, arange(1, 1, 1, 1))
	})
}

// Every pool's Backward against central differences, with its 1.01
// negative control. Max-pool inputs are distinct (gap 10·h) so no step
// flips a window's maximum.
func TestPoolGradients(t *testing.T) {
	gap := 10 * gradStep
	for _, tc := range []struct {
		name string
		m    func() Module
		x    *Tensor
	}{
		{"max 2×2/2", func() Module { return NewMaxPool2D("pool", 2) }, distinctInput(1, gap, 2, 3, 6, 6)},
		{"max 3×3/2 overlapping (AlexNet)", func() Module { return NewMaxPool2D("pool", 3, Stride(2)) }, distinctInput(2, gap, 2, 3, 9, 9)},
		{"max 3×3/2 pad 1 ceil (GoogLeNet)", func() Module { return NewMaxPool2D("pool", 3, Stride(2), Pad(1), CeilMode()) }, distinctInput(3, gap, 1, 2, 8, 8)},
		{"max 3×3 dilation 2", func() Module { return NewMaxPool2D("pool", 3, Stride(1), Dilation(2)) }, distinctInput(4, gap, 1, 2, 7, 8)},
		{"max 2×3 kernel, stride 1×2", func() Module { return NewMaxPool2D("pool", 2, Kernel(2, 3), Stride2(1, 2)) }, distinctInput(5, gap, 1, 2, 5, 7)},
		{"avg 2×2/2", func() Module { return NewAvgPool2D("pool", 2) }, randInput(6, 2, 3, 6, 6)},
		{"avg 3×3/2 pad 1 ceil", func() Module { return NewAvgPool2D("pool", 3, Stride(2), Pad(1), CeilMode()) }, randInput(7, 2, 2, 6, 6)},
		{"avg 3×3/2 pad 1 ceil exclude pad", func() Module {
			return NewAvgPool2D("pool", 3, Stride(2), Pad(1), CeilMode(), ExcludePad())
		}, randInput(8, 2, 2, 6, 6)},
		{"avg 2×2/2 ceil overhang", func() Module { return NewAvgPool2D("pool", 2, CeilMode()) }, randInput(9, 1, 2, 5, 5)},
		{"adaptive 7×7 → 3×3", func() Module { return NewAdaptiveAvgPool2D("pool", 3, 3) }, randInput(10, 2, 2, 7, 7)},
		{"adaptive 5×5 → 7×7", func() Module { return NewAdaptiveAvgPool2D("pool", 7, 7) }, randInput(11, 1, 2, 5, 5)},
		{"global", func() Module { return NewGlobalAvgPool("pool") }, randInput(12, 2, 3, 4, 5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m()
			_, err := Analyze(m, tc.x.Sample())
			require.NoError(t, err)
			checkGrad(t, m, tc.x, false)
		})
	}
	// Unpool: its Backward gathers, the adjoint of the scatter when no two
	// windows share a maximum, i.e. for non-overlapping windows.
	t.Run("unpool 2×2/2", func(t *testing.T) {
		pool := NewMaxPool2D("pool", 2)
		pool.Forward(Eval, distinctInput(13, 1, 2, 3, 6, 4))
		checkGrad(t, NewMaxUnpool2D("unpool", pool, 6, 4), randInput(14, 2, 3, 3, 2), false)
	})
}

// Forward's output size agrees with Analyze's on every case the analysis
// tests know (GoogLeNet's ceil mode).
func TestPoolSizesMatchAnalyze(t *testing.T) {
	for _, in := range []int{112, 56, 55, 28, 14, 13, 7, 6} {
		for _, ceil := range []bool{false, true} {
			opts := []Opt{Stride(2)}
			if ceil {
				opts = append(opts, CeilMode())
			}
			for _, m := range []Module{NewMaxPool2D("max", 3, opts...), NewAvgPool2D("avg", 3, append(opts, Pad(1))...)} {
				t.Run(fmt.Sprintf("%s %d ceil=%v", m.Name(), in, ceil), func(t *testing.T) {
					r, err := Analyze(m, Shape{1, in, in})
					require.NoError(t, err)
					y := m.Forward(Eval, NewTensor(1, 1, in, in))
					assert.Equal(t, []int{1, 1, r.Output[1], r.Output[2]}, y.Shape)
				})
			}
		}
	}
}

// PyTorch's AvgPool2d has no dilation; Analyze says so instead of
// silently averaging a dense window.
func TestAvgPoolNoDilation(t *testing.T) {
	_, err := Analyze(NewAvgPool2D("pool", 3, Dilation(2)), Shape{1, 9, 9})
	require.Error(t, err)
	assert.Equal(t, "pool: an average pool has no dilation (got 2×2)", err.Error())
}
