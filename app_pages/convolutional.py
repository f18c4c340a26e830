"""Convolutional: small filters slid over the image, the same weights everywhere."""
from ui.kind_page import kind_page

kind_page("conv", """
Images have neighbours: a stroke is a stroke wherever it sits. A **convolutional** autoencoder
slides small 3×3 filters over the image, so the same few weights look for edges and curves at
every position. Strided convolutions shrink 28×28 to 7×7 feature maps before the code;
transposed convolutions grow them back.

Far fewer weights than a dense layer of the same reach, and usually sharper reconstructions.
""", code_slider=True)
