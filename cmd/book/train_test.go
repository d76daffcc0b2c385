package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/data/mnist"

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

// TestTrainDamagedMNIST runs `book train` in a child process (the MNIST
// sets are cached per process) over a copy of MNIST whose training images
// are cut short: the run stops before training with the reader's message,
// naming the file and the byte.
func TestTrainDamagedMNIST(t *testing.T) {
	if os.Getenv("CNNBOOK_TRAIN_CHILD") == "1" {
		var out bytes.Buffer
		if err := run([]string{"train", "-q", "-o", t.TempDir(), "lenet5"}, &out, &out); err != nil {
			fmt.Println("ERROR:", err)
		}
		return
	}
	src, err := mnist.Dir()
	require.NoError(t, err)
	dir := t.TempDir()
	for _, split := range []string{mnist.Train, mnist.Test} {
		for _, f := range mnist.Files[split] {
			b, err := os.ReadFile(filepath.Join(src, f))
			require.NoError(t, err)
			if f == mnist.Files[mnist.Train][0] {
				raw, err := gunzip(b)
				require.NoError(t, err)
				b = gzipBytes(t, raw[:len(raw)/2]) // a valid gzip stream of half the images
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTrainDamagedMNIST$")
	cmd.Env = append(os.Environ(), "CNNBOOK_TRAIN_CHILD=1", "CNNBOOK_MNIST="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "ERROR: mnist: ")
	assert.Contains(t, string(out), "train-images-idx3-ubyte.gz: the header (byte 4) promises 60,000 images")
	t.Logf("%s", bytes.TrimSpace(bytes.Split(out, []byte("\n"))[0]))
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func gzipBytes(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	require.NoError(t, err)
	_, err = w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}
