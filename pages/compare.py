"""Compare two to six countries side by side: indicators aligned, facts by category next to each other."""

from __future__ import annotations

import streamlit as st

from pages._ui import (cited, dataset_or_stop, is_page_entry, query_params_lists, render_references,
                       require_entry_point, show_notices)
from wbdash.bibliography import CitationRegistry
from wbdash.profile import COMPARE_ROWS, by_category, compare_indicators, country_facts, format_date
from wbdash.statuses import FACT_CATEGORIES
from wbdash.text import md_escape
from wbdash.view_state import MAX_COMPARE, MIN_COMPARE, parse_compare

require_entry_point()
dataset = dataset_or_stop()
codes = list(dataset.countries["iso2"])
names = dict(zip(dataset.countries["iso2"], dataset.countries["name"]))

if is_page_entry("compare"):
    initial, notices = parse_compare(query_params_lists(), codes)
    st.session_state.compare_notices = notices
    st.session_state.compare_countries = list(initial)

st.title("Compare countries side by side")
st.caption("Statuses as of May 2023 (brief); Chinese projects 2021 (BIRN via brief fn 55); population 2019 (Natural Earth).")
show_notices(st.session_state.compare_notices)

st.multiselect("Countries (two to six)", options=codes, key="compare_countries", format_func=names.__getitem__,
               max_selections=MAX_COMPARE)
chosen = [code for code in codes if code in st.session_state.compare_countries]
if len(chosen) < MIN_COMPARE:
    st.warning("Pick at least two countries to compare.")
    st.stop()
st.query_params.from_dict({"countries": ",".join(chosen)})

st.subheader("Indicators")
st.dataframe(compare_indicators(dataset.countries, chosen, COMPARE_ROWS), width="stretch")
st.caption("'Differ?' marks the rows where the chosen countries are not all the same.")

registry = CitationRegistry(dataset.sources)
facts = {code: country_facts(dataset.facts, code) for code in chosen}
st.subheader("Facts by category")
for category in FACT_CATEGORIES:
    groups = {code: dict(by_category(facts[code])).get(category) for code in chosen}
    if all(group is None for group in groups.values()):
        continue
    st.markdown(f"#### {md_escape(category.capitalize())}")
    for column, code in zip(st.columns(len(chosen)), chosen):
        column.markdown(f"**{md_escape(names[code])}**")
        group = groups[code]
        if group is None:
            column.caption("Nothing in the sources.")
            continue
        column.markdown("\n".join(
            f"- *{md_escape(format_date(f['date']))}*: "
            f"{cited(f['statement'], registry.number(f['source_id'], f['footnote']))}"
            for f in group.to_dict("records")
        ))

render_references(registry)
