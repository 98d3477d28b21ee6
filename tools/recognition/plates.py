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
               cjk_sans=0.0):
    """A flat plate image (BGR, uint8) with its text, at `scale` pixels per millimetre.

    With probability `ga_prob` the letters and digits are the project's stroke drawings of the plate typeface
    (`ga_glyphs`) instead of a font. `held_out` draws exactly as the renderer that made the measured held-out set
    (seed 900001) did: fonts only, no GA-style 3/1, and no extra random draws. With probability `extras` a plate
    gets the stage-4 variations: a wider, shorter province character (as on real plates), bright metal rivets over
    the top of the characters, and a W with near-vertical outer strokes. With probability `cjk_sans` the Chinese
    characters come from CJK_FONTS_SANS instead of `cjk_fonts`."""
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
    if rng.random() < 0.5:  # rivets
        for rx in (0.22, 0.78):
            cv2.circle(img, (int(W * rx), int(H * 0.12)), int(4 * scale), tuple(float(v) * 0.8 for v in ink), -1)
    m = mask[:, :, None]
    img = img * (1 - m) + ink_arr * m
    if extra and rng.random() < 0.6:  # bright metal rivet heads, often over the top of a character
        ry = rng.uniform(0.1, 0.22)
        for rx in (rng.uniform(0.2, 0.4), rng.uniform(0.6, 0.85)):
            c = rng.uniform(170, 255)
            cv2.circle(img, (int(W * rx), int(H * ry)), int(rng.uniform(3, 6) * scale), (c, c, c), -1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


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
                harsh=False):
    """A plate crop as the recogniser sees it: loosely cropped around the plate, resized to INPUT_W x INPUT_H.

    ga_prob: share of plates drawn with the stroke typeface (ga_glyphs); tight_prob: share of tight, low-resolution
    crops like a camera's or a test set's; extras, cjk_sans: see draw_plate. All 0 reproduce the held-out renderer
    exactly. harsh: the held-out conditions with the training typefaces (the plate-typeface held-out set)."""
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
