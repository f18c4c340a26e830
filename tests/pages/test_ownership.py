"""A visitor's models are theirs: listed, loaded and kept for them alone; defaults stay the shipped ones."""
from page_driver import (
    assert_no_exception,
    messages,
    open_page,
    page_env,  # noqa: F401  (autouse fixture)
)

from ae_models.bundle import bundle
from ae_models.store import find, list_models, user_dir

ALICE, BOB = "a" * 32, "b" * 32


def upload_model(at, data: bytes, name: str = "dense-mnist-2.model.zip"):
    at.file_uploader(key="model_file:dense").upload(name, data, "application/zip").run()
    at.run()
    assert_no_exception(at)
    return at


def weights_options(at) -> list[str]:
    """The labels of the weights picker (none when only one model is there to pick)."""
    return [o for s in at.selectbox if s.key == "weights:dense:mnist" for o in s.options]


def selected(at) -> str | None:
    return next((s.value for s in at.selectbox if s.key == "weights:dense:mnist"), None)


def test_a_model_one_visitor_loads_is_listed_for_them_and_never_for_another():
    data = bundle(find("dense", "mnist", 2, source="shipped"))
    alice = upload_model(open_page("simple", visitor=ALICE), data)
    assert "Loaded as your model" in messages(alice)
    mine = list_models("dense", "mnist", "user", ALICE)
    assert len(mine) == 1 and mine[0].meta_path.parent == user_dir(ALICE)
    assert selected(alice) == mine[0].name and weights_options(alice)[1].startswith("yours")

    bob = open_page("simple", visitor=BOB)
    assert not list_models("dense", "mnist", "user", BOB) and not weights_options(bob)
    assert not list_models("dense", "mnist", "user")          # nothing in the shared (CLI) folder either

    alice_again = upload_model(open_page("simple", visitor=ALICE), data)   # the same file again: one model
    assert [e.name for e in list_models("dense", "mnist", "user", ALICE)] == [mine[0].name]
    assert selected(alice_again) == mine[0].name and len(weights_options(alice_again)) == 2


def test_an_uploaded_model_never_becomes_the_default_of_any_visitor(tiny_weights_dir):
    from ui.chooser import default_entry
    shipped = find("dense", "mnist", 32, source="shipped")
    upload_model(open_page("simple", visitor=ALICE), bundle(shipped))
    assert default_entry("dense", "mnist").source == "shipped"
    bob = open_page("simple", visitor=BOB)
    assert not weights_options(bob) and bob.select_slider(key="code_size:dense:mnist").value == 32


def test_a_refused_model_file_is_named_in_plain_text():
    import io
    import json
    import zipfile
    shipped = find("dense", "mnist", 2, source="shipped")
    record = json.loads(shipped.meta_path.read_text())
    record["created"] = "![x](http://e.io/x)"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("m.json", json.dumps(record))
        z.writestr("m.weights.h5", shipped.weights_path.read_bytes())
    at = upload_model(open_page("simple", visitor=ALICE), out.getvalue())
    assert "created must be a date" in at.error[0].value and "\\!\\[x\\]" in at.error[0].value
    assert not list_models("dense", "mnist", "user", ALICE)
