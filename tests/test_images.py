"""ae_models.images: user images -> MNIST-style 28x28, the refusals, and the noise functions."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
import warnings
import weakref
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFile

from ae_models import images
from ae_models.images import (
    NOISE_KINDS,
    ImageError,
    add_noise,
    corrupt_with,
    is_blank,
    naive_resize,
    noise_fields,
    to_mnist,
    upscale,
)

ROOT = Path(__file__).resolve().parent.parent


def draw_seven(size: tuple[int, int] = (200, 200), box: tuple[int, int, int, int] | None = None,
               ink: int = 0, paper: int = 255, mode: str = "L", width: int = 14) -> Image.Image:
    """A hand-drawn-looking 7 inside box (default: the middle of the canvas)."""
    w, h = size
    x0, y0, x1, y1 = box or (w // 4, h // 5, 3 * w // 4, 4 * h // 5)
    img = Image.new(mode, size, paper)
    draw = ImageDraw.Draw(img)
    draw.line([(x0, y0), (x1, y0), ((x0 + x1) // 2, y1)], fill=ink, width=width, joint="curve")
    return img


def draw_bar(size: tuple[int, int], box: tuple[int, int, int, int]) -> Image.Image:
    """A black rectangle on white paper."""
    img = Image.new("L", size, 255)
    ImageDraw.Draw(img).rectangle(box, fill=0)
    return img


def encode(img: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **options)
    return buffer.getvalue()


def ink_box(x: np.ndarray, level: float = 0.1) -> tuple[int, int]:
    """Height and width of the pixels above level."""
    rows, cols = np.nonzero(x > level)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


def centre_of_mass(x: np.ndarray) -> tuple[float, float]:
    rows, cols = np.mgrid[:28, :28]
    return (x * rows).sum() / x.sum(), (x * cols).sum() / x.sum()


@pytest.fixture(scope="module")
def seven() -> np.ndarray:
    return to_mnist(draw_seven())


# --- what comes out --------------------------------------------------------------------------


def test_output_is_float32_28x28_in_unit_range(seven):
    assert seven.shape == (28, 28) and seven.dtype == np.float32
    assert seven.min() == 0.0 and seven.max() == pytest.approx(1.0)


def test_dark_ink_on_light_paper_is_inverted(seven):
    assert seven[0, 0] == 0.0 and seven[-1, -1] == 0.0  # paper -> black
    assert (seven > 0.9).mean() > 0.05  # ink -> white strokes


def test_light_ink_on_dark_paper_gives_the_same_digit(seven):
    assert np.abs(to_mnist(draw_seven(ink=255, paper=0)) - seven).mean() < 0.01


def test_grey_paper_and_grey_ink_give_the_same_digit(seven):
    assert np.abs(to_mnist(draw_seven(ink=90, paper=170)) - seven).mean() < 0.02


def test_uneven_lighting_is_removed(seven):
    ramp = np.linspace(150, 255, 300, dtype=np.float32)[None, :]
    shaded = np.asarray(draw_seven((300, 300)), dtype=np.float32) / 255 * ramp
    assert np.abs(to_mnist(shaded.astype(np.uint8)) - seven).mean() < 0.03


def test_paper_noise_is_removed(seven):
    rng = np.random.default_rng(0)
    noisy = np.asarray(draw_seven(), dtype=np.float32) + rng.normal(0, 15, (200, 200))
    out = to_mnist(np.clip(noisy, 0, 255).astype(np.uint8))
    assert np.abs(out - seven).mean() < 0.03


def test_centre_of_mass_is_centred():
    corner = to_mnist(draw_seven((400, 300), box=(10, 10, 80, 90), width=8))
    cy, cx = centre_of_mass(corner)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5


def test_aspect_ratio_is_kept_for_a_tall_stroke():
    height, width = ink_box(to_mnist(draw_bar((300, 300), (140, 20, 155, 280))))
    assert height == 20 and width <= 5


def test_longer_side_of_a_wide_stroke_is_scaled_to_20_pixels():
    height, width = ink_box(to_mnist(draw_bar((300, 300), (20, 140, 280, 155))))
    assert width == 20 and height <= 5


def test_a_28x28_mnist_style_digit_comes_out_nearly_unchanged(seven):
    assert np.abs(to_mnist(seven) - seven).mean() < 0.01


def test_a_thick_marker_is_thinned_like_a_pen():
    marker = to_mnist(draw_seven(width=45))
    assert marker.mean() < 0.25


# --- what goes in ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "WEBP"])
def test_each_upload_format_is_read(fmt, seven):
    assert np.abs(to_mnist(encode(draw_seven(mode="RGB"), fmt)) - seven).mean() < 0.03


def test_paths_files_bytes_arrays_and_images_give_the_same_digit(tmp_path, seven):
    data = encode(draw_seven())
    path = tmp_path / "seven.png"
    path.write_bytes(data)
    array = np.asarray(draw_seven())
    inputs = [data, bytearray(data), io.BytesIO(data), path, str(path), array,
              array / np.float32(255), np.stack([array] * 3, axis=-1)]
    for item in inputs:
        assert np.abs(to_mnist(item) - seven).max() < 1e-3


def test_an_upload_already_read_once_is_read_from_the_start(seven):
    upload = io.BytesIO(encode(draw_seven()))
    upload.read()
    assert np.abs(to_mnist(upload) - seven).max() < 1e-3


def test_16bit_greyscale_is_scaled_not_clipped(seven):
    # Ink at 20000 and paper at 60000: clipping to 0..255 would leave a blank white page.
    grey16 = (20000 + np.asarray(draw_seven(), dtype=np.float32) / 255 * 40000).astype(np.uint16)
    img = Image.open(io.BytesIO(encode(Image.fromarray(grey16))))
    assert img.mode.startswith("I")
    assert np.abs(to_mnist(img) - seven).mean() < 0.01


def test_read_user_image_gives_the_digit_a_thumbnail_and_the_frame_count():
    frames = [draw_seven((400, 300)), draw_bar((400, 300), (150, 50, 250, 250))]
    user = images.read_user_image(encode(frames[0], "GIF", save_all=True, append_images=frames[1:]), side=100)
    assert np.abs(user.digit - to_mnist(frames[0])).mean() < 0.01, "the first frame"
    assert user.frames == 2 and user.thumbnail.shape == (75, 100, 4) and user.thumbnail.dtype == np.uint8


def test_read_user_image_thumbnail_of_16bit_greyscale_is_scaled_not_clipped():
    grey16 = (20000 + np.asarray(draw_seven(), dtype=np.float32) / 255 * 40000).astype(np.uint16)
    thumbnail = images.read_user_image(encode(Image.fromarray(grey16))).thumbnail
    assert 70 < thumbnail[..., 0].min() < thumbnail[..., 0].max() < 240


def test_transparent_png_uses_alpha_as_ink(seven):
    stroke = draw_seven(ink=255, paper=0)  # the stroke's coverage
    canvas = Image.new("RGBA", stroke.size, (0, 0, 0, 0))  # black ink, fully transparent sheet
    canvas.putalpha(stroke)
    assert np.abs(to_mnist(encode(canvas)) - seven).mean() < 0.01


def test_transparent_corners_of_a_photo_count_as_paper(seven):
    photo = draw_seven(mode="RGBA")
    alpha = Image.new("L", photo.size, 255)
    ImageDraw.Draw(alpha).rectangle((0, 0, 15, 15), fill=0)
    photo.putalpha(alpha)
    assert np.abs(to_mnist(photo) - seven).mean() < 0.02


def test_palette_image_is_read(seven):
    assert np.abs(to_mnist(draw_seven(mode="RGB").convert("P")) - seven).mean() < 0.02


def test_exif_rotation_is_applied():
    lying = draw_bar((300, 200), (20, 90, 280, 105))  # stored wide, shown tall
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    height, width = ink_box(to_mnist(encode(lying, "JPEG", exif=exif)))
    assert height == 20 and width <= 5


def test_gif_first_frame_is_used():
    tall = draw_bar((200, 200), (90, 20, 105, 180))
    wide = draw_bar((200, 200), (20, 90, 180, 105))
    gif = encode(tall, "GIF", save_all=True, append_images=[wide], duration=100)
    height, width = ink_box(to_mnist(gif))
    assert height == 20 and width <= 5


# --- damaged, odd and huge uploads ------------------------------------------------------------


def test_an_animated_gif_cut_in_its_last_frame_header_gives_its_first_frame_and_the_frames_before():
    frames = [draw_seven(), draw_bar((200, 200), (90, 20, 105, 180)), draw_bar((200, 200), (20, 90, 180, 105))]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    last = gif.rindex(b"!\xf9\x04")  # the third frame's control block
    user = images.read_user_image(gif[:last + 1])
    assert np.abs(user.digit - to_mnist(frames[0])).mean() < 0.01 and user.frames == 2


def test_every_cut_of_an_animated_gif_near_its_frame_headers_gives_a_digit_or_an_image_error():
    frames = [draw_seven(), draw_bar((200, 200), (90, 20, 105, 180)), draw_bar((200, 200), (20, 90, 180, 105))]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    headers = [i for i in range(len(gif)) if gif.startswith(b"!\xf9\x04", i)]
    for cut in sorted({c for h in headers for c in range(h - 2, h + 10)}):
        try:
            assert images.read_user_image(gif[:cut]).frames >= 1
        except ImageError:
            pass


def test_an_image_narrower_than_the_shrink_factor_is_shrunk_along_its_long_side():
    with pytest.raises(ImageError, match="The image is empty"):
        to_mnist(np.zeros((1, 1_000_001), np.uint8))
    line = Image.new("L", (2_000_000, 1), 255)
    ImageDraw.Draw(line).line([(900_000, 0), (1_100_000, 0)], fill=0)
    height, width = ink_box(images.read_user_image(encode(line)).digit)
    assert width == 20 and height <= 2


def dithered_half_alpha() -> np.ndarray:
    """White everywhere, every other pixel transparent: exactly half opaque once averaged."""
    a = np.full((1500, 1500, 4), 255, np.uint8)
    a[..., 3] = np.indices((1500, 1500)).sum(0) % 2 * 255
    return a


@pytest.mark.parametrize("as_file", [False, True], ids=["array", "png"])
def test_a_big_dithered_half_transparent_white_image_is_blank(as_file):
    image = dithered_half_alpha()
    with pytest.raises(ImageError, match="The image is empty"):
        to_mnist(encode(Image.fromarray(image)) if as_file else image)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak RSS (VmHWM) from /proc")
def test_a_40_megapixel_rgba_png_is_read_within_300_mib(tmp_path):
    canvas = Image.new("RGBA", (6300, 6300), (0, 0, 0, 0))
    canvas.putalpha(draw_seven((6300, 6300), ink=255, paper=0, width=450))
    path = tmp_path / "big.png"
    canvas.save(path, compress_level=1)
    del canvas
    # A fresh process: its peak RSS is the import plus this one upload, Pillow's buffers included.
    # (VmHWM, not ru_maxrss: that one inherits this big test process's through fork and exec.)
    code = ("import sys; from ae_models.images import read_user_image; "
            "user = read_user_image(sys.argv[1]); "
            "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')); "
            "print(int(peak) // 1024, user.digit.max())")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    peak_mib, ink = out.stdout.split()
    assert int(peak_mib) < 300 and float(ink) == pytest.approx(1.0)


def test_at_most_two_full_size_decodes_are_held_at_once(monkeypatch):
    held, most = [], [0]  # weak references to the images decoded so far
    lock = threading.Lock()
    real_load = ImageFile.ImageFile.load

    def slow_load(self):
        if self.tile:  # not decoded yet
            with lock:
                held.append(weakref.ref(self))
                most[0] = max(most[0], sum(ref() is not None for ref in held))
            time.sleep(0.1)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", slow_load)
    data, digits = encode(draw_seven((1200, 1000), width=60)), []  # over a megapixel: reduced

    def upload() -> None:
        digits.append(images.read_user_image(data).digit)
        digits.append(to_mnist(data))

    threads = [threading.Thread(target=upload) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2 and len(digits) == 10


def test_formats_that_decode_at_full_cost_are_refused_above_the_memory_budget(monkeypatch):
    monkeypatch.setattr(images, "_DECODE_BUDGET", 4 * 200 * 200)  # an RGBA PNG of 200x200 fits
    photo = draw_seven(mode="RGB")
    assert images.read_user_image(encode(photo, "PNG")).frames == 1
    assert images.read_user_image(encode(photo, "JPEG")).frames == 1  # decoded at reduced scale
    for fmt, options in [("WEBP", {}), ("JPEG", {"progressive": True, "subsampling": 0})]:
        with pytest.raises(ImageError, match=f"This {fmt} image is too large to decode.*under 0 million"):
            images.read_user_image(encode(photo, fmt, **options))


# --- what is refused -------------------------------------------------------------------------


def test_zero_byte_file_is_refused():
    with pytest.raises(ImageError, match="empty \\(0 bytes\\)"):
        to_mnist(b"")


def test_non_image_is_refused():
    with pytest.raises(ImageError, match="not an image"):
        to_mnist(b"this is a text file, not a picture")


def test_truncated_file_is_refused():
    data = encode(draw_seven(mode="RGB"), "JPEG")
    with pytest.raises(ImageError, match="damaged or truncated"):
        to_mnist(data[: len(data) // 2])


def test_file_too_large_in_bytes_is_refused():
    with pytest.raises(ImageError, match="larger than 10 MB"):
        to_mnist(b"\x89PNG" + bytes(images.MAX_BYTES))


def test_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    with pytest.raises(ImageError, match="million pixels"):
        to_mnist(encode(draw_seven((101, 100))))


def test_decompression_bomb_warning_is_an_error(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the refusal must not depend on the caller's filters
        with pytest.raises(ImageError, match="million pixels"):
            to_mnist(encode(draw_seven((150, 100))))


def test_blank_canvas_is_refused():
    with pytest.raises(ImageError, match="The image is empty"):
        to_mnist(Image.new("RGB", (280, 280), "white"))


def test_empty_transparent_canvas_is_refused():
    with pytest.raises(ImageError, match="The image is empty"):
        to_mnist(np.zeros((280, 280, 4), dtype=np.uint8))


def test_wrong_array_shape_is_refused():
    with pytest.raises(ImageError, match="shape"):
        to_mnist(np.zeros((28, 28, 2), dtype=np.uint8))


def test_float_array_outside_unit_range_is_refused():
    with pytest.raises(ImageError, match=r"\[0, 1\]"):
        to_mnist(np.full((28, 28), 255.0))


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(ImageError, match="no image file"):
        to_mnist(tmp_path / "nothing.png")


def test_image_error_is_a_value_error():
    assert issubclass(ImageError, ValueError)


def test_is_blank_tells_an_empty_canvas_from_a_drawing():
    assert is_blank(np.full((280, 280, 3), 255, dtype=np.uint8))
    assert not is_blank(np.asarray(draw_seven()))


# --- display and baseline --------------------------------------------------------------------


def test_upscale_enlarges_by_pixel_repetition_to_uint8(seven):
    big = upscale(seven)
    assert big.shape == (224, 224) and big.dtype == np.uint8
    assert np.array_equal(big[::8, ::8], np.round(seven * 255).astype(np.uint8))
    assert upscale(np.stack([seven, seven]), factor=2).shape == (2, 56, 56)


def test_naive_resize_only_squashes_without_inverting():
    out = naive_resize(draw_seven((300, 200)))
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out[0, 0] == pytest.approx(1.0)  # white paper stays white


# --- noise -----------------------------------------------------------------------------------


@pytest.fixture()
def batch() -> np.ndarray:
    return np.random.default_rng(1).random((8, 28, 28)).astype(np.float32)


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_keeps_shape_dtype_and_unit_range(kind, batch):
    noisy = add_noise(batch, kind, 0.3, seed=0)
    assert noisy.shape == batch.shape and noisy.dtype == np.float32
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0
    assert not np.array_equal(noisy, batch)
    assert add_noise(batch[0], kind, 0.3, seed=0).shape == (28, 28)


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_level_zero_returns_a_copy(kind, batch):
    clean = add_noise(batch, kind, 0.0)
    assert np.array_equal(clean, batch) and clean is not batch


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_noise_is_reproducible_with_a_seed(kind, batch):
    assert np.array_equal(add_noise(batch, kind, 0.2, seed=3), add_noise(batch, kind, 0.2, seed=3))


def test_gaussian_noise_has_the_level_as_standard_deviation():
    grey = np.full((100, 28, 28), 0.5, dtype=np.float32)
    assert np.std(add_noise(grey, "gaussian", 0.1, seed=0) - grey) == pytest.approx(0.1, rel=0.05)


def test_salt_pepper_sets_the_level_share_of_pixels_to_0_or_1():
    grey = np.full((100, 28, 28), 0.5, dtype=np.float32)
    noisy = add_noise(grey, "salt_pepper", 0.2, seed=0)
    hit = noisy != 0.5
    assert hit.mean() == pytest.approx(0.2, abs=0.01)
    assert set(np.unique(noisy[hit])) == {0.0, 1.0}


def test_masking_sets_the_level_share_of_pixels_to_0():
    ones = np.ones((100, 28, 28), dtype=np.float32)
    noisy = add_noise(ones, "masking", 0.3, seed=0)
    assert (noisy == 0).mean() == pytest.approx(0.3, abs=0.01)
    assert set(np.unique(noisy)) == {0.0, 1.0}


def test_unknown_noise_kind_names_the_valid_ones(batch):
    with pytest.raises(ValueError, match="gaussian, salt_pepper, masking"):
        add_noise(batch, "speckle", 0.1)
    with pytest.raises(ValueError, match="gaussian, salt_pepper, masking"):
        corrupt_with(batch, "speckle", 0.1, *noise_fields(batch.shape))


@pytest.mark.parametrize("kind", NOISE_KINDS)
@pytest.mark.parametrize("level", [0.0, 0.05, 0.5, 1.0])
def test_noise_is_the_fixed_function_of_the_fields_drawn_once(kind, level, batch):
    g, u = noise_fields(batch[0].shape, seed=0)   # what the browser is handed once per image
    assert np.array_equal(corrupt_with(batch[0], kind, level, g, u), add_noise(batch[0], kind, level, seed=0))


def test_noise_fields_are_a_normal_then_a_uniform_draw_whatever_the_kind():
    g, u = noise_fields((28, 28), seed=5)
    rng = np.random.default_rng(5)
    assert np.array_equal(g, rng.standard_normal((28, 28))) and np.array_equal(u, rng.random((28, 28)))
    assert u.min() >= 0 and u.max() < 1


def test_salt_and_pepper_turns_the_lower_half_of_the_hits_white():
    x = np.full((1000,), 0.5, np.float32)
    g, u = noise_fields(x.shape, seed=2)
    noisy = corrupt_with(x, "salt_pepper", 0.4, g, u)
    assert np.array_equal(noisy == 1, u < 0.2) and np.array_equal(noisy == 0, (u >= 0.2) & (u < 0.4))
