package zfnet

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// TrainedValues are the numbers of the chapter's section on the
// visualise experiment, read from its committed record
// (results/visualise/visualise.json, written by `book experiment
// visualise`): the book shows what the experiment measured and never
// trains.
func TrainedValues() ([]claims.Value, error) {
	v, err := results.LoadVisualise()
	if err != nil {
		return nil, err
	}
	var out []claims.Value
	const src = "results/visualise/visualise.json"
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: src + ": " + source})
	}
	pct := func(f float64) string { return fmt.Sprintf("%.1f %%", 100*f) }
	and := func(s []string) string {
		if len(s) < 2 {
			return strings.Join(s, "")
		}
		return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
	}

	rep, err := MNIST().Analyze()
	if err != nil {
		return nil, err
	}
	add("mnist-params", nn.Comma(rep.Params), "nn.Analyze(zfnet.MNIST()).Params")
	add("mnist-acc", fmt.Sprintf("%.2f %%", 100*v.Run.FinalTestAcc), "run.final_test_acc")
	add("mnist-epochs", fmt.Sprint(len(v.Run.Epochs)), "epochs of run")
	add("mnist-images", nn.Comma(int64(v.Run.TrainImages)), "run.train_images")
	add("mnist-minutes", fmt.Sprintf("%.0f", v.Run.Seconds()/60), "the run's epochs' seconds summed, in minutes")
	var ips []float64
	for _, e := range v.Run.Epochs {
		ips = append(ips, e.ImagesPS)
	}
	s, err := results.SpreadOf(ips)
	if err != nil {
		return nil, err
	}
	add("mnist-ips", fmt.Sprintf("%.0f", s.Mean), "mean images_per_s of the epochs")
	add("mnist-conv1-weights", fmt.Sprint(len(v.Filters)*len(v.Filters[0])), "conv1's weights")
	add("mnist-filters", fmt.Sprintf("%d filters of %d×%d", len(v.Filters), v.FilterSize, v.FilterSize), "filters")

	var rfs []string
	for _, l := range v.Top {
		rfs = append(rfs, fmt.Sprint(l.RF))
	}
	add("mnist-rfs", and(rfs), "top[].rf, relu1 … relu4")
	add("mnist-maps", fmt.Sprint(len(v.Top[0].Top)), "maps shown per layer")
	// Class purity: the share of a map's top hits whose digit is the
	// map's most common one, averaged over the maps shown.
	for _, l := range v.Top {
		var sum float64
		for _, m := range l.Top {
			var count [10]int
			for _, h := range m.Hit {
				count[h.Label%10]++
			}
			sum += float64(slices.Max(count[:])) / float64(len(m.Hit))
		}
		add("purity-"+l.Layer, fmt.Sprintf("%.0f %%", 100*sum/float64(len(l.Top))), "mean share of a map's top hits of its most common digit, "+l.Layer)
	}
	add("mnist-top", fmt.Sprint(len(v.Top[0].Top[0].Hit)), "activations per map")

	// Settling: each layer's distance from its final weights after an epoch.
	short := func(l string) string { return strings.TrimSuffix(l, ".weight") }
	for _, st := range v.Settling {
		for _, e := range slices.Compact([]int{1, 2, max(len(st.Rel)/2, 2)}) {
			add(fmt.Sprintf("settle-%s-e%d", short(st.Layer), e), pct(st.Rel[e-1]), fmt.Sprintf("settling %s rel[%d]", st.Layer, e-1))
		}
	}
	add("settle-half", fmt.Sprint(max(len(v.Settling[0].Rel)/2, 2)), "half the epochs")
	order := slices.Clone(v.Settling)
	slices.SortStableFunc(order, func(a, b results.Settling) int {
		switch {
		case a.Rel[0] < b.Rel[0]:
			return -1
		case a.Rel[0] > b.Rel[0]:
			return 1
		}
		return 0
	})
	var names []string
	for _, st := range order {
		names = append(names, short(st.Layer))
	}
	add("settle-order", strings.Join(names, ", "), "layers by settling rel[0], closest to final first")

	// Invariance, averaged over the images.
	mean := func(kind string, get func(results.Invariance) []float64, amt float64) float64 {
		var sum float64
		n := 0
		for _, inv := range v.Invariance {
			if inv.Kind != kind {
				continue
			}
			for a, x := range inv.Amount {
				if math.Abs(x) == amt {
					sum += get(inv)[a]
					n++
				}
			}
		}
		return sum / float64(n)
	}
	low := func(i results.Invariance) []float64 { return i.Low }
	high := func(i results.Invariance) []float64 { return i.High }
	prob := func(i results.Invariance) []float64 { return i.Prob }
	for _, t := range []float64{2, 4, 8} {
		add(fmt.Sprintf("shift%.0f-low", t), pct(mean("shift", low, t)), fmt.Sprintf("mean invariance.low at shift ±%.0f", t))
		add(fmt.Sprintf("shift%.0f-high", t), pct(mean("shift", high, t)), fmt.Sprintf("mean invariance.high at shift ±%.0f", t))
		add(fmt.Sprintf("shift%.0f-prob", t), fmt.Sprintf("%.2f", mean("shift", prob, t)), fmt.Sprintf("mean invariance.prob at shift ±%.0f", t))
	}
	for _, a := range []float64{30, 90, 180} {
		add(fmt.Sprintf("rot%.0f-prob", a), fmt.Sprintf("%.2f", mean("rotation", prob, a)), fmt.Sprintf("mean invariance.prob at rotation ±%.0f°", a))
		add(fmt.Sprintf("rot%.0f-high", a), pct(mean("rotation", high, a)), fmt.Sprintf("mean invariance.high at rotation ±%.0f°", a))
	}
	var kept []string
	for _, inv := range v.Invariance {
		for a, x := range inv.Amount {
			if inv.Kind == "rotation" && x == 180 && inv.Pred[a] == inv.Label {
				kept = append(kept, fmt.Sprint(inv.Label))
			}
		}
	}
	slices.Sort(kept)
	add("rot180-kept", and(kept), "the digits still recognised upside down (rotation 180°)")
	add("rot180-kept-n", fmt.Sprint(len(kept)), "how many")
	// The widest range around the identity where every image keeps its class.
	within := func(kind string, id float64) (float64, float64) {
		lo, hi := math.Inf(-1), math.Inf(1)
		for _, inv := range v.Invariance {
			if inv.Kind != kind {
				continue
			}
			for a, x := range inv.Amount {
				if inv.Pred[a] != inv.Label {
					if x < id {
						lo = max(lo, x)
					} else {
						hi = min(hi, x)
					}
				}
			}
		}
		// The last amounts before the first miss on each side.
		var in []float64
		for _, inv := range v.Invariance {
			if inv.Kind != kind {
				continue
			}
			for _, x := range inv.Amount {
				if x > lo && x < hi {
					in = append(in, x)
				}
			}
			break
		}
		if len(in) == 0 {
			return id, id
		}
		return in[0], in[len(in)-1]
	}
	var kinds []string
	for _, inv := range v.Invariance {
		if !slices.Contains(kinds, inv.Kind) {
			kinds = append(kinds, inv.Kind)
		}
	}
	for _, k := range kinds {
		id := 0.0
		if k == "scale" {
			id = 1
		}
		lo, hi := within(k, id)
		f := "%.0f"
		if k == "scale" {
			f = "%.1f"
		}
		add("inv-"+k+"-lo", fmt.Sprintf(f, lo), "the smallest amount from which every image keeps its class up to the identity ("+k+")")
		add("inv-"+k+"-hi", fmt.Sprintf(f, hi), "the largest amount up to which every image keeps its class ("+k+")")
	}
	n := 0
	for _, inv := range v.Invariance {
		if inv.Kind == kinds[0] {
			n++
		}
	}
	add("inv-images", fmt.Sprint(n), "images per transformation")

	// Occlusion.
	for k, o := range v.Occlusion {
		minP, at := 1.0, 0
		wrong := 0
		for p, x := range o.Prob {
			if x < minP {
				minP, at = x, p
			}
			if o.Pred[p] != o.Label {
				wrong++
			}
		}
		// Ink under the square where it hurts most, against the mean over positions.
		inkAt := func(p int) float64 {
			r0, c0 := (p/o.Side)*o.Stride, (p%o.Side)*o.Stride
			var s float64
			for r := r0; r < r0+o.Square; r++ {
				for c := c0; c < c0+o.Square; c++ {
					s += float64(o.Pixels[r*28+c]) / 255
				}
			}
			return s
		}
		var all float64
		for p := range o.Prob {
			all += inkAt(p)
		}
		all /= float64(len(o.Prob))
		id := fmt.Sprintf("occ%d", k+1)
		add(id+"-image", fmt.Sprint(o.Image), "occlusion image")
		add(id+"-label", fmt.Sprint(o.Label), "occlusion label")
		add(id+"-base", fmt.Sprintf("%.2f", o.Base), "occlusion base probability")
		add(id+"-min", fmt.Sprintf("%.2f", minP), "occlusion lowest probability")
		add(id+"-wrong", fmt.Sprint(wrong), "positions where the most probable class is wrong")
		add(id+"-ink", fmt.Sprintf("%.1f", inkAt(at)/max(all, 1e-9)), "ink under the square at the lowest probability, relative to the mean over positions")
	}
	if len(v.Occlusion) > 0 {
		o := v.Occlusion[0]
		add("occ-positions", fmt.Sprint(o.Side*o.Side), "positions of the square")
		add("occ-square", fmt.Sprintf("%d×%d", o.Square, o.Square), "the square's size")
	}
	return out, nil
}
