"""Streamlit-side helpers shared by the pages: page set-up and menu, cached loading, error display.

The domain package stays Streamlit-free; caching and rendering live here at the edge.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from wbdash.bibliography import CitationRegistry
from wbdash.dataset import Dataset, data_fingerprint, load_dataset
from wbdash.errors import DataValidationError, JoinError
from wbdash.fact_translations import IN_READER_LANGUAGE
from wbdash.figures import format_date
from wbdash.i18n import SOURCE_LOCALE, Language, Languages, activate, choose_language, load_languages, load_translations, using
from wbdash.localise import localise
from wbdash.paths import DATA_DIR, DATA_DIR_VARIABLE
from wbdash.text import md_escape
from wbdash.web_assets import assets_ready


def _cached_dataset(data_dir: str | None) -> Dataset:
    """The dataset of the data files as they are now; a failed load is remembered like a good one, so
    broken files cost one validation, not one per page view, until they change."""
    outcome = _load_outcome(data_dir, data_fingerprint(Path(data_dir) if data_dir else DATA_DIR))
    if isinstance(outcome, (DataValidationError, JoinError)):
        raise outcome.with_traceback(None)  # the cached error is raised again per view: no growing traceback
    return outcome


def _localised(data_dir: str | None, language: Language, base: Dataset) -> Dataset:
    outcome, _ = _localised_outcome(data_dir, language, id(base), base)
    if isinstance(outcome, DataValidationError):
        raise outcome.with_traceback(None)
    return outcome


@st.cache_resource(show_spinner=False, max_entries=16)
def _localised_outcome(data_dir: str | None, language: Language, base_id: int,
                       _base: Dataset) -> tuple[Dataset | DataValidationError, Dataset]:
    # Keyed by the base dataset's id (an edited data file loads a new base, so a new translation of it); the
    # base is kept with the entry so that its id cannot be reused meanwhile.
    try:
        translations = load_translations(Path(data_dir) if data_dir else DATA_DIR, language.locale)
        return localise(_base, language, translations), _base
    except DataValidationError as exc:
        return exc, _base


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_outcome(data_dir: str | None, fingerprint: tuple) -> Dataset | DataValidationError | JoinError:
    # cache_resource, not cache_data: the dataset is read-only and copying GeoDataFrames on every rerun
    # would cost more than the whole page render. `fingerprint` (names, sizes, modification times) makes an
    # edited file load afresh.
    try:
        return load_dataset(Path(data_dir)) if data_dir else load_dataset()
    except (DataValidationError, JoinError) as exc:
        return exc


PAGES: tuple[tuple[str, str, str], ...] = (
    # (script, content key of its menu label, icon): the menu the sidebar shows on every page
    ("dashboard.py", "nav.overview", ":material/map:"),
    ("pages/profile.py", "nav.profile", ":material/description:"),
    ("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/sources.py", "nav.sources", ":material/menu_book:"),
)


def start_page(page: str, title_key: str, *, sidebar: bool = True, map_first: bool = False) -> Dataset:
    """Configure the page, draw the menu and return the dataset (or show why there is none and stop).

    Streamlit's documented pages/ mode runs dashboard.py as the main page and each file in pages/ as
    another; its own menu is turned off in .streamlit/config.toml and this one, with readable labels,
    is drawn with st.page_link on every page.

    `map_first`: a session's first run of the page is not complete (is_complete_run): the page draws its
    title and map, and its controls and the rest one run later. The sidebar's menu is drawn either way, so
    that the sidebar is there from the start and nothing moves when the rest arrives.
    """
    present = st.query_params.get("present") == "1"
    if st.session_state.get("_last_page") not in (None, page):
        st.session_state.pop("_bad_language", None)  # the notice belongs to the link that was opened
    dataset = dataset_or_stop()
    st.set_page_config(
        page_title=dataset.content.text(title_key), page_icon="🗺️",  # a material icon favicon would be fetched online
        layout="wide", initial_sidebar_state="collapsed" if present and not sidebar else "auto",
    )
    if st.session_state.get("_last_page") != page:
        st.session_state["_navigated"] = True  # pages re-read their URL parameters on arrival
    st.session_state["_last_page"] = page
    if not _assets_checked():
        st.error(own_words().pgettext(
            "errors.assets", "The map's web assets (Leaflet) are missing from ./static, so maps cannot draw. Run, once:"))
        st.code("python -m wbdash prepare-assets", language="sh")
    complete = not (map_first and _first_view(page, present=present))
    st.session_state[_complete_key(page)] = complete
    with st.sidebar:
        for script, label_key, icon in PAGES:
            st.page_link(script, label=dataset.content.text(label_key), icon=icon, query_params=language_query())
        st.divider()
        if complete:
            language_switch(dataset)
    if (bad := st.session_state.get("_bad_language")) is not None:  # on every run of the opened page
        st.warning(dataset.content.text("notices.bad_language", key=bad), icon=":material/warning:")
    return dataset


LANGUAGE_KEY = "ui_language"  # the switch's widget key; its value is a language code (en, sq, sr-Cyrl…)
# The language chosen before the switch is drawn (from the link or the browser), and kept in step with the switch.
# A separate key: a value set under the widget's own key in a run that does not draw the widget (the overview's first
# view) would outlive the widget's state and bring the old language back on the next page.
CHOICE_KEY = "_reader_language"


def _languages() -> Languages:
    return _cached_languages(os.environ.get(DATA_DIR_VARIABLE))


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_languages(data_dir: str | None) -> Languages:
    return load_languages(Path(data_dir) if data_dir else DATA_DIR)


def reader_language() -> str:
    """The code of the language this run speaks: the switch's, else the link's lang=, else the browser's.

    A lang= that names no language leaves a notice, which start_page shows until the reader picks a language
    or opens another page.
    """
    if LANGUAGE_KEY in st.session_state:
        return str(st.session_state[LANGUAGE_KEY])
    if CHOICE_KEY not in st.session_state:
        choice = choose_language(_languages(), st.query_params.get("lang"), st.context.locale)
        if choice.bad_request is not None:
            st.session_state["_bad_language"] = choice.bad_request
        st.session_state[CHOICE_KEY] = choice.language.code
    return str(st.session_state[CHOICE_KEY])


def _reader_language_entry() -> Language:
    return _languages().by_code(reader_language()) or _languages().default


def language_query() -> dict[str, str]:
    """The lang= parameter every link and URL of this page carries (none for the default language)."""
    code = reader_language()
    return {} if code == _languages().default.code else {"lang": code}


def set_url(query: dict[str, str]) -> None:
    """Write the view's parameters to the address bar, with the language."""
    st.query_params.from_dict({**query, **language_query()})


def in_reader_language(dataset: Dataset, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's builder that formats in the dataset's language wherever it runs.

    Streamlit builds a deferred download (`data=callable`) on a worker thread of its own when the reader
    clicks, outside the script run that activated the reader's locale.
    """
    locale = dataset.content.language

    def build() -> bytes:
        with using(locale):
            return make()

    return build


def english_note(dataset: Dataset, key: str, facts: pd.DataFrame | None = None) -> None:
    """Say that what follows is in English, when the reader's language is another and (for facts) at least
    one of `facts` has no reviewed translation: summaries of sources are never translated silently."""
    if dataset.content.language == SOURCE_LOCALE:
        return
    if facts is not None and (facts.empty or bool(facts.get(IN_READER_LANGUAGE, pd.Series(False, index=facts.index)).all())):
        return
    st.caption(":material/translate: " + md_text(dataset, key, language=dataset.content.language_name))


def language_switch(dataset: Dataset) -> None:
    languages = _languages()
    names = {language.code: language.name for language in languages.all}
    st.session_state.setdefault(LANGUAGE_KEY, reader_language())  # in the run that draws the switch

    def chosen() -> None:
        st.session_state[CHOICE_KEY] = st.session_state[LANGUAGE_KEY]
        st.session_state.pop("_bad_language", None)  # a language chosen: the notice is done

    st.selectbox(dataset.content.text("language.widget"), list(names), format_func=names.__getitem__,
                 key=LANGUAGE_KEY, help=dataset.content.text("language.help"), on_change=chosen)


def _complete_key(page: str) -> str:
    return f"_{page}_complete_run"


def is_complete_run(page: str) -> bool:
    """Whether this run of `page` draws the whole page, or only its title and map (see _first_view)."""
    return bool(st.session_state.get(_complete_key(page), True))


FIRST_PAINT_DELAY_S = 1.0  # how long after a session's first view the rest of the page follows


def _first_view(page: str, *, present: bool) -> bool:
    """True on a session's first run of `page`: draw the title and the map only, and the rest one run later.

    The browser mounts the map's iframe only once it has fetched the code of every element type on the page
    (about 100 chunks for the table, the lanes, metrics, downloads, and the slider's, selectboxes' and radio's
    own), which made the map appear 0.6 s late. So the first run leaves those out, and the page ends with
    schedule_the_rest, a fragment whose timer (`run_every`, a documented Streamlit API) asks for a full rerun
    after FIRST_PAINT_DELAY_S; any earlier rerun (a click on the map) draws them too. Presentation mode has no
    controls to wait for.
    """
    shown = f"_{page}_first_view_shown"
    first = not (st.session_state.get(shown) or present)
    st.session_state[shown] = True
    return first


def schedule_the_rest(page: str) -> None:
    """On a first view (see _first_view), ask for the whole page FIRST_PAINT_DELAY_S later. Call it last on the page.

    The fragment holds a place among the page's elements; one before the map, left out by the next run, would
    move the map to another place, and the browser would then load a new map instead of keeping the drawn one.
    """
    if not is_complete_run(page):
        _draw_the_rest_soon(page)


@st.fragment(run_every=FIRST_PAINT_DELAY_S)
def _draw_the_rest_soon(page: str) -> None:
    # Called once in the full run (which only arms the timer), then by the timer: a rerun of the whole page,
    # which no longer calls this fragment, so Streamlit stops its timer.
    armed = f"_{page}_rest_armed"
    if st.session_state.get(armed):
        st.rerun(scope="app")
    st.session_state[armed] = True


def is_page_entry(page: str) -> bool:
    """True on the first run of `page` since the reader arrived from elsewhere (or opened the link).

    Widget state of other pages is dropped by Streamlit when the reader navigates, so each page
    re-seeds its widgets from the URL on entry rather than once per session.
    """
    navigated = bool(st.session_state.pop("_navigated", False))
    entered = st.session_state.get("_current_page") != page
    st.session_state["_current_page"] = page
    return entered or navigated


_ASSETS_SEEN: list[bool] = []  # remembered once true: the files do not vanish while serving


def _assets_checked() -> bool:
    if not _ASSETS_SEEN and assets_ready():
        _ASSETS_SEEN.append(True)
    return bool(_ASSETS_SEEN)


def dataset_or_stop() -> Dataset:
    """The validated dataset, or a readable error and nothing else: never partial data.

    These messages are shown when the content files themselves may be broken, so they cannot come from
    them; they are the one place where the edge writes its own words, through gettext as Babel extracts it
    from Python, so they are translated like the rest.
    """
    try:
        base = _cached_dataset(os.environ.get(DATA_DIR_VARIABLE))
        language = _reader_language_entry()
        activate(language.locale)
        return _localised(os.environ.get(DATA_DIR_VARIABLE), language, base)
    except DataValidationError as exc:
        st.error(own_words().pgettext(
            "errors.data_invalid", "The dashboard's data files did not pass validation, so nothing is shown. Fix "
            "these problems (file, row, column) and run `python -m wbdash validate`:"))
        st.code("\n".join(exc.summary()), language=None)
    except JoinError as exc:
        st.error(own_words().pgettext(
            "errors.join", "The country table and the boundaries do not match, so no map or table is shown."))
        st.code(str(exc), language=None)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest


def own_words() -> gettext.NullTranslations:
    """The reader's catalog for the edge's own messages: English when even the languages file is broken."""
    data_dir = os.environ.get(DATA_DIR_VARIABLE)
    try:
        language = _reader_language_entry()
        return load_translations(Path(data_dir) if data_dir else DATA_DIR, language.locale)
    except (DataValidationError, OSError):
        return gettext.NullTranslations()


def seed_widgets(values: dict[str, object]) -> None:
    """Fill widgets from the URL, but never over a value the reader has just chosen.

    A tab that lands in a new session (server restart, expired session, another replica) sends the
    reader's last action with that session's first run; the URL still holds the previous view, so it
    must only fill what is not set yet.
    """
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def query_params_lists() -> dict[str, list[str]]:
    """The page's own URL parameters; lang= belongs to every page and is read by start_page."""
    return {key: st.query_params.get_all(key) for key in st.query_params.keys() if key != "lang"}


def show_notices(notices: tuple[str, ...] | list[str]) -> None:
    for notice in notices:
        st.warning(notice, icon=":material/warning:")


def markdown_link(url: str) -> str:
    """A Markdown link whose target cannot break out of its parentheses."""
    safe = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{md_escape(url)}]({safe})"


def render_references(dataset: Dataset, registry: CitationRegistry) -> None:
    """The page's numbered references, each resolving to a bibliography entry."""
    st.subheader(dataset.content.text("common.references"), anchor="references")
    lines = []
    for reference in registry.references():
        link = f" {markdown_link(reference.url)}" if reference.url else ""
        lines.append(f"{reference.number}\\. {md_escape(reference.text)}{link}")
    st.markdown("  \n".join(lines) if lines else md_escape(dataset.content.text("common.no_citations")))


def md_text(dataset: Dataset, key: str, /, **values: object) -> str:
    """A content sentence made safe for Markdown (figures and values included)."""
    return md_escape(dataset.content.text(key, **values))


def fact_date(dataset: Dataset, fact: dict) -> str:
    """'March 2014' for an event; 'as of May 2023' for a situation the source describes at a date (escaped)."""
    when = format_date(fact["date"])
    return md_escape(dataset.content.text("profile.as_of_inline", as_of=when) if fact["date_kind"] == "as of" else when)


def cited(text: str, number: int) -> str:
    """Escaped text followed by its citation marker, e.g. 'Serbia signed … [3]'."""
    return f"{md_escape(text)} \\[{number}\\]"


# Constant stylesheets (no data in them): presentation mode and clean printing.
# Streamlit gives each heading a link icon that is a Tab stop of its own; headings keep their ids (so links to
# #downloads still scroll there), only the icons go.
HEADING_LINKS_CSS = """<style>[data-testid="stHeaderActionElements"] {display: none !important;}</style>"""

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


def hide_heading_links() -> None:
    st.html(HEADING_LINKS_CSS)
