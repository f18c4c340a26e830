"""The latency floor: a bare Streamlit page whose slider only redraws a 28x28 image (`streamlit run` it)."""
import numpy as np
import streamlit as st

level = st.slider("Level", 0.0, 1.0, 0.5, 0.05, key="level")
image = np.random.default_rng(0).random((28, 28)) * level
st.image(np.kron(image, np.ones((8, 8))), width=224, clamp=True, output_format="PNG")
