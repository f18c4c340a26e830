"""Home: a gallery card per kind with a sample reconstruction and its headline figure."""
import streamlit as st

from ae_models import KINDS, TITLES, CorruptModelError
from ui.charts import KIND_COLOURS
from ui.chooser import default_entry
from ui.inputs import current_input
from ui.loaders import load_model
from ui.pictures import image_strip
from ui.sidebar import current_dataset
from ui.site import DATASET_NAMES, ICONS, KIND_PAGES

PER_ROW = 4
dataset = current_dataset()
picked = current_input()

st.title("Autoencoder Lab", anchor=False)
st.markdown("""
An **autoencoder** squeezes an image into a short code and draws it back from that code alone.
What it keeps says what it has learned. Each page below shows one kind: what it is, its
architecture, a pretrained model to play with (or train your own), and sliders that act live.
Pick the dataset and the input image in the sidebar; it follows you from page to page.
""")


def card(kind: str) -> None:
    """One kind: its input and reconstruction, its test figure, a link to its page."""
    st.html(f'<div style="height:4px;border-radius:2px;background:{KIND_COLOURS[kind]}"></div>')
    st.markdown(f"#### {TITLES[kind]}")
    st.caption(KINDS[kind].split(": ", 1)[1])
    entry = default_entry(kind, dataset)
    if entry is None:
        st.caption(f"No pretrained model for {DATASET_NAMES[dataset]} yet: open the page to train one, "
                   "or run `python -m ae_models train-all`.")
    elif picked is not None:
        try:
            output = load_model(entry).reconstruct(picked.image)[0]
            image_strip([picked.image, output], ["input", "output"])
        except CorruptModelError as error:
            st.error(str(error))
    ssim = entry.metadata.get("metrics", {}).get("ssim") if entry else None
    if ssim is not None:
        subset = ", trained on a subset" if entry.metadata.get("dataset_subset") else ""
        st.markdown(f"**Test SSIM {ssim:.3f}** at code size {entry.code_size}{subset}")
    st.page_link(KIND_PAGES[kind], label=f"Open {TITLES[kind]}", icon=ICONS[kind])


kinds = list(KIND_PAGES)
for start in range(0, len(kinds), PER_ROW):
    for column, kind in zip(st.columns(PER_ROW), kinds[start:start + PER_ROW]):
        with column.container(border=True):
            card(kind)
