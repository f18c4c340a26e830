"""The class board: a run its trainer published is listed for everyone; only its trainer manages it."""
from page_driver import assert_no_exception, open_page, page_env, train_from_panel  # noqa: F401 (fixture)


def test_an_empty_board_says_how_to_get_on_it():
    at = open_page("board")
    assert "Nothing published yet" in at.info[0].value


def test_a_published_run_is_listed_for_every_visitor_and_only_its_trainer_can_delete_it():
    from ae_models import board
    at = train_from_panel(open_page("simple"), "dense")
    name = at.success[0].value.split("`")[1]
    at.text_input(key=f"run:{name}:title").set_value("Ana's first try")
    at.button(key=f"FormSubmitter:run:{name}:publish-Publish to the class board").click().run()
    assert_no_exception(at)
    [post] = board.posts()
    assert post.title == "Ana's first try" and post.kind == "dense" and post.bce is not None

    other = open_page("board")               # another visitor
    table = other.dataframe[0].value
    assert list(table["name"]) == ["Ana's first try"] and table["test BCE"][0] == post.bce
    assert not [b for b in other.button if b.key and b.key.endswith(":delete")]

    at.button(key=f"run:{name}:delete").click().run()
    assert board.posts() == [] and not any(e.name == name for e in board.list_models(source="user"))


def test_another_visitor_can_open_a_published_run_but_not_an_unpublished_one():
    from ae_models import board
    at = train_from_panel(open_page("simple"), "dense")
    name = at.success[0].value.split("`")[1]
    other = open_page("simple")             # another visitor: only the shipped model before it is published
    assert not [w for w in other.selectbox if w.key == "weights:dense:mnist"]
    at.text_input(key=f"run:{name}:title").set_value("Ana's first try")
    at.button(key=f"FormSubmitter:run:{name}:publish-Publish to the class board").click().run()
    assert [p.model for p in board.posts()] == [name]
    other.run()
    weights = other.selectbox(key="weights:dense:mnist")
    assert any("class board" in label and "Ana's first try" in label for label in weights.options)
