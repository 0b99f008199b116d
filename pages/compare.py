"""Compare two to six countries side by side: indicators aligned, facts by category next to each other."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wbdash.app.cite import show_citation, view_citation
from wbdash.app.time_axis import bounds, show_lanes, today
from wbdash.app.ui import (
    cited,
    english_note,
    fact_date,
    is_page_entry,
    md_text,
    query_params_lists,
    render_references,
    seed_widgets,
    set_url,
    show_notices,
    start_page,
)
from wbdash.as_of import month_label, month_options
from wbdash.bibliography import CitationRegistry
from wbdash.lanes import changes_table
from wbdash.profile import by_category, compare_indicators, country_facts
from wbdash.statuses import FACT_CATEGORIES
from wbdash.text import md_escape
from wbdash.view_state import MAX_COMPARE, MIN_COMPARE, CompareState, parse_compare

dataset = start_page("compare", "compare.page_title")
content = dataset.content
codes = list(dataset.countries["iso2"])
names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))

months = bounds(dataset)
default_range = (months[0], dataset.brief_month)
if is_page_entry("compare"):
    initial = parse_compare(query_params_lists(), codes, content, months, default_range)
    st.session_state.compare_notices = initial.notices
    seed_widgets({"compare_countries": list(initial.countries), "compare_from": initial.first,
                  "compare_to": initial.last})

st.title(md_text(dataset, "compare.title"))
st.caption(md_text(dataset, "compare.intro"))
show_notices(st.session_state.compare_notices)

st.multiselect(content.text("compare.countries_widget"), options=codes, key="compare_countries",
               placeholder=content.text("common.choose"),
               format_func=names.__getitem__, max_selections=MAX_COMPARE)
chosen = [code for code in st.session_state.compare_countries if code in codes]  # in the reader's order
if len(chosen) < MIN_COMPARE:
    st.warning(md_text(dataset, "compare.too_few"))
    st.stop()

st.subheader(md_text(dataset, "compare.indicators_header"))
st.dataframe(compare_indicators(dataset, chosen), width="stretch")
st.caption(md_text(dataset, "compare.differ_caption"))

st.subheader(md_text(dataset, "history.profile_lanes_header"))
st.caption(md_text(dataset, "history.lanes_caption", brief_as_of=month_label(dataset.brief_month)))
show_lanes(dataset, chosen, dataset.brief_month)

st.subheader(md_text(dataset, "history.changes_header"))
from_column, to_column = st.columns(2)
from_column.select_slider(content.text("history.changes_from"), options=month_options(dataset, today()),
                          key="compare_from", format_func=month_label)
to_column.select_slider(content.text("history.changes_to"), options=month_options(dataset, today()),
                        key="compare_to", format_func=month_label)
first, last = sorted((st.session_state.compare_from, st.session_state.compare_to))
if first == last:
    st.info(md_text(dataset, "history.changes_same"))
else:
    st.caption(md_text(dataset, "history.changes_caption"))
    st.dataframe(changes_table(dataset, chosen, first, last), hide_index=True, width="stretch")
set_url(CompareState(tuple(chosen), first, last).to_query(*default_range))

registry = CitationRegistry(dataset.sources, dataset.content)
facts = {code: country_facts(dataset.facts, code) for code in chosen}
st.subheader(md_text(dataset, "compare.facts_header"))
english_note(dataset, "language.english_facts", pd.concat(facts.values()))
for category in FACT_CATEGORIES:
    groups = {code: dict(by_category(facts[code])).get(category) for code in chosen}
    if all(group is None for group in groups.values()):
        continue
    st.markdown(f"#### {md_escape(category[:1].upper() + category[1:])}")
    for column, code in zip(st.columns(len(chosen)), chosen, strict=False):
        column.markdown(f"**{md_escape(names[code])}**")
        group = groups[code]
        if group is None:
            column.caption(md_text(dataset, "compare.nothing"))
            continue
        column.markdown("\n".join(
            f"- *{fact_date(dataset, f)}*: "
            f"{cited(f['statement'], registry.number(f['source_id'], f['footnote']))}"
            for f in group.to_dict("records")
        ))

render_references(dataset, registry)
citation = view_citation(dataset, content.text("cite.compare_title", names=", ".join(names[c] for c in chosen)),
                         dataset.registry.in_place("compare"), [r.source_id for r in registry.references()],
                         "compare", CompareState(tuple(chosen), first, last).to_query(*default_range))
show_citation(dataset, citation)
