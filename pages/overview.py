"""Overview: the six countries on one indicator — map, summary, comparison table, downloads."""

from __future__ import annotations

import streamlit as st

from pages._maps import show_map
from pages._presentation import render_presentation
from pages._ui import dataset_or_stop, is_page_entry, query_params_lists, require_entry_point, show_notices
from wbdash.choropleth import build_map
from wbdash.describe import REGION_NOTE, map_text
from wbdash.export import ViewFilters, file_name, to_csv_bytes, zip_bytes
from wbdash.geo_export import to_geojson_bytes
from wbdash.static_map import render_map
from wbdash.xlsx_export import to_xlsx_bytes
from wbdash.indicators import INDICATORS
from wbdash.table import TABLE_COLUMNS, comparison_table, sourced_table
from wbdash.text import md_escape
from wbdash.view_state import ViewState, parse_view

require_entry_point()
dataset = dataset_or_stop()
countries = dataset.countries
all_codes = list(countries["iso2"])
names = dict(zip(countries["iso2"], countries["name"]))

# The URL seeds the widgets once per session; afterwards the widgets drive the URL.
if is_page_entry("overview"):
    initial = parse_view(query_params_lists(), all_codes)
    st.session_state.overview_notices = initial.notices
    st.session_state.ov_indicator = initial.indicator
    st.session_state.ov_countries = list(initial.countries)
    st.session_state.ov_columns = list(initial.columns)
    st.session_state.ov_country = initial.country
    st.session_state.ov_present = initial.present

present = bool(st.session_state.get("ov_present"))
if present:
    render_presentation(dataset, st.session_state.ov_indicator, st.session_state.ov_countries)
    st.query_params.from_dict(ViewState(st.session_state.ov_indicator, tuple(st.session_state.ov_countries),
                                        present=True).to_query(all_codes))
    st.stop()

st.title("Western Balkans: EU and NATO status, Clean Network Initiative and Chinese projects")
st.caption(
    "Six countries compared as the May 2023 Security Tech Brief describes them; project counts are "
    "BIRN's 2021 figures. Hover a country for its four indicators, click it for a summary."
)
show_notices(st.session_state.overview_notices)

with st.sidebar:
    st.header("View")
    st.radio(
        "Indicator on the map", options=list(INDICATORS), key="ov_indicator",
        format_func=lambda key: INDICATORS[key].title,
    )
    st.multiselect("Countries", options=all_codes, key="ov_countries", format_func=names.__getitem__)
    st.multiselect(
        "Table and download columns", options=list(TABLE_COLUMNS), key="ov_columns",
        format_func=lambda key: TABLE_COLUMNS[key].header,
    )
    online_basemap = st.toggle(
        "Online basemap (needs internet)", value=False,
        help="Off by default: the dashboard works without any connection.",
    )

indicator = INDICATORS[st.session_state.ov_indicator]
selected = [code for code in all_codes if code in st.session_state.ov_countries]
columns = [key for key in TABLE_COLUMNS if key in st.session_state.ov_columns]
if not selected:
    st.info("No country is selected; pick at least one in the sidebar. Showing all six meanwhile.")
    selected = all_codes
if not columns:
    st.info("No table column is selected; showing the default columns.")
    columns = list(ViewState().columns)

text = map_text(indicator, [names[c] for c in selected], len(all_codes), dataset.sources)

map_column, detail_column = st.columns([3, 1.15])
with map_column:
    returned = show_map(
        dataset, ("overview", indicator.key, tuple(selected), online_basemap),
        lambda: build_map(countries, dataset.context, indicator, text, selected=selected,
                          online_basemap=online_basemap),
        key="overview_map", height=700, returned_objects=["last_active_drawing"],
    )
clicked = ((returned or {}).get("last_active_drawing") or {}).get("properties", {}).get("iso2")
if clicked in all_codes and clicked != st.session_state.get("ov_last_click"):
    st.session_state.ov_last_click = clicked
    st.session_state.ov_country = clicked

with detail_column:
    st.subheader("Country summary")
    st.selectbox(
        "Country", options=[None, *all_codes], key="ov_country",
        format_func=lambda code: "Click the map or choose…" if code is None else names[code],
    )
    chosen = st.session_state.ov_country
    if chosen:
        row = dataset.country(chosen)
        st.markdown(f"**{md_escape(row['name'])}**")
        st.markdown(
            f"- EU: {row['eu_status']} (May 2023)\n"
            f"- NATO: {row['nato_status']} (May 2023)\n"
            f"- Clean Network Initiative: {row['cni_status']} (May 2023)\n"
            f"- Chinese projects: {row['chinese_projects']} (2021), rank {row['projects_rank']} of 6, "
            f"{row['projects_share']:.1f}% of the six, {row['projects_per_million']:.1f} per million"
        )
        for column in ("eu_status_note", "nato_status_note", "cni_status_note"):
            note = row[column]
            if isinstance(note, str) and note:
                st.caption(md_escape(note))
        st.caption("Source: the brief's country table; project counts BIRN 2021 (brief fn 55).")
        st.page_link("pages/profile.py", label=f"Open the profile of {md_escape(row['name'])}", icon=":material/description:",
                     query_params={"country": chosen})
    else:
        st.caption("No country selected.")

total_six = int(countries["chinese_projects"].sum())
balkans = dataset.region_figure("balkan-projects-since-2013")
metric_a, metric_b, explanation = st.columns([1, 1, 2.5])
metric_a.metric("Chinese projects, the six countries (2021)", total_six)
metric_b.metric("Chinese projects, whole Balkans since 2013 (brief)", int(balkans["value"]))
explanation.caption(REGION_NOTE.format(total=total_six) + f" Difference: {int(balkans['value']) - total_six}.")

st.subheader("Comparison table")
st.caption(
    "The map's text alternative. Sort by clicking a column header. Statuses as of May 2023 (brief); "
    "project counts 2021 (BIRN via brief fn 55); population 2019 (Natural Earth)."
)
table = comparison_table(countries, selected, columns)
table["Profile"] = [f"profile?country={code}" for code in table["Code"]]
st.dataframe(
    table, hide_index=True, width="stretch",
    column_config={"Profile": st.column_config.LinkColumn("Profile", display_text="Open profile")},
)

filters = ViewFilters(indicator.title, [names[c] for c in selected], columns)
export = sourced_table(countries, dataset.sources, selected, columns)
st.markdown("**Downloads** — the current view, with sources and as-of dates.")
# Files are built only when a button is clicked (deferred callables), so reruns stay fast.
data_buttons = st.columns(4)
data_buttons[0].download_button(
    "Download CSV", data=lambda: to_csv_bytes(export), file_name=file_name("csv"), mime="text/csv", on_click="ignore",
    help="The rows and columns shown, each value with its source and as-of date.",
)
data_buttons[1].download_button(
    "CSV + metadata (zip)", data=lambda: zip_bytes(export, dataset.sources, filters),
    file_name=file_name("zip"), mime="application/zip", on_click="ignore",
    help="The CSV, a datapackage.json describing every column, and a README with sources and licence.",
)
data_buttons[2].download_button(
    "Excel (XLSX)", data=lambda: to_xlsx_bytes(export, dataset.sources, filters), file_name=file_name("xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    help="The table on one sheet, sources, licences, definitions and filters on an 'About' sheet.",
)
data_buttons[3].download_button(
    "GIS (GeoJSON)", data=lambda: to_geojson_bytes(countries, dataset.sources, selected, columns),
    file_name=file_name("geojson"), mime="application/geo+json", on_click="ignore",
    help="Boundaries with the values, sources and as-of dates as properties, for QGIS or ArcGIS.",
)
image_buttons = st.columns(4)
for column, (label, image_format, scale) in zip(
    image_buttons, [("Map image (PNG, 1920 px)", "png", 1), ("Map image (PNG, 2x)", "png", 2),
                    ("Map image (SVG, vector)", "svg", 1)]
):
    suffix = f"-{scale}x" if scale > 1 else ""
    column.download_button(
        label, data=lambda f=image_format, k=scale: render_map(countries, dataset.context, indicator, text,
                                                               selected=selected, image_format=f, scale=k).data,
        file_name=file_name(f"{indicator.key}{suffix}.{image_format}"),
        mime="image/png" if image_format == "png" else "image/svg+xml", on_click="ignore",
        help="The map as shown, with title, legend, labels, source line and the Kosovo note, ready for slides.",
    )

state = ViewState(indicator.key, tuple(selected), tuple(columns), st.session_state.ov_country)
st.query_params.from_dict(state.to_query(all_codes))
