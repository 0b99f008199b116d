"""'Cite this view': a citation of exactly what a page shows, as plain text, BibTeX, RIS and CSL-JSON.

A citation names the dashboard, the view (its title and URL), the data's as-of dates, the access date and
the documents the shown values come from. The words come from the content file; this module only
formats them for each citation manager.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from wbdash.citations import is_present, short_title, source_index
from wbdash.content import Content
from wbdash.dataset import Dataset
from wbdash.describe import BOUNDARIES_ID, indicator_as_of
from wbdash.registry import Indicator


@dataclass(frozen=True)
class ViewCitation:
    title: str  # what is shown, e.g. "Chinese projects, all 6 countries, as of May 2023"
    url: str  # the view's own link (absolute when the server's address is known)
    accessed: date
    data_as_of: str  # e.g. "statuses May 2023; Chinese projects 2021"
    sources: tuple[str, ...]  # the documents the shown values come from, as readable references
    content: Content

    @property
    def container(self) -> str:
        return self.content.text("cite.dashboard")

    @property
    def key(self) -> str:
        """A citation key: letters and digits only, stable for the same view and day."""
        words = re.sub(r"[^a-z0-9]+", " ", self.title.lower()).split()[:4]
        return "wbdash" + "".join(w.capitalize() for w in words) + self.accessed.strftime("%Y%m%d")

    def note(self) -> str:
        return self.content.text("cite.note", data_as_of=self.data_as_of, sources="; ".join(self.sources))

    def plain(self) -> str:
        return self.content.text("cite.plain", title=self.title, dashboard=self.container, url=self.url,
                                 data_as_of=self.data_as_of, date=self.accessed.isoformat(),
                                 sources="; ".join(self.sources))

    def bibtex(self) -> str:
        fields = {
            "title": self.title,
            "organization": self.container,
            "howpublished": self.url,
            "url": self.url,
            "urldate": self.accessed.isoformat(),
            "year": str(self.accessed.year),
            "note": self.note(),
        }
        # Links go in as they are (query strings are percent-encoded, so they hold no braces).
        body = ",\n".join(f"  {name} = {{{value if name in ('url', 'howpublished') else _bibtex_escape(value)}}}"
                          for name, value in fields.items())
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [("TY", "ELEC"), ("TI", self.title), ("T2", self.container), ("UR", self.url),
                 ("Y2", self.accessed.strftime("%Y/%m/%d")), ("PY", str(self.accessed.year)), ("N1", self.note()),
                 ("ER", "")]
        return "\n".join(f"{tag}  - {_one_line(value)}".rstrip() for tag, value in lines) + "\n"

    def csl_json(self) -> str:
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "container-title": self.container,
            "URL": self.url,
            "accessed": {"date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]},
            "issued": {"date-parts": [[self.accessed.year]]},
            "note": self.note(),
        }
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"

    def formats(self) -> dict[str, str]:
        """Label -> text, in the order the page offers them."""
        return {"plain": self.plain(), "bibtex": self.bibtex(), "ris": self.ris(), "csl": self.csl_json()}


FILE_EXTENSIONS = {"plain": "txt", "bibtex": "bib", "ris": "ris", "csl": "json"}
MIME_TYPES = {"plain": "text/plain", "bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems",
              "csl": "application/vnd.citationstyles.csl+json"}


def source_references(sources: pd.DataFrame, source_ids: Iterable[str], content: Content) -> tuple[str, ...]:
    """The documents behind the given citations (footnote entries resolve to their document), each as
    title, publisher and date; a document that names no publisher says so instead of guessing one."""
    entries = source_index(sources)
    documents: list[str] = []
    for source_id in source_ids:
        if source_id not in entries:
            continue
        parent = entries[source_id]["parent_id"]
        document = str(parent) if is_present(parent) else str(source_id)
        if document not in documents:
            documents.append(document)
    references = []
    for document in documents:
        reference = short_title(sources, document)
        if not is_present(entries[document]["publisher"]):
            reference = content.text("cite.no_publisher", reference=reference)
        references.append(reference)
    return tuple(references)


def view_url(base: str | None, path: str, query: dict[str, str]) -> str:
    """The view's link: the server's address when known (in the browser), else the path on the server."""
    from urllib.parse import urlencode

    root = (base or "").rstrip("/")
    if root.endswith("/" + path.strip("/")) and path.strip("/"):
        root = root[: -len(path.strip("/")) - 1]
    link = f"{root}/{path.strip('/')}" if path.strip("/") else f"{root}/"
    return f"{link}?{urlencode(query)}" if query else link


def _bibtex_escape(text: str) -> str:
    """Characters that BibTeX or LaTeX would read as syntax, written literally."""
    replacements = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(replacements.get(ch, ch) for ch in _one_line(text))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def citation_for(dataset: Dataset, title: str, indicators: Iterable[Indicator], source_ids: Iterable[str],
                 url: str, accessed: date) -> ViewCitation:
    """The citation of a view showing `indicators` (for the as-of dates) whose values cite `source_ids`."""
    content = dataset.content
    dates = [content.text("values.as_of_of", as_of=indicator_as_of(dataset, i), label=i.short_label)
             for i in dict.fromkeys(indicators)]
    return ViewCitation(title=title, url=url, accessed=accessed, data_as_of="; ".join(dates),
                        sources=source_references(dataset.sources, source_ids, content), content=content)


def shown_sources(dataset: Dataset, indicators: Iterable[Indicator], codes: Iterable[str]) -> list[str]:
    """The source ids of the shown countries' values of these indicators, and the boundaries' source."""
    rows = dataset.countries[dataset.countries["iso2"].isin(list(codes))]
    ids: list[str] = []
    for indicator in indicators:
        for basis in dataset.registry.inputs(indicator):
            if basis.columns is not None:
                ids += [str(v) for v in rows[basis.columns.source] if is_present(v)]
    return [*dict.fromkeys(ids), BOUNDARIES_ID]
