#!/usr/bin/python3
"""Golden logits of torchvision 0.14 for the book's models, on hash weights.

Run from the repository root with Debian's PyTorch (python3-torch 1.13,
python3-torchvision 0.14):

    /usr/bin/python3 interop/testdata/gen.py            # 64×64 cases (CI)
    /usr/bin/python3 interop/testdata/gen.py --full     # also 224×224
    /usr/bin/python3 interop/testdata/gen.py --only resnet18 vgg11
    /usr/bin/python3 interop/testdata/gen.py --vectors  # print hash test vectors
    /usr/bin/python3 interop/testdata/gen.py --load W.safetensors --model NAME
        # load a file written by `book export` into torchvision's model with
        # strict load_state_dict; with `export -hash`, also check every value

It writes, under interop/testdata/:

    input64.safetensors         "input"  (2, 3, 64, 64)   float32, torch.manual_seed(0) randn
    input224.safetensors        "input"  (1, 3, 224, 224) float32, torch.manual_seed(1) randn
    logits64/NAME.safetensors   "output" (2, 1000)        torchvision's logits, eval mode
    logits224/NAME.safetensors  "output" (1, 1000)        (with --full)
    keys.json                   {NAME: [[key, dtype, shape], ...]} of model.state_dict()

No weights are committed: every tensor of the state_dict is filled by the
integer-hash formula of nn/weights/hash.go (documented there and in
hash_values below), which Go reproduces bit for bit. num_batches_tracked
keeps torch's 0.

To add a model: add a line to MODELS (our registry name → torchvision
constructor), rerun, and add the name to the Go test's list.
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch
import torchvision.models as tvm

HERE = os.path.dirname(os.path.abspath(__file__))

# Our name (chapters/all registry) → torchvision 0.14 constructor, random
# init skipped (the hash overwrites every tensor anyway).
MODELS = {
    "alexnet-tv": lambda: tvm.alexnet(),
    "vgg11": lambda: tvm.vgg11(),
    "vgg13": lambda: tvm.vgg13(),
    "vgg16": lambda: tvm.vgg16(),
    "vgg19": lambda: tvm.vgg19(),
    "vgg11_bn": lambda: tvm.vgg11_bn(),
    "vgg13_bn": lambda: tvm.vgg13_bn(),
    "vgg16_bn": lambda: tvm.vgg16_bn(),
    "vgg19_bn": lambda: tvm.vgg19_bn(),
    # transform_input=True as torchvision sets it for its pretrained
    # weights; aux heads kept so that their keys are listed (they do not
    # run in eval mode).
    "googlenet-tv": lambda: tvm.googlenet(aux_logits=True, transform_input=True, init_weights=False),
    "resnet18": lambda: tvm.resnet18(),
    "resnet34": lambda: tvm.resnet34(),
    "resnet50-tv": lambda: tvm.resnet50(),
    "resnet101-tv": lambda: tvm.resnet101(),
    "resnet152-tv": lambda: tvm.resnet152(),
    # chapters/variants
    "resnext50_32x4d": lambda: tvm.resnext50_32x4d(),
    "wide_resnet50_2": lambda: tvm.wide_resnet50_2(),
    "densenet121": lambda: tvm.densenet121(),
    "densenet169": lambda: tvm.densenet169(),
    "densenet201": lambda: tvm.densenet201(),
}

MASK64 = (1 << 64) - 1


def fnv1a64(key):
    """FNV-1a, 64-bit, over the key's UTF-8 bytes."""
    h = 0xCBF29CE484222325
    for b in key.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return h


def hash_bits(seed, start, n):
    """u = the top 24 bits of SplitMix64's outputs start+1 … start+n."""
    with np.errstate(over="ignore"):
        i = np.arange(start + 1, start + n + 1, dtype=np.uint64)
        x = np.uint64(seed) + i * np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(40)).astype(np.int64)


def hash_values(key, n, lo, hi):
    """float32(mid + half·t), t = (2u + 1 − 2²⁴)/2²⁴, in float64 (numpy does not fuse)."""
    seed = fnv1a64(key)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    out = np.empty(n, dtype=np.float32)
    step = 1 << 22
    for s in range(0, n, step):
        u = hash_bits(seed, s, min(step, n - s))
        t = (2 * u + 1 - (1 << 24)).astype(np.float64) / float(1 << 24)
        out[s:s + len(u)] = (mid + half * t).astype(np.float32)
    return out


def fan_in(shape):
    n = shape[1]
    for d in shape[2:]:
        n *= d
    return max(n, 1)


# A residual block's second and later convolutions in torchvision's ResNet
# naming (BasicBlock's conv2; Bottleneck's conv2 and conv3, also in ResNeXt
# and Wide ResNet). The Go side does not read names: its builders mark these
# tensors (nn.LaterInBranch sets nn.Param.HashScale).
LATER_BLOCK_CONV = re.compile(r"layer[0-9]+\.[0-9]+\.conv[2-9]\.weight")


def hash_range(key, shape, weight_shape):
    """The range of a tensor's hash values (nn/weights.HashRange)."""
    name = key.rsplit(".", 1)[-1]
    if name == "running_var":
        return 0.5, 2.0
    if name == "running_mean":
        return -0.25, 0.25
    if name == "weight" and len(shape) == 1:
        return 0.5, 1.5
    if name == "weight" and len(shape) >= 2:
        a = math.sqrt(6 / fan_in(shape))
        if LATER_BLOCK_CONV.fullmatch(key):
            a /= 4
        return -a, a
    if name == "bias" and weight_shape is not None and len(weight_shape) == 1:
        return -0.25, 0.25
    if name == "bias" and weight_shape is not None and len(weight_shape) >= 2:
        b = 1 / math.sqrt(fan_in(weight_shape))
        return -b, b
    return -1.0, 1.0


def hash_state_dict(model):
    sd = model.state_dict()
    out = {}
    for key, t in sd.items():
        if key.endswith("num_batches_tracked"):
            out[key] = t.clone()
            continue
        prefix = key[: key.rfind(".") + 1]
        w = sd.get(prefix + "weight")
        lo, hi = hash_range(key, list(t.shape), None if w is None else list(w.shape))
        v = hash_values(key, t.numel(), lo, hi).reshape(tuple(t.shape))
        out[key] = torch.from_numpy(v)
    model.load_state_dict(out, strict=True)
    return sd


def write_safetensors(path, tensors):
    """A minimal safetensors writer: {name: float32/int64 ndarray}."""
    header, blobs, at = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        dtype = {np.dtype("float32"): "F32", np.dtype("int64"): "I64"}[a.dtype]
        b = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_safetensors(path):
    """A minimal safetensors reader: {name: tensor}, metadata."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        h = json.loads(f.read(n))
        data = f.read()
    meta = h.pop("__metadata__", {})
    out = {}
    for name, e in h.items():
        b, e2 = e["data_offsets"]
        dt = {"F32": "<f4", "I64": "<i8"}[e["dtype"]]
        out[name] = torch.from_numpy(np.frombuffer(data[b:e2], dtype=dt).reshape(e["shape"]).copy())
    return out, meta


def read_input(path):
    return read_safetensors(path)[0]["input"]


def load_check(path, name):
    """Strictly load a `book export` file into torchvision's model."""
    tensors, meta = read_safetensors(path)
    model = MODELS[name]()
    model.load_state_dict(tensors, strict=True)
    print(f"{path}: {len(tensors)} tensors loaded into torchvision's {name} (strict), metadata {meta}")
    if meta.get("init") == "hash":
        want = MODELS[name]()
        hash_state_dict(want)
        bad = [k for k, v in want.state_dict().items() if not torch.equal(v, tensors[k])]
        print(f"hash weights: {len(tensors) - len(bad)} of {len(tensors)} tensors bit-identical to gen.py's", bad[:5])


def ensure_input(name, seed, shape):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        torch.manual_seed(seed)
        write_safetensors(path, {"input": torch.randn(*shape).numpy()})
    return read_input(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="also the 224×224 logits")
    ap.add_argument("--only", nargs="*", help="model names (default: all)")
    ap.add_argument("--vectors", action="store_true", help="print hash test vectors and exit")
    ap.add_argument("--load", help="a safetensors file written by `book export`")
    ap.add_argument("--model", help="with --load: our model name")
    args = ap.parse_args()

    if args.load:
        return load_check(args.load, args.model)

    if args.vectors:
        for key, n, lo, hi in [("features.0.weight", 4, -0.5, 0.5), ("bn1.running_var", 3, 0.5, 2.0),
                               ("fc.bias", 2, -1 / math.sqrt(512), 1 / math.sqrt(512))]:
            v = hash_values(key, n, lo, hi)
            print(key, hex(fnv1a64(key)), list(hash_bits(fnv1a64(key), 0, n)), [float(x) for x in v],
                  [hex(struct.unpack("<I", struct.pack("<f", x))[0]) for x in v])
        return

    torch.set_num_threads(2)
    x64 = ensure_input("input64.safetensors", 0, (2, 3, 64, 64))
    x224 = ensure_input("input224.safetensors", 1, (1, 3, 224, 224)) if args.full else None
    keys_path = os.path.join(HERE, "keys.json")
    keys = json.load(open(keys_path)) if os.path.exists(keys_path) else {}
    for name in args.only or MODELS:
        model = MODELS[name]()
        sd = hash_state_dict(model)
        keys[name] = [[k, "I64" if t.dtype == torch.int64 else "F32", list(t.shape)] for k, t in sd.items()]
        model.eval()
        for size, x in (("64", x64), ("224", x224)):
            if x is None:
                continue
            with torch.no_grad():
                y = model(x)
            os.makedirs(os.path.join(HERE, "logits" + size), exist_ok=True)
            write_safetensors(os.path.join(HERE, "logits" + size, name + ".safetensors"), {"output": y.numpy()})
            spread = (y[0] - y[-1]).abs().max().item() if len(y) > 1 else float("nan")
            print(f"{name:14s} {size:>3s}: max|logit| {y.abs().max().item():.4g}, "
                  f"max|y0 - y1| {spread:.4g}", flush=True)
    with open(keys_path, "w") as f:
        f.write("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}"
                                   for k, v in sorted(keys.items())) + "\n}\n")


if __name__ == "__main__":
    sys.exit(main())
