"""User images -> MNIST-style digits, and the noise the denoising models learn to remove.

`to_mnist` turns whatever a user hands over (an upload, a canvas drawing, a phone
photo, an array) into what the models were trained on: a float32 28x28 image,
white ink on black, the ink's bounding box scaled to fit 20x20 and its centre of
mass moved to the centre, the way MNIST itself was made. It decides whether the
ink is darker or lighter than the paper, removes the paper tone and noise, and
refuses anything unusable with an `ImageError` whose message says what to do.
`read_user_image` does the same for an upload and also keeps a thumbnail of the
original and its frame count, for the page to show beside it.

Uploads are hostile input: a file that cannot become a digit ends in `ImageError`,
whatever Pillow raised. Memory is bounded before any float work: a big image is
reduced to about a million pixels right after decoding, a strip at a time in 8- or
16-bit bands (a JPEG is decoded at reduced scale), formats that cost more to decode
get a lower size limit, and only two images are decoded at once, so an upload costs
about 200 MB at most. `add_noise` corrupts images for the denoising pages, as a fixed
function (`corrupt_with`) of two random fields drawn once (`noise_fields`), so the browser
can redo it at any level; `upscale` and `naive_resize` are a display helper and the
baseline `to_mnist` is measured against. Only numpy and Pillow here: no Streamlit, no TensorFlow.
"""

from __future__ import annotations

import io
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")

ImageInput = Image.Image | bytes | bytearray | str | os.PathLike | BinaryIO | np.ndarray

_SIZE = 28  # MNIST frame
_BOX = 20  # the digit's bounding box is scaled to fit this square
_CENTRE = 14.0  # MNIST's mean centre of mass, in pixel-index coordinates
_WORK_PIXELS = 1_000_000  # bigger images are block-averaged first: the digit ends up 20 px tall
_DECODE_BUDGET = 160_000_000  # bytes one decode may take before it is reduced: an RGBA PNG at MAX_PIXELS
_DECODE_SLOTS = threading.BoundedSemaphore(2)  # more decodes at once wait instead of adding up
_FIT_SAMPLES = 4096  # pixels sampled to fit the paper's lighting
_PEN_SIDE = 80  # the stroke width is measured with the digit this tall
_PEN_RANGE = (7.2, 16.6)  # MNIST's 5th..95th percentile stroke width at that size
_MIN_CONTRAST = 0.06  # ink closer than this to the paper tone is no ink at all
_NOISE_MARGIN = 3.0  # ink must stand this many noise deviations above the paper
_MASK_LEVEL = 0.3  # share of the strongest (blurred) ink that counts as a stroke
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # Pillow's RGB -> L weights


class ImageError(ValueError):
    """An image that cannot become a digit; the message says what was wrong and what to do."""


def to_mnist(image: ImageInput) -> np.ndarray:
    """Turn an image of one digit into float32 (28, 28) in [0, 1], white ink on black, centred."""
    ink = _ink(*_pixels(image))
    if _no_ink(ink):
        raise ImageError("The image is empty: no ink stands out from the background. "
                         "Draw or upload a digit.")
    return _centre(_fit(_crop(ink)))


@dataclass(frozen=True)
class UserImage:
    """An uploaded image as the models see it, with a small copy of the original to show beside it."""

    digit: np.ndarray       # float32 (28, 28) in [0, 1], as to_mnist returns it
    thumbnail: np.ndarray   # uint8 RGBA, at most the requested side on its longer edge
    frames: int             # more than 1 for an animated image, of which only the first is used


def read_user_image(source: bytes | bytearray | str | os.PathLike | BinaryIO, side: int = 224) -> UserImage:
    """Read an upload once: the digit for the models, a thumbnail, and its frame count; ImageError if unusable."""
    with _decoding_errors():
        data = _read_bytes(source)
        image = _decoded(_open(data))  # held by nothing else, the full-size decode is freed in there
        frames = _frame_count(_open(data))
        thumbnail = _thumbnail(image, side)
    return UserImage(to_mnist(image), thumbnail, frames)


def is_blank(image_array: np.ndarray) -> bool:
    """True when no ink stands out from the background, as on an empty canvas."""
    return _no_ink(_ink(*_array_pixels(image_array)))


def naive_resize(image: ImageInput) -> np.ndarray:
    """Greyscale and squash to 28x28 with no inversion, cropping or centring: the baseline."""
    grey, _ = _pixels(image)
    small = Image.fromarray(grey).resize((_SIZE, _SIZE), Image.Resampling.BILINEAR)
    return np.clip(np.asarray(small, dtype=np.float32), 0.0, 1.0)


def upscale(x: np.ndarray, factor: int = 8) -> np.ndarray:
    """Enlarge images in [0, 1] by pixel repetition to uint8 for display: (28, 28) -> (224, 224)."""
    big = np.repeat(np.repeat(np.asarray(x), factor, axis=-2), factor, axis=-1)
    return np.round(np.clip(big, 0.0, 1.0) * 255).astype(np.uint8)


# --- reading -----------------------------------------------------------------------------


def _pixels(image: ImageInput) -> tuple[np.ndarray, np.ndarray | None]:
    """Greyscale float32 (H, W) in [0, 1] and the alpha channel, if any, from any input."""
    if isinstance(image, np.ndarray):
        return _array_pixels(image)
    with _decoding_errors():
        # No name here may hold an opened file: its full-size decode is to be freed inside _decoded.
        return _image_pixels(_decoded(image if isinstance(image, Image.Image) else _open(image)))


def _open(source: bytes | bytearray | str | os.PathLike | BinaryIO) -> Image.Image:
    """Open (not yet decode) an image file; a fresh Image.open sits on the first frame of an animation."""
    return Image.open(io.BytesIO(_read_bytes(source)), formats=FORMATS)


def _frame_count(image: Image.Image) -> int:
    """The number of frames of an opened animation whose first frame decoded."""
    try:
        return getattr(image, "n_frames", 1)
    except Exception:  # Pillow raises IndexError, struct.error, ... on a truncated later frame
        # Only the first frame is used and it decoded: damage further on ends the count
        # where the end of the file would.
        return image.tell() + 1


def _thumbnail(img: Image.Image, side: int) -> np.ndarray:
    """A small RGBA copy of a decoded image for display; 16-bit greyscale is scaled, not clipped."""
    if img.mode.startswith("I"):
        img = Image.fromarray(np.round(_image_pixels(img)[0] * 255).astype(np.uint8))
    small = img.copy()
    small.thumbnail((side, side))
    return np.asarray(small.convert("RGBA"))


def _read_bytes(source: bytes | bytearray | str | os.PathLike | BinaryIO) -> bytes:
    """The raw bytes of an upload, a file object or a path, within MAX_BYTES."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ImageError(f"There is no image file at {path}: check the path.")
        if path.stat().st_size > MAX_BYTES:
            raise _too_large()
        data = path.read_bytes()
    elif hasattr(source, "read"):
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)  # an upload may have been read once already (st.image reads it)
        data = source.read(MAX_BYTES + 1)
    else:
        raise ImageError(f"Cannot read an image from a {type(source).__name__}: "
                         "pass a PIL image, bytes, a file or a path.")
    if not isinstance(data, bytes):
        raise ImageError("The file was opened as text: open it in binary mode ('rb').")
    if not data:
        raise ImageError("The file is empty (0 bytes): upload the image again.")
    if len(data) > MAX_BYTES:
        raise _too_large()
    return data


def _too_large() -> ImageError:
    return ImageError(f"The file is larger than {MAX_BYTES // 2**20} MB: upload a smaller image.")


@contextmanager
def _decoding_errors() -> Iterator[None]:
    """Turn Pillow's decoding failures into ImageError; decompression-bomb warnings are errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError("This file is not an image that can be read: "
                         f"upload a {', '.join(FORMATS)} file.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except MemoryError:
        raise ImageError("The image is too large to process right now: upload a smaller one.") from None
    except Exception as error:
        # Pillow's parsers raise many types on damaged data (OSError, SyntaxError, IndexError,
        # struct.error, ...); the cause stays attached for the logs.
        raise ImageError("The image file is damaged or truncated: save or export it again.") from error


def _too_many_pixels() -> ImageError:
    return ImageError(f"The image has more than {MAX_PIXELS // 1_000_000} million pixels: "
                      "upload a smaller one.")


def _decoded(image: Image.Image) -> Image.Image:
    """The first frame decoded, reduced to about _WORK_PIXELS and turned upright per its EXIF."""
    _check_decodable(image)
    with _DECODE_SLOTS:
        fy, fx = _shrink_factors(image.height, image.width)
        if fy * fx > 1:  # a JPEG not yet decoded then decodes at 1/2, 1/4 or 1/8 scale; others ignore it
            image.draft(None, (image.width // fx, image.height // fy))
        image.load()
        image = _reduced(image)  # the last reference to a full-size decode goes before the slot does
    return ImageOps.exif_transpose(image)


def _check_decodable(image: Image.Image) -> None:
    """Refuse, before decoding, an image with no pixels or one that would take too much memory to decode."""
    pixels = image.width * image.height
    if pixels == 0:
        raise ImageError("The image has no pixels: upload a real image.")
    if pixels > MAX_PIXELS:
        raise _too_many_pixels()
    per_pixel = _decode_bytes_per_pixel(image)
    if per_pixel * pixels > _DECODE_BUDGET:
        raise ImageError(f"This {image.format} image is too large to decode ({image.width}x{image.height}): "
                         f"scale it to under {int(_DECODE_BUDGET / per_pixel / 1_000_000)} million pixels "
                         "and upload it again.")


def _decode_bytes_per_pixel(image: Image.Image) -> float:
    """About how many bytes a pixel takes while the image is decoded at full size (measured)."""
    if image.format == "WEBP":
        return 16  # libwebp's canvas, the copy it hands to Pillow, and Pillow's image
    if image.format == "JPEG":
        if not image.info.get("progressive"):
            return 0  # decoded at reduced scale
        # A progressive JPEG first keeps every DCT coefficient (2 bytes) of every band, at its sampling.
        samplings = [max(h, 1) * max(v, 1) for _, h, v, _ in getattr(image, "layer", [])] or [1]
        return 2 * sum(samplings) / max(samplings)
    return 4  # Pillow keeps up to 4 bytes a pixel


def _reduced(image: Image.Image) -> Image.Image:
    """Block-average a big decoded image to about _WORK_PIXELS, one strip at a time."""
    fy, fx = _shrink_factors(image.height, image.width)
    if fy * fx == 1:
        return image
    mode = _reducible_mode(image)
    width, height = image.size
    rows = fy * max(1, _WORK_PIXELS // (width * fy))  # whole blocks: strips are averaged separately
    small = Image.new(mode, (-(-width // fx), -(-height // fy)))
    for top in range(0, height, rows):
        # Converting a strip, not the image, keeps the converted copy (up to 4x bigger) small.
        strip = image.crop((0, top, width, min(top + rows, height))).convert(mode)
        small.paste(strip.reduce((fx, fy)), (0, top // fy))
    # The alpha band now carries any transparency; the EXIF orientation is still to be applied.
    small.info = {key: value for key, value in image.info.items() if key != "transparency"}
    return small


def _reducible_mode(image: Image.Image) -> str:
    """A mode whose bands Pillow can average: no palette indices or 16-bit 'I;16', alpha as a band."""
    if image.mode.startswith("I"):
        return "I"
    if image.has_transparency_data:
        return "LA" if image.mode in ("1", "L", "LA") else "RGBA"
    return "L" if image.mode in ("1", "L") else "RGB"


def _shrink_factors(height: int, width: int) -> tuple[int, int]:
    """Block height and width that bring an image to about _WORK_PIXELS; (1, 1) if it is that small."""
    factor = int(np.ceil(np.sqrt(height * width / _WORK_PIXELS)))
    fy, fx = min(factor, height), min(factor, width)
    # A side narrower than the factor cannot shrink by it: the other side shrinks more instead.
    return min(height, -(-factor * factor // fx)), min(width, -(-factor * factor // fy))


def _shrink(a: np.ndarray, fy: int, fx: int) -> np.ndarray:
    """Average fy x fx blocks (area resampling) of an (H, W[, C]) array; partial edge blocks are dropped."""
    if fy * fx == 1:
        return a
    h, w = (a.shape[0] // fy) * fy, (a.shape[1] // fx) * fx
    return a[:h, :w].reshape(h // fy, fy, w // fx, fx, *a.shape[2:]).mean(axis=(1, 3))


def _image_pixels(img: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Greyscale and alpha of a decoded image; 16-bit greyscale is scaled, not clipped."""
    if img.mode.startswith("I"):
        grey = np.clip(np.asarray(img, dtype=np.float32) / 65535, 0.0, 1.0)
        return _array_pixels(grey)
    return _array_pixels(np.asarray(img.convert("RGBA" if img.has_transparency_data else "L")))


def _array_pixels(array: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Greyscale and alpha of an (H, W) or (H, W, 3|4) array, uint8 0..255 or float 0..1."""
    array = np.asarray(array)
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[2] in (3, 4))):
        raise ImageError(f"An image array must have shape (H, W), (H, W, 3) or (H, W, 4), "
                         f"not {array.shape}.")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ImageError("The image has no pixels: upload a real image.")
    if np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)) or array.min() < 0 or array.max() > 1:
            raise ImageError("A float image array must hold values in [0, 1]: "
                             "divide 0..255 values by 255.")
    elif array.dtype != np.uint8:
        raise ImageError(f"An image array must be uint8 (0..255) or float (0..1), not {array.dtype}.")
    # Shrinking before the float32 copy keeps a big array's work at about _WORK_PIXELS.
    values = _shrink(array, *_shrink_factors(*array.shape[:2])).astype(np.float32)
    if array.dtype == np.uint8:
        values /= 255
    if values.ndim == 2:
        return values, None
    alpha = values[..., 3] if values.shape[2] == 4 else None
    return values[..., :3] @ _LUMA, alpha


# --- from pixels to ink ------------------------------------------------------------------


def _ink(grey: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """Ink strength per pixel, positive where ink is and about 0 on the paper."""
    if alpha is None or alpha.min() > 0.99:
        return _ink_from_tone(grey)
    if alpha.mean() < 0.5:
        return alpha  # opaque strokes on a transparent sheet: the alpha channel is the drawing
    paper = np.median(grey[alpha >= 0.5])  # never empty: the mean alpha is at least 0.5 here
    return _ink_from_tone(alpha * grey + (1 - alpha) * paper)


def _ink_from_tone(grey: np.ndarray) -> np.ndarray:
    """Signed distance from the paper tone, oriented so that ink is positive (dark or light ink)."""
    darker = _paper_tone(grey) - grey
    # The ink is whichever side of the paper tone holds more mass; noise is symmetric.
    dark_wins = np.clip(darker, 0, None).sum() >= np.clip(-darker, 0, None).sum()
    return darker if dark_wins else -darker


def _paper_tone(grey: np.ndarray) -> np.ndarray:
    """The paper's tone at every pixel: a quadratic surface (uneven lighting) fitted robustly."""
    h, w = grey.shape
    step = max(1, int(np.sqrt(grey.size / _FIT_SAMPLES)))
    values = grey[::step, ::step].ravel()
    rows, cols = np.mgrid[0:h:step, 0:w:step]
    basis = np.stack(_quadratic(rows.ravel() / h, cols.ravel() / w), axis=1)
    residual = np.abs(values - np.median(values))  # the paper is most of the picture
    for _ in range(3):  # fit to the pixels near the paper tone: the ink drops out as outliers
        keep = residual <= 2.5 * 1.4826 * np.median(residual) + 1e-3
        coef = np.linalg.lstsq(basis[keep], values[keep], rcond=None)[0]
        residual = np.abs(values - basis @ coef)
    terms = _quadratic(np.arange(h)[:, None] / h, np.arange(w)[None, :] / w)
    return sum(c * t for c, t in zip(coef, terms, strict=True)).astype(np.float32)


def _quadratic(y: np.ndarray, x: np.ndarray) -> list[np.ndarray]:
    """The terms of a quadratic surface over the picture, centred on its middle."""
    y, x = y - 0.5, x - 0.5
    return [np.ones_like(x * y), x, y, x * x, x * y, y * y]


def _noise(ink: np.ndarray) -> float:
    """Robust standard deviation of the paper around its tone (median absolute deviation)."""
    return 1.4826 * float(np.median(np.abs(ink - np.median(ink))))


def _blur(a: np.ndarray) -> np.ndarray:
    """3x3 box blur: strokes survive it, lone noisy pixels fade."""
    padded = np.pad(a, 1, mode="edge")
    h, w = a.shape
    return sum(padded[i:i + h, j:j + w] for i in range(3) for j in range(3)) / 9


def _no_ink(ink: np.ndarray) -> bool:
    """True when the strongest blurred ink is too faint or no stronger than the paper's noise."""
    peak = float(_blur(ink).max())
    return peak < _MIN_CONTRAST or peak < _NOISE_MARGIN * _noise(ink)


def _crop(ink: np.ndarray) -> np.ndarray:
    """Cut the strokes' bounding box; rescale so paper is 0 and stroke cores are 1, edges grey."""
    smooth = _blur(ink)
    rows, cols = np.nonzero(smooth > _MASK_LEVEL * smooth.max())
    # The blur spreads strokes by one pixel: grow the box by as much to keep their grey edges.
    box = ink[max(rows.min() - 1, 0):rows.max() + 2, max(cols.min() - 1, 0):cols.max() + 2]
    floor = max(_NOISE_MARGIN * _noise(ink), _MIN_CONTRAST)
    strokes = box[box > floor]
    top = float(np.percentile(strokes, 90)) if strokes.size else floor
    return _tight(np.clip((box - floor) / max(top - floor, 1e-6), 0.0, 1.0))


def _fit(digit: np.ndarray) -> np.ndarray:
    """Scale so the longer side is 20 px, keeping the aspect ratio, with an MNIST-like pen."""
    big = _resize(digit, _PEN_SIDE)
    width = _pen_width(big)
    radius = round((np.clip(width, *_PEN_RANGE) - width) / 2)
    if radius:
        digit = _morph(big, radius)
    small = _resize(digit, _BOX)
    return small / small.max()


def _resize(digit: np.ndarray, side: int) -> np.ndarray:
    """Antialiased resize so the longer side is `side` px, keeping the aspect ratio."""
    h, w = digit.shape
    scale = side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = Image.fromarray(digit.astype(np.float32)).resize(size, Image.Resampling.LANCZOS)
    return np.clip(np.asarray(small, dtype=np.float32), 0.0, 1.0)


def _pen_width(digit: np.ndarray) -> float:
    """Mean stroke width in px: twice the stroke area over its outline length."""
    ink = np.pad(digit > 0.5, 1)
    inside = ink[1:-1, 1:-1] & ink[:-2, 1:-1] & ink[2:, 1:-1] & ink[1:-1, :-2] & ink[1:-1, 2:]
    outline = np.count_nonzero(ink[1:-1, 1:-1] & ~inside)
    return 2 * np.count_nonzero(ink) / max(outline, 1)


def _morph(digit: np.ndarray, radius: int) -> np.ndarray:
    """Thicken (radius > 0) or thin (radius < 0) the strokes by |radius| px on each side."""
    pick = np.maximum if radius > 0 else np.minimum
    r = abs(radius)
    out = np.pad(digit, 2 * r)
    for axis in (0, 1):
        n = out.shape[axis] - 2 * r
        out = pick.reduce([np.take(out, range(i, i + n), axis=axis) for i in range(2 * r + 1)])
    return _tight(out) if out.max() > 0 else digit


def _tight(a: np.ndarray) -> np.ndarray:
    """Crop to the bounding box of the non-zero pixels."""
    rows, cols = np.nonzero(a)
    return a[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def _centre(digit: np.ndarray) -> np.ndarray:
    """Paste into 28x28 with the centre of mass at MNIST's centre, kept inside the frame."""
    h, w = digit.shape
    mass = digit.sum()
    cy = (digit.sum(axis=1) @ np.arange(h)) / mass
    cx = (digit.sum(axis=0) @ np.arange(w)) / mass
    top = int(np.clip(round(_CENTRE - cy), 0, _SIZE - h))
    left = int(np.clip(round(_CENTRE - cx), 0, _SIZE - w))
    out = np.zeros((_SIZE, _SIZE), dtype=np.float32)
    out[top:top + h, left:left + w] = digit
    return out


# --- noise -------------------------------------------------------------------------------


NOISE_KINDS = ("gaussian", "salt_pepper", "masking")
NOISE_NAMES = {"gaussian": "Gaussian", "salt_pepper": "Salt & pepper", "masking": "Masking"}


def noise_fields(shape: tuple[int, ...], seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The two random fields every noise kind is made from: standard normal ``g``, then uniform [0, 1) ``u``.

    Both are always drawn, in this order, whatever the kind: the same seed gives the same fields,
    so the browser can corrupt an image at any level from fields drawn once here."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape), rng.random(shape)


def corrupt_with(x: np.ndarray, kind: str, level: float, g: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``x`` corrupted by a fixed function of the fields ``g`` and ``u`` (see ``noise_fields``); float32.

    Gaussian: x + level * g. Masking: 0 where u < level. Salt & pepper: where u < level, 1 if
    u < level / 2 else 0. Then clipped to [0, 1]. The live component does the same sums in JavaScript.
    """
    x = np.asarray(x, dtype=np.float32)
    if kind == "gaussian":   # level = standard deviation
        noisy = x + level * g
    elif kind == "masking":   # level = share of pixels set to 0
        noisy = np.where(u < level, 0.0, x)
    elif kind == "salt_pepper":   # level = share of pixels set to 0 or 1, half each
        noisy = np.where(u < level, np.where(u < level / 2, 1.0, 0.0), x)
    else:
        raise ValueError(f"Unknown noise kind {kind!r}: choose one of {', '.join(NOISE_KINDS)}.")
    return np.clip(noisy, 0.0, 1.0).astype(np.float32)


def add_noise(x: np.ndarray, kind: str, level: float, seed: int | None = None) -> np.ndarray:
    """Corrupt images in [0, 1] with one of NOISE_KINDS at the given level; same shape, float32."""
    if kind not in NOISE_KINDS:
        raise ValueError(f"Unknown noise kind {kind!r}: choose one of {', '.join(NOISE_KINDS)}.")
    if level < 0 or (kind != "gaussian" and level > 1):
        raise ValueError(f"Noise level {level} is out of range: use 0..1.")
    x = np.asarray(x, dtype=np.float32)
    if level == 0:
        return x.copy()
    return corrupt_with(x, kind, level, *noise_fields(x.shape, seed))
