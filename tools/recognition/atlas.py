"""Glyph atlas for drawing known plates without Python (tests, demos): one 64x128 cell per alphabet character.

    /usr/bin/python3 tools/recognition/atlas.py models/plate-glyphs.png

Cell i holds plates.VOCAB[i] (the model's class i + 1), white ink on black, drawn with Noto Sans CJK Bold
(Chinese) and Liberation Sans Narrow Bold (letters and digits), as the plate layout in plates.draw_plate does.
"""
import sys

import cv2
import numpy as np

import plates

CELL_W, CELL_H = 64, 128


def main(out):
    cjk = (plates.NOTO + "NotoSansCJK-Bold.ttc", 2)
    latin = ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf", 0)
    cells = []
    for ch in plates.VOCAB:
        g = plates.glyph(cjk if ord(ch) > 127 else latin, ch)
        gh, gw = g.shape
        w = CELL_W if ord(ch) > 127 else min(CELL_W, max(8, int(round(gw / gh * CELL_H * 1.1))))
        cell = np.zeros((CELL_H, CELL_W), np.uint8)
        x = (CELL_W - w) // 2
        cell[:, x:x + w] = cv2.resize(g, (w, CELL_H), interpolation=cv2.INTER_AREA)
        cells.append(cell)
    cv2.imwrite(out, np.hstack(cells))


if __name__ == "__main__":
    main(sys.argv[1])
