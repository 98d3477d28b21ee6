"""Temperature for the reader's softmax, fitted on synthetic validation plates only (never on the real photos).

    OMP_NUM_THREADS=1 /usr/bin/python3 tools/recognition/calibrate.py tools/recognition/runs/r4/best.pt \
        --count 1024 --seed 20001 --ga-prob 0.6 --tight-prob 0.5

Renders `count` crops with the training distribution but a seed never used in training (20001), and for each
temperature T (logits / T) prints the CTC negative log-likelihood and, with the app's confidence (product of the
per-character peak probabilities along the best path), how many wrong reads stay below the auto-open threshold 0.9
and how many right reads reach it. The T with the lowest NLL is the calibrated one; `export.py --temperature T`
folds it into the last layer, so nothing else changes.
"""
import argparse
import random

import numpy as np
import torch

torch.set_num_threads(1)

import plates  # noqa: E402
from model import PlateReader  # noqa: E402
from train import batch  # noqa: E402


def confidence_and_text(probs):
    """probs T x C (softmax) -> (indices, product of peak probability per emitted character)."""
    best = probs.argmax(1)
    seq, conf = [], 1.0
    prev, peak = 0, 0.0
    for t, k in enumerate(best):
        if k != prev:
            if prev != 0:
                conf *= peak
            if k != 0:
                seq.append(int(k))
            peak = 0.0
        if k != 0:
            peak = max(peak, float(probs[t, k]))
        prev = k
    if prev != 0:
        conf *= peak
    return seq, conf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("--count", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=20001)
    ap.add_argument("--ga-prob", type=float, default=0.6)
    ap.add_argument("--tight-prob", type=float, default=0.5)
    ap.add_argument("--extras", type=float, default=0.0)
    ap.add_argument("--cjk-sans", type=float, default=0.0)
    ap.add_argument("--threshold", type=float, default=0.9)
    args = ap.parse_args()
    model = PlateReader(plates.NUM_CLASSES)
    model.load_state_dict(torch.load(args.checkpoint, map_location="cpu")["model"])
    model.eval()
    rng = random.Random(args.seed)
    logits, targets = [], []
    with torch.no_grad():
        for _ in range(args.count // 128):
            x, y, lens = batch(rng, 128, args.ga_prob, args.tight_prob, args.extras, args.cjk_sans)
            logits.append(model(x).squeeze(2))
            offs = 0
            for n in lens.tolist():
                targets.append(y[offs:offs + n].tolist())
                offs += n
    logits = torch.cat(logits)  # N x C x T
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True, reduction="mean")
    flat = torch.tensor([k for t in targets for k in t])
    lens = torch.tensor([len(t) for t in targets])
    print("T      nll     exact  wrong<thr  right>=thr")
    best = None
    for T in [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2.0, 2.3]:
        z = logits / T
        logp = z.permute(2, 0, 1).log_softmax(2)
        nll = ctc(logp, flat, torch.full((len(targets),), logp.shape[0], dtype=torch.long), lens).item()
        probs = z.softmax(1).permute(0, 2, 1).numpy()
        ok = wrong = wrong_low = right_high = 0
        for p, t in zip(probs, targets):
            seq, conf = confidence_and_text(p)
            if seq == t:
                ok += 1
                right_high += conf >= args.threshold
            else:
                wrong += 1
                wrong_low += conf < args.threshold
        print(f"{T:<5}  {nll:.4f}  {ok / len(targets):.3f}  {wrong_low / max(wrong, 1):.3f}      "
              f"{right_high / max(ok, 1):.3f}")
        if best is None or nll < best[1]:
            best = (T, nll)
    print("calibrated temperature (lowest NLL):", best[0])


if __name__ == "__main__":
    main()
