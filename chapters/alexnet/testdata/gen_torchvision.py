#!/usr/bin/python3
"""Writes the expected keys, shapes and parameter counts of the AlexNet
chapter's models from an independent implementation (PyTorch 1.13 and
torchvision 0.14). The Go tests compare against the files this writes;
CI never runs Python.

    /usr/bin/python3 chapters/alexnet/testdata/gen_torchvision.py

alexnet_tv.txt       torchvision.models.alexnet(): state_dict keys and shapes
alexnet_counts.txt   parameter counts of the three models, the paper's
                     two-tower net written with grouped convs (groups=2 is
                     exactly the towers' block structure) and the merged net
"""
import os

import torch.nn as nn
import torchvision

here = os.path.dirname(os.path.abspath(__file__))


def count(m):
    return sum(p.numel() for p in m.parameters())


def alexnet_paper(groups):
    # Krizhevsky et al. 2012 §3.5 and Fig. 2; groups=2 gives the towers.
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(),
        nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, 2),
        nn.Conv2d(96, 256, 5, padding=2, groups=groups), nn.ReLU(),
        nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0), nn.MaxPool2d(3, 2),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, 3, padding=1, groups=groups), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding=1, groups=groups), nn.ReLU(),
        nn.MaxPool2d(3, 2), nn.Flatten(),
        nn.Linear(9216, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
        nn.Linear(4096, 1000))


tv = torchvision.models.alexnet()
with open(os.path.join(here, "alexnet_tv.txt"), "w") as f:
    f.write("# torchvision %s alexnet() state_dict: key shape\n" % torchvision.__version__)
    for k, v in tv.state_dict().items():
        f.write("%s %s\n" % (k, ",".join(str(d) for d in v.shape)))

with open(os.path.join(here, "alexnet_counts.txt"), "w") as f:
    f.write("# parameter counts (PyTorch %s, torchvision %s)\n" % (
        __import__("torch").__version__, torchvision.__version__))
    f.write("alexnet %d\n" % count(alexnet_paper(2)))
    f.write("alexnet-merged %d\n" % count(alexnet_paper(1)))
    f.write("alexnet-tv %d\n" % count(tv))
