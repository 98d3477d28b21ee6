"""Train the plate finder: a small fully convolutional network that marks plate pixels in a photo, at a quarter of
the photo's resolution. The native layer turns its mask into plate boxes that join the colour locator's (the reader
decides between them). Synthetic only: plates from plates.py pasted on procedural clutter with hard negatives
(blank plate-coloured panels, signs with writing, grille stripes) under the training conditions.

    OMP_NUM_THREADS=1 /usr/bin/python3 tools/recognition/train_detector.py --out tools/recognition/runs/d1 --minutes 60
    /usr/bin/python3 tools/recognition/train_detector.py --export tools/recognition/runs/d1/best.pt models/plate-finder.onnx

The held-out car-front photos (render_heldout.py) are not drawn here: their scenes and conditions stay unseen.
"""
import argparse
import os
import random

import cv2
import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402

SIZE = 256
STRIDE = 4


def block(cin, cout, stride=1, dilation=1):
    return [nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class PlateFinder(nn.Module):
    """N x 3 x H x W (BGR, 0..1, H and W multiples of 4) -> N x 1 x H/4 x W/4 plate logits. Dilated layers see about
    150 pixels around each cell, a whole plate at the working scale."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            *block(3, 16, stride=2), *block(16, 16),
            *block(16, 32, stride=2), *block(32, 32),
            *block(32, 48, dilation=2), *block(48, 48, dilation=4), *block(48, 48, dilation=8),
            *block(48, 48, dilation=1),
        )
        self.head = nn.Conv2d(48, 1, 1)

    def forward(self, x):
        return self.head(self.features(x))


def clutter(rng, img):
    """Things that look a little like plates and are not: blank coloured panels, signs with writing, stripes, lamps."""
    h, w = img.shape[:2]
    for _ in range(rng.randrange(0, 5)):
        pw = rng.uniform(20, 160)
        ph = pw / rng.uniform(1.5, 5.0)
        x, y = rng.uniform(-20, w), rng.uniform(-10, h)
        colour = rng.choice([(170, 90, 20), (30, 190, 230), (90, 200, 70), (235, 235, 235), (20, 20, 20),
                             tuple(rng.uniform(0, 255) for _ in range(3))])
        cv2.rectangle(img, (int(x), int(y)), (int(x + pw), int(y + ph)), colour, -1)
        if rng.random() < 0.5:  # a sign: writing on the panel
            text = "".join(rng.choice("ABCDEFGHKLMNPRSTXYZ0123456789") for _ in range(rng.randrange(2, 9)))
            scale = ph / 40
            cv2.putText(img, text, (int(x + 3), int(y + ph * 0.75)), rng.choice([0, 1, 2, 3, 4, 6, 7]), scale,
                        tuple(rng.uniform(0, 255) for _ in range(3)), max(1, int(scale * 2)))
    if rng.random() < 0.5:  # grille
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        gw, gh, step = rng.uniform(40, 200), rng.uniform(20, 80), rng.randrange(3, 10)
        for y in np.arange(y0, y0 + gh, step):
            cv2.line(img, (int(x0), int(y)), (int(x0 + gw), int(y)), (rng.uniform(0, 255),) * 3, rng.randrange(1, 3))
        if rng.random() < 0.5:
            for x in np.arange(x0, x0 + gw, step):
                cv2.line(img, (int(x), int(y0)), (int(x), int(y0 + gh)), (rng.uniform(0, 255),) * 3, 1)
    for _ in range(rng.randrange(0, 3)):  # lamps, logos
        cv2.ellipse(img, (int(rng.uniform(0, w)), int(rng.uniform(0, h))),
                    (int(rng.uniform(5, 40)), int(rng.uniform(3, 20))), rng.uniform(0, 180), 0, 360,
                    (rng.uniform(150, 255),) * 3, -1)


def scene(rng, size=SIZE, ga_prob=0.6):
    """(image BGR uint8 size x size, mask float32 size/4 x size/4)."""
    img = plates.random_background(rng, size, size)
    if rng.random() < 0.5:  # a car body behind the plate
        x0, y0 = rng.uniform(-size, size * 0.5), rng.uniform(-size * 0.5, size * 0.6)
        cv2.rectangle(img, (int(x0), int(y0)), (int(x0 + rng.uniform(size * 0.5, size * 2)), int(y0 + rng.uniform(size * 0.3, size))),
                      tuple(rng.uniform(0, 255) for _ in range(3)), -1)
    clutter(rng, img)
    mask = np.zeros((size, size), np.float32)
    for _ in range(0 if rng.random() < 0.1 else rng.choice([1, 1, 1, 2])):
        kind = plates.random_kind(rng)
        text = plates.random_text(rng, kind)
        plate = plates.draw_plate(rng, text, kind, plates.CJK_FONTS_TRAIN, plates.LATIN_FONTS_TRAIN, scale=0.6,
                                  ga_prob=ga_prob, extras=0.5, cjk_sans=0.5)
        ph, pw = plate.shape[:2]
        target_w = rng.uniform(24, 150)
        quad = plates.perspective_quad(rng, pw, ph, dict(plates.TRAIN_STRENGTH, rot=14)) * (target_w / pw)
        quad += [rng.uniform(target_w * 0.3, size - target_w * 0.3), rng.uniform(10, size - 10)]
        M = cv2.getPerspectiveTransform(np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32), quad.astype(np.float32))
        warped = cv2.warpPerspective(plate, M, (size, size), flags=cv2.INTER_AREA)
        m = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), M, (size, size), flags=cv2.INTER_AREA)[:, :, None] / 255.0
        img = (warped * m + img * (1 - m)).astype(np.uint8)
        cv2.fillConvexPoly(mask, np.round(quad).astype(np.int32), 1.0)
    img = plates.apply_conditions(rng, img, plates.TRAIN_STRENGTH)
    small = cv2.resize(mask, (size // STRIDE, size // STRIDE), interpolation=cv2.INTER_AREA)
    return img, small


def batch(rng, n):
    xs, ys = zip(*(scene(rng) for _ in range(n)))
    x = torch.from_numpy(np.stack(xs)).permute(0, 3, 1, 2).float().div(255.0)
    y = torch.from_numpy(np.stack(ys))[:, None]
    return x, y


def train(args):
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    val = [batch(random.Random(20_000 + args.seed), 32) for _ in range(2)]
    model = PlateFinder()
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = training.resume(model, opt, args.resume)
    bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0))

    def loss_of_batch(m):
        x, y = batch(rng, args.batch)
        return bce(m(x), y)

    def plate_iou(m):
        inter = union = 0.0
        for vx, vy in val:
            p = (torch.sigmoid(m(vx)) > 0.5).float()
            t = (vy > 0.5).float()
            inter += float((p * t).sum())
            union += float(((p + t) > 0).float().sum())
        return inter / max(union, 1.0)

    training.run(model, opt, args, loss_of_batch, plate_iou, "val_iou", step=step, warmup=0.03, log_every=50)


def export(checkpoint, out):
    model = PlateFinder()
    model.load_state_dict(torch.load(checkpoint, map_location="cpu")["model"])
    model.eval()
    x = torch.rand(1, 3, 320, 416)
    torch.onnx.export(model, x, out, opset_version=11, input_names=["image"], output_names=["plate"],
                      do_constant_folding=True)
    from export import free_dimensions, inline_identities
    inline_identities(out)
    free_dimensions(out)
    net = cv2.dnn.readNetFromONNX(out)
    for shape in ((1, 3, 320, 416), (1, 3, 416, 256)):  # the native layer feeds photos of any aspect
        x = torch.rand(*shape)
        net.setInput(x.numpy())
        diff = float(np.abs(net.forward() - model(x).detach().numpy()).max())
        print("onnx", out, "input", shape, "max |opencv - torch|", diff)
        assert diff < 1e-3
    print("bytes", os.path.getsize(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--resume", help="checkpoint to continue from (model, optimiser, step)")
    ap.add_argument("--export", nargs=2, metavar=("CHECKPOINT", "ONNX"))
    args = ap.parse_args()
    if args.export:
        export(*args.export)
    else:
        train(args)


if __name__ == "__main__":
    main()
