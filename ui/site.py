"""The map of the app: the pages that are not a kind's, their icons, and display names.

Each kind's page, title, icon and section come from its record in
``ae_models.registry``; this module adds the gallery and the tool pages.
"""
from __future__ import annotations

from pathlib import Path

from ae_models.registry import sections

HOME_PAGE = "app_pages/home.py"
TOOL_PAGES: dict[str, tuple[str, str]] = {     # title -> (page file, icon)
    "Compare": ("app_pages/compare.py", ":material/compare:"),
    "Draw": ("app_pages/draw.py", ":material/draw:"),
    "Class board": ("app_pages/board.py", ":material/leaderboard:"),
}
HOME_ICON = ":material/grid_view:"
DATASET_NAMES: dict[str, str] = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST",
                                 "binarized_mnist": "Binarized MNIST"}


def kinds_with_pages() -> list[str]:
    """Every kind that has a page, in site order (section by section)."""
    return [k.name for group in sections().values() for k in group]


def page_names(url_path: str) -> frozenset[str]:
    """The names a page's own session keys carry: its kind's name on a kind's page ("simple" -> "dense"),
    "compare" on Compare, none elsewhere (the address then holds only the sidebar's values)."""
    kinds = {Path(k.page).stem: k.name for group in sections().values() for k in group}
    if url_path in kinds:
        return frozenset({kinds[url_path]})
    return frozenset({url_path}) if url_path == "compare" else frozenset()
