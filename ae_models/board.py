"""The class board: finished runs their trainers chose to show everyone, kept in one JSON file beside
the user models (``class_board.json``). A post names its model in the catalogue, the title its owner
gave it, and the figures a class compares (test BCE, -ELBO, training time); only its owner may
rename it, take it down or delete the model.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .store import ModelEntry, forget_catalogue, list_models, user_dir, write_json

BOARD_FILE = "class_board.json"
MAX_TITLE = 60
_lock = threading.Lock()


class BoardError(ValueError):
    """A board request that cannot be done; the message says why."""


@dataclass(frozen=True)
class Post:
    """One published run."""

    model: str                  # its name in the catalogue
    title: str                  # the name its trainer gave it
    owner: str                  # the visitor who trained it
    kind: str
    dataset: str
    code_size: int
    settings: dict = field(default_factory=dict)    # epochs, batch size, learning rate, images, the kind's knobs
    bce: float | None = None
    neg_elbo: float | None = None
    seconds: float = 0.0
    published: str = ""


def board_file(folder: Path | None = None) -> Path:
    return Path(folder or user_dir()) / BOARD_FILE


def _read(folder: Path | None) -> list[Post]:
    path = board_file(folder)
    try:
        return [Post(**item) for item in json.loads(path.read_text())["posts"]]
    except FileNotFoundError:
        return []
    except (ValueError, TypeError, KeyError) as error:
        raise BoardError(f"The class board file {path} cannot be read ({error}); move it away to start afresh.") \
            from error


def _write(posts: list[Post], folder: Path | None) -> None:
    path = board_file(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, {"posts": [asdict(p) for p in posts]})


def owner_models(owner: str) -> list[ModelEntry]:
    """The user models of a post's owner: a visitor's own folder, or the command line's for another name."""
    try:
        return list_models(source="user", owner=owner)
    except ValueError:      # not a visitor id (a run from the command line, a test's name)
        return list_models(source="user")


def posts(folder: Path | None = None) -> list[Post]:
    """Every post whose model is still in its owner's folder, newest first."""
    found = _read(folder)
    present = {(o, e.name) for o in {p.owner for p in found} for e in owner_models(o)}
    return sorted((p for p in found if (p.owner, p.model) in present), key=lambda p: p.published, reverse=True)


def published(kind: str, dataset: str, folder: Path | None = None) -> list[tuple[Post, ModelEntry]]:
    """The posts of a kind and dataset with their models: what every visitor may open from the board."""
    out = []
    for post in posts(folder):
        if (post.kind, post.dataset) == (kind, dataset):
            entry = next((e for e in owner_models(post.owner) if e.name == post.model), None)
            if entry is not None:
                out.append((post, entry))
    return out


def clean_title(title: str) -> str:
    """A post's title, trimmed; BoardError when empty or too long."""
    title = " ".join(str(title).split())
    if not title:
        raise BoardError("Give your run a name first.")
    if len(title) > MAX_TITLE:
        raise BoardError(f"Keep the name under {MAX_TITLE} characters.")
    return title


def publish(entry: ModelEntry, title: str, owner: str, folder: Path | None = None) -> Post:
    """Show ``entry`` on the board under ``title`` (publishing again renames it)."""
    title, r = clean_title(title), entry.record
    t = r.training
    settings = {"epochs": t.epochs_run, "batch size": t.batch_size, "learning rate": t.learning_rate,
                "images": t.train_images, **{k: v for k, v in r.config.items() if k != "code_size"}}
    post = Post(entry.name, title, owner, r.kind, r.dataset, r.code_size, settings, r.metrics.bce,
                r.metrics.neg_elbo, float(t.seconds), time.strftime("%Y-%m-%dT%H:%M:%S"))
    with _lock:
        current = _read(folder)
        if any(p.model == entry.name and p.owner != owner for p in current):
            raise BoardError("Only the run's trainer can rename it.")
        _write([post, *(p for p in current if p.model != entry.name)], folder)
    return post


def post_of(model: str, folder: Path | None = None) -> Post | None:
    """The post of a model, if it is on the board."""
    return next((p for p in _read(folder) if p.model == model), None)


def unpublish(model: str, owner: str, folder: Path | None = None) -> None:
    """Take a post off the board (only its owner)."""
    with _lock:
        current = _read(folder)
        if any(p.model == model and p.owner != owner for p in current):
            raise BoardError("Only the run's trainer can take it off the board.")
        _write([p for p in current if p.model != model], folder)


def delete_run(entry: ModelEntry, owner: str, folder: Path | None = None) -> None:
    """Delete a user model and its post (the caller checks that ``owner`` trained it)."""
    if entry.source != "user":
        raise BoardError("Shipped models cannot be deleted.")
    unpublish(entry.name, owner, folder)
    entry.weights_path.unlink(missing_ok=True)
    entry.meta_path.unlink(missing_ok=True)
    forget_catalogue()
