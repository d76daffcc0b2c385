package book

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser test opens every page of the built book in headless
// Chromium (Debian's chromium; .ci/run installs it) at a phone's size and
// a laptop's, and checks what only a browser can: no console error, no
// page wider than the screen, every image and drawing rendered, diagram
// text no smaller than the body text on the phone, the narrow rendering
// of each chart chosen there, the menu button, and the search box.
//
// Without a Chromium the test skips, unless CI=true, where it fails.
// BOOK_SCREENSHOTS=DIR writes screenshots of three chapters at both sizes.

var viewports = []struct {
	name string
	w, h int64
}{{"phone", 390, 844}, {"laptop", 1280, 800}}

// findChromium returns the browser to drive, or skips the test.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH and CI=true: .ci/run installs Debian's chromium (apt-get install -y chromium)")
	}
	t.Skip("no chromium on PATH (apt-get install -y chromium); the browser test skips")
	return ""
}

// pageReport is what the page script measures.
type pageReport struct {
	Overflow     float64  `json:"overflow"` // scrollWidth − clientWidth of the page
	Problems     []string `json:"problems"` // images and drawings not rendered
	Images       int      `json:"images"`
	SVGs         int      `json:"svgs"`
	MinSVGFont   float64  `json:"minSVGFont"`   // smallest rendered diagram text, px (0: none)
	BodyFont     float64  `json:"bodyFont"`     // the paragraphs' font size, px
	NarrowCharts int      `json:"narrowCharts"` // charts showing their narrow rendering
	Charts       int      `json:"charts"`
}

const measureJS = `(() => {
  const r = {overflow: 0, problems: [], images: 0, svgs: 0, minSVGFont: 0, bodyFont: 0, narrowCharts: 0, charts: 0};
  const de = document.documentElement;
  r.overflow = Math.max(de.scrollWidth, document.body.scrollWidth) - de.clientWidth;
  const p = document.querySelector("article > p") || document.body;
  r.bodyFont = parseFloat(getComputedStyle(p).fontSize);
  for (const im of document.images) {
    r.images++;
    const b = im.getBoundingClientRect();
    if (!im.complete || im.naturalWidth === 0) r.problems.push("image not loaded: " + (im.currentSrc || im.src));
    else if (b.width === 0 || b.height === 0) r.problems.push("image of zero size: " + im.currentSrc);
    if (im.closest("figure.plot")) {
      r.charts++;
      if (im.currentSrc.endsWith("-narrow.svg")) {
        r.narrowCharts++;
        if (b.width + 1 < im.naturalWidth) r.problems.push("narrow chart shrunk: " + im.currentSrc + " at " + b.width + " of " + im.naturalWidth + " px");
      }
    }
  }
  let min = 0;
  for (const s of document.querySelectorAll("svg")) {
    r.svgs++;
    const b = s.getBoundingClientRect();
    if (b.width === 0 || b.height === 0) { r.problems.push("svg of zero size: " + (s.querySelector("title") || {}).textContent); continue; }
    const vb = s.viewBox && s.viewBox.baseVal;
    const scale = vb && vb.width ? b.width / vb.width : 1;
    for (const t of s.querySelectorAll("text")) {
      const f = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (min === 0 || f < min) min = f;
    }
  }
  r.minSVGFont = min;
  return r;
})()`

func TestBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("-short: the browser test skips")
	}
	chrome := findChromium(t)
	s := site(t)
	dir := t.TempDir()
	if err := s.Write(filepath.Join(dir, "docs"), filepath.Join(dir, "figures")); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.Flag("no-sandbox", true)) // Chromium refuses to run as root with its sandbox
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}

	// Every console message of error level, with the page it came from.
	var mu sync.Mutex
	var current string
	var consoleErrs []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				consoleErrs = append(consoleErrs, fmt.Sprintf("%s: %s", current, m))
				mu.Unlock()
			}
		}
	}()

	shots := os.Getenv("BOOK_SCREENSHOTS")
	pages := htmlPages(s)
	for _, vp := range viewports {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.w, vp.h)); err != nil {
			t.Fatal(err)
		}
		for _, name := range pages {
			mu.Lock()
			current = vp.name + " " + name
			mu.Unlock()
			url := "file://" + filepath.ToSlash(filepath.Join(dir, "docs", name))
			if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			r, err := chromedp.Run(ctx, chromedp.Evaluate[pageReport](measureJS))
			if err != nil {
				t.Fatalf("%s at %s: %v", name, vp.name, err)
			}
			if r.Overflow > 0 {
				t.Errorf("%s at %d px: the page is %.0f px wider than the screen", name, vp.w, r.Overflow)
			}
			for _, p := range r.Problems {
				t.Errorf("%s at %d px: %s", name, vp.w, p)
			}
			if vp.name == "phone" {
				if r.MinSVGFont > 0 && r.MinSVGFont+0.01 < r.BodyFont {
					t.Errorf("%s at %d px: diagram text %.1f px, smaller than the body text's %.1f px", name, vp.w, r.MinSVGFont, r.BodyFont)
				}
				if r.NarrowCharts != r.Charts {
					t.Errorf("%s at %d px: %d of %d charts show their narrow rendering", name, vp.w, r.NarrowCharts, r.Charts)
				}
			}
			t.Logf("%-7s %-16s images %2d, svg %2d, charts %d (narrow %d), min diagram text %.1f px, body %.1f px", vp.name, name, r.Images, r.SVGs, r.Charts, r.NarrowCharts, r.MinSVGFont, r.BodyFont)
			if shots != "" && (name == "lenet.html" || name == "googlenet.html" || name == "resnet.html") {
				buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.jpg", strings.TrimSuffix(name, ".html"), vp.w)), buf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	// The menu button of the phone shows the chapter list it hid.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, "docs", "vgg.html")))); err != nil {
		t.Fatal(err)
	}
	const sideShown = `document.getElementById("side").getBoundingClientRect().height > 0`
	before, err := chromedp.Run(ctx, chromedp.Evaluate[bool](sideShown))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".navtoggle"))); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[bool](sideShown))
	if err != nil {
		t.Fatal(err)
	}
	if before || !after {
		t.Errorf("phone: the chapter list is shown %v before the menu button and %v after, want false then true", before, after)
	}

	// The search box finds the ResNet chapter for "bottleneck", at both sizes.
	for _, vp := range viewports {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.w, vp.h),
			chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, "docs", "index.html"))),
			chromedp.SendKeys(chromedp.ID("search"), "bottleneck")); err != nil {
			t.Fatal(err)
		}
		hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results a")].map(a => a.getAttribute("href"))`))
		if err != nil {
			t.Fatal(err)
		}
		visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("search-results").getBoundingClientRect().height > 0`))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hrefs {
			found = found || strings.HasPrefix(h, "resnet.html")
		}
		if !found || !visible {
			t.Errorf("%s: searching %q shows %v (visible %v), want a section of resnet.html", vp.name, "bottleneck", hrefs, visible)
		}
		t.Logf("%s: search %q → %d results, first %v", vp.name, "bottleneck", len(hrefs), hrefs[:min(3, len(hrefs))])
	}

	time.Sleep(200 * time.Millisecond) // let the last console events arrive
	mu.Lock()
	defer mu.Unlock()
	for _, e := range consoleErrs {
		t.Errorf("console: %s", e)
	}
}
