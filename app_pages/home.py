"""Home: a gallery card per kind with a sample reconstruction and its headline figure."""
import numpy as np
import streamlit as st

from ae_models import CorruptModelError
from ae_models.previews import preview
from ae_models.registry import BY_NAME
from ui.charts import colour
from ui.chooser import default_entry
from ui.glossary import TERMS
from ui.inputs import current_input
from ui.lesson import PARTS, example_link
from ui.loaders import load_model
from ui.pictures import alt_text, image_strip
from ui.sidebar import current_dataset
from ui.site import DATASET_NAMES, kinds_with_pages

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


def reconstruction(entry) -> np.ndarray:
    """The entry's answer to the picked input: precomputed for the first test images, else run."""
    if picked.test_index is not None and (ready := preview(entry, dataset, picked.test_index)) is not None:
        return ready
    ae = load_model(entry)
    return ae.reconstruct(picked.image, ae.read_label(picked.image))[0]


def card(kind: str) -> None:
    """One kind: its input and reconstruction, its test figure, a link to its page."""
    record = BY_NAME[kind]
    st.html(f'<div style="height:4px;border-radius:2px;background:{colour(kind)}"></div>')
    st.markdown(f"#### {record.title}")
    st.caption(record.blurb[0].upper() + record.blurb[1:])
    entry = default_entry(kind, dataset)
    if entry is None:
        st.caption(f"No pretrained model for {DATASET_NAMES[dataset]} yet: open the page to train one, "
                   "or run `python -m ae_models train-all`.")
    elif picked is not None:
        try:
            image_strip([picked.image, reconstruction(entry)], ["input", "output"],
                        alts=[f"input: {alt_text(picked.caption)}", f"its reconstruction by the {record.title} model, "
                              f"code {entry.code_size}"])
        except CorruptModelError as error:
            st.error(str(error))
    ssim = entry.record.metrics.ssim if entry else None
    if ssim is not None:
        subset = ", trained on a subset" if entry.record.dataset_subset else ""
        st.markdown(f"**Test SSIM {ssim:.3f}** at code size {entry.code_size}{subset}")
    st.page_link(record.page, label=f"Open {record.title}", icon=record.icon)


kinds = kinds_with_pages()
for start in range(0, len(kinds), PER_ROW):
    for column, kind in zip(st.columns(PER_ROW), kinds[start:start + PER_ROW]):
        with column.container(border=True):
            card(kind)

with st.expander("Words used on these pages", icon=":material/menu_book:"):
    st.markdown("\n".join(f"- **{term}**: {text}" for term, text in TERMS.items()))

with st.expander("Lesson links, for teachers", icon=":material/school:"):
    first = example_link("denoising", ("train", "sidebar", "code", "download"),
                         "Raise the noise level until the digit is lost. At which level does it go?")
    second = example_link("variational", ("train", "architecture", "curve"),
                          "How many of the 32 code units carry information?")
    st.markdown(f"""
Send students a page with only what the lesson needs: add `hide=` with any of
{", ".join(f"`{p}` ({what})" for p, what in PARTS.items())}, separated by commas, and `note=` with one
short line of text to show at the top (plain text, up to 200 characters). Both stay while the student
moves from page to page. For example:

- [{first}]({first}): the Denoising page, its noise sliders and a question, nothing else.
- [{second}]({second}): the Variational page without training, architecture or curve.
""")
