#!/usr/bin/env python3
"""Writes the state_dict keys of torchvision 0.14 blocks to keys_*.txt in
the testdata of the chapter that builds each block.

chapters/resnet/blocks_test.go (BasicBlock, Bottleneck),
chapters/googlenet/module_test.go (Inception) and
chapters/variants/blocks_test.go (DenseNetBottleneck, DenseNetBlock, Transition)
check that the blocks build modules whose parameter keys, shapes and kinds
equal torchvision's. One line per tensor:

    key<TAB>shape (comma-separated)<TAB>param|buffer

BatchNorm's num_batches_tracked counter (an int64 buffer nn does not keep)
is left out. Run from the repository root with PyTorch 1.13 and
torchvision 0.14:

    /usr/bin/python3 chapters/resnet/testdata/gen_block_keys.py

Nothing here downloads weights: the models are built with weights=None.
"""
import os

import torch
import torchvision
from torchvision import models

HERE = os.path.dirname(os.path.abspath(__file__))
CHAPTERS = os.path.dirname(os.path.dirname(HERE))
# The chapter whose testdata holds a model's block keys.
CHAPTER = {"resnet18": "resnet", "resnet50": "resnet", "resnext50_32x4d": "resnet",
           "wide_resnet50_2": "resnet", "googlenet": "googlenet", "densenet121": "variants"}


def dump(name, module):
    params = {k for k, _ in module.named_parameters()}
    lines = []
    for k, v in module.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        kind = "param" if k in params else "buffer"
        lines.append("%s\t%s\t%s" % (k, ",".join(str(d) for d in v.shape), kind))
    path = os.path.join(CHAPTERS, CHAPTER[name.split(".")[0]], "testdata", "keys_%s.txt" % name)
    with open(path, "w") as f:
        f.write("# torch %s, torchvision %s: %s\n" % (torch.__version__, torchvision.__version__, name))
        f.write("\n".join(lines) + "\n")
    print(path, len(lines), "tensors,", sum(p.numel() for p in module.parameters()), "parameters")


def main():
    r18 = models.resnet18(weights=None)
    dump("resnet18.layer1.0", r18.layer1[0])
    dump("resnet18.layer2.0", r18.layer2[0])
    r50 = models.resnet50(weights=None)
    dump("resnet50.layer1.0", r50.layer1[0])
    dump("resnet50.layer2.0", r50.layer2[0])
    dump("resnext50_32x4d.layer2.0", models.resnext50_32x4d(weights=None).layer2[0])
    dump("wide_resnet50_2.layer1.0", models.wide_resnet50_2(weights=None).layer1[0])
    g = models.googlenet(weights=None, aux_logits=False, init_weights=False)
    dump("googlenet.inception3a", g.inception3a)
    dump("googlenet.inception4e", g.inception4e)
    d = models.densenet121(weights=None)
    dump("densenet121.denseblock1", d.features.denseblock1)
    dump("densenet121.denseblock1.denselayer1", d.features.denseblock1.denselayer1)
    dump("densenet121.transition1", d.features.transition1)


if __name__ == "__main__":
    main()
