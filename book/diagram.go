package book

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/nn"
)

// A diagram is an SVG drawing of a module tree: the same tree the forward
// pass runs and nn.Analyze walks. The drawer walks it once, analysing
// every node at the input the node actually receives, so each box shows
// the output shape the analysis computes; a diagram cannot disagree with
// the code.
//
//	Sequential  boxes stacked top to bottom, an arrow between each
//	Parallel    branches side by side, joined by concat, + or mean
//	Residual    the branch, the shortcut on its right (a line for the
//	            identity, boxes for a projection), ⊕, then what follows
//	DenseConcat each layer beside the identity, joined by a concat
//	Aux         a dashed side head, training only
//
// Text is drawn at diagramFont pixels, the body text's size on a phone,
// and the SVG is shown at its natural size (a wide one scrolls sideways
// in its figure instead of shrinking).

const (
	diagramFont = 16.0              // px: the body text on narrow screens (style.css)
	charW       = 0.6 * diagramFont // average advance of the bold sans-serif glyphs used (a little generous)
	lineH       = 19.0
	boxPadX     = 10.0
	boxPadY     = 7.0
	gapY        = 22.0 // between stacked elements: room for an arrow
	gapX        = 14.0 // between parallel branches
	joinR       = 11.0 // radius of a ⊕ node
	laneW       = 26.0 // the shortcut lane of a residual
)

// dnode is one element of a diagram, measured (w, h) with its ports: the
// input enters at (cx, 0) and the output leaves at (cx, h).
type dnode struct {
	kind  string   // "box", "seq", "par", "res", "aux", "grid"
	lines []string // box: the text lines, the first in bold
	class string   // box: k-conv, k-pool, k-norm, k-act, k-fc, k-misc, k-join
	kids  []*dnode // seq: items; par: branches; res: branch, shortcut (nil: identity), after (nil); aux: the head
	join  string   // par, res: the label of the join node
	note  string   // par: a label above the split (e.g. "32 paths, 29 not drawn")
	dash  bool     // box drawn dashed (training only)
	draw  func(c *canvas, x, y float64)
	w, h  float64
	cx    float64
}

func textW(s string) float64 { return float64(len([]rune(s))) * charW }

// box is a leaf: its lines centred.
func box(class string, lines ...string) *dnode {
	return &dnode{kind: "box", class: class, lines: lines}
}

// measure computes w, h and cx of n and its children.
func (n *dnode) measure() {
	switch n.kind {
	case "box":
		w := 0.0
		for _, l := range n.lines {
			w = math.Max(w, textW(l))
		}
		n.w = w + 2*boxPadX
		n.h = float64(len(n.lines))*lineH + 2*boxPadY
		n.cx = n.w / 2
	case "seq":
		left, right := 0.0, 0.0
		n.h = 0
		for i, k := range n.kids {
			k.measure()
			left, right = math.Max(left, k.cx), math.Max(right, k.w-k.cx)
			if i > 0 {
				n.h += gapY
			}
			n.h += k.h
		}
		n.w, n.cx = left+right, left
	case "par":
		n.w, n.h = 0, 0
		for i, k := range n.kids {
			k.measure()
			if i > 0 {
				n.w += gapX
			}
			n.w += k.w
			n.h = math.Max(n.h, k.h)
		}
		top := gapY
		if n.note != "" {
			top += lineH
		}
		n.h += top + gapY + 2*joinR + textBelow(n.join)
		n.cx = n.w / 2
	case "res":
		br, sc, af := n.kids[0], n.kids[1], n.kids[2]
		br.measure()
		scW, scH := laneW, 0.0
		if sc != nil {
			sc.measure()
			scW, scH = sc.w+laneW/2, sc.h
		}
		body := math.Max(br.h, scH)
		n.cx = br.cx
		n.w = br.w + gapX + scW
		n.h = gapY/2 + gapY/2 + body + gapY + 2*joinR + textBelow(n.join)
		if af != nil {
			af.measure()
			n.h += gapY + af.h
			n.w = math.Max(n.w, n.cx+af.w-af.cx)
			if af.cx > n.cx {
				n.w += af.cx - n.cx
				n.cx = af.cx
			}
		}
	case "aux":
		head := n.kids[0]
		head.measure()
		n.cx = 0
		n.w = gapX*2 + head.w
		n.h = gapY + head.h
	case "grid":
		// w, h, cx set by whoever built it
	}
}

// textBelow is the room a join's label takes under its node.
func textBelow(s string) float64 {
	if s == "" {
		return 0
	}
	return lineH + 2
}

// canvas collects SVG elements.
type canvas struct {
	b strings.Builder
}

func (c *canvas) linef(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&c.b, `<line class="%s" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, class, x1, y1, x2, y2)
}

// arrow draws a vertical arrow from (x1, y1) down to (x2, y2), its head
// a small triangle (no <marker>: its id would repeat on a page).
func (c *canvas) arrow(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&c.b, `<line class="e" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x1, y1, x2, y2-5)
	fmt.Fprintf(&c.b, `<path class="ah" d="M%.1f %.1fL%.1f %.1fL%.1f %.1fz"/>`, x2-4, y2-7, x2+4, y2-7, x2, y2)
}

func (c *canvas) path(d, class string) {
	fmt.Fprintf(&c.b, `<path class="%s" d="%s"/>`, class, d)
}

func (c *canvas) text(x, y float64, anchor, class, s string) {
	fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>`, x, y, anchor, class, html.EscapeString(s))
}

// render draws n with its top-left corner at (x, y).
func (n *dnode) render(c *canvas, x, y float64) {
	switch n.kind {
	case "box":
		dash := ""
		if n.dash {
			dash = ` stroke-dasharray="5 3"`
		}
		fmt.Fprintf(&c.b, `<rect class="b %s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="5"%s/>`, n.class, x, y, n.w, n.h, dash)
		for i, l := range n.lines {
			cls := "t"
			if i > 0 {
				cls = "s"
			}
			c.text(x+n.w/2, y+boxPadY+float64(i)*lineH+lineH*0.78, "middle", cls, l)
		}
	case "seq":
		yy := y
		for i, k := range n.kids {
			kx := x + n.cx - k.cx
			if i > 0 {
				c.arrow(x+n.cx, yy-gapY, x+n.cx, yy)
			}
			k.render(c, kx, yy)
			if k.kind == "aux" {
				// the main line runs on past a side head
				c.linef(x+n.cx, yy, x+n.cx, yy+k.h, "e")
			}
			yy += k.h + gapY
		}
	case "par":
		top := y + gapY
		if n.note != "" {
			c.linef(x+n.cx, y, x+n.cx, y+lineH, "e")
			c.text(x+n.cx+6, y+lineH*0.75, "start", "s", n.note)
			y += lineH
			top += lineH
		}
		maxH := 0.0
		for _, k := range n.kids {
			maxH = math.Max(maxH, k.h)
		}
		jy := top + maxH + gapY + joinR // centre of the join node
		kx := x
		for _, k := range n.kids {
			px := kx + k.cx
			c.path(fmt.Sprintf("M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x+n.cx, y, x+n.cx, y+gapY*0.6, px, top-gapY*0.6, px, top-1), "e")
			k.render(c, kx, top)
			c.path(fmt.Sprintf("M%.1f %.1fL%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", px, top+k.h, px, top+maxH, px, top+maxH+gapY*0.6, x+n.cx, jy-joinR-gapY*0.4, x+n.cx, jy-joinR), "e")
			kx += k.w + gapX
		}
		n.joinNode(c, x+n.cx, jy)
	case "res":
		br, sc, af := n.kids[0], n.kids[1], n.kids[2]
		mx := x + n.cx
		split := y + gapY/2
		c.linef(mx, y, mx, split, "e")
		body := br.h
		if sc != nil {
			body = math.Max(body, sc.h)
		}
		bx := mx - br.cx
		c.arrow(mx, split, mx, split+gapY/2)
		br.render(c, bx, split+gapY/2)
		c.linef(mx, split+gapY/2+br.h, mx, split+gapY/2+body+gapY, "e")
		jy := split + gapY/2 + body + gapY + joinR
		lane := bx + br.w + gapX + laneW/2
		if sc != nil {
			lane = bx + br.w + gapX + laneW/2 + sc.cx
			sx := lane - sc.cx
			c.path(fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1f", mx, split, lane, split, lane, split+gapY/2-1), "e sc")
			sc.render(c, sx, split+gapY/2)
			c.path(fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1f", lane, split+gapY/2+sc.h, lane, jy, mx+joinR, jy), "e sc")
		} else {
			c.path(fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1f", mx, split, lane, split, lane, jy, mx+joinR, jy), "e sc")
			c.text(lane+4, split+gapY/2+body/2, "start", "s", "x")
		}
		n.joinNode(c, mx, jy)
		if af != nil {
			ay := jy + joinR + textBelow(n.join) + gapY
			c.arrow(mx, jy+joinR+textBelow(n.join), mx, ay)
			af.render(c, mx-af.cx, ay)
		}
	case "aux":
		head := n.kids[0]
		hy := y + gapY
		hx := x + gapX*2
		c.path(fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1f", x, y+gapY/2, hx+head.cx, y+gapY/2, hx+head.cx, hy-1), "e aux")
		head.render(c, hx, hy)
	case "grid":
		n.draw(c, x, y)
	}
}

// joinNode draws a join (⊕, concat, mean) centred at (x, y) with its label
// below.
func (n *dnode) joinNode(c *canvas, x, y float64) {
	sym := "+"
	switch {
	case strings.HasPrefix(n.join, "concat"):
		sym = "‖"
	case strings.HasPrefix(n.join, "mean"):
		sym = "μ"
	}
	fmt.Fprintf(&c.b, `<circle class="j" cx="%.1f" cy="%.1f" r="%.1f"/>`, x, y, joinR)
	c.text(x, y+5.5, "middle", "t", sym)
	if n.join != "" {
		c.text(x, y+joinR+lineH*0.85, "middle", "s", n.join)
	}
}

// svgDiagram wraps a measured diagram in an <svg> element with its title.
func svgDiagram(n *dnode, title string) string {
	n.measure()
	const pad = 6.0
	w, h := math.Ceil(n.w+2*pad), math.Ceil(n.h+2*pad)
	var c canvas
	fmt.Fprintf(&c.b, `<svg class="diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" font-size="%.0f">`, w, h, w, h, diagramFont)
	fmt.Fprintf(&c.b, `<title>%s</title>`, html.EscapeString(title))
	fmt.Fprintf(&c.b, `<g transform="translate(%.0f %.0f)">`, pad, pad)
	n.render(&c, 0, 0)
	c.b.WriteString("</g></svg>")
	return c.b.String()
}

// drawer turns a module tree into dnodes, analysing each node at its
// input.
type drawer struct {
	// collapse, if it returns a label, draws the subtree at path as one
	// box with that label over its output shape.
	collapse func(path string, m nn.Module) (label string, class string, ok bool)
	// fold folds BatchNorm and activation leaves into the box before
	// them ("conv 3×3, 64 · ReLU"), for whole networks.
	fold bool
	// maxBranches elides the middle branches of a wider Parallel.
	maxBranches int
	// compact writes narrow boxes for side-by-side branches: "3×3, 128"
	// for a convolution, the shape without its arrow, and folded
	// activations left to the caption.
	compact bool
}

// out analyses m at in.
func analyzeAt(m nn.Module, in nn.Shape) (*nn.Report, error) {
	r, err := nn.Analyze(m, in)
	if err != nil {
		return nil, fmt.Errorf("diagram: %s at %s: %v", m.Name(), in, err)
	}
	return r, nil
}

// node builds the dnode of m (at dotted path) fed with in, and returns
// its output shape.
func (d *drawer) node(m nn.Module, path string, in nn.Shape) (*dnode, nn.Shape, error) {
	if d.collapse != nil {
		if label, class, ok := d.collapse(path, m); ok {
			r, err := analyzeAt(m, in)
			if err != nil {
				return nil, nil, err
			}
			return box(class, label, "→ "+r.Output.String()), r.Output, nil
		}
	}
	switch m := m.(type) {
	case *nn.Sequential:
		seq := &dnode{kind: "seq"}
		cur := in
		for _, c := range m.Layers {
			k, out, err := d.node(c, joinPath(path, c.Name()), cur)
			if err != nil {
				return nil, nil, err
			}
			if d.fold && len(seq.kids) > 0 && foldable(c) {
				prev := seq.kids[len(seq.kids)-1]
				if prev.kind == "box" && prev.class != "k-join" {
					if !d.compact {
						prev.lines[0] += " · " + shortLeaf(c)
					}
					cur = out
					continue
				}
			}
			seq.kids = append(seq.kids, k)
			cur = out
		}
		if len(seq.kids) == 1 {
			return seq.kids[0], cur, nil
		}
		return seq, cur, nil
	case *nn.Parallel:
		r, err := analyzeAt(m, in)
		if err != nil {
			return nil, nil, err
		}
		p := &dnode{kind: "par", join: joinLabel(m.Join) + " → " + r.Output.String()}
		idx := make([]int, len(m.Branches))
		for i := range idx {
			idx[i] = i
		}
		if d.maxBranches > 0 && len(m.Branches) > d.maxBranches {
			k := d.maxBranches - 1
			idx = append(idx[:k-1:k-1], len(m.Branches)-1)
			p.note = fmt.Sprintf("%d paths, %d drawn", len(m.Branches), len(idx))
		}
		for j, i := range idx {
			b := m.Branches[i]
			k, _, err := d.node(b, joinPath(path, b.Name()), in)
			if err != nil {
				return nil, nil, err
			}
			if p.note != "" && j == len(idx)-1 {
				p.kids = append(p.kids, box("k-misc", "⋯"))
			}
			p.kids = append(p.kids, k)
		}
		return p, r.Output, nil
	case *nn.Residual:
		r, err := analyzeAt(m, in)
		if err != nil {
			return nil, nil, err
		}
		br, bout, err := d.node(m.Branch, joinPath(path, m.Branch.Name()), in)
		if err != nil {
			return nil, nil, err
		}
		var sc, af *dnode
		if m.Shortcut != nil {
			if sc, _, err = d.node(m.Shortcut, joinPath(path, m.Shortcut.Name()), in); err != nil {
				return nil, nil, err
			}
		}
		join := "+ → " + bout.String()
		if m.Survival < 1 {
			join = fmt.Sprintf("+ (branch kept with p = %.2g)", m.Survival)
		}
		if m.After != nil {
			if af, _, err = d.node(m.After, joinPath(path, m.After.Name()), bout); err != nil {
				return nil, nil, err
			}
		}
		return &dnode{kind: "res", kids: []*dnode{br, sc, af}, join: join}, r.Output, nil
	case *nn.DenseConcat:
		seq := &dnode{kind: "seq"}
		cur := in
		for _, l := range m.Layers {
			k, out, err := d.node(l, joinPath(path, l.Name()), cur)
			if err != nil {
				return nil, nil, err
			}
			cat := append(nn.Shape{cur[0] + out[0]}, cur[1:]...)
			seq.kids = append(seq.kids, &dnode{kind: "res", kids: []*dnode{k, nil, nil}, join: "concat → " + cat.String()})
			cur = cat
		}
		r, err := analyzeAt(m, in)
		if err != nil {
			return nil, nil, err
		}
		if !r.Output.Equal(cur) {
			return nil, nil, fmt.Errorf("diagram: %s: the concatenations give %s, the analysis %s", path, cur, r.Output)
		}
		return seq, cur, nil
	case *nn.Aux:
		r, err := analyzeAt(m.Head, in)
		if err != nil {
			return nil, nil, err
		}
		h := box("k-fc", "aux head "+m.Name(), fmt.Sprintf("training only → %s", r.Output))
		h.dash = true
		return &dnode{kind: "aux", kids: []*dnode{h}}, in, nil
	}
	r, err := analyzeAt(m, in)
	if err != nil {
		return nil, nil, err
	}
	if len(m.Children()) > 0 {
		return box("k-misc", m.Name(), "→ "+r.Output.String()), r.Output, nil
	}
	label, class := leafLabel(m)
	if d.compact {
		return box(class, compactLabel(m, label), r.Output.String()), r.Output, nil
	}
	return box(class, label, "→ "+r.Output.String()), r.Output, nil
}

// compactLabel shortens a leaf's label for narrow boxes.
func compactLabel(m nn.Module, label string) string {
	switch m := m.(type) {
	case *nn.Conv2D:
		if m.G == 1 {
			s := fmt.Sprintf("%d×%d, %d", m.KH, m.KW, m.Out)
			if m.SH > 1 {
				s += fmt.Sprintf(" /%d", m.SH)
			}
			return s
		}
		if m.G < m.In {
			return fmt.Sprintf("%d×%d, %d, g%d", m.KH, m.KW, m.Out, m.G)
		}
	case *nn.MaxPool2D:
		return fmt.Sprintf("max %d×%d /%d", m.KH, m.KW, m.SH)
	}
	return label
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

func joinLabel(j nn.JoinKind) string {
	switch j {
	case nn.JoinSum:
		return "+"
	case nn.JoinMean:
		return "mean"
	}
	return "concat"
}

// foldable leaves are drawn inside the box before them when folding.
func foldable(m nn.Module) bool {
	switch m.(type) {
	case *nn.BatchNorm2D, *nn.Activation, *nn.Dropout:
		return true
	}
	return false
}

// shortLeaf is a foldable leaf's name in a folded box.
func shortLeaf(m nn.Module) string {
	l, _ := leafLabel(m)
	return l
}

// leafLabel is what a leaf's box says and its colour class.
func leafLabel(m nn.Module) (string, string) {
	switch m := m.(type) {
	case *nn.Conv2D:
		s := fmt.Sprintf("conv %d×%d, %d", m.KH, m.KW, m.Out)
		if m.SH > 1 {
			s += fmt.Sprintf(" /%d", m.SH)
		}
		if m.G > 1 {
			if m.G == m.In && m.G == m.Out {
				s = fmt.Sprintf("depthwise %d×%d", m.KH, m.KW)
				if m.SH > 1 {
					s += fmt.Sprintf(" /%d", m.SH)
				}
			} else {
				s += fmt.Sprintf(", %d groups", m.G)
			}
		}
		return s, "k-conv"
	case *nn.BatchNorm2D:
		return "BN", "k-norm"
	case *nn.Activation:
		switch m.Kind {
		case nn.ActReLU:
			return "ReLU", "k-act"
		case nn.ActReLU6:
			return "ReLU6", "k-act"
		case nn.ActTanh:
			return "tanh", "k-act"
		case nn.ActScaledTanh:
			return "A·tanh(S·a)", "k-act"
		}
	case *nn.MaxPool2D:
		return fmt.Sprintf("max pool %d×%d /%d", m.KH, m.KW, m.SH), "k-pool"
	case *nn.AvgPool2D:
		return fmt.Sprintf("avg pool %d×%d /%d", m.KH, m.KW, m.SH), "k-pool"
	case *nn.AdaptiveAvgPool2D:
		if m.OH == 1 && m.OW == 1 {
			return "global avg pool", "k-pool"
		}
		return fmt.Sprintf("avg pool to %d×%d", m.OH, m.OW), "k-pool"
	case *nn.Linear:
		return fmt.Sprintf("FC %d", m.Out), "k-fc"
	case *nn.Flatten:
		return "flatten", "k-misc"
	case *nn.Dropout:
		return fmt.Sprintf("dropout %.1f", m.P), "k-norm"
	case *nn.LRN:
		return fmt.Sprintf("LRN n=%d", m.Size), "k-norm"
	case *nn.ZeroPadShortcut:
		return fmt.Sprintf("zero-pad to %d /%d", m.Out, m.Stride), "k-misc"
	case *lenet.PartialConv2D:
		return fmt.Sprintf("%s: conv %d×%d, %d (Table I)", m.Name(), m.K, m.K, m.Out), "k-conv"
	case *lenet.Subsampling:
		return m.Name() + ": subsample 2×2", "k-pool"
	case *lenet.RBF:
		return fmt.Sprintf("%s: RBF %d", m.Name(), m.Out), "k-fc"
	}
	return m.Name(), "k-misc"
}
