"""The variational pages say which code units their model uses: a bar per unit, the count of
active units and the finding in a sentence."""
import re

import pytest
from page_driver import bar_tips, open_page, page_env  # noqa: F401  (autouse fixture)

SENTENCE = re.compile(r"^(\d+) of (\d+) units carr(y|ies) information|^All (\d+) units carry|^None of the (\d+) units")


@pytest.mark.parametrize("kind, page", [("vae", "variational"), ("cvae", "conditional")])
def test_the_page_shows_kl_bars_per_unit_the_active_count_and_a_sentence(kind, page):
    at = open_page(page)
    code_size = at.select_slider(key=f"code_size:{kind}:mnist").value
    assert "What the code uses" in [s.value for s in at.subheader]
    tips = [t for t in bar_tips(at) if re.match(r"unit \d+: KL ", t)]
    assert len(tips) == code_size
    active = sum(not t.endswith("(inactive)") for t in tips)
    metric = next(m for m in at.metric if m.label == "Active units")
    assert metric.value == f"{active} of {code_size}"
    sentences = [m.value for m in at.markdown if SENTENCE.match(m.value)]
    assert len(sentences) == 1 and str(code_size) in sentences[0]
