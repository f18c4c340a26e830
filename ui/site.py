"""The map of the app: which page shows which kind, how pages are grouped, icons and display names."""
from __future__ import annotations

HOME_PAGE = "app_pages/home.py"
KIND_PAGES: dict[str, str] = {
    "dense": "app_pages/simple.py", "sparse": "app_pages/sparse.py", "deep": "app_pages/deep.py",
    "conv": "app_pages/convolutional.py", "denoising": "app_pages/denoising.py",
    "lstm": "app_pages/recurrent.py", "vae": "app_pages/variational.py",
}
SECTIONS: dict[str, list[str]] = {
    "Basics": ["dense", "sparse", "deep"],
    "Images": ["conv", "denoising", "lstm"],
    "Generative": ["vae"],
}
TOOL_PAGES: dict[str, str] = {"Compare": "app_pages/compare.py", "Draw": "app_pages/draw.py"}
ICONS: dict[str, str] = {
    "home": ":material/grid_view:", "dense": ":material/compress:", "sparse": ":material/scatter_plot:",
    "deep": ":material/stacks:", "conv": ":material/filter_center_focus:",
    "denoising": ":material/blur_off:", "lstm": ":material/table_rows:",
    "vae": ":material/auto_awesome:", "Compare": ":material/compare:", "Draw": ":material/draw:",
}
DATASET_NAMES: dict[str, str] = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}
NOISE_NAMES: dict[str, str] = {"gaussian": "Gaussian", "salt_pepper": "Salt & pepper", "masking": "Masking"}
