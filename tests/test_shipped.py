"""Every shipped model reproduces the figures recorded with it, on the embedded test split, so the
check runs on every machine (the Fashion-MNIST models included)."""
from __future__ import annotations

import numpy as np
import pytest

from ae_models import metrics
from ae_models.data import load_test_split
from ae_models.likeness import image_error
from ae_models.store import list_models, load, problems

SHIPPED = list_models(source="shipped")
SAMPLE = None   # the whole test split: the recorded figures are means over all of it


@pytest.mark.parametrize("entry", SHIPPED, ids=[e.name for e in SHIPPED])
def test_each_shipped_model_reproduces_its_recorded_test_figures(entry):
    """Its BCE on the (embedded) test split within 0.002 of the recorded one, and its recorded
    per-image errors (the likeness score's) image by image."""
    ae = load(entry)
    x, y = load_test_split(entry.dataset)

    recon = ae.reconstruct(x, y if ae.conditional else None)
    assert abs(float(metrics.bce(x, recon).mean()) - entry.record.metrics.bce) < 0.002
    errors = image_error(x, recon, entry.record.likeness.measure)
    np.testing.assert_allclose(errors, entry.record.likeness.errors, atol=2e-3)



def test_every_shipped_model_is_listed_and_none_is_skipped():
    assert SHIPPED and not problems(source="shipped")
