package claims

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckValues(t *testing.T) {
	ok := Value{ID: "lenet/c3-params", Text: "1,516", Source: "row C3"}
	assert.NoError(t, CheckValues("lenet", []Value{ok}))
	for _, tc := range []struct {
		name string
		vs   []Value
		want string
	}{
		{"other chapter", []Value{{ID: "vgg/x", Text: "1", Source: "s"}}, `want an ID "lenet/<name>"`},
		{"no name", []Value{{ID: "lenet/", Text: "1", Source: "s"}}, "want an ID"},
		{"space", []Value{{ID: "lenet/a b", Text: "1", Source: "s"}}, "without spaces"},
		{"twice", []Value{ok, ok}, "defined twice"},
		{"no text", []Value{{ID: "lenet/a", Source: "s"}}, "empty text"},
		{"no source", []Value{{ID: "lenet/a", Text: "1"}}, "no source"},
	} {
		err := CheckValues("lenet", tc.vs)
		if assert.Error(t, err, tc.name) {
			assert.Contains(t, err.Error(), tc.want, tc.name)
		}
	}
}
