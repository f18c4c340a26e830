"""Visitors in real browsers: a model one loads stays theirs across a reload, and another never sees it."""
from __future__ import annotations

from browser_driver import ROOT, app_url, browser, wait_idle  # noqa: F401 (fixtures)

from ae_models.bundle import bundle
from ae_models.store import ModelEntry, read_entry

WEIGHTS_PICKER = ".st-key-weights-dense-mnist"


def shipped_dense_32() -> ModelEntry:
    return read_entry(ROOT / "weights" / "dense-mnist-32.json", "shipped")


def test_a_loaded_model_stays_with_its_browser_across_a_reload_and_no_other_browser_sees_it(browser, app_url,
                                                                                           tmp_path):
    model_file = tmp_path / "dense-mnist-32.model.zip"
    model_file.write_bytes(bundle(shipped_dense_32()))
    alice, bob = browser.new_context(), browser.new_context()
    try:
        page = alice.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/simple")
        wait_idle(page)
        assert page.locator(WEIGHTS_PICKER).count() == 0
        cookie = next(c["value"] for c in alice.cookies() if c["name"] == "ae_visitor")
        page.locator(".st-key-model_file-dense input[type=file]").set_input_files(str(model_file))
        wait_idle(page)
        page.get_by_text("Loaded as your model").wait_for(state="attached")   # in the collapsed training panel
        wait_idle(page)
        assert page.locator(WEIGHTS_PICKER).count() == 1
        page.reload()
        wait_idle(page)
        assert page.locator(WEIGHTS_PICKER).count() == 1, "the loaded model is gone after a reload"
        assert next(c["value"] for c in alice.cookies() if c["name"] == "ae_visitor") == cookie

        other = bob.new_page()
        other.set_default_timeout(60_000)
        other.goto(f"{app_url}/simple")
        wait_idle(other)
        assert other.locator(WEIGHTS_PICKER).count() == 0, "another browser sees the model"
        assert next(c["value"] for c in bob.cookies() if c["name"] == "ae_visitor") != cookie
    finally:
        alice.close()
        bob.close()
