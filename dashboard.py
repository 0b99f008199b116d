"""Entry point: `streamlit run dashboard.py`. Declares the pages; each page is a thin script."""

import streamlit as st

from wbdash.web_assets import ensure_static_assets

ensure_static_assets()

st.set_page_config(
    page_title="Western Balkans comparison", page_icon="🗺️", layout="wide",  # a material icon favicon would be fetched from Google
    # Presentation mode (?present=1) starts without the sidebar so a screenshot is slide-ready.
    initial_sidebar_state="collapsed" if st.query_params.get("present") == "1" else "auto",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/map:", default=True),
    st.Page("pages/profile.py", title="Country profiles", icon=":material/description:", url_path="profile"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/sources.py", title="Sources & method", icon=":material/menu_book:", url_path="sources"),
]

page = st.navigation(PAGES)
# Pages re-read their URL parameters when the reader arrives from another page.
if st.session_state.get("_last_page") != page.url_path:
    st.session_state["_navigated"] = True
st.session_state["_last_page"] = page.url_path
page.run()
