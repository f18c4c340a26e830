"""Deep: stacked dense layers on both sides of the code."""
from ui.kind_page import kind_page

kind_page("deep", """
Stack more layers on each side: 784 → 512 → 256 → code, and back. Each layer bends the data a
little, so a **deep** autoencoder can follow the curved shape of the space of digits, where PCA
only ever takes flat projections. That pays most at small code sizes: compare the curves.

With **tied weights** the decoder reuses the encoder's kernels, transposed: half the parameters,
and a model that cannot cheat by learning two unrelated halves.
""", code_slider=True)
