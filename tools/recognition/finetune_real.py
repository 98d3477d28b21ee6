"""Fine-tune the plate reader on real plate crops of one set, mixed with the synthetic plates it was trained on, to be
measured on another real set (issue 26 part 4). The crops are read whole, as the pipeline reads a camera's plate crop
(the whole image warped to 128 x 32); a fifth of them, drawn by the seed, is kept apart to validate on.

    OMP_NUM_THREADS=1 nice -n 19 taskset -c 1 /usr/bin/python3 tools/recognition/finetune_real.py \
        --resume runs/f1/start.pt --out runs/f1 --real ../shared/data/plates-dev --labels labels_crops.csv \
        --minutes 15 --seed 21 --lr 2e-4 --real-share 0.5 --ga-prob 0.6 --tight-prob 0.5 --extras 0.5 --cjk-sans 0.5 --rot 14

BatchNorm keeps the statistics the checkpoint came with (from_onnx.py measured them on rendered plates): a batch half
real, half synthetic would otherwise pull them towards one camera's crops.
"""
import argparse
import csv
import os
import random

import cv2
import numpy as np
import torch

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402
from model import PlateReader  # noqa: E402
from train import as_tensors, greedy, rendered  # noqa: E402


def real_crops(folder, labels):
    """(image 32 x 128 x 3 BGR uint8, text) for every labelled crop whose text the reader's alphabet can write."""
    out = []
    with open(os.path.join(folder, labels), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["plate"].strip()
            try:
                plates.encode(text)
            except (KeyError, ValueError):
                continue
            img = cv2.imread(os.path.join(folder, row["filename"]), cv2.IMREAD_COLOR)
            if img is None:
                continue
            out.append((cv2.resize(img, (128, 32), interpolation=cv2.INTER_LINEAR), text))
    return out


def jitter(rng, img):
    """A crop as another camera might have cut and lit it: shifted a pixel or two, brighter or darker."""
    dx, dy = rng.randint(-3, 3), rng.randint(-1, 1)
    m = np.float32([[1, 0, dx], [0, 1, dy]])
    moved = cv2.warpAffine(img, m, (128, 32), borderMode=cv2.BORDER_REPLICATE)
    gain = rng.uniform(0.75, 1.25)
    return np.clip(moved.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--resume", required=True)
    ap.add_argument("--real", required=True, help="folder of the real set")
    ap.add_argument("--labels", required=True, help="its labels CSV (filename,plate,...)")
    ap.add_argument("--real-share", type=float, default=0.5)
    ap.add_argument("--minutes", type=float, default=15)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--ga-prob", type=float, default=0.0)
    ap.add_argument("--tight-prob", type=float, default=0.0)
    ap.add_argument("--extras", type=float, default=0.0)
    ap.add_argument("--cjk-sans", type=float, default=0.0)
    ap.add_argument("--shadow", type=float, default=0.0)
    ap.add_argument("--rot", type=float, default=plates.TRAIN_STRENGTH["rot"])
    args = ap.parse_args()
    rng, _ = training.start(args)

    crops = real_crops(args.real, args.labels)
    random.Random(args.seed).shuffle(crops)
    held = len(crops) // 5
    val, train = crops[:held], crops[held:]
    print(f"real crops: {len(train)} to train on, {len(val)} kept apart", flush=True)

    model = PlateReader(plates.NUM_CLASSES)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = training.resume(model, opt, args.resume)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    n_real = int(round(args.batch * args.real_share))

    def loss_of_batch(m):
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.eval()
        xs, targets, lengths = rendered(rng, args.batch - n_real, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans)
        picked = [train[rng.randrange(len(train))] for _ in range(n_real)]
        xs = np.concatenate([xs, np.stack([jitter(rng, img) for img, _ in picked])])
        targets = np.concatenate([targets, np.array([c for _, t in picked for c in plates.encode(t)], dtype=np.int64)])
        lengths = np.concatenate([lengths, np.array([len(t) for _, t in picked], dtype=np.int64)])
        x, y, lens = as_tensors(xs, targets, lengths)
        logp = m(x).squeeze(2).permute(2, 0, 1).log_softmax(2)
        inp_len = torch.full((x.shape[0],), logp.shape[0], dtype=torch.long)
        return ctc(logp, y, inp_len, lens)

    vx = torch.from_numpy(np.stack([img for img, _ in val])).permute(0, 3, 1, 2).float().div(255.0)
    vt = [plates.encode(t) for _, t in val]

    def exact(m):
        return float(np.mean([p == t for p, t in zip(greedy(m(vx).squeeze(2)), vt)]))

    model.eval()
    with torch.no_grad():
        print(f"before: real_val_exact={exact(model):.4f}", flush=True)
    training.run(model, opt, args, loss_of_batch, exact, "real_val_exact", step=step, clip=5.0)


if __name__ == "__main__":
    main()
