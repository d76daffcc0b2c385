package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/all"
)

func TestModelsListsEveryName(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"models"}, &out, &out))
	names := strings.Fields(out.String())
	assert.Equal(t, len(all.Models()), len(names))
}

// Every model answers `summary -json` with the schema the book relies on,
// and its per-layer params and MACs sum to the totals.
func TestSummaryJSONEveryModel(t *testing.T) {
	for _, e := range all.Models() {
		t.Run(e.Name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run([]string{"summary", "-json", e.Name}, &out, &out))
			var s struct {
				Model           string                              `json:"model"`
				Input           []int                               `json:"input"`
				Params          int64                               `json:"params"`
				Trainable       int64                               `json:"trainable_params"`
				InferenceParams int64                               `json:"inference_params"`
				MACs            int64                               `json:"macs"`
				Activations     int64                               `json:"activations"`
				ActivationBytes int64                               `json:"activation_bytes"`
				Depth           int                                 `json:"depth"`
				RF              struct{ Size, Stride, Padding int } `json:"receptive_field"`
				Paths           string                              `json:"paths"`
				Notes           []string                            `json:"notes"`
				Layers          []struct {
					Name   string `json:"name"`
					Type   string `json:"type"`
					Output []int  `json:"output"`
					Params int64  `json:"params"`
					MACs   int64  `json:"macs"`
				} `json:"layers"`
			}
			dec := json.NewDecoder(&out)
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&s))
			assert.Equal(t, e.Name, s.Model)
			assert.Len(t, s.Input, 3)
			assert.Equal(t, 4*s.Activations, s.ActivationBytes)
			assert.NotNil(t, s.Notes)
			var params, macs int64
			for _, l := range s.Layers {
				params += l.Params
				macs += l.MACs
				assert.Len(t, l.Output, 3, "layer %s", l.Name)
			}
			assert.Equal(t, s.Params, params, "per-layer params sum to the total")
			assert.Equal(t, s.MACs, macs, "per-layer MACs sum to the total")
			assert.LessOrEqual(t, s.InferenceParams, s.Params)
			assert.LessOrEqual(t, s.Trainable, s.Params)
			assert.Regexp(t, `^[1-9][0-9]*$`, s.Paths)
		})
	}
}

func TestSummaryErrors(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"summary", "no-such-net"}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown model "no-such-net"`)

	err = run([]string{"summary", "-input", "3,x,4", "any"}, &out, &out)
	require.Error(t, err)

	if _, lerr := all.Lookup("alexnet"); lerr == nil {
		// AlexNet's fc6 needs 256·6·6 = 9,216 inputs; 224×224 cannot give them.
		err = run([]string{"summary", "-input", "3,224,224", "alexnet"}, &out, &out)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "9,216")
	}
}
