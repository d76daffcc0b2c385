#!/usr/bin/python3
"""Golden trajectories for nn's optimiser and learning-rate schedules, from PyTorch.

Regenerate (PyTorch 1.13, CPU, float32; Go tests never need Python):

    /usr/bin/python3 nn/testdata/gen_optim.py        # from the repository root
    go test ./nn -run TestOptimGolden -v

It rewrites nn/testdata/optim_golden.json:

    {"sgd": [{"name", "lr", "momentum", "weight_decay", "nesterov",
              "theta0": [...], "grads": [[...] per step],
              "theta": [[...] after each step]}, ...],
     "plateau": [{"name", "lr", "factor", "patience", "threshold", "cooldown",
                  "min_lr", "metrics": [...], "lr_after": [...]}, ...],
     "step": [{"name", "lr", "gamma", "step_size", "epochs", "lr_at": [...]}]}

SGD: torch.optim.SGD on one float32 parameter, the gradients set by hand
before each step() (so the trajectory tests the update rule alone).
ReduceLROnPlateau (mode "min", threshold_mode "rel"): the learning rate
after each scheduler.step(metric). StepLR: the learning rate of epoch e
(the closed form lr·gamma^floor(e/step_size), which StepLR's recursive form
gives up to rounding).
"""

import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_golden.json")


def f32(xs):
    return [float("%.9g" % v) for v in xs]


def sgd_case(name, seed, lr, momentum, weight_decay, nesterov, n=7, steps=6):
    g = torch.Generator().manual_seed(seed)
    theta0 = torch.randn(n, generator=g)
    grads = [torch.randn(n, generator=g) for _ in range(steps)]
    w = torch.nn.Parameter(theta0.clone())
    opt = torch.optim.SGD([w], lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov)
    theta = []
    for gr in grads:
        w.grad = gr.clone()
        opt.step()
        theta.append(f32(w.detach().tolist()))
    return {"name": name, "lr": lr, "momentum": momentum, "weight_decay": weight_decay,
            "nesterov": nesterov, "theta0": f32(theta0.tolist()),
            "grads": [f32(gr.tolist()) for gr in grads], "theta": theta}


def plateau_case(name, lr, metrics, factor, patience, cooldown=0, min_lr=0.0, threshold=1e-4):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=factor, patience=patience,
                                                   threshold=threshold, threshold_mode="rel",
                                                   cooldown=cooldown, min_lr=min_lr)
    out = []
    for m in metrics:
        s.step(m)
        out.append(opt.param_groups[0]["lr"])
    return {"name": name, "lr": lr, "factor": factor, "patience": patience, "threshold": threshold,
            "cooldown": cooldown, "min_lr": min_lr, "metrics": metrics, "lr_after": out}


def step_case(name, lr, gamma, step_size, epochs):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    s = torch.optim.lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma)
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    return {"name": name, "lr": lr, "gamma": gamma, "step_size": step_size, "epochs": epochs, "lr_at": out}


def main():
    torch.set_default_dtype(torch.float32)
    # A validation error that improves, stalls, improves a little (not
    # enough for the relative threshold), jumps, and stalls again.
    metrics = [1.0, 0.9, 0.9, 0.89995, 0.9, 0.95, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6,
               0.49, 0.48, 0.48, 0.48, 0.48, 0.48]
    doc = {
        "sgd": [
            # AlexNet §5: momentum 0.9, weight decay 0.0005.
            sgd_case("alexnet momentum 0.9 wd 5e-4", 1, 0.01, 0.9, 5e-4, False),
            # He et al. 2016 §3.4: lr 0.1, momentum 0.9, weight decay 1e-4.
            sgd_case("resnet lr 0.1 momentum 0.9 wd 1e-4", 2, 0.1, 0.9, 1e-4, False),
            sgd_case("nesterov", 3, 0.05, 0.9, 1e-3, True),
            sgd_case("plain (no momentum, no decay)", 4, 0.1, 0.0, 0.0, False),
            sgd_case("decay without momentum", 5, 0.1, 0.0, 0.01, False),
        ],
        "plateau": [
            plateau_case("factor 0.1 patience 2", 0.1, metrics, 0.1, 2),
            plateau_case("factor 0.5 patience 1 cooldown 2 min_lr 0.02", 0.1, metrics, 0.5, 1, cooldown=2, min_lr=0.02),
            plateau_case("AlexNet: divide by 10, patience 0", 0.01, metrics, 0.1, 0),
        ],
        "step": [
            step_case("gamma 0.1 every 30 epochs", 0.1, 0.1, 30, 95),
            step_case("gamma 0.5 every 3 epochs", 0.2, 0.5, 3, 12),
        ],
    }
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)  # atomic
    print("wrote", os.path.relpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
