"""The class board: runs students chose to publish, side by side; one opens on its kind's page."""
import pandas as pd
import streamlit as st

from ae_models import TITLES, board
from ae_models.registry import BY_NAME
from ui import my_runs
from ui.chooser import select_next
from ui.site import DATASET_NAMES

st.title("Class board")
st.write("Runs trained here and published by whoever trained them. Sort by any column (click its header); "
         "pick a row to open that model on its page. Lower test BCE and -ELBO are better.")

posts = board.posts()
if not posts:
    st.info("Nothing published yet: train a model on any kind's page, then press **Publish to the class board** "
            "under its result.")
    st.stop()

table = pd.DataFrame([{
    "name": p.title, "kind": TITLES[p.kind], "dataset": DATASET_NAMES.get(p.dataset, p.dataset), "code": p.code_size,
    "test BCE": p.bce, "-ELBO nats": p.neg_elbo, "train s": round(p.seconds, 1),
    "epochs": p.settings.get("epochs"), "images": p.settings.get("images"),
    "settings": ", ".join(f"{k} {v}" for k, v in p.settings.items() if k not in ("epochs", "images")),
    "published": p.published.replace("T", " ")[:16]} for p in posts])
picked = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key="board:table",
                      column_config={"test BCE": st.column_config.NumberColumn(format="%.4f"),
                                     "-ELBO nats": st.column_config.NumberColumn(format="%.2f")})
rows = picked.selection.rows if picked else []
if rows:
    post = posts[rows[0]]
    st.subheader(post.title)
    if st.button(f"Open on the {TITLES[post.kind]} page", icon=":material/open_in_new:", type="primary",
                 key="board:open"):
        st.session_state["dataset"] = post.dataset
        select_next(post.kind, post.dataset, post.model)
        st.switch_page(BY_NAME[post.kind].page)
    entry = my_runs.entry_named(post.model)
    if entry is not None and my_runs.owns(post.model):
        st.caption("Your run: rename it, take it off the board, download it or delete it.")
        my_runs.manage(entry)
