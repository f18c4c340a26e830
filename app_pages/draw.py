"""Draw: your own digit (or a photo of one), what the models see, and what each makes of it."""
import streamlit as st

from ae_models.images import FORMATS, MAX_BYTES
from ui import inputs
from ui.likeness import show_likeness
from ui.live_draw import show_drawing_live
from ui.pictures import picture
from ui.sidebar import current_dataset
from ui.trial import every_kind, show_every_kind, show_unavailable

dataset = current_dataset()
st.title("Draw", anchor=False)
st.markdown("Draw a digit or upload a picture of one. It is cropped, scaled and centred the way "
            "MNIST's digits were, and every kind tries to reconstruct it.")

UPLOAD_NOTE = (f"{', '.join(FORMATS)} up to {MAX_BYTES // 2**20} MB: a photo or scan of ink on paper works. "
               "The page uses the drawing or the upload, whichever you touched last.")
live = show_drawing_live("draw:live", dataset)     # the canvas in this browser, every kind redrawing as you write
if live:
    inputs.upload_input("draw_upload")
    st.caption(UPLOAD_NOTE)
else:
    canvas_col, upload_col = st.columns(2, gap="large")
    with canvas_col:
        inputs.drawing_input("draw_canvas", 280)
        st.caption("One digit, large, in the middle. Undo takes back the last stroke; Clear starts again.")
    with upload_col:
        inputs.upload_input("draw_upload")
        st.caption(UPLOAD_NOTE)

picked = inputs.user_image()
if picked is None:
    if not inputs.upload_failed():
        st.info("Nothing to show yet: the canvas is empty. Draw a digit, or upload an image.")
    st.stop()

st.subheader("What the models see", anchor=False)
yours, seen, likeness = st.columns([1, 1, 2], gap="medium")
with yours:
    st.image(picked.original, caption="As you gave it", width="stretch", alt="Your image, as you gave it")
with seen:
    picture(picked.image, f"28×28, from {picked.caption}")
likeness_slot = likeness.empty()    # filled last: its first run measures the test set

if not (live and picked is inputs.drawn()):     # the live view above already shows every kind's answer
    st.subheader("What each kind makes of it", anchor=False)
    results, unavailable = every_kind(picked.image, dataset)
    show_unavailable(unavailable)
    show_every_kind(picked.image, results, dataset)

with likeness_slot.container():
    show_likeness(picked.image, dataset)
