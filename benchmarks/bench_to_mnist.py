"""How MNIST-like does `to_mnist` make the digits a user might upload?

Two seeded sets of images that look like uploads: digits typed in the system's
fonts on paper of many tones (mostly dark ink on light paper, some light on dark,
some grain, blur, lighting gradients and JPEG artefacts), and real MNIST test
digits enlarged, inverted to dark-on-light and pasted onto large canvases. A
small MNIST classifier (`benchmarks/digit_classifier.py`) reads each image after
`to_mnist` and after `naive_resize`; the table shows how often it is right.
`non_digits` makes letters, shapes, scribbles and noise for "is it like the
training data?" checks, and says which of them are digit look-alikes: the
letters O, o, I and l, a ring (an outlined ellipse, which is how a 0 looks) and
an upright bar (a shape whose ink is under 0.35 times as wide as it is tall:
a 1). No measure of appearance can tell those from digits. Run from the project root:

    python -m benchmarks.bench_to_mnist [--n 500] [--failures failures.png]
"""

from __future__ import annotations

import argparse
import glob
import io
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ae_models.images import ImageError, naive_resize, to_mnist, upscale
from benchmarks.digit_classifier import classify, load_classifier, load_mnist

FONT_GLOB = "/usr/share/fonts/**/*.ttf"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
DIGIT_LIKE_LETTERS = "OoIl"   # typed, these are a 0 or a 1 in every font
BAR_ASPECT = 0.35             # ink narrower than this times its height reads as a 1
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def font_files() -> tuple[str, ...]:
    """The TrueType fonts installed on this machine."""
    return tuple(sorted(glob.glob(FONT_GLOB, recursive=True)))


def _font(rng: np.random.Generator, size: int) -> Font:
    """A random system font, or Pillow's built-in one, at the given pixel size."""
    files = font_files()
    pick = int(rng.integers(len(files) + 1))
    return ImageFont.load_default(size=size) if pick == len(files) else ImageFont.truetype(files[pick], size)


def _paper(rng: np.random.Generator, size: tuple[int, int], dark: bool) -> np.ndarray:
    """An RGB sheet: a tinted tone, sometimes with a lighting gradient or grain."""
    w, h = size
    tone = rng.uniform(0, 60, 3) if dark else rng.uniform(200, 255, 3)
    sheet = np.broadcast_to(tone, (h, w, 3)).astype(np.float32)
    if rng.random() < 0.3:
        ramp = np.linspace(-1, 1, w)[None, :, None] * rng.uniform(10, 30)
        sheet = sheet + ramp
    if rng.random() < 0.3:
        sheet = sheet + rng.normal(0, rng.uniform(2, 10), (h, w, 1))
    return sheet


def _ink_colour(rng: np.random.Generator, dark_paper: bool) -> np.ndarray:
    """Pencil, pen or marker: dark (often blue-ish) on light paper, light on dark paper."""
    return rng.uniform(190, 255, 3) if dark_paper else rng.uniform(0, 90, 3) * [1, 1, rng.uniform(1, 2)]


def _compose(rng: np.random.Generator, mask: Image.Image, size: tuple[int, int], dark: bool) -> Image.Image:
    """Lay an ink mask (L, same size) on paper, then blur, noise and JPEG some of the results."""
    alpha = np.asarray(mask, dtype=np.float32)[..., None] / 255
    pixels = _paper(rng, size, dark) * (1 - alpha) + _ink_colour(rng, dark) * alpha
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if rng.random() < 0.25:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    if rng.random() < 0.3:
        noisy = np.asarray(img, dtype=np.float32) + rng.normal(0, rng.uniform(5, 20), (size[1], size[0], 1))
        img = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    if rng.random() < 0.3:
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=int(rng.integers(30, 90)))
        img = Image.open(buffer)
    return img


def _canvas_size(rng: np.random.Generator) -> tuple[int, int]:
    return int(rng.integers(100, 600)), int(rng.integers(100, 600))


def _text_mask(rng: np.random.Generator, text: str, size: tuple[int, int]) -> Image.Image:
    """One character at a random size, weight, slant and place, as an L mask."""
    w, h = size
    height = int(min(w, h) * rng.uniform(0.3, 0.8))
    font = _font(rng, height)
    glyph = Image.new("L", (2 * height, 2 * height))
    stroke = int(rng.integers(0, max(1, height // 20) + 1))
    ImageDraw.Draw(glyph).text((height, height), text, fill=255, font=font, anchor="mm", stroke_width=stroke)
    glyph = glyph.rotate(rng.uniform(-10, 10), resample=Image.Resampling.BICUBIC)
    glyph = glyph.crop(glyph.getbbox())
    return _place(rng, glyph, size)


def _place(rng: np.random.Generator, piece: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Paste an L mask at a random spot of an empty mask of the given size, shrinking it to fit."""
    piece.thumbnail((size[0] - 4, size[1] - 4))
    mask = Image.new("L", size)
    x = int(rng.integers(0, size[0] - piece.width + 1))
    y = int(rng.integers(0, size[1] - piece.height + 1))
    mask.paste(piece, (x, y))
    return mask


def _typed(rng: np.random.Generator, text: str, size: tuple[int, int]) -> Image.Image:
    """A typed character on paper: mostly dark ink on light paper, sometimes the reverse."""
    return _compose(rng, _text_mask(rng, text, size), size, dark=rng.random() < 0.15)


def font_digits(n: int, seed: int = 0) -> tuple[list[Image.Image], np.ndarray]:
    """n typed digits 0-9 as upload-like RGB images, with their labels."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    images = []
    for label in labels:
        size = _canvas_size(rng)
        images.append(_typed(rng, str(label), size))
    return images, labels


def pasted_mnist(n: int, seed: int = 0) -> tuple[list[Image.Image], np.ndarray]:
    """n MNIST test digits enlarged, turned dark-on-light and pasted onto big canvases."""
    mnist = load_mnist()
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(mnist["x_test"]), n, replace=False)
    images = []
    for digit in mnist["x_test"][picks]:
        side = int(rng.integers(40, 300))
        piece = Image.fromarray(digit).resize((side, side), Image.Resampling.BICUBIC)
        size = (int(rng.integers(side + 4, 640)), int(rng.integers(side + 4, 640)))
        images.append(_compose(rng, _place(rng, piece, size), size, dark=False))
    return images, mnist["y_test"][picks]


def _shape_mask(rng: np.random.Generator, size: tuple[int, int]) -> tuple[Image.Image, bool]:
    """An outlined or filled ellipse, rectangle or polygon, and whether it looks like a digit (a ring or a bar)."""
    w, h = size
    mask = Image.new("L", size)
    draw = ImageDraw.Draw(mask)
    points = [(float(rng.uniform(0, w)), float(rng.uniform(0, h))) for _ in range(int(rng.integers(3, 7)))]
    box = [min(p[0] for p in points[:2]), min(p[1] for p in points[:2]),
           max(p[0] for p in points[:2]) + 5, max(p[1] for p in points[:2]) + 5]
    fill, width = (255, 0) if rng.random() < 0.5 else (None, int(rng.integers(2, 12)))
    shape = int(rng.integers(3))
    if shape == 0:
        draw.ellipse(box, fill=fill, outline=255, width=width)
    elif shape == 1:
        draw.rectangle(box, fill=fill, outline=255, width=width)
    else:
        draw.polygon(points, fill=fill, outline=255, width=max(width, 1))
    left, top, right, bottom = mask.getbbox() or (0, 0, 1, 1)
    ring = shape == 0 and fill is None
    return mask, ring or (right - left) < BAR_ASPECT * (bottom - top)


def _scribble_mask(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    """A random-walk pen line."""
    w, h = size
    steps = rng.normal(0, min(w, h) / 10, (int(rng.integers(5, 30)), 2)).cumsum(axis=0)
    points = steps - steps.min(axis=0) + 2
    points *= min(1.0, (min(w, h) - 4) / max(float(points.max()), 1.0))
    mask = Image.new("L", size)
    width = int(rng.integers(2, 15))
    ImageDraw.Draw(mask).line([tuple(p) for p in points], fill=255, width=width, joint="curve")
    return mask


def _noise_image(rng: np.random.Generator, size: tuple[int, int]) -> Image.Image:
    """Uniform random pixels: no ink at all, only noise."""
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))


def non_digits(n: int, seed: int = 0) -> tuple[list[Image.Image], np.ndarray]:
    """n upload-like images that are not digits (letters, shapes, scribbles and pure noise, in
    turn), and which of them are digit look-alikes (see the module docstring)."""
    rng = np.random.default_rng(seed)
    images, lookalike = [], np.zeros(n, bool)
    for i in range(n):
        size = _canvas_size(rng)
        if i % 4 == 0:
            letter = LETTERS[rng.integers(len(LETTERS))]
            images.append(_typed(rng, letter, size))
            lookalike[i] = letter in DIGIT_LIKE_LETTERS
        elif i % 4 in (1, 2):
            mask, lookalike[i] = _shape_mask(rng, size) if i % 4 == 1 else (_scribble_mask(rng, size), False)
            images.append(_compose(rng, mask, size, dark=rng.random() < 0.15))
        else:
            images.append(_noise_image(rng, size))
    return images, lookalike


def _mnist_as_is(n: int, seed: int) -> tuple[list[Image.Image], np.ndarray]:
    """n MNIST test digits untouched: to_mnist should leave them (nearly) as they are."""
    mnist = load_mnist()
    picks = np.random.default_rng(seed).choice(len(mnist["x_test"]), n, replace=False)
    return [Image.fromarray(x) for x in mnist["x_test"][picks]], mnist["y_test"][picks]


def _prepare(images: list[Image.Image]) -> tuple[np.ndarray, np.ndarray, int]:
    """to_mnist and naive_resize of every image; images to_mnist refuses become all-black."""
    ours, naive, refused = [], [], 0
    for img in images:
        try:
            ours.append(to_mnist(img))
        except ImageError:
            ours.append(np.zeros((28, 28), np.float32))
            refused += 1
        naive.append(naive_resize(img))
    return np.stack(ours), np.stack(naive), refused


def _save_failures(path: str, images: list[Image.Image], prepared: list[np.ndarray]) -> None:
    """A grid of failures, each as the upload (thumbnail) beside what to_mnist made of it."""
    cell = 112
    grid = Image.new("L", (4 * cell, cell * ((len(images) + 1) // 2)))
    for i, (img, x) in enumerate(zip(images, prepared, strict=True)):
        thumb = img.convert("L")
        thumb.thumbnail((cell, cell))
        col, row = 2 * (i % 2), i // 2
        grid.paste(thumb, (col * cell, row * cell))
        grid.paste(Image.fromarray(upscale(x, 4)), ((col + 1) * cell, row * cell))
    grid.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="images per set")
    parser.add_argument("--failures", help="save a PNG grid of to_mnist's misreadings here")
    args = parser.parse_args()

    model = load_classifier()
    sets = {"font digits": font_digits(args.n, seed=0), "pasted MNIST": pasted_mnist(args.n, seed=1),
            "MNIST test, 28x28 as is": _mnist_as_is(args.n, seed=2)}
    print("| set | images | to_mnist | naive_resize | refused by to_mnist |")
    print("| --- | ---: | ---: | ---: | ---: |")
    failed_images: list[Image.Image] = []
    failed_outputs: list[np.ndarray] = []
    for name, (images, labels) in sets.items():
        ours, naive, refused = _prepare(images)
        ours_right = classify(model, ours)[0] == labels
        naive_right = classify(model, naive)[0] == labels
        print(f"| {name} | {len(images)} | {ours_right.mean():.1%} | {naive_right.mean():.1%} | {refused} |")
        failed_images += [images[i] for i in np.flatnonzero(~ours_right)]
        failed_outputs += list(ours[~ours_right])
    if args.failures and failed_images:
        _save_failures(args.failures, failed_images, failed_outputs)


if __name__ == "__main__":
    main()
