"""Sources & method: definitions, as-of dates, caveats, boundaries, bibliography, how to update the data.

Thin page: the content comes from wbdash.method; everything from data is escaped with md_escape.
"""

from __future__ import annotations

import streamlit as st

from pages._ui import dataset_or_stop, render_references, require_entry_point
from wbdash.bibliography import CitationRegistry
from wbdash.method import (
    BOUNDARY_DISCLAIMER,
    DEFINITIONS,
    KOSOVO_CITATION,
    PREVIEW_COMMAND,
    PROJECTS_CAVEAT,
    REBUILD_BOUNDARIES_COMMAND,
    SIMPLIFICATION_NOTE,
    SNAPSHOT_CAVEAT,
    VALIDATE_COMMAND,
    as_of_frame,
    bibliography_rows,
    boundary_source,
    citation_marker,
    column_as_of,
    data_files,
    dataset_as_of,
    definition_citations,
    project_totals,
    regional_facts,
    schema_columns,
    status_groups,
    totals_explanation,
)
from wbdash.text import md_escape

require_entry_point()
dataset = dataset_or_stop()
registry = CitationRegistry(dataset.sources)


def cite(*citations: tuple[str, object]) -> str:
    """The escaped marker, e.g. \\[3\\], for one or more (source id, footnote) citations."""
    return md_escape(citation_marker([registry.number(source, note) for source, note in citations]))


st.title("Sources & method")
st.caption(
    "The brief is a snapshot of May 2023; the Chinese project counts are BIRN's 2021 figures as the brief "
    "reports them. Numbers in square brackets point to the references at the end of this page."
)

# 1. Definitions ---------------------------------------------------------------------------------
st.header("Definitions")
for definition in DEFINITIONS:
    st.subheader(md_escape(definition.term))
    st.markdown(f"{md_escape(definition.explanation)} {cite(*definition_citations(definition))}")
    if definition.status_column:
        groups = status_groups(dataset.countries, definition.status_column)
        as_of = column_as_of(dataset.countries, definition.status_column)
        st.markdown(
            f"In this dashboard (as of {md_escape(as_of)}): "
            + "; ".join(f"**{md_escape(status)}**: {md_escape(', '.join(names))}" for status, names in groups)
        )
    st.caption(md_escape(definition.basis))

# 2. As-of dates ---------------------------------------------------------------------------------
st.header("As-of dates")
st.caption("Every value carries its own date; these are the dates the data files give, per kind of value.")
as_of_rows = dataset_as_of(dataset)
as_of_table = as_of_frame(
    as_of_rows, cite=lambda source, note: citation_marker([registry.number(source, note)])
)
st.dataframe(
    as_of_table, hide_index=True, width="stretch", height="content",
    column_config={
        "Values": st.column_config.TextColumn("Values", width="medium"),
        "Source": st.column_config.TextColumn("Source", help="Numbered references at the end of the page."),
    },
)

# 3. Caveats -------------------------------------------------------------------------------------
st.header("Caveats")
st.subheader("Chinese projects: the six countries and the whole Balkans")
totals = project_totals(dataset)
six_column, region_column, difference_column = st.columns(3)
six_column.metric(
    f"Six countries ({md_escape(totals.six_as_of)})", totals.six_total,
    help="Chinese projects: the sum of the six countries' counts in the brief's table.",
)
region_column.metric(
    f"Whole Balkans ({md_escape(totals.region_as_of)})", totals.region_total,
    help="Chinese projects in the whole Balkans region since 2013, as the brief gives it.",
)
difference_column.metric("Difference", totals.difference, help="Projects outside the six countries.")
st.markdown(f"{md_escape(totals_explanation(totals))} {cite(('brief', 55), totals.region_citation)}")
st.markdown(f"{md_escape(PROJECTS_CAVEAT)} {cite(('brief', 55))}")
st.subheader("A snapshot, not live data")
st.markdown(f"{md_escape(SNAPSHOT_CAVEAT)} {cite(('brief', None))}")

st.subheader("Facts about the whole region")
st.caption("Statements the sources make about the Balkans as a whole rather than one country, oldest first.")
for fact in regional_facts(dataset.facts).itertuples(index=False):
    st.markdown(
        f"**{md_escape(fact.date)}: {md_escape(fact.title)}**  \n"
        f"{md_escape(fact.statement)} {cite((fact.source_id, fact.footnote))}"
    )

# 4. Boundaries ----------------------------------------------------------------------------------
st.header("Boundaries")
boundaries = boundary_source(dataset.sources)
st.markdown(
    f"**Source:** {md_escape(boundaries.title)}, {md_escape(boundaries.publisher)}"
    f" ({md_escape(boundaries.date)}), {md_escape(boundaries.licence)}. {cite(('natural-earth', None))}"
)
st.markdown(f"**Simplification:** {md_escape(SIMPLIFICATION_NOTE)}")
st.info(f"{md_escape(BOUNDARY_DISCLAIMER)} {cite(KOSOVO_CITATION)}", icon=":material/info:")

# 5. Bibliography --------------------------------------------------------------------------------
st.header("Bibliography")
bibliography = bibliography_rows(dataset.sources)
st.caption(
    f"All {len(bibliography)} entries of data/sources.csv: the source documents first, then each footnote "
    "they cite, by number. Footnote entries were not read directly; they are what the documents cite."
)
st.dataframe(
    bibliography,
    hide_index=True,
    width="stretch",
    placeholder="–",
    column_config={
        "URL": st.column_config.LinkColumn("URL", help="Opens the cited page (needs internet)."),
        "Footnote": st.column_config.NumberColumn("Footnote", format="%d", width="small"),
        "Title": st.column_config.TextColumn("Title", width="large"),
        "Note": st.column_config.TextColumn("Note", width="large"),
    },
)

# 6. Updating and checking the data --------------------------------------------------------------
st.header("How to update and check the data")
st.markdown(
    "\n".join(f"- **{md_escape(item.path)}**: {md_escape(item.holds)}" for item in data_files())
)
st.markdown("After editing any of these files, check them from the repository root:")
st.code(VALIDATE_COMMAND, language="sh")
st.markdown(
    "It lists every problem with its file, row and column. The dashboard runs the same checks when it "
    "loads and shows no data at all while any check fails. To preview edited data kept in another folder:"
)
st.code(PREVIEW_COMMAND, language="sh", wrap_lines=True)
st.markdown("To rebuild the boundaries from the Natural Earth source:")
st.code(REBUILD_BOUNDARIES_COMMAND, language="sh")
with st.expander("Every column of every data file"):
    st.dataframe(schema_columns(), hide_index=True, width="stretch")

# References -------------------------------------------------------------------------------------
render_references(registry)
