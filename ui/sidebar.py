"""The sidebar every page shares: which dataset, and which input image."""
from __future__ import annotations

import streamlit as st

from ae_models.data import DATASETS

from . import address, inputs, loaders, state
from .live_draw import show_sidebar_drawing_live
from .pictures import picture
from .site import DATASET_NAMES
from .state import DATASET, LIVE, keep_valid


def dataset_label(name: str) -> str:
    """'Fashion-MNIST (subset)' when the shipped models of it saw only part of it."""
    return DATASET_NAMES[name] + (" (subset)" if loaders.shipped_on_subset(name) else "")


def current_dataset() -> str:
    """The dataset picked in the sidebar."""
    return state.read(DATASET, DATASETS[0])


def _pick(source: str, dataset: str) -> inputs.InputImage | None:
    """The picker for the chosen source; returns what it holds."""
    if source == "Sample":
        return inputs.sample_picker(dataset)
    if source == "Drawing":
        st.caption("Draw one digit, large and centred.")
        if show_sidebar_drawing_live():      # in this browser: the page's live views follow the pen
            return inputs.drawn()
        inputs.drawing_input("sidebar_canvas", 224)
        if inputs.drawn() is not None and not st.session_state.get("sidebar_canvas:strokes"):
            st.caption("In use: the drawing you made on the Draw page (shown below). Draw here to replace it.")
        return inputs.drawn()
    inputs.upload_input("sidebar_upload")
    return inputs.uploaded()


def render(on_draw_page: bool = False) -> None:
    """Draw the sidebar and store the picked input for the page (the Draw page has its own canvas)."""
    with st.sidebar:
        keep_valid(DATASET, DATASETS, DATASETS[0])
        dataset = st.selectbox("Dataset", DATASETS, key=DATASET, format_func=dataset_label)
        keep_valid(inputs.SOURCE_KEY, inputs.SOURCES, inputs.SOURCES[0])
        source = st.segmented_control("Input image", inputs.SOURCES, key=inputs.SOURCE_KEY, required=True,
                                      width="stretch")
        if on_draw_page and source != "Sample":
            # The page's own canvas and uploader run after the sidebar: it shows the result itself.
            st.caption("Draw or upload on this page.")
            picked = inputs.user_image()
        else:
            picked = _pick(source, dataset)
            if picked is not None:
                picture(picked.image, f"What the models see: {picked.caption}", width=112)
            elif source == "Drawing" or (source == "Upload" and not inputs.upload_problem()):
                st.info("No image yet: draw or upload one, or pick a test sample.")
        state.write(inputs.INPUT, picked)
        live_switch()
        address.copy_link_button()
        st.caption("The link opens this page as you see it: the dataset, the test image, the sliders.")


def live_switch() -> None:
    """Whether sliders that move a picture decode it in the visitor's browser (or on the server)."""
    state.set_default(LIVE, True)
    reason = state.browser_trouble()
    st.toggle("Draw in this browser", key=LIVE, disabled=reason is not None,
              help="Sliders that move a picture run the model here, in your browser, and redraw at screen rate "
                   "without asking the server. Off: the server draws each move.")
    if reason:
        st.caption(f"This browser cannot run the models ({reason}): the server draws each move.")
