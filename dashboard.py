"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page is a thin script."""

import streamlit as st

from wbdash.web_assets import ensure_static_assets

ensure_static_assets()

st.set_page_config(page_title="Western Balkans comparison", page_icon="🗺️", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🗺️", url_path="overview", default=True),
]

st.navigation(PAGES).run()
