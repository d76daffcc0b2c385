#!/usr/bin/python3
"""Test images and torchvision 0.14's preprocessing of them, for data/imagenet.

Run from the repository root with Debian's python3-torchvision (0.14) and
python3-pil (9.4):

    /usr/bin/python3 data/imagenet/testdata/gen.py

It synthesises small images (nothing is downloaded) and writes, beside
this script:

    NAME.png / NAME.jpg     the test images
    NAME.crop.png           torchvision's Resize(256) + CenterCrop(224) of the
                            image opened with PIL and converted to RGB (the
                            uint8 image the network's tensor is made from)
    NAME.decoded.png        (JPEGs) PIL's decoding of the JPEG, so the Go test
                            can check resizing apart from JPEG decoding
    normalize.safetensors   "lut" (3, 256) float32: torchvision's
                            ToTensor + Normalize(mean, std) of every uint8 level
                            per channel

and data/imagenet/classes.txt, the 1,000 class names of
torchvision.models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"].

The preprocessed tensor is LUT[c][crop[y][x][c]]: the script asserts that
this equals torchvision's own transform output (both the classic
Compose([Resize(256), CenterCrop(224), ToTensor(), Normalize]) and the
weights' ImageClassification preset) exactly, so committing the crop and
the LUT commits torchvision's tensors in 1/12 of the space.
"""
import json
import os
import struct

import numpy as np
import torch
import torchvision
import torchvision.transforms as T
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def synth(w, h, seed):
    """Gradients, hard-edged shapes, a checkerboard (aliasing bait) and a noisy patch."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([255 * x / (w - 1), 255 * y / (h - 1), 128 + 100 * np.sin(x / 7 + y / 11)], -1)
    img[h // 5: h // 2, w // 6: w // 2] = (220, 30, 40)
    r2 = (x - 0.65 * w) ** 2 + (y - 0.6 * h) ** 2
    img[r2 < (0.18 * min(w, h)) ** 2] = (20, 200, 90)
    cb = ((x // 2 + y // 2) % 2 == 0) & (y > 0.75 * h) & (x < 0.4 * w)
    img[cb] = 255
    img[(~cb) & (y > 0.75 * h) & (x < 0.4 * w)] = 0
    patch = (x > 0.85 * w) & (y < 0.15 * h)
    img[patch] = rng.integers(0, 256, size=(patch.sum(), 3))
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


def write_safetensors(path, tensors):
    header, blobs, at = {}, [], 0
    for name in sorted(tensors):
        b = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))


def main():
    images = {
        "shapes.png": lambda p: synth(333, 250, 1).save(p),                              # upsample 250 → 256
        "gray.png": lambda p: synth(90, 120, 2).convert("L").save(p),                   # grey, ×2.8 upsample
        "photo444.jpg": lambda p: synth(300, 400, 3).save(p, quality=92, subsampling=0),  # downsample, crop top 58.5 → 58
        "photo420.jpg": lambda p: synth(400, 300, 4).save(p, quality=85),                 # 4:2:0 chroma
        "photo422.jpg": lambda p: synth(261, 200, 5).save(p, quality=90, subsampling=1),  # 4:2:2, odd width, upsample
    }
    classic = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(MEAN, STD)])
    preset = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.transforms()
    levels = torch.arange(256, dtype=torch.uint8).view(1, 1, 256).expand(3, 1, 256)
    lut = T.Normalize(MEAN, STD)(levels.float().div(255)).view(3, 256)
    write_safetensors(os.path.join(HERE, "normalize.safetensors"), {"lut": lut.numpy()})
    for name, make in images.items():
        path = os.path.join(HERE, name)
        make(path)
        img = Image.open(path).convert("RGB")
        if name.endswith(".jpg"):
            img.save(os.path.join(HERE, name.rsplit(".", 1)[0] + ".decoded.png"))
        crop = T.CenterCrop(224)(T.Resize(256)(img))
        crop.save(os.path.join(HERE, name.rsplit(".", 1)[0] + ".crop.png"))
        a = torch.from_numpy(np.array(crop)).long()  # (224, 224, 3)
        want = torch.stack([lut[c][a[:, :, c]] for c in range(3)])
        for label, tf in (("classic", classic), ("preset", preset)):
            got = tf(img)
            assert torch.equal(got, want), f"{name}: {label} transform differs from LUT[crop]: {(got - want).abs().max()}"
        print(f"{name}: {img.size[0]}×{img.size[1]} → crop {crop.size}, tensor == LUT[crop] (classic and preset)")
    cats = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
    assert len(cats) == 1000
    with open(os.path.join(HERE, "..", "classes.txt"), "w") as f:
        f.write("\n".join(cats) + "\n")


if __name__ == "__main__":
    main()
