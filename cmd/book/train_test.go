package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrainFlags: flags before MODEL, after it, or on both sides give the
// same run (the same weights, byte for byte).
func TestTrainFlags(t *testing.T) {
	var weights [][]byte
	for _, args := range [][]string{
		{"-epochs", "1", "-images", "300", "-q", "-seed", "5", "-o", "DIR", "lenet5"},
		{"lenet5", "-epochs", "1", "-images", "300", "-q", "-seed", "5", "-o", "DIR"},
		{"-epochs", "1", "-images", "300", "lenet5", "-q", "-seed=5", "-o", "DIR"},
	} {
		dir := t.TempDir()
		for i, a := range args {
			if a == "DIR" {
				args[i] = dir
			}
		}
		var out, errb bytes.Buffer
		require.NoError(t, run(append([]string{"train"}, args...), &out, &errb), "%v", args)
		assert.Contains(t, out.String(), "lenet5 seed 5: test accuracy")
		b, err := os.ReadFile(filepath.Join(dir, "lenet5-seed5.safetensors"))
		require.NoError(t, err)
		weights = append(weights, b)
		_, err = os.Stat(filepath.Join(dir, "lenet5-seed5.json"))
		require.NoError(t, err)
	}
	assert.Equal(t, weights[0], weights[1])
	assert.Equal(t, weights[0], weights[2])
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{}, "train needs exactly one model name (known: lenet5"},
		{[]string{"lenet5", "vgg16"}, "train needs exactly one model name"},
		{[]string{"vgg16"}, `no training recipe for "vgg16"`},
		{[]string{"lenet5", "-epochs", "-2"}, "epochs must be positive, got -2"},
		{[]string{"lenet5", "-images", "-5"}, "-images must not be negative"},
		{[]string{"lenet5", "-resume", "-q", "-o", dir}, "nothing to resume: no checkpoint " + filepath.Join(dir, "lenet5-seed1.ckpt")},
		{[]string{"lenet5", "-bogus"}, "flag provided but not defined: -bogus"},
	} {
		var out, errb bytes.Buffer
		err := run(append([]string{"train"}, c.args...), &out, &errb)
		if assert.Error(t, err, "%v", c.args) {
			assert.Contains(t, err.Error(), c.want, "%v", c.args)
		}
	}
	var out bytes.Buffer
	require.NoError(t, run([]string{"train", "-h"}, &out, &out))
	assert.Contains(t, out.String(), "-resume")
}
