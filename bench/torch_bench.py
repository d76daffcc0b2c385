#!/usr/bin/python3
"""PyTorch's side of bench/run: the same work as the Go benchmarks.

    /usr/bin/python3 bench/torch_bench.py THREADS NAME...

runs each named benchmark with torch.set_num_threads(THREADS) and prints
one line per benchmark, "NAME SECONDS_PER_OP", the median over the timed
repetitions. bench/run sets OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE
for this process alone (they must be set before OpenBLAS loads). Random
weights and inputs, as on the Go side; the networks are the same as the
Go registry's (same layers, loss and optimiser):

  sgemm/512, sgemm/1024        torch.mm, n×n·n×n
  sgemm/conv_m64_n3136_k576    torch.mm, 64×576 · 576×3136
  conv3x3_64x56                F.conv2d, 1×64×56×56, 64 filters 3×3, pad 1, bias
  forward/<model>              eval, no_grad, batch 1, 3×224×224: torchvision
                               alexnet, vgg16, googlenet (no aux heads), resnet50,
                               and mobilenet-v1 defined below as ours
  train/lenet5                 one step on 64 1×32×32 images: forward,
                               cross-entropy, backward, SGD(0.01, momentum 0.9,
                               weight decay 5e-4)
  train/resnet20               one step on 128 3×32×32 images, the CIFAR
                               ResNet-20 of He et al. 2016 §4.2 with option-A
                               shortcuts, SGD(0.1, 0.9, 1e-4)
"""

import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MIN_TIME = 0.5  # seconds of timed repetitions per benchmark
MIN_REPS = 3


def timeit(fn):
    t0 = time.perf_counter()
    fn()  # warm-up: allocator, oneDNN primitive caches
    reps = MIN_REPS if time.perf_counter() - t0 < MIN_TIME else 1  # slow work: one timed run
    times = []
    start = time.perf_counter()
    while len(times) < reps or time.perf_counter() - start < MIN_TIME:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def lenet5():
    # chapters/lenet LeNet5: C1 conv 1→6 5×5 + ReLU, S2 max-pool 2, C3 conv
    # 6→16 5×5 + ReLU, S4 max-pool 2, C5 conv 16→120 5×5 + ReLU, flatten,
    # F6 linear 120→84 + ReLU, OUTPUT linear 84→10.
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 120, 5), nn.ReLU(), nn.Flatten(),
        nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


class Block(nn.Module):
    """nn.BasicBlock with ShortcutA: conv-bn-relu-conv-bn + shortcut, ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride, self.pad = stride, cout - cin

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        s = x
        if self.stride != 1 or self.pad:
            # nn.ZeroPadShortcut: subsample, zero-pad the new channels.
            s = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, 0, self.pad))
        return F.relu(y + s)


def resnet20():
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for stage, cout in enumerate([16, 32, 64]):
        for i in range(3):
            layers.append(Block(cin, cout, 2 if i == 0 and stage > 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


# chapters/variants MobileNetBody: (out, stride) of the 13 separable layers.
MOBILENET_BODY = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                  (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
                  (1024, 2), (1024, 1)]


def mobilenet_v1():
    def unit(cin, cout, k, stride, groups=1):
        return [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
                nn.BatchNorm2d(cout), nn.ReLU()]
    layers = unit(3, 32, 3, 2)
    cin = 32
    for cout, stride in MOBILENET_BODY:
        layers += unit(cin, cin, 3, stride, groups=cin) + unit(cin, cout, 1, 1)
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
    return nn.Sequential(*layers)


def forward_model(name):
    import torchvision.models as tv
    if name == "alexnet-tv":
        return tv.alexnet()
    if name == "vgg16":
        return tv.vgg16()
    if name == "googlenet-tv":
        return tv.googlenet(aux_logits=False, init_weights=False)
    if name == "resnet50-tv":
        return tv.resnet50()
    if name == "mobilenet-v1":
        return mobilenet_v1()
    raise SystemExit("unknown model " + name)


def bench(name):
    if name.startswith("sgemm/"):
        size = name.split("/", 1)[1]
        m, n, k = (64, 3136, 576) if size.startswith("conv") else (int(size),) * 3
        a, b = torch.randn(m, k), torch.randn(k, n)
        return timeit(lambda: torch.mm(a, b))
    if name == "conv3x3_64x56":
        x, w, b = torch.randn(1, 64, 56, 56), torch.randn(64, 64, 3, 3), torch.randn(64)
        with torch.no_grad():
            return timeit(lambda: F.conv2d(x, w, b, padding=1))
    if name.startswith("forward/"):
        model = forward_model(name.split("/", 1)[1]).eval()
        x = torch.randn(1, 3, 224, 224)
        with torch.no_grad():
            return timeit(lambda: model(x))
    if name in ("train/lenet5", "train/resnet20"):
        if name == "train/lenet5":
            model, n, shape, lr, wd = lenet5(), 64, (1, 32, 32), 0.01, 5e-4
        else:
            model, n, shape, lr, wd = resnet20(), 128, (3, 32, 32), 0.1, 1e-4
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=wd)
        x, y = torch.randn(n, *shape), torch.randint(0, 10, (n,))

        def step():
            opt.zero_grad()
            F.cross_entropy(model(x), y).backward()
            opt.step()
        return timeit(step)
    raise SystemExit("unknown benchmark " + name)


def main():
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    for name in sys.argv[2:]:
        print(name, repr(bench(name)), flush=True)


if __name__ == "__main__":
    main()
