"""Synthetic Chinese licence plates: text under the plate grammar, rendered plates, camera conditions.

Everything is drawn from fonts in Debian packages (fonts-noto-cjk, fonts-wqy-zenhei, fonts-wqy-microhei,
fonts-droid-fallback, fonts-arphic-*, fonts-liberation, fonts-dejavu) or from the project's own stroke drawings
(ga_glyphs.py); nothing is downloaded. A `random.Random`/`numpy` generator seeded by the caller
makes every set reproducible.
"""
import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

import ga_glyphs

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SUFFIXES = "挂学警港澳领"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O
# Index 0 is the CTC blank. The order is part of the model contract (native layer and C# decoder read it).
VOCAB = PROVINCES + SUFFIXES + LETTERS + DIGITS
CHAR_TO_INDEX = {c: i + 1 for i, c in enumerate(VOCAB)}
NUM_CLASSES = len(VOCAB) + 1

INPUT_H, INPUT_W = 32, 128

NOTO = "/usr/share/fonts/opentype/noto/"
CJK_FONTS_TRAIN = [
    (NOTO + "NotoSansCJK-Bold.ttc", 2),
    (NOTO + "NotoSansCJK-Regular.ttc", 2),
    (NOTO + "NotoSansCJK-Black.ttc", 2),
    (NOTO + "NotoSansCJK-Medium.ttc", 2),
    (NOTO + "NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0),
]
LATIN_FONTS_TRAIN = [
    ("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", 0),
    (NOTO + "NotoSansCJK-Bold.ttc", 2),
    (NOTO + "NotoSansCJK-Medium.ttc", 2),
    (NOTO + "NotoSansCJK-Black.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]
# Sans (hei) faces only, closest to the plate's province characters; `cjk_sans` draws from these. Droid Sans Fallback
# (fonts-droid-fallback) and WenQuanYi Micro Hei (fonts-wqy-microhei) are used only here.
CJK_FONTS_SANS = [
    (NOTO + "NotoSansCJK-Bold.ttc", 2),
    (NOTO + "NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]
# Never used in training: the held-out set draws with these only.
CJK_FONTS_HELDOUT = [("/usr/share/fonts/truetype/arphic/uming.ttc", 0), (NOTO + "NotoSerifCJK-Regular.ttc", 2)]
LATIN_FONTS_HELDOUT = [("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0),
                       ("/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf", 0)]


def _available(fonts):
    out = []
    for path, index in fonts:
        try:
            ImageFont.truetype(path, 20, index=index)
            out.append((path, index))
        except OSError:
            pass
    return out


CJK_FONTS_TRAIN = _available(CJK_FONTS_TRAIN)
LATIN_FONTS_TRAIN = _available(LATIN_FONTS_TRAIN)
CJK_FONTS_HELDOUT = _available(CJK_FONTS_HELDOUT)
CJK_FONTS_SANS = _available(CJK_FONTS_SANS)
# The heaviest sans faces: a gate plate's province character is as heavy as its letters (`draw_plate(gate=True)`).
CJK_FONTS_HEAVY = _available([(NOTO + "NotoSansCJK-Black.ttc", 2), (NOTO + "NotoSansCJK-Bold.ttc", 2),
                              ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)])
LATIN_FONTS_HELDOUT = _available(LATIN_FONTS_HELDOUT)

_glyph_cache = {}


def ga_style(g, ch):
    """The plate typeface (GA 36) writes 3 with a flat top and a diagonal, and 1 as a bare stroke with a small flag."""
    h, w = g.shape
    if ch == "3":
        out = g.copy()
        out[: int(h * 0.45), :] = 0
        t = max(2, int(h * 0.11))
        cv2.rectangle(out, (int(w * 0.08), 0), (w - 1, t), 255, -1)
        cv2.line(out, (w - 1 - t // 2, t), (int(w * 0.35), int(h * 0.45)), 255, t)
        return out
    if ch == "1":
        t = max(2, int(h * 0.13))
        out = np.zeros((h, max(w, int(h * 0.3))), np.uint8)
        W2 = out.shape[1]
        cv2.rectangle(out, (W2 - t - 1, 0), (W2 - 1, h - 1), 255, -1)
        cv2.line(out, (W2 - t, t // 2), (max(0, W2 - 3 * t), int(h * 0.18)), 255, max(2, t // 2))
        return out
    return g


def glyph(font, ch):
    """Ink mask of one character (uint8, 0..255), tightly cropped."""
    key = (font, ch)
    if key not in _glyph_cache:
        f = ImageFont.truetype(font[0], 120, index=font[1])
        img = Image.new("L", (200, 200), 0)
        ImageDraw.Draw(img).text((20, 10), ch, font=f, fill=255)
        a = np.array(img)
        ys, xs = np.nonzero(a > 40)
        _glyph_cache[key] = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1] if len(xs) else a[:1, :1]
    return _glyph_cache[key]


# ---------------------------------------------------------------- plate text under the grammar

def serial_char(rng, letters_weight=0.3):
    return rng.choice(SERIAL_LETTERS) if rng.random() < letters_weight else rng.choice(DIGITS)


def random_text(rng, kind):
    p = rng.choice(PROVINCES)
    if kind == "legacy":
        return rng.choice(LETTERS) + rng.choice(LETTERS) + "".join(rng.choice(DIGITS) for _ in range(6))
    if kind == "newenergy":
        if rng.random() < 0.75:  # small car: D/F then 5 (first of them letter or digit)
            rest = rng.choice("DF") + serial_char(rng, 0.25) + "".join(rng.choice(DIGITS) for _ in range(4))
        else:  # large car: 5 digits then D/F
            rest = "".join(rng.choice(DIGITS) for _ in range(5)) + rng.choice("DF")
        return p + rng.choice(SERIAL_LETTERS) + rest
    serial = [serial_char(rng, rng.choice([0.1, 0.3, 0.5])) for _ in range(5)]
    if kind == "yellow" and rng.random() < 0.25:
        serial[4] = rng.choice("挂学")
    if kind == "white" and rng.random() < 0.5:
        serial[4] = "警"
    if kind == "black" and rng.random() < 0.7:
        serial[4] = rng.choice("港澳领")
    return p + rng.choice(SERIAL_LETTERS) + "".join(serial)


KINDS = ["blue", "yellow", "newenergy", "white", "black", "legacy"]
KIND_WEIGHTS = [0.50, 0.12, 0.18, 0.07, 0.03, 0.10]


# ---------------------------------------------------------------- drawing a flat plate

def _jitter(rng, colour, amount):
    return tuple(int(np.clip(c + rng.uniform(-amount, amount), 0, 255)) for c in colour)


def plate_colours(rng, kind):
    """(background BGR top, background BGR bottom, ink BGR)."""
    if kind == "blue" or (kind == "legacy" and rng.random() < 0.6):
        t = rng.random()  # from deep blue to the light, cyan-ish blue of a sunlit plate
        bg = _jitter(rng, (150 + 85 * t, 50 + 110 * t, 5 + 40 * t), 25)
        return bg, bg, _jitter(rng, (245, 245, 245), 15)
    if kind == "yellow":
        bg = _jitter(rng, (20, 190, 235), 30)
        return bg, bg, _jitter(rng, (20, 20, 20), 20)
    if kind == "newenergy":
        if rng.random() < 0.75:
            return _jitter(rng, (235, 248, 235), 15), _jitter(rng, (90, 200, 60), 30), _jitter(rng, (20, 20, 20), 20)
        return _jitter(rng, (30, 205, 185), 25), _jitter(rng, (60, 190, 80), 25), _jitter(rng, (20, 20, 20), 20)
    if kind == "black":
        bg = _jitter(rng, (20, 20, 20), 15)
        return bg, bg, _jitter(rng, (240, 240, 240), 15)
    bg = _jitter(rng, (235, 235, 235), 20)
    return bg, bg, _jitter(rng, (20, 20, 20), 20)


def layout(n, rng):
    """Character boxes (x, w) in millimetres on a plate 140 mm high; returns (plate width, boxes, dot x)."""
    if n == 8:
        w, gap, sep, margin = 43.0, 9.0, 49.0, 15.5
    else:
        w, gap, sep, margin = 45.0, 12.0, 34.0, 15.5
    xs = []
    x = margin
    for i in range(n):
        xs.append((x, w))
        x += w + (sep if i == 1 else gap)
    width = x - (sep if n - 1 == 1 else gap) + margin
    dot = xs[1][0] + w + sep / 2
    return width, xs, dot


def draw_plate(rng, text, kind, cjk_fonts, latin_fonts, scale=2.0, ga_prob=0.0, held_out=False, extras=0.0,
               cjk_sans=0.0, gate=False):
    """A flat plate image (BGR, uint8) with its text, at `scale` pixels per millimetre.

    With probability `ga_prob` the letters and digits are the project's stroke drawings of the plate typeface
    (`ga_glyphs`) instead of a font. `held_out` draws exactly as the renderer that made the measured held-out set
    (seed 900001) did: fonts only, no GA-style 3/1, and no extra random draws. With probability `extras` a plate
    gets the stage-4 variations: a wider, shorter province character (as on real plates), bright metal rivets over
    the top of the characters, and a W with near-vertical outer strokes. With probability `cjk_sans` the Chinese
    characters come from CJK_FONTS_SANS instead of `cjk_fonts`. `gate` draws the plate as a gate camera sees a real
    one (`gate_plate`): heavy province characters, embossed ink, four rivets, reflective sheeting."""
    n = len(text)
    width_mm, boxes, dot = layout(n, rng)
    H, W = int(140 * scale), int(width_mm * scale)
    top, bottom, ink = plate_colours(rng, kind)
    t = np.linspace(0, 1, H)[:, None, None]
    img = (np.array(top)[None, None, :] * (1 - t) + np.array(bottom)[None, None, :] * t).repeat(W, axis=1)
    img = img.astype(np.float32)
    ink_arr = np.array(ink, np.float32)[None, None, :]
    mask = np.zeros((H, W), np.float32)

    cjk = cjk_fonts[rng.randrange(len(cjk_fonts))]
    if cjk_sans > 0 and rng.random() < cjk_sans:
        cjk = CJK_FONTS_SANS[rng.randrange(len(CJK_FONTS_SANS))]
    if gate and CJK_FONTS_HEAVY and rng.random() < 0.75:
        cjk = CJK_FONTS_HEAVY[rng.randrange(len(CJK_FONTS_HEAVY))]
    latin = latin_fonts[rng.randrange(len(latin_fonts))]
    char_h = 90 * rng.uniform(0.92, 1.03)
    y0 = (140 - char_h) / 2 + rng.uniform(-4, 4)
    bold = rng.random() < 0.3
    ga = not held_out and rng.random() < 0.6
    stroke = ga_glyphs.style(rng) if ga_prob > 0 and rng.random() < ga_prob else None
    if stroke is not None and kind == "newenergy":  # the new-energy typeface is drawn with a thinner pen
        stroke["sw"] = rng.uniform(5.5, 8.5)
    extra = extras > 0 and rng.random() < extras
    if extra and stroke is not None:
        stroke["w_in"] = rng.uniform(0.04, 0.2)
    cjk_w, cjk_h = (rng.uniform(0.9, 1.3), rng.uniform(0.75, 1.0)) if extra else (None, 1.0)
    if gate:  # a gate plate's province character fills its 45 x 90 mm box as the letters do, or a little wider
        cjk_w, cjk_h = rng.uniform(0.95, 1.2), rng.uniform(0.9, 1.02)
    for (x, w), ch in zip(boxes, text):
        is_cjk = ord(ch) > 127
        if stroke is not None and not is_cjk:
            g = ga_glyphs.glyph(ch, stroke)
        else:
            g = glyph(cjk if is_cjk else latin, ch)
        if ch in "13" and ga and stroke is None:
            g = ga_style(g, ch)
        gh, gw = g.shape
        bh = char_h * scale
        if stroke is not None and not is_cjk:
            bw = w * scale * rng.uniform(0.9, 1.02)
        elif is_cjk and cjk_w is not None:
            bw, bh = w * scale * cjk_w, bh * cjk_h
        elif is_cjk:
            bw = w * scale * rng.uniform(0.9, 1.0)
        else:
            natural = gw / gh * bh
            bw = min(w * scale * rng.uniform(0.88, 1.0), natural * rng.uniform(1.0, 1.25))
        g2 = cv2.resize(g, (max(1, int(bw)), max(1, int(bh))), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
        if bold:
            g2 = cv2.dilate(g2, np.ones((3, 3), np.uint8))
        elif gate and is_cjk and rng.random() < 0.6:  # the plate's province character is as heavy as its letters
            k = max(2, int(round(rng.uniform(1.0, 3.0) * scale)))
            g2 = cv2.dilate(g2, np.ones((k, k), np.uint8))
        gx = int((x + w / 2) * scale - g2.shape[1] / 2)
        gy = int((y0 + char_h * (1 - cjk_h) / 2) * scale) if is_cjk else int(y0 * scale)
        h2, w2 = g2.shape
        sub = mask[gy:gy + h2, gx:gx + w2]
        sub[...] = np.maximum(sub, g2[:sub.shape[0], :sub.shape[1]])
    if n in (7, 8) and kind != "legacy" and rng.random() < 0.9:
        cv2.circle(mask, (int(dot * scale), int(70 * scale)), int(5 * scale), 1.0, -1, cv2.LINE_AA)
    if rng.random() < 0.85:  # the raised rim
        inset = int(rng.uniform(2, 5) * scale)
        cv2.rectangle(mask, (inset, inset), (W - inset, H - inset), 1.0, max(1, int(1.5 * scale)), cv2.LINE_AA)
    if not gate and rng.random() < 0.5:  # rivets
        for rx in (0.22, 0.78):
            cv2.circle(img, (int(W * rx), int(H * 0.12)), int(4 * scale), tuple(float(v) * 0.8 for v in ink), -1)
    m = mask[:, :, None]
    if gate:
        img = gate_plate(rng, img, mask, ink_arr, scale)
    else:
        img = img * (1 - m) + ink_arr * m
    if extra and rng.random() < 0.6:  # bright metal rivet heads, often over the top of a character
        ry = rng.uniform(0.1, 0.22)
        for rx in (rng.uniform(0.2, 0.4), rng.uniform(0.6, 0.85)):
            c = rng.uniform(170, 255)
            cv2.circle(img, (int(W * rx), int(H * ry)), int(rng.uniform(3, 6) * scale), (c, c, c), -1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- a real plate at a gate (issue 26)
# What gate-camera photos show that the renders above did not: the province character as heavy as the letters,
# characters pressed into the metal (a dark edge under the ink), four rivets over the characters' tops and feet,
# the grain of the reflective sheeting, a frame around the plate and the car's bumper around that; a cheap camera's
# exposure, sharpening and JPEG, headlights, night infrared, the car's motion and dirt.

def _noise(rng, shape, sigma):
    """Gaussian noise, float32 (cv2.randn: a tenth of numpy's time for the renderer's sizes)."""
    cv2.setRNGSeed(rng.randrange(1 << 30))
    out = np.empty(shape, np.float32)
    cv2.randn(out, 0.0, sigma)
    return out


def gate_plate(rng, img, mask, ink, scale):
    """Ink `mask` onto the plate background `img` (float32 BGR) as a pressed plate with rivets and sheeting grain."""
    H, W = mask.shape
    if rng.random() < 0.7:  # embossed: the raised characters' lower-right edge in shadow
        d = max(1, int(round(rng.uniform(0.8, 2.5) * scale)))
        edge = np.clip(np.roll(np.roll(mask, d, 0), d, 1) - mask, 0, 1)[:, :, None]
        img = img * (1 - edge * rng.uniform(0.3, 0.6))
    m = mask[:, :, None]
    img = img * (1 - m) + ink * m
    img = img + _noise(rng, (H, W, 1), rng.uniform(2, 14))
    if rng.random() < 0.85:  # rivets: top pair almost always, bottom pair often, near a quarter from either end
        r = rng.uniform(3.0, 5.5) * scale
        style = rng.random()
        rows = [rng.uniform(0.1, 0.2)] + ([rng.uniform(0.8, 0.9)] if rng.random() < 0.6 else [])
        for ry in rows:
            for rx in (rng.uniform(0.2, 0.3), rng.uniform(0.7, 0.8)):
                c = (int(W * rx), int(H * ry))
                cv2.circle(img, (c[0] + int(r * 0.3), c[1] + int(r * 0.3)), int(r), (25.0, 25.0, 25.0), -1, cv2.LINE_AA)
                if style < 0.45:  # bare metal
                    v = rng.uniform(150, 245)
                    colour = (v, v, v)
                elif style < 0.75:  # a cap in the plate's colour
                    colour = tuple(float(x) * rng.uniform(0.7, 1.1) for x in img[min(H - 1, c[1]), min(W - 1, c[0])])
                else:  # a dark screw head
                    v = rng.uniform(30, 90)
                    colour = (v, v, v)
                cv2.circle(img, c, int(r), colour, -1, cv2.LINE_AA)
                cv2.circle(img, (c[0] - int(r * 0.3), c[1] - int(r * 0.3)), max(1, int(r * 0.35)), (255.0, 255.0, 255.0), -1,
                           cv2.LINE_AA)
    return img


CAR_PAINTS = [(235, 235, 235), (200, 200, 200), (160, 160, 160), (35, 35, 35), (90, 90, 90), (40, 40, 170),
              (130, 70, 25), (60, 90, 120), (20, 20, 90), (170, 170, 150)]


def mount_on_car(rng, plate, scale, pad_x=0.3, pad_y=0.6):
    """The plate in its frame on a car's bumper, in the plate's own plane. Returns the image and the plate's corner
    (x, y) in it; the rest of the image is what a camera sees around the plate."""
    h, w = plate.shape[:2]
    px, py = int(w * pad_x), int(h * pad_y)
    H, W = h + 2 * py, w + 2 * px
    paint = np.array(_jitter(rng, rng.choice(CAR_PAINTS), 20), np.float32)
    t = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    body = np.ascontiguousarray(np.broadcast_to(paint[None, None, :] * (1.15 - 0.35 * t), (H, W, 3)))  # lit from above
    band = rng.random()
    if band < 0.6:  # black plastic bumper or grille band behind the plate
        top = py - int(rng.uniform(0.1, 0.8) * h)
        bottom = py + h + int(rng.uniform(0.1, 0.8) * h)
        v = rng.uniform(15, 60)
        body[max(0, top):bottom] = v
        if rng.random() < 0.6:  # slats or mesh
            step = max(3, int(rng.uniform(4, 14) * scale))
            for y in range(max(0, top), bottom, step):
                cv2.line(body, (0, y), (W, y), (v + 40, v + 40, v + 40), max(1, step // 4))
            if rng.random() < 0.4:
                for x in range(0, W, step * 2):
                    cv2.line(body, (x, max(0, top)), (x, bottom), (v - 10, v - 10, v - 10), max(1, step // 5))
    if rng.random() < 0.5:  # a highlight line along the body
        y = int(rng.uniform(0, py))
        cv2.line(body, (0, y), (W, y), (255, 255, 255), max(1, int(rng.uniform(1, 4) * scale)), cv2.LINE_AA)
        body = cv2.GaussianBlur(body, (0, 0), 1.0 * scale)
    x0, y0 = px, py
    # the plate's shadow on the bumper
    off = int(rng.uniform(1, 6) * scale)
    sh = np.zeros((H, W), np.float32)
    sh[y0 + off:y0 + h + off, x0 + off:x0 + w + off] = 1
    sh = cv2.GaussianBlur(sh, (0, 0), max(1, 3 * scale))[:, :, None]
    body *= 1 - 0.5 * sh
    frame = rng.random()
    if frame < 0.7:  # a frame: black plastic, chrome or body-coloured, thicker at the bottom
        side, top_, bot = (int(rng.uniform(2, 7) * scale), int(rng.uniform(2, 7) * scale),
                           int(rng.uniform(3, 16) * scale))
        if frame < 0.4:
            fc = np.full(3, rng.uniform(10, 50), np.float32)
        elif frame < 0.6:
            fc = np.full(3, rng.uniform(150, 240), np.float32)
        else:
            fc = paint * rng.uniform(0.7, 1.0)
        body[y0 - top_:y0 + h + bot, x0 - side:x0 + w + side] = fc
        if frame >= 0.4 and frame < 0.6:  # chrome shines along its top
            body[y0 - top_:y0 - top_ // 2, x0 - side:x0 + w + side] = 250
    out = body
    frame_top, frame_bottom = body[y0 - 1, x0:x0 + w].copy(), body[y0 + h, x0:x0 + w].copy()
    out[y0:y0 + h, x0:x0 + w] = plate
    if frame < 0.7 and rng.random() < 0.5:  # the frame's lip covers the plate's rim
        lip = int(rng.uniform(0.5, 3) * scale)
        if lip > 0:
            out[y0:y0 + lip, x0:x0 + w] = frame_top
            out[y0 + h - lip:y0 + h, x0:x0 + w] = frame_bottom
    return np.clip(out, 0, 255, out=out).astype(np.uint8), (x0, y0)


def gate_conditions(rng, img):
    """A gate camera's picture of the plate (BGR uint8 at the camera's resolution): exposure, headlight glare, night
    infrared, dirt, the car's motion, the camera's sharpening and JPEG."""
    h, w = img.shape[:2]
    npr = np.random.default_rng(rng.randrange(1 << 30))
    f = img.astype(np.float32)
    if rng.random() < 0.35:  # dirt: mud specks, a smudge from below, or dust over everything
        d = rng.random()
        if d < 0.4:
            specks = (npr.uniform(0, 1, (h, w)) < rng.uniform(0.005, 0.03)).astype(np.float32)
            specks = cv2.dilate(specks, np.ones((2, 2), np.uint8))[:, :, None] * rng.uniform(0.4, 0.8)
            f = f * (1 - specks) + np.array([30, 45, 60], np.float32) * specks
        elif d < 0.7:
            t = np.clip((np.linspace(0, 1, h) - rng.uniform(0.5, 0.9)) * 4, 0, 1)[:, None, None] * rng.uniform(0.3, 0.7)
            f = f * (1 - t) + np.array([60, 80, 100], np.float32) * t
        else:
            a = rng.uniform(0.15, 0.4)
            f = f * (1 - a) + np.array([150, 160, 170], np.float32) * a
    night = rng.random() < 0.15
    if night:  # infrared: one grey channel, the reflective plate bright, everything else dark and grainy
        grey = f @ np.array([rng.uniform(0.1, 0.4), rng.uniform(0.2, 0.5), rng.uniform(0.2, 0.6)], np.float32)
        grey = grey / max(float(grey.max()), 1.0) * rng.uniform(180, 255)
        grey = 255 * (grey / 255) ** rng.uniform(0.6, 1.4)
        f = np.repeat(grey[:, :, None], 3, axis=2) + npr.normal(0, rng.uniform(4, 14), (h, w, 1))
    else:
        gain = rng.uniform(0.6, 1.6)  # automatic exposure: often over, for the bright car around it
        f = f * gain + rng.uniform(-25, 25)
        f = f * np.array([rng.uniform(0.88, 1.12) for _ in range(3)], np.float32)
        if rng.random() < 0.12:  # headlight: a bloom at the plate's height beside it, a streak across
            cx, cy = rng.choice([rng.uniform(-0.3, 0.1), rng.uniform(0.9, 1.3)]) * w, rng.uniform(0.2, 0.8) * h
            yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
            r = rng.uniform(0.15, 0.5) * w
            bloom = np.exp(-(((xx - cx) / r) ** 2 + ((yy - cy) / (r * 0.6)) ** 2))
            streak = np.exp(-((yy - cy) / (0.05 * h + 1)) ** 2) * rng.uniform(0, 0.6)
            f = f + (bloom + streak)[:, :, None] * rng.uniform(60, 180)
        f = f + npr.normal(0, rng.uniform(1, 6), f.shape)
    img = np.clip(f, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:  # the car moving: mostly towards the camera (vertical), sometimes across
        k = rng.randrange(1, 3)
        kern = np.zeros((k * 2 + 1, k * 2 + 1), np.float32)
        kern[:, k] = 1
        rot = cv2.getRotationMatrix2D((k, k), rng.choice([0, 0, 90]) + rng.uniform(-20, 20), 1)
        kern = cv2.warpAffine(kern, rot, kern.shape[::-1])
        img = cv2.filter2D(img, -1, kern / max(kern.sum(), 1e-6))
    elif rng.random() < 0.4:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.3))
    if rng.random() < 0.05:  # an interlaced camera: alternate lines from two moments
        img = img.copy()
        img[1::2] = np.roll(img[1::2], rng.choice([-2, -1, 1, 2]), axis=1)
    if rng.random() < 0.6:  # the camera sharpens: halos along every edge
        soft = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, 2.0))
        amount = rng.uniform(0.3, 1.5)
        img = cv2.addWeighted(img, 1.0 + amount, soft, -amount, 0)
    for _ in range(1 if rng.random() < 0.7 else 2):  # the camera's JPEG, sometimes re-encoded by the recorder
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randrange(20, 90)])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return img


# ---------------------------------------------------------------- camera conditions

def random_background(rng, h, w):
    kind = rng.random()
    if kind < 0.4:
        base = np.array([rng.uniform(0, 255) for _ in range(3)], np.float32)
        bg = np.ones((h, w, 3), np.float32) * base
    else:
        small = np.random.default_rng(rng.randrange(1 << 30)).uniform(0, 255, (max(2, h // 16), max(2, w // 16), 3))
        bg = cv2.resize(small.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(2, 20), (h, w, 3))
    if rng.random() < 0.3:  # car grille / bumper stripes
        for y in range(0, h, rng.randrange(4, 20)):
            cv2.line(bg, (0, y), (w, y), tuple(rng.uniform(0, 255) for _ in range(3)), rng.randrange(1, 4))
    return np.clip(bg + noise, 0, 255).astype(np.uint8)


def perspective_quad(rng, w, h, strength):
    """Corners of the plate after a random tilt/rotation/shear, in a frame that contains them."""
    angle = math.radians(rng.uniform(-strength["rot"], strength["rot"]))
    sx = rng.uniform(-strength["persp"], strength["persp"])
    sy = rng.uniform(-strength["persp"], strength["persp"])
    shear = rng.uniform(-strength["shear"], strength["shear"])
    pts = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32) - [w / 2, h / 2]
    pts[:, 0] += shear * pts[:, 1]
    # perspective: shrink one side
    pts[:, 1] *= 1 + sx * np.sign(pts[:, 0]) * 0.5
    pts[:, 0] *= 1 + sy * np.sign(pts[:, 1]) * 0.5
    c, s = math.cos(angle), math.sin(angle)
    pts = pts @ np.array([[c, s], [-s, c]], np.float32)
    return pts


def cast_shadow(rng, f):
    """A shadow with a sharp or soft edge across the image: half of it (a wall, a canopy) or a band (a pole, the
    barrier arm), at any angle. The edge is what misleads a reader: it cuts strokes and adds ones that are not there."""
    h, w = f.shape[:2]
    angle = rng.uniform(0, math.pi)
    nx, ny = math.cos(angle), math.sin(angle)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = (xx - rng.uniform(0.1, 0.9) * w) * nx + (yy - rng.uniform(0.1, 0.9) * h) * ny
    if rng.random() < 0.5:
        inside = dist > 0
    else:
        inside = np.abs(dist) < rng.uniform(0.04, 0.3) * w
    mask = inside.astype(np.float32)
    soft = rng.choice([0.0, 0.0, 0.7, 1.5, 3.0]) * h / 32
    if soft > 0:
        mask = cv2.GaussianBlur(mask, (0, 0), soft)
    darkness = rng.uniform(0.3, 0.75)
    return f * (1 - mask[:, :, None] * (1 - darkness))


def apply_conditions(rng, img, strength):
    """Photometric damage on a BGR uint8 image: blur, night, glare, dirt, noise, colour cast, JPEG."""
    h, w = img.shape[:2]
    f = img.astype(np.float32)
    if strength.get("shadow", 0) > 0 and rng.random() < strength["shadow"]:
        f = cast_shadow(rng, f)
    if rng.random() < strength["dirt"]:
        npr = np.random.default_rng(rng.randrange(1 << 30))
        d = cv2.resize(npr.uniform(0, 1, (max(2, h // 6), max(2, w // 6))).astype(np.float32), (w, h))
        d = np.clip((d - rng.uniform(0.5, 0.8)) * 3, 0, 1)[:, :, None] * rng.uniform(0.3, 0.8)
        f = f * (1 - d) + np.array([40, 60, 80], np.float32) * d
    if rng.random() < strength["glare"]:
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.2, 0.8) * w
        yy, xx = np.mgrid[0:h, 0:w]
        g = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[:, :, None] * rng.uniform(60, 200)
        f = f + g
    if rng.random() < strength["night"]:
        f = f * rng.uniform(0.15, 0.5) + rng.uniform(-10, 10)
        f = f + np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(3, 12), f.shape)
    else:
        f = f * rng.uniform(0.6, 1.3) + rng.uniform(-40, 40)
    f = f * np.array([rng.uniform(0.8, 1.2) for _ in range(3)], np.float32)  # white balance
    f = f + np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 8), f.shape)
    img = np.clip(f, 0, 255).astype(np.uint8)
    if rng.random() < strength["blur"]:
        if rng.random() < 0.5:
            k = rng.choice([3, 5])
            img = cv2.GaussianBlur(img, (k, k), rng.uniform(0.5, 1.8))
        else:  # motion blur
            k = rng.randrange(3, 8)
            kern = np.zeros((k, k), np.float32)
            kern[k // 2, :] = 1.0 / k
            rot = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), rng.uniform(-30, 30), 1)
            kern = cv2.warpAffine(kern, rot, (k, k))
            img = cv2.filter2D(img, -1, kern / max(kern.sum(), 1e-6))
    if rng.random() < strength["jpeg"]:
        q = rng.randrange(10, 90)
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return img


TRAIN_STRENGTH = dict(rot=6, persp=0.12, shear=0.08, dirt=0.25, glare=0.2, night=0.2, blur=0.5, jpeg=0.7)
# Held-out: stronger geometry and heavier weather than anything in training, and unseen fonts.
HELDOUT_STRENGTH = dict(rot=9, persp=0.18, shear=0.2, dirt=0.4, glare=0.35, night=0.3, blur=0.6, jpeg=0.8)


def random_kind(rng):
    return rng.choices(KINDS, KIND_WEIGHTS)[0]


def render_crop(rng, text=None, kind=None, held_out=False, ga_prob=0.0, tight_prob=0.0, extras=0.0, cjk_sans=0.0,
                harsh=False, gate=0.0):
    """A plate crop as the recogniser sees it: loosely cropped around the plate, resized to INPUT_W x INPUT_H.

    ga_prob: share of plates drawn with the stroke typeface (ga_glyphs); tight_prob: share of tight, low-resolution
    crops like a camera's or a test set's; extras, cjk_sans: see draw_plate. All 0 reproduce the held-out renderer
    exactly. harsh: the held-out conditions with the training typefaces (the plate-typeface held-out set). gate: share
    of crops rendered as a gate camera sees a car's plate (`render_gate_crop`)."""
    if gate > 0 and rng.random() < gate:
        return render_gate_crop(rng, text, kind, ga_prob=ga_prob, extras=extras)
    kind = kind or random_kind(rng)
    text = text or random_text(rng, kind)
    strength = HELDOUT_STRENGTH if held_out or harsh else TRAIN_STRENGTH
    cjk, latin = (CJK_FONTS_HELDOUT, LATIN_FONTS_HELDOUT) if held_out else (CJK_FONTS_TRAIN, LATIN_FONTS_TRAIN)
    plate = draw_plate(rng, text, kind, cjk, latin, scale=rng.uniform(0.6, 1.2), ga_prob=ga_prob, held_out=held_out,
                       extras=extras, cjk_sans=cjk_sans)
    h, w = plate.shape[:2]
    quad = perspective_quad(rng, w, h, strength)
    # crop window around the quad's bounding box, with margins like a detector's box (sometimes tight, sometimes loose)
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    bw, bh = x1 - x0, y1 - y0
    tight = tight_prob > 0 and rng.random() < tight_prob
    if tight:  # a camera/test-set crop: the box cuts into the plate's rim, squashed to about 94 x 24, few pixels
        mx0, mx1 = rng.uniform(-0.025, 0.03) * bw, rng.uniform(-0.025, 0.03) * bw  # rim cut, never a character
        my0, my1 = rng.uniform(-0.14, 0.04) * bh, rng.uniform(-0.14, 0.04) * bh
    else:
        mx0, mx1 = rng.uniform(-0.04, 0.08) * bw, rng.uniform(-0.04, 0.08) * bw
        my0, my1 = rng.uniform(-0.06, 0.2) * bh, rng.uniform(-0.06, 0.2) * bh
    cx0, cy0, cx1, cy1 = x0 - mx0, y0 - my0, x1 + mx1, y1 + my1
    # intermediate resolution: how many pixels the camera really had across the plate
    if tight:
        out_w = int(rng.uniform(60, 140))
        out_h = max(12, int(out_w / rng.uniform(3.5, 4.3)))
    else:
        out_w = int(rng.uniform(60, 200))
        out_h = max(12, int(out_w * (cy1 - cy0) / (cx1 - cx0)))
    sx, sy = out_w / (cx1 - cx0), out_h / (cy1 - cy0)
    dst = (quad - [cx0, cy0]) * [sx, sy]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    M = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    bg = random_background(rng, out_h, out_w)
    warped = cv2.warpPerspective(plate, M, (out_w, out_h), flags=cv2.INTER_AREA)
    m = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, (out_w, out_h), flags=cv2.INTER_AREA)[:, :, None] / 255.0
    img = (warped * m + bg * (1 - m)).astype(np.uint8)
    img = apply_conditions(rng, img, strength)
    return cv2.resize(img, (INPUT_W, INPUT_H), interpolation=cv2.INTER_LINEAR), text, kind


GATE_KIND_WEIGHTS = [0.58, 0.22, 0.12, 0.03, 0.02, 0.03]  # what drives through a toll or car-park gate
GATE_STRENGTH = dict(rot=8, persp=0.15, shear=0.1)


def render_gate_crop(rng, text=None, kind=None, ga_prob=0.6, extras=0.5):
    """A plate crop as the pipeline cuts it from a gate camera's photo: the plate drawn as a real one (`gate_plate`), in
    its frame on a car (`mount_on_car`), seen at 70-230 pixels across through a cheap camera (`gate_conditions`),
    boxed as loosely as the finder boxes it, resized to INPUT_W x INPUT_H."""
    kind = kind or rng.choices(KINDS, GATE_KIND_WEIGHTS)[0]
    text = text or random_text(rng, kind)
    scale = rng.uniform(0.55, 0.85)
    plate = draw_plate(rng, text, kind, CJK_FONTS_TRAIN, LATIN_FONTS_TRAIN, scale=scale, ga_prob=max(ga_prob, 0.7),
                       extras=extras, gate=True)
    h, w = plate.shape[:2]
    car, (ox, oy) = mount_on_car(rng, plate, scale)
    quad = perspective_quad(rng, w, h, GATE_STRENGTH)
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    bw, bh = x1 - x0, y1 - y0
    mx0, mx1 = rng.uniform(-0.03, 0.12) * bw, rng.uniform(-0.03, 0.12) * bw
    my0, my1 = rng.uniform(-0.06, 0.3) * bh, rng.uniform(-0.06, 0.3) * bh
    cx0, cy0, cx1, cy1 = x0 - mx0, y0 - my0, x1 + mx1, y1 + my1
    out_w = int(rng.uniform(70, 230))
    out_h = max(12, int(out_w * (cy1 - cy0) / (cx1 - cx0)))
    sx, sy = out_w / (cx1 - cx0), out_h / (cy1 - cy0)
    dst = (quad - [cx0, cy0]) * [sx, sy]
    src = np.array([[ox, oy], [ox + w, oy], [ox + w, oy + h], [ox, oy + h]], np.float32)
    M = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    img = cv2.warpPerspective(car, M, (out_w, out_h), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    img = gate_conditions(rng, img)
    return cv2.resize(img, (INPUT_W, INPUT_H), interpolation=cv2.INTER_LINEAR), text, kind


def render_scene(rng, text=None, kind=None, held_out=True, size=(960, 720), ga_prob=0.0, harsh=False):
    """A full synthetic photo with one plate somewhere in it; returns (image, text, kind, box xywh)."""
    kind = kind or random_kind(rng)
    text = text or random_text(rng, kind)
    strength = HELDOUT_STRENGTH if held_out or harsh else TRAIN_STRENGTH
    cjk, latin = (CJK_FONTS_HELDOUT, LATIN_FONTS_HELDOUT) if held_out else (CJK_FONTS_TRAIN, LATIN_FONTS_TRAIN)
    W, H = size
    scene = random_background(rng, H, W)
    # a car-ish body around the plate
    plate = draw_plate(rng, text, kind, cjk, latin, scale=1.0, held_out=held_out, ga_prob=ga_prob)
    ph, pw = plate.shape[:2]
    target_w = rng.uniform(0.14, 0.3) * W
    quad = perspective_quad(rng, pw, ph, strength) * (target_w / pw)
    cx, cy = rng.uniform(0.3, 0.7) * W, rng.uniform(0.4, 0.8) * H
    body = tuple(int(rng.uniform(0, 255)) for _ in range(3))
    cv2.rectangle(scene, (int(cx - target_w), int(cy - target_w * 0.6)), (int(cx + target_w), int(cy + target_w * 0.4)), body, -1)
    dst = (quad + [cx, cy]).astype(np.float32)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(plate, M, (W, H), flags=cv2.INTER_AREA)
    m = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), M, (W, H), flags=cv2.INTER_AREA)[:, :, None] / 255.0
    img = (warped * m + scene * (1 - m)).astype(np.uint8)
    img = apply_conditions(rng, img, strength)
    x0, y0 = dst.min(0)
    x1, y1 = dst.max(0)
    return img, text, kind, (int(x0), int(y0), int(x1 - x0), int(y1 - y0))


def encode(text):
    return [CHAR_TO_INDEX[c] for c in text]
