"""Entry point and overview page (`streamlit run dashboard.py`): the six countries on one indicator.

Streamlit's documented pages/ mode: this script is the main page, each file in pages/ another page.
"""

from __future__ import annotations

import streamlit as st

from wbdash.app.cite import show_citation, view_citation
from wbdash.app.images import cached_file, cached_table_file, download_data
from wbdash.app.maps import show_map
from wbdash.app.presentation import render_presentation
from wbdash.app.time_axis import as_of_control, bounds, show_lanes, view_dataset
from wbdash.app.ui import (
    english_note,
    hide_heading_links,
    in_reader_language,
    is_complete_run,
    is_page_entry,
    language_query,
    md_text,
    query_params_lists,
    schedule_the_rest,
    seed_widgets,
    set_url,
    show_notices,
    start_page,
)
from wbdash.as_of import month_label
from wbdash.choropleth import build_map
from wbdash.cite_view import shown_sources
from wbdash.describe import indicator_as_of, labelled, map_text
from wbdash.export import ViewFilters, data_as_of, file_name, to_csv_bytes, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.method import project_totals
from wbdash.profile import headline
from wbdash.slides import PPTX_MIME, overview_slide_pptx
from wbdash.static_map import render_map
from wbdash.table import comparison_table, sourced_table
from wbdash.text import md_escape
from wbdash.view_state import ViewOptions, ViewState, parse_view
from wbdash.xlsx_export import to_xlsx_bytes

base = start_page("overview", "overview.page_title", sidebar=False, map_first=True)
# A session's first run draws the title and the map; the controls and everything below the fold follow one run
# later (see wbdash.app.ui.start_page), so that the map is drawn first.
complete = is_complete_run("overview")
registry = base.registry
options = ViewOptions.of(registry)
countries = base.countries
all_codes = list(countries["iso2"])
names = dict(zip(countries["iso2"], countries["name"], strict=False))

# The URL seeds the widgets once per visit; afterwards the widgets drive the URL.
if is_page_entry("overview"):
    initial = parse_view(query_params_lists(), all_codes, registry, base.content, bounds(base), base.brief_month)
    st.session_state.overview_notices = initial.notices
    seed_widgets({"ov_as_of": base.brief_month if initial.as_of is None else initial.as_of,
                  "ov_indicator": initial.indicator, "ov_countries": list(initial.countries),
                  "ov_columns": list(initial.columns), "ov_country": initial.country})
    st.session_state.ov_present = initial.present
    st.session_state.ov_square = initial.square



def as_of_param(month: int) -> int | None:
    return None if month == base.brief_month else month


if st.session_state.get("ov_present"):
    dataset = view_dataset(base, st.session_state.ov_as_of)
    square = st.session_state.get("ov_square", False)
    render_presentation(dataset, st.session_state.ov_indicator, st.session_state.ov_countries, square=square)
    set_url(ViewState(st.session_state.ov_indicator, tuple(st.session_state.ov_countries),
                                        options.default_columns, present=True, square=square,
                                        as_of=as_of_param(st.session_state.ov_as_of)).to_query(all_codes, options))
    st.stop()

if complete:
    hide_heading_links()
st.title(md_text(base, "overview.title"), anchor=False)
st.caption(md_text(base, "overview.intro"))
show_notices(st.session_state.overview_notices)
chosen_month = as_of_control(base, "ov_as_of", draw=complete)
dataset = view_dataset(base, chosen_month)
content = dataset.content

online_basemap = False  # the toggle's default: the first run has no controls
if complete:
    with st.sidebar:
        st.header(md_text(dataset, "overview.sidebar_header"))
        st.radio(content.text("overview.indicator_widget"), options=list(options.indicators), key="ov_indicator",
                 format_func=lambda key: registry[key].label)
        # In pop-overs: each chosen item is a Tab stop, and keyboard readers should reach the map in few presses.
        with st.popover(content.text("overview.countries_button", count=len(st.session_state.ov_countries)),
                        width="stretch"):
            st.multiselect(content.text("overview.countries_widget"), options=all_codes, key="ov_countries",
                           placeholder=content.text("common.choose"),
                           format_func=names.__getitem__)
        with st.popover(content.text("overview.columns_button", count=len(st.session_state.ov_columns)), width="stretch"):
            st.multiselect(content.text("overview.columns_widget"), options=list(options.columns), key="ov_columns",
                           placeholder=content.text("common.choose"),
                           format_func=lambda key: labelled(dataset, registry[key]))
        online_basemap = st.toggle(content.text("overview.basemap_widget"), value=False)
        st.caption(md_text(dataset, "overview.basemap_help"))
        st.button(content.text("overview.present_button"), key="ov_present_button", icon=":material/slideshow:",
                  help=content.text("overview.present_help"), width="stretch",
                  on_click=lambda: st.session_state.update(ov_present=True))

indicator = registry[st.session_state.ov_indicator]
selected = [code for code in all_codes if code in st.session_state.ov_countries]
columns = [key for key in options.columns if key in st.session_state.ov_columns]
if not selected:
    st.info(md_text(dataset, "overview.no_country"))
    selected = all_codes
if not columns:
    st.info(md_text(dataset, "overview.no_column"))
    columns = list(options.default_columns)

text = map_text(dataset, indicator, selected)

st.markdown(f"[{md_text(dataset, 'overview.skip_map')}](#downloads)")
map_column, detail_column = st.columns([3, 1.15])
with map_column:
    returned = show_map(
        dataset, ("overview", indicator.key, tuple(selected), online_basemap, chosen_month),
        lambda: build_map(dataset, indicator, text, selected=selected, online_basemap=online_basemap),
        key="overview_map", height=700, returned_objects=["last_active_drawing"],
    )
    st.caption(md_escape(" ".join([text.source_line, *text.notes])))  # also the map's text for narrow screens
clicked = ((returned or {}).get("last_active_drawing") or {}).get("properties", {}).get("iso2")
if clicked in all_codes and clicked != st.session_state.get("ov_last_click"):
    st.session_state.ov_last_click = clicked
    st.session_state.ov_country = clicked

with detail_column:
    st.subheader(md_text(dataset, "overview.summary_header"), anchor=False)
    if complete:
        st.selectbox(content.text("overview.country_widget"), options=[None, *all_codes], key="ov_country",
                     placeholder=content.text("overview.country_placeholder"),
                     format_func=lambda code: content.text("overview.country_placeholder") if code is None else names[code])
    chosen = st.session_state.ov_country
    if chosen:
        st.markdown(f"**{md_escape(names[chosen])}**")
        items = headline(dataset, chosen)
        st.markdown("\n".join(
            "- " + md_escape(content.text("overview.summary_item", label=item.label, value=item.value, as_of=item.as_of))
            + (f" — {md_escape(item.since)}" if item.since else "")
            for item in items))
        for item in items:
            if item.detail:
                st.caption(md_escape(item.detail))
        st.caption(md_text(dataset, "overview.summary_source") if dataset.is_brief_view else
                   md_text(dataset, "history.summary_source", as_of=month_label(chosen_month)))
        if complete:
            st.page_link("pages/profile.py", label=md_text(dataset, "overview.profile_link", country=names[chosen]),
                         icon=":material/description:", query_params={"country": chosen, **language_query()})
    else:
        st.caption(md_text(dataset, "overview.no_summary"))

state = ViewState(indicator.key, tuple(selected), tuple(columns), st.session_state.ov_country,
                  as_of=as_of_param(chosen_month))
query = state.to_query(all_codes, options)

if complete:  # below the fold: totals, downloads, table, lanes, citation
    totals = project_totals(dataset)
    metric_a, metric_b, explanation = st.columns([1, 1, 2.5])
    metric_a.metric(md_text(dataset, "overview.metric_six"), totals.six_total)
    metric_b.metric(md_text(dataset, "overview.metric_region"), totals.region_total)
    explanation.caption(md_text(dataset, "overview.region_note", difference=totals.difference))

    shown = [indicator, *(registry[key] for key in columns)]
    citation = view_citation(dataset, content.text("cite.overview_title", label=indicator.label,
                                                   selection=text.subtitle_selection,
                                                   as_of=indicator_as_of(dataset, indicator)),
                             shown, shown_sources(dataset, shown, selected), "", query)
    filters = ViewFilters(indicator, tuple(selected), tuple(columns), tuple(all_codes), as_of_param(chosen_month))
    export = sourced_table(dataset, selected, columns)
    data_date = data_as_of(dataset, export)
    st.subheader(md_text(dataset, "overview.downloads_header"), anchor="downloads")
    st.caption(md_text(dataset, "overview.downloads"))
    # The CSV is the button's own bytes, built once per view; the other files are built when their button is
    # clicked (deferred callables), or handed over as bytes once drawn (wbdash.app.images.download_data), so reruns
    # stay fast.
    data_files = [  # (content key, the button's data, file name's ending, MIME type)
        ("csv", cached_table_file(id(dataset), ("csv", tuple(selected), tuple(columns)), lambda: to_csv_bytes(export.frame)),
         "csv", "text/csv"),
        ("zip", in_reader_language(dataset, lambda: zip_bytes(dataset, export, filters, citation=citation)), "zip",
         "application/zip"),
        ("xlsx", in_reader_language(dataset, lambda: to_xlsx_bytes(dataset, export, filters, citation=citation)),
         "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("geojson", in_reader_language(dataset, lambda: to_geojson_bytes(dataset, selected, columns, citation=citation)),
         "geojson", "application/geo+json"),
    ]
    for column, (name, data, ending, mime) in zip(st.columns(4), data_files, strict=True):
        column.download_button(
            content.text(f"overview.download_{name}"), data=data,
            file_name=file_name(ending, filters, data_date), mime=mime, on_click="ignore",
            help=content.text(f"overview.download_{name}_help"),
        )
    image_buttons = st.columns(4)


    def map_view(image_format: str, scale: int = 1) -> tuple:
        return ("map", indicator.key, tuple(selected), image_format, scale)


    def render_image(image_format: str, scale: int = 1) -> bytes:
        return render_map(dataset, indicator, text, selected=selected, image_format=image_format, scale=scale).data


    def map_image(image_format: str, scale: int = 1) -> bytes:
        """The map image, built once per view and format; the slide embeds the PNG export's own bytes."""
        return cached_file(id(dataset), map_view(image_format, scale), lambda: render_image(image_format, scale))


    for column, (label_key, image_format, scale) in zip(
        image_buttons, [("overview.download_png", "png", 1), ("overview.download_png_2x", "png", 2),
                        ("overview.download_svg", "svg", 1)], strict=False
    ):
        qualifier = f"map-{scale}x" if scale > 1 else "map"
        column.download_button(
            content.text(label_key),
            data=download_data(dataset, map_view(image_format, scale), lambda f=image_format, k=scale: render_image(f, k)),
            file_name=file_name(f"{qualifier}.{image_format}", filters, data_date),
            mime="image/png" if image_format == "png" else "image/svg+xml", on_click="ignore",
            help=content.text("overview.download_image_help"),
        )

    image_buttons[3].download_button(
        content.text("overview.download_pptx"),
        data=download_data(dataset, ("slide", indicator.key, tuple(selected), citation.plain()),
                           lambda: overview_slide_pptx(dataset, indicator, selected, map_image("png"), citation=citation)),
        file_name=file_name("slide.pptx", filters, data_date), mime=PPTX_MIME, on_click="ignore",
        help=content.text("overview.download_pptx_help"),
    )

    st.subheader(md_text(dataset, "overview.table_header"))
    st.caption(md_text(dataset, "overview.table_caption") if dataset.is_brief_view else
               md_text(dataset, "history.table_caption", as_of=month_label(chosen_month)))
    table = comparison_table(dataset, selected, columns)
    profile_column = content.text("overview.profile_column")
    table[profile_column] = [f"profile?country={code}" for code in table[content.text("table.code")]]
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={profile_column: st.column_config.LinkColumn(
            profile_column, display_text=content.text("overview.profile_link_text"))},
    )

    st.subheader(md_text(dataset, "history.lanes_header"))
    st.caption(md_text(dataset, "history.lanes_caption", brief_as_of=month_label(base.brief_month)))
    english_note(dataset, "language.english_milestones")
    show_lanes(base, selected, chosen_month)
    st.caption(md_text(dataset, "history.projects_no_series"))

    show_citation(dataset, citation)
set_url(query)
schedule_the_rest("overview")  # last: see its docstring
