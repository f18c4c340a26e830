"""Charts that pages share, checked on the figure they return."""
from __future__ import annotations

import numpy as np

from ae_models.autoencoder import Layer
from ui.charts import network_shape


def test_layer_size_chart_labels_its_log_axis_at_whole_decades():
    rows = [Layer("encoder", "hidden", "Dense", ((1024,),), 0), Layer("encoder", "code", "Dense", ((32,),), 0),
            Layer("decoder", "pixels", "Reshape", ((28, 28),), 0)]
    axis = network_shape(rows, "sparse").layout.yaxis
    assert axis.type == "log"
    assert list(axis.ticktext) == ["10", "100", "1,000", "10,000"] and list(axis.tickvals) == [10, 100, 1000, 10000]


def test_a_short_code_fills_its_chart_with_centred_labelled_bars(monkeypatch):
    from ui import charts
    drawn = []
    monkeypatch.setattr(charts.st, "html", drawn.append)
    charts.code_bars(np.array([0.5, -1.25]), "vae")
    assert "justify-content:center" in drawn[0] and "0.50" in drawn[0] and "-1.25" in drawn[0]
    drawn.clear()
    charts.code_bars(np.zeros(32), "vae")
    assert "0.00</div>" not in drawn[0]      # wide codes: values on hover only


def test_every_layer_of_every_kind_is_explained_in_words():
    from ae_models import KINDS, build
    from ui.glossary import LAYERS
    types = {layer.type for kind in KINDS for layer in build(kind, code_size=8).layer_table()}
    assert types <= set(LAYERS), types - set(LAYERS)


def test_the_compare_row_picture_names_each_column():
    from ui.pictures import labelled_row
    row = labelled_row([np.zeros((28, 28)), np.ones((28, 28))], ["input", "Convolutional"])
    assert row.shape == (28 * 4 + 16, 28 * 4 * 2) and 0 <= row.min() and row.max() <= 1
    band = row[28 * 4:]
    assert band[:, : 28 * 4].max() > 0 and band[:, 28 * 4:].max() > 0    # a label under each picture
