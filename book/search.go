package book

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// book.js is the site's one script: the search box and the menu button
// of narrow screens. It loads nothing: the index is search-index.js, a
// plain <script> that sets window.bookIndex, so search works from file://.
//
//go:embed book.js
var bookJS []byte

// pageRank orders the pages that are not chapters, after them.
var pageRank = map[string]int{"index": 0, "chapter": 1, "models": 2, "exercises": 3, "ledger": 4, "notes": 5, "sources": 6, "glossary": 7, "live": 8}

// readingOrder is every page in the order a reader pages through them:
// the contents, the chapters, then the reference pages.
func readingOrder(pages []*page) []navItem {
	var out []navItem
	for rank := 0; rank <= 8; rank++ {
		for _, p := range pages {
			if r, ok := pageRank[p.Section]; !ok || r != rank {
				continue
			}
			item := navItem{Href: p.File, Title: p.Title}
			if p.Section == "chapter" {
				item.Num = p.Chapter + 1
			}
			out = append(out, item)
		}
	}
	return out
}

// searchEntry is one section of a page in the search index.
type searchEntry struct {
	URL   string `json:"u"` // "resnet.html#the-residual-block"
	Page  string `json:"p"` // the page title
	Title string `json:"t"` // the section heading
	Text  string `json:"x"` // its text, whitespace collapsed
}

// searchIndex is search-index.js: every page cut at its h2 and h3
// headings, each section's text (listings and tables included, drawings
// and formulas' markup excluded).
func searchIndex(pages []*page) ([]byte, error) {
	var entries []searchEntry
	for _, p := range pages {
		nodes, err := html.ParseFragment(strings.NewReader(string(p.Body)), &html.Node{Type: html.ElementNode, Data: "article", DataAtom: atom.Article})
		if err != nil {
			return nil, fmt.Errorf("search index: %s: %v", p.File, err)
		}
		cur := searchEntry{URL: p.File, Page: p.Title, Title: p.Title}
		var text strings.Builder
		flush := func() {
			cur.Text = strings.Join(strings.Fields(text.String()), " ")
			if cur.Text != "" || cur.Title != "" {
				entries = append(entries, cur)
			}
			text.Reset()
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "svg", "script", "style":
					return
				case "h2", "h3":
					if id := attr(n, "id"); id != "" {
						flush()
						cur = searchEntry{URL: p.File + "#" + id, Page: p.Title, Title: strings.TrimSuffix(strings.TrimSpace(textOf(n)), "¶")}
						cur.Title = strings.TrimSpace(cur.Title)
						return
					}
				}
			}
			if n.Type == html.TextNode {
				text.WriteString(n.Data)
				text.WriteByte(' ')
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
		flush()
	}
	data, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("// The book's search index, written by go run ./cmd/book: one entry per section.\nwindow.bookIndex = ")
	buf.Write(data)
	buf.WriteString(";\n")
	return buf.Bytes(), nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
