"""What the code uses: KL per unit on the test set and the active units, for the variational pages.

Measured once per model file (``st.cache_resource``, keyed like the other
per-model caches by weights path and modification time) on the dataset's test
split; a conditional model's posterior is given each image's label.
"""
from __future__ import annotations

import os

import streamlit as st

from ae_models.code_usage import ACTIVE_THRESHOLD, CodeUsage, code_usage

from . import loaders
from .charts import bars, colour

INACTIVE = "#9ca3af"


def _mtime(path: str | None) -> float:
    return os.path.getmtime(path) if path and os.path.isfile(path) else 0.0


@st.cache_resource(show_spinner="Measuring which code units the model uses…", max_entries=16)
def _usage(path: str, mtime: float, dataset: str, data_dir: str, _ae) -> CodeUsage:
    images, labels = loaders.test_split(dataset)
    return code_usage(_ae, images, labels if _ae.conditional else None)


def usage(ae) -> CodeUsage:
    """The model's code usage on its dataset's test split, once per model file."""
    return _usage(ae.path, _mtime(ae.path), ae.dataset, os.environ.get("AE_DATA_DIR", ""), ae)


def what_the_code_uses(ae) -> None:
    """A bar per unit (its mean KL), the number of active units and the finding in one sentence."""
    found = usage(ae)
    st.subheader("What the code uses", anchor=False)
    st.caption(f"Over {found.images:,} test images: each bar is one unit's mean KL divergence from the prior "
               f"(how much information it carries, in nats). A unit is **active** when its mean moves from "
               f"image to image (variance above {ACTIVE_THRESHOLD}, Burda et al.'s measure); grey bars are "
               "units the model leaves at the prior.")
    left, right = st.columns([1, 3])
    left.metric("Active units", f"{found.active_count} of {found.units}",
                help="Units whose posterior mean varies over the test set by more than "
                     f"{ACTIVE_THRESHOLD} (variance): the others encode nothing about the image.")
    with right:
        rows = enumerate(zip(found.kl, found.activity, found.active))
        tips = [f"unit {i}: KL {k:.3f} nats, variance of its mean {a:.3f}" + ("" if on else " (inactive)")
                for i, (k, a, on) in rows]
        shades = [colour(ae.kind) if on else INACTIVE for on in found.active]
        labels = [str(i) for i in range(found.units)] if found.units <= 16 else None
        bars(found.kl, shades, tips, labels, height=120, max_width=36)
    st.markdown(found.sentence())
