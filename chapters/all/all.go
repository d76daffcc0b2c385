// Package all is the one chapter registry: every chapter's models, claims
// and computed values, in book order. book and cmd/book read it. It is not
// a chapter: it imports them all, and no chapter imports it.
package all

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/alexnet"
	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/chapters/vgg"
	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/nn"
)

// Chapter is one chapter's registrations.
type Chapter struct {
	// Name is the chapter's directory under chapters/, which is also its
	// slug, its page name (vgg.html) and its claims' Chapter field.
	Name   string
	Models func() []nn.Entry
	claims func() ([]claims.Claim, error)
	values func() ([]claims.Value, error) // nil: the chapter has none yet
}

// Chapters returns the chapters in book order.
func Chapters() []Chapter { return append([]Chapter(nil), chapters...) }

// chapters in book order.
var chapters = []Chapter{
	{"lenet", lenet.Models, lenet.Claims, lenet.Values},
	{"alexnet", alexnet.Models, alexnet.Claims, alexnet.Values},
	{"zfnet", zfnet.Models, zfnet.Claims, zfnet.Values},
	{"vgg", vgg.Models, vgg.Claims, vgg.Values},
	{"googlenet", googlenet.Models, googlenet.Claims, googlenet.Values},
	{"resnet", resnet.Models, resnet.Claims, resnet.Values},
	{"variants", variants.Models, variants.Claims, variants.Values},
}

// Models returns every registered model in book order.
func Models() []nn.Entry {
	var out []nn.Entry
	for _, c := range chapters {
		out = append(out, c.Models()...)
	}
	return out
}

// Lookup finds a model by name.
func Lookup(name string) (nn.Entry, error) {
	models := Models()
	for _, e := range models {
		if e.Name == name {
			return e, nil
		}
	}
	return nn.Entry{}, fmt.Errorf("unknown model %q (run `book models` for the %d names)", name, len(models))
}

// Claims returns the whole ledger in book order, or the first chapter's
// error.
func Claims() ([]claims.Claim, error) {
	var out []claims.Claim
	for _, c := range chapters {
		if c.claims == nil {
			continue
		}
		cs, err := c.claims()
		if err != nil {
			return nil, fmt.Errorf("chapter %s: claims: %w", c.Name, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// Values returns every chapter's computed prose values, in book order:
// the numbers `book:value CHAPTER/NAME` inserts. Each chapter's are
// checked (claims.CheckValues) and no ID is defined twice.
func Values() ([]claims.Value, error) {
	var out []claims.Value
	for _, c := range chapters {
		if c.values == nil {
			continue
		}
		vs, err := c.values()
		if err != nil {
			return nil, fmt.Errorf("chapter %s: values: %w", c.Name, err)
		}
		if err := claims.CheckValues(c.Name, vs); err != nil {
			return nil, fmt.Errorf("chapter %s: %w", c.Name, err)
		}
		out = append(out, vs...)
	}
	return out, nil
}
