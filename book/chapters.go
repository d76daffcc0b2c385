package book

import (
	"github.com/cnnbook/cnnbook/chapters/alexnet"
	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/chapters/vgg"
	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/nn"
)

// chapter is one chapter of the book: its directory under chapters/ (which
// is also its slug, its page name and its claims' Chapter field) and its
// models. The order is the book's, the notes' and chapters/all's
// (TestChaptersMatchAll keeps them in step).
type chapter struct {
	Slug   string // "vgg": chapters/vgg/README.md → vgg.html
	Models func() []nn.Entry
}

var chapters = []chapter{
	{"lenet", lenet.Models},
	{"alexnet", alexnet.Models},
	{"zfnet", zfnet.Models},
	{"vgg", vgg.Models},
	{"googlenet", googlenet.Models},
	{"resnet", resnet.Models},
	{"variants", variants.Models},
}

// chapterOf returns the index of the chapter called slug, or -1.
func chapterOf(slug string) int {
	for i, c := range chapters {
		if c.Slug == slug {
			return i
		}
	}
	return -1
}
