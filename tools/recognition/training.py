"""What both trainers share: resuming, a warm-up then cosine learning rate over a time budget (a session has a fixed
number of minutes, not of steps), and a checkpoint every four minutes with the best kept apart."""
import os
import random
import time

import numpy as np
import torch

import plates


def start(args):
    """Applies the rendering flags (--rot, --shadow), makes the output folder and seeds torch; returns the training and
    validation random generators (validation seed = 10,000 + the run's seed, never a held-out seed)."""
    plates.TRAIN_STRENGTH["rot"] = args.rot
    if args.shadow > 0:
        plates.TRAIN_STRENGTH["shadow"] = args.shadow
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    return random.Random(args.seed), random.Random(10_000 + args.seed)


def resume(model, opt, path):
    """Loads a checkpoint into model (and optimiser, when it has one); returns the step it had reached."""
    if not path:
        return 0
    ck = torch.load(path)
    model.load_state_dict(ck["model"])
    if "opt" in ck:  # a checkpoint made by from_onnx.py has no optimiser state
        opt.load_state_dict(ck["opt"])
    return ck["step"]


def run(model, opt, args, loss_of_batch, validate, metric, step=0, warmup=0.05, log_every=100, clip=None):
    """Trains for args.minutes: loss_of_batch(model) -> loss tensor; validate(model) -> score, higher is better."""
    start = last_ck = time.time()
    budget, best, losses = args.minutes * 60, -1.0, []
    while time.time() - start < budget:
        frac = (time.time() - start) / budget
        lr = args.lr * (0.5 * (1 + np.cos(np.pi * frac))) if frac > warmup else args.lr * frac / warmup + 1e-5
        for g in opt.param_groups:
            g["lr"] = lr
        model.train()
        loss = loss_of_batch(model)
        opt.zero_grad()
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
        step += 1
        if step % log_every == 0:
            print(f"step {step} t={time.time() - start:.0f}s lr={lr:.5f} loss={np.mean(losses[-log_every:]):.4f}", flush=True)
        if time.time() - last_ck > 240 or time.time() - start >= budget:
            last_ck = time.time()
            model.eval()
            with torch.no_grad():
                score = validate(model)
            print(f"checkpoint step {step} {metric}={score:.4f}", flush=True)
            ck = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "val": score}
            torch.save(ck, os.path.join(args.out, "last.pt"))
            if score >= best:
                best = score
                torch.save(ck, os.path.join(args.out, "best.pt"))
    print("done", step, best, flush=True)
