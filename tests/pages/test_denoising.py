"""The Denoising page: noisy / output / clean side by side, the PSNR gain, the noise sweep."""
import json

import pytest
from page_driver import (
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
    picture,
    train_from_panel,
)


@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_page_starts_noisy_with_output_and_clean_side_by_side(dataset):
    at = open_page("denoising", dataset)
    captions = [c for element in at.image for c in element.captions]
    assert captions[:3] == ["Corrupted input (what the model sees)", "Reconstruction", "Clean original"]
    psnr = next(m for m in at.metric if m.label == "PSNR")
    assert psnr.delta.endswith(" dB") and len(psnr.delta) <= 9, "the gain fits its badge"
    assert "noisy input" in psnr.proto.help


@pytest.mark.parametrize("widget", ["noise_level", "noise_kind"])
def test_noise_controls_change_the_noisy_input_and_the_output(widget):
    at = open_page("denoising")
    before = picture(at, "Corrupted input"), picture(at, "Reconstruction")
    if widget == "noise_level":
        at.slider(key="denoising:noise_level").set_value(0.9).run()
    else:
        at.selectbox(key="denoising:noise_kind").set_value("salt_pepper").run()
    after = picture(at, "Corrupted input"), picture(at, "Reconstruction")
    assert after[0] != before[0] and after[1] != before[1]


def test_one_epoch_training_with_masking_noise_becomes_selectable():
    at = open_page("denoising")
    at.selectbox(key="train:denoising:noise_kind").set_value("masking")
    at = train_from_panel(at, "denoising")
    assert at.selectbox(key="weights:denoising:mnist").value.startswith("denoising-mnist-32-")


def test_noise_sweep_keeps_the_axis_on_the_noisy_levels():
    at = open_page("denoising")
    chart = next(c for c in at.get("plotly_chart") if "noisy input" in c.proto.spec)
    noisy = next(t for t in json.loads(chart.proto.spec)["data"] if t["name"] == "noisy input")
    assert noisy["y"][0] is None                      # level 0: the clean image, not a 100 dB point
    assert all(0 < y < 60 for y in noisy["y"][1:])
