package claims

import "testing"

func TestStableFormats(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(float64) string
		x    float64
		want string
	}{
		{"OneFigure", OneFigure, 2930, "3e+03"},
		{"OneFigure", OneFigure, 2890, "3e+03"},
		{"OneFigure", OneFigure, 2.96, "3"},
		{"Decade", Decade, 977, "1,000"},
		{"Decade", Decade, 991, "1,000"},
		{"Decade", Decade, 3100, "1,000"},
		{"Decade", Decade, 3200, "10,000"},
		{"Decade", Decade, 0.04, "0.1"},
		{"Below", Below, 7e-07, "1e-06"},
		{"Below", Below, 6e-07, "1e-06"},
		{"Below", Below, 2.9e-06, "1e-05"},
		{"Below", Below, 1e-06, "1e-05"},
		{"Below", Below, 0, "0"},
	} {
		if got := tc.f(tc.x); got != tc.want {
			t.Errorf("%s(%g) = %q, want %q", tc.name, tc.x, got, tc.want)
		}
	}
}
