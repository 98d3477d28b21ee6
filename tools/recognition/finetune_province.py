"""Fine-tune the province checker (decision 020) from the committed ONNX, on the synthetic plates it was trained on,
optionally mixed with real plate crops of ONE real set, to be measured on the other real set (issue 26).

    OMP_NUM_THREADS=1 nice -n 19 taskset -c 0 /usr/bin/python3 tools/recognition/finetune_province.py \
        --from-onnx models/plate-province.onnx --out tools/recognition/runs/q1 --minutes 20 --seed 31 --lr 3e-4 \
        --real ../shared/data/plates-dev --labels labels_crops.csv --real-share 0.3
    /usr/bin/python3 tools/recognition/train_province.py --export tools/recognition/runs/q1/best.pt models/plate-province.onnx

The exporter folded every BatchNorm into its convolution; the folded network is loaded back with identity BatchNorms
(mean 0, variance 1 - eps, scale 1, shift = the folded bias) that stay in evaluation mode while training, so the
network starts exactly as committed and a half-real batch does not pull the statistics towards one camera.

Real crops are read whole, as the pipeline reads a camera's plate crop (the whole image warped to 128 x 32), then cut
to the checker's left PROVINCE_W columns; a fifth of them, drawn by the seed, is kept apart. Each real crop is drawn
with a weight of 1 / sqrt(how many crops its province has), so a set of mostly one province does not teach the
checker that a real-looking plate is that province. Validation: the kept-apart real crops and rendered plates, each
scored by accuracy, the checkpoint kept is the best of their mean.
"""
import argparse
import csv
import math
import os
import random

import cv2
import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402
from train_province import CLASSES, PROVINCE_W, ProvinceChecker, batch, label  # noqa: E402


def load_onnx(model, path):
    graph = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    convs = [n for n in graph.node if n.op_type == "Conv"]
    mine = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert len(convs) == len(mine) == len(bns) + 1, (len(convs), len(mine), len(bns))
    for i, (node, conv) in enumerate(zip(convs, mine)):
        w = torch.from_numpy(inits[node.input[1]].copy())
        b = torch.from_numpy(inits[node.input[2]].copy())
        conv.weight.data.copy_(w)
        if i < len(bns):
            bn = bns[i]
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
            bn.weight.data.fill_(1.0)
            bn.bias.data.copy_(b)
        else:
            conv.bias.data.copy_(b)


def real_crops(folder, labels):
    out = []
    with open(os.path.join(folder, labels), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["plate"].strip()
            if not text or text[0] not in plates.PROVINCES:
                continue
            img = cv2.imread(os.path.join(folder, row["filename"]), cv2.IMREAD_COLOR)
            if img is None:
                continue
            out.append((cv2.resize(img, (plates.INPUT_W, plates.INPUT_H), interpolation=cv2.INTER_LINEAR), text))
    return out


def jitter(rng, img):
    """Shifted a pixel or three, a little wider or narrower, brighter or darker, sometimes blurred or JPEG'd."""
    sx = rng.uniform(0.94, 1.06)
    m = np.float32([[sx, 0, rng.uniform(-3, 3) + (1 - sx) * 10], [0, rng.uniform(0.95, 1.05), rng.uniform(-1.2, 1.2)]])
    img = cv2.warpAffine(img, m, (plates.INPUT_W, plates.INPUT_H), borderMode=cv2.BORDER_REPLICATE)
    img = np.clip(img.astype(np.float32) * rng.uniform(0.7, 1.3) + rng.uniform(-20, 20), 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        img = cv2.GaussianBlur(img, (3, 3), rng.uniform(0.4, 1.1))
    if rng.random() < 0.3:
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randrange(30, 90)])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return img[:, :PROVINCE_W]


def as_x(imgs):
    return torch.from_numpy(np.stack(imgs)).permute(0, 3, 1, 2).float().div(255.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--from-onnx", default="models/plate-province.onnx")
    ap.add_argument("--real", help="folder of the ONE real set trained on")
    ap.add_argument("--labels", help="its labels CSV (filename,plate,...)")
    ap.add_argument("--real-share", type=float, default=0.3)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--ga-prob", type=float, default=0.6)
    ap.add_argument("--tight-prob", type=float, default=0.5)
    ap.add_argument("--extras", type=float, default=0.5)
    ap.add_argument("--cjk-sans", type=float, default=0.5)
    ap.add_argument("--shadow", type=float, default=0.3)
    ap.add_argument("--rot", type=float, default=14)
    args = ap.parse_args()
    rng, val_rng = training.start(args)

    model = ProvinceChecker()
    load_onnx(model, args.from_onnx)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)

    train, val = [], []
    if args.real:
        crops = real_crops(args.real, args.labels)
        random.Random(args.seed).shuffle(crops)
        held = len(crops) // 5
        val, train = crops[:held], crops[held:]
        counts = {}
        for _, t in train:
            counts[t[0]] = counts.get(t[0], 0) + 1
        weights = [1 / math.sqrt(counts[t[0]]) for _, t in train]
        print(f"real crops: {len(train)} to train on, {len(val)} kept apart; provinces {counts}", flush=True)
    n_real = int(round(args.batch * args.real_share)) if train else 0

    synth_val = [batch(val_rng, 256, args) for _ in range(2)]
    real_vx = as_x([img[:, :PROVINCE_W] for img, _ in val]) if val else None
    real_vy = torch.tensor([label(t) for _, t in val], dtype=torch.long) if val else None

    def loss_of_batch(m):
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.eval()
        x, y = batch(rng, args.batch - n_real, args)
        if n_real:
            picked = rng.choices(train, weights=weights, k=n_real)
            x = torch.cat([x, as_x([jitter(rng, img) for img, _ in picked])])
            y = torch.cat([y, torch.tensor([label(t) for _, t in picked], dtype=torch.long)])
        return loss_fn(m(x).flatten(1), y)

    def score(m):
        ok = total = 0
        for vx, vy in synth_val:
            ok += int((m(vx).flatten(1).argmax(1) == vy).sum())
            total += len(vy)
        synth = ok / total
        if real_vx is None:
            return synth
        real = float((m(real_vx).flatten(1).argmax(1) == real_vy).float().mean())
        print(f"  synthetic {synth:.4f} real kept apart {real:.4f}", flush=True)
        return (synth + real) / 2

    model.eval()
    with torch.no_grad():
        print(f"before: {score(model):.4f}", flush=True)
    training.run(model, opt, args, loss_of_batch, score, "val", step=0, log_every=50)


if __name__ == "__main__":
    main()
