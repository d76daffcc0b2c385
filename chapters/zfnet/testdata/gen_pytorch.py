#!/usr/bin/python3
"""Writes the ZFNet chapter's reference data from an independent
implementation (PyTorch 1.13). The Go tests compare against these files;
CI never runs Python.

    /usr/bin/python3 chapters/zfnet/testdata/gen_pytorch.py

zfnet_pytorch.txt  parameter counts of zfnet and zfnet-512, and the output
                   side of every layer at 224 (Fig. 3: 110, 55, 26, 13, 6)
deconv_golden.txt  a deconvnet projection (Zeiler & Fergus 2014 §2.1) of one
                   activation of a small conv/pool stack, computed with
                   conv_transpose2d and max_unpool2d; the weights and the
                   input follow integer formulas the Go test repeats
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))


def zfnet(c3, c4, c5):
    return nn.Sequential(
        nn.Conv2d(3, 96, 7, stride=2, padding=1), nn.ReLU(),
        nn.MaxPool2d(3, 2, ceil_mode=True), nn.LocalResponseNorm(5, 5e-4, 0.75, 2.0),
        nn.Conv2d(96, 256, 5, stride=2), nn.ReLU(),
        nn.MaxPool2d(3, 2, ceil_mode=True), nn.LocalResponseNorm(5, 5e-4, 0.75, 2.0),
        nn.Conv2d(256, c3, 3, padding=1), nn.ReLU(),
        nn.Conv2d(c3, c4, 3, padding=1), nn.ReLU(),
        nn.Conv2d(c4, c5, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(3, 2, ceil_mode=True), nn.Flatten(),
        nn.Linear(c5 * 36, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 1000))


names = ["conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5"]
with open(os.path.join(here, "zfnet_pytorch.txt"), "w") as f:
    f.write("# PyTorch %s: parameters, and the output side of each layer at 224\n" % torch.__version__)
    for name, c in [("zfnet", (384, 384, 256)), ("zfnet-512", (512, 1024, 512))]:
        m = zfnet(*c)
        f.write("%s %d\n" % (name, sum(p.numel() for p in m.parameters())))
    m = zfnet(384, 384, 256).eval()
    x = torch.zeros(1, 3, 224, 224)
    i = 0
    with torch.no_grad():
        for layer in m:
            x = layer(x)
            if isinstance(layer, (nn.Conv2d, nn.MaxPool2d)):
                f.write("%s %d\n" % (names[i], x.shape[2]))
                i += 1


# The deconvnet golden: integer formulas, exact in float32.
def ramp(n, mult, mod, off, scale):
    k = torch.arange(n, dtype=torch.float64)
    return (((k * mult + off) % mod) / mod - 0.5) * scale


side = 61
x = (((torch.arange(3 * side * side, dtype=torch.float64) * 31) % 97) / 97).float().reshape(1, 3, side, side)
w1 = ramp(4 * 3 * 7 * 7, 7919, 211, 1, 0.4).float().reshape(4, 3, 7, 7)
w2 = ramp(5 * 4 * 5 * 5, 104729, 223, 2, 0.4).float().reshape(5, 4, 5, 5)
b1 = torch.full((4,), 3.0)
b2 = torch.full((5,), 10.0)

a1 = F.conv2d(x, w1, b1, stride=2, padding=1)
assert (a1 > 0).all(), "pre-activations must be positive: no ties in the pools"
r1 = F.relu(a1)
p1, s1 = F.max_pool2d(r1, 3, 2, ceil_mode=True, return_indices=True)
a2 = F.conv2d(p1, w2, b2, stride=2)
assert (a2 > 0).all()
r2 = F.relu(a2)
p2, s2 = F.max_pool2d(r2, 3, 2, ceil_mode=True, return_indices=True)

ch, i, j = 3, 1, 0
top = torch.zeros_like(p2)
top[0, ch, i, j] = p2[0, ch, i, j]
y = F.max_unpool2d(top, s2, 3, 2, output_size=r2.shape[2:])
y = F.relu(y)
y = F.conv_transpose2d(y, w2, stride=2, output_padding=p1.shape[2] - ((r2.shape[2] - 1) * 2 + 5))
y = F.max_unpool2d(y, s1, 3, 2, output_size=r1.shape[2:])
y = F.relu(y)
y = F.conv_transpose2d(y, w1, stride=2, padding=1, output_padding=side - ((r1.shape[2] - 1) * 2 - 2 + 7))
assert y.shape == x.shape

with open(os.path.join(here, "deconv_golden.txt"), "w") as f:
    f.write("# PyTorch %s deconvnet projection of pool2[%d, %d, %d]; shapes %s -> %s\n" % (
        torch.__version__, ch, i, j, list(x.shape), list(p2.shape)))
    f.write("%d %d %d %.9g\n" % (ch, i, j, p2[0, ch, i, j].item()))
    f.write("# non-zero pixels of the projection: flat index (c·61+h)·61+w, value\n")
    for k, v in enumerate(y.flatten().tolist()):
        if v != 0:
            f.write("%d %.9g\n" % (k, v))
