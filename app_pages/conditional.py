"""Conditional: choose the digit, keep the style, see your handwriting as every digit."""
import streamlit as st

from ui.code_usage import what_the_code_uses
from ui.conditional import ask_for_a_digit, handwriting_as_every_digit, one_style_every_class, style_plane
from ui.inputs import current_input
from ui.kind_page import kind_page
from ui.latent_widgets import atlas
from ui.trial import Trial


def playground(ae, trial: Trial) -> None:
    """What the label and the style code do, in the order a visitor explores them."""
    found = atlas(ae)
    st.subheader("Pick a digit, move the style", anchor=False)
    st.caption("The label says which digit to draw; the sliders move through the style code, which holds "
               "what the label does not: slant, thickness, width.")
    ask_for_a_digit(ae, found)

    with st.container(key="cvae_handwriting"):
        st.subheader("Your handwriting as every digit", anchor=False)
        st.caption("The model reads your input by asking which label explains it best, encodes its style with "
                   "that label, then draws the same style with each of the ten.")
        handwriting_as_every_digit(ae, trial.clean, current_input().caption)

    st.subheader("One style, every class", anchor=False)
    st.caption("Each row is one random style from the prior, written as each of the ten classes.")
    one_style_every_class(ae)

    if ae.code_size == 2:
        st.subheader("The style plane", anchor=False)
        style_plane(ae)

    what_the_code_uses(ae)


kind_page("cvae", """
A **conditional** VAE is told the label: the encoder sees the image *and* which digit it is, the
decoder gets the code *and* the label. Since the label already says which digit, the code is free
to hold everything else: the **style** (slant, stroke thickness, width).

So you can ask for a digit, keep a style and change the digit, or write your own handwriting as
every digit. And since the model can score how well each label explains an image, it reads digits
too: no separate classifier needed.
""", code_slider=True, extra=playground)
