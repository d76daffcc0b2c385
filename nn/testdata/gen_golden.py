#!/usr/bin/python3
"""Golden vectors for the nn layers, forward and backward, from PyTorch.

Regenerate (PyTorch 1.13, CPU, float32; Go tests never need Python):

    /usr/bin/python3 nn/testdata/gen_golden.py        # from the repository root
    go test ./nn -run TestGolden -v

It rewrites every nn/testdata/golden/*.json. Each case has its own fixed
seed, so adding or editing one case leaves the others byte-for-byte alike.

Format: one JSON file per case,

    {
      "name":   "conv2d_g2_s2_p1_d2",          # = file name = Go subtest name
      "torch":  "torch.nn.Conv2d(4, 6, 3, stride=2, ...)",  # what made it
      "layer":  {"type": "Conv2D", "in": 4, ...},            # our config
      "train":  false,                                      # Ctx.Train
      "tensors": {"x": {"shape": [2, 4, 9, 8], "data": [...]}, ...}
    }

Tensors, row-major (NCHW), float32 values printed with 9 significant
digits (round-trips float32 exactly); integer tensors (indices, labels)
are whole numbers:

    x              input
    <param>        parameters under our Param names: weight, bias,
                   running_mean, running_var (values before the step)
    y              output of the forward pass
    dy             upstream gradient dL/dy (random normal), fed to Backward
    dx             autograd's dL/dx
    d<param>       autograd's dL/d<param> (dweight, dbias)
    new_<buffer>   BatchNorm running_mean/running_var after the forward pass
    indices        MaxPool2D: return_indices (flat h*W+w within the plane);
                   MaxUnpool2D: the switches it unpools with
    pool_x         MaxUnpool2D: the pool input those indices came from
    labels, loss   cross-entropy: class labels and the mean loss (shape [])

The cases are those the nn layers must agree with PyTorch on: conv groups,
stride, padding, dilation, depthwise, 1x1; transposed conv with
output_padding and groups; overlapping and ceil-mode pools (and PyTorch's
rule that drops a ceil-mode window starting in the right padding); the
average pool's divisor at a clipped window; LRN's alpha/n; BatchNorm's
biased batch variance in y but unbiased in running_var; cross-entropy's
mean over the batch; activation gradients at their kinks.
"""

import json
import os

import torch
import torch.nn as tnn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")

torch.set_default_dtype(torch.float32)
torch.use_deterministic_algorithms(True, warn_only=True)  # max_unpool2d: duplicate switches write the same value


def enc(t):
    """A tensor as {"shape", "data"}; floats with 9 significant digits."""
    t = t.detach().cpu()
    if t.dtype.is_floating_point:
        t = t.to(torch.float32)
        data = [float("%.9g" % v) for v in t.reshape(-1).tolist()]
    else:
        data = [int(v) for v in t.reshape(-1).tolist()]
    return {"shape": list(t.shape), "data": data}


def write(name, torch_desc, layer, tensors, train=False):
    doc = {
        "name": name,
        "torch": torch_desc,
        "layer": layer,
        "train": train,
        "tensors": {k: enc(v) for k, v in tensors.items()},
    }
    path = os.path.join(OUT, name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)  # atomic: never half a golden file
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


def run_module(name, seed, mod, desc, layer, x_shape, params, train=False, x_scale=1.0, x=None):
    """Forward + backward of mod on a random x with a random dy.

    params maps our Param name to the torch attribute holding it; every
    trainable one gets d<name>."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in mod.parameters():  # replace init by N(0,1): no structure to hide a bug
            p.copy_(torch.randn_like(p))
    if x is None:
        x = torch.randn(*x_shape) * x_scale
    x = x.clone().requires_grad_(True)
    mod.train(train)
    before = {k: getattr(mod, a).detach().clone() for k, a in params.items()}
    y = mod(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    tensors = {"x": x}
    tensors.update(before)
    tensors.update({"y": y, "dy": dy, "dx": x.grad})
    for k, a in params.items():
        t = getattr(mod, a)
        if isinstance(t, tnn.Parameter):
            tensors["d" + k] = t.grad
        elif train:  # a buffer updated by the forward pass
            tensors["new_" + k] = t.detach()
    write(name, desc, layer, tensors, train)


WB = {"weight": "weight", "bias": "bias"}


def conv_cases():
    # Groups 2 with 3 outputs per group, stride 2, padding 1, dilation 2 on a
    # non-square input (H != W catches swapped axes).
    run_module("conv2d_g2_s2_p1_d2", 101,
               tnn.Conv2d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2),
               "torch.nn.Conv2d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2)",
               {"type": "Conv2D", "in": 4, "out": 6, "kernel": 3, "stride": 2, "pad": 1,
                "dilation": 2, "groups": 2, "bias": True},
               (2, 4, 9, 8), WB)
    # Depthwise (groups = channels, MobileNet), no bias as before BatchNorm.
    run_module("conv2d_depthwise", 102,
               tnn.Conv2d(4, 4, 3, stride=1, padding=1, groups=4, bias=False),
               "torch.nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False)",
               {"type": "Conv2D", "in": 4, "out": 4, "kernel": 3, "stride": 1, "pad": 1,
                "dilation": 1, "groups": 4, "bias": False},
               (2, 4, 6, 7), {"weight": "weight"})
    # 1x1 with stride 2: ResNet's projection shortcut.
    run_module("conv2d_1x1_s2", 103,
               tnn.Conv2d(5, 3, 1, stride=2),
               "torch.nn.Conv2d(5, 3, 1, stride=2)",
               {"type": "Conv2D", "in": 5, "out": 3, "kernel": 1, "stride": 2, "pad": 0,
                "dilation": 1, "groups": 1, "bias": True},
               (2, 5, 5, 4), WB)
    # Non-square everything (the factorised 1×n convs of Szegedy et al. 2016): kernel 2×3, stride
    # 2×1, padding 1×0, on a 7×6 input.
    run_module("conv2d_k2x3_s2x1_p1x0", 105,
               tnn.Conv2d(3, 4, (2, 3), stride=(2, 1), padding=(1, 0)),
               "torch.nn.Conv2d(3, 4, (2, 3), stride=(2, 1), padding=(1, 0))",
               {"type": "Conv2D", "in": 3, "out": 4, "kernel_hw": [2, 3], "stride_hw": [2, 1],
                "pad_hw": [1, 0], "dilation": 1, "groups": 1, "bias": True},
               (2, 3, 7, 6), WB)
    # Transposed conv: stride 2, padding 1, output_padding 1, groups 2.
    # OH = (3-1)*2 - 2 + 2 + 1 + 1 = 6, OW = (4-1)*2 - 2 + 2 + 1 + 1 = 8.
    run_module("convtranspose2d_s2_p1_op1_g2", 104,
               tnn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
               "torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)",
               {"type": "ConvTranspose2D", "in": 4, "out": 6, "kernel": 3, "stride": 2, "pad": 1,
                "dilation": 1, "groups": 2, "output_padding": 1, "bias": True},
               (2, 4, 3, 4), WB)


def maxpool_case(name, seed, k, s, p, ceil, x_shape):
    """s = None: PyTorch's default stride (= kernel); "stride" is then left
    out of the layer config and the Go test leaves out the Stride option."""
    torch.manual_seed(seed)
    x = torch.randn(*x_shape).requires_grad_(True)  # continuous: no ties
    y, idx = F.max_pool2d(x, k, s, p, ceil_mode=ceil, return_indices=True)
    dy = torch.randn_like(y)
    y.backward(dy)
    layer = {"type": "MaxPool2D", "kernel": k, "pad": p, "ceil": ceil}
    if s is not None:
        layer["stride"] = s
    write(name, "torch.nn.functional.max_pool2d(x, %d, %s, %d, ceil_mode=%s, return_indices=True)" % (k, s, p, ceil),
          layer, {"x": x, "y": y, "indices": idx, "dy": dy, "dx": x.grad})


def pool_cases():
    # AlexNet §3.4 overlapping pooling, "s = 2 and z = 3", floor mode.
    # VGG's 2×2 pool with the default stride, on odd sizes (floor).
    maxpool_case("maxpool2d_2x2_default_stride", 200, 2, None, 0, False, (2, 3, 7, 5))
    maxpool_case("maxpool2d_3x3s2", 201, 3, 2, 0, False, (2, 3, 9, 8))
    # Padding 1 and ceil mode: H 8 → ceil(7/2)+1 = 5, W 7 → 3+1 = 4.
    maxpool_case("maxpool2d_3x3s2_p1_ceil", 202, 3, 2, 1, True, (2, 3, 8, 7))
    # Ceil mode where PyTorch drops the last window because it would start in
    # the right padding: H 5 → ceil(4/3)+1 = 3, but (3-1)*3 = 6 >= 5+1, so 2
    # (as floor mode would give); W 6 → ceil(5/3)+1 = 3 is kept, one more
    # than floor mode's 2.
    maxpool_case("maxpool2d_3x3s3_p1_ceil_dropped", 203, 3, 3, 1, True, (1, 2, 5, 6))

    # Unpooling with the switches of an overlapping 3x3/2 pool (an argmax can
    # be chosen by two windows) into an explicit output_size (8, 7), one more
    # row than the default (3-1)*2+3 = 7.
    torch.manual_seed(204)
    px = torch.randn(2, 3, 8, 7)
    p, idx = F.max_pool2d(px, 3, 2, return_indices=True)
    x = p.clone().requires_grad_(True)
    y = F.max_unpool2d(x, idx, 3, 2, output_size=(8, 7))
    dy = torch.randn_like(y)
    y.backward(dy)
    write("maxunpool2d_3x3s2_out8x7",
          "p, indices = max_pool2d(pool_x, 3, 2, return_indices=True); max_unpool2d(p, indices, 3, 2, output_size=(8, 7))",
          {"type": "MaxUnpool2D", "kernel": 3, "stride": 2, "pad": 0, "ceil": False, "out_h": 8, "out_w": 7},
          {"pool_x": px, "x": x, "indices": idx, "y": y, "dy": dy, "dx": x.grad})

    # Average pools. With ceil mode PyTorch clips a window overhanging the
    # padded input to H+pad before counting (count_include_pad=True): on the
    # 8x7 input with padding 1 the last row of windows spans input row 7 and
    # pad row 8 only, so its divisor is 2·3 = 6, not 9; without padding (6x7)
    # the last row of windows is clipped to the input, divisor 2·3 again.
    for name, seed, k, s, p, ceil, inc, shape in [
        ("avgpool2d_3x3s2_p1_ceil_include", 211, 3, 2, 1, True, True, (2, 3, 8, 7)),
        ("avgpool2d_3x3s2_p1_ceil_exclude", 212, 3, 2, 1, True, False, (2, 3, 8, 7)),
        ("avgpool2d_3x3s2_ceil_nopad", 213, 3, 2, 0, True, True, (2, 2, 6, 7)),
        # LeNet's 2×2 subsampling with the default stride; odd H floors.
        ("avgpool2d_2x2_default_stride", 214, 2, None, 0, False, True, (2, 2, 5, 6)),
    ]:
        torch.manual_seed(seed)
        x = torch.randn(*shape).requires_grad_(True)
        y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=inc)
        dy = torch.randn_like(y)
        y.backward(dy)
        layer = {"type": "AvgPool2D", "kernel": k, "pad": p, "ceil": ceil, "count_include_pad": inc}
        if s is not None:
            layer["stride"] = s
        write(name, "torch.nn.functional.avg_pool2d(x, %d, %s, %d, ceil_mode=%s, count_include_pad=%s)" % (k, s, p, ceil, inc),
              layer, {"x": x, "y": y, "dy": dy, "dx": x.grad})

    # Adaptive average pooling: cell i spans [floor(i·H/OH), ceil((i+1)·H/OH)).
    for name, seed, shape, oh, ow in [
        ("adaptiveavgpool2d_7x5_to_3x2", 221, (2, 3, 7, 5), 3, 2),  # cells overlap and differ in size
        ("adaptiveavgpool2d_4x6_to_5x4", 222, (1, 2, 4, 6), 5, 4),  # more cells than rows
        ("adaptiveavgpool2d_global", 223, (2, 3, 5, 3), 1, 1),  # ResNet's global pool
    ]:
        torch.manual_seed(seed)
        x = torch.randn(*shape).requires_grad_(True)
        y = F.adaptive_avg_pool2d(x, (oh, ow))
        dy = torch.randn_like(y)
        y.backward(dy)
        write(name, "torch.nn.functional.adaptive_avg_pool2d(x, (%d, %d))" % (oh, ow),
              {"type": "AdaptiveAvgPool2D", "out_h": oh, "out_w": ow},
              {"x": x, "y": y, "dy": dy, "dx": x.grad})


def norm_cases():
    # PyTorch's convention: b_c = a_c / (k + alpha/n · Σ a²)^beta. A large
    # alpha on inputs of order 2 makes the denominator matter; C = 7 puts
    # the window against both channel edges.
    run_module("lrn_pytorch_size5", 301,
               tnn.LocalResponseNorm(5, alpha=0.5, beta=0.75, k=2.0),
               "torch.nn.LocalResponseNorm(5, alpha=0.5, beta=0.75, k=2.0)",
               {"type": "LocalResponseNorm", "size": 5, "alpha": 0.5, "beta": 0.75, "k": 2.0},
               (2, 7, 3, 4), {}, x_scale=2.0)
    # An even size: PyTorch's window is asymmetric, channels c-2 … c+1 for
    # n = 4 (it pads n//2 below and (n-1)//2 above); beta = 0.6 takes the
    # general power path rather than the 3/4 one.
    run_module("lrn_pytorch_size4", 303,
               tnn.LocalResponseNorm(4, alpha=0.8, beta=0.6, k=1.0),
               "torch.nn.LocalResponseNorm(4, alpha=0.8, beta=0.6, k=1.0)",
               {"type": "LocalResponseNorm", "size": 4, "alpha": 0.8, "beta": 0.6, "k": 1.0},
               (2, 6, 2, 3), {}, x_scale=2.0)
    # The paper's LRN (AlexNet §3.3: k=2, n=5, alpha=1e-4, beta=0.75; alpha
    # multiplies the plain sum) is PyTorch's LocalResponseNorm with alpha·n =
    # 5e-4. Activations of order 10, as after an AlexNet conv, make it bite.
    run_module("lrn_alexnet_paper", 302,
               tnn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0),
               "torch.nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0) = paper k=2, n=5, alpha=1e-4, beta=0.75",
               {"type": "LRN"},
               (2, 6, 3, 3), {}, x_scale=10.0)

    # BatchNorm2d, training step: y uses the biased batch variance, the
    # running variance is updated with the unbiased one (M = N·H·W = 40).
    bn = tnn.BatchNorm2d(3, eps=1e-5, momentum=0.1)
    torch.manual_seed(311)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(3))
        bn.running_var.copy_(torch.rand(3) + 0.5)
    params = {"weight": "weight", "bias": "bias", "running_mean": "running_mean", "running_var": "running_var"}
    run_module("batchnorm2d_train", 312, bn, "torch.nn.BatchNorm2d(3) in train(), one forward (momentum 0.1)",
               {"type": "BatchNorm2D", "c": 3}, (4, 3, 5, 2), params, train=True,
               x=torch.randn(4, 3, 5, 2) * 1.5 + 0.7)
    # Eval: the given running statistics, no update.
    bn = tnn.BatchNorm2d(3, eps=1e-5, momentum=0.1)
    torch.manual_seed(313)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(3))
        bn.running_var.copy_(torch.rand(3) + 0.5)
    run_module("batchnorm2d_eval", 314, bn, "torch.nn.BatchNorm2d(3) in eval()",
               {"type": "BatchNorm2D", "c": 3}, (2, 3, 4, 3), params, train=False)


def linear_cases():
    run_module("linear", 401, tnn.Linear(6, 4), "torch.nn.Linear(6, 4)",
               {"type": "Linear", "in": 6, "out": 4}, (3, 6), WB)
    # Fed a feature map: our Linear flattens each sample (as torchvision's
    # torch.flatten(x, 1) before the classifier); dx comes back in x's shape.
    torch.manual_seed(402)
    lin = tnn.Linear(12, 5)
    with torch.no_grad():
        for p in lin.parameters():
            p.copy_(torch.randn_like(p))
    x = torch.randn(2, 3, 2, 2).requires_grad_(True)
    y = lin(torch.flatten(x, 1))
    dy = torch.randn_like(y)
    y.backward(dy)
    write("linear_flatten", "torch.nn.Linear(12, 5)(torch.flatten(x, 1))",
          {"type": "Linear", "in": 12, "out": 5},
          {"x": x, "weight": lin.weight, "bias": lin.bias, "y": y, "dy": dy,
           "dx": x.grad, "dweight": lin.weight.grad, "dbias": lin.bias.grad})


def loss_cases():
    # F.cross_entropy with reduction='mean': loss = -1/N Σ log softmax(z_n)[t_n],
    # dL/dz = (softmax(z) - onehot(t)) / N. Logits of order 3 so that
    # softmax is far from uniform.
    torch.manual_seed(501)
    z = (torch.randn(5, 7) * 3).requires_grad_(True)
    t = torch.randint(0, 7, (5,))
    loss = F.cross_entropy(z, t)
    loss.backward()
    write("cross_entropy_mean", "torch.nn.functional.cross_entropy(x, labels) (reduction='mean')",
          {"type": "CrossEntropy"},
          {"x": z, "labels": t, "loss": loss, "dx": z.grad})


def activation_cases():
    # Values at the kinks (0, 6) are exact so the subgradient convention
    # shows: PyTorch gives 0 at x = 0 for ReLU, and 0 at 0 and 6 for ReLU6
    # (hardtanh_backward passes min < x < max only).
    torch.manual_seed(601)
    base = torch.randn(2, 3, 4, 4) * 4
    base.view(-1)[:6] = torch.tensor([0.0, 6.0, -0.0, 5.5, 6.5, -1.0])
    for i, (name, typ, fn, desc) in enumerate([
        ("relu", "ReLU", torch.relu, "torch.relu(x)"),
        ("relu6", "ReLU6", F.relu6, "torch.nn.functional.relu6(x)"),
        ("tanh", "Tanh", torch.tanh, "torch.tanh(x)"),
        # LeNet-1998 appendix A: f(a) = A·tanh(S·a), A = 1.7159, S = 2/3.
        ("scaled_tanh", "ScaledTanh", lambda v: 1.7159 * torch.tanh(v * (2.0 / 3.0)),
         "1.7159 * torch.tanh(x * (2/3))"),
    ]):
        x = base.clone().requires_grad_(True)
        y = fn(x)
        torch.manual_seed(611 + i)
        dy = torch.randn_like(y)
        y.backward(dy)
        write(name, desc, {"type": typ}, {"x": x, "y": y, "dy": dy, "dx": x.grad})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    conv_cases()
    pool_cases()
    norm_cases()
    linear_cases()
    loss_cases()
    activation_cases()
