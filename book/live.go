package book

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html"
	"html/template"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/cnnbook/cnnbook/book/live"
)

// The live page (docs/live.html) runs the trained LeNet-5 in the
// reader's browser: the book's own nn code, compiled to WebAssembly.
// Its files, all written by the build:
//
//	live.html            the page; its pictures are static (live/*.png) until the module runs
//	live.js, live.css    the page's script and style (book/live.js, book/live.css)
//	live-wasm.js         window.cnnLiveWasm: the module (./wasm), gzip, base64
//	live-weights.js      window.cnnLiveWeights: results/lenet5-seed1.safetensors, base64
//	wasm_exec.js         the Go toolchain's loader ($GOROOT/lib/wasm)
//	live-go.txt          the Go version that compiled the module
//	live/*.png           the static pictures: the default digit's input and maps
//
// Everything is a plain <script> or <img>, so the page works opened from
// disk (file:// forbids fetching local files) and loads nothing remote.
// The module is built with -trimpath -buildvcs=false (so its bytes depend
// on neither the folder nor the commit) and -ldflags=-s -w (no symbol
// table or DWARF, which a browser never reads). Another Go release
// compiles other bytes: TestFresh compares live-wasm.js and wasm_exec.js
// only when the Go running it is the one live-go.txt names.
//
// The module is gzipped (4.1 MB → 1.1 MB) and inflated by the browser's
// DecompressionStream: three times less to commit and to load.

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// liveWeights is the weights file the page embeds: the first seed's
// trained LeNet-5 (go run ./cmd/book train lenet5 -seed 1).
const liveWeights = "results/lenet5-seed1.safetensors"

// liveDefault is the committed test digit shown first: MNIST test image 0.
const liveDefault = 0

// liveVersioned are the files whose bytes depend on the Go release.
var liveVersioned = []string{"live-wasm.js", "wasm_exec.js"}

// liveGoFile names the Go release that compiled live-wasm.js.
const liveGoFile = "live-go.txt"

// wasmModule compiles ./wasm for GOOS=js GOARCH=wasm with the go command
// found on PATH (else beside the running toolchain), and returns the
// module, that toolchain's wasm_exec.js and its version.
func wasmModule(root string) (wasm, execJS []byte, version string, err error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	env := func(name string) (string, error) {
		out, err := exec.Command(goCmd, "env", name).Output()
		return strings.TrimSpace(string(out)), err
	}
	if version, err = env("GOVERSION"); err != nil {
		return nil, nil, "", fmt.Errorf("live page: %s env GOVERSION: %v", goCmd, err)
	}
	goroot, err := env("GOROOT")
	if err != nil {
		return nil, nil, "", fmt.Errorf("live page: %s env GOROOT: %v", goCmd, err)
	}
	for _, d := range []string{"lib/wasm", "misc/wasm"} { // Go ≥ 1.24, earlier
		if execJS, err = os.ReadFile(filepath.Join(goroot, d, "wasm_exec.js")); err == nil {
			break
		}
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("live page: no wasm_exec.js in %s/lib/wasm or misc/wasm", goroot)
	}
	tmp, err := os.MkdirTemp("", "cnnbook-wasm-")
	if err != nil {
		return nil, nil, "", err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "live.wasm")
	cmd := exec.Command(goCmd, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=", "GOWASM=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, "", fmt.Errorf("live page: GOOS=js GOARCH=wasm go build ./wasm: %v\n%s", err, msg)
	}
	wasm, err = os.ReadFile(out)
	return wasm, execJS, version, err
}

// gzipped compresses b with no name and no time in the header, so the
// bytes depend on b alone (and on compress/flate's release).
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// jsString is a script setting window.name to b in base64, after a
// comment.
func jsString(comment, name string, b []byte) []byte {
	var out bytes.Buffer
	out.WriteString("// " + comment + "\nwindow." + name + " = \"")
	out.WriteString(base64.StdEncoding.EncodeToString(b))
	out.WriteString("\";\n")
	return out.Bytes()
}

// livePage builds live.html and its files into site.
func (b *builder) livePage(site *Site) (*page, error) {
	weights, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(liveWeights)))
	if err != nil {
		return nil, fmt.Errorf("live page: %v (train it: go run ./cmd/book train lenet5 -seed 1)", err)
	}
	net, err := live.Load(weights)
	if err != nil {
		return nil, fmt.Errorf("live page: %s: %v", liveWeights, err)
	}
	wasm, execJS, version, err := wasmModule(b.root)
	if err != nil {
		return nil, err
	}
	z := gzipped(wasm)
	site.Docs["live-wasm.js"] = jsString(fmt.Sprintf("LeNet-5 in WebAssembly: ./wasm built by %s (GOOS=js GOARCH=wasm go build -trimpath -buildvcs=false -ldflags='-s -w'), %d bytes, gzip %d bytes, base64. Written by go run ./cmd/book.", version, len(wasm), len(z)), "cnnLiveWasm", z)
	site.Docs["live-weights.js"] = jsString(fmt.Sprintf("LeNet-5's trained weights: %s (safetensors, %d bytes), base64. Written by go run ./cmd/book.", liveWeights, len(weights)), "cnnLiveWeights", weights)
	site.Docs["wasm_exec.js"] = execJS
	site.Docs[liveGoFile] = []byte(version + "\n")
	site.Docs["live.js"] = liveJS
	site.Docs["live.css"] = liveCSS

	digits := live.Digits()
	d := digits[liveDefault]
	tr := net.Reference(live.Input(d.Pixels))
	var body strings.Builder
	body.WriteString(liveIntro)
	fmt.Fprintf(&body, `<div id="live" class="live" data-default="%d">`+"\n", liveDefault)
	fmt.Fprintf(&body, `<p id="live-status" class="live-status" role="status">The pictures below are static: LeNet-5 reading MNIST test digit %d, computed when the book was built. The live network needs JavaScript and WebAssembly.</p>`+"\n", d.Index)
	body.WriteString(`<div class="live-top">
<div class="live-pad" hidden>
<canvas id="live-canvas" width="280" height="280" aria-label="Draw a digit here with the mouse or a finger"></canvas>
<div class="live-buttons"><button type="button" id="live-clear">Clear</button> <button type="button" id="live-occlude" aria-pressed="false">Occlusion</button></div>
</div>
<div class="live-result">
`)
	best := live.Argmax(tr.Probs)
	fmt.Fprintf(&body, `<p class="live-answer">LeNet-5 reads <output id="prediction" data-source="static"`)
	for i, p := range tr.Probs {
		fmt.Fprintf(&body, ` data-p%d="%s"`, i, strconv.FormatFloat(float64(p), 'g', -1, 32))
	}
	fmt.Fprintf(&body, `>%d</output> <span id="live-from">(test digit %d, labelled %d)</span></p>`+"\n", best, d.Index, d.Label)
	body.WriteString(`<ol id="live-probs" class="live-probs" start="0">` + "\n")
	for i, p := range tr.Probs {
		fmt.Fprintf(&body, `<li data-class="%d"><span class="k">%d</span><span class="bar"><span style="width: %.1f%%"></span></span><span class="v">%s</span></li>`+"\n", i, i, 100*p, percent(p))
	}
	body.WriteString("</ol>\n</div>\n</div>\n")
	body.WriteString(`<div id="live-digits" class="live-digits" hidden><h2 id="pick">Or pick a test digit <a class="anchor" href="#pick">¶</a></h2><div class="row"></div></div>` + "\n")

	body.WriteString(`<h2 id="inside">What the network sees <a class="anchor" href="#inside">¶</a></h2>
<p class="live-hint">Dark is a large value. Each layer's maps share one scale, so a pale map is a quiet feature, not a faint picture. Click a map of C1 or C3 to see the kernels that make it.</p>
<div id="live-maps" class="live-maps">
`)
	put := func(name string, w, h int, data []float32, lo, hi float32) string {
		file := "live/" + name + ".png"
		site.Docs[file] = greyPNG(w, h, data, lo, hi)
		return file
	}
	lo, hi := minMax(tr.Input)
	fmt.Fprintf(&body, `<section class="layer" data-layer="input"><h3>Input <span>1×32×32: the digit padded and standardised</span></h3><div class="maps"><figure class="map big" data-i="0"><img src="%s" width="32" height="32" alt="the input, 32×32"></figure></div></section>`+"\n",
		put("input", live.Side, live.Side, tr.Input, lo, hi))
	for _, m := range tr.Layers {
		info := liveLayers[m.Name]
		_, hi := minMax(m.Data)
		fmt.Fprintf(&body, `<section class="layer" data-layer="%s"><h3>%s <span>%s</span></h3><div class="maps">`, m.Name, m.Name, html.EscapeString(info))
		if m.H > 1 {
			for c := 0; c < m.C; c++ {
				f := put(fmt.Sprintf("%s-%d", m.Name, c), m.W, m.H, m.Data[c*m.H*m.W:(c+1)*m.H*m.W], 0, hi)
				fmt.Fprintf(&body, `<figure class="map" data-i="%d"><img src="%s" width="%d" height="%d" alt="%s map %d"></figure>`, c, f, m.W, m.H, m.Name, c)
			}
		} else {
			w := vectorWidth(m.C)
			lo := float32(0)
			if m.Name == "OUTPUT" {
				lo, hi = minMax(m.Data)
			}
			f := put(m.Name, w, (m.C+w-1)/w, m.Data, lo, hi)
			fmt.Fprintf(&body, `<figure class="map vector" data-i="0"><img src="%s" width="%d" height="%d" alt="%s, %d values"></figure>`, f, w, (m.C+w-1)/w, m.Name, m.C)
		}
		body.WriteString("</div></section>\n")
	}
	body.WriteString(`</div>
<div id="live-kernel" class="live-kernel" hidden></div>
<div id="live-occlusion" class="live-occlusion" hidden><h3>Occlusion</h3><canvas id="live-occ" width="32" height="32" aria-label="probability of the class with the square at each place"></canvas><p id="live-occ-note"></p></div>
</div>
`)
	body.WriteString(liveOutro)
	return &page{File: "live.html", Title: "LeNet-5, live", Section: "live", Chapter: -1,
		Lead: template.HTML(`Draw a digit and watch the trained network read it: the book's own Go code, running in your browser.`),
		Head: template.HTML(`<link rel="stylesheet" href="live.css">
<script src="wasm_exec.js" defer></script>
<script src="live-weights.js" defer></script>
<script src="live-wasm.js" defer></script>
<script src="live.js" defer></script>`),
		Body: template.HTML(body.String())}, nil
}

// livePanel is the live directive's panel in a chapter: the static
// input and C1 maps of the live page (written by livePage), linking to it.
var livePanel = func() string {
	var b strings.Builder
	b.WriteString(`<aside class="live-panel"><a href="live.html" aria-label="the live page">`)
	b.WriteString(`<img class="in" src="live/input.png" width="32" height="32" alt="LeNet-5's input: the first MNIST test digit">`)
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&b, `<img src="live/C1-%d.png" width="28" height="28" alt="C1 map %d">`, i, i)
	}
	b.WriteString(`</a><p><strong>Live:</strong> on <a href="live.html">the live page</a> you draw a digit and watch this network (<code>lenet5</code>, the weights of seed 1) read it as you draw: the input as it receives it, every map of C1, S2, C3 and S4, the F6 activations, the ten probabilities, each map's kernels and an occlusion map, computed in your browser by the book's <code>nn</code> code compiled to WebAssembly.</p></aside>`)
	return b.String()
}()

// liveLayers says what each layer's output is.
var liveLayers = map[string]string{
	"C1":     "6×28×28: 5×5 convolutions, ReLU",
	"S2":     "6×14×14: 2×2 max-pooling",
	"C3":     "16×10×10: 5×5 convolutions over all six S2 maps, ReLU",
	"S4":     "16×5×5: 2×2 max-pooling",
	"C5":     "120: 5×5 convolutions over all of S4, ReLU",
	"F6":     "84: fully connected, ReLU",
	"OUTPUT": "10: the class scores before the softmax",
}

const liveIntro = `<p>Draw a digit in the box with the mouse or a finger. As you draw, the drawing is prepared as MNIST's digits were (scaled to fit a 20×20 box, centred by its centre of mass in 28×28, then padded to LeNet-5's 32×32 and standardised) and the network below runs on it: every feature map of every layer, and the ten class probabilities. The network is <code>lenet5</code> of <a href="lenet.html">chapter 1</a> with the weights of <code>results/lenet5-seed1.safetensors</code>, run by the book's own <code>nn</code> code compiled to WebAssembly: nothing is sent anywhere, and the page works opened from disk.</p>
`

const liveOutro = `<h2 id="about">About this page <a class="anchor" href="#about">¶</a></h2>
<p>The idea comes from CNN Explainer (Wang et al., IEEE VIS 2020), which runs a small network in the browser and shows every feature map as the input changes. Here the network is the book's: <code>book/live</code> runs <code>lenet.LeNet5</code>, the module is <code>./wasm</code>, and <code>go test ./book -run TestLive</code> checks, in headless Chromium, that the page's probabilities equal those Go computes natively, that a drawn 7 is read as a 7, and that the page without WebAssembly shows these pictures.</p>
<p>The occlusion mode slides a grey square (the training set's mean pixel) over the input, 8×8 pixels, 2 pixels at a time, and paints at each pixel the network's mean probability of the class (the label of a test digit, the network's first answer for a drawing) over the squares that covered it: dark where hiding the pixel makes the network doubt (Zeiler &amp; Fergus 2014, §4.2).</p>
<p>The test digits are from MNIST (LeCun &amp; Cortes, CC BY-SA 3.0).</p>
`

// percent prints a probability for the bars.
func percent(p float32) string {
	v := 100 * float64(p)
	switch {
	case v >= 99.95:
		return "100%"
	case v < 0.05:
		return "0%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

func minMax(d []float32) (lo, hi float32) {
	lo, hi = float32(math.Inf(1)), float32(math.Inf(-1))
	for _, v := range d {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// vectorWidth lays a vector out as rows: 12 a row (120 = 12×10, 84 = 12×7),
// 10 for the output.
func vectorWidth(n int) int {
	if n <= 10 {
		return n
	}
	return 12
}

// greyPNG draws w×h values as grey levels, lo white and hi black (a
// constant map is white), the same scale live.js uses.
func greyPNG(w, h int, data []float32, lo, hi float32) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for i, v := range data {
		img.Pix[i] = greyLevel(v, lo, hi)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding to a buffer does not fail
	}
	return buf.Bytes()
}

// greyLevel is 255·(1 − (v−lo)/(hi−lo)), rounded, in [0, 255].
func greyLevel(v, lo, hi float32) uint8 {
	if !(hi > lo) {
		return 255
	}
	t := (float64(v) - float64(lo)) / (float64(hi) - float64(lo))
	return uint8(math.Round(255 * (1 - min(1, max(0, t)))))
}
