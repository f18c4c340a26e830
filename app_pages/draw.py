"""Draw: your own digit (or a photo of one), what the models see, and what each makes of it."""
import streamlit as st

from ui import inputs
from ui.live import every_kind, show_every_kind
from ui.pictures import picture
from ui.sidebar import current_dataset

st.title("Draw", anchor=False)
st.markdown("Draw a digit or upload a picture of one. It is cropped, scaled and centred the way "
            "MNIST's digits were, and every kind tries to reconstruct it.")

canvas_col, upload_col = st.columns(2, gap="large")
with canvas_col:
    inputs.drawing_input("draw_canvas", 280)
    st.caption("One digit, large, in the middle. The toolbar above the canvas undoes or clears.")
with upload_col:
    inputs.upload_input("draw_upload")
    st.caption("Use the drawing or the upload below: whichever you touched last.")

picked = inputs.user_image()
if picked is None:
    st.info("Nothing to show yet: draw a digit or upload an image.")
    st.stop()

st.subheader("What the models see", anchor=False)
seen, every = st.columns([1, 4])
with seen:
    picture(picked.image, f"28×28, from {picked.caption}")
with every:
    show_every_kind(picked.image, every_kind(picked.image, current_dataset()))
