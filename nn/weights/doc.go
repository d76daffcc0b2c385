// Package weights moves a model's tensors in and out of safetensors files
// by key, and fills them with reproducible hash values for golden tests.
//
// # Keys
//
// A tensor's key is its path in the module tree (nn.AllParams):
// "layer1.0.conv1.weight", "features.0.bias", "bn1.running_var". For the
// models torchvision defines (alexnet-tv, vgg11…vgg19_bn, googlenet-tv,
// resnet18/34, resnet50/101/152-tv, …) the trees reproduce torchvision
// 0.14's module names, so these keys are exactly the keys of its
// model.state_dict(): a checkpoint converted once with
//
//	safetensors.torch.save_file(model.state_dict(), "resnet18.safetensors")
//
// loads with Load, and a file written by Save loads in PyTorch with
// model.load_state_dict(safetensors.torch.load_file(path)). Other models
// use their own keys in the same style.
//
// # What Load checks
//
// Before it allocates anything, Load checks the whole file against the
// model and lists every problem, each naming the key: a tensor the model
// does not have, a tensor the file lacks, a tensor of the wrong dtype or
// shape (with both shapes). PyTorch's BatchNorm counter
// num_batches_tracked (I64) is accepted and ignored beside every module
// with running statistics, and Save writes it (as 0) so that PyTorch's
// strict load_state_dict is satisfied. The tensors of auxiliary heads
// (nn.Aux) are optional: torchvision's pretrained GoogLeNet ships none.
//
// # Hash weights
//
// Hash fills a model with values that are a documented integer function
// of (key, element index) — see HashFill — implemented identically by the
// golden generator in Python, so Go and PyTorch run the same network on
// the same bits without anyone committing hundreds of megabytes.
package weights
