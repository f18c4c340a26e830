"""Compare: one input through every kind at once, and the test-set figures side by side."""
import numpy as np
import pandas as pd
import streamlit as st

from ae_models import KINDS, TITLES
from ae_models.evaluate import COLUMNS, saved_results
from ae_models.store import code_sizes
from ae_models.latent import mosaic
from ui.charts import METRICS, kind_bars, quality_curve, show
from ui.downloads import picture_download
from ui.chooser import DEFAULT_CODE
from ui.inputs import current_input, no_input_note
from ui.live.views import EVERY_MODEL_SEES
from ui.trial import corrupt, corrupt_controls, every_kind, show_every_kind, show_every_kind_live, show_unavailable
from ui.loaders import subset_size
from ui.pictures import picture
from ui.sidebar import current_dataset
from ui.site import DATASET_NAMES
from ui.state import Comparison, keep_valid, set_default

KINDS_KEY, CODE_KEY = Comparison.KINDS_KEY, Comparison.CODE_KEY

dataset = current_dataset()
st.title("Compare every kind", anchor=False)
st.markdown("The same input through each kind's model at one code size. The lowest BCE is marked ★. "
            "Corrupt the input to see which kinds cope with noise.")

set_default(KINDS_KEY, list(KINDS))
kinds = st.pills("Kinds", list(KINDS), selection_mode="multi", key=KINDS_KEY, format_func=TITLES.get)
sizes = sorted({size for kind in kinds for size in code_sizes(kind, dataset)})
code_size = None
if sizes:
    keep_valid(CODE_KEY, sizes, DEFAULT_CODE if DEFAULT_CODE in sizes else sizes[-1])
    code_size = st.select_slider("Code size", sizes, key=CODE_KEY,
                                 help="How many numbers each model squeezes the image into.")
    missing = [TITLES[k] for k in kinds if code_size not in code_sizes(k, dataset)]
    if missing:
        st.caption(f"No saved model at code size {code_size}: {', '.join(missing)}.")


@st.fragment
def side_by_side(chosen: Comparison) -> None:
    """The chosen kinds' reconstructions of the (corrupted) input, and their errors as bars."""
    kinds, code_size = list(chosen.kinds), chosen.code_size
    picked = current_input()
    if picked is None:
        no_input_note()
        return
    if code_size and show_every_kind_live("compare", picked.image, dataset, kinds, code_size):
        return   # drawn in the browser, which redraws every kind at each noise move
    noise = corrupt_controls("compare")
    seen = corrupt(picked.image, noise.kind, noise.level)
    results, unavailable = every_kind(seen, dataset, kinds, code_size) if code_size else ([], [])
    show_unavailable(unavailable)
    if not results:
        st.warning("No saved models for these kinds on this dataset yet: pick other kinds, "
                   "or run `python -m ae_models train-all`.")
    left, right = st.columns([1, 4])
    with left:
        picture(seen, EVERY_MODEL_SEES)
    with right:
        errors = show_every_kind(picked.image, results, dataset)
    if results:
        picture_download(mosaic(np.stack([seen] + [r.output for r in results]), len(results) + 1),
                         "compare-row.png", key="compare:row_png", label="PNG of this row")
    if results:
        st.markdown("**BCE for this image**, per kind (lower is better)")
        kind_bars(errors, "BCE")


side_by_side(Comparison(tuple(kinds), code_size))

st.subheader("On the whole test set", anchor=False)
st.caption("Measured when each model was trained (`python -m ae_models evaluate` measures them again).")
columns = [(label, key) for label, key in COLUMNS if key != "dataset"]
table = pd.DataFrame([{label: TITLES[r[key]] if key == "kind" else r.get(key) for label, key in columns}
                      for r in saved_results(dataset, kinds)], columns=[label for label, _ in columns])
table = table.dropna(axis="columns", how="all")     # e.g. -ELBO when no VAE is chosen
decimals = {"BCE": 4, "PCA BCE": 4, "MSE": 4, "SSIM": 4, "PSNR dB": 2, "-ELBO nats": 2, "probe acc": 3, "train s": 0}
st.dataframe(table, hide_index=True, placeholder="–", column_config={
    **{c: st.column_config.NumberColumn(format=f"%.{d}f") for c, d in decimals.items()},
    "params": st.column_config.NumberColumn(format="localized")})
st.download_button("Download the table (CSV)", table.to_csv(index=False), file_name=f"results-{dataset}.csv",
                   mime="text/csv", icon=":material/download:", on_click="ignore", key="compare:csv")
if size := subset_size(dataset):
    st.caption(f"These models were trained and measured on a {size:,}-image subset of {DATASET_NAMES[dataset]}.")
metric = st.segmented_control("Quality measure", list(METRICS), default="bce", required=True, key="compare:metric",
                              format_func=lambda m: METRICS[m].split(" ")[0])
st.markdown(f"**{METRICS[metric]} against code size**, per kind (PCA dotted)")
show(quality_curve(["pca", *(k for k in kinds if k != "pca")], dataset, metric, code_size))
