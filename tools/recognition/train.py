"""Train the plate reader (CNN + CTC) on synthetic plates rendered on the fly, export ONNX for OpenCV 4.6 dnn.

    OMP_NUM_THREADS=1 nohup /usr/bin/python3 tools/recognition/train.py --out tools/recognition/runs/r1 \
        --minutes 80 --seed 1 > tools/recognition/runs/r1.log 2>&1 &

One thread only (the build machine is shared). Checkpoints every few minutes; `export.py` turns one into ONNX.
"""
import argparse

import numpy as np
import torch

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402
from model import PlateReader  # noqa: E402


def batch(rng, n, ga_prob=0.0, tight_prob=0.0, extras=0.0, cjk_sans=0.0):
    xs, targets, lengths = [], [], []
    for _ in range(n):
        img, text, _ = plates.render_crop(rng, ga_prob=ga_prob, tight_prob=tight_prob, extras=extras,
                                           cjk_sans=cjk_sans)
        xs.append(img)
        targets.extend(plates.encode(text))
        lengths.append(len(text))
    x = torch.from_numpy(np.stack(xs)).permute(0, 3, 1, 2).float().div(255.0)
    return x, torch.tensor(targets, dtype=torch.long), torch.tensor(lengths, dtype=torch.long)


def greedy(logits):
    """logits N x C x T -> list of index lists."""
    best = logits.argmax(1).numpy()
    out = []
    for row in best:
        prev, seq = 0, []
        for k in row:
            if k != prev and k != 0:
                seq.append(int(k))
            prev = k
        out.append(seq)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=80)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--resume")
    ap.add_argument("--ga-prob", type=float, default=0.0, help="share of plates drawn with the stroke typeface")
    ap.add_argument("--tight-prob", type=float, default=0.0, help="share of tight low-resolution crops")
    ap.add_argument("--extras", type=float, default=0.0, help="share of plates with the stage-4 variations")
    ap.add_argument("--cjk-sans", type=float, default=0.0, help="share of plates with a sans (hei) Chinese font")
    ap.add_argument("--shadow", type=float, default=0.0, help="share of plates with a shadow edge across them")
    ap.add_argument("--rot", type=float, default=plates.TRAIN_STRENGTH["rot"],
                    help="largest in-plane rotation in degrees (real camera crops are often tilted 10-15)")
    args = ap.parse_args()
    rng, val_rng = training.start(args)
    val = [batch(val_rng, 128, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans) for _ in range(2)]

    model = PlateReader(plates.NUM_CLASSES)
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = training.resume(model, opt, args.resume)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)

    def loss_of_batch(m):
        x, y, lens = batch(rng, args.batch, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans)
        logp = m(x).squeeze(2).permute(2, 0, 1).log_softmax(2)  # T x N x C
        inp_len = torch.full((x.shape[0],), logp.shape[0], dtype=torch.long)
        return ctc(logp, y, inp_len, lens)

    def exact(m):
        ok = total = 0
        for vx, vy, vl in val:
            offs = 0
            for p, n in zip(greedy(m(vx).squeeze(2)), vl.tolist()):
                ok += p == vy[offs:offs + n].tolist()
                offs += n
                total += 1
        return ok / total

    training.run(model, opt, args, loss_of_batch, exact, "val_exact", step=step, clip=5.0)


if __name__ == "__main__":
    main()
