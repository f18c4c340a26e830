"""Variational: a smooth latent space you can walk through and sample from."""
import numpy as np
import streamlit as st

from ui.kind_page import kind_page
from ui.live import Trial
from ui.pictures import image_strip, picture

SLIDERS = 4         # latent dimensions with a slider
SPAN = 3.0          # slider range: ±3 standard deviations of the prior
SAMPLES = 8
ORIGIN, SEED = "vae:origin", "vae:seed"


def _slider_key(i: int) -> str:
    return f"vae:z{i}"


def _start_from(code: np.ndarray) -> None:
    for i in range(min(SLIDERS, len(code))):
        st.session_state[_slider_key(i)] = float(np.clip(np.round(code[i], 2), -SPAN, SPAN))


def latent_space(ae, trial: Trial) -> None:
    """Sliders over the first latent dimensions redraw a generated image; random samples below."""
    st.subheader("Walk the latent space", anchor=False)
    origin = (ae.path, trial.clean.tobytes())
    if st.session_state.get(ORIGIN) != origin:      # a new input or model: start from its code
        st.session_state[ORIGIN] = origin
        _start_from(trial.code)
    dims = min(SLIDERS, ae.code_size)
    st.caption(f"The sliders start at this input's code (the mean of its cloud); "
               f"the other {ae.code_size - dims} coordinates stay where the input put them.")
    z = trial.code.copy()
    left, right = st.columns([3, 1])
    with left:
        for i in range(dims):
            z[i] = st.slider(f"z{i + 1}", -SPAN, SPAN, step=0.05, key=_slider_key(i))
        st.button("Back to the input's code", on_click=_start_from, args=(trial.code,))
    with right:
        picture(ae.decode(z[None])[0], "Decoded from these coordinates")

    st.subheader("Random samples", anchor=False)
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    temperature = a.slider("Temperature (spread of the prior)", 0.2, 2.0, 1.0, 0.1, key="vae:temperature")
    b.button("New samples", icon=":material/casino:",
             on_click=lambda: st.session_state.update({SEED: st.session_state.get(SEED, 0) + 1}))
    image_strip(ae.sample(SAMPLES, seed=st.session_state.get(SEED, 0), temperature=temperature))


kind_page("vae", """
A **variational** autoencoder encodes each image not as a point but as a small cloud (a mean and
a spread), and is trained to keep those clouds close to a standard normal distribution. The payoff
is a **latent space you can sample**: almost any point near the centre decodes to a plausible
image, and nearby points decode to similar ones.

Move the latent sliders to walk through that space, or draw random samples from the prior.
""", code_slider=True, extra=latent_space)
