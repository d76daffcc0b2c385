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
// 7 drawn by mouse events (testdata/stroke7.json) is read as a 7.
// Without WebAssembly (--js-flags=--jitless) the page says so and
// shows its static pictures. One browser per run.
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

		// The drawn 7.
		b, err := os.ReadFile(filepath.Join("testdata", "stroke7.json"))
		if err != nil {
			t.Fatal(err)
		}
		var st stroke
		if err := json.Unmarshal(b, &st); err != nil {
			t.Fatal(err)
		}
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
		if os.Getenv("BOOK_SCREENSHOTS") != "" {
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
			if err == nil {
				os.WriteFile(filepath.Join(os.Getenv("BOOK_SCREENSHOTS"), "live-1280.jpg"), buf, 0o644)
			}
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
  for (const im of document.querySelectorAll("#live-maps img")) {
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
		if !strings.Contains(r.Status, "WebAssembly") || r.Source != "static" || r.PadShow || r.Images < 40 || len(r.Broken) > 0 {
			t.Errorf("without WebAssembly: status %q, prediction from %q, pad shown %v, %d static pictures (broken %v); want a status naming WebAssembly, the static prediction, no pad, every picture shown",
				r.Status, r.Source, r.PadShow, r.Images, r.Broken)
		}
		t.Logf("without WebAssembly: %q; %d static pictures", r.Status, r.Images)
	})
}
