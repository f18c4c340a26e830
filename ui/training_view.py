"""The live training view as one piece of HTML: the loss per batch (smoothed) with the epoch points,
eight test digits over their current reconstructions, the test codes' map coloured by class, and for
the variational kinds the reconstruction and KL terms and the KL of each code unit.

Plain HTML and SVG images, drawn from a ``Snapshot`` in a few milliseconds: it is redrawn twice a second
for every visitor who watches a run, and a Plotly figure per refresh would cost the server and the
browser far more. The outer element carries ``data-testid="training-view"`` and ``data-updates``
(how many times this session has redrawn it) so tests can watch it move.
"""
from __future__ import annotations

import base64
import html
import io
from collections import OrderedDict

import numpy as np
from PIL import Image

from ae_models.jobs import Snapshot

CLASS_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf")
LOSS_COLOUR, VAL_COLOUR, KL_COLOUR = "#1f77b4", "#ff7f0e", "#9467bd"
W, H, PAD = 360, 200, 28
_bodies: OrderedDict = OrderedDict()     # (job id, snapshot number) -> HTML, for every session watching it
MAX_BODIES = 64


def digits_png(top: np.ndarray, bottom: np.ndarray) -> str:
    """Two rows of 28x28 uint8 digits as a PNG data URL."""
    rows = [np.concatenate(list(r), axis=1) for r in (top, bottom)]
    out = io.BytesIO()
    Image.fromarray(np.concatenate(rows, axis=0)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _scale(values: np.ndarray, lo: float, hi: float, size: float, flip: bool = False) -> np.ndarray:
    t = (np.asarray(values, float) - lo) / ((hi - lo) or 1.0)
    return PAD + (1 - t if flip else t) * (size - 2 * PAD)


def _frame(title: str, body: str, width: int = W, height: int = H) -> str:
    """A titled SVG chart, as an image: ``st.html`` keeps images but strips inline SVG."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'font-family="sans-serif">{body}</svg>')
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return (f'<div style="flex:1 1 {width}px;min-width:240px"><div style="font-size:.85em;opacity:.8">'
            f'{html.escape(title)}</div><img class="chart" alt="{html.escape(title)}" src="{src}" '
            f'style="width:100%;max-width:{width * 1.4:.0f}px;border:1px solid rgba(128,128,128,.3);'
            f'border-radius:4px"></div>')


def curves_svg(title: str, series: list[tuple[str, np.ndarray, str]], points: list[tuple[str, np.ndarray, str]],
               steps: int) -> str:
    """Lines of (batch, value) pairs and epoch points (one value per finished epoch) on shared axes."""
    ys = [s[:, 1] for _, s, _ in series if len(s)] + [p for _, p, _ in points if len(p)]
    if not ys:
        return _frame(title, f'<text x="{PAD}" y="{H / 2}" font-size="12" fill="gray">waiting for the first '
                             'batches…</text>')
    every = np.concatenate(ys)
    lo, hi = float(np.percentile(every, 1)), float(np.percentile(every, 99))
    hi = hi + (hi - lo) * 0.05 + 1e-9
    last = max([float(s[-1, 0]) for _, s, _ in series if len(s)] + [len(p) * steps for _, p, _ in points] + [1])
    body = [f'<text x="4" y="{PAD - 8}" font-size="10" fill="gray">{hi:.4g}</text>',
            f'<text x="4" y="{H - PAD + 14}" font-size="10" fill="gray">{lo:.4g}</text>',
            f'<text x="{W - PAD}" y="{H - 6}" font-size="10" fill="gray" text-anchor="end">batch {last:.0f}</text>']
    legend_y = PAD - 8
    for i, (name, s, colour) in enumerate(series):
        if len(s):
            xs, yv = _scale(s[:, 0], 0, last, W), _scale(np.clip(s[:, 1], lo, hi), lo, hi, H, flip=True)
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, yv))
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
        body.append(f'<text x="{W - PAD - 110 * i}" y="{legend_y}" font-size="10" fill="{colour}" '
                    f'text-anchor="end">— {html.escape(name)}</text>')
    for name, p, colour in points:
        xs = _scale((np.arange(len(p)) + 1) * steps, 0, last, W)
        yv = _scale(np.clip(p, lo, hi), lo, hi, H, flip=True)
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{html.escape(name)} '
                 f'after epoch {i + 1}: {v:.4f}</title></circle>' for i, (x, y, v) in enumerate(zip(xs, yv, p))]
    return _frame(title, "".join(body))


def map_svg(codes: np.ndarray, labels: np.ndarray, projected: bool) -> str:
    """The test codes as dots coloured by class."""
    lo, hi = np.percentile(codes, 1, axis=0), np.percentile(codes, 99, axis=0)
    span = (hi - lo) * 0.08
    lo, hi = lo - span, hi + span
    xs, ys = _scale(codes[:, 0], lo[0], hi[0], H), _scale(codes[:, 1], lo[1], hi[1], H, flip=True)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{CLASS_COLOURS[int(k) % 10]}" '
                   f'fill-opacity=".75"/>' for x, y, k in zip(np.clip(xs, 2, H - 2), np.clip(ys, 2, H - 2), labels))
    legend = "".join(f'<text x="{H + 4}" y="{24 + 16 * k}" font-size="11" fill="{c}">● {k}</text>'
                     for k, c in enumerate(CLASS_COLOURS))
    title = "Test codes, two main directions" if projected else "Test codes (the 2-D code itself)"
    return _frame(title, dots + legend, width=H + 40, height=H)


def kl_bars(kl: np.ndarray) -> str:
    """One bar per code unit: how much information it carries (KL in nats); a unit near 0 is unused."""
    top = float(kl.max(initial=0.0)) or 1.0
    bars = "".join(f'<div title="unit {i}: {v:.2f} nats" style="flex:1;display:flex;align-items:flex-end;'
                   f'min-width:2px"><div style="width:100%;height:{max(v / top * 70, 1):.0f}px;background:'
                   f'{KL_COLOUR};border-radius:2px"></div></div>' for i, v in enumerate(kl))
    used = int((kl > 0.1 * top).sum())
    return (f'<div style="flex:1 1 240px;min-width:240px"><div style="font-size:.85em;opacity:.8">KL per code '
            f'unit: {used} of {len(kl)} units in use</div><div style="display:flex;gap:2px;height:72px;'
            f'align-items:flex-end;border-bottom:1px solid rgba(128,128,128,.5)">{bars}</div></div>')


def body(shot: Snapshot) -> str:
    """The view's content for one snapshot."""
    loss = curves_svg("Loss per batch (smoothed), dots: epochs", [("training", shot.losses, LOSS_COLOUR)],
                      [(n, np.asarray(shot.epoch_points.get(k, []), float), c)
                       for n, k, c in (("training", "loss", LOSS_COLOUR), ("validation", "val_loss", VAL_COLOUR))],
                      shot.steps)
    parts = [loss, map_svg(shot.code_map, shot.labels, projected=shot.kl_per_unit is not None
                           or shot.code_map.shape[1] != 2)]
    if shot.terms:
        parts.append(curves_svg("Reconstruction and KL terms (nats per image)",
                                [("reconstruction", shot.terms.get("reconstruction", np.zeros((0, 2))), LOSS_COLOUR),
                                 ("KL", shot.terms.get("kl", np.zeros((0, 2))), KL_COLOUR)], [], shot.steps))
    row = f'<div style="display:flex;flex-wrap:wrap;gap:12px">{"".join(parts)}</div>'
    digits = (f'<div style="margin-top:8px"><div style="font-size:.85em;opacity:.8">Eight test digits (top) and '
              f'what the model makes of them now (bottom)</div><img alt="test digits and reconstructions" '
              f'src="{digits_png(shot.originals, shot.reconstructions)}" style="image-rendering:pixelated;'
              f'width:100%;max-width:640px"></div>')
    kl = f'<div style="margin-top:8px;display:flex">{kl_bars(shot.kl_per_unit)}</div>' \
        if shot.kl_per_unit is not None else ""
    return row + digits + kl


def view_html(job_id: str, number: int, shot: Snapshot | None, updates: int, state: str) -> str:
    """The whole view: ``number`` is the snapshot's count (its cache key), ``updates`` the refresh count."""
    key = (job_id, number)
    if key not in _bodies:
        _bodies[key] = body(shot) if shot is not None else \
            '<div style="opacity:.7">The first pictures appear as soon as the worker has read the data.</div>'
        while len(_bodies) > MAX_BODIES:
            _bodies.popitem(last=False)
    steps = shot.batches if shot is not None else 0
    return (f'<div data-testid="training-view" data-updates="{updates}" data-batches="{steps}" '
            f'data-state="{html.escape(state)}">{_bodies[key]}</div>')
