"""Server-drawn images and PDFs for downloads: one render per view, at most two at a time, memory returned.

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

MAX_CONCURRENT_RENDERS = 2
MAX_CACHED_FILES = 24  # about 0.6 MB each at most (PNG 2x)
_RENDERS = threading.BoundedSemaphore(MAX_CONCURRENT_RENDERS)


def render_bounded(render: Callable[[], bytes]) -> bytes:
    """Run one render while no more than MAX_CONCURRENT_RENDERS run, then free its figure."""
    with _RENDERS:
        try:
            return render()
        finally:
            gc.collect()


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_FILES)
def _cached_file(view: tuple[Hashable, ...], _render: Callable[[], bytes]) -> bytes:
    return render_bounded(_render)


def cached_file(dataset_id: int, view: tuple[Hashable, ...], render: Callable[[], bytes]) -> bytes:
    """The bytes `render()` returns for this dataset and view, drawn once.

    `view` must name everything the render reads apart from the dataset (indicator, countries, month,
    format, scale, country...).
    """
    return _cached_file((dataset_id, *view), render)
