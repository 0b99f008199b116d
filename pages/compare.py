"""Compare two to six countries side by side: indicators aligned, facts by category next to each other."""

from __future__ import annotations

import streamlit as st

from wbdash.app.ui import cited, is_page_entry, md_text, query_params_lists, render_references, show_notices, start_page
from wbdash.bibliography import CitationRegistry
from wbdash.figures import format_date
from wbdash.profile import by_category, compare_indicators, country_facts
from wbdash.statuses import FACT_CATEGORIES
from wbdash.text import md_escape
from wbdash.view_state import MAX_COMPARE, MIN_COMPARE, parse_compare

dataset = start_page("compare", "compare.page_title")
content = dataset.content
codes = list(dataset.countries["iso2"])
names = dict(zip(dataset.countries["iso2"], dataset.countries["name"], strict=False))

if is_page_entry("compare"):
    initial, notices = parse_compare(query_params_lists(), codes, content)
    st.session_state.compare_notices = notices
    st.session_state.compare_countries = list(initial)

st.title(md_text(dataset, "compare.title"))
st.caption(md_text(dataset, "compare.intro"))
show_notices(st.session_state.compare_notices)

st.multiselect(content.text("compare.countries_widget"), options=codes, key="compare_countries",
               format_func=names.__getitem__, max_selections=MAX_COMPARE)
chosen = [code for code in codes if code in st.session_state.compare_countries]
if len(chosen) < MIN_COMPARE:
    st.warning(md_text(dataset, "compare.too_few"))
    st.stop()
st.query_params.from_dict({"countries": ",".join(chosen)})

st.subheader(md_text(dataset, "compare.indicators_header"))
st.dataframe(compare_indicators(dataset, chosen), width="stretch")
st.caption(md_text(dataset, "compare.differ_caption"))

registry = CitationRegistry(dataset.sources)
facts = {code: country_facts(dataset.facts, code) for code in chosen}
st.subheader(md_text(dataset, "compare.facts_header"))
for category in FACT_CATEGORIES:
    groups = {code: dict(by_category(facts[code])).get(category) for code in chosen}
    if all(group is None for group in groups.values()):
        continue
    st.markdown(f"#### {md_escape(category.capitalize())}")
    for column, code in zip(st.columns(len(chosen)), chosen, strict=False):
        column.markdown(f"**{md_escape(names[code])}**")
        group = groups[code]
        if group is None:
            column.caption(md_text(dataset, "compare.nothing"))
            continue
        column.markdown("\n".join(
            f"- *{md_escape(format_date(f['date']))}*: "
            f"{cited(f['statement'], registry.number(f['source_id'], f['footnote']))}"
            for f in group.to_dict("records")
        ))

render_references(dataset, registry)
