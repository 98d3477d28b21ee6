"""Turn the committed ONNX reader back into a training checkpoint, so training can resume from the model in the repo
(training runs are git-ignored and do not survive a fresh clone).

    /usr/bin/python3 tools/recognition/from_onnx.py models/plate-reader.onnx tools/recognition/runs/r10/start.pt
    OMP_NUM_THREADS=1 /usr/bin/python3 tools/recognition/train.py --out ... --resume tools/recognition/runs/r10/start.pt

The exporter folds every BatchNorm into the convolution before it. Unfolding it as an identity BatchNorm would change
what the network computes in training mode, where BatchNorm divides by the batch's own statistics; instead each
BatchNorm is given the statistics of its convolution's output on rendered plates, and scale and shift that undo them,
so the network computes the same function in evaluation mode and nearly the same in training mode.
"""
import argparse
import random

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

import plates
from model import PlateReader
from train import batch


def load_folded(model, path):
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    mine = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    if len(convs) != len(mine):
        raise SystemExit(f"{path}: {len(convs)} convolutions, the model has {len(mine)}")
    folded_bias = []
    for node, conv in zip(convs, mine):
        w = torch.from_numpy(inits[node.input[1]].copy())
        b = torch.from_numpy(inits[node.input[2]].copy()) if len(node.input) > 2 else torch.zeros(w.shape[0])
        if w.shape != conv.weight.shape:
            raise SystemExit(f"{node.name}: weight {tuple(w.shape)}, the model has {tuple(conv.weight.shape)}")
        conv.weight.data.copy_(w)
        if conv.bias is not None:
            conv.bias.data.copy_(b)
        folded_bias.append(b)
    return folded_bias


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("onnx")
    ap.add_argument("out")
    ap.add_argument("--step", type=int, default=0, help="training step the model had reached (for the log)")
    args = ap.parse_args()
    model = PlateReader(plates.NUM_CLASSES)
    folded_bias = load_folded(model, args.onnx)
    pairs = [(m, n) for m, n in zip(model.features, list(model.features)[1:]) if isinstance(n, nn.BatchNorm2d)]
    outputs = {}
    hooks = [conv.register_forward_hook(lambda mod, inp, out, key=i: outputs.__setitem__(key, out.detach()))
             for i, (conv, _) in enumerate(pairs)]
    for (_, bn), b in zip(pairs, folded_bias):  # identity BatchNorm first: the network is exactly the exported one
        bn.weight.data.fill_(1.0)
        bn.bias.data.copy_(b)
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
    model.eval()
    x, _, _ = batch(random.Random(424242), 256, ga_prob=0.6, tight_prob=0.5, extras=0.5, cjk_sans=0.5)
    with torch.no_grad():
        before = model(x)
        for i, ((_, bn), b) in enumerate(zip(pairs, folded_bias)):
            y = outputs[i]
            mean = y.mean((0, 2, 3))
            var = y.var((0, 2, 3), unbiased=False).clamp_min(1e-4)
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_((var + bn.eps).sqrt())
            bn.bias.copy_(mean + b)
        after = model(x)
    for h in hooks:
        h.remove()
    diff = float((after - before).abs().max())
    print(f"{args.onnx}: {len(folded_bias)} convolutions, eval-mode difference after unfolding {diff:.2e}")
    assert diff < 1e-3
    torch.save({"model": model.state_dict(), "step": args.step, "val": -1.0}, args.out)


if __name__ == "__main__":
    main()
