"""Charts that pages share, checked on the figure they return."""
from __future__ import annotations

from ae_models.autoencoder import Layer
from ui.charts import network_shape


def test_layer_size_chart_labels_its_log_axis_at_whole_decades():
    rows = [Layer("encoder", "hidden", "Dense", ((1024,),), 0), Layer("encoder", "code", "Dense", ((32,),), 0),
            Layer("decoder", "pixels", "Reshape", ((28, 28),), 0)]
    axis = network_shape(rows, "sparse").layout.yaxis
    assert axis.type == "log"
    assert list(axis.ticktext) == ["10", "100", "1,000", "10,000"] and list(axis.tickvals) == [10, 100, 1000, 10000]
