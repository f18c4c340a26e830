"""Autoencoder Lab: `streamlit run app.py`. Navigation over the pages, and the sidebar they share."""
from pathlib import Path

import streamlit as st

from ae_models.registry import sections
from ui import address, jobs, lesson, server, sidebar, visitor, warm_up
from ui.pictures import PIXELATED, READABLE_CAPTIONS
from ui.site import HOME_ICON, HOME_PAGE, TOOL_PAGES, page_names

FAVICON = Path(__file__).parent / "ui" / "favicon.png"   # a file, not an icon font from the network

server.keep_keras_session()
server.serve_static_uncompressed()
warm_up.start()
st.set_page_config(page_title="Autoencoder Lab", page_icon=str(FAVICON), layout="wide")

tools = {title: st.Page(path, title=title, icon=icon) for title, (path, icon) in TOOL_PAGES.items()}
pages = {"": [st.Page(HOME_PAGE, title="Gallery", icon=HOME_ICON, default=True)]}
for section, kinds in sections().items():
    pages[section] = [st.Page(k.page, title=k.title, icon=k.icon) for k in kinds]
pages["Tools"] = list(tools.values())

page = st.navigation(pages)
st.html(PIXELATED + READABLE_CAPTIONS)
visitor.remember()
lesson.begin()
address.begin()
address.scope_to(page_names(page.url_path))
sidebar.render(on_draw_page=page.url_path == tools["Draw"].url_path)
jobs.sidebar_status()
try:
    page.run()
    address.end()
finally:
    warm_up.page_drawn()
