"""Compare: one input through every kind at once, and the test-set figures side by side."""
import streamlit as st

from ae_models import KINDS, TITLES, metrics
from ui.charts import METRICS, kind_bars, quality_curve, show
from ui.chooser import default_entry
from ui.inputs import current_input
from ui.live import corrupt, corrupt_controls, every_kind, show_every_kind
from ui.loaders import subset_size
from ui.pictures import picture
from ui.sidebar import current_dataset
from ui.site import DATASET_NAMES

dataset = current_dataset()
st.title("Compare every kind", anchor=False)
st.markdown("The same input through each kind's model (code size 32 where it exists). "
            "Corrupt the input to see which kinds cope with noise.")


@st.fragment
def side_by_side() -> None:
    """Every kind's reconstruction of the (corrupted) input, and their errors as bars."""
    picked = current_input()
    if picked is None:
        st.info("Pick an input in the sidebar: a test sample, a drawing or an upload.")
        return
    seen = corrupt(picked.image, *corrupt_controls("compare"))
    results = every_kind(seen, dataset)
    if not results:
        st.warning("No saved models for this dataset yet: run `python -m ae_models train-all`.")
    left, right = st.columns([1, 4])
    with left:
        picture(seen, "What every model sees")
    with right:
        show_every_kind(picked.image, results)
    errors = {kind: float(metrics.bce(picked.image, output)[0]) for kind, output in results}
    show(kind_bars(errors, "BCE for this image"))


side_by_side()

st.subheader("On the whole test set", anchor=False)
rows = []
for kind in KINDS:
    entry = default_entry(kind, dataset)
    if entry is not None:
        m, t = entry.metadata.get("metrics", {}), entry.metadata.get("training", {})
        rows.append({"kind": TITLES[kind], "code": entry.code_size, "parameters": entry.metadata.get("params"),
                     **{name: m.get(name) for name in METRICS}, "epochs": t.get("epochs_run"),
                     "training s": t.get("seconds")})
st.dataframe(rows, hide_index=True, column_config={
    **{name: st.column_config.NumberColumn(format="%.4f") for name in ("bce", "mse", "ssim")},
    "psnr": st.column_config.NumberColumn("psnr dB", format="%.2f"),
    "parameters": st.column_config.NumberColumn(format="localized"),
    "training s": st.column_config.NumberColumn(format="%.0f")})
if size := subset_size(dataset):
    st.caption(f"These models were trained and measured on a {size:,}-image subset of {DATASET_NAMES[dataset]}.")
metric = st.segmented_control("Quality measure", list(METRICS), default="bce", required=True, key="compare:metric",
                              format_func=lambda m: METRICS[m].split(" ")[0])
show(quality_curve(list(KINDS), dataset, metric))
