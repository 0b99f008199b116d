"""Country profile: headline indicators, a locator map, timeline, facts by category, disagreements."""

from __future__ import annotations

import streamlit as st

from pages._maps import show_map
from pages._ui import (apply_print_style, cited, dataset_or_stop, is_page_entry, query_params_lists, render_references,
                       require_entry_point, show_notices)
from wbdash.bibliography import CitationRegistry
from wbdash.choropleth import MapText, build_locator_map
from wbdash.citations import compact_label
from wbdash.describe import BOUNDARY_NOTE, KOSOVO_NOTE
from wbdash.country_brief import country_brief_pdf
from wbdash.export import to_csv_bytes
from wbdash.profile import (by_category, country_facts, disagreements, facts_table, format_date, headline,
                            place_markers, says_little)
from wbdash.text import md_escape
from wbdash.view_state import parse_profile

require_entry_point()
apply_print_style()  # Ctrl+P gives a clean document: no widgets, citations kept
dataset = dataset_or_stop()
codes = list(dataset.countries["iso2"])
names = dict(zip(dataset.countries["iso2"], dataset.countries["name"]))

if is_page_entry("profile"):
    initial, notices = parse_profile(query_params_lists(), codes)
    st.session_state.profile_notices = notices
    st.session_state.profile_country = initial or "RS"
    st.session_state.profile_link_was_bad = bool(notices) and initial is None

show_notices(st.session_state.profile_notices)
if st.session_state.profile_link_was_bad:
    st.page_link("pages/overview.py", label="Back to the overview", icon=":material/arrow_back:")

st.selectbox("Country", options=codes, key="profile_country", format_func=names.__getitem__)
iso2 = st.session_state.profile_country
st.query_params.from_dict({"country": iso2})

country = dataset.country(iso2)
facts = country_facts(dataset.facts, iso2)
registry = CitationRegistry(dataset.sources)

safe_name = md_escape(country["name"])
st.title(f"{safe_name}: country profile")
st.caption(
    "As the May 2023 Security Tech Brief and three Serbia sources describe it. Statuses as of May 2023; "
    "Chinese projects BIRN 2021; every statement is the project's own summary with a numbered reference."
)

columns = st.columns(4)
for column, item in zip(columns, headline(country)):
    number = registry.number(item.source_id, item.footnote)
    column.metric(item.label, item.value)
    column.caption(f"As of {md_escape(item.as_of)} \\[{number}\\]")
    if item.detail:
        column.caption(md_escape(item.detail))

if says_little(facts):
    st.info(
        f"The sources say little about {safe_name} beyond its EU, NATO and Clean Network position and "
        "its project count; the brief's discussion concentrates on Serbia."
    )

markers = place_markers(facts, dataset.places, registry)
map_column, places_column = st.columns([3, 2])
with map_column:
    text = MapText(
        title=f"{country['name']} among its neighbours",
        subtitle="Places named by the sources are marked; hover a marker for what happened there.",
        source_line=f"Boundaries: {compact_label(dataset.sources, 'natural-earth')}; places: "
                    f"{compact_label(dataset.sources, 'geonames')}.",
        notes=(KOSOVO_NOTE, BOUNDARY_NOTE) if iso2 in ("XK", "RS") else (BOUNDARY_NOTE,),
    )
    show_map(dataset, ("profile", iso2), lambda: build_locator_map(dataset.countries, dataset.context, iso2, text, markers),
             key=f"locator_{iso2}", height=460, returned_objects=[])
with places_column:
    st.subheader("Places named in the sources")
    if markers:
        for marker in markers:
            st.markdown(f"**{md_escape(marker.place)}**  \n" + "  \n".join(md_escape(e) for e in marker.events))
    else:
        st.caption("The sources name no specific place in this country.")

st.subheader("Timeline")
st.markdown("  \n".join(
    f"**{md_escape(format_date(f['date']))}** — {cited(f['title'], registry.number(f['source_id'], f['footnote']))}"
    for f in facts.to_dict("records")
) or "No dated events.")

st.subheader("Key facts by category")
for category, group in by_category(facts):
    st.markdown(f"#### {md_escape(category.capitalize())}")
    st.markdown("\n".join(
        f"- {cited(f['statement'], registry.number(f['source_id'], f['footnote']))} "
        f"*({md_escape(format_date(f['date']))})*"
        for f in group.to_dict("records")
    ))

conflicts = disagreements(facts)
if conflicts:
    st.subheader("Where the sources disagree")
    for _, group in conflicts:
        st.markdown(f"**{md_escape(group.iloc[0]['title'])}**")
        for column, fact in zip(st.columns(len(group)), group.to_dict("records")):
            number = registry.number(fact["source_id"], fact["footnote"])
            column.markdown(f"{cited(fact['statement'], number)}  \n*{md_escape(compact_label(dataset.sources, fact['source_id']))}*")

render_references(registry)

downloads = st.columns(2)
downloads[0].download_button(
    f"Download the facts on {safe_name} (CSV)",
    data=lambda: to_csv_bytes(facts_table(facts, dataset.sources, names)),  # built on click, like the PDF
    file_name=f"{iso2.lower()}-facts.csv", mime="text/csv", on_click="ignore",
)
downloads[1].download_button(
    f"One-page brief on {safe_name} (PDF)", data=lambda: country_brief_pdf(dataset, iso2),
    file_name=f"{iso2.lower()}-country-brief.pdf", mime="application/pdf", on_click="ignore",
    help="Indicators, the highlighted map, the key facts and their references, ready to attach to an email.",
)
