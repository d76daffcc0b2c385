#!/usr/bin/python3
"""Writes the torchvision 0.14 facts the resnet chapter's Go tests compare against.

Run from this directory with the reference toolchain (PyTorch 1.13,
torchvision 0.14); CI never runs it, the outputs are committed:

    /usr/bin/python3 gen_torchvision.py

Outputs
  <model>.keys   one line per state_dict entry except num_batches_tracked:
                 "key d0,d1,..." in state_dict order (weights and buffers).
  counts.txt     one line per model and stride convention:
                 "model convention params macs" where
                 params = sum of numel over model.parameters() (buffers excluded),
                 macs   = multiply-accumulates of every Conv2d and Linear for one
                          3x224x224 image, biases excluded, counted by forward hooks:
                          Conv2d: numel(output) * in_channels/groups * kh * kw,
                          Linear: in_features * out_features.
                 convention "v1.5" is torchvision as it is (stride on the 3x3 of a
                 bottleneck); "paper" moves the stride of every strided bottleneck
                 to its first 1x1 (He et al. 2016, Table 1 / the original Caffe
                 models); it changes no parameter, only the MACs.
  cifar.txt      "model params macs" for the CIFAR-10 networks of He et al. 2016
                 section 4.2, written here in a few lines of PyTorch as a second,
                 independent implementation (torchvision has none): 3x3 conv 16,
                 three stages of n basic blocks at 16, 32, 64 channels on 32x32,
                 16x16, 8x8 maps, option-A shortcuts (subsample, zero-pad the new
                 channels: no parameters), global average pool, fc 10; the plain
                 twins drop the shortcuts. MACs for one 3x32x32 image as above.
"""
import torch
import torchvision

MODELS = ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]


def macs(model):
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, torch.nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for h in hooks:
        h.remove()
    return total[0]


def to_paper_stride(model):
    """Moves each bottleneck's stride from conv2 (3x3) to conv1 (1x1)."""
    for m in model.modules():
        if isinstance(m, torchvision.models.resnet.Bottleneck) and m.conv2.stride != (1, 1):
            m.conv1.stride, m.conv2.stride = m.conv2.stride, (1, 1)
    return model


class CifarBlock(torch.nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.shortcut, self.stride, self.pad = shortcut, stride, cout - cin

    def forward(self, x):
        y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        if self.shortcut:  # option A
            s = x[:, :, ::self.stride, ::self.stride]
            y = y + torch.nn.functional.pad(s, (0, 0, 0, 0, 0, self.pad))
        return torch.relu(y)


def cifar(n, shortcut):
    layers = [torch.nn.Conv2d(3, 16, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(16), torch.nn.ReLU()]
    cin = 16
    for i, c in enumerate([16, 32, 64]):
        for j in range(n):
            layers.append(CifarBlock(cin, c, 2 if (i > 0 and j == 0) else 1, shortcut))
            cin = c
    layers += [torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(64, 10)]
    return torch.nn.Sequential(*layers)


def cifar_macs(model):
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += m.in_features * m.out_features

    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv_hook)
        elif isinstance(m, torch.nn.Linear):
            m.register_forward_hook(linear_hook)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 32, 32))
    return total[0]


def main():
    lines = []
    for name in MODELS:
        model = getattr(torchvision.models, name)(weights=None)
        with open(name + ".keys", "w") as f:
            for k, v in model.state_dict().items():
                if k.endswith("num_batches_tracked"):
                    continue
                f.write("%s %s\n" % (k, ",".join(str(d) for d in v.shape)))
        params = sum(p.numel() for p in model.parameters())
        lines.append("%s v1.5 %d %d" % (name, params, macs(model)))
        paper = to_paper_stride(model)
        lines.append("%s paper %d %d" % (name, sum(p.numel() for p in paper.parameters()), macs(paper)))
    with open("counts.txt", "w") as f:
        f.write("# model convention params macs (torchvision %s, torch %s; gen_torchvision.py)\n"
                % (torchvision.__version__, torch.__version__))
        f.write("\n".join(lines) + "\n")
    with open("cifar.txt", "w") as f:
        f.write("# model params macs (torch %s; gen_torchvision.py)\n" % torch.__version__)
        for depth in [20, 32, 44, 56, 110, 1202]:
            n = (depth - 2) // 6
            for prefix, shortcut in [("resnet", True), ("plain", False)]:
                if prefix == "plain" and depth == 1202:
                    continue
                m = cifar(n, shortcut)
                f.write("%s%d %d %d\n" % (prefix, depth, sum(p.numel() for p in m.parameters()), cifar_macs(m)))


if __name__ == "__main__":
    main()
