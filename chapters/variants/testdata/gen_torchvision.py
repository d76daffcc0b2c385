#!/usr/bin/python3
"""Writes the PyTorch facts the variants chapter's Go tests compare against.

Run from this directory with the reference toolchain (PyTorch 1.13,
torchvision 0.14); CI never runs it, the outputs are committed:

    /usr/bin/python3 gen_torchvision.py

Outputs
  <model>.keys  for the models torchvision 0.14 defines (resnext50_32x4d,
                wide_resnet50_2, densenet121, densenet169, densenet201) and
                for densenet-bc-100-12 built from torchvision's DenseNet class:
                one line per state_dict entry except num_batches_tracked,
                "key d0,d1,..." in state_dict order (weights and buffers).
  counts.txt    "model params macs" for every model of the chapter and for
                the ResNeXt-50 configurations of Xie et al. 2017 Table 2
                (resnext50_CxDd, torchvision's ResNet class with groups=C,
                width_per_group=d; 32x4d is torchvision's resnext50_32x4d), where
                  params = sum of numel over model.parameters() (buffers excluded),
                  macs   = multiply-accumulates of every Conv2d and Linear for one
                           image at the model's input size, biases excluded,
                           counted by forward hooks in eval mode:
                           Conv2d: numel(output) * in_channels/groups * kh * kw,
                           Linear: in_features * out_features.
                The models torchvision does not define are written here in a
                few lines of PyTorch each, as a second, independent
                implementation of the papers' descriptions (see each builder).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import ResNet, Bottleneck
from torchvision.models.densenet import DenseNet

TORCHVISION = ["resnext50_32x4d", "wide_resnet50_2", "densenet121", "densenet169", "densenet201"]


def macs(model, size):
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    return total[0]


def params(model):
    return sum(p.numel() for p in model.parameters())


def write_keys(name, model):
    with open(name + ".keys", "w") as f:
        for k, v in model.state_dict().items():
            if k.endswith("num_batches_tracked"):
                continue
            f.write("%s %s\n" % (k, ",".join(str(d) for d in v.shape)))


# --- He et al. 2016b: full pre-activation, after KaimingHe/resnet-1k-layers.

class PreActBasic(nn.Module):
    """BN-ReLU-conv3x3-BN-ReLU-conv3x3; the first BN-ReLU shared with the
    1x1 projection when the shape changes, or when first (after conv1)."""

    def __init__(self, cin, cout, stride, first):
        super().__init__()
        self.shared = first or cin != cout or stride != 1
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.proj = nn.Conv2d(cin, cout, 1, stride, bias=False) if (cin != cout or stride != 1) else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        y = self.conv2(F.relu(self.bn2(self.conv1(a))))
        s = a if self.shared else x
        return y + (self.proj(s) if self.proj is not None else s)


class PreActBottle(nn.Module):
    """BN-ReLU-1x1(out/4, stride)-BN-ReLU-3x3-BN-ReLU-1x1(out)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        w = cout // 4
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, w, 1, stride, bias=False)
        self.bn2 = nn.BatchNorm2d(w)
        self.conv2 = nn.Conv2d(w, w, 3, 1, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(w)
        self.conv3 = nn.Conv2d(w, cout, 1, bias=False)
        self.proj = nn.Conv2d(cin, cout, 1, stride, bias=False) if (cin != cout or stride != 1) else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        y = self.conv3(F.relu(self.bn3(self.conv2(F.relu(self.bn2(self.conv1(a)))))))
        return y + (self.proj(a) if self.proj is not None else x)


def preact_cifar(n, widths, bottleneck):
    layers, cin = [nn.Conv2d(3, 16, 3, 1, 1, bias=False)], 16
    for i, c in enumerate(widths):
        for j in range(n):
            stride = 2 if (i > 0 and j == 0) else 1
            layers.append(PreActBottle(cin, c, stride) if bottleneck else PreActBasic(cin, c, stride, i == 0 and j == 0))
            cin = c
    layers += [nn.BatchNorm2d(cin), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 10)]
    return nn.Sequential(*layers)


# --- He et al. 2016 CIFAR ResNet (option A), the network of stochastic depth.

class CifarBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride, self.pad = stride, cout - cin

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        s = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, 0, self.pad))
        return F.relu(y + s)


def cifar_resnet(n):
    layers, cin = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()], 16
    for i, c in enumerate([16, 32, 64]):
        for j in range(n):
            layers.append(CifarBlock(cin, c, 2 if (i > 0 and j == 0) else 1))
            cin = c
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


# --- Larsson et al. 2017: FractalNet, the expansion rule written recursively
# with the joins of a row merged (f_{C+1} returns the list of its columns'
# outputs; the caller averages them).

class Fractal(nn.Module):
    def __init__(self, c, cin, cout, p):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.Dropout(p), nn.BatchNorm2d(cout), nn.ReLU())
        self.sub = nn.ModuleList([Fractal(c - 1, cin, cout, p), Fractal(c - 1, cout, cout, p)]) if c > 1 else None

    def columns(self, z):
        if self.sub is None:
            return [self.conv(z)]
        first = self.sub[0].columns(z)
        return self.sub[1].columns(torch.stack(first).mean(0)) + [self.conv(z)]

    def forward(self, z):
        return torch.stack(self.columns(z)).mean(0)


def fractalnet(c, widths, drops, classes):
    layers, cin = [], 3
    for w, p in zip(widths, drops):
        layers += [Fractal(c, cin, w, p), nn.MaxPool2d(2, 2)]
        cin = w
    layers += [nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


# --- Huang et al. 2017: DenseNet-BC for CIFAR from torchvision's class.

def densenet_cifar(growth, blocks, init):
    m = DenseNet(growth_rate=growth, block_config=blocks, num_init_features=init, num_classes=10)
    m.features.conv0 = nn.Conv2d(3, init, 3, 1, 1, bias=False)
    del m.features.norm0, m.features.relu0, m.features.pool0
    return m


# --- Howard et al. 2017: MobileNet v1 (Table 1, last depthwise stride 1).

BODY = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]


def mobilenet(alpha, standard):
    def c(n):
        return int(alpha * n)

    def unit(cin, cout, k, s, g):
        return [nn.Conv2d(cin, cout, k, s, k // 2, groups=g, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

    layers, cin = unit(3, c(32), 3, 2, 1), c(32)
    for out, s in BODY:
        if standard:
            layers += unit(cin, c(out), 3, s, 1)
        else:
            layers += unit(cin, cin, 3, s, cin) + unit(cin, c(out), 1, 1, 1)
        cin = c(out)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
    return nn.Sequential(*layers)


def main():
    rows = []
    for name in TORCHVISION:
        m = getattr(torchvision.models, name)(weights=None)
        write_keys(name, m)
        rows.append((name, m, 224))
    for c, d in [(1, 64), (2, 40), (4, 24), (8, 14)]:  # (32, 4) is resnext50_32x4d
        rows.append(("resnext50_%dx%dd" % (c, d), ResNet(Bottleneck, [3, 4, 6, 3], groups=c, width_per_group=d), 224))
    bc = densenet_cifar(12, (16, 16, 16), 24)
    write_keys("densenet-bc-100-12", bc)
    rows += [
        ("preact-resnet110", preact_cifar(18, [16, 32, 64], False), 32),
        ("preact-resnet164", preact_cifar(18, [64, 128, 256], True), 32),
        ("preact-resnet1001", preact_cifar(111, [64, 128, 256], True), 32),
        ("wrn-40-4", preact_cifar(6, [64, 128, 256], False), 32),
        ("wrn-16-8", preact_cifar(2, [128, 256, 512], False), 32),
        ("wrn-28-10", preact_cifar(4, [160, 320, 640], False), 32),
        ("resnet110-sd", cifar_resnet(18), 32),
        ("fractalnet-20", fractalnet(3, [64, 128, 256, 512, 512], [0, .1, .2, .3, .4], 10), 32),
        ("densenet-bc-100-12", bc, 32),
    ]
    for alpha, res, std in [(1, 224, False), (1, 224, True), (.75, 224, False), (.5, 224, False), (.25, 224, False),
                            (1, 192, False), (1, 160, False), (1, 128, False)]:
        name = "mobilenet-v1" + ("" if alpha == 1 else "-%g" % alpha) + ("" if res == 224 else "-%d" % res) + ("-conv" if std else "")
        rows.append((name, mobilenet(alpha, std), res))
    with open("counts.txt", "w") as f:
        f.write("# model params macs (torchvision %s, torch %s; gen_torchvision.py)\n"
                % (torchvision.__version__, torch.__version__))
        for name, m, size in rows:
            f.write("%s %d %d\n" % (name, params(m), macs(m, size)))


if __name__ == "__main__":
    main()
