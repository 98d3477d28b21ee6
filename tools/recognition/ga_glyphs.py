"""Stroke drawings of the plate typeface (GA 36 style): narrow, uniform-stroke, condensed digits and letters.

Written for this project (no font file): every character is a few centre-line strokes on the plate's
45 x 90 mm character box, drawn with a round pen of a given stroke width. `glyph(ch, rng)` returns an ink mask
(uint8 0..255) of the whole box, so the caller places it like a full-width character.
"""
import math

import cv2
import numpy as np

BOX_W, BOX_H = 45.0, 90.0
S = 4  # pixels per millimetre of the drawing


def _arc(cx, cy, rx, ry, a0, a1, n=None):
    """Points of an elliptic arc; angles in degrees, image convention (0 = right, 90 = down)."""
    n = n or max(8, int(abs(a1 - a0) / 6))
    t = np.radians(np.linspace(a0, a1, n))
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in t]


def _strokes(ch, sw, p):
    """Centre-line polylines of one character. sw = stroke width (mm); p = style parameters."""
    r = sw / 2
    L, R, T, B = r + p["inset"], BOX_W - r - p["inset"], r, BOX_H - r
    cx = (L + R) / 2
    rx = (R - L) / 2
    ry = rx * p["round"]  # vertical radius of the rounded ends
    mid = BOX_H * p["mid"]  # height of the middle bar
    out = []
    add = out.append

    if ch in "0O":
        k = 1.0 if ch == "0" else 1.0
        add(_arc(cx, T + ry, rx * k, ry, 180, 360) + _arc(cx, B - ry, rx * k, ry, 0, 180) + [(L, T + ry)])
    elif ch == "1":
        x = cx + p["one_shift"]
        add([(x, T), (x, B)])
    elif ch == "2":
        pts = _arc(cx, T + ry, rx, ry, 180, 380)
        add(pts + [(L, B), (R, B)])
    elif ch == "3":
        ry2 = (B - T) * 0.3
        add([(L + 1, T), (R, T), (cx - 1, B - 2 * ry2)] + _arc(cx, B - ry2, rx, ry2, 270, 510))
    elif ch == "4":
        xs = R - p["four"] * (R - L)
        yb = BOX_H * 0.68
        add([(xs, B), (xs, T), (L, yb), (R, yb)])
    elif ch == "5":
        ry2 = (B - T) * 0.3
        yj = B - 2 * ry2 * 0.92
        add([(R, T), (L + 1, T), (L + 1, yj)] + _arc(cx, B - ry2, rx, ry2, 235, 510))
    elif ch in "69":
        ry2 = (B - T) * 0.3
        loop = _arc(cx, B - ry2, rx, ry2, 0, 360)
        top = _arc(cx, T + ry, rx, ry, 330, 180)[:] + [(L, B - ry2)]
        if ch == "9":
            loop = [(BOX_W - x, BOX_H - y) for x, y in loop]
            top = [(BOX_W - x, BOX_H - y) for x, y in top]
        add(loop)
        add(top)
    elif ch == "7":
        add([(L, T + p["seven_hook"]), (L, T), (R, T), (cx - 3, B)])
    elif ch == "8":
        h = B - T
        ry1, ry2 = h * 0.23, h * 0.27
        add(_arc(cx, T + ry1, rx * 0.88, ry1, 0, 360))
        add(_arc(cx, B - ry2, rx, ry2, 0, 360))
    elif ch == "A":
        yb = BOX_H * 0.64
        apex = p["a_top"]
        add([(L, B), (cx - apex, T), (cx + apex, T), (R, B)])
        f = (yb - T) / (B - T)
        add([(cx - apex - (cx - apex - L) * f, yb), (cx + apex + (R - cx - apex) * f, yb)])
    elif ch == "B":
        h1 = (mid - T) / 2
        h2 = (B - mid) / 2
        xa, xb = R - h1 * 0.9, R - h2 * 0.9
        add([(L, mid), (xa, mid)] + _arc(xa, T + h1, R - xa - 1, h1, 90, -90) + [(L, T), (L, B), (xb, B)]
            + _arc(xb, mid + h2, R - xb, h2, 90, -90) + [(xb, mid)])
    elif ch == "C":
        add(_arc(cx, T + ry, rx, ry, 345, 180) + _arc(cx, B - ry, rx, ry, 180, 15))
    elif ch == "D":
        add([(L, T), (cx, T)] + _arc(cx, T + ry, rx, ry, 270, 360) + _arc(cx, B - ry, rx, ry, 0, 90)
            + [(L, B), (L, T)])
    elif ch == "E":
        add([(R, T), (L, T), (L, B), (R, B)])
        add([(L, mid), (R - 4, mid)])
    elif ch == "F":
        add([(R, T), (L, T), (L, B)])
        add([(L, mid), (R - 4, mid)])
    elif ch == "G":
        yg = BOX_H * 0.5
        add(_arc(cx, T + ry, rx, ry, 345, 180) + _arc(cx, B - ry, rx, ry, 180, 0) + [(R, yg), (cx + 1, yg)])
        if p["g_spur"]:
            add([(R, B - ry), (R, B)])
    elif ch == "H":
        add([(L, T), (L, B)])
        add([(R, T), (R, B)])
        add([(L, mid), (R, mid)])
    elif ch == "I":
        add([(cx, T), (cx, B)])
        add([(cx - 7, T), (cx + 7, T)])
        add([(cx - 7, B), (cx + 7, B)])
    elif ch == "J":
        add([(R, T), (R, B - ry)] + _arc(cx, B - ry, rx, ry, 0, 165))
    elif ch == "K":
        add([(L, T), (L, B)])
        add([(R, T), (L, BOX_H * 0.6)])
        add([(L + (R - L) * 0.32, BOX_H * 0.45), (R, B)])
    elif ch == "L":
        add([(L, T), (L, B), (R, B)])
    elif ch == "M":
        add([(L, B), (L, T), (cx, p["m_depth"] * BOX_H), (R, T), (R, B)])
    elif ch == "N":
        add([(L, B), (L, T), (R, B), (R, T)])
    elif ch == "P":
        h1 = (BOX_H * 0.55 - T) / 2
        xa = R - h1 * 0.9
        add([(L, B), (L, T), (xa, T)] + _arc(xa, T + h1, R - xa, h1, -90, 90) + [(L, T + 2 * h1)])
    elif ch == "Q":
        add(_arc(cx, T + ry, rx, ry, 180, 360) + _arc(cx, B - ry, rx, ry, 0, 180) + [(L, T + ry)])
        add([(cx + 3, B - 16), (R + r * 0.6, B + r * 0.3)])
    elif ch == "R":
        h1 = (BOX_H * 0.52 - T) / 2
        xa = R - h1 * 0.9
        add([(L, B), (L, T), (xa, T)] + _arc(xa, T + h1, R - xa, h1, -90, 90) + [(L, T + 2 * h1)])
        add([(cx - 2, T + 2 * h1), (R, B)])
    elif ch == "S":
        h = B - T
        ry1, ry2 = h * 0.24, h * 0.26
        up = _arc(cx, T + ry1, rx, ry1, 335, 160)
        lo = _arc(cx, B - ry2, rx, ry2, 290, 515)
        add(up + lo)
    elif ch == "T":
        add([(L - 1, T), (R + 1, T)])
        add([(cx, T), (cx, B)])
    elif ch == "U":
        add([(L, T)] + _arc(cx, B - ry, rx, ry, 180, 0) + [(R, T)])
    elif ch == "V":
        add([(L, T), (cx, B), (R, T)])
    elif ch == "W":
        k = p.get("w_in", 0.2)  # how far the outer strokes lean in at the bottom
        add([(L, T), (L + (R - L) * k, B), (cx, T + p["w_mid"] * BOX_H), (R - (R - L) * k, B), (R, T)])
    elif ch == "X":
        add([(L, T), (R, B)])
        add([(R, T), (L, B)])
    elif ch == "Y":
        ym = BOX_H * 0.47
        add([(L, T), (cx, ym), (R, T)])
        add([(cx, ym), (cx, B)])
    elif ch == "Z":
        add([(L, T), (R, T), (L, B), (R, B)])
    else:
        raise KeyError(ch)
    return out


def style(rng):
    """Random style parameters: the real typeface varies little, plate makers and wear a bit more."""
    return dict(
        sw=rng.uniform(8.0, 11.5),
        inset=rng.uniform(0.0, 2.5),
        round=rng.uniform(0.85, 1.15),
        mid=rng.uniform(0.47, 0.52),
        one_shift=rng.uniform(-1.5, 1.5),
        four=rng.uniform(0.15, 0.25),
        seven_hook=0.0 if rng.random() < 0.8 else rng.uniform(6, 12),
        a_top=rng.uniform(0.0, 3.0),
        g_spur=rng.random() < 0.5,
        m_depth=rng.uniform(0.45, 0.7),
        w_mid=rng.uniform(0.15, 0.45),
    )


def glyph(ch, p):
    """Ink mask (uint8) of the whole 45 x 90 box at S px/mm."""
    img = np.zeros((int(BOX_H * S), int(BOX_W * S)), np.uint8)
    t = max(1, int(round(p["sw"] * S)))
    for line in _strokes(ch, p["sw"], p):
        pts = np.array([[x * S, y * S] for x, y in line], np.float64)
        pts = np.round(pts * 16).astype(np.int32)  # shift=4 for sub-pixel precision
        cv2.polylines(img, [pts], False, 255, t, cv2.LINE_AA, shift=4)
    return img


def sheet(chars="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", seed=0):
    import random
    rng = random.Random(seed)
    p = style(rng)
    return np.hstack([np.pad(glyph(c, p), ((8, 8), (8, 8))) for c in chars])


if __name__ == "__main__":
    import sys
    cv2.imwrite(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ga_sheet.png",
                np.vstack([sheet(seed=s) for s in range(3)]))
