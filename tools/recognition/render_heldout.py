"""Render the held-out synthetic test set: seeds, fonts (AR PL UMing, Noto Serif CJK Regular, DejaVu Sans Bold,
Liberation Mono Bold) and harsher conditions (HELDOUT_STRENGTH) never used in training.

    /usr/bin/python3 tools/recognition/render_heldout.py tools/recognition/runs/heldout --count 400 --seed 900001
    tools/recognition/evaluate tools/recognition/runs/heldout tools/recognition/runs/heldout/labels_scenes.csv
"""
import argparse
import os
import random

import cv2

import plates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=900001)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for sub in ("scenes", "crops"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    with open(os.path.join(args.out, "labels_scenes.csv"), "w", encoding="utf-8") as scenes, \
            open(os.path.join(args.out, "labels_crops.csv"), "w", encoding="utf-8") as crops:
        scenes.write("filename,plate,color,box\n")
        crops.write("filename,plate,color\n")
        for i in range(args.count):
            img, text, kind, box = plates.render_scene(rng, held_out=True)
            name = f"scenes/syn_{i:04d}.jpg"
            cv2.imwrite(os.path.join(args.out, name), img, [cv2.IMWRITE_JPEG_QUALITY, 85])
            scenes.write(f"{name},{text},{kind},{' '.join(map(str, box))}\n")
            crop, text, kind = plates.render_crop(rng, held_out=True)
            name = f"crops/syn_{i:04d}.jpg"
            cv2.imwrite(os.path.join(args.out, name), crop, [cv2.IMWRITE_JPEG_QUALITY, 90])
            crops.write(f"{name},{text},{kind}\n")


if __name__ == "__main__":
    main()
