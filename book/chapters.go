package book

import (
	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
)

// chapter is one chapter of the book: its directory under chapters/ (which
// is also its slug, its page name and its claims' Chapter field) and its
// models.
type chapter struct {
	Slug   string // "vgg": chapters/vgg/README.md → vgg.html
	Models func() []nn.Entry
}

// chapters is the one registry, chapters/all's, in book order.
var chapters = func() []chapter {
	var out []chapter
	for _, c := range all.Chapters() {
		out = append(out, chapter{Slug: c.Name, Models: c.Models})
	}
	return out
}()

// chapterOf returns the index of the chapter called slug, or -1.
func chapterOf(slug string) int {
	for i, c := range chapters {
		if c.Slug == slug {
			return i
		}
	}
	return -1
}
