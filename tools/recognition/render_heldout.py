"""Render a held-out synthetic test set with seeds and harsher conditions (HELDOUT_STRENGTH: more shear and
perspective, more dirt, glare and night) never used in training. Two typefaces:

  --typeface plate  the plate typeface as training draws it (stroke-drawn GA 36 letters and digits, hei Chinese):
                    what a camera sees, under conditions it was not trained on;
  --typeface fonts  fonts never used in training (AR PL UMing, Noto Serif CJK, DejaVu Sans Bold, Liberation Mono
                    Bold): no real plate looks like this; it shows how far the reader generalises.

    /usr/bin/python3 tools/recognition/render_heldout.py tools/recognition/runs/heldout-plate --typeface plate
    /usr/bin/python3 tools/recognition/render_heldout.py tools/recognition/runs/heldout --typeface fonts
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
    ap.add_argument("--typeface", choices=("plate", "fonts"), default="plate")
    args = ap.parse_args()
    plate = args.typeface == "plate"
    scene_args = dict(held_out=False, harsh=True, ga_prob=1.0) if plate else dict(held_out=True)
    crop_args = dict(harsh=True, ga_prob=1.0, tight_prob=0.5) if plate else dict(held_out=True)
    rng = random.Random(args.seed)
    for sub in ("scenes", "crops"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    with open(os.path.join(args.out, "labels_scenes.csv"), "w", encoding="utf-8") as scenes, \
            open(os.path.join(args.out, "labels_crops.csv"), "w", encoding="utf-8") as crops:
        scenes.write("filename,plate,color,box\n")
        crops.write("filename,plate,color\n")
        for i in range(args.count):
            img, text, kind, box = plates.render_scene(rng, **scene_args)
            name = f"scenes/syn_{i:04d}.jpg"
            cv2.imwrite(os.path.join(args.out, name), img, [cv2.IMWRITE_JPEG_QUALITY, 85])
            scenes.write(f"{name},{text},{kind},{' '.join(map(str, box))}\n")
            crop, text, kind = plates.render_crop(rng, **crop_args)
            name = f"crops/syn_{i:04d}.jpg"
            cv2.imwrite(os.path.join(args.out, name), crop, [cv2.IMWRITE_JPEG_QUALITY, 90])
            crops.write(f"{name},{text},{kind}\n")


if __name__ == "__main__":
    main()
