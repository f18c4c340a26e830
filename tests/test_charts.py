"""Charts that pages share, checked on the figure they return."""
from __future__ import annotations

from ui.charts import network_shape


def test_layer_size_chart_labels_its_log_axis_at_whole_decades():
    rows = [{"part": "encoder", "layer": "hidden", "output shape": "(None, 1024)"},
            {"part": "encoder", "layer": "code", "output shape": "(None, 32)"},
            {"part": "decoder", "layer": "pixels", "output shape": "(None, 28, 28)"}]
    axis = network_shape(rows, "sparse").layout.yaxis
    assert axis.type == "log"
    assert list(axis.ticktext) == ["10", "100", "1,000", "10,000"] and list(axis.tickvals) == [10, 100, 1000, 10000]
