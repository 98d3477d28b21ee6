"""Train the province checker: a second, separately trained opinion on a plate's first character (decision 020).

    OMP_NUM_THREADS=1 nohup /usr/bin/python3 tools/recognition/train_province.py --out tools/recognition/runs/p1 \
        --minutes 90 --seed 13 > tools/recognition/runs/p1.log 2>&1 &
    /usr/bin/python3 tools/recognition/train_province.py --export tools/recognition/runs/p1/best.pt \
        models/plate-province.onnx

Most confident wrong reads left after the recheck are province characters (浙 read 新, 桂 read 赣): the reader holds
them in every move and light, because the moves and lights ask the same network again. This one is another network,
from its own random start, that sees only the left PROVINCE_W columns of the reader's 128 x 32 crop (the province
character and a little of the letter, no context to lean on) and names the province, or "none" for a legacy plate.
It is trained on the reader's training plates (same flags as r8) plus hard shadows, which r8 never saw.
"""
import argparse
import json
import os

import cv2
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402

PROVINCE_W = 48
CLASSES = plates.PROVINCES + "-"  # "-": no province character (legacy plates)


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class ProvinceChecker(nn.Module):
    """Input N x 3 x 32 x 48 (BGR, 0..1) -> N x 32 x 1 x 1 logits. Conv/BN/ReLU/MaxPool only, for OpenCV 4.6 dnn."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            *block(3, 32), *block(32, 32), nn.MaxPool2d(2, 2),       # 16 x 24
            *block(32, 64), *block(64, 64), nn.MaxPool2d(2, 2),      # 8 x 12
            *block(64, 128), *block(128, 128), nn.MaxPool2d(2, 2),   # 4 x 6
            nn.Conv2d(128, 256, (4, 6), bias=False), nn.BatchNorm2d(256), nn.ReLU(inplace=True),  # 1 x 1
        )
        self.classifier = nn.Conv2d(256, len(CLASSES), 1)

    def forward(self, x):
        f = self.features(x)
        if self.training:
            f = nn.functional.dropout(f, 0.2)
        return self.classifier(f)


def label(text):
    return CLASSES.index(text[0]) if text[0] in plates.PROVINCES else len(CLASSES) - 1


def batch(rng, n, args):
    xs, ys = [], []
    for _ in range(n):
        img, text, _ = plates.render_crop(rng, ga_prob=args.ga_prob, tight_prob=args.tight_prob, extras=args.extras,
                                           cjk_sans=args.cjk_sans)
        xs.append(img[:, :PROVINCE_W])
        ys.append(label(text))
    x = torch.from_numpy(np.stack(xs)).permute(0, 3, 1, 2).float().div(255.0)
    return x, torch.tensor(ys, dtype=torch.long)


def export(checkpoint, out):
    model = ProvinceChecker()
    model.load_state_dict(torch.load(checkpoint, map_location="cpu")["model"])
    model.eval()
    x = torch.rand(1, 3, plates.INPUT_H, PROVINCE_W)
    torch.onnx.export(model, x, out, opset_version=11, input_names=["image"], output_names=["logits"],
                      do_constant_folding=True)
    from export import free_dimensions
    free_dimensions(out)
    net = cv2.dnn.readNetFromONNX(out)
    net.setInput((x.numpy() * 255).astype(np.float32), "", 1 / 255.0)
    diff = float(np.abs(net.forward() - model(x).detach().numpy()).max())
    print("onnx", out, "bytes", os.path.getsize(out), "max |opencv - torch|", diff)
    assert diff < 1e-3
    with open(os.path.splitext(out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump({"input": [3, plates.INPUT_H, PROVINCE_W], "channels": "BGR", "scale": 1 / 255.0, "classes": CLASSES,
                   "none": "-"}, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--export", nargs=2, metavar=("CHECKPOINT", "ONNX"))
    ap.add_argument("--minutes", type=float, default=90)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--resume")
    ap.add_argument("--ga-prob", type=float, default=0.6)
    ap.add_argument("--tight-prob", type=float, default=0.5)
    ap.add_argument("--extras", type=float, default=0.5)
    ap.add_argument("--cjk-sans", type=float, default=0.5)
    ap.add_argument("--shadow", type=float, default=0.3)
    ap.add_argument("--rot", type=float, default=14)
    args = ap.parse_args()
    if args.export:
        export(*args.export)
        return
    rng, val_rng = training.start(args)
    val = [batch(val_rng, 256, args) for _ in range(4)]

    model = ProvinceChecker()
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = training.resume(model, opt, args.resume)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)

    def loss_of_batch(m):
        x, y = batch(rng, args.batch, args)
        return loss_fn(m(x).flatten(1), y)

    def accuracy(m):
        ok = total = 0
        for vx, vy in val:
            ok += int((m(vx).flatten(1).argmax(1) == vy).sum())
            total += len(vy)
        return ok / total

    training.run(model, opt, args, loss_of_batch, accuracy, "val_accuracy", step=step)


if __name__ == "__main__":
    main()
