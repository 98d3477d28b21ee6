"""Renders beside real gate photos (issue 26): the same plates drawn by the reader's earlier renderer (r8's flags) and by
the gate renderer (`plates.render_gate_crop`), as the reader sees them (128 x 32, shown enlarged).

    /usr/bin/python3 tools/recognition/compare_renders.py --out docs/images/recognition-renders.png
    /usr/bin/python3 tools/recognition/compare_renders.py --out /tmp/side-by-side.png \
        --real ../shared/data/plates-dev-toll

With --real a third column holds each plate's real photo, cut at run time from the set's photo inside its labelled box
and warped to the reader's 128 x 32 as the pipeline does: that image shows another project's photos and is never
committed (the committed image is renders only).
"""
import argparse
import csv
import os
import random

import cv2
import numpy as np

import plates

# Plates of plates-dev-toll photos (file, plate, kind), each a kind of photo the gate renderer should look like.
PLATES = [
    ("toll_126", "浙F6717K", "blue"),  # white car, rivets over the characters, wet night light
    ("toll_003", "沪B14292", "yellow"),  # dirty yellow plate, dark specks, frame
    ("toll_096", "浙EK1921", "blue"),  # overexposed, sheeting grain
    ("toll_148", "浙FEQ775", "blue"),  # black bumper, chrome frame
    ("toll_152", "浙FG0526", "yellow"),  # yellow plate on a truck
    ("toll_173", "粤B208TZ", "blue"),  # a province the lot does not name
    ("toll_202", "豫PC1279", "yellow"),  # worn yellow plate with rivets
    ("toll_206", "赣F02806", "yellow"),  # yellow, sharp, read 陕 before
]

SHOW_W, SHOW_H = 256, 64


def enlarge(img):
    return cv2.resize(img, (SHOW_W, SHOW_H), interpolation=cv2.INTER_NEAREST)


def real_crop(folder, name):
    with open(os.path.join(folder, "labels.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if os.path.basename(row["filename"]).startswith(name + "."):
                photo = cv2.imread(os.path.join(folder, row["filename"]), cv2.IMREAD_COLOR)
                x1, y1, x2, y2 = map(int, row["box_x1y1x2y2_loose"].split())
                return cv2.resize(photo[y1:y2, x1:x2], (plates.INPUT_W, plates.INPUT_H), interpolation=cv2.INTER_AREA)
    return np.zeros((plates.INPUT_H, plates.INPUT_W, 3), np.uint8)


def heading(text, width):
    img = np.full((28, width, 3), 255, np.uint8)
    cv2.putText(img, text, (6, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
    return img


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--real", help="plates-dev-toll folder: add the real photos (never commit that image)")
    ap.add_argument("--seed", type=int, default=53)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = []
    for name, text, kind in PLATES:
        before, _, _ = plates.render_crop(rng, text=text, kind=kind, ga_prob=0.6, tight_prob=0.5, extras=0.5,
                                          cjk_sans=0.5)
        gate, _, _ = plates.render_gate_crop(rng, text=text, kind=kind)
        tiles = [enlarge(before), enlarge(gate)]
        if args.real:
            tiles.append(enlarge(real_crop(args.real, name)))
        rows.append(np.hstack([np.pad(t, ((4, 4), (4, 4), (0, 0)), constant_values=255) for t in tiles]))
    width = rows[0].shape[1]
    cols = ["before: r8's renders", "now: gate renders"] + (["real photo (not committed)"] if args.real else [])
    head = np.hstack([heading(c, SHOW_W + 8) for c in cols])
    cv2.imwrite(args.out, np.vstack([head[:, :width]] + rows))


if __name__ == "__main__":
    main()
