"""Streamlit helpers every page shares, written once: cached loaders, pictures, charts,
the sidebar input, the model chooser, the training panel and the kind-page template.

Pages import from here and from ``ae_models``; nothing in ``ae_models`` imports
Streamlit. Importing this package loads neither TensorFlow nor any data.
"""
