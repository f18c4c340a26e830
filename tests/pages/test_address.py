"""The address is the state: a page's query parameters say what it shows, and a link opens it so."""
from page_driver import ROOT, assert_no_exception, open_page, page_env, picture  # noqa: F401  (autouse fixture)
from streamlit.testing.v1 import AppTest

from ui import address


def open_link(page: str, query: dict[str, str]) -> AppTest:
    """A new session opening ``page`` with ``query`` in its address."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["live"] = False
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "home":
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    assert_no_exception(at)
    return at


def test_wrong_or_unknown_parameters_are_ignored():
    values = address.read_link({"dataset": "cifar", "sample_index": "-3", "vae:noise_level": "7",
                                "conv:noise_level": "0.25", "compare:kinds": "pca,nope", "evil": "1"})
    assert values == {"conv:noise_level": 0.25, "compare:kinds": ["pca"]}


def test_a_page_writes_what_it_shows_into_the_address_and_a_link_opens_it_the_same():
    at = open_page("denoising")
    at.number_input(key="sample_index").set_value(7).run()
    at.slider(key="denoising:noise_level").set_value(0.6).run()
    query = {k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
             for k in at.query_params}
    assert query["sample_index"] == "7" and query["denoising:noise_level"] == "0.6"
    other = open_link("denoising", query)
    assert other.number_input(key="sample_index").value == 7
    assert other.slider(key="denoising:noise_level").value == 0.6
    assert picture(other, "Corrupted input") == picture(at, "Corrupted input")


def test_a_released_latent_walk_travels_in_the_link():
    at = open_link("variational", {"walk.vae": "0.5,-1", "code_size:vae:mnist": "2"})
    assert [s.value for s in at.slider if s.key and s.key.startswith("vae:z")] == [0.5, -1.0]
    assert at.query_params["walk.vae"] in ("0.5,-1", ["0.5,-1"])


def test_a_page_s_address_holds_its_own_values_not_those_of_pages_visited_before():
    at = open_page("denoising")
    at.slider(key="denoising:noise_level").set_value(0.6).run()
    at.switch_page("app_pages/convolutional.py")
    at.run()
    assert_no_exception(at)
    keys = set(at.query_params)
    assert "sample_index" in keys and "dataset" in keys
    assert not [k for k in keys if "denoising" in k], keys
    assert any("conv" in k for k in keys), keys
