"""Sources & method: definitions, as-of dates, caveats, boundaries, bibliography, how to update the data.

Thin page: the content comes from wbdash.method and data/content; everything is escaped with md_escape.
"""

from __future__ import annotations

import streamlit as st

from wbdash.app.cite import show_citation, view_citation
from wbdash.app.ui import english_note, md_text, render_references, start_page
from wbdash.bibliography import CitationRegistry
from wbdash.figures import joined_as_of
from wbdash.method import (
    KOSOVO_CITATION,
    PREVIEW_COMMAND,
    PROJECTS_KEY,
    REBUILD_BOUNDARIES_COMMAND,
    VALIDATE_COMMAND,
    as_of_frame,
    bibliography_headers,
    bibliography_rows,
    boundary_source,
    citation_marker,
    data_files,
    dataset_as_of,
    definition_citations,
    indicator_citation,
    project_totals,
    regional_facts,
    schema_columns,
    status_groups,
    totals_explanation,
)
from wbdash.profile import basis_key
from wbdash.text import md_escape

dataset = start_page("sources", "sources.page_title")
content = dataset.content
registry = CitationRegistry(dataset.sources, dataset.content)


def cite(*citations: tuple[str, object]) -> str:
    """The escaped marker, e.g. \\[3\\], for one or more (source id, footnote) citations."""
    return md_escape(citation_marker([registry.number(source, note) for source, note in citations]))


st.title(md_text(dataset, "sources.title"))
st.caption(md_text(dataset, "sources.intro"))

# 1. Definitions ---------------------------------------------------------------------------------
st.header(md_text(dataset, "sources.definitions_header"))
for definition in content.definitions:
    st.subheader(md_escape(definition.term))
    st.markdown(f"{md_escape(definition.explanation)} {cite(*definition_citations(definition))}")
    if definition.indicator:
        indicator = dataset.registry[definition.indicator]
        groups = status_groups(dataset.countries, indicator.value_column)
        as_of = joined_as_of(dataset.countries[indicator.columns.as_of]) if indicator.columns else ""
        st.markdown(
            md_text(dataset, "sources.in_dashboard", as_of=as_of) + " "
            + "; ".join(f"**{md_escape(indicator.category_name(status))}**: {md_escape(', '.join(names))}"
                        for status, names in groups)
        )
    st.caption(md_escape(definition.basis) + " " + md_text(dataset, "evidence.basis_label",
                                                          label=content.text(basis_key(definition.basis_type))))
    quoted = [c for c in definition.citations if c.evidence]
    if quoted:
        st.caption("  \n".join(md_escape(content.text("evidence.cited_item", number=registry.number(c.source, c.footnote),
                                                        phrase=c.evidence, locator=c.locator)) for c in quoted))

# 2. As-of dates ---------------------------------------------------------------------------------
st.header(md_text(dataset, "sources.as_of_header"))
st.caption(md_text(dataset, "sources.as_of_caption"))
as_of_table = as_of_frame(dataset_as_of(dataset), content,
                          cite=lambda source, note: citation_marker([registry.number(source, note)]))
values_column, source_column = content.text("as_of.col_values"), content.text("as_of.col_source")
st.dataframe(
    as_of_table, hide_index=True, width="stretch", height="content",
    column_config={
        values_column: st.column_config.TextColumn(values_column, width="medium"),
        source_column: st.column_config.TextColumn(source_column, help=content.text("sources.source_help")),
    },
)

# 3. Caveats -------------------------------------------------------------------------------------
st.header(md_text(dataset, "sources.caveats_header"))
st.subheader(md_text(dataset, "sources.totals_header"))
totals = project_totals(dataset)
six_column, region_column, difference_column = st.columns(3)
six_column.metric(md_text(dataset, "sources.metric_six", as_of=totals.six_as_of), totals.six_total,
                  help=content.text("sources.metric_six_help"))
region_column.metric(md_text(dataset, "sources.metric_region", as_of=totals.region_as_of), totals.region_total,
                     help=content.text("sources.metric_region_help"))
difference_column.metric(md_text(dataset, "sources.metric_difference"), totals.difference,
                         help=content.text("sources.metric_difference_help"))
projects_citation = indicator_citation(dataset, PROJECTS_KEY)
st.markdown(f"{md_escape(totals_explanation(totals, content))} {cite(projects_citation, totals.region_citation)}")
st.markdown(f"{md_text(dataset, 'caveats.projects')} {cite(projects_citation)}")
st.subheader(md_text(dataset, "sources.snapshot_header"))
st.markdown(f"{md_text(dataset, 'caveats.snapshot')} {cite((KOSOVO_CITATION[0], None))}")

st.subheader(md_text(dataset, "sources.regional_header"))
st.caption(md_text(dataset, "sources.regional_caption"))
english_note(dataset, "language.english_facts", regional_facts(dataset.facts))
for fact in regional_facts(dataset.facts).itertuples(index=False):
    st.markdown(
        f"**{md_escape(fact.date)}: {md_escape(fact.title)}**  \n"
        f"{md_escape(fact.statement)} {cite((fact.source_id, fact.footnote))}"
    )

# 4. Boundaries ----------------------------------------------------------------------------------
st.header(md_text(dataset, "sources.boundaries_header"))
boundaries = boundary_source(dataset.sources, content)
st.markdown(md_text(dataset, "sources.boundaries_source", title=boundaries.title, publisher=boundaries.publisher,
                    date=boundaries.date, licence=boundaries.licence) + f" {cite(('natural-earth', None))}")
st.markdown(f"**{md_text(dataset, 'boundaries.simplification_label')}** {md_text(dataset, 'boundaries.simplification')}")
st.info(f"{md_text(dataset, 'boundaries.disclaimer')} {cite(KOSOVO_CITATION)}", icon=":material/info:")

# 5. Bibliography --------------------------------------------------------------------------------
st.header(md_text(dataset, "sources.bibliography_header"))
headers = bibliography_headers(content)
bibliography = bibliography_rows(dataset.sources).rename(columns=headers)
st.caption(md_text(dataset, "sources.bibliography_caption", count=len(bibliography)))
english_note(dataset, "language.english_bibliography")
st.dataframe(bibliography, hide_index=True, width="stretch", placeholder="–",
             column_config={
                 headers["URL"]: st.column_config.LinkColumn(headers["URL"], help=content.text("sources.url_help")),
                 headers["Footnote"]: st.column_config.NumberColumn(headers["Footnote"], format="%d", width="small"),
                 headers["Title"]: st.column_config.TextColumn(headers["Title"], width="large"),
                 headers["Note"]: st.column_config.TextColumn(headers["Note"], width="large"),
             })

# 6. Updating and checking the data --------------------------------------------------------------
st.header(md_text(dataset, "sources.update_header"))
english_note(dataset, "language.english_reference")
st.markdown("\n".join(f"- **{md_escape(item.path)}**: {md_escape(item.holds)}" for item in data_files(dataset)))
st.markdown(md_text(dataset, "sources.validate_intro"))
st.code(VALIDATE_COMMAND, language="sh")
st.markdown(md_text(dataset, "sources.validate_after"))
st.code(PREVIEW_COMMAND, language="sh", wrap_lines=True)
st.markdown(md_text(dataset, "sources.rebuild_intro"))
st.code(REBUILD_BOUNDARIES_COMMAND, language="sh")
with st.expander(content.text("sources.columns_expander")):
    st.dataframe(schema_columns(dataset), hide_index=True, width="stretch")

render_references(dataset, registry)
show_citation(dataset, view_citation(dataset, content.text("cite.sources_title"), dataset.registry.stored(),
                                     [r.source_id for r in registry.references()], "sources", {}))
