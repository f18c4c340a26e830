"""Sparse: an L1 penalty keeps most code units silent for any one image."""
import numpy as np
import streamlit as st

from ae_models import DataNotFoundError
from ae_models.kinds.sparse import ACTIVE
from ui import loaders
from ui.charts import histogram, show
from ui.kind_page import kind_page
from ui.pictures import image_strip
from ui.trial import Trial

BATCH = 512         # test images the histogram is drawn from
SHOWN_UNITS = 8


def sparsity(ae, trial: Trial) -> None:
    """Active units for this image, the activation histogram, and what the busiest units draw."""
    st.subheader("How sparse is the code?", anchor=False)
    on = trial.code > ACTIVE
    a, b = st.columns([1, 2])
    a.metric("Active units for this image", f"{on.sum()} of {len(on)}", f"{on.mean():.0%} of the code",
             delta_color="off", delta_arrow="off")
    try:
        codes = ae.encode(loaders.test_split(ae.dataset)[0][:BATCH])
    except DataNotFoundError:
        b.info("The activation histogram needs the test set, which is not available here.")
        return
    a.metric("Active on average", f"{(codes > ACTIVE).mean():.0%}", help=f"Over {len(codes)} test images.")
    with b:
        st.markdown(f"Activations of the units that are on, over {len(codes)} test images "
                    f"({(codes <= ACTIVE).mean():.0%} of all values are zero)")
        show(histogram(codes[codes > ACTIVE], ae.kind, "activation"))

    st.markdown("**What the busiest units draw**: the average code with one unit pushed to its maximum")
    units = np.argsort(trial.code)[::-1][:SHOWN_UNITS]
    probes = np.repeat(codes.mean(0, keepdims=True), len(units), axis=0)
    probes[np.arange(len(units)), units] = codes[:, units].max(0)
    image_strip(ae.decode(probes), [f"unit {u}" for u in units])


kind_page("sparse", """
A **sparse** autoencoder pays a **sparsity penalty**: an L1 cost on the code's activity, so for
any one image most code units stay at zero and only a few speak up. The code can be as large as
you like; what it cannot do is use every unit at once. Each unit ends up standing for a part
(a stroke, a loop, a sleeve) that many images share.

The shipped MNIST model adds a **threshold**: each unit is normalised and passes its value only
above the threshold, else it stays at exactly zero. Every unit that speaks then costs at least a fixed amount,
so the penalty counts units instead of letting many whisper.

Set the L1 strength and threshold when you train your own; below, see how many units this image
switches on.
""", extra=sparsity)
