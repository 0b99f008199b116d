"""'Cite this view' at the edge: the view's link from the browser, and the formats with their downloads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import streamlit as st

from wbdash.app.ui import language_query
from wbdash.cite_view import FILE_EXTENSIONS, MIME_TYPES, ViewCitation, citation_for, view_url
from wbdash.dataset import Dataset
from wbdash.registry import Indicator


def current_url(path: str, query: dict[str, str]) -> str:
    """The view's link: st.context.url is the page's address without its query (None outside a browser)."""
    return view_url(st.context.url, path, {**query, **language_query()})


def view_citation(dataset: Dataset, title: str, indicators: Iterable[Indicator], source_ids: Iterable[str],
                  path: str, query: dict[str, str]) -> ViewCitation:
    return citation_for(dataset, title, indicators, source_ids, current_url(path, query), date.today())


def show_citation(dataset: Dataset, citation: ViewCitation) -> None:
    """A switch that shows the citation in four formats, each copyable (st.code) and downloadable.

    The formats are drawn only once the reader asks: st.code and tabs load frontend bundles (about 1.5 MB)
    that otherwise slow every page's first paint.
    """
    content = dataset.content
    if st.toggle(content.text("cite.header"), key="cite_open", help=content.text("cite.help")):
        formats = citation.formats()
        tabs = st.tabs([content.text(f"cite.label_{name}") for name in formats])
        for tab, (name, text) in zip(tabs, formats.items(), strict=True):
            with tab:
                st.code(text, language=None, wrap_lines=True)
                st.download_button(content.text("cite.download", label=content.text(f"cite.label_{name}")),
                                   data=text.encode("utf-8"), file_name=f"{citation.key}.{FILE_EXTENSIONS[name]}",
                                   mime=MIME_TYPES[name], on_click="ignore", key=f"cite_{name}")
