"""One record per kind: everything that knows about kinds reads it, and reading it (or a kind's
settings) loads no framework."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import ROOT

from ae_models.kinds._base import KindConfig, Knob, knobs
from ae_models.registry import BY_NAME, KINDS, RECORDS, TITLES, sections


def test_every_record_names_its_settings_builder_colour_icon_and_an_existing_page():
    assert len({k.colour for k in RECORDS}) == len(RECORDS)
    for k in RECORDS:
        assert issubclass(k.settings, KindConfig) and callable(k.module.build)
        assert k.icon.startswith(":material/") and k.blurb and k.title
        assert k.page is None or (ROOT / k.page).is_file()
    assert KINDS["conv"] == "Convolutional: filters that see strokes, not single pixels"
    assert TITLES["cvae"] == "Conditional"


def test_the_site_map_grid_and_charts_read_the_records():
    from ae_models.grid import shipped_grid
    from ui.charts import colour
    from ui.site import kinds_with_pages
    assert [k.name for k in sections()["Generative"]] == ["vae", "cvae"]
    assert set(kinds_with_pages()) == {k.name for k in RECORDS if k.page}
    assert colour("deep") == BY_NAME["deep"].colour
    sparse = next(j for j in shipped_grid() if j.name == "sparse-mnist-32")
    assert sparse.options == BY_NAME["sparse"].recipe.options


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_setting_of_every_kind_has_a_knob_with_a_label(kind):
    for f, knob in knobs(BY_NAME[kind].settings):
        assert isinstance(knob, Knob) and knob.label and f.metadata.get("knob") is knob
    assert "code_size" in {f.name for f in fields(BY_NAME[kind].settings)}


def test_knob_values_have_display_names():
    from ae_models.kinds.denoising import Config
    noise = dict((f.name, k) for f, k in knobs(Config))["noise_kind"]
    assert noise.name_of("salt_pepper") == "Salt & pepper"
    assert Knob("Hidden").name_of((256, 64)) == "256 → 64" and Knob("x").name_of(()) == "none"


def test_reading_kinds_settings_and_the_ui_helpers_loads_no_framework():
    code = ("import sys\n"
            "import ae_models, ae_models.registry, ae_models.store, ae_models.grid, ae_models.training\n"
            "import ui.site, ui.charts, ui.chooser, ui.training, ui.kind_page, ui.live, ui.latent_widgets\n"
            "import ui.conditional, ui.sidebar, ui.inputs, ui.likeness, ui.loaders\n"
            "from ae_models.kinds._base import knobs\n"
            "for k in ae_models.registry.RECORDS: knobs(k.settings)\n"
            "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
