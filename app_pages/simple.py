"""Simple: one dense layer squeezes the image into a code, one more draws it back."""
from ui.kind_page import kind_page

kind_page("dense", """
An autoencoder learns to copy its input through a **bottleneck**. Here one dense layer squeezes
the 784 pixels into a short *code*, and a second layer has to draw the whole picture back from
that code alone. Since the code is much smaller than the image, the network must keep what
matters (the strokes, the overall shape) and drop the rest.

With purely linear layers it would find exactly the subspace **PCA** finds; the sigmoid output
lets it do a little better. Move the code size and compare the two curves.
""", code_slider=True)
