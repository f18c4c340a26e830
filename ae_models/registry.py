"""The registry of autoencoder kinds: one record per kind, in the order pages show them.

A record says everything the rest of the project needs to know about a kind:
its name, title and one-line blurb, where it sits in the site (section, icon,
colour, page), its settings class, the module that builds it, and the recipe
the shipped grid trains it with. The site map, charts, gallery, grid and
catalogue all read these records, and each kind page opens with the record's
objective (the loss, in LaTeX) and its three things to try. Adding a kind is its module in
``ae_models/kinds/`` (settings and ``build``), its record here, and its page.

Kind modules import no framework at module level, so reading the registry (or
a kind's settings) never imports TensorFlow; ``build`` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from .kinds import conv, cvae, deep, denoising, dense, lstm, pca, sparse, vae
from .kinds._base import KindConfig, Parts


@dataclass(frozen=True)
class Recipe:
    """How the shipped grid trains a kind (epochs are caps: early stopping on a held-out split)."""

    epochs: int = 30
    batch_size: int = 128
    learning_rate: float = 1e-3
    patience: int = 5
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """One autoencoder kind, as every part of the project sees it."""

    name: str               # the kind's key: "conv"
    title: str              # its name on pages: "Convolutional"
    blurb: str              # one line saying what it is
    section: str            # the navigation group its page sits in
    icon: str               # a Material icon for its page
    colour: str             # its colour in every chart (a mid-tone, readable on light and dark)
    page: str | None        # its page file; None for the baseline, which lives on Compare
    module: ModuleType      # ae_models.kinds.<name>: Config (no framework) and build()
    recipe: Recipe = Recipe()
    objective: str = ""     # the loss it minimises, as a LaTeX formula (its page opens with it)
    to_try: tuple[str, ...] = ()    # three things a student can do on its page, in Markdown

    @property
    def description(self) -> str:
        """'Title: blurb', the short description ``KINDS`` maps each kind to."""
        return f"{self.title}: {self.blurb}"

    @property
    def settings(self) -> type[KindConfig]:
        """The kind's settings dataclass."""
        return self.module.Config

    def build(self, config: KindConfig) -> Parts:
        """Build the kind's Keras parts (imports TensorFlow, configured for this machine first)."""
        from . import runtime
        runtime.configure()
        return self.module.build(config)


RECORDS: tuple[Kind, ...] = (
    Kind("pca", "PCA", "the linear baseline every autoencoder is measured against", "Baseline",
         ":material/linear_scale:", "#9ca3af", None, pca, Recipe(epochs=0),
         objective=r"\min_{W^\top W = I}\ \frac{1}{N}\sum_{n} \lVert x_n - W W^\top x_n \rVert^2",
         to_try=(
             "On **Compare**, set the code size to 2, then 64: how much sharper does PCA's reconstruction get?",
             "Compare PCA's picture with the Simple autoencoder's at the same code size: which keeps the stroke "
             "ends?",
             "Look at the quality curve on Compare: at which code size does each kind pull away from PCA?",
         )),
    Kind("dense", "Simple", "one dense code layer between input and output", "Basics",
         ":material/compress:", "#5b8ff9", "app_pages/simple.py", dense,
         Recipe(epochs=50, batch_size=256, learning_rate=2e-3),
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n \ell_{\mathrm{BCE}}\big(x_n,\ g(f(x_n))\big), \quad \allowbreak "
                    r"\ell_{\mathrm{BCE}}(x, \hat x) = -\sum_{i=1}^{784} \big[x_i \log \hat x_i + "
                    r"(1 - x_i) \log(1 - \hat x_i)\big]"),
         to_try=(
             "Move the **code size** from 2 to 64 and watch the reconstruction sharpen: where does it stop "
             "improving?",
             "In **Edit the code**, move one unit's slider at a time: does any unit draw a recognisable stroke?",
             "Draw a letter (not a digit) in the sidebar and see what the model makes of it.",
         )),
    Kind("sparse", "Sparse", "an L1 penalty keeps most code units silent", "Basics",
         ":material/scatter_plot:", "#e8a317", "app_pages/sparse.py", sparse,
         Recipe(options={"l1": 1e-4, "hidden": [1024, 512], "normalize": True, "threshold": 0.5}),
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n \Big[\ell_{\mathrm{BCE}}\big(x_n, g(z_n)\big) + "
                    r"\lambda \lVert z_n \rVert_1\Big],\quad \allowbreak "
                    r"z_n = f(x_n)"),
         to_try=(
             "Read **Active units for this image**: pick a few different samples; do thin digits use fewer units?",
             "Look at **what the busiest units draw**: can you name the stroke each one stands for?",
             "Train your own with a ten times larger **L1 strength**: what happens to the share of active units and "
             "to the picture?",
         )),
    Kind("deep", "Deep", "stacked dense layers, optionally with tied weights", "Basics",
         ":material/stacks:", "#3fb68b", "app_pages/deep.py", deep, Recipe(epochs=50, batch_size=256),
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n \ell_{\mathrm{BCE}}\big(x_n,\ g(f(x_n))\big), \quad \allowbreak "
                    r"f, g \text{ several dense layers deep}"),
         to_try=(
             "Set the same **code size** here and on the Simple page: which reconstruction is sharper?",
             "Open **Architecture** and count the parameters: how many more than the Simple model for the same code?",
             "Train your own with **tied weights** and compare its test BCE with the shipped model's.",
         )),
    Kind("conv", "Convolutional", "filters that see strokes, not single pixels", "Images",
         ":material/filter_center_focus:", "#e8684a", "app_pages/convolutional.py", conv,
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n \ell_{\mathrm{BCE}}\big(x_n,\ g(f(x_n))\big), \quad \allowbreak "
                    r"f, g \text{ convolutional}"),
         to_try=(
             "Move the **code size** down to 2 and up again: which details go first, and which survive?",
             "Upload a photo of a digit you wrote on paper: is it reconstructed as well as the test samples?",
             "Compare the **quality curve** against PCA: at which code size is the gap largest?",
         )),
    Kind("denoising", "Denoising", "learns to undo noise added to its input", "Images",
         ":material/blur_off:", "#9270ca", "app_pages/denoising.py", denoising,
         Recipe(epochs=25, options={"noise_kind": "gaussian", "noise_level": 0.5}),
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n \ell_{\mathrm{BCE}}\big(x_n,\ g(f(\tilde x_n))\big), \quad \allowbreak "
                    r"\tilde x_n = x_n + \text{noise}"),
         to_try=(
             "Raise the **noise level** step by step: at which level does the output stop looking like the clean "
             "digit?",
             "Switch the **noise type** (Gaussian, salt and pepper, masking): which one does the model undo best?",
             "Read the **PSNR gain** and the noise curve: where is the gap between input and output widest?",
         )),
    Kind("vae", "Variational", "a smooth latent space you can sample from", "Generative",
         ":material/auto_awesome:", "#ff7fb0", "app_pages/variational.py", vae,
         objective=(r"\min_{\phi,\theta}\ \frac{1}{N}\sum_n \Big[-\mathbb{E}_{q_\phi(z \mid x_n)} \log "
                    r"p_\theta(x_n \mid z) + "
                    r"\beta\, \mathrm{KL}\big(q_\phi(z \mid x_n)\,\Vert\, \mathcal{N}(0, I)\big)\Big]"),
         to_try=(
             "**Walk the latent space**: move one slider slowly and describe how the digit changes.",
             "Draw **random samples** from the prior: how many look like real digits? Try a lower temperature.",
             "Read **What the code uses**: at code size 32, how many units carry information, and what happens at "
             "64?",
         )),
    Kind("cvae", "Conditional", "choose the digit, keep the style", "Generative",
         ":material/format_shapes:", "#8cc63f", "app_pages/conditional.py", cvae,
         Recipe(epochs=40, patience=6, options={"hidden": [256]}),
         objective=(r"\min_{\phi,\theta}\ \frac{1}{N}\sum_n \Big[-\mathbb{E}_{q_\phi(z \mid x_n, y_n)} \log "
                    r"p_\theta(x_n \mid z, y_n) + "
                    r"\mathrm{KL}\big(q_\phi(z \mid x_n, y_n)\,\Vert\, \mathcal{N}(0, I)\big)\Big]"),
         to_try=(
             "**Pick a digit, move the style**: keep one style and switch between digits; what stays the same?",
             "Draw a digit in the sidebar and look at **your handwriting as every digit**: is your slant kept?",
             "Read **What the code uses**: with the label given, how many style units does the model need?",
         )),
    Kind("lstm", "Recurrent", "reads the image row by row as a sequence", "Images",
         ":material/table_rows:", "#2aa7b8", "app_pages/recurrent.py", lstm,
         Recipe(epochs=25, learning_rate=2e-3),
         objective=(r"\min_{f,g}\ \frac{1}{N}\sum_n "
                    r"\ell_{\mathrm{BCE}}\big(x_n,\ g(f(x_n^{(1)}, \dots, x_n^{(28)}))\big), \quad \allowbreak "
                    r"f, g \text{ LSTMs over the 28 rows}"),
         to_try=(
             "Move the **time step** slider: from which row on can you tell which digit it is?",
             "Compare the reconstruction's top and bottom rows: which half does the model get right first?",
             "Draw a digit upside down in the sidebar: does reading row by row cope as well?",
         )),
)
BY_NAME: dict[str, Kind] = {k.name: k for k in RECORDS}
KINDS: dict[str, str] = {k.name: k.description for k in RECORDS}
TITLES: dict[str, str] = {k.name: k.title for k in RECORDS}


def kind(name: str) -> Kind:
    """The record of a kind; ValueError names the valid kinds."""
    if name not in BY_NAME:
        raise ValueError(f"Unknown kind {name!r}. Choose one of: {', '.join(BY_NAME)}.")
    return BY_NAME[name]


def sections() -> dict[str, list[Kind]]:
    """The kinds with a page, grouped by section in registry order."""
    grouped: dict[str, list[Kind]] = {}
    for k in RECORDS:
        if k.page:
            grouped.setdefault(k.section, []).append(k)
    return grouped
