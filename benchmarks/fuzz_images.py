"""Fuzz `read_user_image`: every damaged or hostile upload must give a UserImage or an ImageError.

About fifty valid seed images (PNG, JPEG, GIF, BMP and WEBP; modes L, RGB, RGBA, P,
I;16, CMYK, LA and 1; an animation, an EXIF-rotated photo, tiny and large sizes) are
damaged by seeded byte mutations: bit flips, overwritten bytes, truncation, inserted
bytes, a duplicated chunk, a tampered width or height. Two dozen special inputs come
first (empty, text, other formats, header-only giants, the 40-megapixel RGBA PNG, ...).
Each case runs in a worker process with a time limit, so a hang is counted rather than
freezing the run; the worker's max RSS is the peak memory of the heaviest case. Case i
depends only on the seed and i, so `mutated_case` reproduces any one of them. Run from
the project root:

    python -m benchmarks.fuzz_images [--cases 10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import resource
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from ae_models.images import ImageError, UserImage, read_user_image

TIME_LIMIT_S = 5.0


# --- seeds -----------------------------------------------------------------------------------


def _seven(size: tuple[int, int], mode: str = "L", ink=0, paper=255) -> Image.Image:
    """A drawn 7 filling the middle of the canvas."""
    w, h = size
    img = Image.new(mode, size, paper)
    ImageDraw.Draw(img).line([(w // 4, h // 5), (3 * w // 4, h // 5), (w // 2, 4 * h // 5)],
                             fill=ink, width=max(1, w // 14), joint="curve")
    return img


def _photo(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A 7 on unevenly lit, grainy paper, as a phone photo looks."""
    grey = np.asarray(_seven(size), dtype=np.float32) * np.linspace(0.6, 1.0, size[0])[None, :]
    grain = np.random.default_rng(seed).normal(0, 10, grey.shape)
    return Image.fromarray(np.clip(grey + grain, 0, 255).astype(np.uint8)).convert("RGB")


def _sheet(size: tuple[int, int]) -> Image.Image:
    """Black strokes on a transparent sheet, as a drawing app exports them."""
    sheet = Image.new("RGBA", size, (0, 0, 0, 0))
    sheet.putalpha(_seven(size, ink=255, paper=0))
    return sheet


def _encode(img: Image.Image | list[Image.Image], fmt: str, **options) -> bytes:
    """The file bytes of an image, or of an animation when given a list of frames."""
    frames = img if isinstance(img, list) else [img]
    buffer = io.BytesIO()
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], duration=100)
    frames[0].save(buffer, fmt, **options)
    return buffer.getvalue()


def _rotated_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90 degrees clockwise to display
    return exif


@cache
def seed_images() -> dict[str, bytes]:
    """About fifty valid uploads, named by format, mode and size."""
    small, tiny, large = (200, 150), (8, 6), (1200, 1000)  # large: over the 1-megapixel work size
    grey, rgb, photo = _seven(small), _seven(small, "RGB", (20, 30, 160), (250, 245, 235)), _photo(small)
    rgba = rgb.convert("RGBA")  # a photo with one transparent corner
    ImageDraw.Draw(rgba).rectangle((0, 0, 20, 20), fill=(0, 0, 0, 0))
    grey16 = Image.fromarray((np.asarray(grey, dtype=np.uint32) * 200 + 5000).astype(np.uint16))
    frames = [_seven(small), _seven(small, ink=80), _seven(small, ink=160)]
    return {
        "png-L": _encode(grey, "PNG"), "png-RGB": _encode(rgb, "PNG"),
        "png-RGBA-sheet": _encode(_sheet(small), "PNG"),
        "png-RGBA-corner": _encode(rgba, "PNG"), "png-P": _encode(rgb.convert("P"), "PNG"),
        "png-P-transparent": _encode(grey.convert("P"), "PNG", transparency=255),
        "png-I;16": _encode(grey16, "PNG"), "png-LA": _encode(grey.convert("LA"), "PNG"),
        "png-1": _encode(grey.convert("1"), "PNG"), "png-interlaced": _encode(photo, "PNG", interlace=1),
        "png-exif-rotated": _encode(grey, "PNG", exif=_rotated_exif()),
        "png-text": _encode(grey, "PNG", pnginfo=_text_chunk()),
        "png-animated": _encode(frames, "PNG"), "png-1x1": _encode(Image.new("L", (1, 1)), "PNG"),
        "png-tiny-RGB": _encode(_seven(tiny, "RGB"), "PNG"), "png-28x28": _encode(_seven((28, 28)), "PNG"),
        "png-large-L": _encode(_seven(large), "PNG"), "png-large-RGBA": _encode(_sheet(large), "PNG"),
        "jpeg-L": _encode(grey, "JPEG"), "jpeg-RGB": _encode(photo, "JPEG"),
        "jpeg-progressive": _encode(photo, "JPEG", progressive=True),
        "jpeg-CMYK": _encode(rgb.convert("CMYK"), "JPEG"),
        "jpeg-exif-rotated": _encode(photo, "JPEG", exif=_rotated_exif()),
        "jpeg-444-q95": _encode(rgb, "JPEG", quality=95, subsampling=0),
        "jpeg-optimized": _encode(photo, "JPEG", optimize=True),
        "jpeg-1x1": _encode(Image.new("RGB", (1, 1)), "JPEG"), "jpeg-tiny": _encode(_seven(tiny, "RGB"), "JPEG"),
        "jpeg-large": _encode(_photo((2000, 1500)), "JPEG"),
        "jpeg-large-progressive": _encode(_photo(large), "JPEG", progressive=True),
        "gif-L": _encode(grey, "GIF"), "gif-P": _encode(rgb.convert("P"), "GIF"),
        "gif-animated": _encode([f.convert("P") for f in frames], "GIF"),
        "gif-transparent": _encode(grey.convert("P"), "GIF", transparency=255),
        "gif-interlaced": _encode(grey, "GIF", interlace=True), "gif-1x1": _encode(Image.new("P", (1, 1)), "GIF"),
        "gif-large": _encode(_seven((1200, 900)), "GIF"),
        "bmp-RGB": _encode(rgb, "BMP"), "bmp-L": _encode(grey, "BMP"), "bmp-P": _encode(rgb.convert("P"), "BMP"),
        "bmp-1": _encode(grey.convert("1"), "BMP"), "bmp-RGBA": _encode(rgba, "BMP"),
        "bmp-tiny": _encode(_seven(tiny, "RGB"), "BMP"),
        "webp-lossy": _encode(photo, "WEBP"), "webp-lossless-RGBA": _encode(_sheet(small), "WEBP", lossless=True),
        "webp-animated": _encode([f.convert("RGB") for f in frames], "WEBP"),
        "webp-L": _encode(grey, "WEBP"), "webp-tiny": _encode(_seven(tiny, "RGB"), "WEBP"),
        "webp-large": _encode(_photo(large), "WEBP", quality=60),
    }


def _text_chunk() -> PngInfo:
    info = PngInfo()
    info.add_text("Comment", "drawn on a tablet " * 20)
    info.add_text("Title", "seven", zip=True)
    return info


# --- special inputs --------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _header_only_png(width: int, height: int) -> bytes:
    """A PNG that claims a size and holds no pixels at all."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IEND", b"")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("seven.png", seed_images()["png-L"])
    return buffer.getvalue()


def _dithered_alpha() -> Image.Image:
    """White everywhere, every other pixel transparent: exactly half opaque once averaged."""
    a = np.full((1500, 1500, 4), 255, np.uint8)
    a[..., 3] = np.indices((1500, 1500)).sum(0) % 2 * 255
    return Image.fromarray(a)


def _many_frames_gif(size: int = 10 * 2**20) -> bytes:
    """A GIF of 1x1 frames of 15 bytes each, as many as fit in `size`: the frame count's worst case."""
    header = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(3) + b"\xff\xff\xff"
    frame = b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x4c\x01\x00"
    return header + frame * ((size - len(header) - 1) // len(frame)) + b";"


def _cut_in_last_frame_header(gif: bytes) -> bytes:
    """An animated GIF cut just inside its last frame's header, where Pillow's frame count stumbles."""
    return gif[:gif.rindex(b"!\xf9\x04") + 1]


@cache
def special_inputs() -> dict[str, bytes]:
    """Two dozen hostile or odd uploads: non-images, empty files, giants, edge cases."""
    seeds = seed_images()
    gif, white = seeds["gif-animated"], Image.new("RGB", (6000, 6000), "white")
    bmp = _encode(Image.new("P", (4, 4)), "BMP")
    wide = Image.new("L", (2_000_000, 1), 255)
    ImageDraw.Draw(wide).line([(900_000, 0), (1_100_000, 0)], fill=0)
    return {
        "empty": b"", "one byte": b"\x89", "text": b"this is a text file, not a picture\n" * 10,
        "SVG": b'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><path d="M4 4h20L14 24"/></svg>',
        "PDF header": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "HTML": b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>",
        "ZIP holding a PNG": _zip(), "PNG signature only": b"\x89PNG\r\n\x1a\n",
        "PNG 20000x20000, header only": _header_only_png(20_000, 20_000),
        "PNG 0x0, header only": _header_only_png(0, 0),
        "PNG 40,000,001 px, header only": _header_only_png(40_000_001, 1),
        "PNG 2,000,000x1": _encode(wide, "PNG"),
        "PNG 1x2,000,000": _encode(wide.transpose(Image.Transpose.ROTATE_90), "PNG"),
        "PNG 6300x6300 RGBA (40 MP)": _encode(_sheet((6300, 6300)), "PNG"),
        "PNG dithered half alpha 1500x1500": _encode(_dithered_alpha(), "PNG"),
        "GIF animated, first 60%": gif[:len(gif) * 6 // 10],
        "GIF animated, cut in last frame header": _cut_in_last_frame_header(gif),
        "GIF 1000 frames": _encode([Image.new("L", (4, 4), i % 200) for i in range(1000)], "GIF"),
        "GIF 699,000 1x1 frames in 10 MB": _many_frames_gif(),
        "JPEG progressive 6000x6000": _encode(white, "JPEG", progressive=True, subsampling=0),
        "JPEG SOI only": b"\xff\xd8\xff",
        "BMP header 30000x30000": bmp[:18] + struct.pack("<ii", 30_000, 30_000) + bmp[26:],
        "WEBP 6000x6000 lossless": _encode(white, "WEBP", lossless=True),
        "TIFF (not an allowed format)": _encode(Image.new("L", (28, 28)), "TIFF"),
        "over 10 MB": b"\x89PNG\r\n\x1a\n" + bytes(10 * 2**20),
    }


# --- mutations -------------------------------------------------------------------------------


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    """Flip one to eight random bits."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def overwrite_bytes(data: bytes, rng: random.Random) -> bytes:
    """Overwrite a short run with random bytes or a boundary value (0x00, 0xff, 0x7f, 0x80)."""
    out = bytearray(data)
    i, n = rng.randrange(len(out)), rng.randint(1, 8)
    fill = rng.choice([None, 0x00, 0xFF, 0x7F, 0x80])
    out[i:i + n] = bytes(rng.randrange(256) if fill is None else fill for _ in range(n))
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file anywhere, often near the start where the headers are."""
    return data[:min(rng.randrange(len(data)), rng.randrange(len(data)))] if rng.random() < 0.5 \
        else data[:rng.randrange(len(data))]


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    """Insert one to a few hundred random bytes."""
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.randbytes(rng.choice([1, 2, 4, rng.randint(1, 300)])) + data[i:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    """Repeat a PNG chunk in place, or else a random span of the file."""
    chunks = _png_chunks(data)
    if chunks:
        start, end = rng.choice(chunks)
    else:
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randint(1, 1024))
    return data[:end] + data[start:end] * rng.randint(1, 3) + data[end:]


def tamper_size(data: bytes, rng: random.Random) -> bytes:
    """Set the stored width or height to 0, 1, a huge or a random value (the PNG CRC is kept valid)."""
    fields = _size_fields(data)
    if not fields:
        return overwrite_bytes(data, rng)
    offset, width, order = rng.choice(fields)
    top = 256 ** width - 1
    value = rng.choice([0, 1, 2, 255, 256, top // 2, top, rng.randrange(top + 1),
                        int.from_bytes(data[offset:offset + width], order) * rng.randint(2, 64) % (top + 1)])
    out = bytearray(data)
    out[offset:offset + width] = value.to_bytes(width, order)
    if data.startswith(b"\x89PNG"):
        out[29:33] = struct.pack(">I", zlib.crc32(bytes(out[12:29])))
    return bytes(out)


def _png_chunks(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each whole chunk of a PNG; empty for other files."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return []
    chunks, at = [], 8
    while at + 12 <= len(data):
        end = at + 12 + int.from_bytes(data[at:at + 4], "big")
        if end > len(data):
            break
        chunks.append((at, end))
        at = end
    return chunks


def _size_fields(data: bytes) -> list[tuple[int, int, str]]:
    """(offset, bytes, byte order) of the width and height fields in a file's headers."""
    if data.startswith(b"\x89PNG") and len(data) >= 33:
        return [(16, 4, "big"), (20, 4, "big")]
    if data.startswith(b"GIF") and len(data) >= 10:
        fields = [(6, 2, "little"), (8, 2, "little")]
        descriptor = data.find(b",", 13)
        return fields + ([(descriptor + 5, 2, "little"), (descriptor + 7, 2, "little")]
                         if 0 < descriptor and descriptor + 9 <= len(data) else [])
    if data.startswith(b"BM") and len(data) >= 26:
        return [(18, 4, "little"), (22, 4, "little")]
    if data.startswith(b"\xff\xd8"):
        sof = next((i for i in range(2, len(data) - 9) if data[i] == 0xFF and data[i + 1] in _SOF_MARKERS), None)
        return [] if sof is None else [(sof + 5, 2, "big"), (sof + 7, 2, "big")]
    if data.startswith(b"RIFF") and len(data) >= 30:
        return {b"VP8X": [(24, 3, "little"), (27, 3, "little")], b"VP8 ": [(26, 2, "little"), (28, 2, "little")],
                b"VP8L": [(21, 2, "little"), (23, 2, "little")]}.get(data[12:16], [])
    return []


_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    flip_bits, overwrite_bytes, truncate, insert_bytes, duplicate_chunk, tamper_size)


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three random mutations of a file, and their names."""
    names = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if not data:
            break
        mutation = rng.choice(MUTATIONS)
        data = mutation(data, rng)
        names.append(mutation.__name__)
    return data, names


def mutated_case(seed: int, index: int) -> tuple[str, bytes]:
    """Case `index` of a run with `seed`: a name saying what was done, and the damaged bytes."""
    rng = random.Random(f"{seed}:{index}")
    name = rng.choice(sorted(seed_images()))
    data, names = mutate(seed_images()[name], rng)
    return f"#{index} {name}: {'+'.join(names)}", data


def cases(n: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """The special inputs, then n mutated seeds."""
    yield from special_inputs().items()
    for index in range(n):
        yield mutated_case(seed, index)


# --- running ---------------------------------------------------------------------------------


def outcome(data: bytes) -> tuple[str, str]:
    """("UserImage", "") or ("ImageError", message) or (exception type, message) for one upload."""
    try:
        result = read_user_image(data)
    except ImageError as error:
        return "ImageError", str(error)
    except Exception as error:  # noqa: BLE001 - counting these is the point
        return type(error).__name__, str(error)[:200]
    assert isinstance(result, UserImage)
    return "UserImage", ""


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB, Pillow's C buffers included."""
    try:  # VmHWM is this program's own: ru_maxrss also counts the parent's, inherited through fork and exec
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(connection) -> None:
    """Read uploads from the pipe and answer (kind, message, ms, peak RSS in MiB) for each."""
    warnings.simplefilter("ignore")  # Pillow warns about some damage it works around
    while (data := connection.recv()) is not None:
        start = time.perf_counter()
        kind, message = outcome(data)
        ms = (time.perf_counter() - start) * 1000
        connection.send((kind, message, ms, peak_rss_mib()))


class _Worker:
    """A worker process that can be killed and replaced when a case hangs."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh process: its RSS is the decoding's own
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()

    def run(self, data: bytes, limit_s: float) -> tuple[str, str, float, float] | None:
        """The worker's answer, or None if it took longer than limit_s (it is then killed)."""
        self.connection.send(data)
        if self.connection.poll(limit_s):
            return self.connection.recv()
        self.process.kill()
        self.process.join()
        return None

    def close(self) -> None:
        self.connection.send(None)
        self.process.join(timeout=5)


@dataclass
class Tally:
    """What the cases gave."""

    cases: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)  # one case per unexpected exception type
    hangs: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak_rss: tuple[float, str] = (0.0, "")

    def add(self, name: str, answer: tuple[str, str, float, float] | None) -> None:
        self.cases += 1
        if answer is None:
            self.hangs.append(name)
            return
        kind, message, ms, rss = answer
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind not in ("UserImage", "ImageError"):
            self.examples.setdefault(kind, f"{name}: {message}")
        if ms > self.slowest[0]:
            self.slowest = (ms, name)
        if rss > self.peak_rss[0]:  # the case that raised the high-water mark
            self.peak_rss = (rss, name)


def fuzz(n: int, seed: int, limit_s: float = TIME_LIMIT_S, progress: bool = True) -> Tally:
    """Run the special inputs and n mutated cases, each in a worker under limit_s."""
    tally, worker = Tally(), _Worker()
    for name, data in cases(n, seed):
        answer = worker.run(data, limit_s)
        if answer is None:
            worker = _Worker()
        tally.add(name, answer)
        if progress and tally.cases % 1000 == 0:
            print(f"  ... {tally.cases} cases", flush=True)
    worker.close()
    return tally


def print_table(tally: Tally, seconds: float, limit_s: float) -> None:
    """The results as a markdown table, then one example of each unexpected exception and the hangs."""
    other = {kind: count for kind, count in tally.kinds.items() if kind not in ("UserImage", "ImageError")}
    rows = [("cases", f"{tally.cases:,}"), ("ImageError", f"{tally.kinds.get('ImageError', 0):,}"),
            ("successes (UserImage)", f"{tally.kinds.get('UserImage', 0):,}"),
            ("other exceptions", f"{sum(other.values()):,} {', '.join(sorted(other))}".strip()),
            (f"hangs over {limit_s:g} s", f"{len(tally.hangs):,}"),
            ("slowest case", f"{tally.slowest[0]:,.0f} ms  ({tally.slowest[1]})"),
            ("peak memory (worker peak RSS)", f"{tally.peak_rss[0]:,.0f} MiB  ({tally.peak_rss[1]})"),
            ("wall time", f"{seconds:,.0f} s")]
    print("| measure | value |\n| --- | --- |")
    for label, value in rows:
        print(f"| {label} | {value} |")
    for kind, count in sorted(other.items()):
        print(f"\n{kind} x{count}, e.g. {tally.examples[kind]}")
    for name in tally.hangs[:10]:
        print(f"\nhang: {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="mutated cases after the special inputs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    print(f"{len(seed_images())} seeds, {len(special_inputs())} special inputs, {args.cases} mutations, "
          f"seed {args.seed}", flush=True)
    tally = fuzz(args.cases, args.seed)
    print_table(tally, time.perf_counter() - start, TIME_LIMIT_S)


if __name__ == "__main__":
    main()
