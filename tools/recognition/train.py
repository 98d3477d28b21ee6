"""Train the plate reader (CNN + CTC) on synthetic plates rendered on the fly, export ONNX for OpenCV 4.6 dnn.

    OMP_NUM_THREADS=1 nohup /usr/bin/python3 tools/recognition/train.py --out tools/recognition/runs/r1 \
        --minutes 80 --seed 1 > tools/recognition/runs/r1.log 2>&1 &

One thread for the network (the build machine is shared); `--workers 1` renders the plates in a second process, which
takes a step from 1.25 s to 0.95 s when a second core is free. Checkpoints every few minutes; `export.py` turns one into
ONNX.
"""
import argparse
import multiprocessing
import random

import numpy as np
import torch

torch.set_num_threads(1)

import plates  # noqa: E402
import training  # noqa: E402
from model import PlateReader  # noqa: E402


def rendered(rng, n, ga_prob=0.0, tight_prob=0.0, extras=0.0, cjk_sans=0.0, gate=0.0):
    """n plates as numpy arrays: images N x H x W x 3 (uint8), the encoded texts run together, their lengths."""
    xs, targets, lengths = [], [], []
    for _ in range(n):
        img, text, _ = plates.render_crop(rng, ga_prob=ga_prob, tight_prob=tight_prob, extras=extras,
                                           cjk_sans=cjk_sans, gate=gate)
        xs.append(img)
        targets.extend(plates.encode(text))
        lengths.append(len(text))
    return np.stack(xs), np.array(targets, dtype=np.int64), np.array(lengths, dtype=np.int64)


def as_tensors(xs, targets, lengths):
    x = torch.from_numpy(xs).permute(0, 3, 1, 2).float().div(255.0)
    return x, torch.from_numpy(targets), torch.from_numpy(lengths)


def batch(rng, n, ga_prob=0.0, tight_prob=0.0, extras=0.0, cjk_sans=0.0, gate=0.0):
    return as_tensors(*rendered(rng, n, ga_prob, tight_prob, extras, cjk_sans, gate))


def render_ahead(queue, seed, args):
    """A worker process: renders batches into `queue` (bounded, so it never runs far ahead of training)."""
    rng = random.Random(seed)
    while True:
        queue.put(rendered(rng, args.batch, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans, args.gate))


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
    ap.add_argument("--gate", type=float, default=0.0,
                    help="share of plates rendered as a gate camera sees a car's plate (plates.render_gate_crop)")
    ap.add_argument("--freeze-bn", action="store_true",
                    help="BatchNorm keeps the checkpoint's statistics (a fine-tune from from_onnx.py's start)")
    ap.add_argument("--workers", type=int, default=0,
                    help="processes rendering batches ahead of training (0: rendered between steps, as before)")
    ap.add_argument("--rot", type=float, default=plates.TRAIN_STRENGTH["rot"],
                    help="largest in-plane rotation in degrees (real camera crops are often tilted 10-15)")
    args = ap.parse_args()
    rng, val_rng = training.start(args)
    val = [batch(val_rng, 128, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans, args.gate) for _ in range(2)]

    model = PlateReader(plates.NUM_CLASSES)
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = training.resume(model, opt, args.resume)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)

    # Rendering takes about a third of a step on one core; workers on another core hide it. Their generators are
    # seeded from the run's seed and the step it resumes from, so a resumed run draws new plates.
    forked = multiprocessing.get_context("fork")
    queue = forked.Queue(maxsize=4) if args.workers > 0 else None
    for k in range(args.workers):
        forked.Process(target=render_ahead, args=(queue, args.seed * 1_000_003 + step * 31 + k, args), daemon=True).start()

    def loss_of_batch(m):
        if args.freeze_bn:
            for mod in m.modules():
                if isinstance(mod, torch.nn.BatchNorm2d):
                    mod.eval()
        x, y, lens = (as_tensors(*queue.get()) if queue is not None
                      else batch(rng, args.batch, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans, args.gate))
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
