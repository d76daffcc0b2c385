package book

import (
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDiagrams draws every diagram: each panel is well-formed SVG, sets
// its text at the narrow screens' body size, and states shapes the
// analysis computes.
func TestDiagrams(t *testing.T) {
	b := aBuilder(t)
	for _, d := range diagrams {
		t.Run(d.Name, func(t *testing.T) {
			panels, caption, err := d.Draw(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(panels) == 0 || caption == "" {
				t.Fatalf("%d panels, caption %q", len(panels), caption)
			}
			for _, p := range panels {
				dec := xml.NewDecoder(strings.NewReader(p.SVG))
				texts := 0
				for {
					tok, err := dec.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("%s: not well-formed SVG: %v", p.Sub, err)
					}
					if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
						texts++
					}
				}
				if !strings.Contains(p.SVG, `font-size="16"`) || texts == 0 {
					t.Errorf("%s: %d text elements; want text at 16 px", p.Sub, texts)
				}
			}
			t.Logf("%d panel(s): %s", len(panels), caption)
		})
	}
}

// TestDiagramShapes: the LeNet diagram shows, for every layer, the output
// shape nn.Analyze reports for lenet5-1998.
func TestDiagramShapes(t *testing.T) {
	b := aBuilder(t)
	d, _ := diagramByName("lenet5")
	panels, _, err := d.Draw(b)
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, m := range regexp.MustCompile(`→ ([0-9×]+)<`).FindAllStringSubmatch(panels[0].SVG, -1) {
		shown[m[1]] = true
	}
	for _, r := range b.byName["lenet5-1998"].Report.Rows {
		if !shown[r.Out.String()] {
			t.Errorf("row %s: output %s is not on the diagram (it shows %v)", r.Name, r.Out, shown)
		}
	}
	t.Logf("the diagram shows every output shape of lenet5-1998's %d rows", len(b.byName["lenet5-1998"].Report.Rows))
}

// TestChapterFigures: every chapter page has at least one diagram, one
// chart, one tested listing with its output and one computed table.
func TestChapterFigures(t *testing.T) {
	s := site(t)
	for _, c := range chapters {
		page := string(s.Docs[c.Slug+".html"])
		nd, nc := strings.Count(page, `<figure class="diagram"`), strings.Count(page, `<figure class="plot"`)
		nl := strings.Count(page, `<figure class="listing"`)
		nt := strings.Count(page, `<table class="layers"`) + strings.Count(page, `<table class="models"`)
		if nd == 0 || nc == 0 || nl == 0 || nt == 0 {
			t.Errorf("%s.html: %d diagrams, %d charts, %d listings, %d computed tables; want at least one of each", c.Slug, nd, nc, nl, nt)
		}
		t.Logf("%s.html: %d diagram(s), %d chart(s), %d listing(s), %d computed table(s)", c.Slug, nd, nc, nl, nt)
	}
}

// TestNarrowFigureFonts: the narrow rendering of every chart, which a
// phone shows at its natural size (1 pt of the SVG = 4/3 CSS px), sets no
// text below narrowMinFont points, i.e. the phone's 16 px body text.
func TestNarrowFigureFonts(t *testing.T) {
	s := site(t)
	sizeRe := regexp.MustCompile(`font-size:([0-9.]+)px`)
	for _, f := range figures {
		svg := string(s.Figures[f.Name+"-narrow.svg"])
		if svg == "" {
			t.Errorf("%s: no narrow rendering", f.Name)
			continue
		}
		smallest := 0.0
		for _, m := range sizeRe.FindAllStringSubmatch(svg, -1) {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			if smallest == 0 || v < smallest {
				smallest = v
			}
		}
		if smallest < narrowMinFont {
			t.Errorf("%s-narrow.svg: text at %.1f pt, want at least %.0f pt (16 px)", f.Name, smallest, narrowMinFont)
		}
		t.Logf("%s-narrow.svg: smallest text %.1f pt = %.1f px", f.Name, smallest, smallest*4/3)
	}
}
