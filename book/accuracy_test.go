package book

import "testing"

// TestAccuracyRows: every bubble of the comparison chart has a row of
// accuracy.tsv, and a torchvision row's parameter count (num_params of
// its weights' metadata) equals our analysis of the model it stands
// for: the accuracy belongs to the architecture we plot it with.
func TestAccuracyRows(t *testing.T) {
	rows, err := accuracyRows()
	if err != nil {
		t.Fatal(err)
	}
	b := aBuilder(t)
	for _, am := range accuracyModels {
		r, ok := rows[am.name]
		if !ok {
			t.Errorf("%s is plotted but has no row in book/accuracy/accuracy.tsv", am.name)
			continue
		}
		m := b.byName[am.name]
		if m == nil {
			t.Errorf("%s: not a registered model", am.name)
			continue
		}
		if r.Paper() {
			t.Logf("%s: top-1 %.1f%% from the paper (%s, %s; %s)", am.name, r.Top1, r.Source, r.Where, r.Protocol)
			continue
		}
		// torchvision's GoogLeNet weights come without the auxiliary
		// heads (aux_logits=False), so it counts the inference graph.
		rep := m.Report
		which := "parameters"
		if rep.Params != r.Params && rep.InferenceParams == r.Params {
			which = "inference parameters (auxiliary heads excluded)"
		} else if rep.Params != r.Params {
			t.Errorf("%s: our analysis has %d parameters (%d in inference), torchvision's weights %d: not the same architecture", am.name, rep.Params, rep.InferenceParams, r.Params)
			continue
		}
		t.Logf("%s: top-1 %.3f%% (%s), %d %s = torchvision num_params", am.name, r.Top1, r.Source, r.Params, which)
	}
}
