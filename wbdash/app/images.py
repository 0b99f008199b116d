"""Server-drawn images and PDFs for downloads: one render per view, at most two at a time, memory returned;
and the overview's CSV, built once per view.

A drawn view's file is handed to its download button as bytes, not as a deferred builder: Streamlit may delete a
deferred download's file before the browser fetches it, when two other sessions' runs end in between (1 download in
90 failed so under load, tests/benchmarks/balanced.py), while a button's own bytes belong to the reader's session.

A matplotlib figure and its canvas refer to each other, so a finished render is freed only by a full
garbage collection, which the configuration no longer forces after every run (.streamlit/config.toml).
Thirty renders once held 700 MiB. So each render is followed by a collection, the bytes of a view are
cached (a second click on the same download draws nothing), and a semaphore keeps concurrent renders
from multiplying the peak.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Hashable

import streamlit as st

from wbdash.app.ui import in_reader_language
from wbdash.dataset import Dataset

MAX_CONCURRENT_RENDERS = 2
MAX_CACHED_FILES = 24  # about 0.6 MB each at most (PNG 2x)
MAX_CACHED_TABLES = 256  # about 12 kB each (CSV)
_RENDERS = threading.BoundedSemaphore(MAX_CONCURRENT_RENDERS)


def render_bounded(render: Callable[[], bytes]) -> bytes:
    """Run one render while no more than MAX_CONCURRENT_RENDERS run, then free its figure."""
    with _RENDERS:
        try:
            return render()
        finally:
            gc.collect()


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_FILES)
def _cached_file(view: tuple[Hashable, ...], _make: Callable[[], bytes]) -> bytes:
    return _make()


def cached_file(dataset_id: int, view: tuple[Hashable, ...], render: Callable[[], bytes]) -> bytes:
    """The bytes `render()` returns for this dataset and view, drawn once.

    `view` must name everything the render reads apart from the dataset (indicator, countries, month,
    format, scale, country...).
    """
    return _cached_file((dataset_id, *view), lambda: render_bounded(render))


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_TABLES)
def _cached_table(view: tuple[Hashable, ...], _build: Callable[[], bytes]) -> bytes:
    return _build()


def cached_table_file(dataset_id: int, view: tuple[Hashable, ...], build: Callable[[], bytes]) -> bytes:
    """A table export's bytes, built once per dataset and view (6 ms for the overview's CSV), so that a download
    button can hold them on every rerun. `view` names everything `build` reads apart from the dataset."""
    return _cached_table((dataset_id, *view), build)


class _NotDrawnYet(Exception):
    """Raised in place of a render, to ask the cache for a view's bytes without drawing them (st.cache_data does
    not keep a call that raised)."""


def drawn_file(dataset_id: int, view: tuple[Hashable, ...]) -> bytes | None:
    """The bytes cached_file holds for this dataset and view, or None when they are not drawn (or no longer kept)."""
    def not_drawn() -> bytes:
        raise _NotDrawnYet

    try:
        return _cached_file((dataset_id, *view), not_drawn)
    except _NotDrawnYet:
        return None


def download_data(dataset: Dataset, view: tuple[Hashable, ...], render: Callable[[], bytes]) -> bytes | Callable[[], bytes]:
    """A download button's `data`: the view's bytes when drawn already, else a deferred builder that draws them (in
    the reader's language) when the button is clicked, so that reruns stay fast."""
    drawn = drawn_file(id(dataset), view)
    if drawn is not None:
        return drawn
    return in_reader_language(dataset, lambda: cached_file(id(dataset), view, render))
