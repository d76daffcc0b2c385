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

// The live page (docs/live.html) runs the trained LeNet-5 and the
// ZFNet-style net of the visualise experiment (with its deconvnet) in the
// reader's browser: the book's own nn code, compiled to WebAssembly.
// Its files, all written by the build:
//
//	live.html            the page; its pictures are static (live/*.png) until the module runs
//	live.js, live.css    the page's script and style (book/live.js, book/live.css)
//	live-panel.js        the chapters' live panels: loads the scripts below on request
//	                     and gives a small pad (book/live-panel.js)
//	live-wasm.js         window.cnnLiveWasm: the module (./wasm), gzip, base64
//	live-weights.js      window.cnnLiveWeights: results/lenet5-seed1.safetensors, and
//	                     window.cnnLiveZFWeights: results/visualise/zfnet-mnist-seed1.safetensors, base64
//	wasm_exec.js         the Go toolchain's loader ($GOROOT/lib/wasm)
//	live-go.txt          the Go version that compiled the module
//	live/*.png           the static pictures: the default digit's input and maps
//	                     (the ZFNet-style net's: one tile a layer, live/zf-*.png)
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

//go:embed live-panel.js
var livePanelJS []byte

// liveWeights is the weights file the page embeds: the first seed's
// trained LeNet-5 (go run ./cmd/book train lenet5 -seed 1).
const liveWeights = "results/lenet5-seed1.safetensors"

// liveZFWeights is the ZFNet-style net's (zfnet.MNIST) trained weights:
// go run ./cmd/book experiment visualise.
const liveZFWeights = "results/visualise/zfnet-mnist-seed1.safetensors"

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
	zfWeights, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(liveZFWeights)))
	if err != nil {
		return nil, fmt.Errorf("live page: %v (train it: go run ./cmd/book experiment visualise)", err)
	}
	zf, err := live.LoadZF(zfWeights)
	if err != nil {
		return nil, fmt.Errorf("live page: %s: %v", liveZFWeights, err)
	}
	wasm, execJS, version, err := wasmModule(b.root)
	if err != nil {
		return nil, err
	}
	z := gzipped(wasm)
	site.Docs["live-wasm.js"] = jsString(fmt.Sprintf("LeNet-5 and the ZFNet-style net in WebAssembly: ./wasm built by %s (GOOS=js GOARCH=wasm go build -trimpath -buildvcs=false -ldflags='-s -w'), %d bytes, gzip %d bytes, base64. Written by go run ./cmd/book.", version, len(wasm), len(z)), "cnnLiveWasm", z)
	site.Docs["live-weights.js"] = append(jsString(fmt.Sprintf("LeNet-5's trained weights: %s (safetensors, %d bytes), base64. Written by go run ./cmd/book.", liveWeights, len(weights)), "cnnLiveWeights", weights),
		jsString(fmt.Sprintf("The ZFNet-style net's trained weights: %s (safetensors, %d bytes), base64.", liveZFWeights, len(zfWeights)), "cnnLiveZFWeights", zfWeights)...)
	site.Docs["wasm_exec.js"] = execJS
	site.Docs[liveGoFile] = []byte(version + "\n")
	site.Docs["live.js"] = liveJS
	site.Docs["live.css"] = liveCSS
	site.Docs["live-panel.js"] = livePanelJS

	digits := live.Digits()
	d := digits[liveDefault]
	tr := net.Reference(live.Input(d.Pixels))
	var body strings.Builder
	body.WriteString(liveIntro)
	fmt.Fprintf(&body, `<div id="live" class="live" data-default="%d">`+"\n", liveDefault)
	fmt.Fprintf(&body, `<p id="live-status" class="live-status" role="status">The pictures below are static: LeNet-5 and the ZFNet-style net reading MNIST test digit %d, computed when the book was built. The live network needs JavaScript and WebAssembly.</p>`+"\n", d.Index)
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
	if err := zfSection(&body, site, zf, d); err != nil {
		return nil, err
	}
	body.WriteString(liveOutro)
	return &page{File: "live.html", Title: "LeNet-5, live", Section: "live", Chapter: -1,
		Lead: template.HTML(`Draw a digit and watch the trained networks read it: the book's own Go code, running in your browser.`),
		Head: template.HTML(`<link rel="stylesheet" href="live.css">
<script src="wasm_exec.js" defer></script>
<script src="live-weights.js" defer></script>
<script src="live-wasm.js" defer></script>
<script src="live.js" defer></script>`),
		Body: template.HTML(body.String())}, nil
}

// livePanel is the live directive's panel in a chapter ("live" in the
// LeNet chapter, "live zfnet" in the ZFNet chapter): static pictures of
// the live page (written by livePage), linking to it.
func livePanel(net string) (string, error) {
	var b strings.Builder
	switch net {
	case "":
		b.WriteString(`<aside class="live-panel" data-net="lenet"><a href="live.html" aria-label="the live page">`)
		b.WriteString(`<img class="in" src="live/input.png" width="32" height="32" alt="LeNet-5's input: the first MNIST test digit">`)
		for i := 0; i < 6; i++ {
			fmt.Fprintf(&b, `<img src="live/C1-%d.png" width="28" height="28" alt="C1 map %d">`, i, i)
		}
		b.WriteString(`</a><p><strong>Live:</strong> on <a href="live.html">the live page</a> you draw a digit and watch this network (<code>lenet5</code>, the weights of seed 1) read it as you draw: the input as it receives it, every map of C1, S2, C3 and S4, the F6 activations, the ten probabilities, each map's kernels and an occlusion map, computed in your browser by the book's <code>nn</code> code compiled to WebAssembly. Or run it here: draw a digit and click a C1 map for its kernel.</p></aside>`)
	case "zfnet":
		b.WriteString(`<aside class="live-panel" data-net="zfnet"><a href="live.html#zfnet" aria-label="the live page's ZFNet-style net">`)
		b.WriteString(`<img class="in" src="live/input.png" width="32" height="32" alt="the first MNIST test digit">`)
		b.WriteString(`<img class="tile" src="live/zf-relu1.png" alt="its 16 relu1 maps in the ZFNet-style net">`)
		b.WriteString(`</a><p><strong>Live:</strong> <a href="live.html#zfnet">the live page</a> runs this section's net (<code>zfnet.MNIST</code>, the weights of <code>results/visualise/</code>) in your browser on a digit you draw or pick: every map of relu1 to relu4 and the ten probabilities; click a map to see its kernels and the deconvnet projection of its strongest activation back to pixels, through this digit's pooling switches (<code>zfnet.Project</code>, as in Fig. 2 of the paper), by the book's <code>nn</code> code compiled to WebAssembly. Or run it here: draw a digit and click a relu1 map.</p></aside>`)
	default:
		return "", fmt.Errorf("live: no panel for %q (want nothing, or zfnet)", net)
	}
	b.WriteString(`<script src="live-panel.js" defer></script>`)
	return b.String(), nil
}

// zfLayers says what each of the ZFNet-style net's shown maps is.
var zfLayers = map[string]string{
	"relu1": "conv1, 16×28×28: 5×5 convolutions of the input, ReLU",
	"relu2": "conv2, 32×14×14: 3×3 convolutions over the 16 pool1 maps, ReLU",
	"relu3": "conv3, 48×7×7: 3×3 convolutions over the 32 pool2 maps, ReLU",
	"relu4": "conv4, 48×7×7: 3×3 convolutions over the 48 relu3 maps, ReLU",
}

// zfTileColumns is how many maps a row of a static tile holds.
const zfTileColumns = 8

// zfSection writes the live page's ZFNet-style net: its answer for the
// default digit d and, per shown layer, one static picture of all its
// maps (a tile, zfTileColumns maps a row, one white pixel between);
// live.js replaces each tile by one canvas per map.
func zfSection(body *strings.Builder, site *Site, zf *live.ZF, d live.Digit) error {
	tr := zf.Reference(live.ZFInput(d.Pixels))
	fmt.Fprintf(body, `<h2 id="zfnet">A ZFNet-style net: kernels and deconvnet projections <a class="anchor" href="#zfnet">¶</a></h2>
<p>The same 28×28 digit (standardised, not padded) goes through the ZFNet-style net of <a href="zfnet.html">the ZFNet chapter</a> (<code>zfnet.MNIST</code>, the weights of <code>%s</code>). Click a map to see the kernels that make it and the deconvnet projection of its strongest activation for this digit: that one activation, the rest of its layer set to zero, taken back down to pixels through this digit's max-pooling switches, rectified and filtered with the transposed kernels (Zeiler &amp; Fergus 2014, §2.1 and Fig. 2; the book's <code>zfnet.Project</code>).</p>
`, liveZFWeights)
	best := live.Argmax(tr.Probs)
	fmt.Fprintf(body, `<p class="live-answer">The ZFNet-style net reads <output id="zf-prediction" data-source="static"`)
	for i, p := range tr.Probs {
		fmt.Fprintf(body, ` data-p%d="%s"`, i, strconv.FormatFloat(float64(p), 'g', -1, 32))
	}
	fmt.Fprintf(body, `>%d</output> <span id="zf-from">(p = %s)</span></p>`+"\n", best, percent(tr.Probs[best]))
	body.WriteString(`<div id="zf-maps" class="live-maps zf-maps">` + "\n")
	for _, m := range tr.Layers {
		cols := min(zfTileColumns, m.C)
		rows := (m.C + cols - 1) / cols
		tw, th := cols*(m.W+1)-1, rows*(m.H+1)-1
		tile := make([]float32, tw*th)
		_, hi := minMax(m.Data)
		for i := range tile {
			tile[i] = float32(math.NaN()) // the gaps: white
		}
		for c := 0; c < m.C; c++ {
			r0, c0 := (c/cols)*(m.H+1), (c%cols)*(m.W+1)
			for y := 0; y < m.H; y++ {
				for x := 0; x < m.W; x++ {
					tile[(r0+y)*tw+c0+x] = m.Data[(c*m.H+y)*m.W+x]
				}
			}
		}
		file := "live/zf-" + m.Name + ".png"
		site.Docs[file] = greyPNG(tw, th, tile, 0, hi)
		fmt.Fprintf(body, `<section class="layer" data-layer="%s" data-c="%d" data-h="%d" data-w="%d"><h3>%s <span>%s</span></h3><div class="maps"><img class="tile" src="%s" width="%d" height="%d" alt="the %d %s maps, %d a row"></div></section>`+"\n",
			m.Name, m.C, m.H, m.W, m.Name, html.EscapeString(zfLayers[m.Name]), file, tw, th, m.C, m.Name, cols)
	}
	body.WriteString(`</div>
<div id="zf-detail" class="live-kernel zf-detail" hidden></div>
`)
	return nil
}

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
<p>The idea comes from CNN Explainer (Wang et al., IEEE VIS 2020), which runs a small network in the browser and shows every feature map as the input changes. Here the networks are the book's: <code>book/live</code> runs <code>lenet.LeNet5</code> and <code>zfnet.MNIST</code> (with <code>zfnet.Project</code> for the projections), the module is <code>./wasm</code>, and <code>go test ./book -run TestLive</code> checks, in headless Chromium, that the page's probabilities, kernels, deconvnet projections and occlusion map equal those Go computes natively, that a 7 drawn with the mouse, or with a finger on a 390-pixel-wide phone screen, is read as a 7, and that the page without WebAssembly shows these pictures.</p>
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
	if !(hi > lo) || v != v { // a constant map, or NaN (a gap)
		return 255
	}
	t := (float64(v) - float64(lo)) / (float64(hi) - float64(lo))
	return uint8(math.Round(255 * (1 - min(1, max(0, t)))))
}
