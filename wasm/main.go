//go:build js && wasm

// Command wasm is the live page's models (docs/live.html): LeNet-5 from
// chapters/lenet and the ZFNet-style net zfnet.MNIST (with its
// deconvnet, zfnet.Project) with the book's nn code, compiled to WebAssembly by the
// book build (book/live.go: GOOS=js GOARCH=wasm go build -trimpath
// -buildvcs=false ./wasm) and driven by book/live.js through the global
// object cnnLive:
//
//	cnnLive.load(weights Uint8Array)        → "" or an error message
//	cnnLive.digits()                        → [{index, label, pixels Uint8Array(784)}]
//	cnnLive.runDigit(i)                     → trace of committed test digit i
//	cnnLive.runDrawing(ink Uint8Array, w, h) → trace of a drawing (Preprocess), or null if blank
//	cnnLive.kernel(layer, i)                → {w Float32Array, in, k, bias} or null
//	cnnLive.occlusionRow(class, r)          → Float32Array: p(class) with the square on row r
//	cnnLive.loadZF(weights Uint8Array)      → "" or an error message (the ZFNet-style net)
//	cnnLive.zfRun()                         → the ZFNet-style net's trace of the last digit run
//	cnnLive.zfKernel(layer, i)              → as kernel, for "relu1" … "relu4"
//	cnnLive.zfProject(layer, i)             → {layer, map, i, j, act, h, w, pixels Float32Array(784)}:
//	                                          the deconvnet projection of map i's strongest activation
//
// A trace is {digit Uint8Array(784), input Float32Array(1024), layers
// [{name, c, h, w, data Float32Array}], probs [10 numbers]}; occlusionRow
// works on the last traced input.
package main

import (
	"syscall/js"
	"unsafe"

	"github.com/cnnbook/cnnbook/book/live"
	"github.com/cnnbook/cnnbook/nn"
)

var (
	net    *live.Net
	zf     *live.ZF
	lastZF *nn.Tensor // the ZFNet-style net's input for the last digit run
	digits = live.Digits()
	last   *nn.Tensor // the last input run, for occlusionRow
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("load", js.FuncOf(load))
	api.Set("digits", js.FuncOf(digitList))
	api.Set("runDigit", js.FuncOf(runDigit))
	api.Set("runDrawing", js.FuncOf(runDrawing))
	api.Set("kernel", js.FuncOf(kernel))
	api.Set("occlusionRow", js.FuncOf(occlusionRow))
	api.Set("loadZF", js.FuncOf(loadZF))
	api.Set("zfRun", js.FuncOf(zfRun))
	api.Set("zfKernel", js.FuncOf(zfKernel))
	api.Set("zfProject", js.FuncOf(zfProject))
	js.Global().Set("cnnLive", api)
	if ready := js.Global().Get("cnnLiveReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the functions alive
}

func load(_ js.Value, args []js.Value) any {
	b := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(b, args[0])
	n, err := live.Load(b)
	if err != nil {
		return err.Error()
	}
	net = n
	return ""
}

func digitList(js.Value, []js.Value) any {
	out := make([]any, len(digits))
	for i, d := range digits {
		out[i] = map[string]any{"index": d.Index, "label": d.Label, "pixels": bytesJS(d.Pixels)}
	}
	return out
}

func runDigit(_ js.Value, args []js.Value) any {
	i := args[0].Int()
	if net == nil || i < 0 || i >= len(digits) {
		return js.Null()
	}
	return run(digits[i].Pixels)
}

func runDrawing(_ js.Value, args []js.Value) any {
	w, h := args[1].Int(), args[2].Int()
	ink := make([]byte, w*h)
	if args[0].Get("length").Int() != len(ink) || net == nil {
		return js.Null()
	}
	js.CopyBytesToGo(ink, args[0])
	img, ok := live.Preprocess(ink, w, h)
	if !ok {
		return js.Null()
	}
	return run(img)
}

// run traces the network on a 28×28 digit.
func run(img []uint8) any {
	x := live.Input(img)
	t, err := net.Run(x)
	if err != nil {
		return js.Null()
	}
	last = x
	lastZF = live.ZFInput(img)
	return traceJS(t, img)
}

// traceJS is a trace as the page reads it.
func traceJS(t *live.Trace, img []uint8) any {
	layers := make([]any, len(t.Layers))
	for i, m := range t.Layers {
		layers[i] = map[string]any{"name": m.Name, "c": m.C, "h": m.H, "w": m.W, "data": floatsJS(m.Data)}
	}
	probs := make([]any, len(t.Probs))
	for i, p := range t.Probs {
		probs[i] = float64(p)
	}
	out := map[string]any{"input": floatsJS(t.Input), "layers": layers, "probs": probs}
	if img != nil {
		out["digit"] = bytesJS(img)
	}
	return out
}

func kernel(_ js.Value, args []js.Value) any {
	if net == nil {
		return js.Null()
	}
	w, in, k, bias, err := net.Kernel(args[0].String(), args[1].Int())
	if err != nil || w == nil {
		return js.Null()
	}
	return map[string]any{"w": floatsJS(w), "in": in, "k": k, "bias": float64(bias)}
}

func loadZF(_ js.Value, args []js.Value) any {
	b := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(b, args[0])
	z, err := live.LoadZF(b)
	if err != nil {
		return err.Error()
	}
	zf = z
	return ""
}

func zfRun(js.Value, []js.Value) any {
	if zf == nil || lastZF == nil {
		return js.Null()
	}
	t, err := zf.Run(lastZF)
	if err != nil {
		return js.Null()
	}
	return traceJS(t, nil)
}

func zfKernel(_ js.Value, args []js.Value) any {
	if zf == nil {
		return js.Null()
	}
	w, in, k, bias, err := zf.Kernel(args[0].String(), args[1].Int())
	if err != nil || w == nil {
		return js.Null()
	}
	return map[string]any{"w": floatsJS(w), "in": in, "k": k, "bias": float64(bias)}
}

func zfProject(_ js.Value, args []js.Value) any {
	if zf == nil || lastZF == nil {
		return js.Null()
	}
	p, err := zf.Project(lastZF, args[0].String(), args[1].Int())
	if err != nil {
		return js.Null()
	}
	return map[string]any{"layer": p.Layer, "map": p.Map, "i": p.I, "j": p.J, "act": float64(p.Act), "h": p.H, "w": p.W, "pixels": floatsJS(p.Pixels)}
}

func occlusionRow(_ js.Value, args []js.Value) any {
	if net == nil || last == nil {
		return js.Null()
	}
	p, err := net.OcclusionRow(last, args[0].Int(), args[1].Int())
	if err != nil {
		return js.Null()
	}
	return floatsJS(p)
}

// bytesJS copies b into a new Uint8Array.
func bytesJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// floatsJS copies f into a new Float32Array (wasm memory is little-endian,
// as typed arrays are on every browser platform).
func floatsJS(f []float32) js.Value {
	a := js.Global().Get("Float32Array").New(len(f))
	if len(f) > 0 {
		u := js.Global().Get("Uint8Array").New(a.Get("buffer"))
		js.CopyBytesToJS(u, unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), 4*len(f)))
	}
	return a
}
