"""Denoising: trained on corrupted inputs, scored against the clean ones."""
import numpy as np
import streamlit as st

from ae_models import metrics
from ae_models.images import NOISE_NAMES, add_noise
from ui.charts import colour, line_chart, show
from ui.kind_page import kind_page
from ui.trial import Trial

LEVELS = np.round(np.linspace(0.0, 1.0, 11), 2)
SEEDS = 8           # noise draws per level, averaged


def noise_sweep(ae, trial: Trial) -> None:
    """Output quality against noise level for this image, next to the noisy input's."""
    st.subheader("How much noise can it take?", anchor=False)
    noisy = np.stack([add_noise(trial.clean, trial.noise_kind, float(level), seed=s)
                      for level in LEVELS for s in range(SEEDS)])
    clean = np.broadcast_to(trial.clean, noisy.shape)
    out_psnr = metrics.psnr(clean, ae.reconstruct(noisy)).reshape(len(LEVELS), SEEDS).mean(1)
    # At level 0 the input is the clean image itself (infinite PSNR, capped at 100 dB), which would
    # squash the 5-30 dB where the curves differ: the input's curve starts at the first noisy level.
    in_psnr = np.where(LEVELS > 0, metrics.psnr(clean, noisy).reshape(len(LEVELS), SEEDS).mean(1), np.nan)
    st.markdown(f"PSNR against the clean image as {NOISE_NAMES[trial.noise_kind].lower()} noise grows "
                f"(mean of {SEEDS} noise draws per level); the gap is what the model removes. "
                "Without noise the input is the clean image, so its curve starts at the first level.")
    show(line_chart(LEVELS, {"model output": (out_psnr, colour("denoising"), "solid"),
                             "noisy input": (in_psnr, "#9ca3af", "dot")}, "noise level", "PSNR (dB)"))


kind_page("denoising", """
Train on **noisy inputs** but score the output against the **clean** image: the noise is the
teacher. To undo it, the model has to learn what digits (or clothes) look like rather than copy
pixels, so its code keeps the shape and throws the noise away.

Pick a noise type and level: the model sees the corrupted picture, outputs its guess, and you can
hold it against the clean original. The PSNR gain says how many decibels of noise it removed.
""", noise=("gaussian", 0.5), extra=noise_sweep)
