"""The browser's port of ``to_mnist`` (ui/live_component/src/to_mnist.js) against the library's: numpy and
Pillow write the drawings and what ``to_mnist`` makes of them, ``node --test`` checks the JavaScript gives
the same 28x28 digits within 2/255 per pixel (skipped without Node, except under CI)."""
from __future__ import annotations

import base64
import json
import os
import subprocess

import numpy as np
from PIL import Image, ImageDraw
from test_live_maths import COMPONENT, node

from ae_models.data import load_test_split
from ae_models.images import ImageError, to_mnist

CANVAS = 280        # the Draw page's canvas, in pixels
SUPER = 4           # strokes drawn this much larger, then averaged down: grey, antialiased edges
SEVEN = [[(60, 60), (220, 60), (120, 230)]]
FOUR = [[(80, 40), (60, 150), (200, 150)], [(170, 60), (165, 250)]]
EIGHT = [[(140, 40), (90, 70), (140, 130), (190, 190), (140, 240), (90, 190), (140, 130), (190, 70), (140, 40)]]


def drawing(strokes: list[list[tuple[int, int]]], width: int, *, size: int = CANVAS, ink=(255, 255, 255, 255),
            paper=(0, 0, 0, 255), erase: list[list[tuple[int, int]]] = (), offset=(0, 0), scale=1.0) -> np.ndarray:
    """Strokes as a canvas draws them: round-jointed lines of ``width`` px, antialiased, uint8 RGBA."""
    big = Image.new("RGBA", (size * SUPER, size * SUPER), paper)
    pen = ImageDraw.Draw(big)

    def draw(lines, colour):
        for line in lines:
            points = [((x * scale + offset[0]) * SUPER, (y * scale + offset[1]) * SUPER) for x, y in line]
            pen.line(points, fill=colour, width=width * SUPER, joint="curve")
            r = width * SUPER / 2
            for x, y in (points[0], points[-1]):
                pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw(strokes, ink)
    draw(erase, paper)
    return np.asarray(big.resize((size, size), Image.Resampling.BOX))


def placed_digit(digit: np.ndarray, side: int, left: int, top: int) -> np.ndarray:
    """An MNIST test image enlarged to ``side`` px and placed on a black canvas, as RGBA."""
    grey = Image.fromarray(np.round(digit * 255).astype(np.uint8)).resize((side, side), Image.Resampling.BILINEAR)
    canvas = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 255))
    canvas.paste(grey.convert("RGBA"), (left, top))
    return np.asarray(canvas)


def cases() -> list[tuple[str, np.ndarray]]:
    """Drawings of several strokes and pen widths, the special sheets, and test images on a canvas."""
    rng = np.random.default_rng(0)
    scribble = [[tuple(int(v) for v in rng.integers(20, 260, 2)) for _ in range(12)]]
    x_test, _ = load_test_split("mnist")
    found = [
        ("a 7, the page's pen (20 px)", drawing(SEVEN, 20)),
        ("a 4 in two strokes", drawing(FOUR, 20)),
        ("an 8, one long stroke", drawing(EIGHT, 20)),
        ("a thin pen (4 px): thickened", drawing(SEVEN, 4)),
        ("a fine pen (8 px)", drawing(FOUR, 8)),
        ("a thick pen (48 px): thinned", drawing(FOUR, 48)),
        ("a small 7 in a corner", drawing(SEVEN, 10, scale=0.3, offset=(170, 180))),
        ("a flat stroke", drawing([[(40, 140), (240, 150)]], 20)),
        ("a 4 with part erased", drawing(FOUR, 24, erase=[[(150, 140), (220, 160)]])),
        ("a scribble over most of the canvas", drawing(scribble, 70)),
        ("strokes on a transparent sheet", drawing(EIGHT, 20, paper=(0, 0, 0, 0))),
        ("dark ink on white paper", drawing(FOUR, 20, ink=(20, 20, 60, 255), paper=(250, 250, 245, 255))),
        ("a blank canvas", drawing([], 20)),
        ("a lone dot", drawing([[(140, 140), (141, 140)]], 2)),
    ]
    spots = [(40, 40, 200), (0, 0, 280), (100, 30, 150), (20, 80, 180), (60, 60, 120)]
    for index, (left, top, side) in zip(range(0, 50, 10), spots):
        found.append((f"test image #{index} at ({left}, {top}), {side} px", placed_digit(x_test[index], side, left, top)))
    return found


def expected(rgba: np.ndarray) -> list[float] | None:
    """What the library makes of a drawing: its 784 pixels, or None where it refuses it."""
    try:
        return to_mnist(rgba).ravel().tolist()
    except ImageError:
        return None


def fixtures() -> dict:
    return {"cases": [{"name": name, "width": rgba.shape[1], "height": rgba.shape[0],
                       "rgba": base64.b64encode(np.ascontiguousarray(rgba).tobytes()).decode(),
                       "expected": expected(rgba)} for name, rgba in cases()]}


def test_the_cases_cover_every_branch_a_drawing_takes():
    made = dict(cases())
    refused = [name for name, rgba in made.items() if expected(rgba) is None]
    assert refused == ["a blank canvas"] or set(refused) == {"a blank canvas", "a lone dot"}
    assert made["strokes on a transparent sheet"][..., 3].min() == 0


def test_the_browsers_to_mnist_matches_the_librarys_under_node(tmp_path):
    path = tmp_path / "to_mnist.json"
    path.write_text(json.dumps(fixtures()))
    run = subprocess.run([node(), "--test", "test/to_mnist.test.mjs"], cwd=COMPONENT, capture_output=True,
                         text=True, env={**os.environ, "TO_MNIST_FIXTURES": str(path)}, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# skipped 0" in run.stdout, run.stdout[-2000:]
