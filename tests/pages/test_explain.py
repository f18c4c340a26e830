"""Every kind page opens with the loss its kind minimises (a formula) and three things to try."""
import re

import pytest
from page_driver import KIND_PAGES, open_page, page_env  # noqa: F401  (autouse fixture)

from ae_models.registry import BY_NAME, RECORDS


def test_every_kind_record_has_a_formula_and_three_things_to_try():
    for record in RECORDS:
        assert record.objective.startswith(r"\min"), record.name
        assert len(record.to_try) == 3 and all(len(item) > 20 for item in record.to_try), record.name


@pytest.mark.parametrize("kind", list(KIND_PAGES))
def test_the_page_shows_its_objective_and_three_things_to_try(kind):
    at = open_page(KIND_PAGES[kind])
    assert [e.value.strip("$\n") for e in at.latex][:1] == [BY_NAME[kind].objective]
    lists = [m.value for m in at.markdown if m.value.startswith("**What to try**")]
    assert len(lists) == 1
    items = re.findall(r"^\d\. (.+)$", lists[0], flags=re.M)
    assert items == list(BY_NAME[kind].to_try)
