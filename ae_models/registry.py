"""The registry of autoencoder kinds: one record per kind, in the order pages show them.

A record says everything the rest of the project needs to know about a kind:
its name, title and one-line blurb, where it sits in the site (section, icon,
colour, page), its settings class, the module that builds it, and the recipe
the shipped grid trains it with. The site map, charts, gallery, grid and
catalogue all read these records. Adding a kind is its module in
``ae_models/kinds/`` (settings and ``build``), its record here, and its page.

Kind modules import no framework at module level, so reading the registry (or
a kind's settings) never imports TensorFlow; ``build`` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from .kinds import conv, cvae, deep, dense, denoising, lstm, pca, sparse, vae
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
         ":material/linear_scale:", "#9ca3af", None, pca, Recipe(epochs=0)),
    Kind("dense", "Simple", "one dense code layer between input and output", "Basics",
         ":material/compress:", "#5b8ff9", "app_pages/simple.py", dense,
         Recipe(epochs=50, batch_size=256, learning_rate=2e-3)),
    Kind("sparse", "Sparse", "an L1 penalty keeps most code units silent", "Basics",
         ":material/scatter_plot:", "#e8a317", "app_pages/sparse.py", sparse,
         Recipe(options={"l1": 1e-4, "hidden": [1024, 512], "normalize": True, "threshold": 0.5})),
    Kind("deep", "Deep", "stacked dense layers, optionally with tied weights", "Basics",
         ":material/stacks:", "#3fb68b", "app_pages/deep.py", deep, Recipe(epochs=50, batch_size=256)),
    Kind("conv", "Convolutional", "filters that see strokes, not single pixels", "Images",
         ":material/filter_center_focus:", "#e8684a", "app_pages/convolutional.py", conv),
    Kind("denoising", "Denoising", "learns to undo noise added to its input", "Images",
         ":material/blur_off:", "#9270ca", "app_pages/denoising.py", denoising,
         Recipe(epochs=25, options={"noise_kind": "gaussian", "noise_level": 0.5})),
    Kind("vae", "Variational", "a smooth latent space you can sample from", "Generative",
         ":material/auto_awesome:", "#ff7fb0", "app_pages/variational.py", vae),
    Kind("cvae", "Conditional", "choose the digit, keep the style", "Generative",
         ":material/format_shapes:", "#8cc63f", "app_pages/conditional.py", cvae,
         Recipe(epochs=40, patience=6, options={"hidden": [256]})),
    Kind("lstm", "Recurrent", "reads the image row by row as a sequence", "Images",
         ":material/table_rows:", "#2aa7b8", "app_pages/recurrent.py", lstm,
         Recipe(epochs=25, learning_rate=2e-3)),
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
