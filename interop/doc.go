// Package interop holds the evidence that the book's torchvision-named
// models are the same networks as torchvision 0.14's: for each of them the
// test loads a torchvision-keyed safetensors file into our model and
// compares our logits with torchvision's on the same weights and input.
//
// The weights are not committed: every tensor is the integer-hash function
// of (key, element index) documented in nn/weights (HashFill), computed
// identically by testdata/gen.py in PyTorch and by the test in Go. The
// committed files are the inputs, torchvision's logits and its state_dict
// key list (testdata/keys.json); see testdata/gen.py to regenerate them.
//
//	go test ./interop                 every model at 64×64 (the adaptive pools allow it)
//	go test ./interop -full           also 224×224
//	go test ./interop -short          one model per family at 64×64
//
// The criterion is max |ours − torch| ≤ 1e-4 · max |torch| over the whole
// output, in eval mode.
//
// A comparison proves only what it could have caught, so the test also
// checks its own teeth: for every model, that a network ignoring its
// classifier's bias would miss by more than the tolerance; for a few, that
// deliberate mistakes miss by more than ten times the tolerance — every
// BatchNorm's ε 1e−3 for 1e−5 (ResNet-18, VGG-11-BN, DenseNet-121) or
// 1e−5 for GoogLeNet's 1e−3, the running mean or β of ResNet-18's or
// ResNet-152's last BatchNorm (or β ten from the end) ignored — and
// (TestStridePlacementMatters) that the paper's ResNet-50, stride on the
// 1×1, is told apart from torchvision's, stride on the 3×3.
package interop
