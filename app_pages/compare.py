"""Compare: one input through every kind at once, and the test-set figures side by side."""
import pandas as pd
import streamlit as st

from ae_models import KINDS, TITLES
from ae_models.evaluate import COLUMNS, saved_results
from ae_models.store import code_sizes
from ui import address
from ui.charts import METRICS, kind_bars, quality_curve, show
from ui.chooser import DEFAULT_CODE
from ui.downloads import picture_download
from ui.glossary import MEASURES_HELP, help_for
from ui.inputs import current_input, no_input_note
from ui.live.views import EVERY_MODEL_SEES
from ui.loaders import shipped_on_subset
from ui.pictures import labelled_row, picture
from ui.sidebar import current_dataset
from ui.site import DATASET_NAMES
from ui.state import Comparison, keep_valid, set_default
from ui.trial import corrupt, corrupt_controls, every_kind, show_every_kind, show_every_kind_live, show_unavailable

KINDS_KEY, CODE_KEY = Comparison.KINDS_KEY, Comparison.CODE_KEY

dataset = current_dataset()
st.title("Compare every kind", anchor=False)
st.markdown("The same input through each kind's model at one code size. The lowest BCE is marked ★. "
            "Corrupt the input to see which kinds cope with noise.")

# Start with the kinds that have a model at the default code size (the others would only say so).
set_default(KINDS_KEY, [k for k in KINDS if DEFAULT_CODE in code_sizes(k, dataset, "shipped")] or list(KINDS))
kinds = st.pills("Kinds", list(KINDS), selection_mode="multi", key=KINDS_KEY, format_func=TITLES.get)
sizes = sorted({size for kind in kinds for size in code_sizes(kind, dataset, "shipped")})
code_size = None
if sizes:
    keep_valid(CODE_KEY, sizes, DEFAULT_CODE if DEFAULT_CODE in sizes else sizes[-1])
    code_size = st.select_slider("Code size", sizes, key=CODE_KEY,
                                 help="How many numbers each model squeezes the image into.")
    missing = [TITLES[k] for k in kinds if code_size not in code_sizes(k, dataset, "shipped")]
    if missing:
        st.caption(f"No shipped model at code size {code_size}: {', '.join(missing)}.")


@address.fragment
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
        picture_download(labelled_row([seen] + [r.output for r in results],
                                      ["input"] + [TITLES[r.kind] for r in results]),
                         "compare-row.png", key="compare:row_png", label="PNG of this row", scale=1)
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
TERM_OF = {"PSNR dB": "PSNR", "-ELBO nats": "-ELBO", "probe acc": "probe accuracy"}
decimals = {"BCE": 4, "PCA BCE": 4, "MSE": 4, "SSIM": 4, "PSNR dB": 2, "-ELBO nats": 2, "probe acc": 3, "train s": 0}
st.dataframe(table, hide_index=True, placeholder="–", column_config={
    **{c: st.column_config.NumberColumn(format=f"%.{d}f", help=help_for(TERM_OF.get(c, c)))
       for c, d in decimals.items()},
    "params": st.column_config.NumberColumn(format="localized", help=help_for("params")),
    "epochs": st.column_config.NumberColumn(help=help_for("epochs"))})
st.download_button("Download the table (CSV)", table.round(decimals).to_csv(index=False), file_name=f"results-{dataset}.csv",
                   mime="text/csv", icon=":material/download:", on_click="ignore", key="compare:csv")
if shipped_on_subset(dataset):
    st.caption(f"These models were trained and measured on a subset of {DATASET_NAMES[dataset]}.")
metric = st.segmented_control("Quality measure", list(METRICS), default="bce", required=True, key="compare:metric",
                              format_func=lambda m: METRICS[m].split(" ")[0], help=MEASURES_HELP)
st.markdown(f"**{METRICS[metric]} against code size**, per kind (PCA dotted)")
show(quality_curve(["pca", *(k for k in kinds if k != "pca")], dataset, metric, code_size))
