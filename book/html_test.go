package book

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// parsedPage is one HTML page of the site: its ids and what it refers to.
type parsedPage struct {
	ids  map[string]int
	refs []ref
}

type ref struct {
	tag, attr, val string
}

// voidElements have no end tag (HTML Living Standard §13.1.2).
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// balanced checks that every element the page opens it closes, in order:
// html.Parse would silently repair what a browser repairs too, so this
// catches a directive that emits broken markup.
func balanced(data []byte) error {
	z := html.NewTokenizer(bytes.NewReader(data))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) > 0 {
				return fmt.Errorf("unclosed <%s>", strings.Join(stack, "> <"))
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				return fmt.Errorf("</%s> closes <%s> (open: %v)", name, strings.Join(stack[max(0, len(stack)-1):], ""), stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// parsePage checks that a page is balanced and parses it.
func parsePage(t *testing.T, name string, data []byte) parsedPage {
	t.Helper()
	if err := balanced(data); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := parsedPage{ids: map[string]int{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					p.ids[a.Val]++
				case a.Key == "href" || a.Key == "src" || a.Key == "poster" || a.Key == "data" || a.Key == "action" || a.Key == "formaction":
					p.refs = append(p.refs, ref{n.Data, a.Key, strings.TrimSpace(a.Val)})
				case a.Key == "srcset":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							p.refs = append(p.refs, ref{n.Data, a.Key, f[0]})
						}
					}
				case a.Key == "style":
					for _, m := range cssURL.FindAllStringSubmatch(a.Val, -1) {
						p.refs = append(p.refs, ref{n.Data, a.Key, m[1]})
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// cssURL finds url(…) in a style attribute.
var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]*)`)

// remote reports whether r makes the browser load something from another
// site: any reference with a scheme or host (http:, //host, data: aside
// from nothing) that is not a link a reader follows (<a href>).
func remote(r ref) bool {
	if r.tag == "a" && r.attr == "href" {
		return false
	}
	u, err := url.Parse(r.val)
	return err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(r.val, "//")
}

// TestRemoteRejected: the checks TestLinks makes catch a remote load
// wherever it came from: an image in a chapter's Markdown is refused by
// the build, and a page holding any kind of remote reference is flagged.
func TestRemoteRejected(t *testing.T) {
	md := newMarkdown()
	src := []byte("# T\n\nText ![r](http://example.com/x.png) and ![p](//example.com/y.png).\n")
	doc := md.Parser().Parse(text.NewReader(src))
	errs := rewriteLinks(doc, newSource("chapters/lenet/README.md", src))
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), `image "http://example.com/x.png": the book loads nothing from other sites`) {
		t.Errorf("rewriteLinks: got %v, want two errors refusing the remote images", errs)
	}
	page := []byte(`<html><head><link rel="stylesheet" href="https://cdn.example/s.css"></head><body>
<a href="https://example.com/paper.pdf">paper</a>
<img src="http://example.com/a.png">
<img src=" //example.com/b.png">
<picture><source srcset="x.svg 1x, https://example.com/c.svg 2x"><img src="ok.svg"></picture>
<div style="background: url('https://example.com/d.png')"></div>
<svg><image href="https://example.com/e.png"></image></svg>
<video poster="https://example.com/f.png"></video>
<object data="https://example.com/g.svg"></object>
<iframe src="data:text/html,hi"></iframe>
</body></html>`)
	var got []string
	for _, r := range parsePage(t, "crafted.html", page).refs {
		if remote(r) {
			got = append(got, r.tag+" "+r.attr)
		}
	}
	want := "link href, img src, img src, source srcset, div style, image href, video poster, object data, iframe src"
	if strings.Join(got, ", ") != want {
		t.Errorf("remote loads found: %q, want %q (the <a> link is fine)", strings.Join(got, ", "), want)
	}
}

// htmlPages lists the site's pages in order.
func htmlPages(s *Site) []string {
	var names []string
	for n := range s.Docs {
		if strings.HasSuffix(n, ".html") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// TestLinks checks every page: it parses; its ids are unique; every
// internal link reaches a page of the site and, with a #fragment, an id
// on that page; every image and stylesheet exists; nothing is loaded from
// another site (links to other sites are fine, loading from them is not).
func TestLinks(t *testing.T) {
	s := site(t)
	pages := map[string]parsedPage{}
	for _, n := range htmlPages(s) {
		pages[n] = parsePage(t, n, s.Docs[n])
	}
	if len(pages) < len(chapters)+4 {
		t.Fatalf("got %d pages, want the %d chapters, index, models, ledger and notes", len(pages), len(chapters))
	}
	checked := 0
	for _, name := range htmlPages(s) {
		p := pages[name]
		for id, n := range p.ids {
			if n > 1 {
				t.Errorf("%s: id %q used %d times", name, id, n)
			}
		}
		for _, r := range p.refs {
			if remote(r) {
				t.Errorf("%s: <%s %s=%q> loads from another site", name, r.tag, r.attr, r.val)
				continue
			}
			u, err := url.Parse(r.val)
			if err != nil {
				t.Errorf("%s: <%s %s=%q>: %v", name, r.tag, r.attr, r.val, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" { // a link to another site
				continue
			}
			target := name
			if u.Path != "" {
				target = path.Clean(path.Join(path.Dir(name), u.Path))
				if _, ok := s.Docs[target]; !ok {
					t.Errorf("%s: <%s %s=%q>: no file %s in the site", name, r.tag, r.attr, r.val, target)
					continue
				}
			}
			if u.Fragment != "" {
				tp, ok := pages[target]
				if !ok {
					t.Errorf("%s: <%s %s=%q>: a fragment into %s, which is not a page", name, r.tag, r.attr, r.val, target)
					continue
				}
				if tp.ids[u.Fragment] == 0 {
					t.Errorf("%s: <%s %s=%q>: %s has no id %q", name, r.tag, r.attr, r.val, target, u.Fragment)
				}
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("checked %d links and images, want at least 1,000 (the ledger alone links every entry to the notes)", checked)
	}
}

// TestNoMathErrors: a formula TreeBlood cannot typeset becomes an
// <merror>; Build refuses those, and no page may hold one.
func TestNoMathErrors(t *testing.T) {
	s := site(t)
	maths := 0
	for _, n := range htmlPages(s) {
		if bytes.Contains(s.Docs[n], []byte("<merror")) {
			t.Errorf("%s contains <merror>", n)
		}
		maths += bytes.Count(s.Docs[n], []byte("<math "))
	}
	if maths == 0 {
		t.Errorf("got no <math> on any page; the chapters' formulas should be typeset")
	}
}

// TestPagesHaveWhatTheyPromise: every chapter page carries its verified
// listings and the site carries every figure.
func TestPagesHaveWhatTheyPromise(t *testing.T) {
	s := site(t)
	for _, c := range chapters {
		page := string(s.Docs[c.Slug+".html"])
		if !strings.Contains(page, `class="listing"`) {
			t.Errorf("%s.html: no code listing", c.Slug)
		}
		if strings.Contains(page, "```book") || strings.Contains(page, `class="language-book"`) {
			t.Errorf("%s.html: a book directive was left unexpanded", c.Slug)
		}
	}
	for _, f := range figures {
		if _, ok := s.Figures[f.Name+".svg"]; !ok {
			t.Errorf("figure %s not written", f.Name)
		}
		if !bytes.Equal(s.Figures[f.Name+".svg"], s.Docs["figures/"+f.Name+".svg"]) {
			t.Errorf("figure %s: the site's copy differs from figures/", f.Name)
		}
	}
}
