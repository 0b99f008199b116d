"""Country profile: headline indicators, a locator map, timeline, facts by category, disagreements."""

from __future__ import annotations

import streamlit as st

from wbdash.app.cite import show_citation, view_citation
from wbdash.app.images import download_data
from wbdash.app.maps import show_map
from wbdash.app.time_axis import show_lanes
from wbdash.app.ui import (
    apply_print_style,
    cited,
    english_note,
    fact_date,
    in_reader_language,
    is_page_entry,
    md_text,
    query_params_lists,
    render_references,
    seed_widgets,
    set_url,
    show_notices,
    start_page,
)
from wbdash.as_of import month_label
from wbdash.bibliography import CitationRegistry
from wbdash.choropleth import build_locator_map
from wbdash.citations import compact_label
from wbdash.country_brief import country_brief_pdf
from wbdash.describe import country_map_text
from wbdash.export import to_csv_bytes
from wbdash.figures import format_date
from wbdash.profile import (
    basis_text,
    by_category,
    country_facts,
    disagreements,
    evidence_text,
    facts_table,
    headline,
    place_markers,
    says_little,
    timeline,
)
from wbdash.slides import PPTX_MIME, country_map_png, country_slide_pptx
from wbdash.text import md_escape
from wbdash.view_state import parse_profile

dataset = start_page("profile", "profile.page_title")
content = dataset.content
apply_print_style()  # Ctrl+P gives a clean document: no widgets, citations kept
codes = list(dataset.countries["iso2"])
names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))

if is_page_entry("profile"):
    initial, notices = parse_profile(query_params_lists(), codes, content)
    st.session_state.profile_notices = notices
    # Without a country in the link: the one the sources say most about.
    seed_widgets({"profile_country": initial or max(codes, key=lambda c: int((dataset.facts["country"] == c).sum()))})
    st.session_state.profile_link_was_bad = bool(notices) and initial is None

show_notices(st.session_state.profile_notices)
if st.session_state.profile_link_was_bad:
    st.page_link("dashboard.py", label=content.text("profile.back"), icon=":material/arrow_back:")

st.selectbox(content.text("profile.country_widget"), options=codes, key="profile_country",
             format_func=names.__getitem__)
iso2 = st.session_state.profile_country
set_url({"country": iso2})

country_name = names[iso2]
facts = country_facts(dataset.facts, iso2)
registry = CitationRegistry(dataset.sources, dataset.content)

st.title(md_text(dataset, "profile.title", country=country_name))
st.caption(md_text(dataset, "profile.intro"))
conflicts = disagreements(facts, dataset.conflicts)
sections = [("places", "profile.places_header"), ("status-history", "history.profile_lanes_header"),
            ("timeline", "profile.timeline_header"), ("facts", "profile.facts_header"),
            *([("disagreements", "profile.disagreements_header")] if conflicts else []),
            ("references", "common.references"), ("downloads", "profile.downloads_header")]
st.markdown(f"**{md_text(dataset, 'profile.contents')}** " + " · ".join(
    f"[{md_text(dataset, key)}](#{anchor})" for anchor, key in sections))

items = headline(dataset, iso2)
for column, item in zip(st.columns(len(items)), items, strict=False):
    number = registry.number(item.source_id, item.footnote)
    column.metric(md_escape(item.label), item.value)
    column.caption(f"{md_text(dataset, 'profile.as_of', as_of=item.as_of)} \\[{number}\\]")
    if item.since:
        column.caption(md_escape(item.since))
    if item.evidence:
        column.caption(md_escape(item.evidence))
    if item.detail:
        column.caption(md_escape(item.detail))

if says_little(dataset, facts):
    st.info(md_text(dataset, "profile.says_little", country=country_name))

markers = place_markers(facts, dataset.places, registry)
map_column, places_column = st.columns([3, 2])
with map_column:
    text = country_map_text(dataset, iso2)
    show_map(dataset, ("profile", iso2), lambda: build_locator_map(dataset, iso2, text, markers),
             key=f"locator_{iso2}", height=460, returned_objects=[])
    st.caption(md_escape(" ".join([text.source_line, *text.notes])))  # the map's source box gives way on narrow maps
with places_column:
    st.subheader(md_text(dataset, "profile.places_header"), anchor="places")
    if markers:
        for marker in markers:
            st.markdown(f"**{md_escape(marker.place)}**  \n" + "  \n".join(md_escape(e) for e in marker.events))
    else:
        st.caption(md_text(dataset, "profile.no_places"))

st.subheader(md_text(dataset, "history.profile_lanes_header"), anchor="status-history")
st.caption(md_text(dataset, "history.lanes_caption", brief_as_of=month_label(dataset.brief_month)))
english_note(dataset, "language.english_milestones")
show_lanes(dataset, [iso2], dataset.brief_month)

st.subheader(md_text(dataset, "profile.timeline_header"), anchor="timeline")
english_note(dataset, "language.english_facts", facts)
st.markdown("  \n".join(
    f"**{md_escape(format_date(entry.date))}** — {cited(entry.text, registry.number(entry.source_id, entry.footnote))}"
    for entry in timeline(dataset, facts, iso2)
) or md_text(dataset, "profile.no_events"))

st.subheader(md_text(dataset, "profile.facts_header"), anchor="facts")
english_note(dataset, "language.english_facts", facts)
for category, group in by_category(facts):
    st.markdown(f"#### {md_escape(category[:1].upper() + category[1:])}")
    records = group.to_dict("records")
    st.markdown("\n".join(
        f"- {cited(f['statement'], registry.number(f['source_id'], f['footnote']))} "
        f"*({fact_date(dataset, f)}{'; ' + md_escape(basis_text(content, f['basis'])) if basis_text(content, f['basis']) else ''})*"
        for f in records
    ))
    quoted = [f for f in records if evidence_text(content, f["evidence"], f["locator"])]
    if quoted:
        with st.expander(md_text(dataset, "evidence.header")):
            st.markdown("  \n".join(md_escape(content.text(
                "evidence.cited_item", number=registry.number(f["source_id"], f["footnote"]), phrase=f["evidence"],
                locator=f["locator"])) for f in quoted))

if conflicts:
    st.subheader(md_text(dataset, "profile.disagreements_header"), anchor="disagreements")
    for topic, group in conflicts:
        st.markdown(f"**{md_escape(topic)}**")
        for column, fact in zip(st.columns(len(group)), group.to_dict("records"), strict=False):
            number = registry.number(fact["source_id"], fact["footnote"])
            column.markdown(f"{cited(fact['statement'], number)}  \n"
                            f"*{md_escape(compact_label(dataset.sources, fact['source_id']))}*")

render_references(dataset, registry)
citation = view_citation(dataset, content.text("cite.profile_title", country=country_name),
                         dataset.registry.in_place("headline"), [r.source_id for r in registry.references()],
                         "profile", {"country": iso2})
show_citation(dataset, citation)

st.subheader(md_text(dataset, "profile.downloads_header"), anchor="downloads")
downloads = st.columns(3)
downloads[0].download_button(
    md_text(dataset, "profile.download_facts", country=country_name),
    data=in_reader_language(dataset, lambda: to_csv_bytes(facts_table(dataset, facts))),  # built on click, like the PDF
    file_name=f"{iso2.lower()}-facts.csv", mime="text/csv", on_click="ignore",
)
downloads[1].download_button(
    md_text(dataset, "profile.download_brief", country=country_name),
    data=download_data(dataset, ("brief", iso2, citation.plain()), lambda: country_brief_pdf(dataset, iso2, citation=citation)),
    file_name=f"{iso2.lower()}-country-brief.pdf", mime="application/pdf", on_click="ignore",
    help=content.text("profile.download_brief_help"),
)
downloads[2].download_button(
    md_text(dataset, "profile.download_slide", country=country_name),
    data=download_data(dataset, ("slide", iso2, citation.plain()),
                       lambda: country_slide_pptx(dataset, iso2, country_map_png(dataset, iso2), citation=citation)),
    file_name=f"{iso2.lower()}-slide.pptx", mime=PPTX_MIME, on_click="ignore",
    help=content.text("profile.download_slide_help"),
)
