"""Autoencoder Lab: `streamlit run app.py`. Navigation over the pages, and the sidebar they share."""
import streamlit as st

from ae_models import TITLES
from ui import loaders, server, sidebar
from ui.pictures import PIXELATED
from ui.site import HOME_PAGE, ICONS, KIND_PAGES, SECTIONS, TOOL_PAGES

server.keep_keras_session()
loaders.start_warm_up()
st.set_page_config(page_title="Autoencoder Lab", page_icon=":material/compress:", layout="wide")

draw = st.Page(TOOL_PAGES["Draw"], title="Draw", icon=ICONS["Draw"])
pages = {"": [st.Page(HOME_PAGE, title="Gallery", icon=ICONS["home"], default=True)]}
for section, kinds in SECTIONS.items():
    pages[section] = [st.Page(KIND_PAGES[k], title=TITLES[k], icon=ICONS[k]) for k in kinds]
pages["Tools"] = [st.Page(TOOL_PAGES["Compare"], title="Compare", icon=ICONS["Compare"]), draw]

page = st.navigation(pages)
st.html(PIXELATED)
sidebar.render(on_draw_page=page.url_path == draw.url_path)
page.run()
