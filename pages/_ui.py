"""Streamlit-side helpers shared by the pages: cached loading, error display, common text.

The domain package stays Streamlit-free; caching and rendering live here at the edge.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from wbdash.bibliography import CitationRegistry
from wbdash.dataset import Dataset, load_dataset
from wbdash.errors import DataValidationError, JoinError
from wbdash.text import md_escape


DATA_DIR_VARIABLE = "WBDASH_DATA_DIR"  # lets an analyst preview edited data from another folder


@st.cache_resource(show_spinner=False)
def _cached_dataset(data_dir: str | None) -> Dataset:
    # cache_resource, not cache_data: the dataset is read-only and copying GeoDataFrames on
    # every rerun would cost more than the whole page render.
    return load_dataset(Path(data_dir)) if data_dir else load_dataset()


def require_entry_point() -> None:
    """Make sure the page runs inside dashboard.py's st.navigation, not on its own.

    Streamlit keeps a legacy mode for apps with a pages/ folder: until some run calls
    st.navigation, a fresh server that is first asked for /overview runs pages/overview.py
    directly, without the page config and navigation. Leaving that mode and rerunning sends
    the request through dashboard.py. (Uses Streamlit's PagesManager flag; checked by the
    browser tests, which open a page URL first on a fresh server.)
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def is_page_entry(page: str) -> bool:
    """True on the first run of `page` since the reader arrived from elsewhere (or opened the link).

    Widget state of other pages is dropped by Streamlit when the reader navigates, so each page
    re-seeds its widgets from the URL on entry rather than once per session.
    """
    navigated = bool(st.session_state.pop("_navigated", False))
    entered = st.session_state.get("_current_page") != page
    st.session_state["_current_page"] = page
    return entered or navigated


def dataset_or_stop() -> Dataset:
    """The validated dataset, or a readable error and nothing else: never partial data."""
    try:
        return _cached_dataset(os.environ.get(DATA_DIR_VARIABLE))
    except DataValidationError as exc:
        st.error("The dashboard's data files did not pass validation, so nothing is shown.")
        st.markdown("Fix these problems (file, row, column) and run `python -m wbdash validate`:")
        st.code("\n".join(str(issue) for issue in exc.issues), language=None)
    except JoinError as exc:
        st.error("The country table and the boundaries do not match, so no map or table is shown.")
        st.code(str(exc), language=None)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


def query_params_lists() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def show_notices(notices: tuple[str, ...] | list[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/warning:")


def markdown_link(url: str) -> str:
    """A Markdown link whose target cannot break out of its parentheses."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{md_escape(url)}]({safe})"


def render_references(registry: CitationRegistry) -> None:
    """The page's numbered references, each resolving to a bibliography entry."""
    st.subheader("References")
    lines = []
    for reference in registry.references():
        link = f" {markdown_link(reference.url)}" if reference.url else ""
        lines.append(f"{reference.number}\\. {md_escape(reference.text)}{link}")
    st.markdown("  \n".join(lines) if lines else "No citations on this page.")


def cited(text: str, number: int) -> str:
    """Escaped text followed by its citation marker, e.g. 'Serbia signed … [3]'."""
    return f"{md_escape(text)} \\[{number}\\]"


# Constant stylesheets (no data in them): presentation mode and clean printing.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.2rem 2rem 0.5rem 2rem !important; max-width: 100% !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.25rem;}
[data-testid="stMain"] h1 {font-size: 2.4rem; padding-top: 0;}
[data-testid="stMetricValue"] * {font-size: 2.6rem !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.15rem !important; padding: 0.55rem 0.6rem !important;}
</style>"""

PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stDownloadButton"],
  [data-testid="stPageLink"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
  .block-container, [data-testid="stMainBlockContainer"] {padding: 0 !important; max-width: 100% !important;}
  a[href^="http"]::after {content: " (" attr(href) ")"; font-size: 0.8em; word-break: break-all;}
}
</style>"""


def apply_print_style() -> None:
    st.html(PRINT_CSS)


def apply_presentation_style() -> None:
    st.html(PRESENTATION_CSS)


if __name__ == "__main__":
    # Streamlit's legacy pages/ mode lists this helper as a page (/ui); opened that way, go through
    # dashboard.py's navigation instead of showing a blank page.
    require_entry_point()
