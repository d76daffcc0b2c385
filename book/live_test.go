package book

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/cnnbook/cnnbook/book/live"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/train"
)

// otherGo reports whether the committed docs/ were built by another Go
// release than the one running the test: then the files whose bytes
// depend on it (liveVersioned, and the stamp itself) are not compared.
func otherGo(t *testing.T, name string) bool {
	if name != liveGoFile && !slices.Contains(liveVersioned, name) {
		return false
	}
	b, err := os.ReadFile(filepath.Join("..", "docs", liveGoFile))
	if err != nil {
		return false // TestFresh reports the missing file
	}
	if v := strings.TrimSpace(string(b)); v != runtime.Version() {
		t.Logf("docs/%s: built by %s, this is %s: not compared", name, v, runtime.Version())
		return true
	}
	return false
}

// TestLiveFormat: the live page feeds LeNet-5 the input the committed
// weights were trained on.
func TestLiveFormat(t *testing.T) {
	r, err := train.Lookup("lenet5")
	if err != nil {
		t.Fatal(err)
	}
	if r.Format.Pad != live.Pad || r.Format.Side() != live.Side || r.Format.Scaling != mnist.Standard {
		t.Errorf("train's lenet5 format is %+v; book/live assumes pad %d, side %d, standard scaling", r.Format, live.Pad, live.Side)
	}
}

// stroke is testdata/stroke7.json.
type stroke struct {
	Strokes [][][2]float64 `json:"strokes"`
}

// liveProbs reads #prediction: its class, its ten data-p attributes and
// where the input came from.
type liveProbs struct {
	Class   string    `json:"class"`
	P       []float64 `json:"p"`
	Source  string    `json:"source"`
	Ms      string    `json:"ms"`
	Strokes string    `json:"strokes"`
}

const readPrediction = `(() => {
  const e = document.getElementById("prediction"), p = [];
  for (let i = 0; i < 10; i++) p.push(parseFloat(e.getAttribute("data-p" + i)));
  return {class: e.textContent, p, source: e.getAttribute("data-source") || "", ms: e.getAttribute("data-ms") || "", strokes: e.getAttribute("data-strokes") || ""};
})()`

// browser starts a headless Chromium with extra flags.
func browser(t *testing.T, chrome string, flags ...chromedp.ExecAllocatorOption) (context.Context, func()) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.Flag("no-sandbox", true)) // Chromium refuses to run as root with its sandbox
	}
	opts = append(opts, flags...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	return ctx, func() { cancelT(); cancel(); cancelA() }
}

// TestLive opens docs/live.html from disk in headless Chromium. With
// WebAssembly: for one committed test digit of each class the page's
// class and probabilities equal those Go computes natively from the same
// 32×32 input (within 1e-5 of the largest probability: the page runs the
// generic Go kernels, this machine perhaps AVX ones, both float32), and a
// 7 drawn by mouse events (testdata/stroke7.json) is read as a 7; the
// ZFNet-style net's probabilities match Go's too; clicking a LeNet-5 map
// shows its trained kernels (liveKernelClick); clicking a ZFNet map shows
// its kernels and the deconvnet projection Go computes (liveZFClicks);
// the occlusion map's probabilities and colours are Go's
// (liveOcclusion); and the forward time is logged (liveTiming). At
// 390×844 (phone) nothing is wider than the screen and a 7 drawn by
// touch events is read as a 7. The LeNet and ZFNet chapters' panels
// start the module in place, read a drawn 7, show a relu1 map's kernel
// and projection, and fit 390 pixels. Without WebAssembly
// (--js-flags=--jitless) the page says so and shows its static
// pictures. One browser per run.
func TestLive(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("-short: the browser test skips")
	}
	chrome := findChromium(t)
	s := site(t)
	dir := t.TempDir()
	if err := s.Write(filepath.Join(dir, "docs"), filepath.Join(dir, "figures")); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "docs", "live.html"))
	w, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(liveWeights)))
	if err != nil {
		t.Fatal(err)
	}
	net, err := live.Load(w)
	if err != nil {
		t.Fatal(err)
	}
	zw, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(liveZFWeights)))
	if err != nil {
		t.Fatal(err)
	}
	zf, err := live.LoadZF(zw)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("wasm", func(t *testing.T) {
		ctx, stop := browser(t, chrome)
		defer stop()
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("prediction").getAttribute("data-source") === "digit-0"`, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("live-status").textContent`))
			t.Fatalf("the page did not classify its default digit: %v (status: %q)", err, st)
		}
		t.Logf("loaded and classified the default digit in %.1f s", time.Since(start).Seconds())

		seen := map[int]bool{}
		for i, d := range live.Digits() {
			if seen[d.Label] {
				continue
			}
			seen[d.Label] = true
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`button[data-digit="%d"]`, i)))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Poll[liveProbs](fmt.Sprintf(`(() => { const r = %s; return r.source === "digit-%d" ? r : null; })()`, readPrediction, i), chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("digit %d: %v", i, err)
			}
			tr, err := net.Run(live.Input(d.Pixels))
			if err != nil {
				t.Fatal(err)
			}
			var worst, top float64
			for k, p := range tr.Probs {
				worst = max(worst, math.Abs(got.P[k]-float64(p)))
				top = max(top, math.Abs(float64(p)))
			}
			want := strconv.Itoa(live.Argmax(tr.Probs))
			if got.Class != want || !(worst <= 1e-5*top) {
				t.Errorf("test digit %d (a %d): page reads %s with %v, Go reads %s with %v: largest difference %.3g, allowed %.3g",
					d.Index, d.Label, got.Class, got.P, want, tr.Probs, worst, 1e-5*top)
			}
			t.Logf("test digit %4d (a %d): page %s, Go %s, p %.6f, largest difference %.2g (of max p %.3g), %s ms a pass", d.Index, d.Label, got.Class, want, got.P[live.Argmax(tr.Probs)], worst, top, got.Ms)
		}
		if len(seen) != 10 {
			t.Errorf("compared %d classes, want 10", len(seen))
		}

		// Back to test digit 0 for the clicks and the occlusion map.
		d0 := live.Digits()[0]
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-digit="0"]`))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("prediction").getAttribute("data-source") === "digit-0" && document.getElementById("zf-prediction").getAttribute("data-source") === "digit-0"`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatal(err)
		}
		liveZFProbs(ctx, t, zf, d0)
		liveKernelClick(ctx, t, net)
		liveZFClicks(ctx, t, zf, d0)
		liveOcclusion(ctx, t, net, d0)

		// The drawn 7.
		st := loadStroke(t)
		box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const c = document.getElementById("live-canvas"); c.scrollIntoView({block: "center"}); const r = c.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("live-clear"))); err != nil {
			t.Fatal(err)
		}
		xy := func(p [2]float64) (float64, float64) { return box[0] + p[0]*box[2], box[1] + p[1]*box[3] }
		for _, s := range st.Strokes {
			x, y := xy(s[0])
			acts := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft)}
			for _, p := range s[1:] {
				x, y = xy(p)
				acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft, func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }))
			}
			acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft))
			if err := chromedp.Do(ctx, acts...); err != nil {
				t.Fatal(err)
			}
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[liveProbs](fmt.Sprintf(`(() => { const r = %s; return r.strokes === "%d" ? r : null; })()`, readPrediction, len(st.Strokes)), chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("the drawn 7: %v", err)
		}
		if got.Source != "drawing" || got.Class != "7" {
			t.Errorf("the drawn 7: the page reads %s from %q with %v, want 7 from the drawing", got.Class, got.Source, got.P)
		}
		t.Logf("the drawn 7 (%d points): read as %s, p(7) = %.4f, %s ms a pass (median of the page's last runs)", len(st.Strokes[0]), got.Class, got.P[7], got.Ms)
		liveTiming(ctx, t)
		if os.Getenv("BOOK_SCREENSHOTS") != "" {
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
			if err == nil {
				os.WriteFile(filepath.Join(os.Getenv("BOOK_SCREENSHOTS"), "live-1280.jpg"), buf, 0o644)
			}
		}
	})

	t.Run("phone", func(t *testing.T) {
		ctx, stop := browser(t, chrome)
		defer stop()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch), chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("prediction").getAttribute("data-source") === "digit-0"`, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			t.Fatalf("the page did not classify its default digit at 390×844: %v", err)
		}
		type layout struct {
			Inner, Scroll float64
			Canvas        []float64
			Wide          []string
		}
		// Open the kernel and projection panes too: they must fit as well.
		lay, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
  document.querySelector('#live-maps section[data-layer="C3"] figure[data-i="3"]').click();
  document.querySelector('#zf-maps section[data-layer="relu4"] figure[data-i="3"]').click();
  document.getElementById("live-occlude").click();
  const c = document.getElementById("live-canvas"), r = c.getBoundingClientRect(), wide = [];
  for (const e of document.querySelectorAll("body *")) {
    const b = e.getBoundingClientRect();
    if (b.width > 0 && b.right > 390.5 && getComputedStyle(e).position !== "fixed") wide.push(e.tagName + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className : "") + " " + Math.round(b.right));
  }
  return {inner: innerWidth, scroll: document.scrollingElement.scrollWidth, canvas: [r.left, r.top, r.width, r.height], wide: wide.slice(0, 10)};
})()`))
		if err != nil {
			t.Fatal(err)
		}
		if lay.Inner != 390 || lay.Scroll > 390 {
			t.Errorf("at 390×844 (window %v wide) the page scrolls to %v: wider than the screen (elements past 390: %v)", lay.Inner, lay.Scroll, lay.Wide)
		}
		if c := lay.Canvas; c[0] < 0 || c[0]+c[2] > 390 || c[2] < 200 || c[2] != c[3] {
			t.Errorf("the drawing pad at 390×844 is at x %.0f, %.0f×%.0f: want a square at least 200 wide inside the screen", c[0], c[2], c[3])
		}
		// A finger draws the 7.
		box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const c = document.getElementById("live-canvas"); c.scrollIntoView({block: "center"}); document.getElementById("live-clear").click(); const r = c.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		st := loadStroke(t)
		for _, s := range st.Strokes {
			acts := []chromedp.Action[chromedp.Void]{}
			for k, p := range s {
				typ := input.DispatchTouchEventTypeTouchMove
				if k == 0 {
					typ = input.DispatchTouchEventTypeTouchStart
				}
				pt := &input.TouchPoint{X: box[0] + p[0]*box[2], Y: box[1] + p[1]*box[3]}
				acts = append(acts, touch(typ, pt))
			}
			acts = append(acts, touch(input.DispatchTouchEventTypeTouchEnd, nil))
			if err := chromedp.Do(ctx, acts...); err != nil {
				t.Fatal(err)
			}
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[liveProbs](fmt.Sprintf(`(() => { const r = %s; return r.strokes === "%d" ? r : null; })()`, readPrediction, len(st.Strokes)), chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("the 7 drawn by touch at 390×844: %v", err)
		}
		if got.Source != "drawing" || got.Class != "7" {
			t.Errorf("the 7 drawn by touch at 390×844: the page reads %s from %q with %v, want 7 from the drawing", got.Class, got.Source, got.P)
		}
		t.Logf("at 390×844: scroll width %v, pad %.0f×%.0f at x %.0f; a 7 drawn by touch read as %s (p = %.4f)", lay.Scroll, lay.Canvas[2], lay.Canvas[3], lay.Canvas[0], got.Class, got.P[7])
		if os.Getenv("BOOK_SCREENSHOTS") != "" {
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
			if err == nil {
				os.WriteFile(filepath.Join(os.Getenv("BOOK_SCREENSHOTS"), "live-390.jpg"), buf, 0o644)
			}
		}
	})

	t.Run("chapters", func(t *testing.T) {
		// The chapters' panels start the same module on request: in the
		// LeNet and ZFNet chapters, the default digit and a drawn 7 are
		// read as 7, and (ZFNet) clicking a relu1 map shows its kernel
		// and a non-empty deconvnet projection.
		ctx, stop := browser(t, chrome)
		defer stop()
		st := loadStroke(t)
		for _, c := range []struct{ page, net string }{{"lenet.html", "lenet"}, {"zfnet.html", "zfnet"}} {
			panel := fmt.Sprintf(`aside.live-panel[data-net="%s"]`, c.net)
			purl := "file://" + filepath.ToSlash(filepath.Join(dir, "docs", c.page))
			if err := chromedp.Do(ctx, chromedp.Navigate(purl), chromedp.Click(chromedp.CSS(panel+" .live-run"))); err != nil {
				t.Fatalf("%s: %v", c.page, err)
			}
			first, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`document.querySelector('%s .live-panel-answer[data-class]')?.getAttribute("data-class") || null`, panel), chromedp.WithPollingTimeout(60*time.Second)))
			if err != nil {
				t.Fatalf("%s: the panel did not start: %v", c.page, err)
			}
			box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const p = document.querySelector('%s'); p.querySelector(".live-panel-run button").click(); const c = p.querySelector(".live-panel-pad"); c.scrollIntoView({block: "center"}); const r = c.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, panel)))
			if err != nil {
				t.Fatal(err)
			}
			xy := func(p [2]float64) (float64, float64) { return box[0] + p[0]*box[2], box[1] + p[1]*box[3] }
			for _, s := range st.Strokes {
				x, y := xy(s[0])
				acts := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft)}
				for _, p := range s[1:] {
					x, y = xy(p)
					acts = append(acts, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft, func(p *input.DispatchMouseEventParams) { p.Buttons = 1 }))
				}
				acts = append(acts, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft))
				if err := chromedp.Do(ctx, acts...); err != nil {
					t.Fatal(err)
				}
			}
			drawn, err := chromedp.Run(ctx, chromedp.Poll[[]string](fmt.Sprintf(`(() => { const o = document.querySelector('%s .live-panel-answer'); return o.getAttribute("data-strokes") === "%d" && o.hasAttribute("data-class") ? [o.getAttribute("data-class"), o.textContent, o.getAttribute("data-ms")] : null; })()`, panel, len(st.Strokes)), chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("%s: the drawn 7: %v", c.page, err)
			}
			if first != "7" || drawn[0] != "7" {
				t.Errorf("%s panel: the default digit read as %s, the drawn 7 as %s (%q); want 7 and 7", c.page, first, drawn[0], drawn[1])
			}
			t.Logf("%s panel: default digit → %s, drawn 7 → %q, %s ms a pass", c.page, first, drawn[1], drawn[2])
			if c.net != "zfnet" {
				continue
			}
			det, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const p = document.querySelector('%s'); p.querySelector('.live-panel-maps canvas[data-i="3"]').click(); const d = p.querySelector(".live-panel-detail"); return d.getAttribute("data-map") === "3" ? [d.querySelectorAll("canvas").length, Math.max(...Array.from(d.projection).map(Math.abs))] : [0, 0]; })()`, panel)))
			if err != nil {
				t.Fatal(err)
			}
			if det[0] != 2 || !(det[1] > 0) {
				t.Errorf("zfnet.html panel: clicking relu1 map 3 shows %v canvases, projection max |value| %v; want the kernel and a non-empty projection", det[0], det[1])
			}
			if os.Getenv("BOOK_SCREENSHOTS") != "" {
				if buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(panel))); err == nil {
					os.WriteFile(filepath.Join(os.Getenv("BOOK_SCREENSHOTS"), "live-panel-zfnet.png"), buf, 0o644)
				}
			}
			// The running panel on a phone: nothing wider than the screen.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
				t.Fatal(err)
			}
			w, err := chromedp.Run(ctx, chromedp.Poll[[]float64](fmt.Sprintf(`innerWidth === 390 ? [document.scrollingElement.scrollWidth, document.querySelector('%s').getBoundingClientRect().right, document.querySelector('%s .live-panel-pad').getBoundingClientRect().width] : null`, panel, panel), chromedp.WithPollingTimeout(10*time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			if w[0] > 390 || w[1] > 390 || w[2] < 150 {
				t.Errorf("zfnet.html at 390×844 with the panel running: scroll width %v, panel's right edge %v, pad %v wide; want ≤ 390, ≤ 390, ≥ 150", w[0], w[1], w[2])
			}
			t.Logf("zfnet.html at 390×844, panel running: scroll width %v, panel right edge %.0f, pad %.0f px", w[0], w[1], w[2])
		}
	})

	t.Run("nowasm", func(t *testing.T) {
		// V8's --noexpose_wasm, which the issue names, no longer takes:
		// Debian's Chromium 156 still runs WebAssembly with it (and
		// with --no-expose-wasm). --jitless removes the WebAssembly
		// object altogether (checked with --dump-dom of a page printing
		// typeof WebAssembly: "undefined").
		ctx, stop := browser(t, chrome, chromedp.Flag("js-flags", "--jitless"))
		defer stop()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		type fallback struct {
			Static  bool     `json:"static"`
			Status  string   `json:"status"`
			Source  string   `json:"source"`
			Images  int      `json:"images"`
			Broken  []string `json:"broken"`
			PadShow bool     `json:"padShown"`
		}
		r, err := chromedp.Run(ctx, chromedp.Poll[fallback](`(() => {
  const root = document.getElementById("live");
  if (!root.classList.contains("static")) return null;
  const r = {static: true, status: document.getElementById("live-status").textContent, source: document.getElementById("prediction").getAttribute("data-source"), images: 0, broken: [],
    padShown: document.querySelector(".live-pad").getBoundingClientRect().height > 0};
  for (const im of document.querySelectorAll("#live-maps img, #zf-maps img")) {
    r.images++;
    const b = im.getBoundingClientRect();
    if (!im.complete || im.naturalWidth === 0 || b.width === 0) r.broken.push(im.getAttribute("src"));
  }
  return r;
})()`, chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("live-status").textContent + " / WebAssembly: " + typeof WebAssembly`))
			t.Fatalf("the page without WebAssembly never marked itself static: %v (status: %q)", err, st)
		}
		if !strings.Contains(r.Status, "WebAssembly") || r.Source != "static" || r.PadShow || r.Images < 52 || len(r.Broken) > 0 {
			t.Errorf("without WebAssembly: status %q, prediction from %q, pad shown %v, %d static pictures (broken %v); want a status naming WebAssembly, the static prediction, no pad, every picture shown",
				r.Status, r.Source, r.PadShow, r.Images, r.Broken)
		}
		t.Logf("without WebAssembly: %q; %d static pictures", r.Status, r.Images)
	})
}

func loadStroke(t *testing.T) stroke {
	b, err := os.ReadFile(filepath.Join("testdata", "stroke7.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st stroke
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// touch dispatches one touch event (pt nil for the end).
func touch(typ input.DispatchTouchEventType, pt *input.TouchPoint) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{}}
		if pt != nil {
			p.TouchPoints = append(p.TouchPoints, pt)
		}
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, p)
		return err
	})
}

// liveZFProbs: the page's ZFNet-style net reads digit d as Go does
// natively (within 1e-5 of the largest probability).
func liveZFProbs(ctx context.Context, t *testing.T, zf *live.ZF, d live.Digit) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const e = document.getElementById("zf-prediction"), p = []; for (let i = 0; i < 10; i++) p.push(parseFloat(e.getAttribute("data-p" + i))); return p; })()`))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := zf.Run(live.ZFInput(d.Pixels))
	if err != nil {
		t.Fatal(err)
	}
	var worst, top float64
	for k, p := range tr.Probs {
		worst = max(worst, math.Abs(got[k]-float64(p)))
		top = max(top, float64(p))
	}
	if !(worst <= 1e-5*top) {
		t.Errorf("ZFNet-style net, test digit %d: page %v, Go %v: largest difference %.3g, allowed %.3g", d.Index, got, tr.Probs, worst, 1e-5*top)
	}
	t.Logf("ZFNet-style net, test digit %d: page and Go differ by at most %.2g (max p %.3g)", d.Index, worst, top)
}

// liveKernelClick: clicking a C1 and a C3 map of LeNet-5 shows that
// map's kernels, the weights of the trained net.
func liveKernelClick(ctx context.Context, t *testing.T, net *live.Net) {
	t.Helper()
	type shown struct {
		Layer   string    `json:"layer"`
		Map     string    `json:"map"`
		Hidden  bool      `json:"hidden"`
		Kernel  []float64 `json:"kernel"`
		Figures int       `json:"figures"`
		Title   string    `json:"title"`
	}
	for _, c := range []struct {
		layer string
		i     int
	}{{"C1", 4}, {"C3", 11}} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#live-maps section[data-layer="%s"] figure[data-i="%d"]`, c.layer, c.i)))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[shown](fmt.Sprintf(`(() => { const b = document.getElementById("live-kernel"); if (b.getAttribute("data-layer") !== %q || b.getAttribute("data-map") !== "%d") return null;
  return {layer: b.getAttribute("data-layer"), map: b.getAttribute("data-map"), hidden: b.hidden || b.getBoundingClientRect().height === 0, kernel: Array.from(b.kernel || []), figures: b.querySelectorAll(".kernels canvas").length, title: b.querySelector("h3").textContent}; })()`, c.layer, c.i), chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("clicking %s map %d: %v", c.layer, c.i, err)
		}
		w, in, k, _, err := net.Kernel(c.layer, c.i)
		if err != nil {
			t.Fatal(err)
		}
		if got.Hidden || got.Figures != in || len(got.Kernel) != len(w) {
			t.Fatalf("clicking %s map %d: pane hidden %v, %d kernels drawn, %d weights; want %d kernels of %d×%d", c.layer, c.i, got.Hidden, got.Figures, len(got.Kernel), in, k, k)
		}
		for j, v := range w {
			if got.Kernel[j] != float64(v) {
				t.Fatalf("clicking %s map %d: weight %d is %v on the page, %v in the trained net", c.layer, c.i, j, got.Kernel[j], v)
			}
		}
		t.Logf("clicking %s map %d shows %q: %d kernels, the trained weights exactly", c.layer, c.i, got.Title, got.Figures)
	}
}

// liveZFClicks: clicking a map of the ZFNet-style net shows its kernels
// and the deconvnet projection of its strongest activation for the digit
// shown, equal to what book/live's Project (zfnet.Project) computes
// natively: the same activation, the projection within 1e-4 of its
// largest magnitude (float32 sums in another order: the page runs Go's
// generic kernels, this machine perhaps AVX ones).
func liveZFClicks(ctx context.Context, t *testing.T, zf *live.ZF, d live.Digit) {
	t.Helper()
	type shown struct {
		At      string    `json:"at"`
		Source  string    `json:"source"`
		Hidden  bool      `json:"hidden"`
		Proj    []float64 `json:"proj"`
		Kernel  []float64 `json:"kernel"`
		Figures int       `json:"figures"`
	}
	x := live.ZFInput(d.Pixels)
	tr, err := zf.Run(x)
	if err != nil {
		t.Fatal(err)
	}
	// In relu1, relu2 and relu4: the map that fires hardest on the digit
	// (a silent map's projection is zero, which would test nothing).
	type pick struct {
		layer string
		i     int
	}
	var picks []pick
	for _, m := range tr.Layers {
		if m.Name == "relu3" {
			continue
		}
		best := 0
		for k, v := range m.Data {
			if v > m.Data[best] {
				best = k
			}
		}
		picks = append(picks, pick{m.Name, best / (m.H * m.W)})
	}
	for _, c := range picks {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#zf-maps section[data-layer="%s"] figure[data-i="%d"]`, c.layer, c.i)))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Poll[shown](fmt.Sprintf(`(() => { const b = document.getElementById("zf-detail"); if (b.getAttribute("data-layer") !== %q || b.getAttribute("data-map") !== "%d") return null;
  return {at: b.getAttribute("data-at"), source: b.getAttribute("data-source"), hidden: b.hidden || b.getBoundingClientRect().height === 0, proj: Array.from(b.projection), kernel: Array.from(b.kernel), figures: b.querySelectorAll(".kernels canvas").length}; })()`, c.layer, c.i), chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("clicking ZFNet %s map %d: %v", c.layer, c.i, err)
		}
		want, err := zf.Project(x, c.layer, c.i)
		if err != nil {
			t.Fatal(err)
		}
		w, in, _, _, err := zf.Kernel(c.layer, c.i)
		if err != nil {
			t.Fatal(err)
		}
		if got.Hidden || got.Source != "digit-0" || got.Figures != in || len(got.Kernel) != len(w) || len(got.Proj) != len(want.Pixels) {
			t.Fatalf("clicking ZFNet %s map %d: hidden %v, source %q, %d kernels drawn of %d, %d weights of %d, %d projection pixels of %d",
				c.layer, c.i, got.Hidden, got.Source, got.Figures, in, len(got.Kernel), len(w), len(got.Proj), len(want.Pixels))
		}
		for j, v := range w {
			if got.Kernel[j] != float64(v) {
				t.Fatalf("ZFNet %s map %d: weight %d is %v on the page, %v in the trained net", c.layer, c.i, j, got.Kernel[j], v)
			}
		}
		if at := fmt.Sprintf("%d,%d", want.I, want.J); got.At != at {
			t.Errorf("ZFNet %s map %d: the page projects the activation at %s, Go at %s", c.layer, c.i, got.At, at)
		}
		var worst, top float64
		for j, v := range want.Pixels {
			worst = max(worst, math.Abs(got.Proj[j]-float64(v)))
			top = max(top, math.Abs(float64(v)))
		}
		if !(worst <= 1e-4*top) || top == 0 {
			t.Errorf("ZFNet %s map %d: the page's projection differs from Go's by %.3g (largest |value| %.3g, allowed %.3g)", c.layer, c.i, worst, top, 1e-4*top)
		}
		t.Logf("ZFNet %s map %d: activation %.4f at %s, %d kernels; projection max |value| %.4g, page vs Go %.2g", c.layer, c.i, want.Act, got.At, got.Figures, top, worst)
	}
}

// liveOcclusion: the occlusion mode's probabilities for two rows of
// square positions equal Go's (within 1e-5), and the map it paints has,
// at two pixels, the colour those probabilities give.
func liveOcclusion(ctx context.Context, t *testing.T, net *live.Net, d live.Digit) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("live-occlude"))); err != nil {
		t.Fatal(err)
	}
	pos := (live.Side-live.OcclusionSquare)/live.OcclusionStride + 1
	type occ struct {
		Class int       `json:"class"`
		Probs []float64 `json:"probs"`
		Pix   [][]int   `json:"pix"`
	}
	pixels := [][2]int{{12, 14}, {20, 9}} // (row, column) on the ink of test digit 0, a 7
	got, err := chromedp.Run(ctx, chromedp.Poll[occ](fmt.Sprintf(`(() => { const b = document.getElementById("live-occlusion"); if (b.hidden || b.getAttribute("data-rows") !== "%d") return null;
  const g = document.getElementById("live-occ").getContext("2d"), pix = [];
  for (const [r, c] of %s) pix.push(Array.from(g.getImageData(c, r, 1, 1).data));
  return {class: Number(b.getAttribute("data-class")), probs: Array.from(b.probs), pix}; })()`, pos, mustJSON(pixels)), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("occlusion: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("live-occlude"))); err != nil { // off again
		t.Fatal(err)
	}
	if got.Class != d.Label || len(got.Probs) != pos*pos {
		t.Fatalf("occlusion: class %d, %d probabilities; want class %d, %d", got.Class, len(got.Probs), d.Label, pos*pos)
	}
	x := live.Input(d.Pixels)
	all := make([]float32, 0, pos*pos)
	for r := 0; r < pos; r++ {
		row, err := net.OcclusionRow(x, d.Label, r)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, row...)
	}
	var worst float64
	for _, r := range []int{3, 8} {
		for c := 0; c < pos; c++ {
			worst = max(worst, math.Abs(got.Probs[r*pos+c]-float64(all[r*pos+c])))
		}
	}
	if !(worst <= 1e-5) {
		t.Errorf("occlusion rows 3 and 8: page and Go differ by %.3g, allowed 1e-5", worst)
	}
	// The painted colour (live.js's occlude): p the mean probability of
	// the squares covering the pixel, ink the input back in [0, 1];
	// red 255 − 90(1−p) − 60·ink, green = blue = 255p − 60·ink·p.
	for k, px := range pixels {
		var sum float64
		n := 0
		for r := 0; r < pos; r++ {
			for c := 0; c < pos; c++ {
				y0, x0 := r*live.OcclusionStride, c*live.OcclusionStride
				if px[0] >= y0 && px[0] < y0+live.OcclusionSquare && px[1] >= x0 && px[1] < x0+live.OcclusionSquare {
					sum += float64(all[r*pos+c])
					n++
				}
			}
		}
		p := sum / float64(n)
		ink := min(1, max(0, (float64(x.Data[px[0]*live.Side+px[1]])+0.4242)/3.2457))
		red, green := math.Round(255-90*(1-p)-60*ink), math.Round(255*p-60*ink*p)
		if c := got.Pix[k]; math.Abs(float64(c[0])-red) > 1 || math.Abs(float64(c[1])-green) > 1 {
			t.Errorf("occlusion map pixel (%d, %d): painted rgb %v, Go's probabilities give (%v, %v, %v) (p %.4f, ink %.3f)", px[0], px[1], c[:3], red, green, green, p, ink)
		}
		t.Logf("occlusion map pixel (%d, %d): mean p(%d) %.4f over %d squares, painted %v", px[0], px[1], d.Label, p, n, got.Pix[k][:3])
	}
	t.Logf("occlusion: %d positions, rows 3 and 8 match Go within %.2g", pos*pos, worst)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// liveTiming measures LeNet-5 in the page: the drawing pad's own
// runDrawing (read the pad's pixels, preprocess, forward, copy every map
// to JavaScript) and runDigit (forward and copy), 100 times each, and
// logs them with the machine's load average.
func liveTiming(ctx context.Context, t *testing.T) {
	t.Helper()
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
  const c = document.getElementById("live-canvas"), im = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  const ink = new Uint8Array(c.width * c.height);
  for (let i = 0; i < ink.length; i++) ink[i] = im[4 * i + 3];
  const time = (f) => { const ts = []; for (let k = 0; k < 100; k++) { const t = performance.now(); f(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); return [ts[50], ts[10], ts[90]]; };
  return [...time(() => cnnLive.runDrawing(ink, c.width, c.height)), ...time(() => cnnLive.runDigit(0)), ...time(() => cnnLive.zfRun())];
})()`))
	if err != nil {
		t.Fatal(err)
	}
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("LeNet-5 in Chromium (wasm), 100 runs each, median [10th–90th percentile]: drawing (preprocess + forward + maps) %.2f ms [%.2f–%.2f], test digit (forward + maps) %.2f ms [%.2f–%.2f]; ZFNet-style net %.2f ms [%.2f–%.2f]; load average %s",
		ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], ms[7], ms[8], strings.TrimSpace(string(load)))
}
